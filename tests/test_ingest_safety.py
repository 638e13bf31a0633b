"""Never modified, never leaked (never half-written: see test_store.py).

- raw files: bytes and modification times are the same after any ingest (also a failed one);
- privacy: no name or e-mail address of any layout reaches data/processed, the console output
  or an error message, also when a name sits in the wrong column.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from test_ingest_support import (
    FORMS_META_EN,
    QUESTIONS,
    answer_headers,
    cli_in_process,
    fill_template,
    forms_row,
    forms_sheet,
    person,
    snapshot,
    tidy_rows,
    write_csv,
    write_xlsx,
)

from bimmaturity.ingest import collect, ingest
from bimmaturity.questionnaire import write_templates
from bimmaturity.store import load_processed


# ----------------------------------------------------------------------------- privacy
def _people_folder(raw: Path, templates: Path) -> list[str]:
    """Every layout with names and addresses in it, some of them in the wrong place.
    Returns the secrets (names and e-mail addresses)."""
    secrets: list[str] = []
    rows = []
    for index in range(1, 5):
        name, email = person(index, "Zeeland")
        secrets += [name, email]
        answers = [3, 4] * len(QUESTIONS)
        if index == 2:
            answers[4] = name  # a name typed into an answer cell
        if index == 3:
            answers[5] = email
        rows.append(forms_row(index, "Zeeland", answers, email=email, name=name))
    name, email = person(5, "Utrecht")
    secrets += [name, email]
    rows.append(forms_row(5, email, email=email, name=name))  # the address as province
    name, email = person(6, "Utrecht")
    secrets += [name, email]
    rows.append(forms_row(6, name, email=email, name=name))  # the name as province
    write_xlsx(raw / "2020/Form1.xlsx", {"Form1": forms_sheet(rows)})

    english = [[*FORMS_META_EN, "Province", *answer_headers(QUESTIONS[:2])]]
    for index in (7, 8):
        name, email = person(index, "Limburg")
        secrets += [name, email]
        moment = datetime(2020, 5, index)
        english.append([index, moment, moment, email, name, moment, "Limburg", 1, 2, 2, 3])
    write_xlsx(raw / "2020/english.xlsx", {"Sheet1": english})

    google = [["Tijdstempel", "E-mailadres", "Provincie", *answer_headers(QUESTIONS[:1])]]
    name, email = person(9, "Drenthe")
    secrets.append(email)
    google.append(["5-3-2020 10:11:12", email, "Drenthe", "2", "3"])
    google.append(["6-3-2020 10:11:12", email.upper(), "Drenthe", "3", email])
    write_csv(raw / "2020/google.csv", google, delimiter=",")

    name, email = person(10, "Fryslân")
    secrets.append(name)
    fill_template(
        templates / "zelfevaluatie_bim_fryslan_2020.xlsx",
        raw / "2020/fryslan.xlsx",
        {"VISIE-1": (name, 3), "VISIE-2": (2, 3)},
        details={"Naam (optioneel)": name},
    )
    name, _ = person(11, "Groningen")
    secrets.append(name)
    tidy = tidy_rows("Groningen", name)
    tidy[3][3] = name
    write_csv(raw / "2020/groningen.csv", tidy)
    return secrets


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("people")
    write_templates(base / "templates", ["Fryslân"], "2020")
    secrets = _people_folder(base / "raw", base / "templates")
    return base, secrets


def _leaks(text: str, secrets: list[str]) -> list[str]:
    lowered = text.casefold()
    return [s for s in secrets if s.casefold() in lowered]


def test_names_and_addresses_never_reach_errors_or_outputs(people, tmp_path: Path):
    base, secrets = people
    raw = base / "raw"
    before = snapshot(raw)
    code, out, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p")], tmp_path
    )
    assert code == 1
    assert _leaks(out + err, secrets) == []
    assert err.count("(naam of e-mailadres; niet getoond)") == 7, err
    code, out, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--lenient"], tmp_path
    )
    assert code == 0, err
    assert _leaks(out + err, secrets) == []
    for path in (tmp_path / "p").iterdir():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        assert _leaks(text, secrets) == [], path.name
    processed = load_processed(tmp_path / "p")
    assert processed.answers["respondent"].str.fullmatch(r"R-[0-9a-f]{10}").all()
    assert len(processed.lenient_errors) == 7
    assert snapshot(raw) == before


def test_every_layout_of_the_privacy_folder_was_read(people):
    base, _ = people
    collected = collect(base / "raw", salt="zout")
    layouts = {i["path"]: i["layout"] for i in collected.manifest["inputs"]}
    assert layouts == {
        "2020/Form1.xlsx": "wide",
        "2020/english.xlsx": "wide",
        "2020/fryslan.xlsx": "template",
        "2020/google.csv": "wide",
        "2020/groningen.csv": "tidy",
    }
    assert set(collected.answers["province"]) == {"PV29", "PV31", "PV22", "PV21", "PV20"}


# ----------------------------------------------------------------------------- raw untouched
def test_raw_exports_are_never_modified(example_raw: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(example_raw, raw, copy_function=shutil.copy2)
    write_xlsx(raw / "2020/kapot.xlsx", {"Form1": forms_sheet([forms_row(1, "Atlantis")])})
    before = snapshot(raw)
    with pytest.raises(Exception, match="fout"):
        ingest(raw, tmp_path / "p", salt_path=tmp_path / "salt")
    ingest(raw, tmp_path / "p", salt_path=tmp_path / "salt", lenient=True)
    assert snapshot(raw) == before
