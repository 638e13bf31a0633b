"""How reports look: the Altair theme, the colours, the Dutch number locale, the offline renderer.

:func:`setup` is the first call of every report notebook. In report mode charts render through
a small offline renderer (the Vega bundle is inlined once per page by the report template);
interactively they use JupyterLab's own.
"""

from __future__ import annotations

import itertools
import json

import altair as alt
import pandas as pd

from bimmaturity.vocab import KEY_LABELS, MEASURE_LABELS, MEDIAN, MONEY_LABELS

__all__ = [
    "AMBITION_COLOR",
    "CLUSTER_COLORS",
    "COLORS",
    "CURRENT_COLOR",
    "DUTCH_LOCALE",
    "KEY_COLORS",
    "MONEY_AXIS",
    "MONEY_COLORS",
    "MOVEMENT_COLORS",
    "POSITION_COLORS",
    "RENDERER",
    "THEME",
    "offline_renderer",
    "setup",
    "use_theme",
]

THEME = "bimmaturity"

COLORS = {
    MEASURE_LABELS["current"]: "#1f5fa6",
    MEASURE_LABELS["ambition"]: "#e07b00",
    MEDIAN: "#7f7f7f",
}
"""The measure colours: current level blue, ambition orange, the median grey."""

CURRENT_COLOR, AMBITION_COLOR = (
    COLORS[MEASURE_LABELS["current"]],
    COLORS[MEASURE_LABELS["ambition"]],
)

CLUSTER_COLORS = ["#1f5fa6", "#e07b00", "#2a9d8f", "#9b4dca", "#c0392b", "#6d6d00"]
"""One colour per gap cluster, in cluster order (repeated beyond six)."""

POSITION_COLORS = {"koploper": "#6cbf84", "starter": "#f5a553", "middenveld": "#e3e3e3"}
"""Cell colours of the positions of rule 8."""

MONEY_COLORS = dict(zip(MONEY_LABELS.values(), ("#9a9a9a", "#1f5fa6"), strict=True))
"""Bar colours of going alone and developing together."""

KEY_COLORS = dict(zip(KEY_LABELS.values(), ("#1f5fa6", "#e07b00", "#2a9d8f"), strict=True))
"""Colours of the cost-sharing keys, by their Dutch names."""

MOVEMENT_COLORS = {"gestegen": "#1f5fa6", "gelijk": "#a9b8c6", "gedaald": "#c0392b"}
"""Colours of the movement classes of :func:`bimmaturity.rules.progress.movers`."""

MONEY_AXIS = {"format": ",.0f", "labelFlush": False}
"""Axis options for amounts in euros (thousands separated by the Dutch locale)."""

DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
}
"""Vega's number locale for Dutch: a decimal comma and a dot between thousands."""


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "Segoe UI, Roboto, Helvetica, Arial, sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 15, "anchor": "start"},
            "locale": DUTCH_LOCALE,
        }
    }


def use_theme() -> None:
    """Enable the bimmaturity theme (Dutch number format, one font, quiet axes).

    Examples
    --------
    >>> use_theme()
    >>> alt.theme.active
    'bimmaturity'
    """
    alt.theme.enable(THEME)


RENDERER = "bimmaturity_offline"
_chart_ids = itertools.count(1)


def offline_renderer(spec: dict, **_: object) -> dict[str, str]:
    """Render a Vega-Lite spec as a div plus a call to the page's inlined ``vegaEmbed``.

    Parameters
    ----------
    spec : dict
        The Vega-Lite spec.

    Returns
    -------
    dict
        The ``text/html`` output; the chart ids count up within one kernel.

    Examples
    --------
    >>> out = offline_renderer({"mark": "point", "description": "</script>"})
    >>> "</script><" in out["text/html"] or out["text/html"].count("</script>") == 1
    True
    """
    chart_id = f"bm-chart-{next(_chart_ids)}"
    # No "<" in the script at all: neither "</script>" nor "<!--" in data can end or bend it.
    payload = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")
    return {
        "text/html": (
            f'<div id="{chart_id}" class="bm-chart"></div>'
            f'<script>vegaEmbed("#{chart_id}", {payload}, {{"actions": false, '
            f'"renderer": "svg"}});</script>'
        )
    }


alt.renderers.register(RENDERER, offline_renderer)


def setup(report_mode: bool = False) -> None:
    """Prepare a notebook: the chart theme, and the offline renderer in report mode.

    Parameters
    ----------
    report_mode : bool
        True when the build runs the notebook (charts for the offline HTML page).

    Examples
    --------
    >>> setup()
    >>> alt.theme.active
    'bimmaturity'
    """
    global _chart_ids
    use_theme()
    if report_mode:
        alt.renderers.enable(RENDERER)
        _chart_ids = itertools.count(1)  # a page's charts are numbered from 1, warm kernel or not
    pd.set_option("display.max_columns", 50)
