"""Business case per element (rule 11 of the scoring rules).

Who takes part in a joint development of an element, what the participants would spend going
alone, what one joint development costs, the saving, the break-even number of participants,
how the joint cost is shared, and the programme budget of the proposed deals.

Cost assumptions come from the analyst's ``kosten`` table (columns element, cost_alone,
cost_joint, upkeep_alone, upkeep_joint; euros). :func:`validate_costs` checks that table as
read by pandas and returns the clean frame the other functions take.

Exact arithmetic: every input amount and parameter is taken at the decimal value it is written
with (the shortest decimal form of the float, so ``0.15`` is exactly 15/100) and the formulas
are evaluated with exact fractions; results are rounded to float only at the end. So
``1.15 * 100`` is 115, and a break-even on the boundary is found exactly.

Decisions:

- ``break_even`` is at least 1: a joint development with no participants is no deal, even
  when it costs nothing. It is ``max(1, ceil(joint / per_province_alone))`` where
  ``per_province_alone = cost_alone + years * upkeep_alone``. When going alone costs nothing
  but the joint development does cost something, no number of participants breaks even and
  ``break_even`` is NA; when the joint development costs nothing, it is 1.
- An element of the instrument without (complete) costs still gets a business-case row with
  its participant count; alone, joint, saving and break_even are then missing.
- Cost shares are given for every element with participants; ``net_benefit`` is NaN for an
  element without costs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import pandas as pd

from bimmaturity.frames import require_columns
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ERROR, Issue
from bimmaturity.present.format import parse_amount
from bimmaturity.rules.progress import waves_in
from bimmaturity.textnorm import fold

__all__ = [
    "BUSINESS_CASE_COLUMNS",
    "COST_COLUMNS",
    "ENGAGED_ROLES",
    "KEYS",
    "OVERHEAD_GRID",
    "SHARES_COLUMNS",
    "business_case",
    "cost_shares",
    "net_benefit_totals",
    "participants",
    "programme_budget",
    "saving_sensitivity",
    "validate_costs",
]

ENGAGED_ROLES = ("trekken", "meedoen", "volgen")
"""Stated roles that make a province with a positive gap a participant."""

COST_COLUMNS = ["element", "cost_alone", "cost_joint", "upkeep_alone", "upkeep_joint"]
REQUIRED_COLUMNS = ("element", "cost_alone", "cost_joint")
OPTIONAL_COLUMNS = ("upkeep_alone", "upkeep_joint")
BUSINESS_CASE_COLUMNS = [
    "wave",
    "element",
    "participants",
    "alone",
    "joint",
    "saving",
    "break_even",
]
SHARES_COLUMNS = ["wave", "element", "province", "key", "share", "net_benefit"]
KEYS = ("equal", "population", "mixed")
"""Cost-sharing keys: equal parts, by population, and the mean of the two."""

OVERHEAD_GRID = tuple(i / 20 for i in range(11))
"""Overhead values for :func:`saving_sensitivity`: 0, 0.05, ..., 0.5."""

ALLOWED_AMOUNT = "een bedrag in euro's >= 0"
_PARTICIPANT_COLUMNS = ["wave", "element", "province", "gap", "stated_role"]


# ---------------------------------------------------------------------------- exact numbers
def _exact(value: object, name: str = "waarde") -> Fraction:
    """The decimal value of a number as written: 0.15 is exactly 15/100."""
    if isinstance(value, bool):
        raise TypeError(f"{name}: {value!r} is geen getal")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{name}: {value!r} is geen eindig getal")
        return Fraction(repr(number))
    raise TypeError(f"{name}: {value!r} is geen getal")


def _non_negative(value: object, name: str) -> Fraction:
    exact = _exact(value, name)
    if exact < 0:
        raise ValueError(f"{name} moet >= 0 zijn, niet {value!r}")
    return exact


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


@dataclass(frozen=True)
class _Costs:
    cost_alone: Fraction
    cost_joint: Fraction
    upkeep_alone: Fraction
    upkeep_joint: Fraction

    def per_province_alone(self, years: Fraction) -> Fraction:
        return self.cost_alone + years * self.upkeep_alone

    def joint(self, overhead: Fraction, years: Fraction) -> Fraction:
        return (1 + overhead) * (self.cost_joint + years * self.upkeep_joint)


def _cost_table(costs: pd.DataFrame) -> dict[str, _Costs]:
    """Element -> exact costs, for elements with both one-off costs present."""
    require_columns(costs, REQUIRED_COLUMNS, "costs")
    if costs["element"].duplicated().any():
        doubles = sorted(set(costs.loc[costs["element"].duplicated(), "element"].astype(str)))
        raise ValueError(f"costs: element(en) dubbel: {', '.join(doubles)}")
    table: dict[str, _Costs] = {}
    for _, row in costs.iterrows():
        if _is_missing(row["cost_alone"]) or _is_missing(row["cost_joint"]):
            continue
        values = {}
        for column in ("cost_alone", "cost_joint", *OPTIONAL_COLUMNS):
            raw = row[column] if column in costs.columns else 0
            raw = 0 if _is_missing(raw) else raw
            values[column] = _non_negative(raw, f"costs: {column} van {row['element']}")
        table[str(row["element"])] = _Costs(**values)
    return table


def _break_even(per_alone: Fraction, joint: Fraction) -> int | None:
    if joint <= 0:
        return 1
    if per_alone <= 0:
        return None
    return max(1, math.ceil(joint / per_alone))


# ---------------------------------------------------------------------------- cost table
def _column_letter(position: int) -> str:
    """Excel column letter for a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_key(name: object) -> str:
    return re.sub(r"[\s\-.]+", "_", fold(str(name))).strip("_")


