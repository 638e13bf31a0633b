"""Language and numbers in the reports (issue 10): one currency style, one interval style, signs
that follow the numbers, differences of the rounded parts, level axes over the whole scale, and
no ``null`` or ``+0,0`` in a chart rendered by real Vega (vl-convert)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
import vl_convert as vlc
from hypothesis import given
from hypothesis import strategies as st

from bimmaturity.input.amounts import parse_amount
from bimmaturity.instrument import Level, Scale, default_instrument
from bimmaturity.present import format as fmt
from bimmaturity.present.sections import change as change_section
from bimmaturity.present.sections import collaboration, comparison, cost_sharing, profile
from bimmaturity.present.sections import overall_progress as overall_section
from bimmaturity.present.sections import progress as progress_section
from bimmaturity.present.theme import use_theme
from bimmaturity.questionnaire import template_bytes

INSTRUMENT = default_instrument()
MINUS = "\u2212"
LEVELS = st.floats(min_value=0.0, max_value=6.0, allow_nan=False)
AMOUNTS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)


def _value(text: str) -> Decimal:
    """A number as a report writes it, read back exactly."""
    plain = text.replace("€", "").strip().replace(".", "").replace(",", ".")
    return Decimal(plain.replace(MINUS, "-").lstrip("+"))


def _svg(chart) -> str:
    use_theme()
    return vlc.vegalite_to_svg(chart.to_dict())


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _fills(svg: str, role: str) -> set[str]:
    """The fill colours of the marks in every SVG group of ``role``."""
    groups = re.findall(rf'<g class="mark-\w+ role-{role}[^"]*"(.*?)(?=<g class="mark-|$)', svg)
    return {fill for group in groups for fill in re.findall(r'fill="(#[0-9a-f]{6})"', group)}


# ----------------------------------------------------------------------------- money
def test_one_currency_style_with_a_real_minus_sign():
    assert fmt.money(-1_532_000) == "€ −1.532.000"
    assert fmt.money(1_250_000) == "€ 1.250.000"
    assert fmt.money(-0.4) == "€ 0"  # rounds to zero: no sign
    assert fmt.money(1250.5, decimals=2) == "€ 1.250,50"
    assert fmt.euro is fmt.money
    assert fmt.approx_euro(-1_532_000) == "€ −1,5 miljoen"
    assert fmt.approx_euro(871_102) == "€ 870.000"
    assert fmt.euro_range(2_790_000, 11_900_000) == "€ 2,8 tot 11,9 miljoen"
    assert fmt.euro_range(-300_000, 150_000) == "€ −300.000 tot € 150.000"


@given(AMOUNTS)
def test_money_is_always_euro_sign_grouping_and_minus(amount):
    text = fmt.money(amount)
    assert re.fullmatch(r"€ −?\d{1,3}(\.\d{3})*", text), text
    assert "-" not in text
    assert (MINUS in text) == (Decimal(repr(amount)) <= Decimal("-0.5"))
    assert Decimal(repr(parse_amount(text))) == _value(text)  # the cost reader reads it back


def test_money_in_a_table_and_on_a_chart_axis():
    shares = pd.DataFrame(
        {
            "wave": "2020",
            "element": "OTL",
            "province": ["PV20", "PV28"],
            "key": "equal",
            "share": [0.5, 0.5],
            "net_benefit": [1_250_000.0, -1_532_000.0],
        }
    )
    page = cost_sharing.shares_table(shares, ["OTL"], "2020", INSTRUMENT).data
    assert ">€ −1.532.000</td>" in page and ">€ 1.250.000</td>" in page
    texts = _texts(_svg(cost_sharing.net_benefit_chart(shares, ["OTL"], "2020")))
    axis = [t for t in texts if t.startswith("€")]
    assert "€ −1.000.000" in axis and "€ 0" in axis and "€ 1.000.000" in axis
    assert not [t for t in texts if re.search(r"-\d", t)]  # never a hyphen for a minus


# ----------------------------------------------------------------------------- signs
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_signed_follows_the_shown_number_and_zero_has_no_sign(x):
    text = fmt.signed(x)
    assert re.fullmatch(r"[+−]?\d{1,3}(\.\d{3})*,\d", text), text
    shown = _value(text)
    assert text not in ("+0,0", "−0,0")
    assert text.startswith("+") == (shown > 0) and text.startswith(MINUS) == (shown < 0)
    assert shown == _value(fmt.number(x))


def test_number_and_signed_use_the_minus_sign():
    assert fmt.number(-2.5) == "−2,5" and fmt.number(-0.04) == "0,0"
    assert fmt.signed(-0.4) == "−0,4" and fmt.signed(0.04) == "0,0" and fmt.signed(0.75) == "+0,8"
    assert fmt.percent(-0.05) == "−5%"


@given(st.floats(min_value=-10.0, max_value=10.0, allow_nan=False))
def test_rise_fall_never_reports_a_rise_with_a_negative_number(x):
    text = fmt.rise_fall(x)
    shown = _value(fmt.number(x))
    if shown > 0:
        assert text == f"steeg met {fmt.number(x)} niveau"
    elif shown < 0:
        assert text == f"daalde met {fmt.number(-x)} niveau"
    else:
        assert text == "bleef gelijk"
    assert MINUS not in text and "-" not in text


# ----------------------------------------------------------------------------- rounding
@given(LEVELS, LEVELS)
def test_a_difference_beside_its_parts_is_the_difference_of_the_shown_parts(before, after):
    shown = fmt.signed_difference(before, after)
    assert _value(shown) == _value(fmt.number(after)) - _value(fmt.number(before))
    assert shown not in ("+0,0", "−0,0")


def test_the_issues_example_shows_plus_half_beside_one_and_a_half_and_two():
    assert (fmt.number(1.46), fmt.number(2.04), fmt.signed_difference(1.46, 2.04)) == (
        "1,5",
        "2,0",
        "+0,5",
    )
    row = {"from_current": 1.46, "to_current": 2.04, "change": 0.58}
    text = overall_section.profile_progress_summary(
        pd.DataFrame(
            {
                "element": ["OTL"],
                "change": [0.58],
                "ambition_attained": pd.array([None], dtype="boolean"),
            }
        ),
        row,
        "PV20",
        "2018",
        "2020",
        INSTRUMENT,
    )
    assert text.startswith(
        "Groningen ging gemiddeld van 1,5 in meting 2018 naar 2,0 in meting 2020 (+0,5 niveau)."
    )
    rows = pd.DataFrame(
        {
            "province": ["PV20"],
            "element": "OTL",
            "from_current": [1.46],
            "to_current": [2.04],
            "change": [0.58],
            "change_lo": [0.2],
            "change_hi": [0.9],
            "ambition_attained": pd.array([None], dtype="boolean"),
        }
    )
    movers = progress_section.movers_table(rows, INSTRUMENT).data
    assert re.search(r">1,5</td>.*?>2,0</td>.*?>\+0,5</td>", movers)


def test_a_gap_beside_rounded_levels_is_their_difference():
    scores = pd.DataFrame(
        {
            "wave": "1",
            "province": "PV20",
            "element": ["OTL"],
            "current": [2.25],
            "level": [2],
            "ambition": [3.5],
            "gap": [1.25],
            "n": [4],
            "lo": [1.84],
            "hi": [2.66],
            "flag": [""],
        }
    )
    page = profile.profile_table(scores, "PV20", "1", INSTRUMENT).data
    assert re.search(r">2,3</td>.*?>3,5</td>.*?>1,2</td>", page)  # not 1,3
    assert "<td>1,8 tot 2,7</td>" in page


# ----------------------------------------------------------------------------- sentences
def test_a_fall_of_the_mean_is_called_a_fall_with_the_count_of_provinces():
    overall = pd.DataFrame(
        {
            "province": ["PV20", "PV21", "PV22"],
            "from_current": [2.0, 3.0, 2.5],
            "to_current": [2.5, 2.0, 1.5],
            "change": [0.5, -1.0, -1.0],
        }
    )
    steps = pd.DataFrame(
        {
            "from_wave": "2018",
            "to_wave": "2020",
            "province": ["PV20", "PV21", "PV22"],
            "element": "OTL",
            "change": [0.5, -1.0, -1.0],
            "ambition_attained": pd.array([None] * 3, dtype="boolean"),
        }
    )
    text = progress_section.progress_summary(steps, overall, INSTRUMENT)
    assert text.startswith(
        "Tussen meting 2018 en meting 2020 lag het gemiddelde volwassenheidsniveau bij 1 van de "
        "3 provincies hoger en bij 2 lager. Het gemiddelde over de provincies daalde met 0,5 "
        "niveau."
    )
    assert "steeg" not in text.split(".")[1]


def test_one_interval_style():
    assert fmt.interval(2.14, 2.88) == "2,1 tot 2,9"
    assert change_section.interval_text(-1.2, -0.02) == "−1,20 tot −0,02"
    overall = pd.DataFrame(
        {
            "wave": "1",
            "province": ["PV28"],
            "current": [3.9],
            "ambition": [4.4],
            "gap": [0.5],
            "coverage": [1.0],
        }
    )
    bounds = pd.DataFrame({"wave": "1", "province": ["PV28"], "n": [4], "lo": [3.61], "hi": [4.2]})
    assert "<td>3,6 tot 4,2</td>" in comparison.ranking_table(overall, bounds, "1").data


def test_the_questionnaire_has_one_full_stop_after_nvt():
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("PV29", "2026")))
    text = " ".join(str(v) for row in book["Instructies"].iter_rows(values_only=True) for v in row)
    assert "Kies n.v.t. Een leeg antwoord telt als ontbrekend" in text
    assert ".." not in text
    assert fmt.full_stop("Kies leeg") == "Kies leeg."
    prompts = {v.prompt for v in book["Vragen"].data_validations.dataValidation}
    assert "Kies een niveau van 1 - Initieel tot 5 - Geoptimaliseerd of n.v.t. uit de lijst." in (
        prompts
    )


def test_levels_in_the_opportunities_table_have_one_decimal():
    table = pd.DataFrame(
        {
            "wave": "1",
            "element": ["OTL"],
            "supply": [2],
            "demand": [5],
            "mean_gap": [1.25],
            "kansrijk": [True],
            "rank": [1],
            "proposed": [True],
        }
    )
    page = collaboration.opportunities_table(table, "1", INSTRUMENT).data
    assert ">1,3</td>" in page and "1,25" not in page


# ----------------------------------------------------------------------------- charts (Vega)
def test_heatmaps_show_no_null_for_an_element_without_answers():
    scores = pd.DataFrame(
        {
            "wave": "1",
            "province": ["PV20", "PV21", "PV20", "PV21"],
            "element": ["OTL", "OTL", "DATA", "DATA"],
            "current": [2.25, None, 3.0, 1.0],
            "ambition": [4.0, None, 3.5, 2.0],
            "gap": [1.75, None, 0.5, 1.0],
        }
    )
    for measure, shown in (("current", ["2,3", "3,0", "1,0"]), ("gap", ["1,8", "0,5", "1,0"])):
        svg = _svg(comparison.maturity_heatmap(scores, "1", INSTRUMENT, measure))
        assert "null" not in svg, measure
        labels = [t for t in _texts(svg) if re.fullmatch(r"\d,\d", t)]
        assert sorted(labels) == sorted(shown), measure


def test_a_zero_change_has_no_sign_in_the_legend():
    steps = pd.DataFrame(
        {
            "province": ["PV20", "PV21", "PV22"],
            "element": "OTL",
            "change": [0.44, -0.5, 0.0],
            "ambition_attained": pd.array([True, None, False], dtype="boolean"),
            "from_current": [1.0, 2.0, 3.0],
            "to_current": [1.44, 1.5, 3.0],
            "from_ambition": [1.4, None, 4.0],
        }
    )
    texts = _texts(_svg(progress_section.progress_heatmap(steps, INSTRUMENT)))
    assert "0,0" in texts and "+0,5" in texts and "−0,5" in texts  # legend and cells
    assert not {"+0,0", "−0,0", "null"} & set(texts)


def test_level_axes_run_over_the_instruments_whole_scale():
    overall = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "current": [1.8, 2.4]})
    ranking = comparison.overall_ranking_chart(overall, "1", INSTRUMENT)
    assert [t for t in _texts(_svg(ranking)) if t.isdigit()] == ["1", "2", "3", "4", "5"]
    four = Scale(levels=[Level(value=v, label=f"Niveau {v}") for v in range(0, 5)])
    other = INSTRUMENT.model_copy(update={"scale": four})
    spec = comparison.overall_ranking_chart(overall, "1", other).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 4]
    moves = pd.DataFrame(
        {"province": ["PV20"], "from_current": [1.8], "to_current": [2.1], "change": [0.3]}
    )
    slope = overall_section.slope_chart(moves, "2018", "2020", instrument=other).to_dict()
    assert slope["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, 4]


def test_the_kansrijk_legend_swatches_are_the_bar_colours():
    table = pd.DataFrame(
        {
            "wave": "1",
            "element": ["OTL", "DATA"],
            "supply": [2, 1],
            "demand": [5, 1],
            "kansrijk": [True, False],
            "rank": [1, 2],
        }
    )
    svg = _svg(collaboration.opportunity_chart(table, "1", INSTRUMENT, min_demand=3))
    bars, swatches = _fills(svg, "mark"), _fills(svg, "legend-symbol")
    assert len(bars) == 4 and bars == swatches
    assert "fill-opacity" not in svg and 'opacity="0.35"' not in svg
    assert "Vraag, niet kansrijk" in _texts(svg)


@pytest.mark.parametrize("decimals", [1, 2])
def test_vega_signed_matches_signed_on_round_values(decimals):
    spec = {
        "data": {"values": [{"v": v} for v in (-0.5, 0.0, 0.25, 1.0)]},
        "mark": "text",
        "encoding": {"y": {"field": "v", "type": "ordinal"}, "text": {"field": "t"}},
        "transform": [{"calculate": fmt.vega_signed("datum.v", decimals), "as": "t"}],
        "config": {"locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3]}}},
    }
    texts = _texts(vlc.vegalite_to_svg(spec))
    for v in (-0.5, 0.0, 0.25, 1.0):
        assert fmt.signed(v, decimals) in texts
