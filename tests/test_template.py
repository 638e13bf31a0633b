"""The questionnaire template: what it looks like, that it is reproducible, and that a filled
one is read back correctly, also after rows were inserted and columns moved."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_ingest_support import QUESTIONS, cli_in_process, fill_template, snapshot

from bimmaturity.ingest import collect, pseudonym
from bimmaturity.input.grid import a1, load_sheets
from bimmaturity.input.readers.template import looks_template, questions_table, read_template
from bimmaturity.instrument import default_instrument
from bimmaturity.questionnaire import level_choices, write_templates

INSTRUMENT = default_instrument()
ZEELAND = "zelfevaluatie_bim_zeeland_2022.xlsx"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    write_templates(out, ["Zeeland", "Fryslân"], "2022")
    return out


@pytest.fixture
def zeeland(templates: Path):
    workbook = openpyxl.load_workbook(templates / ZEELAND)
    yield workbook
    workbook.close()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


# ----------------------------------------------------------------------------- writing
def test_one_workbook_per_province_and_an_empty_cost_table(tmp_path: Path):
    written = write_templates(tmp_path)
    names = sorted(p.name for p in written)
    assert len(names) == 13
    assert "kosten.xlsx" in names
    assert "zelfevaluatie_bim_fryslan.xlsx" in names
    assert "zelfevaluatie_bim_noord-brabant.xlsx" in names


def test_templates_are_byte_for_byte_reproducible(tmp_path: Path, templates: Path):
    write_templates(tmp_path, ["Zeeland", "Fryslân"], "2022")
    assert _digests(tmp_path) == _digests(templates)
    # writing again into the same folder changes nothing and is allowed
    write_templates(tmp_path, ["Zeeland", "Fryslân"], "2022")
    assert _digests(tmp_path) == _digests(templates)


def test_a_filled_in_template_or_cost_table_is_never_overwritten(tmp_path: Path, templates):
    write_templates(tmp_path, ["Zeeland"], "2022")
    filled = fill_template(tmp_path / ZEELAND, tmp_path / ZEELAND)
    (tmp_path / "kosten.xlsx").write_bytes(b"filled in by the analyst")
    before = snapshot(tmp_path)
    with pytest.raises(ValueError, match="wordt niet overschreven"):
        write_templates(tmp_path, ["Zeeland", "Utrecht"], "2022")
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "zelfevaluatie_bim_utrecht_2022.xlsx").exists()
    assert filled.is_file()


def test_template_command(tmp_path: Path):
    code, out, _ = cli_in_process(
        ["template", "--out", str(tmp_path / "t"), "--province", "Zeeland", "--province", "NB"],
        tmp_path,
    )
    assert code == 0
    assert out.startswith("2 vragenlijst(en) geschreven naar")
    assert "kosten.xlsx" in out
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "kosten.xlsx",
        "zelfevaluatie_bim_noord-brabant.xlsx",
        "zelfevaluatie_bim_zeeland.xlsx",
    ]
    code, _, err = cli_in_process(["template", "--out", str(tmp_path), "--province", "X"], tmp_path)
    assert code == 1
    assert "onbekende provincie(s): 'X'" in err


def test_sheets_protection_and_frozen_headers(zeeland):
    assert zeeland.sheetnames == ["Instructies", "Gegevens", "Vragen", "Rollen en toelichting"]
    assert zeeland.security.lockStructure
    for sheet in zeeland.worksheets:
        assert sheet.protection.sheet, sheet.title
    assert zeeland["Vragen"].freeze_panes == "A5"
    assert zeeland["Rollen en toelichting"].freeze_panes == "A4"
    widths = {k: v.width for k, v in zeeland["Vragen"].column_dimensions.items()}
    assert widths == {"A": 12, "B": 70, "C": 22, "D": 22, "E": 45}


def test_questions_sheet_has_drop_downs_on_every_answer_cell(zeeland):
    sheet = zeeland["Vragen"]
    header = [c.value for c in sheet[4]]
    assert header == ["Code", "Vraag", "Huidige situatie", "Ambitie", "Toelichting"]
    codes = {
        row[0].value: row[0].row for row in sheet.iter_rows(min_row=5) if row[0].value in QUESTIONS
    }
    assert list(codes) == QUESTIONS
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == (
        '"1 - Initieel,2 - Gedefinieerd,3 - Beheerst,4 - Geïntegreerd,5 - Geoptimaliseerd,n.v.t."'
    )
    assert validation.showErrorMessage
    covered = {a1(r - 1, c - 1) for rng in validation.sqref.ranges for r, c in rng.cells}
    expected = {f"{col}{row}" for row in codes.values() for col in "CD"}
    assert covered == expected
    for row in codes.values():
        assert not sheet[f"C{row}"].protection.locked
        assert not sheet[f"E{row}"].protection.locked
        assert sheet[f"A{row}"].protection.locked
    # element headings group the questions
    assert sheet["A5"].value == "VISIE - Visie en strategie"


def test_details_roles_and_instructions(zeeland):
    details = {row[0].value: row[1].value for row in zeeland["Gegevens"].iter_rows(min_row=3)}
    assert details == {
        "Provincie": "Zeeland",
        "Rol van de invuller": None,
        "Datum": None,
        "Meting": "2022",
        "Naam (optioneel)": None,
    }
    roles = zeeland["Rollen en toelichting"]
    assert [c.value for c in roles[3]] == [
        "Element",
        "Omschrijving",
        "Rol van uw provincie",
        "Toelichting",
    ]
    assert [roles.cell(row=r, column=1).value for r in range(4, 15)] == INSTRUMENT.element_ids
    [validation] = roles.data_validations.dataValidation
    assert validation.formula1 == '"Trekken,Meedoen,Volgen,Geen interesse"'
    text = " ".join(
        str(v) for row in zeeland["Instructies"].iter_rows(values_only=True) for v in row if v
    )
    for level in INSTRUMENT.scale.levels:
        assert level.label in text and level.description in text
    for role in INSTRUMENT.collaboration_roles:
        assert role.description in text
    assert "n.v.t." in text and "pseudoniem" in text


def test_level_choices_parse_back_to_their_levels():
    parsed = [INSTRUMENT.parse_level(choice) for choice in level_choices(INSTRUMENT)]
    assert parsed == [1, 2, 3, 4, 5, None]


# ----------------------------------------------------------------------------- reading back
def _collect(raw: Path):
    return collect(raw, salt="zout", default_wave="9")


def test_filled_template_reads_back(tmp_path: Path, templates: Path):
    answers = {
        q: (f"{1 + i % 5} - {INSTRUMENT.level_label(1 + i % 5)}", 5)
        for i, q in enumerate(QUESTIONS)
    }
    answers["OTL-2"] = ("n.v.t.", None)
    fill_template(
        templates / ZEELAND,
        tmp_path / "raw/2022/zeeland.xlsx",
        answers,
        details={"Rol van de invuller": "BIM-regisseur", "Datum": datetime(2022, 3, 1)},
        roles={"OTL": "Trekken", "UITV": "Geen interesse"},
        comments={"OTL": "Graag samen."},
    )
    collected = _collect(tmp_path / "raw")
    assert [str(i) for i in collected.issues] == []
    frame = collected.answers
    assert len(frame) == len(QUESTIONS)
    assert set(frame["province"]) == {"PV29"} and set(frame["wave"]) == {"2022"}
    assert frame["respondent"].unique().tolist() == [pseudonym("province:PV29", "zout")]
    by_question = frame.set_index("question")
    assert by_question.loc["VISIE-2", "current"] == 2
    assert by_question.loc["VISIE-2", "ambition"] == 5
    assert pd.isna(by_question.loc["OTL-2", "current"])
    assert by_question.loc["VISIE-1", "source_cell"] == "C6, D6"
    assert by_question.loc["VISIE-1", "source_sheet"] == "Vragen"
    roles = collected.roles.set_index("element")["role"].to_dict()
    assert roles == {"OTL": "trekken", "UITV": "niet"}
    assert collected.comments["text"].tolist() == ["Graag samen."]
    [entry] = collected.manifest["inputs"]
    assert entry["layout"] == "template"
    assert entry["sheets"][0]["rows"] == len(QUESTIONS) + len(INSTRUMENT.element_ids)
    assert entry["sheets"][0]["sheets"] == [
        "Instructies",
        "Gegevens",
        "Vragen",
        "Rollen en toelichting",
    ]


def _rearrange(path: Path) -> None:
    """What a province might do: unprotect, add rows above the table, move columns around,
    add a comment per question."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Vragen"]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_col=5)]
    workbook.remove(sheet)
    new = workbook.create_sheet("Vragen (bewerkt)", 2)
    for _ in range(3):
        new.append(["ingevuld door het team assetmanagement"])
    order = [3, 1, 2, 4, 0]  # Ambitie, Vraag, Huidige situatie, Toelichting, Code
    for row in rows:
        new.append([row[i] for i in order])
    new.cell(row=9, column=4, value="toelichting bij VISIE-1")
    workbook.save(path)
    workbook.close()