def _show(value: object) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


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
    :func:`bimmaturity.present.format.parse_amount`). Rows with no element and no amounts are
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
    is no business case for it).

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
        Columns element, cost_alone, cost_joint, upkeep_alone, upkeep_joint (floats, euros), one
        row per element whose row has no error, in instrument order.
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
            first = f"{_column_letter(positions[key])}{header_row}"
            error(
                f"{_column_letter(position)}{header_row}",
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
        return _empty_costs(), issues

    amount_columns = [c for c in (*REQUIRED_COLUMNS[1:], *OPTIONAL_COLUMNS) if c in positions]
    known = ", ".join(instrument.element_ids)
    seen: dict[str, str] = {}
    rows: dict[str, dict[str, object]] = {}
    for i in range(len(raw)):
        excel_row = header_row + 1 + i

        def cell(column: str, excel_row: int = excel_row) -> str:
            return f"{_column_letter(positions[column])}{excel_row}"

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
                amount = 0.0
            elif amount < 0:
                error(
                    cell(column),
                    f"{_show(value)} is negatief ({column}); toegestaan: {ALLOWED_AMOUNT}",
                )
                row_ok = False
            amounts[column] = amount
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
        return _empty_costs(), issues
    frame = pd.DataFrame(ordered).reindex(columns=COST_COLUMNS)
    for column in COST_COLUMNS[1:]:
        frame[column] = frame[column].fillna(0.0).astype("float64")
    frame["element"] = frame["element"].astype("str")
    return frame, issues


def _empty_costs() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in COST_COLUMNS})
    frame["element"] = frame["element"].astype("str")
    return frame


