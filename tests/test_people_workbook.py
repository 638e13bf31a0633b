"""The result tables for people (``reports/tabellen.xlsx``): read back with openpyxl."""

from __future__ import annotations

import dataclasses
import datetime

import openpyxl
import pandas as pd
import pytest

from bimmaturity.analysis import analyse, tables_from
from bimmaturity.issues import ISSUE_COLUMNS
from bimmaturity.present.workbook import MAX_WIDTH, people_tables, write_people_tables
from bimmaturity.vocab import WORKBOOK_HEADERS

SHEETS = [
    "Toelichting",
    "Scores per element",
    "Totaalscore",
    "Betrouwbaarheid",
    "Rollen en posities",
    "Kansrijke elementen",
    "Gapclusters",
    "Business case",
    "Kostenverdeling",
    "Voortgang",
    "Meldingen bij inlezen",
]
HOSTILE = pd.DataFrame(
    [
        ['=HYPERLINK("http://x","klik")', "+Blad1", "@A1", "error", "=SUM(1,2)"],
        ["2020/Zeeland.xlsx", "Vragen", "C7", "warning", "ambitie lager dan huidig"],
    ],
    columns=ISSUE_COLUMNS,
)


@pytest.fixture(scope="module")
def result(example_data):
    return analyse(example_data)


@pytest.fixture(scope="module")
def machine(result):
    return tables_from(result, HOSTILE)


