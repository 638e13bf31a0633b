"""Business case per element (rule 11 of the scoring rules).

Who takes part in a joint development of an element (the participants ``P``, among them the
koplopers ``K`` who already have it and the followers ``F = P - K``), what the followers would
spend going alone (the reference alternative: a koploper spends nothing), what the joint
development costs (with each participant's adoption cost), the saving with its low/high range,
the break-even number of followers, and how the joint cost is shared (the programme budget of
the proposed deals and the sensitivities live in :mod:`bimmaturity.rules.programme` and are
re-exported here).

Cost assumptions come from the analyst's ``kosten`` table (element, cost_alone, cost_joint,
optional upkeep_alone, upkeep_joint, cost_adopt, cost_alone_low/high, cost_joint_low/high;
euros). :func:`bimmaturity.input.costs.validate_costs` checks that table as read by pandas and
returns the clean frame the other functions take.

Exact arithmetic (:mod:`bimmaturity.rules.money`): every input amount and parameter is taken at
the decimal value it is written with (the shortest decimal form of the float, so ``0.15`` is
exactly 15/100) and the formulas are evaluated with exact fractions, the present-value factor
``D = sum_{t=1..years} (1 + discount)^-t`` included; results are rounded to float only at the
end. So ``1.15 * 100`` is 115, and a break-even on the boundary is found exactly.

Decisions:

- An element of the instrument without (complete) costs still gets a business-case row with
  its participant counts; the amounts and break_even are then missing.
- Cost shares are given for every element with participants; ``net_benefit`` is NaN for an
  element without costs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from bimmaturity.config import DEFAULTS
from bimmaturity.frames import require_columns
from bimmaturity.instrument import Instrument
from bimmaturity.rules.collaboration import TOLERANCE
from bimmaturity.rules.money import (
    break_even,
    cost_items,
    is_missing,
    non_negative,
    present_value_factor,
)
from bimmaturity.rules.programme import (
    COST_FACTORS,
    OVERHEAD_GRID,
    cost_alone_sensitivity,
    programme_budget,
    saving_sensitivity,
)
from bimmaturity.rules.progress import waves_in

__all__ = [
    "BUSINESS_CASE_COLUMNS",
    "COST_FACTORS",
    "ENGAGED_ROLES",
    "KEYS",
    "OVERHEAD_GRID",
    "SHARES_COLUMNS",
    "business_case",
    "cost_alone_sensitivity",
    "cost_shares",
    "net_benefit_totals",
    "participants",
    "programme_budget",
    "saving_sensitivity",
]

ENGAGED_ROLES = ("trekken", "meedoen", "volgen")
"""Stated roles that make a province with a positive gap a participant."""

BUSINESS_CASE_COLUMNS = [
    "wave",
    "element",
    "participants",
    "alone",
    "joint",
    "saving",
    "break_even",
    "saving_low",
    "saving_high",
    "koplopers",
    "followers",
    "per_alone",
]
"""The business-case frame: the ``businesscase`` table's columns, then |K|, |F| and per(e)."""
SHARES_COLUMNS = ["wave", "element", "province", "key", "share", "net_benefit", "koploper"]
KEYS = ("equal", "population", "mixed")
"""Cost-sharing keys: equal parts, by population, and the mean of the two."""

_PARTICIPANT_COLUMNS = ["wave", "element", "province", "gap", "stated_role", "koploper"]


