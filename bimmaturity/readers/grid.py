"""Load an export into plain grids of cell values, one per sheet, with exact cell positions.

Workbooks are read with python-calamine (values only, fast); CSV files with the csv module
after detecting the encoding and the delimiter. A grid's row 0 is Excel row 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

__all__ = ["ExportUnreadable", "Sheet", "a1", "column_letter", "load_sheets"]

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


class ExportUnreadable(Exception):
    """The file looks like an export but cannot be opened; the message says why (Dutch)."""


@dataclass
class Sheet:
    """One sheet (or a CSV file) as a grid of raw cell values."""

    name: str
    rows: list[list[Any]]
    visible: bool = True
    is_csv: bool = False
    encoding: str = ""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def cell(self, row: int, column: int) -> Any:
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def location(self, row: int, column: int | None = None) -> str:
        """A1 reference for a workbook cell; ``rij N`` (plus column letter) for CSV rows."""
        if self.is_csv or column is None:
            return f"rij {row + 1}"
        return a1(row, column)

    @property
    def is_empty(self) -> bool:
        return not any(not _blank(value) for row in self.rows for value in row)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def column_letter(column: int) -> str:
    """Excel column letters for a 0-based column index.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def a1(row: int, column: int) -> str:
    """A1 reference for 0-based row and column.

    Examples
    --------
    >>> a1(6, 7)
    'H7'
    """
    return f"{column_letter(column)}{row + 1}"


def load_sheets(path: Path) -> list[Sheet]:
    """Read every sheet of an ``.xlsx``/``.xlsm`` workbook, or a ``.csv`` file, as grids.

    Raises
    ------
    ExportUnreadable
        For encrypted, truncated or mislabelled workbooks and undecodable CSV files.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_load_csv(path)]
    if suffix in EXCEL_SUFFIXES:
        return _load_workbook(path)
    raise ExportUnreadable(f"bestandstype {suffix} wordt niet gelezen")


def _load_workbook(path: Path) -> list[Sheet]:
    data = path.read_bytes()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ExportUnreadable(
            "werkmap is versleuteld (met wachtwoord beveiligd) of een oud Excel-bestand; "
            "sla op als .xlsx zonder wachtwoord"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExportUnreadable(
            "geen geldig .xlsx-bestand (afgebroken of geen Excel-werkmap); "
            "sla het opnieuw op als .xlsx"
        )
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue
            grid = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name=meta.name, rows=grid, visible="Visible" in str(meta.visible)))
    except Exception as exc:  # calamine raises several error types for broken files
        raise ExportUnreadable(f"werkmap kan niet worden gelezen ({exc})") from exc
    return sheets


def _load_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything; kept for safety
        raise ExportUnreadable("tekenset niet herkend; sla op als CSV UTF-8")
    if "\x00" in text:
        raise ExportUnreadable(
            "tekenset niet herkend (UTF-16?); sla op als CSV UTF-8 of met puntkomma's"
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return Sheet(
        name="", rows=[list(row) for row in rows], is_csv=True, encoding=encoding.split("-sig")[0]
    )