# ---------------------------------------------------------------------------- participants
def participants(
    scores: pd.DataFrame, stated: pd.DataFrame, *, wave: str | None = None
) -> pd.DataFrame:
    """The participants ``P(e)`` of each element: ``G(p,e) > 0`` and a stated role of
    trekken, meedoen or volgen (rule 11).

    Parameters
    ----------
    scores
        The scores frame (at least wave, province, element, gap).
    stated
        Stated roles: wave, province, element, stated_role (role id or missing).
    wave
        Only this wave; None for every wave.

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, province, gap, stated_role; one row per participant, ordered by
        wave (chronological), element (first appearance in ``scores``) and province code.

    Examples
    --------
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV21", "PV22", "PV23"],
    ...                        "element": "OTL", "gap": [1.0, 0.5, 0.0, 2.0]})
    >>> stated = scores[["wave", "province", "element"]].assign(
    ...     stated_role=["trekken", "volgen", "meedoen", "niet"])
    >>> participants(scores, stated, wave="2020")["province"].tolist()
    ['PV20', 'PV21']
    """
    require_columns(scores, ["wave", "province", "element", "gap"], "scores")
    require_columns(stated, ["wave", "province", "element", "stated_role"], "stated")
    keys = ["wave", "province", "element"]
    left = scores[[*keys, "gap"]].astype({"wave": "str"})
    right = stated[[*keys, "stated_role"]].astype({"wave": "str"})
    if wave is not None:
        left = left[left["wave"] == str(wave)]
        right = right[right["wave"] == str(wave)]
    for frame, name in ((left, "scores"), (right, "stated")):
        if frame.duplicated(keys).any():
            raise ValueError(f"{name}: dubbele rijen voor wave + province + element")
    merged = left.merge(right, on=keys, how="inner")
    gap = pd.to_numeric(merged["gap"]).astype("float64")
    chosen = merged[(gap > 0) & merged["stated_role"].isin(ENGAGED_ROLES)]
    wave_order = {w: i for i, w in enumerate(waves_in(scores))}
    element_order = _first_appearance(scores["element"])
    chosen = chosen.assign(
        _w=chosen["wave"].map(wave_order), _e=chosen["element"].map(element_order)
    ).sort_values(["_w", "_e", "province"], kind="stable")
    out = chosen[_PARTICIPANT_COLUMNS].reset_index(drop=True)
    out["gap"] = pd.to_numeric(out["gap"]).astype("float64")
    return out


def _first_appearance(values: Iterable[object]) -> dict[object, int]:
    order: dict[object, int] = {}
    for value in values:
        order.setdefault(value, len(order))
    return order


# ---------------------------------------------------------------------------- business case
def business_case(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    costs: pd.DataFrame,
    instrument: Instrument,
    *,
    overhead: float = 0.15,
    years: int = 3,
) -> pd.DataFrame:
    """Business case of every element of the instrument, per wave (rule 11).

    ``alone = |P| * (cost_alone + years * upkeep_alone)``,
    ``joint = (1 + overhead) * (cost_joint + years * upkeep_joint)``,
    ``saving = alone - joint`` and ``break_even`` = the smallest number of participants (at
    least 1) with ``saving >= 0``, all computed exactly (see the module notes).

    Parameters
    ----------
    scores, stated
        As for :func:`participants`.
    costs
        The cost assumptions (from :func:`validate_costs`): element, cost_alone, cost_joint and
        optionally upkeep_alone, upkeep_joint (missing upkeep is 0). An element with an empty
        one-off cost counts as without costs.
    instrument
        Gives the elements and their order.
    overhead
        Coordination cost as a share of the joint cost (>= 0).
    years
        Years of upkeep counted (>= 0).

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, participants (int), alone, joint, saving (float euros),
        break_even (nullable Int64); every element of the instrument for every wave in
        ``scores``, waves chronological, elements in instrument order. alone, joint, saving and
        break_even are missing for an element without costs.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV21", "PV22"],
    ...                        "element": "OTL", "gap": [1.0, 0.5, 2.0]})
    >>> stated = scores[["wave", "province", "element"]].assign(stated_role="meedoen")
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100_000.0],
    ...                       "cost_joint": [200_000.0]})
    >>> bc = business_case(scores, stated, costs, default_instrument())
    >>> otl = bc[bc["element"] == "OTL"]
    >>> otl[["participants", "alone", "joint"]].to_dict("records")
    [{'participants': 3, 'alone': 300000.0, 'joint': 230000.0}]
    >>> otl[["saving", "break_even"]].to_dict("records")
    [{'saving': 70000.0, 'break_even': 3}]
    """
    overhead_exact = _non_negative(overhead, "overhead")
    years_exact = _non_negative(years, "years")
    table = _cost_table(costs)
    counts = participants(scores, stated).groupby(["wave", "element"]).size().to_dict()
    rows = []
    for wave in waves_in(scores):
        for element in instrument.element_ids:
            n = int(counts.get((wave, element), 0))
            item = table.get(element)
            if item is None:
                rows.append((wave, element, n, math.nan, math.nan, math.nan, pd.NA))
                continue
            per_alone = item.per_province_alone(years_exact)
            joint = item.joint(overhead_exact, years_exact)
            alone = n * per_alone
            rows.append(
                (
                    wave,
                    element,
                    n,
                    float(alone),
                    float(joint),
                    float(alone - joint),
                    _break_even(per_alone, joint),
                )
            )
    frame = pd.DataFrame(rows, columns=BUSINESS_CASE_COLUMNS)
    return frame.astype(
        {
            "wave": "str",
            "element": "str",
            "participants": "int64",
            "alone": "float64",
            "joint": "float64",
            "saving": "float64",
            "break_even": "Int64",
        }
    )


