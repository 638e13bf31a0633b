"""Dutch number formatting and reading Dutch-formatted amounts."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from bimmaturity.input.amounts import parse_amount
from bimmaturity.present.format import (
    MISSING,
    approx_euro,
    euro,
    euro_range,
    number,
    percent,
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_250_000, "€ 1.250.000"),
        (1_250_000.49, "€ 1.250.000"),
        (1_250_000.5, "€ 1.250.001"),  # half away from zero
        (999, "€ 999"),
        (1000, "€ 1.000"),
        (0, "€ 0"),
        (-0.4, "€ 0"),  # no minus on zero
        (-1250, "€ −1.250"),
        (-1249.5, "€ −1.250"),
        (np.float64(2_663_653.0), "€ 2.663.653"),
        (np.int64(7), "€ 7"),
        (Decimal("12.5"), "€ 13"),
        (Fraction(299_000, 3), "€ 99.667"),
        (1e15, "€ 1.000.000.000.000.000"),
    ],
)
def test_euro(amount: object, expected: str) -> None:
    assert euro(amount) == expected


def test_euro_with_cents() -> None:
    assert euro(1250.5, decimals=2) == "€ 1.250,50"
    assert euro(0.125, decimals=2) == "€ 0,13"


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA, float("inf")])
def test_missing(missing: object) -> None:
    assert euro(missing) == MISSING == "–"
    assert number(missing) == "–"
    assert percent(missing) == "–"


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (2.5, 1, "2,5"),
        (2.25, 1, "2,3"),  # the decimal as written, not its binary neighbour 2.2499...
        (2.35, 1, "2,4"),
        (3, 1, "3,0"),
        (3.14159, 2, "3,14"),
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (-2.5, 1, "−2,5"),
        (-0.04, 1, "0,0"),
        (0.5, 0, "1"),
        (-0.5, 0, "−1"),
        (12, 0, "12"),
    ],
)
def test_number(x: object, decimals: int, expected: str) -> None:
    assert number(x, decimals) == expected


def test_number_rejects_nonsense() -> None:
    with pytest.raises(TypeError):
        number("2,5")
    with pytest.raises(TypeError):
        number(True)
    with pytest.raises(ValueError):
        number(2.5, -1)


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (0.15, 0, "15%"),
        (0.155, 0, "16%"),
        (0.125, 1, "12,5%"),
        (1, 0, "100%"),
        (12.5, 0, "1.250%"),
        (-0.05, 0, "−5%"),
        (0.0, 1, "0,0%"),
    ],
)
def test_percent(x: object, decimals: int, expected: str) -> None:
    assert percent(x, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("€ 1.250.000", 1_250_000.0),
        ("€1.250.000", 1_250_000.0),
        ("1.250.000 €", 1_250_000.0),
        ("EUR 1.250.000", 1_250_000.0),
        ("eur 1.250", 1_250.0),
        ("1.250.000,50", 1_250_000.5),
        ("1.250.000,5", 1_250_000.5),
        ("1250000", 1_250_000.0),
        ("1250000,75", 1_250_000.75),
        ("1 250 000", 1_250_000.0),
        ("1\u00a0250\u00a0000", 1_250_000.0),
        ("€ 1.250,-", 1_250.0),
        ("€ 1.250,--", 1_250.0),
        ("1.250", 1_250.0),  # Dutch: a thousands dot
        ("1250000.5", 1_250_000.5),  # machine format: a decimal point
        ("0.15", 0.15),
        ("0", 0.0),
        ("-1.250", -1_250.0),
        ("€ -1.250", -1_250.0),
        ("\u22121.250", -1_250.0),
        ("-0", 0.0),
        (1_250_000, 1_250_000.0),
        (1250.5, 1250.5),
        (np.int64(5), 5.0),
        (np.float64(5.5), 5.5),
    ],
)
def test_parse_amount(value: object, expected: float) -> None:
    got = parse_amount(value)
    assert got == expected
    assert isinstance(got, float)


@pytest.mark.parametrize("value", [None, math.nan, pd.NA, "", "   ", "\u00a0"])
def test_parse_amount_empty(value: object) -> None:
    assert parse_amount(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "veel",
        "1,250,000",  # English thousands: refused, not misread
        "1,250",  # a comma followed by three digits
        "1.250.000,505",  # more than two decimals after a comma
        "1.25.000",
        "12.50.00",
        "1.250,50,-",
        "--5",
        "- € -5",
        "€",
        "5 euro cent",
        "(1.250)",
        True,
        float("inf"),
        pd.Timestamp("2020-01-01"),
    ],
)
def test_parse_amount_refuses(value: object) -> None:
    with pytest.raises(ValueError, match="is geen bedrag"):
        parse_amount(value)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (15_574_000, "€ 15,6 miljoen"),
        (6_979_397.08, "€ 7,0 miljoen"),
        (999_700, "€ 1,0 miljoen"),
        (871_102, "€ 870.000"),
        (45_300, "€ 45.000"),
        (4_560, "€ 4.600"),
        (450, "€ 450"),
        (-1_532_000, "€ −1,5 miljoen"),
        (0.4, "€ 0"),
        (None, MISSING),
    ],
)
def test_approx_euro_rounds_hypothetical_amounts_for_sentences(amount, expected) -> None:
    assert approx_euro(amount) == expected


def test_euro_range() -> None:
    assert euro_range(2_790_000, 11_900_000) == "€ 2,8 tot 11,9 miljoen"
    assert euro_range(369_668, 1_548_168) == "€ 370.000 tot € 1,5 miljoen"
    assert euro_range(1_000, 1_020) == "€ 1.000"
    assert euro_range(math.nan, 1.0) == MISSING
