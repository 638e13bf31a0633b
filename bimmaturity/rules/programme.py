"""The programme of the proposed deals: budget per year and the saving's sensitivity (rule 11).

Exact arithmetic as in :mod:`bimmaturity.rules.money`. The sensitivities follow rule 11: the
followers' cost of going alone against the joint cost with adoption costs, upkeep at its
present value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from numbers import Integral

import pandas as pd

from bimmaturity.config import DEFAULTS
from bimmaturity.frames import require_columns
from bimmaturity.rules.collaboration import proposed_deals
from bimmaturity.rules.money import (
    CostItem,
    cost_items,
    exact,
    is_missing,
    non_negative,
    present_value_factor,
)
from bimmaturity.rules.progress import waves_in

__all__ = [
    "COST_FACTORS",
    "OVERHEAD_GRID",
    "cost_alone_sensitivity",
    "programme_budget",
    "saving_sensitivity",
]

OVERHEAD_GRID = tuple(i / 20 for i in range(11))
"""Overhead values for :func:`saving_sensitivity`: 0, 0.05, ..., 0.5."""
COST_FACTORS = tuple(i / 20 for i in range(6, 21))
"""Shares of the estimated cost_alone for :func:`cost_alone_sensitivity`: 0.3, 0.35, ..., 1."""


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
        frame = proposed if "wave" in proposed.columns else proposed.assign(wave=wave)
        elements = proposed_deals(frame, wave)
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
        Columns year (1..len(phasing)), element, budget (euros, ``phasing[year-1] * joint``,
        ``joint`` as in the business case: development, present value of its upkeep and the
        participants' adoption costs;
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
    shares = [non_negative(p, "phasing") for p in phasing]
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
            budget = math.nan if is_missing(joint) else float(share * exact(joint))
            rows.append((year, element, budget))
    out = pd.DataFrame(rows, columns=["year", "element", "budget"])
    return out.astype({"year": "int64", "element": "str", "budget": "float64"})


def _selection(
    business_case_frame: pd.DataFrame,
    costs: pd.DataFrame,
    elements: Iterable[str] | None,
    wave: str | None,
) -> tuple[dict[str, CostItem], dict[str, tuple[int, int]], list[str]]:
    """Cost items, (koplopers, followers) per element, and the elements chosen."""
    table = cost_items(costs)
    require_columns(
        business_case_frame,
        ["wave", "element", "koplopers", "followers"],
        "business_case_frame",
    )
    chosen, frame = _pick_wave(business_case_frame, wave)
    counts = {
        str(e): (int(k), int(f))
        for e, k, f in zip(frame["element"], frame["koplopers"], frame["followers"], strict=True)
    }
    if elements is None:
        return table, counts, [e for e in counts if e in table]
    selected = list(dict.fromkeys(str(e) for e in elements))
    absent = [e for e in selected if e not in counts]
    if absent:
        raise ValueError(
            f"element(en) {', '.join(absent)} niet in de business case van meting {chosen}"
        )
    no_costs = [e for e in selected if e not in table]
    if no_costs:
        raise ValueError(f"geen kosten voor element(en) {', '.join(no_costs)}")
    return table, counts, selected


def saving_sensitivity(
    business_case_frame: pd.DataFrame,
    costs: pd.DataFrame,
    elements: Iterable[str] | None = None,
    *,
    wave: str | None = None,
    overhead: float = DEFAULTS.overhead,
    years: int = DEFAULTS.years,
    discount: float = DEFAULTS.discount,
    overheads: Iterable[float] = OVERHEAD_GRID,
    counts: Iterable[int] = range(1, 13),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Total saving of some elements as the overhead varies, and as the followers vary.

    Parameters
    ----------
    business_case_frame
        From :func:`business_case`; gives each element's koplopers and followers.
    costs
        The cost assumptions (as for :func:`business_case`).
    elements
        The elements to add up; None for every element of the wave that has costs.
    wave
        The wave; None for the latest.
    overhead, years, discount
        The overhead used for the followers curve; the upkeep's years and discount rate.
    overheads
        The overhead values of the first curve (default 0, 0.05, ..., 0.5).
    counts
        The numbers of followers of the second curve (default 1..12), applied to every
        element, its koplopers as they are.

    Returns
    -------
    by_overhead : pandas.DataFrame
        Columns overhead, saving: ``sum_e |F(e)| * per(e) - joint(e)`` at each overhead.
    by_followers : pandas.DataFrame
        Columns followers, saving: ``sum_e m * per(e) - (1 + overhead) * (cost_joint +
        D * upkeep_joint) - (m + |K(e)|) * cost_adopt`` for m followers.

    Raises
    ------
    ValueError
        When an element is not in the business case of the wave or has no costs.

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "2020", "element": ["OTL"], "koplopers": [1],
    ...                    "followers": [3]})
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100.0], "cost_joint": [200.0],
    ...                       "cost_adopt": [10.0]})
    >>> by_overhead, by_n = saving_sensitivity(bc, costs, ["OTL"], overheads=[0, 0.5],
    ...                                        counts=[1, 2])
    >>> by_overhead["saving"].tolist(), by_n["saving"].tolist()  # 300 - 200 - 40; 100 - 230 - 20
    ([60.0, -40.0], [-150.0, -60.0])
    """
    overhead_exact = non_negative(overhead, "overhead")
    factor = present_value_factor(years, discount)
    table, numbers, chosen_elements = _selection(business_case_frame, costs, elements, wave)
    by_overhead = []
    for value in overheads:
        rate = non_negative(value, "overheads")
        total = sum(
            (
                table[e].saving(rate, factor, numbers[e][1], sum(numbers[e]))
                for e in chosen_elements
            ),
            Fraction(0),
        )
        by_overhead.append((float(rate), float(total)))
    by_count = []
    for n in counts:
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ValueError(f"counts: {n!r} is geen aantal volgers")
        total = sum(
            (
                table[e].saving(overhead_exact, factor, int(n), int(n) + numbers[e][0])
                for e in chosen_elements
            ),
            Fraction(0),
        )
        by_count.append((int(n), float(total)))
    return (
        pd.DataFrame(by_overhead, columns=["overhead", "saving"]).astype("float64"),
        pd.DataFrame(by_count, columns=["followers", "saving"]).astype(
            {"followers": "int64", "saving": "float64"}
        ),
    )