# ---------------------------------------------------------------------------- participants
def participants(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    *,
    wave: str | None = None,
    leader_level: float = DEFAULTS.leader_level,
) -> pd.DataFrame:
    """The participants ``P(e)`` of each element: ``G(p,e) > 0`` and a stated role of
    trekken, meedoen or volgen; ``koploper`` marks those in ``K(e)`` (rule 8:
    ``S(p,e) >= leader_level``), the others are the followers ``F(e)`` (rule 11).

    Parameters
    ----------
    scores
        The scores frame (at least wave, province, element, current, gap).
    stated
        Stated roles: wave, province, element, stated_role (role id or missing).
    wave
        Only this wave; None for every wave.
    leader_level
        The koploper threshold of rule 8 (compared with a tolerance of 1e-9).

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, province, gap, stated_role, koploper (bool); one row per
        participant, ordered by wave (chronological), element (first appearance in
        ``scores``) and province code.

    Examples
    --------
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV21", "PV22", "PV23"],
    ...                        "element": "OTL", "current": [4.0, 2.0, 2.0, 1.0],
    ...                        "gap": [1.0, 0.5, 0.0, 2.0]})
    >>> stated = scores[["wave", "province", "element"]].assign(
    ...     stated_role=["trekken", "volgen", "meedoen", "niet"])
    >>> participants(scores, stated, wave="2020")[["province", "koploper"]].values.tolist()
    [['PV20', True], ['PV21', False]]
    """
    require_columns(scores, ["wave", "province", "element", "current", "gap"], "scores")
    require_columns(stated, ["wave", "province", "element", "stated_role"], "stated")
    keys = ["wave", "province", "element"]
    left = scores[[*keys, "current", "gap"]].astype({"wave": "str"})
    right = stated[[*keys, "stated_role"]].astype({"wave": "str"})
    if wave is not None:
        left = left[left["wave"] == str(wave)]
        right = right[right["wave"] == str(wave)]
    for frame, name in ((left, "scores"), (right, "stated")):
        if frame.duplicated(keys).any():
            raise ValueError(f"{name}: dubbele rijen voor wave + province + element")
    merged = left.merge(right, on=keys, how="inner")
    gap = pd.to_numeric(merged["gap"]).astype("float64")
    current = pd.to_numeric(merged["current"]).astype("float64")
    merged["koploper"] = (current >= leader_level - TOLERANCE).fillna(False).astype(bool)
    chosen = merged[(gap > 0) & merged["stated_role"].isin(ENGAGED_ROLES)]
    wave_order = {w: i for i, w in enumerate(waves_in(scores))}
    element_order = _first_appearance(pd.unique(scores["element"]))
    chosen = chosen.assign(
        _w=chosen["wave"].map(wave_order), _e=chosen["element"].map(element_order)
    ).sort_values(["_w", "_e", "province"], kind="stable")
    out = chosen[_PARTICIPANT_COLUMNS].reset_index(drop=True)
    out["gap"] = pd.to_numeric(out["gap"]).astype("float64")
    out["koploper"] = out["koploper"].astype(bool)
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
    overhead: float = DEFAULTS.overhead,
    years: int = DEFAULTS.years,
    discount: float = DEFAULTS.discount,
    leader_level: float = DEFAULTS.leader_level,
) -> pd.DataFrame:
    """Business case of every element of the instrument, per wave (rule 11).

    With ``D = sum_{t=1..years} (1 + discount)^-t`` and ``per = cost_alone + D *
    upkeep_alone``: ``alone = |F| * per`` (only the followers would develop it; a koploper
    already has it), ``joint = (1 + overhead) * (cost_joint + D * upkeep_joint) + |P| *
    cost_adopt``, ``saving = alone - joint``; ``saving_low`` takes ``cost_alone_low`` with
    ``cost_joint_high``, ``saving_high`` ``cost_alone_high`` with ``cost_joint_low``;
    ``break_even`` = the fewest followers m >= 1, the koplopers as they are, with
    ``m * per >= (1 + overhead) * (cost_joint + D * upkeep_joint) + (m + |K|) * cost_adopt``,
    missing when ``per <= cost_adopt``. All computed exactly (see the module notes).

    Parameters
    ----------
    scores, stated
        As for :func:`participants`.
    costs
        The cost assumptions (from :func:`validate_costs`): element, cost_alone, cost_joint and
        optionally upkeep_alone, upkeep_joint, cost_adopt (missing is 0) and cost_alone_low,
        cost_alone_high, cost_joint_low, cost_joint_high (missing is the central value). An
        element with an empty one-off cost counts as without costs.
    instrument
        Gives the elements and their order.
    overhead
        Coordination cost as a share of the joint cost (>= 0).
    years
        Years of upkeep counted (>= 0).
    discount
        Real yearly discount rate of the upkeep (>= 0).
    leader_level
        The koploper threshold of rule 8.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`BUSINESS_CASE_COLUMNS`: wave, element, participants (``|P|``), alone,
        joint, saving (float euros), break_even (nullable Int64), saving_low, saving_high,
        koplopers (``|K|``), followers (``|F|``), per_alone (``per(e)``); every element of
        the instrument for every wave in ``scores``, waves chronological, elements in
        instrument order. The amounts and break_even are missing for an element without costs.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV21", "PV22"],
    ...                        "element": "OTL", "current": [4.0, 2.0, 1.0],
    ...                        "gap": [1.0, 0.5, 2.0]})
    >>> stated = scores[["wave", "province", "element"]].assign(stated_role="meedoen")
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100_000.0],
    ...                       "cost_joint": [150_000.0], "cost_adopt": [5_000.0]})
    >>> bc = business_case(scores, stated, costs, default_instrument())
    >>> otl = bc[bc["element"] == "OTL"]
    >>> otl[["participants", "koplopers", "alone", "joint", "saving"]].to_dict("records")
    [{'participants': 3, 'koplopers': 1, 'alone': 200000.0, 'joint': 187500.0, 'saving': 12500.0}]
    >>> int(otl["break_even"].iloc[0])  # 95000 m >= 172500 + 5000
    2
    """
    overhead_exact = non_negative(overhead, "overhead")
    factor = present_value_factor(years, discount)
    table = cost_items(costs)
    members = participants(scores, stated, leader_level=leader_level)
    grouped = members.groupby(["wave", "element"])["koploper"]
    counts = grouped.size().to_dict()
    leaders = grouped.sum().to_dict()
    rows = []
    for wave in waves_in(scores):
        for element in instrument.element_ids:
            n = int(counts.get((wave, element), 0))
            k = int(leaders.get((wave, element), 0))
            f = n - k
            item = table.get(element)
            if item is None:
                nan = math.nan
                rows.append((wave, element, n, nan, nan, nan, pd.NA, nan, nan, k, f, nan))
                continue
            per = item.per_alone(factor)
            joint = item.joint(overhead_exact, factor, n)
            rows.append(
                (
                    wave,
                    element,
                    n,
                    float(f * per),
                    float(joint),
                    float(f * per - joint),
                    break_even(per, item.development(overhead_exact, factor), k, item.cost_adopt),
                    float(item.saving(overhead_exact, factor, f, n, "low")),
                    float(item.saving(overhead_exact, factor, f, n, "high")),
                    k,
                    f,
                    float(per),
                )
            )
    frame = pd.DataFrame(rows, columns=BUSINESS_CASE_COLUMNS)
    money = ["alone", "joint", "saving", "saving_low", "saving_high", "per_alone"]
    counted = ["participants", "koplopers", "followers"]
    return frame.astype(
        {"wave": "str", "element": "str", "break_even": "Int64"}
        | dict.fromkeys(money, "float64")
        | dict.fromkeys(counted, "int64")
    )