def test_rows_inserted_and_columns_reordered_still_read(tmp_path: Path, templates: Path):
    path = fill_template(
        templates / ZEELAND,
        tmp_path / "raw/2022/zeeland.xlsx",
        {"VISIE-1": (2, 4), "KETEN-3": ("1 - Initieel", "Beheerst")},
    )
    _rearrange(path)
    sheets = load_sheets(path)
    table = questions_table(next(s for s in sheets if s.name == "Vragen (bewerkt)"))
    assert table is not None and (table.header, table.code, table.current) == (6, 4, 2)
    collected = _collect(tmp_path / "raw")
    assert [str(i) for i in collected.issues if i.is_error] == []
    frame = collected.answers.set_index("question")
    assert frame.loc["VISIE-1", ["current", "ambition"]].tolist() == [2, 4]
    assert frame.loc["KETEN-3", ["current", "ambition"]].tolist() == [1, 3]
    assert frame.loc["VISIE-1", "source_cell"] == "C9, A9"
    assert collected.comments["text"].tolist() == ["VISIE-1: toelichting bij VISIE-1"]
    workbook = openpyxl.load_workbook(path)
    assert workbook["Vragen (bewerkt)"]["C9"].value == 2  # the reference points at the cell
    assert workbook["Vragen (bewerkt)"]["E9"].value == "VISIE-1"
    workbook.close()


