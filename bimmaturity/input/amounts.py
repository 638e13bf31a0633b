"""Amounts as people type them in a cost table: Dutch and plain notations, read exactly.

The inverse of the report's :func:`bimmaturity.present.format.euro`; it lives on the input
side because reading what suppliers typed is input.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from numbers import Real

import pandas as pd

__all__ = ["parse_amount"]

_INVISIBLE = re.compile(r"[\s\u200b\ufeff]+")
_AMOUNT = re.compile(
    r"(?P<sign1>[-+\u2212]?)(?:€|eur)?(?P<sign2>[-+\u2212]?)"
    r"(?P<num>[0-9.,]+?)(?P<dash>,-{1,2})?(?:€|eur)?",
    re.IGNORECASE,
)
_WHOLE = re.compile(r"\d+")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d{1,2})?")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_DECIMAL_POINT = re.compile(r"\d+\.\d+")


def parse_amount(value: object) -> float | None:
    """Read an amount in euros from a cell: a number, or text written the Dutch way.

    The rule for text:

    - spaces (also non-breaking ones), a euro sign or ``EUR`` before or after, and a trailing
      ``,-`` (Dutch for "whole euros") are ignored; one leading minus sign is allowed;
    - a dot between groups of three digits is a thousands separator and a comma is the decimal
      comma, with at most two decimals: ``1.250.000,50``, ``1250,5``;
    - so ``1.250`` is one thousand two hundred and fifty (the Dutch reading);
    - a dot that does not separate groups of three is a decimal point, as programs write it:
      ``1250000.5``, ``0.15``;
    - anything else is refused rather than guessed, in particular a comma followed by three
      digits (``1,250,000`` is the English way of writing thousands and would be misread).

    Parameters
    ----------
    value
        The cell as read by pandas: a number, text, or empty.

    Returns
    -------
    float or None
        The amount; None for an empty cell (None, NaN, blank text).

    Raises
    ------
    ValueError
        When the value is not an amount (text that does not follow the rule, infinity, a
        boolean, a date).

    Examples
    --------
    >>> [parse_amount(v) for v in ["€ 1.250.000", "1.250.000,50", "1250000", "EUR 1.250,-"]]
    [1250000.0, 1250000.5, 1250000.0, 1250.0]
    >>> parse_amount("1250000.5"), parse_amount(750), parse_amount(" "), parse_amount("-1,5")
    (1250000.5, 750.0, None, -1.5)
    >>> parse_amount("1,250,000")
    Traceback (most recent call last):
    ...
    ValueError: '1,250,000' is geen bedrag
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is geen bedrag")
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Real) and not isinstance(value, str):
        number_value = float(value)
        if math.isnan(number_value):
            return None
        if not math.isfinite(number_value):
            raise ValueError(f"{str(value)!r} is geen bedrag")
        return number_value
    if not isinstance(value, str):
        raise ValueError(f"{str(value)!r} is geen bedrag")
    text = _INVISIBLE.sub("", value)
    if not text:
        return None
    match = _AMOUNT.fullmatch(text)
    if match is None or (match["sign1"] and match["sign2"]):
        raise ValueError(f"{value!r} is geen bedrag")
    sign = match["sign1"] or match["sign2"]
    num = match["num"]
    if match["dash"] and "," in num:
        raise ValueError(f"{value!r} is geen bedrag")
    if _WHOLE.fullmatch(num) or _DECIMAL_COMMA.fullmatch(num) or _THOUSANDS.fullmatch(num):
        canonical = num.replace(".", "").replace(",", ".")
    elif _DECIMAL_POINT.fullmatch(num):
        canonical = num
    else:
        raise ValueError(f"{value!r} is geen bedrag")
    amount = float(Decimal(canonical))
    return -amount if sign in ("-", "\u2212") and amount else amount