# ---------------------------------------------------------------------------- cost shares
def cost_shares(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    costs: pd.DataFrame,
    provinces_frame: pd.DataFrame,
    *,
    overhead: float = DEFAULTS.overhead,
    years: int = DEFAULTS.years,
    discount: float = DEFAULTS.discount,
    leader_level: float = DEFAULTS.leader_level,
    keys: Sequence[str] = KEYS,
    instrument: Instrument | None = None,
) -> pd.DataFrame:
    """Each participant's share of the joint cost, and its net benefit, under each key.

    ``equal`` = ``1 / |P(e)|``; ``population`` = the province's ``population_2024`` over the
    participants' total; ``mixed`` = the mean of the two. Net benefit (rule 11): a follower
    ``per(e) - share * joint(e)``; a koploper ``- share * joint(e)`` (it contributes knowledge
    and money; its gain is not counted in money). Computed exactly.

    Parameters
    ----------
    scores, stated
        As for :func:`participants`.
    costs
        As for :func:`business_case`.
    provinces_frame
        The province reference data (``bimmaturity.organisations.provinces()``): cbs_code,
        population_2024.
    overhead, years, discount, leader_level
        As for :func:`business_case`.
    keys
        The keys wanted, a selection of ``equal``, ``population``, ``mixed``.
    instrument
        Orders the elements; without it, elements follow their first appearance in ``scores``.

    Returns
    -------
    pandas.DataFrame
        Columns wave, element, province, key, share, net_benefit, koploper (bool); one row
        per participant and key, for every element with participants (net_benefit NaN when
        the element has no costs). Ordered by wave, element, province code, key (in ``keys``
        order).

    Raises
    ------
    ValueError
        For an unknown or repeated key, or a participant without a population figure when the
        population or mixed key is asked for.

    Examples
    --------
    >>> from bimmaturity.organisations import provinces
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV24"],
    ...                        "element": "OTL", "current": [2.0, 4.0], "gap": [1.0, 0.5]})
    >>> stated = scores[["wave", "province", "element"]].assign(stated_role="volgen")
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100.0], "cost_joint": [100.0]})
    >>> shares = cost_shares(scores, stated, costs, provinces(), overhead=0.0, keys=["equal"])
    >>> shares[["province", "share", "net_benefit", "koploper"]].to_dict("list")
    {'province': ['PV20', 'PV24'], 'share': [0.5, 0.5], 'net_benefit': [50.0, -50.0], \
'koploper': [False, True]}
    """
    keys = list(keys)
    unknown = [k for k in keys if k not in KEYS]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise ValueError(
            f"keys {keys!r} ongeldig; kies één of meer verschillende uit {', '.join(KEYS)}"
        )
    overhead_exact = non_negative(overhead, "overhead")
    factor = present_value_factor(years, discount)
    table = cost_items(costs)
    members = participants(scores, stated, leader_level=leader_level)
    need_population = any(k in ("population", "mixed") for k in keys)
    population: dict[str, Fraction] = {}
    if need_population:
        require_columns(provinces_frame, ["cbs_code", "population_2024"], "provinces_frame")
        for code, pop in zip(
            provinces_frame["cbs_code"], provinces_frame["population_2024"], strict=True
        ):
            if not is_missing(pop):
                population[str(code)] = non_negative(pop, f"population_2024 van {code}")
    if instrument is not None:
        element_order = _first_appearance([*instrument.element_ids, *pd.unique(scores["element"])])
    else:
        element_order = _first_appearance(pd.unique(scores["element"]))
    wave_order = {w: i for i, w in enumerate(waves_in(scores))}
    groups = sorted(
        members.groupby(["wave", "element"], sort=False),
        key=lambda item: (wave_order[item[0][0]], element_order[item[0][1]]),
    )
    frames = [pd.DataFrame(columns=SHARES_COLUMNS)]
    for (wave, element), group in groups:
        group = group.sort_values("province", kind="stable")
        codes = group["province"].astype(str).tolist()
        leading = group["koploper"].to_numpy(dtype=bool)
        shares = _shares(codes, keys, population if need_population else None)
        if need_population and not shares:
            raise ValueError(f"{wave} {element}: inwonertal van de deelnemers is 0")
        item = table.get(element)
        money = None
        if item is not None:
            per = item.per_alone(factor)
            joint = item.joint(overhead_exact, factor, len(codes))
            money = (per.numerator, per.denominator, joint.numerator, joint.denominator)
        share_of = np.empty((len(codes), len(keys)))
        net_of = np.full((len(codes), len(keys)), math.nan)
        # each share object (one for all under the equal key) and koploper flag computed once
        done: dict[tuple[int, bool], tuple[float, float]] = {}
        for j, key in enumerate(keys):
            for i, share in enumerate(shares[key]):
                pair = (id(share), bool(leading[i]))
                if pair not in done:
                    done[pair] = _share_and_net(share, bool(leading[i]), money)
                share_of[i, j], net_of[i, j] = done[pair]
        frames.append(
            pd.DataFrame(
                {
                    "wave": wave,
                    "element": element,
                    "province": np.repeat(codes, len(keys)),
                    "key": np.tile(keys, len(codes)),
                    "share": share_of.ravel(),
                    "net_benefit": net_of.ravel(),
                    "koploper": np.repeat(leading, len(keys)),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.astype(
        {
            "wave": "str",
            "element": "str",
            "province": "str",
            "key": "str",
            "share": "float64",
            "net_benefit": "float64",
            "koploper": "bool",
        }
    )


def _share_and_net(
    share: Fraction, leading: bool, money: tuple[int, int, int, int] | None
) -> tuple[float, float]:
    """A share as float and the net benefit ``(0 if koploper else per) - share * joint``
    rounded once: the exact value's numerator over its denominator (Python divides integers
    with correct rounding, so this is ``float()`` of the fraction without reducing it);
    NaN without costs. ``money``: per and joint as numerators and denominators."""
    n, d = share.numerator, share.denominator
    if money is None:
        return n / d, math.nan
    per_n, per_d, joint_n, joint_d = money
    if leading:
        return n / d, -(n * joint_n) / (d * joint_d)
    return n / d, (per_n * d * joint_d - n * joint_n * per_d) / (per_d * d * joint_d)


def _shares(
    codes: list[str], keys: Sequence[str], population: dict[str, Fraction] | None
) -> dict[str, list[Fraction]]:
    """Each participant's exact share under each key (rule 11); empty when the participants'
    population adds up to 0."""
    equal = Fraction(1, len(codes))
    shares = {"equal": [equal] * len(codes)}
    if population is not None:
        lacking = [code for code in codes if code not in population]
        if lacking:
            raise ValueError(
                f"geen inwonertal (population_2024) voor {', '.join(lacking)}; "
                "nodig voor de sleutel population/mixed"
            )
        # in whole numbers over a common denominator (the same fractions, each reduced once)
        people = [population[code] for code in codes]
        common = math.lcm(*(p.denominator for p in people))
        total = sum(p.numerator * (common // p.denominator) for p in people)  # x / common
        if total == 0:
            return {}
        n = len(codes)
        shares["population"] = [
            Fraction(p.numerator * common, p.denominator * total) for p in people
        ]
        shares["mixed"] = [  # (1/n + s) / 2
            Fraction(s.denominator + n * s.numerator, 2 * n * s.denominator)
            for s in shares["population"]
        ]
    return {key: shares[key] for key in keys}


# ---------------------------------------------------------------------------- totals
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
