"""The cost assumptions table (kosten.xlsx / kosten.csv): reading it and checking every cell."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
from test_ingest_support import write_csv

from bimmaturity.input.costs import COST_COLUMNS, empty_costs, read_costs, validate_costs
from bimmaturity.instrument import default_instrument
from bimmaturity.issues import ERROR, WARNING

INSTRUMENT = default_instrument()
ELEMENTS = INSTRUMENT.element_ids
ALLOWED = "een bedrag in euro's >= 0"


def _row(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, where
    return frame[mask].iloc[0]


# ----------------------------------------------------------------------------- validation
def _raw_costs() -> pd.DataFrame:
    n = len(ELEMENTS)
    return pd.DataFrame(
        {
            "element": list(ELEMENTS),
            "cost_alone": [100_000.0 + i for i in range(n)],
            "cost_joint": [200_000.0] * n,
            "upkeep_alone": [1_000.0] * n,
            "upkeep_joint": [2_000.0] * n,
        },
        dtype=object,
    )


def _validate(raw: pd.DataFrame, header_row: int = 1):
    return validate_costs(
        raw, INSTRUMENT, file="kosten.xlsx", sheet="kosten", header_row=header_row
    )


def test_validate_costs_clean() -> None:
    raw = _raw_costs()
    costs, issues = _validate(raw)
    assert issues == []
    assert list(costs.columns) == [
        "element",
        "cost_alone",
        "cost_joint",
        "upkeep_alone",
        "upkeep_joint",
        "cost_adopt",
        "cost_alone_low",
        "cost_alone_high",
        "cost_joint_low",
        "cost_joint_high",
    ]
    assert costs["element"].tolist() == ELEMENTS
    assert (costs["cost_adopt"] == 0.0).all()  # optional cost absent: 0
    assert costs[["cost_alone_low", "cost_joint_high"]].isna().all().all()  # range: central
    assert costs["cost_alone"].tolist() == [100_000.0 + i for i in range(len(ELEMENTS))]
    pd.testing.assert_frame_equal(raw, _raw_costs())  # not mutated


def test_validate_costs_stray_headers_case_order_and_blank_rows() -> None:
    raw = _raw_costs().iloc[::-1]
    raw.columns = [" Element ", "COST_ALONE", "Cost Joint", "upkeep-alone", "Upkeep_Joint\u00a0"]
    raw.iloc[0, 0] = "  ketEN "
    blank = pd.DataFrame([[None, None, math.nan, "", None]], columns=raw.columns)
    raw = pd.concat([raw, blank], ignore_index=True)
    costs, issues = _validate(raw)
    assert issues == []
    assert costs["element"].tolist() == ELEMENTS  # instrument order


def test_validate_costs_dutch_amounts() -> None:
    raw = _raw_costs()
    raw.loc[0, "cost_alone"] = "€ 1.250.000"
    raw.loc[1, "cost_alone"] = "1.250.000,50"
    raw.loc[2, "cost_alone"] = "1250000"
    raw.loc[3, "cost_alone"] = "EUR 1.250,-"
    raw.loc[4, "cost_alone"] = "1\u00a0250\u00a0000"
    raw.loc[5, "cost_alone"] = "1250000.5"
    raw.loc[6, "cost_alone"] = "1.250"
    raw.loc[7, "cost_alone"] = 7
    raw.loc[0, "upkeep_alone"] = None  # empty upkeep is 0
    raw.loc[1, "upkeep_joint"] = ""
    costs, issues = _validate(raw)
    assert issues == []
    assert costs["cost_alone"].tolist()[:8] == [
        1_250_000.0,
        1_250_000.5,
        1_250_000.0,
        1_250.0,
        1_250_000.0,
        1_250_000.5,
        1_250.0,
        7.0,
    ]
    assert costs.loc[0, "upkeep_alone"] == 0.0
    assert costs.loc[1, "upkeep_joint"] == 0.0


def test_validate_costs_unknown_element() -> None:
    raw = _raw_costs()
    raw.loc[2, "element"] = "MENSEN"
    costs, issues = _validate(raw)
    errors = [(i.cell, i.severity) for i in issues]
    # row index 2 is Excel row 4 (header in row 1); the element column is A
    assert ("A4", ERROR) in errors
    unknown = next(i for i in issues if i.cell == "A4")
    assert unknown.message.startswith("'MENSEN' is geen element van het instrument")
    assert "VISIE" in unknown.message
    # MENS now lacks a row: reported as a missing element
    missing = [i for i in issues if i.cell == ""]
    assert len(missing) == 1 and "element MENS" in missing[0].message
    assert missing[0].severity == ERROR
    assert "MENS" not in costs["element"].tolist()
    assert all(i.file == "kosten.xlsx" and i.sheet == "kosten" for i in issues)


def test_validate_costs_duplicate_element() -> None:
    raw = _raw_costs()
    extra = pd.DataFrame([["otl", 1.0, 2.0, 0.0, 0.0]], columns=raw.columns)
    raw = pd.concat([raw, extra], ignore_index=True)
    costs, issues = _validate(raw)
    assert len(issues) == 1
    (issue,) = issues
    # the extra data row is Excel row len + 2 (header in row 1); the first OTL is in row
    # its position + 2 (with the default instrument: A13 and A8)
    assert (issue.cell, issue.severity) == (f"A{len(ELEMENTS) + 2}", ERROR)
    assert "OTL staat dubbel" in issue.message
    assert f"A{ELEMENTS.index('OTL') + 2}" in issue.message
    assert _row(costs, element="OTL")["cost_alone"] == 100_006.0  # the first row counts


def test_validate_costs_missing_element() -> None:
    raw = _raw_costs()
    raw = raw[raw["element"] != "KETEN"]
    costs, issues = _validate(raw)
    assert [(i.cell, i.severity) for i in issues] == [("", ERROR)]
    assert issues[0].message.startswith("element KETEN (")
    assert "ontbreekt in de kostentabel" in issues[0].message
    assert costs["element"].tolist() == ELEMENTS[:-1]


def test_validate_costs_negative_amount() -> None:
    raw = _raw_costs()
    raw.loc[3, "cost_joint"] = -5
    raw.loc[4, "upkeep_joint"] = "-1.250"
    costs, issues = _validate(raw, header_row=3)
    # header in row 3: data row 3 -> Excel row 7, cost_joint is column C; row 4 -> 8, column E
    assert [(i.cell, i.severity) for i in issues] == [("C7", ERROR), ("E8", ERROR)]
    assert issues[0].message == f"'-5' is negatief (cost_joint); toegestaan: {ALLOWED}"
    assert issues[1].message == f"'-1.250' is negatief (upkeep_joint); toegestaan: {ALLOWED}"
    assert ELEMENTS[3] not in costs["element"].tolist()  # the row with the error is left out
    assert ELEMENTS[4] not in costs["element"].tolist()


def test_validate_costs_non_numeric_amount() -> None:
    raw = _raw_costs()
    raw.loc[0, "cost_alone"] = "veel"
    raw.loc[1, "upkeep_alone"] = "1,250,000"
    raw.loc[2, "cost_joint"] = None
    raw.loc[5, "cost_alone"] = True
    _, issues = _validate(raw)
    assert [(i.cell, i.severity) for i in issues] == [
        ("B2", ERROR),
        ("D3", ERROR),
        ("C4", ERROR),
        ("B7", ERROR),
    ]
    assert issues[0].message.startswith("'veel' is geen bedrag (cost_alone); toegestaan: ")
    assert ALLOWED in issues[0].message
    assert issues[1].message.startswith("'1,250,000' is geen bedrag (upkeep_alone)")
    assert issues[2].message == f"cost_joint ontbreekt; toegestaan: {ALLOWED}"
    assert issues[3].message.startswith("'True' is geen bedrag")


def test_validate_costs_missing_column() -> None:
    raw = _raw_costs().drop(columns="cost_joint")
    costs, issues = _validate(raw, header_row=3)
    assert [(i.cell, i.severity) for i in issues] == [("rij 3", ERROR)]
    assert issues[0].message.startswith("kolom cost_joint ontbreekt")
    assert costs.empty and list(costs.columns) == COST_COLUMNS
    # a table without upkeep columns is fine: upkeep is 0
    costs, issues = _validate(_raw_costs().drop(columns=["upkeep_alone", "upkeep_joint"]))
    assert issues == [] and (costs["upkeep_alone"] == 0.0).all()


def test_validate_costs_duplicate_column() -> None:
    raw = _raw_costs()
    raw.insert(5, "Cost_Alone", 1.0)
    _, issues = _validate(raw)
    assert [(i.cell, i.severity) for i in issues] == [("F1", ERROR)]
    assert "B1" in issues[0].message


def test_validate_costs_column_letters_follow_position() -> None:
    raw = _raw_costs()
    for position in range(27):
        raw.insert(position, f"toelichting {position}", "")
    raw.loc[0, "element"] = "ONBEKEND"
    raw.loc[0, "cost_joint"] = "x"
    _, issues = _validate(raw)
    # 27 extra columns first: element is the 28th column (AB), cost_joint the 30th (AD)
    assert [i.cell for i in issues if i.cell] == ["AB2", "AD2"]


def test_validate_costs_row_without_element() -> None:
    raw = _raw_costs()
    extra = pd.DataFrame([[None, 5.0, 6.0, None, None]], columns=raw.columns)
    raw = pd.concat([raw, extra], ignore_index=True)
    _, issues = _validate(raw)
    assert [(i.cell, i.severity) for i in issues] == [(f"A{len(ELEMENTS) + 2}", ERROR)]
    assert issues[0].message.startswith("element ontbreekt")


def test_no_warning_severity_used_for_costs() -> None:
    raw = _raw_costs().iloc[:-1]
    _, issues = _validate(raw)
    assert all(i.severity != WARNING for i in issues)


# ----------------------------------------------------------------------------- reading
def _clean_rows() -> list[list]:
    rows = [["element", "cost_alone", "cost_joint", "upkeep_alone", "upkeep_joint"]]
    rows += [[e, 100_000 + i, 200_000, 1_000, 2_000] for i, e in enumerate(ELEMENTS)]
    return rows


def test_read_costs_without_a_file():
    costs, issues = read_costs(None, INSTRUMENT, file="")
    assert issues == [] and costs.empty
    assert list(costs.columns) == COST_COLUMNS
    assert costs.dtypes.to_dict() == empty_costs().dtypes.to_dict()


def test_read_costs_from_the_first_visible_sheet(tmp_path: Path):
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "oud"
    hidden.append(["iets", "anders"])
    hidden.sheet_state = "hidden"
    sheet = workbook.create_sheet("kosten")
    for row in _clean_rows():
        sheet.append(row)
    sheet["B3"] = "veel"
    workbook.save(tmp_path / "kosten.xlsx")
    costs, issues = read_costs(tmp_path / "kosten.xlsx", INSTRUMENT, file="kosten.xlsx")
    assert [(i.file, i.sheet, i.cell, i.severity) for i in issues] == [
        ("kosten.xlsx", "kosten", "B3", ERROR)
    ]
    assert costs["element"].tolist() == [e for e in ELEMENTS if e != ELEMENTS[1]]
    assert costs["cost_alone"].iloc[0] == 100_000.0


def test_read_costs_csv_and_an_empty_table(tmp_path: Path):
    path = write_csv(tmp_path / "kosten.csv", _clean_rows())
    costs, issues = read_costs(path, INSTRUMENT, file="kosten.csv")
    assert issues == [] and costs["element"].tolist() == ELEMENTS
    (tmp_path / "leeg.csv").write_bytes(b"")
    costs, issues = read_costs(tmp_path / "leeg.csv", INSTRUMENT, file="leeg.csv")
    assert costs.empty and [(i.cell, i.severity) for i in issues] == [("", ERROR)]