def test_named_templates_are_people_and_the_latest_counts(tmp_path: Path, templates: Path):
    source = templates / ZEELAND
    raw = tmp_path / "raw"
    first = {"Naam (optioneel)": "Wietske Zwanenburg", "Datum": datetime(2022, 3, 1)}
    again = {"Naam (optioneel)": "wietske zwanenburg ", "Datum": datetime(2022, 3, 8)}
    other = {"Naam (optioneel)": "Gerrit Oudemolen", "Datum": datetime(2022, 3, 2)}
    fill_template(source, raw / "2022/a.xlsx", {"VISIE-1": (1, 2)}, details=first)
    fill_template(source, raw / "2022/b.xlsx", {"VISIE-1": (2, 3)}, details=again)
    fill_template(source, raw / "2022/c.xlsx", {"VISIE-1": (4, 5)}, details=other)
    collected = _collect(raw)
    frame = collected.answers
    assert frame["respondent"].nunique() == 2
    assert sorted(frame["current"].dropna().tolist()) == [2, 4]
    superseded = [str(i) for i in collected.issues if "vervangen" in i.message]
    assert superseded == [
        "2022/a.xlsx, blad Vragen, rij 4: inzending (1 beantwoorde vragen) vervangen door een "
        "latere van dezelfde respondent (2022/b.xlsx, rij 4); alleen de laatste telt"
    ]
    assert pseudonym("name:PV29:wietske zwanenburg", "zout") in set(frame["respondent"])


def test_two_identical_templates_of_one_province_count_once(tmp_path: Path, templates: Path):
    source = templates / ZEELAND
    fill_template(source, tmp_path / "raw/2022/a.xlsx")
    fill_template(source, tmp_path / "raw/2022/b.xlsx")
    collected = _collect(tmp_path / "raw")
    assert len(collected.answers) == len(QUESTIONS)
    assert [str(i) for i in collected.issues] == [
        f"2022/b.xlsx, blad Vragen, cel C6: {2 * len(QUESTIONS)} antwoord(en) van dezelfde "
        "respondent (of "
        "dezelfde provincie) staan ook, met dezelfde waarde, in 2022/a.xlsx; één keer geteld"
    ]


def test_template_and_tidy_table_of_one_province_are_one_respondent(tmp_path, templates):
    raw = tmp_path / "raw"
    fill_template(templates / ZEELAND, raw / "2022/a.xlsx", {"VISIE-1": (2, 3)})
    (raw / "2022/b.csv").write_text(
        "provincie;vraag;huidig;ambitie\nZeeland;VISIE-2;4;5\n", encoding="utf-8"
    )
    collected = _collect(raw)
    assert [i.message for i in collected.issues] == [
        f"respondent heeft maar 2 van {len(QUESTIONS)} vragen (huidige situatie) beantwoord"
    ]
    frame = collected.answers
    assert frame["respondent"].nunique() == 1 and len(frame) == len(QUESTIONS)
    answered = frame.dropna(subset=["current"]).set_index("question")
    assert answered["current"].to_dict() == {"VISIE-1": 2, "VISIE-2": 4}
    assert answered.loc["VISIE-2", "source_cell"] == "2022/b.csv C2, 2022/b.csv D2"


