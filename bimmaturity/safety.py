"""Supplier text treated as data: safe round names, no formulas in outputs, paths kept inside.

Exports come from many hands. Text from them (a round name, a file or sheet name, a header, a
comment) can reach a file name, a spreadsheet cell or a page. This module holds the checks
that keep such text inert:

- :func:`check_wave_name`: a round name becomes part of file names and pages, so it must be
  short and plain (:data:`WAVE_PATTERN`).
- :func:`neutralise`: text that a spreadsheet program would read as a formula (starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe in every
  cell and CSV field written; :func:`restore` takes it off again when such a CSV is read back.
- :func:`inside`: an output path built from data must stay under its output folder.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "FORMULA_STARTS",
    "WAVE_PATTERN",
    "UnsafeName",
    "check_wave_name",
    "inside",
    "is_safe_wave",
    "neutralise",
    "restore",
    "spreadsheet_value",
]

WAVE_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,32}")
"""A round name: letters, digits, ``-``, ``_`` and ``.``, 1 to 32 characters (not ``.``/``..``)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet program read a text as a formula."""


class UnsafeName(ValueError):
    """A name from the data that cannot be used as a round name or inside a file name."""


def is_safe_wave(name: object) -> bool:
    """True when ``name`` can be a round name (:data:`WAVE_PATTERN`).

    Examples
    --------
    >>> [is_safe_wave(w) for w in ["2022", "najaar-2022", "v1.2", "..", "x/../y", "<img>", ""]]
    [True, True, True, False, False, False, False]
    """
    text = str(name)
    return bool(WAVE_PATTERN.fullmatch(text)) and text not in {".", ".."}


def check_wave_name(name: object, where: str = "") -> str:
    """``name`` as text when it is a safe round name; else :class:`UnsafeName` saying what is
    allowed (``where`` says where the name was found).

    Examples
    --------
    >>> check_wave_name(2022)
    '2022'
    >>> check_wave_name("=HYPERLINK(1)", "kolom meting")
    Traceback (most recent call last):
    ...
    bimmaturity.safety.UnsafeName: kolom meting: '=HYPERLINK(1)' is geen geldige naam voor een \
meting; toegestaan: letters, cijfers, '-', '_' en '.', hoogstens 32 tekens
    """
    text = str(name)
    if is_safe_wave(text):
        return text
    shown = text if len(text) <= 60 else text[:57] + "..."
    prefix = f"{where}: " if where else ""
    raise UnsafeName(
        f"{prefix}{shown!r} is geen geldige naam voor een meting; toegestaan: letters, "
        "cijfers, '-', '_' en '.', hoogstens 32 tekens"
    )


def neutralise(value: object) -> object:
    """``value`` unchanged, unless it is text a spreadsheet would read as a formula: that gets
    a leading apostrophe (shown as text by Excel and LibreOffice, never run).

    Examples
    --------
    >>> neutralise("=SUM(A1)"), neutralise("-3"), neutralise("OTL")
    ("'=SUM(A1)", "'-3", 'OTL')
    >>> neutralise(-3.5), neutralise(None)
    (-3.5, None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: object) -> object:
    """Undo :func:`neutralise` on a value read back from a file this package wrote.

    Examples
    --------
    >>> restore(neutralise("@SUM(A1)")), restore("'gewoon'")
    ('@SUM(A1)', "'gewoon'")
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


WAVE_COLUMNS = frozenset({"wave", "from_wave", "to_wave", "meting"})


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters a workbook cannot hold (openpyxl refuses them)."""


def spreadsheet_value(value: object, column: str = "") -> object:
    """A value as a spreadsheet cell: formulas neutralised (:func:`neutralise`), control
    characters a workbook cannot hold left out, and a round written in digits (``2018``, no
    leading zero) as a number, so that it sorts and filters as one.

    Examples
    --------
    >>> spreadsheet_value("2018", "wave"), spreadsheet_value("02", "wave")
    (2018, '02')
    >>> spreadsheet_value("2018", "element"), spreadsheet_value("+31", "wave")
    ('2018', "'+31")
    """
    if (
        column in WAVE_COLUMNS
        and isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and str(int(value)) == value
    ):
        return int(value)
    if isinstance(value, str):
        value = CONTROL_CHARACTERS.sub("", value)
    return neutralise(value)


def inside(root: Path, path: Path) -> Path:
    """``path`` when it lies under the folder ``root`` (after resolving ``..`` and links);
    else :class:`UnsafeName`.

    Examples
    --------
    >>> inside(Path("/tmp/reports"), Path("/tmp/reports/figures/huidig_2020.png")).name
    'huidig_2020.png'
    >>> inside(Path("/tmp/reports"), Path("/tmp/reports/figures/x/../../../etc/passwd"))
    Traceback (most recent call last):
    ...
    bimmaturity.safety.UnsafeName: /tmp/reports/figures/x/../../../etc/passwd ligt buiten \
/tmp/reports; niet geschreven
    """
    base = Path(root).resolve()
    target = Path(path).resolve()
    if target != base and base not in target.parents:
        raise UnsafeName(f"{path} ligt buiten {root}; niet geschreven")
    return path
