"""Grids of cell values: :class:`Sheet` (one sheet or CSV file), :class:`CellNote`, and the
cell helpers (A1 references, blank cells, the first filled rows).

A grid's row 0 is Excel row 1 and its column 0 is column A, whatever the sheet's used range.
:mod:`bimmaturity.input.grid` loads exports into these grids (and re-exports these names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = [
    "CellNote",
    "Sheet",
    "a1",
    "blank",
    "column_letter",
    "first_rows",
    "parse_a1",
]


@dataclass(frozen=True)
class CellNote:
    """What calamine's value does not show about a cell.

    ``kind`` is ``"error"`` (an Excel error value, ``text`` is e.g. ``#N/A``) or ``"formula"``
    (a formula without a stored result, ``text`` is the formula).
    """

    kind: str
    text: str


@dataclass
class Sheet:
    """One sheet (or a CSV file) as a grid of raw cell values.

    ``merged`` holds merged ranges as 0-based inclusive ``(first_row, first_column, last_row,
    last_column)``; ``notes`` maps ``(row, column)`` to a :class:`CellNote`.
    """

    name: str
    rows: list[list[Any]]
    visible: bool = True
    is_csv: bool = False
    encoding: str = ""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    notes: dict[tuple[int, int], CellNote] = field(default_factory=dict)
    _covered: dict[tuple[int, int], tuple[int, int, int, int]] | None = field(
        default=None, init=False, repr=False
    )

    def cell(self, row: int, column: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def location(self, row: int, column: int | None = None) -> str:
        """A1 reference for a cell (also in a CSV file); ``rij N`` for a whole row."""
        if column is None:
            return f"rij {row + 1}"
        return a1(row, column)

    @property
    def is_empty(self) -> bool:
        return not any(not _blank(value) for row in self.rows for value in row) and not self.notes

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def _covered_cells(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        if self._covered is None:
            covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
            height, width = len(self.rows), self.width
            for merged in self.merged:
                r0, c0, r1, c1 = merged
                for r in range(r0, min(r1, height + 1) + 1):
                    for c in range(c0, min(c1, width + 1) + 1):
                        if (r, c) != (r0, c0):
                            covered[r, c] = merged
            self._covered = covered
        return self._covered

    def problem(self, row: int, column: int) -> str | None:
        """Why the value of a cell cannot be taken as it is, in Dutch; None when it can.

        An Excel error value, a formula without a stored result, or a cell covered by a merged
        range whose top-left cell holds a value (that value cannot be given to this cell).

        Examples
        --------
        >>> sheet = Sheet("S", [["3", ""]], merged=[(0, 0, 0, 1)])
        >>> sheet.problem(0, 0) is None, sheet.problem(0, 1)[:41]
        (True, 'cel valt in de samengevoegde cellen A1:B1')
        """
        note = self.notes.get((row, column))
        if note is not None:
            if note.kind == "error":
                return (
                    f"Excel-foutwaarde {note.text} in plaats van een waarde (een formule of "
                    "koppeling in deze cel geeft een fout); vul de waarde zelf in"
                )
            return (
                f"formule {note.text} zonder opgeslagen uitkomst (het bestand is niet in Excel "
                "opgeslagen); formules worden nooit uitgerekend: open en bewaar het bestand in "
                "Excel, of vul de waarde zelf in"
            )
        if not self.merged:
            return None
        merged = self._covered_cells().get((row, column))
        if merged is None:
            return None
        r0, c0, r1, c1 = merged
        if _blank(self.cell(r0, c0)) and (r0, c0) not in self.notes:
            return None
        return (
            f"cel valt in de samengevoegde cellen {a1(r0, c0)}:{a1(r1, c1)}; de waarde staat "
            f"alleen in {a1(r0, c0)} en geldt niet voor deze cel: maak de samenvoeging "
            "ongedaan en vul elke cel apart in"
        )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


@lru_cache(maxsize=4096)
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


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_a1(reference: str) -> tuple[int, int]:
    """0-based (row, column) of an A1 reference.

    Examples
    --------
    >>> parse_a1("H7"), parse_a1("$AA$1")
    ((6, 7), (0, 26))
    """
    match = _A1.match(reference.strip())
    if not match:
        raise ValueError(f"geen celverwijzing: {reference!r}")
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1


def blank(value: Any) -> bool:
    """True for an empty cell (None or only whitespace)."""
    return _blank(value)


def first_rows(sheet: Sheet, limit: int = 30) -> Iterable[int]:
    """Indexes of the first ``limit`` non-empty rows of a sheet (header candidates)."""
    found = 0
    for index, row in enumerate(sheet.rows):
        if any(not _blank(value) for value in row):
            yield index
            found += 1
            if found >= limit:
                return