# ---------------------------------------------------------------------------- cost shares
def cost_shares(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    costs: pd.DataFrame,
    provinces_frame: pd.DataFrame,
    *,
    overhead: float = 0.15,
    years: int = 3,
    keys: Sequence[str] = KEYS,
    instrument: Instrument | None = None,
) -> pd.DataFrame:
    """Each participant's share of the joint cost, and its net benefit, under each key.

    ``equal`` = ``1 / |P(e)|``; ``population`` = the province's ``population_2024`` over the
    participants' total; ``mixed`` = the mean of the two. Net benefit =
    ``(cost_alone + years * upkeep_alone) - share * joint`` (rule 11), computed exactly.

    Parameters
    ----------
    scores, stated
        As for :func:`participants`.
    costs
        As for :func:`business_case`.
    provinces_frame
        The province reference data (``bimmaturity.organisations.provinces()``): cbs_code,
        population_2024.
    overhead, years
        As for :func:`business_case`.
    keys
        The keys wanted, a selection of ``equal``, ``population``, ``mixed``.
    instrument
        Orders the elements; without it, elements follow their first appearance in ``scores``.

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, province, key, share, net_benefit; one row per participant and
        key, for every element with participants (net_benefit NaN when the element has no
        costs). Ordered by wave, element, province code, key (in ``keys`` order).

    Raises
    ------
    ValueError
        For an unknown or repeated key, or a participant without a population figure when the
        population or mixed key is asked for.

    Examples
    --------
    >>> from bimmaturity.organisations import provinces
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV24"],
    ...                        "element": "OTL", "gap": [1.0, 0.5]})
    >>> stated = scores[["wave", "province", "element"]].assign(stated_role="volgen")
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100.0], "cost_joint": [100.0]})
    >>> shares = cost_shares(scores, stated, costs, provinces(), overhead=0.0, keys=["equal"])
    >>> shares[["province", "share", "net_benefit"]].to_dict("list")
    {'province': ['PV20', 'PV24'], 'share': [0.5, 0.5], 'net_benefit': [50.0, 50.0]}
    """
    keys = list(keys)
    unknown = [k for k in keys if k not in KEYS]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise ValueError(
            f"keys {keys!r} ongeldig; kies één of meer verschillende uit {', '.join(KEYS)}"
        )
    overhead_exact = _non_negative(overhead, "overhead")
    years_exact = _non_negative(years, "years")
    table = _cost_table(costs)
    members = participants(scores, stated)
    need_population = any(k in ("population", "mixed") for k in keys)
    population: dict[str, Fraction] = {}
    if need_population:
        require_columns(provinces_frame, ["cbs_code", "population_2024"], "provinces_frame")
        for code, pop in zip(
            provinces_frame["cbs_code"], provinces_frame["population_2024"], strict=True
        ):
            if not _is_missing(pop):
                population[str(code)] = _non_negative(pop, f"population_2024 van {code}")
    if instrument is not None:
        element_order = _first_appearance([*instrument.element_ids, *scores["element"]])
    else:
        element_order = _first_appearance(scores["element"])
    wave_order = {w: i for i, w in enumerate(waves_in(scores))}
    groups = sorted(
        members.groupby(["wave", "element"], sort=False),
        key=lambda item: (wave_order[item[0][0]], element_order[item[0][1]]),
    )
    rows = []
    for (wave, element), group in groups:
        provinces_ = sorted(group["province"].astype(str))
        n = len(provinces_)
        equal = Fraction(1, n)
        by_population: dict[str, Fraction] = {}
        if need_population:
            lacking = [p for p in provinces_ if p not in population]
            if lacking:
                raise ValueError(
                    f"geen inwonertal (population_2024) voor {', '.join(lacking)}; "
                    "nodig voor de sleutel population/mixed"
                )
            total = sum(population[p] for p in provinces_)
            if total == 0:
                raise ValueError(f"{wave} {element}: inwonertal van de deelnemers is 0")
            by_population = {p: population[p] / total for p in provinces_}
        item = table.get(element)
        for province in provinces_:
            for key in keys:
                if key == "equal":
                    share = equal
                elif key == "population":
                    share = by_population[province]
                else:
                    share = (equal + by_population[province]) / 2
                if item is None:
                    net = math.nan
                else:
                    per_alone = item.per_province_alone(years_exact)
                    net = float(per_alone - share * item.joint(overhead_exact, years_exact))
                rows.append((wave, element, province, key, float(share), net))
    frame = pd.DataFrame(rows, columns=SHARES_COLUMNS)
    return frame.astype(
        {
            "wave": "str",
            "element": "str",
            "province": "str",
            "key": "str",
            "share": "float64",
            "net_benefit": "float64",
        }
    )


