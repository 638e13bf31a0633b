"""The programme of the proposed deals: budget per year and the saving's sensitivity (rule 11).

Exact arithmetic as in :mod:`bimmaturity.rules.money`.
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
from bimmaturity.rules.money import cost_items, exact, is_missing, non_negative
from bimmaturity.rules.progress import waves_in

__all__ = ["OVERHEAD_GRID", "programme_budget", "saving_sensitivity"]

OVERHEAD_GRID = tuple(i / 20 for i in range(11))
"""Overhead values for :func:`saving_sensitivity`: 0, 0.05, ..., 0.5."""


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


def saving_sensitivity(
    business_case_frame: pd.DataFrame,
    costs: pd.DataFrame,
    elements: Iterable[str] | None = None,
    *,
    wave: str | None = None,
    overhead: float = DEFAULTS.overhead,
    years: int = DEFAULTS.years,
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
    overhead_exact = non_negative(overhead, "overhead")
    years_exact = non_negative(years, "years")
    table = cost_items(costs)
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
        rate = non_negative(value, "overheads")
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
