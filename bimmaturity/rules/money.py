"""Exact euro arithmetic for the business case (rule 11).

Every input amount and parameter is taken at the decimal value it is written with (the
shortest decimal form of the float, so ``0.15`` is exactly 15/100) and the formulas are
evaluated with exact fractions; results are rounded to float only at the end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import pandas as pd

from bimmaturity.frames import require_columns
from bimmaturity.input.costs import REQUIRED_COLUMNS

__all__ = [
    "AMOUNT_COLUMNS",
    "CostItem",
    "break_even",
    "cost_items",
    "exact",
    "is_missing",
    "non_negative",
    "present_value_factor",
]


def exact(value: object, name: str = "waarde") -> Fraction:
    """The decimal value of a number as written: 0.15 is exactly 15/100.

    Examples
    --------
    >>> exact(0.15), exact(3)
    (Fraction(3, 20), Fraction(3, 1))
    """
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


def non_negative(value: object, name: str) -> Fraction:
    """:func:`exact`, refusing a negative number (the error names ``name``).

    Examples
    --------
    >>> non_negative(1.15, "overhead")
    Fraction(23, 20)
    """
    number = exact(value, name)
    if number < 0:
        raise ValueError(f"{name} moet >= 0 zijn, niet {value!r}")
    return number


def is_missing(value: object) -> bool:
    """True for None, NaN, pd.NA, NaT and blank text.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), " ", 0)]
    [True, True, True, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def present_value_factor(years: object, discount: object) -> Fraction:
    """``D = sum over t = 1..years of (1 + discount)^-t``, exactly (rule 11).

    Examples
    --------
    >>> present_value_factor(3, 0)
    Fraction(3, 1)
    >>> float(present_value_factor(2, 0.25))  # 1/1.25 + 1/1.5625 = 0.8 + 0.64
    1.44
    """
    n = non_negative(years, "years")
    if n.denominator != 1:
        raise ValueError(f"years moet een geheel aantal zijn, niet {years!r}")
    rate = 1 + non_negative(discount, "discount")
    factor, term = Fraction(0), Fraction(1)
    for _ in range(int(n)):
        term /= rate
        factor += term
    return factor


@dataclass(frozen=True)
class CostItem:
    """The exact costs of one element (euros); the ranges default to the central values.

    Examples
    --------
    >>> item = CostItem(Fraction(100), Fraction(200), Fraction(10), Fraction(0), Fraction(5))
    >>> item.per_alone(Fraction(3)), item.joint(Fraction(15, 100), Fraction(3), 2)
    (Fraction(130, 1), Fraction(240, 1))
    >>> item.cost_alone_low, item.joint(Fraction(0), Fraction(0), 0, "high")
    (Fraction(100, 1), Fraction(200, 1))
    """

    cost_alone: Fraction
    cost_joint: Fraction
    upkeep_alone: Fraction = Fraction(0)
    upkeep_joint: Fraction = Fraction(0)
    cost_adopt: Fraction = Fraction(0)
    cost_alone_low: Fraction | None = None
    cost_alone_high: Fraction | None = None
    cost_joint_low: Fraction | None = None
    cost_joint_high: Fraction | None = None

    def __post_init__(self) -> None:
        for name in ("cost_alone", "cost_joint"):
            for end in ("low", "high"):
                if getattr(self, f"{name}_{end}") is None:
                    object.__setattr__(self, f"{name}_{end}", getattr(self, name))

    def per_alone(self, factor: Fraction, case: str = "central") -> Fraction:
        """One follower's cost of going alone: ``cost_alone + D * upkeep_alone``.

        ``case`` ``"low"`` / ``"high"`` takes ``cost_alone_low`` / ``cost_alone_high``.
        """
        cost = self.cost_alone if case == "central" else getattr(self, f"cost_alone_{case}")
        return cost + factor * self.upkeep_alone

    def development(self, overhead: Fraction, factor: Fraction, case: str = "central") -> Fraction:
        """One joint development: ``(1 + overhead) * (cost_joint + D * upkeep_joint)``."""
        cost = self.cost_joint if case == "central" else getattr(self, f"cost_joint_{case}")
        return (1 + overhead) * (cost + factor * self.upkeep_joint)

    def joint(
        self, overhead: Fraction, factor: Fraction, participants: int, case: str = "central"
    ) -> Fraction:
        """The joint cost: the development plus ``|P| * cost_adopt``."""
        return self.development(overhead, factor, case) + participants * self.cost_adopt

    def saving(
        self,
        overhead: Fraction,
        factor: Fraction,
        followers: int,
        participants: int,
        case: str = "central",
    ) -> Fraction:
        """``|F| * per - joint``; ``case`` ``"low"`` pairs ``cost_alone_low`` with
        ``cost_joint_high``, ``"high"`` pairs ``cost_alone_high`` with ``cost_joint_low``."""
        other = {"central": "central", "low": "high", "high": "low"}[case]
        return followers * self.per_alone(factor, case) - self.joint(
            overhead, factor, participants, other
        )


AMOUNT_COLUMNS = (
    "upkeep_alone",
    "upkeep_joint",
    "cost_adopt",
    "cost_alone_low",
    "cost_alone_high",
    "cost_joint_low",
    "cost_joint_high",
)
_RANGE_COLUMNS = AMOUNT_COLUMNS[3:]


def cost_items(costs: pd.DataFrame) -> dict[str, CostItem]:
    """Element -> exact costs, for elements with both one-off costs present.

    A missing upkeep or adoption cost is 0; a missing range value is the central value.

    Examples
    --------
    >>> costs = pd.DataFrame({"element": ["OTL", "DATA"], "cost_alone": [100.0, None],
    ...                       "cost_joint": [250.5, 10.0], "cost_joint_high": [300.0, None]})
    >>> item = cost_items(costs)["OTL"]
    >>> item.cost_joint, item.cost_joint_high, item.cost_joint_low, sorted(cost_items(costs))
    (Fraction(501, 2), Fraction(300, 1), Fraction(501, 2), ['OTL'])
    """
    require_columns(costs, REQUIRED_COLUMNS, "costs")
    if costs["element"].duplicated().any():
        doubles = sorted(set(costs.loc[costs["element"].duplicated(), "element"].astype(str)))
        raise ValueError(f"costs: element(en) dubbel: {', '.join(doubles)}")
    table: dict[str, CostItem] = {}
    for _, row in costs.iterrows():
        if is_missing(row["cost_alone"]) or is_missing(row["cost_joint"]):
            continue
        values: dict[str, Fraction | None] = {}
        for column in ("cost_alone", "cost_joint", *AMOUNT_COLUMNS):
            raw = row[column] if column in costs.columns else None
            if is_missing(raw):
                values[column] = None if column in _RANGE_COLUMNS else Fraction(0)
            else:
                values[column] = non_negative(raw, f"costs: {column} van {row['element']}")
        table[str(row["element"])] = CostItem(**values)
    return table


def break_even(
    per_alone: Fraction, development: Fraction, koplopers: int, adopt: Fraction
) -> int | None:
    """The fewest followers m >= 1, the koplopers as they are, for whom going alone costs at
    least the joint cost: ``m * per >= development + (m + |K|) * adopt`` (rule 11); None when
    ``per <= adopt`` (it never pays).

    Examples
    --------
    >>> break_even(Fraction(100), Fraction(230), 0, Fraction(0))
    3
    >>> break_even(Fraction(100), Fraction(230), 2, Fraction(10))  # 90 m >= 250
    3
    >>> break_even(Fraction(10), Fraction(0), 0, Fraction(10)) is None
    True
    """
    if per_alone <= adopt:
        return None
    return max(1, math.ceil((development + koplopers * adopt) / (per_alone - adopt)))
