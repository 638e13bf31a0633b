"""The analyst's cost assumptions table (``kosten.xlsx`` / ``kosten.csv``): read and check it.

The table has the columns element, cost_alone, cost_joint and optionally upkeep_alone,
upkeep_joint, cost_adopt (an empty cell is 0) and the ranges cost_alone_low, cost_alone_high,
cost_joint_low, cost_joint_high (an empty cell is the central value); euros.
:func:`read_costs` reads the first visible sheet of the file and :func:`validate_costs` checks
it, naming every problem by its Excel cell; the clean frame is what
:mod:`bimmaturity.rules.businesscase` takes.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from bimmaturity.input.amounts import parse_amount
from bimmaturity.input.grid import ExportUnreadable, column_letter, load_sheets
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ERROR, Issue
from bimmaturity.textnorm import fold

__all__ = [
    "ALLOWED_AMOUNT",
    "COST_COLUMNS",
    "OPTIONAL_COLUMNS",
    "RANGE_COLUMNS",
    "REQUIRED_COLUMNS",
    "empty_costs",
    "read_costs",
    "validate_costs",
]

COST_COLUMNS = [
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
"""The columns of the clean cost table, in order."""

REQUIRED_COLUMNS = ("element", "cost_alone", "cost_joint")
RANGE_COLUMNS = ("cost_alone_low", "cost_alone_high", "cost_joint_low", "cost_joint_high")
"""Optional low/high estimates; an empty cell means the central value (rule 11)."""
OPTIONAL_COLUMNS = ("upkeep_alone", "upkeep_joint", "cost_adopt", *RANGE_COLUMNS)
"""Optional columns: upkeep and adoption costs (empty = 0) and the ranges (empty = central)."""
ALLOWED_AMOUNT = "een bedrag in euro's >= 0"


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _column_key(name: object) -> str:
    return re.sub(r"[\s\-.]+", "_", fold(str(name))).strip("_")


def _show(value: object) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def empty_costs() -> pd.DataFrame:
    """A cost table without rows (the columns of :data:`COST_COLUMNS`, amounts as floats).

    Examples
    --------
    >>> empty_costs().dtypes["cost_alone"], list(empty_costs().columns) == COST_COLUMNS
    (dtype('float64'), True)
    """
    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in COST_COLUMNS})
    frame["element"] = frame["element"].astype("str")
    return frame


def read_costs(
    path: Path | None, instrument: Instrument, *, file: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """Read the cost table from ``path`` (its first visible sheet) and validate it.

    Parameters
    ----------
    path
        The ``kosten.xlsx`` or ``kosten.csv`` file; None when there is none.
    instrument
        The instrument whose elements the table must cover.
    file
        The name of the file in the issues (its path relative to the raw folder).

    Returns
    -------
    costs : pandas.DataFrame
        As :func:`validate_costs`; without rows when there is no file or it cannot be read.
    issues : list of Issue
        Every problem found (none without a file).
    """
    if path is None:
        return empty_costs(), []
    try:
        sheets = [s for s in load_sheets(path) if s.visible] or load_sheets(path)
    except ExportUnreadable as exc:
        return empty_costs(), [Issue(file, "", "", ERROR, str(exc))]
    sheet = sheets[0]
    rows = list(sheet.rows)
    if not rows:
        return empty_costs(), [Issue(file, sheet.name, "", ERROR, "kostentabel is leeg")]
    header = [str(v).strip() for v in rows[0]]
    frame = pd.DataFrame(
        [list(r) + [""] * (len(header) - len(r)) for r in rows[1:]], columns=header, dtype="object"
    )
    return validate_costs(frame, instrument, file=file, sheet=sheet.name)


def validate_costs(
    raw: pd.DataFrame,
    instrument: Instrument,
    *,
    file: str,
    sheet: str,
    header_row: int = 1,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Check the cost assumptions table and return it clean, with every problem found.

    Column names are matched ignoring case, surrounding spaces and ``-``/``.``/space versus
    ``_`` (``" Cost Alone"`` is ``cost_alone``); other columns are ignored. Element ids are
    matched case-insensitively. Amounts may be numbers or text written the Dutch way
    (``€ 1.250.000``, ``1.250.000,50``, ``1250000``; the rule is in
    :func:`bimmaturity.input.amounts.parse_amount`). Rows with no element and no amounts are
    skipped.

    Cells are named in A1 notation assuming the table starts in column A with its header in
    ``header_row``: data row ``i`` (0-based) of ``raw`` is Excel row ``header_row + 1 + i``
    and the column letter follows the column's position in ``raw``.

    Errors: a required column (element, cost_alone, cost_joint) missing (cell ``rij <header
    row>``) or a cost column present twice (its second header cell), after which nothing else
    is checked; a row without element; an element the
    instrument does not know; an element listed twice (the second row); a one-off cost that is
    empty, not an amount, or negative; an upkeep that is not an amount or negative (an empty
    upkeep is 0); an element of the instrument without a row (cell ``""``: without costs there
    is no business case for it); a low estimate above its central value or a high one below
    it (an empty range cell is the central value).

    Parameters
    ----------
    raw
        The table as read by pandas, with its header.
    instrument
        The instrument whose elements the table must cover.
    file, sheet
        Where the table came from, for the issues (``sheet`` is ``""`` for CSV).
    header_row
        The Excel row number of the header.

    Returns
    -------
    costs : pandas.DataFrame
        Columns :data:`COST_COLUMNS` (floats, euros; upkeep and adoption 0 when empty, the
        range columns NaN when empty), one row per element whose row has no error, in
        instrument order.
    issues : list of Issue
        Every problem, in table order (missing elements last).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> raw = pd.DataFrame({"Element": ["otl", "XYZ"], "cost_alone ": ["€ 1.250.000", 5],
    ...                     "cost_joint": [2_000_000, -1]})
    >>> costs, issues = validate_costs(raw, default_instrument(), file="kosten.xlsx",
    ...                                sheet="kosten")
    >>> costs.to_dict("records")[0]["cost_alone"], len(costs)
    (1250000.0, 1)
    >>> [(i.cell, i.message[:30]) for i in issues[:2]]
    [('A3', "'XYZ' is geen element van het "), ('C3', "'-1' is negatief (cost_joint);")]
    """
    issues: list[Issue] = []

    def error(cell: str, message: str) -> None:
        issues.append(Issue(file, sheet, cell, ERROR, message))

    positions: dict[str, int] = {}
    for position, name in enumerate(raw.columns):
        key = _column_key(name)
        if key in positions and key in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            first = f"{column_letter(positions[key])}{header_row}"
            error(
                f"{column_letter(position)}{header_row}",
                f"kolom {key} staat dubbel (ook in cel {first}); laat er één staan",
            )
            continue
        positions.setdefault(key, position)
    missing_columns = [c for c in REQUIRED_COLUMNS if c not in positions]
    for column in missing_columns:
        error(
            f"rij {header_row}",
            f"kolom {column} ontbreekt; verplichte kolommen: {', '.join(REQUIRED_COLUMNS)} "
            f"(optioneel: {', '.join(OPTIONAL_COLUMNS)})",
        )
    if missing_columns or any(i.severity == ERROR for i in issues):
        return empty_costs(), issues

    amount_columns = [c for c in (*REQUIRED_COLUMNS[1:], *OPTIONAL_COLUMNS) if c in positions]
    known = ", ".join(instrument.element_ids)
    seen: dict[str, str] = {}
    rows: dict[str, dict[str, object]] = {}
    for i in range(len(raw)):
        excel_row = header_row + 1 + i

        def cell(column: str, excel_row: int = excel_row) -> str:
            return f"{column_letter(positions[column])}{excel_row}"

        raw_element = raw.iat[i, positions["element"]]
        raw_amounts = {c: raw.iat[i, positions[c]] for c in amount_columns}
        if _is_missing(raw_element) and all(_is_missing(v) for v in raw_amounts.values()):
            continue
        row_ok = True
        element: str | None = None
        if _is_missing(raw_element):
            error(cell("element"), f"element ontbreekt; vul een element-id in ({known})")
            row_ok = False
        else:
            element = instrument.resolve_element(str(raw_element))
            if element is None:
                error(
                    cell("element"),
                    f"{_show(raw_element)} is geen element van het instrument; toegestaan: {known}",
                )
                row_ok = False
            elif element in seen:
                error(
                    cell("element"),
                    f"element {element} staat dubbel in de kostentabel (eerder in cel "
                    f"{seen[element]}); laat één rij per element staan",
                )
                row_ok = False
            else:
                seen[element] = cell("element")
        amounts: dict[str, object] = {}
        for column in amount_columns:
            value = raw_amounts[column]
            try:
                amount = parse_amount(value)
            except ValueError:
                error(
                    cell(column),
                    f"{_show(value)} is geen bedrag ({column}); toegestaan: {ALLOWED_AMOUNT}, "
                    "bijvoorbeeld 1250000 of € 1.250.000",
                )
                row_ok = False
                continue
            if amount is None:
                if column in REQUIRED_COLUMNS:
                    error(cell(column), f"{column} ontbreekt; toegestaan: {ALLOWED_AMOUNT}")
                    row_ok = False
                amount = None if column in RANGE_COLUMNS else 0.0
            elif amount < 0:
                error(
                    cell(column),
                    f"{_show(value)} is negatief ({column}); toegestaan: {ALLOWED_AMOUNT}",
                )
                row_ok = False
            amounts[column] = amount
        for column in RANGE_COLUMNS:
            central, value = amounts.get(column.rsplit("_", 1)[0]), amounts.get(column)
            if value is None or central is None or column not in amount_columns:
                continue
            low = column.endswith("_low")
            if (value > central) if low else (value < central):
                error(
                    cell(column),
                    f"{_show(raw_amounts[column])} is {'hoger' if low else 'lager'} dan "
                    f"{column.rsplit('_', 1)[0]} ({column}); toegestaan: een bedrag "
                    f"{'tot en met' if low else 'vanaf'} {column.rsplit('_', 1)[0]}, of leeg",
                )
                row_ok = False
        if row_ok and element is not None:
            rows[element] = {"element": element, **amounts}

    for element in instrument.element_ids:
        if element not in seen:
            error(
                "",
                f"element {element} ({instrument.element_label(element)}) ontbreekt in de "
                "kostentabel; zonder kosten geen business case voor dit element. Voeg een rij "
                f"toe met cost_alone en cost_joint ({ALLOWED_AMOUNT})",
            )
    ordered = [rows[e] for e in instrument.element_ids if e in rows]
    if not ordered:
        return empty_costs(), issues
    frame = pd.DataFrame(ordered).reindex(columns=COST_COLUMNS)
    for column in COST_COLUMNS[1:]:
        values = frame[column].astype("float64")
        frame[column] = values if column in RANGE_COLUMNS else values.fillna(0.0)
    frame["element"] = frame["element"].astype("str")
    return frame, issues