def test_empty_template_is_reported_and_skipped(tmp_path: Path, templates: Path):
    fill_template(templates / ZEELAND, tmp_path / "raw/2022/leeg.xlsx", {})
    collected = _collect(tmp_path / "raw")
    assert collected.answers.empty
    assert [str(i) for i in collected.issues] == [
        "2022/leeg.xlsx, blad Vragen: lege vragenlijst (niets ingevuld); overgeslagen"
    ]


def test_template_without_wave_takes_the_folder(tmp_path: Path):
    write_templates(tmp_path / "t", ["Fryslân"])
    fill_template(tmp_path / "t/zelfevaluatie_bim_fryslan.xlsx", tmp_path / "raw/2024/f.xlsx", None)
    collected = _collect(tmp_path / "raw")
    assert set(collected.answers["wave"]) == {"2024"}
    assert set(collected.answers["province"]) == {"PV21"}


def test_reader_functions_on_their_own(templates: Path):
    sheets = load_sheets(templates / ZEELAND)
    assert looks_template(sheets)
    assert looks_template(next(s for s in sheets if s.name == "Vragen"))
    assert not looks_template(next(s for s in sheets if s.name == "Gegevens"))
    result = read_template(sheets, INSTRUMENT, file="z.xlsx")
    assert result.submissions == []  # nothing filled in
    assert [i.message for i in result.issues] == ["lege vragenlijst (niets ingevuld); overgeslagen"]


def test_cost_table_round_trip(tmp_path: Path, templates: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    workbook = openpyxl.load_workbook(templates / "kosten.xlsx")
    sheet = workbook["kosten"]
    assert [c.value for c in sheet[1]][:5] == [
        "element",
        "cost_alone",
        "cost_joint",
        "upkeep_alone",
        "upkeep_joint",
    ]
    n_elements = len(INSTRUMENT.element_ids)
    rows = range(2, 2 + n_elements)
    assert [sheet.cell(row=r, column=1).value for r in rows] == INSTRUMENT.element_ids
    assert sheet.cell(row=2 + n_elements, column=1).value is None
    empty = _collect_costs(templates / "kosten.xlsx", raw)
    assert empty.costs.empty
    assert {i.cell for i in empty.issues if i.is_error} >= {"B2", "C2"}
    for row in range(2, 2 + n_elements):
        sheet.cell(row=row, column=2, value=100_000)
        sheet.cell(row=row, column=3, value=150_000)
    workbook.save(raw / "kosten.xlsx")
    workbook.close()
    filled = collect(raw, salt="zout")
    assert len(filled.costs) == n_elements
    assert filled.costs["cost_joint"].tolist() == [150_000.0] * n_elements


def _collect_costs(source: Path, raw: Path):
    (raw / "kosten.xlsx").write_bytes(source.read_bytes())
    return collect(raw, salt="zout")


def test_rows_that_are_no_question(tmp_path: Path, templates: Path):
    path = fill_template(templates / ZEELAND, tmp_path / "raw/2022/z.xlsx", {"VISIE-1": (2, 3)})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Vragen"]
    sheet.append(["VISIE-9", "een vraag die niet meer bestaat", None, None])
    sheet.append(["Opmerking", "zonder antwoord", None, None])
    sheet.append(["VISIE-8", "wel beantwoord", "3", None])
    sheet.append([None, "antwoord zonder code", None, "Beheerst"])
    workbook.save(path)
    workbook.close()
    collected = _collect(tmp_path / "raw")
    assert [str(i) for i in collected.issues if i.is_error] == [
        "2022/z.xlsx, blad Vragen, cel A51: 'VISIE-8' is geen vraagcode van het instrument; "
        "toegestaan: VISIE-1 .. KETEN-3; rij niet gelezen (huidig '3')",
        "2022/z.xlsx, blad Vragen, cel A52: antwoord zonder vraagcode; toegestaan: VISIE-1 .. "
        "KETEN-3; rij niet gelezen (ambitie 'Beheerst')",
    ]
