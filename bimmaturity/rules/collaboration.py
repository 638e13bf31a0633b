"""Collaboration: stated roles, leaders and followers, joint-deal opportunities.

Rules 7, 8 and 9 of the method (``docs/method.md``). Every function is pure: it takes tidy
DataFrames and returns a new tidy DataFrame; no argument is changed and nothing is written.

Shapes used here (see ``DESIGN.md``):

- ``roles`` (respondent level): wave, province, respondent, element, role.
- ``scores``: wave, province, element, current, ambition, gap, n, ... (only wave, province,
  element, current and gap are read here).
- ``stated`` (the output of :func:`stated_roles`): wave, province, element, stated_role.

Threshold comparisons (``S >= leader_level``, ``G >= gap_threshold``) allow a tolerance of
:data:`TOLERANCE` (1e-9, the same as rule 6), so that a gap that is mathematically exactly 1.0 but
computed as ``4.1 - 3.1 = 0.9999999999999996`` counts as reaching the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from bimmaturity.config import DEFAULTS
from bimmaturity.frames import floats, require_columns
from bimmaturity.instrument import AnswerError, Instrument, default_instrument
from bimmaturity.rules.keys import Codes, combine, split

__all__ = [
    "DEMAND_ROLES",
    "POSITIONS",
    "SUPPLY_ROLES",
    "TOLERANCE",
    "deal_partners",
    "opportunities",
    "positions",
    "proposed_deals",
    "roles_table",
    "stated_roles",
]

#: Tolerance for the ``>=`` threshold comparisons of rules 8 and 9 (as in rule 6).
TOLERANCE = 1e-9
#: Stated roles with which a koploper counts as supply (rule 9).
SUPPLY_ROLES: tuple[str, ...] = ("trekken", "meedoen")
#: Stated roles with which a province with a large gap counts as demand (rule 9).
DEMAND_ROLES: tuple[str, ...] = ("trekken", "meedoen", "volgen")
#: The position values of rule 8.
POSITIONS: tuple[str, ...] = ("koploper", "starter", "middenveld")

_KEYS = ["wave", "province", "element"]
_ROUND = 9  # mean gaps are compared to 9 decimals when ranking (ties within 1e-9 are ties)


# ---------------------------------------------------------------------------- helpers


def _missing(values: pd.Series) -> np.ndarray:
    """True where a value means "no answer": None, NaN, pd.NA or blank text."""
    blank = values.astype("str").str.strip().eq("").fillna(False).astype(bool)
    return (values.isna() | blank).to_numpy(dtype=bool)


def _element_rank(elements: pd.Series, order: list[str]) -> pd.Series:
    """Position of each element in ``order``; unknown elements after all known ones."""
    position = pd.Series(range(len(order)), index=order, dtype="int64")
    return elements.map(position).fillna(len(order)).astype("int64")


def _str_column(values: Iterable[object]) -> pd.Series:
    """A pandas string column with NaN for missing, whatever the input held."""
    if isinstance(values, pd.Series) and str(values.dtype) == "str":  # each distinct value once
        codes, uniques = pd.factorize(values)
        blank = np.array([text.strip() == "" for text in uniques] + [True], dtype=bool)
        missing = blank[codes]  # code -1 (missing) takes the last entry
        series = pd.Series(values.array, dtype="str")
        return series.where(~missing) if missing.any() else series
    series = pd.Series(np.asarray(values, dtype=object), dtype=object)
    return series.where(~_missing(series), None).astype("str")


def _position_flags(
    current: np.ndarray, gap: np.ndarray, leader_level: float, gap_threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """(koploper, large_gap) boolean arrays; NaN never passes a threshold."""
    with np.errstate(invalid="ignore"):
        koploper = current >= leader_level - TOLERANCE
        large_gap = gap >= gap_threshold - TOLERANCE
    return koploper, large_gap


# ---------------------------------------------------------------------------- rule 7
def stated_roles(roles: pd.DataFrame, instrument: Instrument | None = None) -> pd.DataFrame:
    """The stated collaboration role of each province on each element (rule 7).

    The stated role is the most frequent non-missing answer among the province's respondents;
    a tie goes to the more engaged role, in the order in which the instrument lists its roles
    (default: trekken > meedoen > volgen > niet).

    Parameters
    ----------
    roles : pandas.DataFrame
        Respondent-level roles: wave, province, respondent, element, role. ``role`` holds role
        ids (a role label or another case is also read, via ``Instrument.parse_role``); None,
        NaN, pd.NA, empty text and the instrument's missing words mean "no answer".
    instrument : Instrument, optional
        The instrument whose roles are allowed (default: :func:`default_instrument`).

    Returns
    -------
    pandas.DataFrame
        Columns wave, province, element, stated_role: one row per (wave, province, element)
        that occurs in ``roles``, also when none of its respondents answered (then
        ``stated_role`` is missing). Sorted by wave, province and instrument element order
        (elements unknown to the instrument last).

    Raises
    ------
    ValueError
        When a column is missing or a role is not one of the instrument's role ids.

    Examples
    --------
    >>> roles = pd.DataFrame({
    ...     "wave": "2018", "province": "PV20", "respondent": ["r1", "r2", "r3", "r1"],
    ...     "element": ["OTL", "OTL", "OTL", "DATA"],
    ...     "role": ["volgen", "trekken", None, None],
    ... })
    >>> stated_roles(roles)
       wave province element stated_role
    0  2018     PV20     OTL     trekken
    1  2018     PV20    DATA         NaN
    """
    require_columns(roles, [*_KEYS, "role"], "roles")
    instrument = instrument if instrument is not None else default_instrument()
    engagement = {role: i for i, role in enumerate(instrument.role_ids)}

    text = _str_column(roles["role"])
    answers, distinct = pd.factorize(text)  # each distinct answer parsed once; NaN -> -1
    parsed: list[int] = []
    unknown: list[str] = []
    for value in distinct:
        try:
            role = instrument.parse_role(value)
        except AnswerError:
            unknown.append(value)
            continue
        parsed.append(-1 if role is None else engagement[role])
    if unknown:
        raise ValueError(
            f"onbekende rol(len) / unknown role(s): {', '.join(sorted(unknown))}; "
            f"toegestaan / allowed: {', '.join(instrument.role_ids)}"
        )
    role = np.asarray([*parsed, -1], dtype="int64")[answers]  # engagement index, -1: none
    codes = Codes(roles, _KEYS)
    # cells in output order: wave, province, element (instrument order, others last), element
    element_ids = codes.values("element", np.arange(codes.size("element")))
    rank = _element_rank(pd.Series(element_ids, dtype=object), instrument.element_ids)
    order = np.lexsort((np.arange(len(element_ids)), rank.to_numpy()))
    element_rank = np.empty(len(element_ids), dtype="int64")
    element_rank[order] = np.arange(len(element_ids))
    sizes = [codes.size("wave"), codes.size("province"), len(element_ids)]
    cell = combine([codes["wave"], codes["province"], element_rank[codes["element"]]], sizes)
    cells, of_cell = np.unique(cell, return_inverse=True)
    n_roles = len(instrument.role_ids)
    answered = role >= 0
    counts = np.bincount(
        of_cell[answered] * n_roles + role[answered], minlength=len(cells) * n_roles
    ).reshape(len(cells), n_roles)
    best = counts.argmax(axis=1)  # ties: the first, the more engaged role
    role_ids = np.asarray([*instrument.role_ids, None], dtype=object)
    stated = role_ids[np.where(counts.max(axis=1) > 0, best, n_roles)]
    wave, province, element = split(cells, sizes)
    return pd.DataFrame(
        {
            "wave": codes.values("wave", wave),
            "province": codes.values("province", province),
            "element": codes.values("element", order[element]),
            "stated_role": pd.Series(stated, dtype="str"),
        }
    )


# ---------------------------------------------------------------------------- rule 8
def positions(
    scores: pd.DataFrame,
    *,
    leader_level: float = DEFAULTS.leader_level,
    gap_threshold: float = DEFAULTS.gap_threshold,
) -> pd.DataFrame:
    """Position of each province on each element: koploper, starter or middenveld (rule 8).

    - koploper: ``S(p,e) >= leader_level``;
    - starter: ``G(p,e) >= gap_threshold`` and ``S(p,e) < leader_level``;
    - middenveld: every other row with a current score (also when the gap is missing);
    - missing: rows without a current score.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores; wave, province, element, current and gap are read.
    leader_level, gap_threshold : float
        The thresholds of rule 8 (compared with a tolerance of :data:`TOLERANCE`).

    Returns
    -------
    pandas.DataFrame
        Columns wave, province, element, position; one row per row of ``scores``, in the
        same order.

    Examples
    --------
    >>> scores = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV21", "PV22", "PV23"], "element": "OTL",
    ...     "current": [3.5, 2.0, 3.0, float("nan")], "gap": [1.5, 1.0, 0.5, float("nan")],
    ... })
    >>> positions(scores)["position"].tolist()
    ['koploper', 'starter', 'middenveld', nan]
    """
    require_columns(scores, [*_KEYS, "current", "gap"], "scores")
    current = floats(scores["current"])
    gap = floats(scores["gap"])
    koploper, large_gap = _position_flags(current, gap, leader_level, gap_threshold)
    position = np.full(len(scores), "middenveld", dtype=object)
    position[large_gap & ~koploper] = "starter"
    position[koploper] = "koploper"
    position[np.isnan(current)] = None
    out = scores.loc[:, _KEYS].reset_index(drop=True)
    out["position"] = _str_column(position)
    return out


def roles_table(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    *,
    leader_level: float = DEFAULTS.leader_level,
    gap_threshold: float = DEFAULTS.gap_threshold,
) -> pd.DataFrame:
    """The ``roles`` result table: stated role and position per province and element.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores (wave, province, element, current, gap, ...).
    stated : pandas.DataFrame
        Output of :func:`stated_roles` (wave, province, element, stated_role).
    leader_level, gap_threshold : float
        The thresholds of rule 8.

    Returns
    -------
    pandas.DataFrame
        Columns wave, province, element, stated_role, position; one row per row of
        ``scores``, in the same order. ``stated_role`` is missing where ``stated`` has no
        role for the row.

    Examples
    --------
    >>> scores = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21"], "element": "OTL",
    ...                        "current": [4.0, 2.0], "gap": [0.5, 2.0]})
    >>> stated = pd.DataFrame({"wave": "2018", "province": ["PV20"], "element": "OTL",
    ...                        "stated_role": ["trekken"]})
    >>> roles_table(scores, stated)
       wave province element stated_role  position
    0  2018     PV20     OTL     trekken  koploper
    1  2018     PV21     OTL         NaN   starter
    """
    frame = _joined(scores, stated, leader_level, gap_threshold)
    return frame.loc[:, [*_KEYS, "stated_role", "position"]]


def _joined(
    scores: pd.DataFrame, stated: pd.DataFrame, leader_level: float, gap_threshold: float
) -> pd.DataFrame:
    """Scores rows with position, stated role, and the supply/demand flags of rule 9."""
    require_columns(stated, [*_KEYS, "stated_role"], "stated")
    frame = positions(scores, leader_level=leader_level, gap_threshold=gap_threshold)
    frame["current"] = floats(scores["current"])
    frame["gap"] = floats(scores["gap"])
    role = stated.loc[:, [*_KEYS, "stated_role"]].reset_index(drop=True)
    merged = frame.assign(_left=range(len(frame))).merge(
        role, on=_KEYS, how="left", validate="many_to_one"
    )
    merged = merged.sort_values("_left", kind="stable").reset_index(drop=True)
    for key in _KEYS:  # keep the dtypes of scores' key columns
        merged[key] = frame[key]
    merged["stated_role"] = _str_column(merged["stated_role"])
    koploper, large_gap = _position_flags(
        merged["current"].to_numpy(float),
        merged["gap"].to_numpy(float),
        leader_level,
        gap_threshold,
    )
    merged["supplies"] = koploper & merged["stated_role"].isin(SUPPLY_ROLES).to_numpy()
    merged["demands"] = large_gap & merged["stated_role"].isin(DEMAND_ROLES).to_numpy()
    return merged.drop(columns=["_left"])


# ---------------------------------------------------------------------------- rule 9
def opportunities(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    instrument: Instrument | None = None,
    *,
    leader_level: float = DEFAULTS.leader_level,
    gap_threshold: float = DEFAULTS.gap_threshold,
    min_demand: int = DEFAULTS.min_demand,
    n_deals: int = DEFAULTS.n_deals,
) -> pd.DataFrame:
    """Collaboration opportunities per element and wave: the ``opportunities`` table (rule 9).

    - ``supply``: number of koploper provinces (``S >= leader_level``) whose stated role is
      trekken or meedoen;
    - ``demand``: number of provinces with ``G >= gap_threshold`` whose stated role is trekken,
      meedoen or volgen (whatever their current score: a koploper with a large gap counts in
      both);
    - ``mean_gap``: mean of ``G(p,e)`` over the provinces with a gap (missing when none);
    - ``kansrijk``: ``supply >= 1`` and ``demand >= min_demand``;
    - ``rank``: position when all elements of the instrument are ordered by demand
      descending, supply descending, mean gap descending (compared to 9 decimals; missing
      last), then instrument element order;
    - ``proposed``: the first ``n_deals`` kansrijke elements in rank order.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores (wave, province, element, current, gap, ...).
    stated : pandas.DataFrame
        Output of :func:`stated_roles`.
    instrument : Instrument, optional
        Gives the elements and their order (default: :func:`default_instrument`).
    leader_level, gap_threshold : float
        Thresholds of rule 8.
    min_demand, n_deals : int
        Parameters of rule 9.

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, supply, demand, mean_gap, kansrijk, rank, proposed: one row
        per wave of ``scores`` and element of the instrument, sorted by wave and rank.

    Raises
    ------
    ValueError
        When ``scores`` holds an element the instrument does not know.

    Examples
    --------
    >>> scores = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV21", "PV22", "PV23"], "element": "OTL",
    ...     "current": [4.0, 2.0, 2.0, 1.0], "gap": [0.5, 1.0, 2.0, 1.5]})
    >>> stated = scores[["wave", "province", "element"]].assign(
    ...     stated_role=["trekken", "volgen", "meedoen", "volgen"])
    >>> table = opportunities(scores, stated)
    >>> table.head(2)
       wave element  supply  demand  mean_gap  kansrijk  rank  proposed
    0  2018     OTL       1       3      1.25      True     1      True
    1  2018   VISIE       0       0       NaN     False     2     False
    >>> len(table)  # every element of the instrument
    11
    """
    instrument = instrument if instrument is not None else default_instrument()
    if n_deals < 0:
        raise ValueError(f"n_deals moet >= 0 zijn / must be >= 0, got {n_deals}")
    order = instrument.element_ids
    unknown = sorted(set(scores["element"]) - set(order)) if "element" in scores else []
    if unknown:
        raise ValueError(
            "scores bevat elementen die het instrument niet kent / scores hold elements "
            f"unknown to the instrument: {', '.join(map(str, unknown))}"
        )
    frame = _joined(scores, stated, leader_level, gap_threshold)
    waves = sorted(pd.unique(frame["wave"]).tolist())
    aggregated = frame.groupby(["wave", "element"], sort=False, observed=True).agg(
        supply=("supplies", "sum"), demand=("demands", "sum"), mean_gap=("gap", "mean")
    )
    grid = pd.MultiIndex.from_product([waves, order], names=["wave", "element"])
    table = aggregated.reindex(grid).reset_index()
    table["supply"] = table["supply"].fillna(0).astype("int64")
    table["demand"] = table["demand"].fillna(0).astype("int64")
    table["mean_gap"] = table["mean_gap"].astype("float64")
    table["_order"] = _element_rank(table["element"], order)
    table["_mean_gap"] = table["mean_gap"].round(_ROUND)
    table = table.sort_values(
        ["wave", "demand", "supply", "_mean_gap", "_order"],
        ascending=[True, False, False, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    table["kansrijk"] = (table["supply"] >= 1) & (table["demand"] >= min_demand)
    table["rank"] = (table.groupby("wave", sort=False).cumcount() + 1).astype("int64")
    n_kansrijk = table["kansrijk"].astype("int64").groupby(table["wave"], sort=False).cumsum()
    table["proposed"] = table["kansrijk"] & (n_kansrijk <= n_deals)
    return table.loc[
        :, ["wave", "element", "supply", "demand", "mean_gap", "kansrijk", "rank", "proposed"]
    ]


def deal_partners(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    instrument: Instrument | None = None,
    *,
    leader_level: float = DEFAULTS.leader_level,
    gap_threshold: float = DEFAULTS.gap_threshold,
) -> pd.DataFrame:
    """Who would lead and who would follow in a joint deal, per element and wave.

    - ``trekker``: a koploper (``S >= leader_level``) whose stated role is trekken or meedoen
      (the provinces counted in ``supply``);
    - ``volger``: a province with ``G >= gap_threshold`` whose stated role is trekken, meedoen
      or volgen (the provinces counted in ``demand``).

    A province that qualifies for both (a koploper with a large gap and role trekken or
    meedoen) is listed once, as ``trekker``; it still counts in both ``supply`` and ``demand``
    of :func:`opportunities`, so ``demand`` may exceed the number of volgers listed here.

    Parameters
    ----------
    scores, stated, instrument, leader_level, gap_threshold
        As for :func:`opportunities`.

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, province, part, then stated_role, current, gap; one row per
        province that takes part, sorted by wave, instrument element order, part (trekker
        first) and province.

    Examples
    --------
    >>> scores = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV21", "PV22"], "element": "OTL",
    ...     "current": [4.0, 2.0, 2.0], "gap": [1.0, 1.0, 2.0]})
    >>> stated = scores[["wave", "province", "element"]].assign(
    ...     stated_role=["trekken", "volgen", "niet"])
    >>> deal_partners(scores, stated)[["province", "part"]].to_dict("records")
    [{'province': 'PV20', 'part': 'trekker'}, {'province': 'PV21', 'part': 'volger'}]
    """
    instrument = instrument if instrument is not None else default_instrument()
    frame = _joined(scores, stated, leader_level, gap_threshold)
    frame = frame[frame["supplies"] | frame["demands"]].copy()
    frame["part"] = np.where(frame["supplies"].to_numpy(bool), "trekker", "volger")
    frame["_order"] = _element_rank(frame["element"], instrument.element_ids)
    frame["_trekker"] = ~frame["supplies"]
    frame = frame.sort_values(
        ["wave", "_order", "element", "_trekker", "province"], kind="stable"
    ).reset_index(drop=True)
    columns = ["wave", "element", "province", "part", "stated_role", "current", "gap"]
    out = frame.loc[:, columns]
    out["part"] = out["part"].astype("str")
    return out


def proposed_deals(opportunities: pd.DataFrame, wave: str) -> list[str]:
    """The proposed joint deals of a wave (rule 9): element ids in rank order.

    The one way to read them from an ``opportunities`` table; every report and figure uses it.

    Parameters
    ----------
    opportunities : pandas.DataFrame
        From :func:`opportunities` (wave, element, proposed, and rank; one or more waves).
    wave : str
        The wave.

    Returns
    -------
    list of str
        The elements whose ``proposed`` is true in ``wave``, by rank (table order without a
        rank column); empty when none.

    Examples
    --------
    >>> table = pd.DataFrame({"wave": ["1", "1", "1", "2"],
    ...     "element": ["OTL", "DATA", "TECH", "OTL"], "rank": [2, 1, 3, 1],
    ...     "proposed": [True, True, False, True]})
    >>> proposed_deals(table, "1")
    ['DATA', 'OTL']
    >>> proposed_deals(table, "3")
    []
    """
    require_columns(opportunities, ["wave", "element", "proposed"], "opportunities")
    rows = opportunities[opportunities["wave"].astype(str) == str(wave)]
    rows = rows[rows["proposed"].fillna(False).astype(bool)]
    if "rank" in rows.columns:
        rows = rows.sort_values("rank", kind="stable")
    return [str(element) for element in rows["element"]]
