"""The what-if of the business case, rendered by real Vega (vl-convert): at the build's options
and with the sliders moved, the table shows the analysis's own business case."""

from __future__ import annotations

import copy
import html
import re

import pytest
import vl_convert

from bimmaturity import vocab
from bimmaturity.analysis import analyse
from bimmaturity.config import AnalysisOptions
from bimmaturity.present import theme
from bimmaturity.present.format import MISSING, money
from bimmaturity.present.html import Markdown
from bimmaturity.present.sections.whatif_case import whatif_chart, whatif_part

WAVE = "2020"
COLUMNS = [vocab.WHATIF_LABELS[key] for key in ("alone", "joint", "saving", "break_even")]


@pytest.fixture(scope="module")
def analyses(example_data):
    """The example analysed at the build's (default) options and at overhead 0.30, 5 years.
    The report theme (the charts' Dutch number locale) is on, as in every report."""
    theme.use_theme()
    build = analyse(example_data, AnalysisOptions(resamples=0))
    moved = analyse(example_data, AnalysisOptions(overhead=0.30, years=5, resamples=0))
    return build, moved


def rendered(spec: dict, **values: float) -> tuple[dict[str, dict[str, str]], str]:
    """Render ``spec`` with real Vega, the parameters set to ``values``; the table as
    ``{row: {column: text}}`` (cells found by position: a row label's y, a column label's x)
    and the SVG."""
    spec = copy.deepcopy(spec)
    for param in spec["params"]:
        if param["name"] in values:
            param["value"] = values[param["name"]]
    svg = vl_convert.vegalite_to_svg(spec)
    texts = [
        (float(x), float(y), html.unescape(text), anchor)
        for anchor, x, y, text in re.findall(
            r'<text[^>]*text-anchor="(\w+)"[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)'
            r"[^>]*>([^<]*)</text>",
            svg,
        )
    ]
    rows = {y: text for x, y, text, anchor in texts if anchor == "end" and x < 0}
    columns = {x: text for x, _, text, _ in texts if text in COLUMNS}
    table: dict[str, dict[str, str]] = {row: {} for row in rows.values()}
    for x, y, text, _ in texts:
        if y in rows and x in columns:
            table[rows[y]][columns[x]] = text
    return table, svg


def expected(analysis) -> dict[str, dict[str, str]]:
    """The analysis's business case of the proposed deals, written as the table writes it."""
    cases = analysis.businesscase[analysis.businesscase["wave"] == WAVE].set_index("element")
    proposed = analysis.proposed(WAVE)
    table = {}
    for element in proposed:
        row = cases.loc[element]
        be = row["break_even"]
        table[analysis.instrument.element_label(element)] = {
            COLUMNS[0]: money(row["alone"]),
            COLUMNS[1]: money(row["joint"]),
            COLUMNS[2]: money(row["saving"]),
            COLUMNS[3]: MISSING if be is None or be != be else str(int(be)),
        }
    deals = cases.loc[proposed]
    table[vocab.TOTAL] = {
        COLUMNS[0]: money(deals["alone"].sum()),
        COLUMNS[1]: money(deals["joint"].sum()),
        COLUMNS[2]: money(deals["saving"].sum()),
    }
    return table


def test_the_table_shows_the_analysis_at_the_builds_options_and_with_the_sliders_moved(analyses):
    build, moved = analyses
    spec = whatif_chart(build, WAVE).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert (params["overhead_pct"]["value"], params["years"]["value"]) == (15.0, 3)
    assert params["discount"]["value"] == 0.0225
    assert params["overhead_pct"]["bind"]["input"] == "range"
    assert params["years"]["bind"]["input"] == "range"

    shown, svg = rendered(spec)
    assert shown == expected(build)
    assert "Met 15% coördinatiekosten en 3 jaar onderhoud" in svg
    assert shown[vocab.TOTAL][COLUMNS[2]] == "€ 6.979.397"

    shown, svg = rendered(spec, overhead_pct=30, years=5)
    assert shown == expected(moved)
    assert "Met 30% coördinatiekosten en 5 jaar onderhoud" in svg
    # Moving the sliders changes a break-even (Assetmanagement: 3 -> 4 followers).
    assert shown["Assetmanagement en beheer"][COLUMNS[3]] == "4"
    assert expected(build)["Assetmanagement en beheer"][COLUMNS[3]] == "3"


def test_without_upkeep_years_the_table_counts_one_off_costs_only(analyses):
    build, _ = analyses
    shown, svg = rendered(whatif_chart(build, WAVE).to_dict(), overhead_pct=50, years=0)
    # PROC at 50% and no upkeep: joint 1.5 * 320.000 + 12 * 20.000 = 720.000; alone 8 * 150.000.
    assert shown["Processen en werkwijze"] == {
        COLUMNS[0]: "€ 1.200.000",
        COLUMNS[1]: "€ 720.000",
        COLUMNS[2]: "€ 480.000",
        COLUMNS[3]: "5",  # 130.000 m >= 480.000 + 4 * 20.000
    }
    assert "Met 50% coördinatiekosten en zonder onderhoud" in svg


def test_the_part_explains_the_sliders_and_the_print(analyses):
    build, _ = analyses
    text, chart = whatif_part(build, WAVE)
    assert isinstance(text, Markdown)
    assert "(15% coördinatiekosten en 3 jaar onderhoud)" in text.data
    assert "een afdruk toont de tabel zoals de regelaars op dat moment staan" in text.data
    assert chart.to_dict()["params"][0]["name"] == "overhead_pct"
