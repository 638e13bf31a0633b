"""The column mapping ``kolommen.csv``: which export header means which question or field.

The wide reader (:mod:`bimmaturity.input.readers.wide`) applies it; every target is checked
against the instrument here, so a wrong row is reported once, naming its row.
"""

from __future__ import annotations

from pathlib import Path

from bimmaturity.input.grid import ExportUnreadable, load_sheets
from bimmaturity.input.readers.headers import check_mapping_target
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ERROR, Issue
from bimmaturity.textnorm import fold

__all__ = ["read_mapping"]


def read_mapping(
    path: Path | None, instrument: Instrument | None = None
) -> tuple[dict[str, str], list[Issue]]:
    """The column mapping ``kolommen.csv`` (header, target) as {folded header: target}.

    Every target is checked against the instrument; a row with an unknown target is an error
    naming the row, and is left out. A header may carry ``#2`` (``#3``, ...) to name the
    second (third, ...) column with the same header, as Microsoft Forms writes repeated
    statement texts.

    Parameters
    ----------
    path
        The ``kolommen.csv`` file; None when there is none (an empty mapping).
    instrument
        The instrument the targets must name; the default instrument when None.

    Returns
    -------
    mapping : dict
        {folded header: target} for every valid row.
    issues : list of Issue
        Every problem, naming the file and the row.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "kolommen.csv"
    >>> _ = path.write_text("header,target\\nStelling 1,VISIE-1:current\\nX,VISIE-99:current\\n")
    >>> mapping, issues = read_mapping(path)
    >>> mapping, [(i.cell, i.severity) for i in issues]
    ({'stelling 1': 'VISIE-1:current'}, [('rij 3', 'error')])
    """
    if path is None:
        return {}, []
    instrument = instrument or default_instrument()
    name = path.name
    try:
        rows = load_sheets(path)[0].rows
    except ExportUnreadable as exc:
        return {}, [Issue(name, "", "", ERROR, str(exc))]
    mapping: dict[str, str] = {}
    issues: list[Issue] = []
    header = [fold(str(v)) for v in rows[0]] if rows else []
    if header[:2] != ["header", "target"] and header[:2] != ["kolom", "doel"]:
        issues.append(
            Issue(
                name,
                "",
                "rij 1",
                ERROR,
                "kolommen.csv moet de kolommen 'header' en 'target' (of 'kolom' en 'doel') hebben",
            )
        )
        return mapping, issues
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows[1:], start=2):
        if len(row) < 2 or not str(row[0]).strip():
            continue
        key, target = fold(str(row[0])), str(row[1]).strip()
        problem = check_mapping_target(target, instrument)
        if problem:
            issues.append(Issue(name, "", f"rij {index}", ERROR, f"kolom {row[0]!r}: {problem}"))
            continue
        if key in mapping and fold(mapping[key]) != fold(target):
            issues.append(
                Issue(
                    name,
                    "",
                    f"rij {index}",
                    ERROR,
                    f"kolom {row[0]!r} staat ook in rij {first_row[key]} met een ander doel "
                    f"({mapping[key]!r} en {target!r}); houd één van beide",
                )
            )
            continue
        mapping[key] = target
        first_row.setdefault(key, index)
    return mapping, issues