def cost_alone_sensitivity(
    business_case_frame: pd.DataFrame,
    costs: pd.DataFrame,
    elements: Iterable[str] | None = None,
    *,
    wave: str | None = None,
    overhead: float = DEFAULTS.overhead,
    years: int = DEFAULTS.years,
    discount: float = DEFAULTS.discount,
    factors: Iterable[float] = COST_FACTORS,
) -> pd.DataFrame:
    """Total saving of some elements when going alone costs a share of the estimate.

    The saving depends on the estimated ``cost_alone`` far more than on the overhead (rule
    11): for each factor f, ``sum_e |F(e)| * (f * cost_alone(e) + D * upkeep_alone(e)) -
    joint(e)``, the upkeep, the joint cost and the participants as they are.

    Parameters
    ----------
    business_case_frame
        From :func:`business_case`; gives each element's koplopers and followers.
    costs
        The cost assumptions (as for :func:`business_case`).
    elements
        The elements to add up (e.g. the proposed deals); None for every element with costs.
    wave
        The wave; None for the latest.
    overhead, years, discount
        As for :func:`business_case`.
    factors
        The shares of the estimate (default 0.3, 0.35, ..., 1.0).

    Returns
    -------
    pandas.DataFrame
        Columns factor, saving (floats), one row per factor in the order given.

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "2020", "element": ["OTL"], "koplopers": [1],
    ...                    "followers": [3]})
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100.0], "cost_joint": [200.0]})
    >>> cost_alone_sensitivity(bc, costs, overhead=0, factors=[0.5, 1]).values.tolist()
    [[0.5, -50.0], [1.0, 100.0]]
    """
    overhead_exact = non_negative(overhead, "overhead")
    factor = present_value_factor(years, discount)
    table, numbers, chosen_elements = _selection(business_case_frame, costs, elements, wave)
    rows = []
    for value in factors:
        share = non_negative(value, "factors")
        total = Fraction(0)
        for e in chosen_elements:
            item = table[e]
            koplopers, followers = numbers[e]
            per = share * item.cost_alone + factor * item.upkeep_alone
            total += followers * per - item.joint(overhead_exact, factor, koplopers + followers)
        rows.append((float(share), float(total)))
    return pd.DataFrame(rows, columns=["factor", "saving"]).astype("float64")
