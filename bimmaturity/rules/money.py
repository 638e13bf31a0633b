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
from bimmaturity.input.costs import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

__all__ = ["CostItem", "break_even", "cost_items", "exact", "is_missing", "non_negative"]


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


@dataclass(frozen=True)
class CostItem:
    """The exact costs of one element (euros).

    Examples
    --------
    >>> item = CostItem(Fraction(100), Fraction(200), Fraction(10), Fraction(0))
    >>> item.per_province_alone(Fraction(3)), item.joint(Fraction(15, 100), Fraction(3))
    (Fraction(130, 1), Fraction(230, 1))
    """

    cost_alone: Fraction
    cost_joint: Fraction
    upkeep_alone: Fraction
    upkeep_joint: Fraction

    def per_province_alone(self, years: Fraction) -> Fraction:
        """One organisation's cost of going alone: ``cost_alone + years * upkeep_alone``."""
        return self.cost_alone + years * self.upkeep_alone

    def joint(self, overhead: Fraction, years: Fraction) -> Fraction:
        """One joint development: ``(1 + overhead) * (cost_joint + years * upkeep_joint)``."""
        return (1 + overhead) * (self.cost_joint + years * self.upkeep_joint)


def cost_items(costs: pd.DataFrame) -> dict[str, CostItem]:
    """Element -> exact costs, for elements with both one-off costs present.

    Examples
    --------
    >>> costs = pd.DataFrame({"element": ["OTL", "DATA"], "cost_alone": [100.0, None],
    ...                       "cost_joint": [250.5, 10.0]})
    >>> cost_items(costs)["OTL"].cost_joint, sorted(cost_items(costs))
    (Fraction(501, 2), ['OTL'])
    """
    require_columns(costs, REQUIRED_COLUMNS, "costs")
    if costs["element"].duplicated().any():
        doubles = sorted(set(costs.loc[costs["element"].duplicated(), "element"].astype(str)))
        raise ValueError(f"costs: element(en) dubbel: {', '.join(doubles)}")
    table: dict[str, CostItem] = {}
    for _, row in costs.iterrows():
        if is_missing(row["cost_alone"]) or is_missing(row["cost_joint"]):
            continue
        values = {}
        for column in ("cost_alone", "cost_joint", *OPTIONAL_COLUMNS):
            raw = row[column] if column in costs.columns else 0
            raw = 0 if is_missing(raw) else raw
            values[column] = non_negative(raw, f"costs: {column} van {row['element']}")
        table[str(row["element"])] = CostItem(**values)
    return table


def break_even(per_alone: Fraction, joint: Fraction) -> int | None:
    """The fewest participants (at least 1) for whom going alone costs at least the joint
    development; None when going alone costs nothing but the joint development does.

    Examples
    --------
    >>> break_even(Fraction(100), Fraction(230)), break_even(Fraction(0), Fraction(1))
    (3, None)
    """
    if joint <= 0:
        return 1
    if per_alone <= 0:
        return None
    return max(1, math.ceil(joint / per_alone))