# ---------------------------------------------------------------------------- programme
def _pick_wave(frame: pd.DataFrame, wave: str | None) -> tuple[str, pd.DataFrame]:
    available = waves_in(frame)
    if not available:
        raise ValueError("de business case is leeg")
    chosen = available[-1] if wave is None else str(wave)
    if chosen not in available:
        raise ValueError(f"meting {chosen!r} komt niet voor; beschikbaar: {', '.join(available)}")
    return chosen, frame[frame["wave"].astype(str) == chosen]


def _proposed_list(proposed: pd.DataFrame | Iterable[str], wave: str) -> list[str]:
    if isinstance(proposed, pd.DataFrame):
        require_columns(proposed, ["element", "proposed"], "proposed_elements")
        frame = proposed
        if "wave" in frame.columns:
            frame = frame[frame["wave"].astype(str) == wave]
        frame = frame[frame["proposed"].fillna(False).astype(bool)]
        if "rank" in frame.columns:
            frame = frame.sort_values("rank", kind="stable")
        elements = [str(e) for e in frame["element"]]
    elif isinstance(proposed, str):
        elements = [proposed]
    else:
        elements = [str(e) for e in proposed]
    return list(dict.fromkeys(elements))


def programme_budget(
    business_case_frame: pd.DataFrame,
    proposed_elements: pd.DataFrame | Iterable[str],
    phasing: Sequence[float] = (0.4, 0.4, 0.2),
    *,
    wave: str | None = None,
) -> pd.DataFrame:
    """The joint cost of the proposed deals spread over the programme years.

    Parameters
    ----------
    business_case_frame
        From :func:`business_case`.
    proposed_elements
        Element ids, or an opportunities frame (wave, element, proposed[, rank]) whose
        ``proposed`` rows of the wave are taken (in rank order).
    phasing
        The share of the joint cost spent in year 1, 2, ...; each >= 0, summing to exactly 1.
    wave
        The wave whose business case is used; None for the latest.

    Returns
    -------
    pandas.DataFrame
        Columns year (1..len(phasing)), element, budget (euros, ``phasing[year-1] * joint``;
        NaN for an element without costs); ordered by year, then the proposed order.

    Raises
    ------
    ValueError
        When the phasing is empty, has a negative share or does not sum to 1, or a proposed
        element is not in the business case.

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "2020", "element": ["OTL", "DATA"],
    ...                    "joint": [1_000_000.0, 500_000.0]})
    >>> programme_budget(bc, ["OTL"]).to_dict("list")
    {'year': [1, 2, 3], 'element': ['OTL', 'OTL', 'OTL'], 'budget': [400000.0, 400000.0, 200000.0]}
    """
    shares = [_non_negative(p, "phasing") for p in phasing]
    if not shares or sum(shares) != 1:
        raise ValueError(f"phasing moet optellen tot 1, niet {list(phasing)!r}")
    require_columns(business_case_frame, ["wave", "element", "joint"], "business_case_frame")
    chosen, frame = _pick_wave(business_case_frame, wave)
    joint_by_element = dict(zip(frame["element"].astype(str), frame["joint"], strict=True))
    elements = _proposed_list(proposed_elements, chosen)
    unknown = [e for e in elements if e not in joint_by_element]
    if unknown:
        raise ValueError(
            f"element(en) {', '.join(unknown)} niet in de business case van meting {chosen}"
        )
    rows = []
    for year, share in enumerate(shares, start=1):
        for element in elements:
            joint = joint_by_element[element]
            budget = math.nan if _is_missing(joint) else float(share * _exact(joint))
            rows.append((year, element, budget))
    out = pd.DataFrame(rows, columns=["year", "element", "budget"])
    return out.astype({"year": "int64", "element": "str", "budget": "float64"})


