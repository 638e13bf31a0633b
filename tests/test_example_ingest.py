"""The example data set: reproducible bytes, and it ingests into the documented tidy shapes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bimmaturity.example import write_example
from bimmaturity.ingest import ANSWER_COLUMNS, COMMENT_COLUMNS, ROLE_COLUMNS
from bimmaturity.input.discover import find_inputs


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_example_is_byte_for_byte_reproducible(tmp_path: Path, example_raw: Path):
    write_example(tmp_path)
    assert _digests(tmp_path) == _digests(example_raw)
    assert sorted(_digests(tmp_path)) == [
        "2018/Roadmap_BIM_Provincies_2018.xlsx",
        "2018/zelfevaluatie_limburg_2018.csv",
        "2018/zelfevaluatie_zeeland_2018.csv",
        "2020/Roadmap_BIM_Provincies_2020.xlsx",
        "2020/zelfevaluatie_zeeland_2020.csv",
        "kosten.csv",
    ]


def test_example_inputs_are_found_with_their_waves(example_raw: Path):
    inputs = find_inputs(example_raw)
    assert [(p.name, w) for p, w in inputs.exports] == [
        ("Roadmap_BIM_Provincies_2018.xlsx", "2018"),
        ("zelfevaluatie_limburg_2018.csv", "2018"),
        ("zelfevaluatie_zeeland_2018.csv", "2018"),
        ("Roadmap_BIM_Provincies_2020.xlsx", "2020"),
        ("zelfevaluatie_zeeland_2020.csv", "2020"),
    ]
    assert inputs.costs is not None and inputs.costs.name == "kosten.csv"


def test_example_ingests_cleanly(example_data):
    answers = example_data.answers
    assert list(answers.columns) == ANSWER_COLUMNS
    assert list(example_data.roles.columns) == ROLE_COLUMNS
    assert list(example_data.comments.columns) == COMMENT_COLUMNS
    assert example_data.waves == ["2018", "2020"]
    assert sorted(answers["province"].unique()) == [f"PV{n}" for n in range(20, 32)]
    per_province = answers.groupby(["wave", "province"])["respondent"].nunique()
    assert per_province.between(2, 6).all()
    # every respondent answered every question (some with a missing word)
    n_questions = len(example_data.instrument.question_ids)
    assert (answers.groupby(["wave", "respondent"]).size() == n_questions).all()
    assert example_data.issues.empty
    assert example_data.is_example
    assert example_data.manifest["counts"]["waves"] == ["2018", "2020"]
    assert len(example_data.costs) == len(example_data.instrument.element_ids)


def test_source_cells_point_at_the_answer(example_raw: Path, example_data):
    import openpyxl

    from bimmaturity.instrument import default_instrument

    instrument = default_instrument()
    row = example_data.answers[
        (example_data.answers["source_file"] == "2018/Roadmap_BIM_Provincies_2018.xlsx")
        & example_data.answers["current"].notna()
    ].iloc[0]
    current_cell = row["source_cell"].split(", ")[0]
    workbook = openpyxl.load_workbook(example_raw / row["source_file"])
    sheet = workbook["Form1"]
    assert instrument.parse_level(sheet[current_cell].value) == row["current"]
    header = sheet[f"{''.join(c for c in current_cell if c.isalpha())}1"].value
    workbook.close()
    assert header.startswith(f"{row['question']} Huidige situatie")


def test_no_names_or_addresses_in_processed(example_raw: Path, example_processed: Path):
    import pandas as pd

    forms = pd.read_excel(example_raw / "2018/Roadmap_BIM_Provincies_2018.xlsx", engine="calamine")
    secrets = set(forms["E-mail"]) | set(forms["Naam"])
    assert len(secrets) > 20
    for path in example_processed.iterdir():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        leaked = [s for s in secrets if s in text]
        assert leaked == [], f"{path.name} holds {leaked[:3]}"
