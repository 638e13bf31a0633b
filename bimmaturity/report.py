"""What report notebooks share: set-up, the example-data banner, Dutch tables, data quality.

Report notebooks stay thin: a parameters cell, then calls into this module and the analysis
modules. In report mode charts render through a small offline renderer (the Vega bundle is
inlined once per page by the report template); interactively they use JupyterLab's own.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Callable, Mapping

import altair as alt
import pandas as pd
from IPython.display import HTML, Markdown

from bimmaturity.charts import use_theme
from bimmaturity.formatting import number
from bimmaturity.ingest import Processed

__all__ = [
    "RENDERER",
    "banner",
    "data_quality",
    "note",
    "offline_renderer",
    "overall_table",
    "profile_table",
    "setup",
    "table",
]

RENDERER = "bimmaturity_offline"
_chart_ids = itertools.count(1)


def offline_renderer(spec: dict, **_: object) -> dict[str, str]:
    """Render a Vega-Lite spec as a div plus a call to the page's inlined ``vegaEmbed``.

    Examples
    --------
    >>> out = offline_renderer({"mark": "point", "description": "</script>"})
    >>> "</script><" in out["text/html"] or out["text/html"].count("</script>") == 1
    True
    """
    chart_id = f"bm-chart-{next(_chart_ids)}"
    payload = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    return {
        "text/html": (
            f'<div id="{chart_id}" class="bm-chart"></div>'
            f'<script>vegaEmbed("#{chart_id}", {payload}, {{"actions": false, '
            f'"renderer": "svg"}});</script>'
        )
    }


alt.renderers.register(RENDERER, offline_renderer)


def setup(report_mode: bool = False) -> None:
    """Prepare a notebook: the chart theme, and the offline renderer in report mode."""
    use_theme()
    if report_mode:
        alt.renderers.enable(RENDERER)
    pd.set_option("display.max_columns", 50)


def banner(processed: Processed) -> HTML:
    """The banner every report carries: example data, or the data's origin."""
    waves = ", ".join(processed.waves)
    if processed.is_example:
        return HTML(
            '<div class="bm-banner">Voorbeelddata - fictief. Deze rapportage toont een '
            "verzonnen voorbeeldset, niet de zelfevaluaties van de provincies. "
            f"Metingen: {html.escape(waves)}.</div>"
        )
    inputs = len(processed.manifest.get("inputs", []))
    return HTML(
        f'<div class="bm-note">Gebaseerd op {inputs} aangeleverde bestanden; '
        f"metingen: {html.escape(waves)}.</div>"
    )


def note(text: str, kind: str = "note") -> HTML:
    """A highlighted paragraph (``kind`` note or warning); the text is escaped."""
    return HTML(f'<div class="bm-{kind}">{html.escape(text)}</div>')


Formatter = Callable[[object], str]


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, Formatter] | None = None,
) -> HTML:
    """An HTML table with Dutch headers and number formats; every value is escaped.

    Parameters
    ----------
    frame : DataFrame
    columns : mapping of column name to Dutch header (and the order to show); default all.
    formats : mapping of column name to a formatter; floats default to one decimal.

    Examples
    --------
    >>> t = table(pd.DataFrame({"a": [1.25], "b": ["<x>"]}), {"a": "Score", "b": "Naam"})
    >>> "1,3" in t.data and "&lt;x&gt;" in t.data
    True
    """
    columns = dict(columns or {c: c for c in frame.columns})
    formats = dict(formats or {})
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            value = row[column]
            if column in formats:
                text, numeric = formats[column](value), True
            elif isinstance(value, float):
                text, numeric = number(value, 1), True
            elif pd.isna(value) if not isinstance(value, (list, tuple)) else False:
                text, numeric = "–", False
            else:
                text, numeric = str(value), isinstance(value, int)
            css = ' class="num"' if numeric else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return HTML(
        f'<table class="bm-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def data_quality(processed: Processed) -> Markdown | HTML:
    """The data-quality section: errors read leniently (as missing) and every warning."""
    issues = processed.issues
    if issues.empty:
        return Markdown("Bij het inlezen zijn geen fouten of waarschuwingen gevonden.")
    errors = issues[issues["severity"] == "error"]
    warnings = issues[issues["severity"] == "warning"]
    parts = []
    if not errors.empty:
        parts.append(
            f'<div class="bm-warning">{len(errors)} waarde(n) konden niet worden gelezen en '
            "tellen als ontbrekend (ingelezen met --lenient).</div>"
        )
    parts.append(
        f"<p>{len(warnings)} waarschuwing(en) bij het inlezen; ze beïnvloeden de cijfers niet "
        "of zijn zoals beschreven verwerkt.</p>"
    )
    shown = pd.concat([errors, warnings]).head(200)
    rendered = table(
        shown,
        {
            "file": "Bestand",
            "sheet": "Blad",
            "cell": "Cel/rij",
            "severity": "Ernst",
            "message": "Melding",
        },
    ).data
    parts.append(rendered)
    if len(errors) + len(warnings) > 200:
        parts.append(
            f"<p>Eerste 200 van {len(errors) + len(warnings)} meldingen; "
            "de volledige lijst staat in issues.csv.</p>"
        )
    return HTML("".join(parts))


def profile_table(scores: pd.DataFrame, province: str, wave: str, instrument) -> HTML:
    """One province's element scores as a Dutch table (level label, n, interval, flag)."""
    own = scores[(scores["wave"] == wave) & (scores["province"] == province)].copy()
    own["element_label"] = own["element"].map(instrument.element_label)
    own["level_label"] = [
        instrument.level_label(int(level)) if pd.notna(level) else "–" for level in own["level"]
    ]
    own["interval"] = [
        f"{number(lo, 1)} - {number(hi, 1)}" if pd.notna(lo) else "–"
        for lo, hi in zip(own["lo"], own["hi"], strict=True)
    ]
    return table(
        own,
        {
            "element_label": "Element",
            "current": "Huidig",
            "level_label": "Niveau",
            "ambition": "Ambitie",
            "gap": "Gat",
            "n": "Respondenten",
            "interval": "90%-interval",
            "flag": "Opmerking",
        },
    )


def overall_table(overall: pd.DataFrame, wave: str) -> HTML:
    """Provinces ranked on overall maturity, as a Dutch table."""
    from bimmaturity.formatting import percent
    from bimmaturity.organisations import province_name

    in_wave = overall[overall["wave"] == wave].sort_values("current", ascending=False).copy()
    in_wave["provincie"] = in_wave["province"].map(province_name)
    return table(
        in_wave,
        {
            "provincie": "Provincie",
            "current": "Huidig",
            "ambition": "Ambitie",
            "gap": "Gat",
            "coverage": "Dekking",
        },
        {"coverage": percent},
    )
