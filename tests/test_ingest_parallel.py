"""Ingest at scale: reading in two processes gives exactly what reading in one gives, the compact
rows of a wide sheet read as the records every reader gives, and the quick extent test of the
reading limits falls back to the exact one (real workbooks written with openpyxl)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_ingest_support import (
    INSTRUMENT,
    QUESTIONS,
    forms_row,
    forms_sheet,
    tidy_rows,
    write_csv,
    write_xlsx,
)

from bimmaturity.ingest import collect
from bimmaturity.input.grid import Sheet, load_sheets
from bimmaturity.input.readers.base import RowAnswers
from bimmaturity.input.readers.wide import read_wide
from bimmaturity.issues import ERROR, WARNING, Issue


def _folder(raw: Path) -> Path:
    """Six exports in two rounds with errors and warnings in several files (and one sheet with
    a merged range, read the slow way, and one tidy CSV)."""
    for index in range(5):
        answers = [3, 4] * len(QUESTIONS)
        if index == 1:
            answers[0] = "zes"  # H2: no level
        if index == 2:
            answers[1] = 1  # I2: ambition below current
        rows = [forms_row(10 * index + r, answers=answers) for r in range(1, 4)]
        if index == 3:
            rows[1][6] = "Atlantis"  # G3: no province
        write_xlsx(
            raw / ("2020" if index % 2 else "2022") / f"forms-{index}.xlsx",
            {"Form1": forms_sheet(rows)},
            merged={"Form1": ["A20:B20"]} if index == 4 else None,
        )
    write_csv(raw / "2022" / "tidy.csv", tidy_rows("Utrecht", "team", level=4))
    return raw


def test_reading_in_two_processes_gives_the_same_tables_and_issues_in_the_same_order(
    tmp_path: Path,
):
    raw = _folder(tmp_path / "raw")
    one = collect(raw, salt="zout", jobs=1)
    two = collect(raw, salt="zout", jobs=2)
    assert two.issues == one.issues
    for name in ("answers", "roles", "comments", "costs"):
        pd.testing.assert_frame_equal(getattr(two, name), getattr(one, name))
    assert two.manifest == one.manifest
    assert [(i.file, i.sheet, i.cell, i.severity) for i in one.issues] == [
        ("2020/forms-1.xlsx", "Form1", "H2", ERROR),
        ("2020/forms-1.xlsx", "Form1", "H3", ERROR),
        ("2020/forms-1.xlsx", "Form1", "H4", ERROR),
        ("2020/forms-3.xlsx", "Form1", "G3", ERROR),
        ("2022/forms-2.xlsx", "Form1", "I2", WARNING),
        ("2022/forms-2.xlsx", "Form1", "I3", WARNING),
        ("2022/forms-2.xlsx", "Form1", "I4", WARNING),
    ]
    assert len(one.answers) == (3 * 5 - 1 + 1) * len(QUESTIONS)  # one row without province


def test_the_rows_of_a_sheet_without_cell_problems_read_as_the_records_of_one_with_them():
    header, *rows = forms_sheet([forms_row(1, answers=[2, 3] * len(QUESTIONS)), forms_row(2)])
    rows[1][7] = "vijf"  # H3: no level (an error, as in any sheet)
    plain = Sheet("Form1", [header, *rows])
    merged = Sheet("Form1", [header, *rows], merged=[(9, 0, 9, 1)])  # read record by record
    fast = read_wide(plain, INSTRUMENT, file="a.xlsx")
    slow = read_wide(merged, INSTRUMENT, file="a.xlsx")
    assert [type(s.answers) for s in fast.submissions] == [RowAnswers, RowAnswers]
    assert [type(s.answers) for s in slow.submissions] == [dict, dict]
    assert [dict(s.answers) for s in fast.submissions] == [s.answers for s in slow.submissions]
    assert fast.issues == slow.issues
    assert fast.submissions[0].answers["VISIE-1"] == {
        "element": "VISIE",
        "current": 2,
        "ambition": 3,
        "cells": {"current": "H2", "ambition": "I2"},
    }
    assert fast.submissions[1].answers["VISIE-1"]["current"] is None
    assert [(i.cell, i.severity) for i in fast.issues] == [("H3", ERROR)]


@pytest.mark.parametrize(("row", "refused"), [(5000, False), (100_001, True)])
def test_a_far_cell_is_measured_exactly_when_the_quick_test_cannot_tell(
    tmp_path: Path, row: int, refused: bool
):
    path = write_xlsx(tmp_path / "raw" / "ver.xlsx", {"Form1": forms_sheet([forms_row(1)])})
    workbook = openpyxl.load_workbook(path)
    workbook["Form1"].cell(row=row, column=1, value="x")
    workbook.save(path)
    if refused:
        issues = collect(tmp_path / "raw", salt="zout").issues
        assert [(i.file, i.sheet, i.cell, i.severity) for i in issues] == [
            ("ver.xlsx", "Form1", f"BU{row}", ERROR)  # the corner of the used range
        ]
        assert issues[0].message.startswith(f"blad 'Form1' loopt door tot cel BU{row}")
    else:
        assert len(load_sheets(path)[0].rows) == row
        collected = collect(tmp_path / "raw", salt="zout")
        assert collected.issues == [
            Issue(
                "ver.xlsx",
                "Form1",
                f"rij {row}",
                WARNING,
                "lege inzending (geopend, niet ingevuld); overgeslagen",
            )
        ]
        assert len(collected.answers) == len(QUESTIONS)
