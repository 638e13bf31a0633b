"""The machine tables workbook (``bimmaturity tables``, and ``tables.xlsx`` of a build).

One sheet per result table of :func:`bimmaturity.analysis.tables_from`, English column names,
codes and raw numbers: the contract for scripts. The people's workbook
(:mod:`bimmaturity.present.workbook`) writes its rows with the same :func:`append_table`.
No cell is ever a formula (:func:`bimmaturity.safety.spreadsheet_value`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity.safety import spreadsheet_value
from bimmaturity.store import atomic_write

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["append_table", "write_tables"]


def write_tables(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write result tables to one workbook: a sheet each, numbers as numbers, NA as empty.

    No cell is a formula: text a spreadsheet would run (``=...``, ``+...``, ``-...``, ``@...``)
    gets a leading apostrophe, and a round written in digits is a number
    (:func:`bimmaturity.safety.spreadsheet_value`).

    Parameters
    ----------
    tables : dict
        Sheet name → table, in the order the sheets appear.
    path : Path
        The workbook to write (atomically).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> frame = pd.DataFrame({"name": ["=1+1", "Drenthe"], "score": [2.5, float("nan")]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_tables({"scores": frame}, Path(folder) / "t.xlsx")
    ...     sheet = openpyxl.load_workbook(path)["scores"]
    ...     rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    >>> rows
    [['name', 'score'], ["'=1+1", 2.5], ['Drenthe', None]]
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(name)
        append_table(sheet, [str(column) for column in frame.columns], frame)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write(path, buffer.getvalue())
    return path


def append_table(sheet: Worksheet, headers: Sequence[str], frame: pd.DataFrame) -> None:
    """Append a header row and the rows of ``frame`` to ``sheet``, never as formulas.

    Missing values (None, NA, NaT, NaN) become empty cells, numpy scalars plain numbers, and
    every cell goes through :func:`bimmaturity.safety.spreadsheet_value` with its column name.

    Parameters
    ----------
    sheet : openpyxl.worksheet.worksheet.Worksheet
        The sheet to append to.
    headers : sequence of str
        The header row (one per column of ``frame``).
    frame : pandas.DataFrame
        The rows.

    Examples
    --------
    >>> import numpy as np, openpyxl
    >>> sheet = openpyxl.Workbook().active
    >>> append_table(sheet, ["Naam", "n"], pd.DataFrame({"name": ["@x"], "n": [np.int64(3)]}))
    >>> [[cell.value for cell in row] for row in sheet.iter_rows()]
    [['Naam', 'n'], ["'@x", 3]]
    """
    columns = [str(column) for column in frame.columns]
    sheet.append([spreadsheet_value(header) for header in headers])
    for row in frame.itertuples(index=False, name=None):
        sheet.append(
            [
                spreadsheet_value(_cell_value(value), column)
                for value, column in zip(row, columns, strict=True)
            ]
        )


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
