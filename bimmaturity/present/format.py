"""Dutch number formatting for reports and small Dutch text helpers.

Reports are in Dutch: a decimal comma, a dot between thousands (``1.250.000,5``), a real
minus sign (U+2212, ``−0,4``, as Vega writes it on chart axes), amounts in euros as
``€ 1.250.000`` and ``€ −1.532.000`` (one style in sentences, tables and chart labels), ranges
as ``2,1 tot 2,9``. Missing values (None, NaN, ``pd.NA``) show as an en dash ``–``.

Rounding is half away from zero on the value *as written* (the shortest decimal form of a
float), so ``number(2.25)`` is ``'2,3'`` and ``money(0.5)`` is ``'€ 1'``, never the binary
surprise ``'2,2'``. A value that rounds to zero never shows a sign: not ``−0,0``, not ``+0,0``.

A difference shown beside its two rounded parts is the difference *of the rounded parts*
(:func:`difference`), so ``1,5`` and ``2,0`` are never shown beside ``+0,6``.

Reading amounts typed into the cost table is input: :mod:`bimmaturity.input.amounts`.

The text helpers build the pieces every report sentence uses: enumerations (``a, b en c``),
counts in words or digits (``twee provincies``, ``geen deelnemer``), province names in
alphabetical or code order, and ``ja``/``nee``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from numbers import Integral, Rational, Real

import pandas as pd

from bimmaturity.organisations import province_name

__all__ = [
    "CURRENCY",
    "MINUS",
    "MISSING",
    "RANGE_WORD",
    "approx_euro",
    "count",
    "count_words",
    "difference",
    "euro",
    "euro_range",
    "full_stop",
    "interval",
    "is_missing",
    "listing",
    "money",
    "names_by_code",
    "number",
    "number_word",
    "percent",
    "probability",
    "province_names",
    "rise_fall",
    "rounded",
    "share_percent",
    "signed",
    "signed_difference",
    "vega_money",
    "vega_signed",
    "whole",
    "yes_no",
]

MISSING = "–"
"""What a missing value looks like in a report (an en dash)."""

MINUS = "\u2212"
"""The minus sign of every negative number in a report (U+2212, as on Vega's chart axes)."""

RANGE_WORD = "tot"
"""The word between the bounds of every range and interval: ``2,1 tot 2,9``."""

CURRENCY = "€ "
"""What comes before an amount in euros (the same as the charts' Dutch number locale)."""


def _to_decimal(x: object) -> Decimal | None:
    """The exact decimal value of ``x`` as written, or None when missing or not finite."""
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, bool):
        raise TypeError(f"{x!r} is geen getal")
    if isinstance(x, Decimal):
        return x if x.is_finite() else None
    if isinstance(x, Integral):
        return Decimal(int(x))
    if isinstance(x, Rational):
        with localcontext() as ctx:
            ctx.prec = 60
            return Decimal(int(x.numerator)) / Decimal(int(x.denominator))
    if isinstance(x, Real):
        value = float(x)
        if not math.isfinite(value):
            return None
        return Decimal(repr(value))
    raise TypeError(f"{x!r} is geen getal")


def _format(value: Decimal, decimals: int) -> str:
    if decimals < 0:
        raise ValueError(f"decimals moet >= 0 zijn, niet {decimals}")
    with localcontext() as ctx:
        ctx.prec = 80
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = ".".join(groups)
    return f"{sign}{body},{fraction}" if fraction else f"{sign}{body}"


def number(x: object, decimals: int = 1) -> str:
    """Format a number the Dutch way: decimal comma, a dot between thousands.

    Parameters
    ----------
    x
        An int, float, Decimal, Fraction or numpy number; None, NaN and ``pd.NA`` are missing.
    decimals
        Digits after the comma (rounded half away from zero), 0 for a whole number.

    Returns
    -------
    str
        For example ``'2,5'``, ``'1.234,5'`` or ``'−0,4'`` (a real minus sign); ``'–'`` when
        ``x`` is missing or not finite.

    Examples
    --------
    >>> number(2.5), number(1234.56, 2), number(-0.04), number(2.25), number(float("nan"))
    ('2,5', '1.234,56', '0,0', '2,3', '–')
    >>> number(-0.4) == "\u22120,4"
    True
    >>> number(1250000, 0)
    '1.250.000'
    """
    value = _to_decimal(x)
    if value is None:
        return MISSING
    return _format(value, decimals)