@pytest.fixture(scope="module")
def book(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("people") / "tabellen.xlsx"
    written = write_people_tables(
        result, HOSTILE, path, wave="2020", is_example=True, built=datetime.date(2026, 11, 30)
    )
    assert written == path
    return openpyxl.load_workbook(path)


def _column(sheet, header: str) -> list[object]:
    headers = [cell.value for cell in sheet[1]]
    position = headers.index(header) + 1
    return [
        row[0]
        for row in sheet.iter_rows(min_row=2, min_col=position, max_col=position, values_only=True)
    ]


def test_sheets_in_order(book):
    assert book.sheetnames == SHEETS


def test_scores_headers_names_and_formats(book, machine):
    sheet = book["Scores per element"]
    assert [cell.value for cell in sheet[1]] == [
        "Meting", "Provinciecode", "Provincie", "Elementcode", "Element", "Huidig", "Ambitie",
        "Gat", "Respondenten", "Interval laag (90%)", "Interval hoog (90%)", "Spreiding",
        "Overeenstemming", "Bereikt niveau", "Naam niveau", "Opmerking",
    ]  # fmt: skip
    first = [cell.value for cell in sheet[2]]
    assert first[:5] == [2018, "PV20", "Groningen", "VISIE", "Visie en strategie"]
    assert first[13:] == [1, "Initieel", None]
    current = sheet["F2"]
    # the number itself, not rounded to the shown decimal: openpyxl writes 16 significant
    # digits, so the last bit of a double may differ (which bit depends on the salt's order)
    assert current.value == pytest.approx(machine["scores"].loc[0, "current"], rel=1e-15, abs=0)
    assert current.value != round(current.value, 1)
    assert round(current.value, 4) == 1.6111
    assert current.number_format == "0.0"
    assert sheet["H2"].number_format == "+0.0;−0.0;0.0"  # the gap, signed
    assert sheet["M2"].number_format == "0.00"  # agreement
    assert sheet["I2"].number_format == "0"
    assert sheet["A1"].font.bold and sheet["P1"].font.bold


def test_names_beside_codes_where_the_machine_table_has_codes_only(book, machine):
    roles = book["Rollen en posities"]
    assert [cell.value for cell in roles[1]][:7] == [
        "Meting", "Provinciecode", "Provincie", "Elementcode", "Element", "Opgegeven rol",
        "Positie",
    ]  # fmt: skip
    codes, names = _column(roles, "Provinciecode"), _column(roles, "Provincie")
    assert dict(zip(codes, names, strict=True))["PV21"] == "Fryslân"
    assert set(_column(roles, "Positie")) <= {"Koploper", "Starter", "Middenveld"}
    assert set(_column(roles, "Opgegeven rol")) <= {
        "Trekken", "Meedoen", "Volgen", "Geen interesse", None,
    }  # fmt: skip
    shares = book["Kostenverdeling"]
    assert set(_column(shares, "Verdeelsleutel")) == {"Gelijke delen", "Naar inwonertal", "Gemengd"}
    assert shares["G2"].number_format == "0%"
    assert shares["H2"].number_format == '"€ "#,##0;"€ −"#,##0'


def test_booleans_read_ja_nee(book, machine):
    kansrijk = _column(book["Kansrijke elementen"], "Kansrijk")
    assert set(kansrijk) == {"ja", "nee"}
    assert kansrijk.count("ja") == int(machine["opportunities"]["kansrijk"].sum())
    proposed = _column(book["Kansrijke elementen"], "Voorgestelde deal")
    assert proposed.count("ja") == int(machine["opportunities"]["proposed"].sum()) == 8
    attained = _column(book["Voortgang"], "Ambitie gehaald")
    assert set(attained) <= {"ja", "nee", None} and "ja" in attained


def test_frozen_panes_filters_and_widths(book, machine):
    scores = book["Scores per element"]
    assert scores.freeze_panes == "D2"  # header row, and round, code and province name
    assert scores.auto_filter.ref == "A1:P265"
    assert book["Kostenverdeling"].freeze_panes == "D2"  # round, element code and name
    assert book["Voortgang"].freeze_panes == "E2"
    assert book["Meldingen bij inlezen"].freeze_panes == "A2"
    assert book["Meldingen bij inlezen"].auto_filter.ref == "A1:E3"
    longest = max(len(name) for name in _column(scores, "Element"))
    assert scores.column_dimensions["E"].width == longest + 2
    assert scores.column_dimensions["A"].width < scores.column_dimensions["E"].width
    for sheet in book.worksheets[1:]:
        for letter, dimension in sheet.column_dimensions.items():
            assert 8 <= dimension.width <= MAX_WIDTH, (sheet.title, letter)
    assert scores.print_title_rows == "$1:$1"  # the header on every printed page


def test_every_row_and_column_of_the_machine_tables(book, machine, result):
    added = {  # names beside codes: province, element, level
        "scores": 2, "overall": 0, "reliability": 1, "roles": 2, "opportunities": 1,
        "clusters": 1, "businesscase": 1, "shares": 2, "progress": 2, "issues": 0,
    }  # fmt: skip
    people = people_tables(machine, result.instrument)
    assert list(people) == SHEETS[1:]
    for (name, table), title in zip(machine.items(), SHEETS[1:], strict=True):
        sheet = book[title]
        assert sheet.max_row - 1 == len(table) == len(people[title]), name
        assert sheet.max_column == len(table.columns) + added[name] == people[title].shape[1]
        headers = iter(cell.value for cell in sheet[1])
        # every machine column, by its Dutch header, in the machine order
        assert all(WORKBOOK_HEADERS[column] in headers for column in table.columns), name
    assert len(machine["progress"]) == 132 and len(machine["shares"]) == 432


def test_machine_tables_and_analysis_unchanged(result, machine, book):
    again = tables_from(result, HOSTILE)
    for name, table in machine.items():
        pd.testing.assert_frame_equal(table, again[name])
    assert machine["opportunities"]["kansrijk"].dtype == bool
    assert list(machine["issues"]["severity"]) == ["error", "warning"]


def test_supplier_text_never_becomes_a_formula(book):
    sheet = book["Meldingen bij inlezen"]
    cells = sheet[2]
    assert [cell.data_type for cell in cells] == ["s"] * 5
    assert [cell.value for cell in cells] == [
        "'=HYPERLINK(\"http://x\",\"klik\")", "'+Blad1", "'@A1", "fout", "'=SUM(1,2)",
    ]  # fmt: skip
    assert [cell.value for cell in sheet[3]] == [
        "2020/Zeeland.xlsx", "Vragen", "C7", "waarschuwing", "ambitie lager dan huidig",
    ]  # fmt: skip


def test_explanation_sheet(book, machine):
    sheet = book["Toelichting"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert sheet["A1"].value == "Resultaten zelfevaluatie BIM-volwassenheid van de provincies"
    assert sheet["A2"].value.startswith("Voorbeelddata - fictief.")
    assert rows["Metingen in dit bestand"][0] == "2018 en 2020"
    assert rows["Rapportages over meting"][0] == "2020"
    built = sheet["B5"]
    assert sheet["A5"].value == "Gemaakt op"
    assert built.value == datetime.datetime(2026, 11, 30) and built.number_format == "d mmmm yyyy"
    for (name, table), title in zip(machine.items(), SHEETS[1:], strict=True):
        assert rows[title][1] == len(table), name
        assert rows[title][0]  # a description
    link = next(cell for cell in sheet["A"] if cell.value == "Voortgang")
    assert link.hyperlink.location == "'Voortgang'!A1"
    assert rows["Koploper"][0] == "Een provincie met een huidig niveau van minstens 3,5."
    assert rows["Niveau"][0].startswith("De schaal loopt van 1 (Initieel) tot 5 (Geoptimaliseerd).")
    assert rows["Discontovoet per jaar"][0] == "2,25%"


def test_real_data_is_not_called_fictitious(result, tmp_path):
    tables = ["scores", "overall", "reliability", "roles", "opportunities", "clusters"]
    tables += ["businesscase", "shares", "progress"]
    small = dataclasses.replace(result, **{name: getattr(result, name).head(3) for name in tables})
    path = write_people_tables(small, HOSTILE.iloc[:0], tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path)["Toelichting"]
    texts = [cell.value for cell in sheet["A"] if isinstance(cell.value, str)]
    assert not any("fictief" in text for text in texts)
    assert "Rapportages over meting" not in texts
    assert sheet["B2"].value == "2018"  # the rounds of the analysis given
    assert sheet["A3"].value == "Gemaakt op"
    assert sheet["B3"].value.date() == datetime.date.today()
    assert openpyxl.load_workbook(path)["Meldingen bij inlezen"].max_row == 1


def test_unknown_codes_keep_their_code_and_get_no_name(result):
    table = pd.DataFrame(
        {
            "province": ["PV99", "PV20", None],
            "element": ["XX", "OTL", None],
            "level": pd.array([0, 5, None], dtype="Int64"),
            "position": ["onbekend", "koploper", None],
            "proposed": pd.array([True, False, None], dtype="boolean"),
        }
    )
    before = table.copy()
    people = people_tables({"roles": table}, result.instrument)["Rollen en posities"]
    assert people.iloc[:2].to_dict("list") == {
        "Provinciecode": ["PV99", "PV20"],
        "Provincie": [None, "Groningen"],
        "Elementcode": ["XX", "OTL"],
        "Element": [None, "Objecttypebibliotheek"],
        "Bereikt niveau": [0, 5],
        "Naam niveau": [None, "Geoptimaliseerd"],
        "Positie": ["onbekend", "Koploper"],
        "Voorgestelde deal": ["ja", "nee"],
    }
    assert people.iloc[2].isna().all()  # missing stays missing (an empty cell)
    pd.testing.assert_frame_equal(table, before)
