"""How reports look: the Altair theme, the colours, the Dutch number locale, the offline renderers.

:func:`setup` is the first call of every report notebook. Charts never need the internet:

- in report mode (a build) they render through :func:`offline_renderer`: a div and a call to
  ``vegaEmbed``, whose JavaScript the report template inlines once in the page head;
- interactively (JupyterLab, or any IPython kernel outside a build) through
  :func:`lab_renderer`: :func:`setup` shows the Vega, Vega-Lite and vega-embed JavaScript
  bundled with vl-convert once, with the styles of the banner and notes (:func:`page_assets`),
  and every chart waits for that bundle. JupyterLab runs the scripts of trusted HTML outputs
  (its own outputs, and notebooks it saved), and a notebook exported to HTML carries the same
  scripts, so charts show offline in both. Importing this module in such a kernel enables the
  interactive renderer already, so a chart shown without :func:`setup` still works (it then
  brings the bundle itself).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import uuid
from pathlib import Path

import altair as alt
import pandas as pd

from bimmaturity.store import atomic_write
from bimmaturity.vocab import (
    CHART_NOT_LOADED,
    CHART_WAITING,
    KEY_LABELS,
    MEASURE_LABELS,
    MEDIAN,
    MONEY_LABELS,
)

__all__ = [
    "AMBITION_COLOR",
    "CLUSTER_COLORS",
    "COLORS",
    "CURRENT_COLOR",
    "DUTCH_LOCALE",
    "KEY_COLORS",
    "LAB_RENDERER",
    "MONEY_AXIS",
    "MONEY_COLORS",
    "MOVEMENT_COLORS",
    "POSITION_COLORS",
    "RENDERER",
    "STYLES",
    "THEME",
    "lab_renderer",
    "offline_renderer",
    "page_assets",
    "setup",
    "use_theme",
    "vega_bundle",
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

LAB_RENDERER = "bimmaturity_lab"

STYLES = """\
.bm-banner { background: #fff4ce; border: 2px solid #c98a00; padding: 0.6rem 1rem;
             font-weight: 600; margin: 1rem 0; color: #1a1a1a; }
.bm-note { background: #eef4fb; border-left: 4px solid #1f5fa6; padding: 0.5rem 1rem;
           color: #1a1a1a; }
.bm-warning { background: #fdecea; border-left: 4px solid #b3261e; padding: 0.5rem 1rem;
              color: #1a1a1a; }
.bm-table-wrap { max-width: 100%; overflow-x: auto; margin: 0 0 1em 0; }
table.bm-table { border-collapse: collapse; font-size: 0.9rem; }
table.bm-table th, table.bm-table td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem;
                                       text-align: left; }
table.bm-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.bm-table caption { caption-side: top; text-align: left; font-size: 0.85rem; }
"""
"""The styles of the banner, notes, warnings and tables (:mod:`bimmaturity.present.html`) for
interactive use; the report template carries its own copy in the page head."""

_bundle: list[str] = []
_assets_shown = False
_BUNDLE_END = "window.vegaEmbed="
"""Every complete bundle defines ``window.vegaEmbed`` near its end (a cut-off copy does not)."""


def _bundle_cache() -> Path:
    """Where the bundle is kept between kernels (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    import vl_convert

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    return root / "bimmaturity" / f"vega-bundle-{vl_convert.__version__}-vl{version}.js"


def vega_bundle() -> str:
    """The vega, vega-lite and vega-embed JavaScript of vl-convert, made once per machine.

    Making it takes vl-convert one to several seconds, at every kernel start; the result is
    kept in the user's cache folder (:func:`_bundle_cache`), per vl-convert and Vega-Lite
    version, and made again when that file is missing, cut off or cannot be read or written.
    """
    if _bundle:
        return _bundle[0]
    path = _bundle_cache()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if _BUNDLE_END not in text[-4000:]:
        import vl_convert

        version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
        text = vl_convert.javascript_bundle(vl_version=version)
        with contextlib.suppress(OSError):
            atomic_write(path, text.encode("utf-8"))
    _bundle.append(text)
    return text


def page_assets() -> str:
    """The styles and the chart JavaScript for a notebook, as one HTML output (about 0.9 MB).

    The bundle runs once per page: shown again (a second :func:`setup`, a re-run, a second
    notebook in the same JupyterLab window) it leaves the loaded one in place.

    Returns
    -------
    str
        A ``<style>`` block and a ``<script>`` that defines ``window.vegaEmbed`` when missing.

    Examples
    --------
    >>> html = page_assets()
    >>> html.startswith("<style>") and html.count("<script") == 1 and "jsdelivr" not in html
    True
    """
    # The bundle declares top-level constants: run as a second classic script it would fail
    # ("already declared"), so it runs inside a function, only when vegaEmbed is missing. It
    # contains no "</script" and no "<!--" (checked by the tests).
    return (
        f"<style>{STYLES}</style>"
        "<script>if (!window.vegaEmbed) { (function () {\n"
        f"{vega_bundle()}\n"
        "}).call(window); }</script>"
    )


def lab_renderer(spec: dict, **_: object) -> dict[str, str]:
    """Render a Vega-Lite spec for JupyterLab and exported notebooks, offline.

    The chart waits (up to ten seconds) for ``vegaEmbed`` from :func:`page_assets`; when no
    :func:`setup` has shown those in this kernel yet, the first chart carries them itself. The
    chart id is unique across notebooks (one JupyterLab window shows several).

    Parameters
    ----------
    spec : dict
        The Vega-Lite spec.

    Returns
    -------
    dict
        The ``text/html`` output.

    Examples
    --------
    >>> out = lab_renderer({"mark": "point", "description": "</script>"})["text/html"]
    >>> out.count('<div id="bm-chart-'), out.count("</script>") - out.count("<script>")
    (1, 0)
    """
    global _assets_shown
    chart_id = f"bm-chart-{uuid.uuid4().hex}"
    payload = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")
    waiting = json.dumps(CHART_NOT_LOADED, ensure_ascii=False).replace("<", "\\u003c")
    chart = (
        f'<div id="{chart_id}" class="bm-chart">{CHART_WAITING}</div>'
        "<script>(function () {\n"
        f"  var spec = {payload}, tries = 0;\n"
        "  function draw() {\n"
        f'    var el = document.getElementById("{chart_id}");\n'
        "    if (el && window.vegaEmbed) {\n"
        '      el.textContent = "";\n'
        '      window.vegaEmbed(el, spec, {"actions": false, "renderer": "svg"})\n'
        "        .catch(function (error) { el.textContent = String(error); });\n"
        "    } else if (tries++ < 100) {\n"
        "      setTimeout(draw, 100);\n"
        "    } else if (el) {\n"
        f"      el.textContent = {waiting};\n"
        "    }\n"
        "  }\n"
        "  draw();\n"
        "})();</script>"
    )
    if not _assets_shown:
        _assets_shown = True
        chart = page_assets() + chart
    return {"text/html": chart}


alt.renderers.register(LAB_RENDERER, lab_renderer)


def _interactive() -> bool:
    """True in an IPython kernel that is not a build's report kernel."""
    if os.environ.get("BIMMATURITY_REPORT_KERNEL") is not None:
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


if _interactive():  # JupyterLab: never Altair's default, which loads Vega from a CDN
    alt.renderers.enable(LAB_RENDERER)


def _unchecked(chart: alt.TopLevelMixin) -> dict[str, str]:
    """A chart's output in report mode, from its spec as made (what Altair's display does,
    without checking the spec against the Vega-Lite schema)."""
    return offline_renderer(chart.to_dict(validate=False, context={"pre_transform": False}))


def _check_charts(check: bool) -> None:
    """Whether chart specs are checked against the Vega-Lite schema as they are made and shown.

    Altair checks every part of a chart as it is made (its debug mode, for tracebacks that
    point at the mistake) and the whole spec at every display; in a build that is most of a
    profile chart's time, for a spec whose shape the code alone decides (data only fills in
    values). Report mode does neither (:func:`_unchecked` shows a chart); the test suite checks
    every chart spec of the example build against the schema. Interactively Altair checks as
    usual.
    """
    from altair.utils import schemapi

    if check:
        schemapi.enable_debug_mode()
    else:
        schemapi.disable_debug_mode()
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.mimebundle_formatter
    if check:
        formatter.pop(alt.TopLevelMixin, None)
    else:
        formatter.for_type(alt.TopLevelMixin, _unchecked)


def setup(report_mode: bool = False) -> None:
    """Prepare a notebook: the chart theme and an offline renderer.

    In report mode charts render through :func:`offline_renderer` (the report template inlines
    the JavaScript). Interactively (an IPython kernel outside a build) through
    :func:`lab_renderer`, and the styles and the chart JavaScript (:func:`page_assets`) are
    shown here, once per call. Plain Python is left as it is (nothing is displayed there).

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
    global _chart_ids, _assets_shown
    use_theme()
    _check_charts(not report_mode)
    if report_mode:
        alt.renderers.enable(RENDERER)
        _chart_ids = itertools.count(1)  # a page's charts are numbered from 1, warm kernel or not
    elif _interactive():
        from IPython.display import display

        alt.renderers.enable(LAB_RENDERER)
        display({"text/html": page_assets()}, raw=True)
        _assets_shown = True
    pd.set_option("display.max_columns", 50)