def money(amount: object, decimals: int = 0) -> str:
    """Format an amount in euros: ``€ 1.250.000``, ``€ −1.532.000``.

    The one currency style of the reports (sentences, tables, chart labels): the euro sign, a
    space, Dutch grouping, and a real minus sign (U+2212) between the sign and the digits.
    Rounded to whole euros by default (half away from zero); an amount that rounds to zero has
    no sign.

    Parameters
    ----------
    amount
        The amount in euros; None, NaN and ``pd.NA`` are missing.
    decimals
        Digits for cents (default 0: whole euros).

    Returns
    -------
    str
        ``'€ 1.250.000'``, ``'€ −1.250'``, or ``'–'`` when missing.

    Examples
    --------
    >>> money(1250000), money(0.4), money(1250.5, decimals=2), money(None)
    ('€ 1.250.000', '€ 0', '€ 1.250,50', '–')
    >>> money(-1532000) == "€ \u22121.532.000"
    True
    """
    value = _to_decimal(amount)
    if value is None:
        return MISSING
    return f"{CURRENCY}{_format(value, decimals)}"


euro = money
"""The same function as :func:`money` (its older name)."""


def _rounded_amount(amount: object) -> tuple[Decimal, bool] | None:
    """An amount rounded for a sentence, and whether it reads in millions."""
    value = _to_decimal(amount)
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 80
        if abs(value) >= Decimal("999500"):
            millions = (value / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            return millions, True
        if value == 0:
            return Decimal(0), False
        digits = abs(value).adjusted()  # 10^digits <= |value| < 10^(digits + 1)
        step = Decimal(1).scaleb(max(digits - 1, 0))
        return (value / step).quantize(Decimal(1), ROUND_HALF_UP) * step, False


def approx_euro(amount: object) -> str:
    """An amount rounded for a sentence: two significant digits, millions with one decimal.

    Reports round hypothetical amounts (savings, costs of going alone) in their sentences;
    the tables keep whole euros (:func:`money`). Same style as :func:`money`.

    Parameters
    ----------
    amount
        The amount in euros; None, NaN and ``pd.NA`` are missing.

    Returns
    -------
    str
        ``'€ 15,6 miljoen'``, ``'€ 870.000'``, ``'€ 4.600'``; ``'–'`` when missing.

    Examples
    --------
    >>> approx_euro(15_574_000), approx_euro(871_102), approx_euro(4_560)
    ('€ 15,6 miljoen', '€ 870.000', '€ 4.600')
    >>> approx_euro(999_700), approx_euro(0.4), approx_euro(None)
    ('€ 1,0 miljoen', '€ 0', '–')
    >>> approx_euro(-1_532_000) == "€ \u22121,5 miljoen"
    True
    """
    rounded = _rounded_amount(amount)
    if rounded is None:
        return MISSING
    value, millions = rounded
    if millions:
        return f"{CURRENCY}{_format(value, 1)} miljoen"
    return f"{CURRENCY}{_format(value, 0)}"


def euro_range(low: object, high: object) -> str:
    """A range of amounts rounded as :func:`approx_euro`: ``€ 6,1 tot 11,4 miljoen``.

    Parameters
    ----------
    low, high
        The bounds in euros.

    Returns
    -------
    str
        ``'€ 6,1 tot 11,4 miljoen'``, ``'€ 450.000 tot € 1,2 miljoen'``; one amount when
        both bounds round alike; ``'–'`` when a bound is missing.

    Examples
    --------
    >>> euro_range(6_120_000, 11_400_000), euro_range(452_000, 1_210_000)
    ('€ 6,1 tot 11,4 miljoen', '€ 450.000 tot € 1,2 miljoen')
    >>> euro_range(1_000, 1_020)
    '€ 1.000'
    >>> euro_range(-300_000, 150_000) == "€ \u2212300.000 tot € 150.000"
    True
    """
    first, second = _rounded_amount(low), _rounded_amount(high)
    if first is None or second is None:
        return MISSING
    if approx_euro(low) == approx_euro(high):
        return approx_euro(low)
    if first[1] and second[1] and first[0] >= 0:
        return f"{CURRENCY}{_format(first[0], 1)} {RANGE_WORD} {_format(second[0], 1)} miljoen"
    return f"{approx_euro(low)} {RANGE_WORD} {approx_euro(high)}"


def probability(p: object) -> str:
    """A probability from resampling as a whole percentage; ``–`` when it was not computed.

    Examples
    --------
    >>> probability(0.712), probability(1.0), probability(0.996), probability(None)
    ('71%', '100%', '100%', '–')
    """
    return percent(p, 0)


def percent(x: object, decimals: int = 0) -> str:
    """Format a share (0.15) as a Dutch percentage (``'15%'``).

    Parameters
    ----------
    x
        A share: 1 is 100%. None, NaN and ``pd.NA`` are missing.
    decimals
        Digits after the comma of the percentage.

    Returns
    -------
    str
        For example ``'15%'`` or ``'12,5%'``; ``'–'`` when missing.

    Examples
    --------
    >>> percent(0.15), percent(0.125, 1), percent(1), percent(float("nan"))
    ('15%', '12,5%', '100%', '–')
    """
    value = _to_decimal(x)
    if value is None:
        return MISSING
    return f"{_format(value * 100, decimals)}%"


_NUMBER_WORDS = (
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
)


def number_word(n: int) -> str:
    """A count as a Dutch word up to twelve, digits above.

    Examples
    --------
    >>> number_word(1), number_word(12), number_word(13)
    ('één', 'twaalf', '13')
    """
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def listing(parts: list[str]) -> str:
    """A Dutch enumeration: ``a``, ``a en b``, ``a, b en c``.

    Examples
    --------
    >>> listing(["Zeeland"]), listing(["Zeeland", "Drenthe", "Limburg"])
    ('Zeeland', 'Zeeland, Drenthe en Limburg')
    """
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def signed(x: object, decimals: int = 1) -> str:
    """A change with its sign: ``+0,8``, ``−0,4`` (U+2212); ``0,0`` without a sign.

    Examples
    --------
    >>> signed(0.75), signed(0.0), signed(0.04), signed(-0.04), signed(None)
    ('+0,8', '0,0', '0,0', '0,0', '–')
    >>> signed(-0.4) == "\u22120,4"
    True
    """
    text = number(x, decimals)
    if text == MISSING or text.startswith(MINUS) or text == number(0, decimals):
        return text
    return "+" + text


def interval(lo: object, hi: object, decimals: int = 1, *, sign: bool = False) -> str:
    """A range or interval, the one style of the reports: ``2,1 tot 2,9``.

    Parameters
    ----------
    lo, hi
        The bounds; None, NaN and ``pd.NA`` are missing.
    decimals
        Digits after the comma of each bound.
    sign
        Write each bound with its sign (:func:`signed`), for the interval of a change.

    Returns
    -------
    str
        ``'2,1 tot 2,9'``, ``'+0,20 tot +1,35'``; ``'–'`` when a bound is missing.

    Examples
    --------
    >>> interval(2.14, 2.88), interval(0.2, 1.35, 2, sign=True), interval(None, 2.0)
    ('2,1 tot 2,9', '+0,20 tot +1,35', '–')
    """
    if is_missing(lo) or is_missing(hi):
        return MISSING
    shown = signed if sign else number
    return f"{shown(lo, decimals)} {RANGE_WORD} {shown(hi, decimals)}"


def _rounded_decimal(x: object, decimals: int) -> Decimal | None:
    value = _to_decimal(x)
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 80
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else Decimal(0).quantize(rounded)


def rounded(x: object, decimals: int = 1) -> float:
    """A number as a report shows it (:func:`number`), back as a float; NaN when missing.

    Examples
    --------
    >>> rounded(2.25), rounded(-0.04), rounded(1234.567, 2), rounded(None)
    (2.3, 0.0, 1234.57, nan)
    """
    value = _rounded_decimal(x, decimals)
    return math.nan if value is None else float(value)


def difference(before: object, after: object, decimals: int = 1) -> float:
    """``after - before`` as shown beside the two: the difference of the *rounded* parts.

    A report that shows ``1,5`` and ``2,0`` shows ``+0,5`` beside them, even when the unrounded
    change is 0,56: the numbers on a page never contradict each other. NaN when a part is
    missing. (With :func:`signed`: :func:`signed_difference`.)

    Examples
    --------
    >>> difference(1.46, 2.02), difference(2.25, 2.0), difference(3.0, None)
    (0.5, -0.3, nan)
    """
    first, second = _rounded_decimal(before, decimals), _rounded_decimal(after, decimals)
    if first is None or second is None:
        return math.nan
    return float(second - first)


def signed_difference(before: object, after: object, decimals: int = 1) -> str:
    """The change from ``before`` to ``after`` as shown beside the rounded parts, with its sign.

    Examples
    --------
    >>> number(1.46), number(2.02), signed_difference(1.46, 2.02)
    ('1,5', '2,0', '+0,5')
    >>> signed_difference(2.04, 1.96), signed_difference(None, 1.0)
    ('0,0', '–')
    """
    return signed(difference(before, after, decimals), decimals)


def rise_fall(change: object, decimals: int = 1, unit: str = "niveau") -> str:
    """A change in words whose verb follows its (rounded) sign: ``steeg met 0,3 niveau``,
    ``daalde met 0,5 niveau``, ``bleef gelijk``; never a rise by a negative number.

    Examples
    --------
    >>> rise_fall(0.25), rise_fall(-0.5), rise_fall(0.04), rise_fall(None)
    ('steeg met 0,3 niveau', 'daalde met 0,5 niveau', 'bleef gelijk', '–')
    """
    value = _rounded_decimal(change, decimals)
    if value is None:
        return MISSING
    if value == 0:
        return "bleef gelijk"
    verb = "steeg" if value > 0 else "daalde"
    return f"{verb} met {_format(abs(value), decimals)} {unit}".rstrip()


def full_stop(text: str) -> str:
    """``text`` ending with one full stop: none added after ``.``, ``!`` or ``?``.

    Examples
    --------
    >>> full_stop("Kies n.v.t."), full_stop("Kies leeg"), full_stop("")
    ('Kies n.v.t.', 'Kies leeg.', '')
    """
    stripped = text.rstrip()
    if not stripped or stripped.endswith((".", "!", "?")):
        return stripped
    return stripped + "."


def vega_money(expr: str = "datum.value") -> str:
    """A Vega expression writing an amount as :func:`money` does (``€ −1.532.000``), for an
    axis ``labelExpr``; the minus sign and the grouping come from the chart's Dutch locale.

    Examples
    --------
    >>> vega_money()
    "'€ ' + format(datum.value, ',.0f')"
    """
    return f"'{CURRENCY}' + format({expr}, ',.0f')"


def vega_signed(expr: str = "datum.value", decimals: int = 1) -> str:
    """A Vega expression writing a change as :func:`signed` does: ``+0,5``, ``−0,5``, and
    ``0,0`` without a sign (never ``+0,0`` or ``−0,0``), for a legend or axis ``labelExpr``.

    Examples
    --------
    >>> vega_signed()
    "abs(datum.value) < 0.05 ? format(0, '.1f') : format(datum.value, '+.1f')"
    """
    half = _format(Decimal(5).scaleb(-decimals - 1), decimals + 1).replace(",", ".")
    return f"abs({expr}) < {half} ? format(0, '.{decimals}f') : format({expr}, '+.{decimals}f')"


def whole(x: object) -> str:
    """A whole number the Dutch way (``number(x, 0)``), for counts in tables.

    Examples
    --------
    >>> whole(1250), whole(2.5), whole(None)
    ('1.250', '3', '–')
    """
    return number(x, 0)


def share_percent(x: object) -> str:
    """A share as a percentage with one decimal (``percent(x, 1)``), for cost shares.

    Examples
    --------
    >>> share_percent(0.125), share_percent(1)
    ('12,5%', '100,0%')
    """
    return percent(x, 1)


def is_missing(value: object) -> bool:
    """Whether a single value is missing (None, NaN, ``pd.NA``, ``pd.NaT``).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(pd.NA), is_missing(0)
    (True, True, True, False)
    """
    return value is None or bool(pd.isna(value))


def yes_no(value: object) -> str:
    """``ja`` or ``nee`` for a truth value; ``–`` when it is missing (unknown).

    Examples
    --------
    >>> yes_no(True), yes_no(False), yes_no(pd.NA)
    ('ja', 'nee', '–')
    """
    if is_missing(value):
        return MISSING
    return "ja" if bool(value) else "nee"


def count_words(n: int, singular: str, plural: str) -> str:
    """A count in words up to twelve with its noun: ``één provincie``, ``acht provincies``.

    Examples
    --------
    >>> count_words(1, "provincie", "provincies"), count_words(8, "cluster", "clusters")
    ('één provincie', 'acht clusters')
    """
    return f"{number_word(n)} {singular if n == 1 else plural}"


def count(n: int, singular: str, plural: str) -> str:
    """A count in digits with its noun, ``geen`` for zero: ``geen deelnemer``, ``3 deelnemers``.

    Examples
    --------
    >>> count(0, "deelnemer", "deelnemers"), count(3, "deelnemer", "deelnemers")
    ('geen deelnemer', '3 deelnemers')
    """
    if n == 0:
        return f"geen {singular}"
    return f"{n} {singular if n == 1 else plural}"


def province_names(codes: list[str]) -> list[str]:
    """Province names for CBS codes, alphabetically (as a sentence lists them).

    Examples
    --------
    >>> province_names(["PV28", "PV20", "PV21"])
    ['Fryslân', 'Groningen', 'Zuid-Holland']
    """
    return sorted((province_name(c) for c in codes), key=str.casefold)


def names_by_code(codes: object) -> list[str]:
    """The names of the distinct provinces among ``codes``, in CBS-code order (chart axes).

    Examples
    --------
    >>> names_by_code(["PV28", "PV20", "PV28"])
    ['Groningen', 'Zuid-Holland']
    """
    return [province_name(code) for code in sorted(set(codes))]