def saving_sensitivity(
    business_case_frame: pd.DataFrame,
    costs: pd.DataFrame,
    elements: Iterable[str] | None = None,
    *,
    wave: str | None = None,
    overhead: float = 0.15,
    years: int = 3,
    overheads: Iterable[float] = OVERHEAD_GRID,
    counts: Iterable[int] = range(1, 13),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Total saving of some elements as the overhead varies, and as the participants vary.

    Parameters
    ----------
    business_case_frame
        From :func:`business_case`; gives each element's participant count.
    costs
        The cost assumptions (as for :func:`business_case`).
    elements
        The elements to add up; None for every element of the wave that has costs.
    wave
        The wave; None for the latest.
    overhead, years
        The overhead used for the participants curve, and the years of upkeep for both.
    overheads
        The overhead values of the first curve (default 0, 0.05, ..., 0.5).
    counts
        The participant numbers of the second curve (default 1..12), applied to every element.

    Returns
    -------
    by_overhead : pandas.DataFrame
        Columns overhead, saving: ``sum_e |P(e)| * per_alone(e) - (1 + overhead) * base(e)``.
    by_participants : pandas.DataFrame
        Columns participants, saving: ``sum_e n * per_alone(e) - joint(e)`` at ``overhead``.

    Raises
    ------
    ValueError
        When an element is not in the business case of the wave or has no costs.

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "2020", "element": ["OTL"], "participants": [3]})
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100.0], "cost_joint": [200.0]})
    >>> by_overhead, by_n = saving_sensitivity(bc, costs, ["OTL"], overheads=[0, 0.5],
    ...                                        counts=[1, 2])
    >>> by_overhead["saving"].tolist(), by_n["saving"].tolist()
    ([100.0, 0.0], [-130.0, -30.0])
    """
    overhead_exact = _non_negative(overhead, "overhead")
    years_exact = _non_negative(years, "years")
    table = _cost_table(costs)
    require_columns(business_case_frame, ["wave", "element", "participants"], "business_case_frame")
    chosen, frame = _pick_wave(business_case_frame, wave)
    count_by_element = {
        str(e): int(n) for e, n in zip(frame["element"], frame["participants"], strict=True)
    }
    if elements is None:
        chosen_elements = [e for e in count_by_element if e in table]
    else:
        chosen_elements = list(dict.fromkeys(str(e) for e in elements))
        absent = [e for e in chosen_elements if e not in count_by_element]
        if absent:
            raise ValueError(
                f"element(en) {', '.join(absent)} niet in de business case van meting {chosen}"
            )
        no_costs = [e for e in chosen_elements if e not in table]
        if no_costs:
            raise ValueError(f"geen kosten voor element(en) {', '.join(no_costs)}")
    by_overhead = []
    for value in overheads:
        rate = _non_negative(value, "overheads")
        total = sum(
            (
                count_by_element[e] * table[e].per_province_alone(years_exact)
                - table[e].joint(rate, years_exact)
                for e in chosen_elements
            ),
            Fraction(0),
        )
        by_overhead.append((float(rate), float(total)))
    by_count = []
    for n in counts:
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ValueError(f"counts: {n!r} is geen aantal deelnemers")
        total = sum(
            (
                int(n) * table[e].per_province_alone(years_exact)
                - table[e].joint(overhead_exact, years_exact)
                for e in chosen_elements
            ),
            Fraction(0),
        )
        by_count.append((int(n), float(total)))
    return (
        pd.DataFrame(by_overhead, columns=["overhead", "saving"]).astype("float64"),
        pd.DataFrame(by_count, columns=["participants", "saving"]).astype(
            {"participants": "int64", "saving": "float64"}
        ),
    )


def net_benefit_totals(shares: pd.DataFrame, proposed: Iterable[str], wave: str) -> pd.DataFrame:
    """Each participating province's net benefit summed over the proposed deals, per key.

    Parameters
    ----------
    shares
        From :func:`cost_shares` (wave, element, province, key, share, net_benefit).
    proposed
        Element ids of the proposed deals.
    wave
        The wave.

    Returns
    -------
    pandas.DataFrame
        Columns province, key, net_benefit, deals (the number of proposed deals the province
        takes part in); elements without costs are left out. Ordered by province code, then
        key in :data:`KEYS` order.

    Examples
    --------
    >>> sh = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA", "OTL"],
    ...     "province": ["PV20", "PV20", "PV21"], "key": "equal", "share": [0.5, 1.0, 0.5],
    ...     "net_benefit": [1000.0, 250.0, 1000.0]})
    >>> net_benefit_totals(sh, ["OTL", "DATA"], "1").values.tolist()
    [['PV20', 'equal', 1250.0, 2], ['PV21', 'equal', 1000.0, 1]]
    """
    require_columns(shares, ["wave", "element", "province", "key", "net_benefit"], "shares")
    part = shares[
        (shares["wave"].astype(str) == str(wave))
        & shares["element"].isin(list(proposed))
        & shares["net_benefit"].notna()
    ]
    totals = (
        part.groupby(["province", "key"], sort=False)
        .agg(net_benefit=("net_benefit", "sum"), deals=("element", "nunique"))
        .reset_index()
    )
    key_order = {key: i for i, key in enumerate(KEYS)}
    totals = totals.assign(_order=totals["key"].map(key_order)).sort_values(
        ["province", "_order"], kind="stable"
    )
    return (
        totals.drop(columns="_order")
        .astype({"net_benefit": "float64", "deals": "int64"})
        .reset_index(drop=True)
    )
