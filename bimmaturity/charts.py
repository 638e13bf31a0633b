"""Altair chart builders with one theme and Dutch labels.

Each builder takes tidy frames and returns an ``alt.Chart``; nothing here reads or writes files.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from bimmaturity.instrument import Instrument
from bimmaturity.organisations import province_name

__all__ = [
    "COLORS",
    "THEME",
    "maturity_heatmap",
    "overall_ranking_chart",
    "profile_chart",
    "use_theme",
]

THEME = "bimmaturity"
COLORS = {
    "Huidige situatie": "#1f5fa6",
    "Ambitie": "#e07b00",
    "Mediaan alle provincies": "#7f7f7f",
}
DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
}


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
    """Enable the bimmaturity theme (Dutch number format, one font, quiet axes)."""
    alt.theme.enable(THEME)


def _element_labels(instrument: Instrument) -> list[str]:
    return [e.label for e in instrument.elements]


def profile_chart(
    scores: pd.DataFrame, province: str, wave: str, instrument: Instrument
) -> alt.LayerChart:
    """One province's current level and ambition per element, beside the all-province median.

    Parameters
    ----------
    scores : DataFrame
        Province scores (wave, province, element, current, ambition, lo, hi, ...).
    province : str
        CBS code.
    wave : str
    instrument : Instrument

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "current": [2.0, 3.0], "ambition": [4.0, 3.5], "lo": None, "hi": None})
    >>> type(profile_chart(s, "PV20", "1", default_instrument())).__name__
    'LayerChart'
    """
    in_wave = scores[scores["wave"] == wave]
    medians = in_wave.groupby("element")["current"].median()
    own = in_wave[in_wave["province"] == province].set_index("element")
    rows = []
    for element in instrument.elements:
        label = element.label
        if element.id in own.index:
            record = own.loc[element.id]
            rows.append(
                (label, "Huidige situatie", record["current"], record.get("lo"), record.get("hi"))
            )
            rows.append((label, "Ambitie", record["ambition"], None, None))
        rows.append((label, "Mediaan alle provincies", medians.get(element.id), None, None))
    data = pd.DataFrame(rows, columns=["element", "maat", "waarde", "lo", "hi"])
    data = data.astype({"waarde": "float64", "lo": "float64", "hi": "float64"})
    scale = alt.Scale(domain=[instrument.min_level, instrument.max_level])
    y = alt.Y("element:N", sort=_element_labels(instrument), title=None)
    color = alt.Color(
        "maat:N",
        title=None,
        scale=alt.Scale(domain=list(COLORS), range=list(COLORS.values())),
    )
    base = alt.Chart(data)
    span = (
        alt.Chart(data.pivot_table(index="element", columns="maat", values="waarde").reset_index())
        .mark_rule(color="#bbbbbb", strokeWidth=3)
        .encode(y=y, x=alt.X("Huidige situatie:Q", scale=scale), x2="Ambitie:Q")
        if {"Huidige situatie", "Ambitie"} <= set(data["maat"])
        else None
    )
    interval = (
        base.transform_filter("isValid(datum.lo)")
        .mark_rule(color=COLORS["Huidige situatie"], opacity=0.5, strokeWidth=1.5)
        .encode(y=y, x=alt.X("lo:Q", scale=scale), x2="hi:Q")
    )
    points = base.mark_point(filled=True, size=110).encode(
        y=y,
        x=alt.X(
            "waarde:Q",
            scale=scale,
            title="Volwassenheidsniveau",
            axis=alt.Axis(values=list(range(instrument.min_level, instrument.max_level + 1))),
        ),
        color=color,
        shape=alt.Shape(
            "maat:N",
            title=None,
            scale=alt.Scale(domain=list(COLORS), range=["circle", "diamond", "cross"]),
        ),
        tooltip=[
            alt.Tooltip("element:N", title="Element"),
            alt.Tooltip("maat:N", title="Maat"),
            alt.Tooltip("waarde:Q", title="Score", format=".2f"),
        ],
    )
    layers = [layer for layer in (span, interval, points) if layer is not None]
    return alt.layer(*layers).properties(
        width=520, height=alt.Step(26), title=f"{province_name(province)}: huidig en ambitie"
    )


def maturity_heatmap(
    scores: pd.DataFrame, wave: str, instrument: Instrument, measure: str = "current"
) -> alt.LayerChart:
    """Provinces by elements, coloured by the current level (or ``measure``: ambition, gap).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "current": [2.0, 3.0], "ambition": [4.0, 3.5], "gap": [2.0, 0.5]})
    >>> type(maturity_heatmap(s, "1", default_instrument())).__name__
    'LayerChart'
    """
    titles = {"current": "Huidige situatie", "ambition": "Ambitie", "gap": "Gat (ambitie - huidig)"}
    data = scores.loc[scores["wave"] == wave, ["province", "element", measure]].copy()
    data["provincie"] = data["province"].map(province_name)
    data["element_label"] = data["element"].map(instrument.element_label)
    data = data.rename(columns={measure: "waarde"})
    provinces_order = [province_name(p) for p in sorted(data["province"].unique())]
    if measure == "gap":
        color_scale = alt.Scale(scheme="orangered", domainMin=0)
    else:
        color_scale = alt.Scale(scheme="blues", domain=[instrument.min_level, instrument.max_level])
    base = alt.Chart(data).encode(
        x=alt.X(
            "element_label:N",
            sort=_element_labels(instrument),
            title=None,
            axis=alt.Axis(labelAngle=-35),
        ),
        y=alt.Y("provincie:N", sort=provinces_order, title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("waarde:Q", title=titles[measure], scale=color_scale),
        tooltip=[
            alt.Tooltip("provincie:N", title="Provincie"),
            alt.Tooltip("element_label:N", title="Element"),
            alt.Tooltip("waarde:Q", title=titles[measure], format=".2f"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("waarde:Q", format=".1f"),
        color=alt.condition(
            alt.datum.waarde > (3.2 if measure != "gap" else 1.5),
            alt.value("white"),
            alt.value("black"),
        ),
    )
    return alt.layer(cells, labels).properties(
        width=alt.Step(62), height=alt.Step(26), title=titles[measure] + " per provincie en element"
    )


def overall_ranking_chart(overall: pd.DataFrame, wave: str) -> alt.LayerChart:
    """Provinces ranked on overall maturity, with their interval where one is given.

    ``overall`` needs wave, province, current and may carry lo and hi.
    """
    data = overall[overall["wave"] == wave].copy()
    data["provincie"] = data["province"].map(province_name)
    order = data.sort_values("current", ascending=False)["provincie"].tolist()
    y = alt.Y("provincie:N", sort=order, title=None)
    points = alt.Chart(data).mark_point(filled=True, size=100, color=COLORS["Huidige situatie"])
    points = points.encode(
        y=y,
        x=alt.X("current:Q", title="Gemiddeld volwassenheidsniveau", scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("provincie:N", title="Provincie"),
            alt.Tooltip("current:Q", title="Niveau", format=".2f"),
        ],
    )
    layers = [points]
    if {"lo", "hi"} <= set(data.columns):
        layers.insert(
            0,
            alt.Chart(data)
            .transform_filter("isValid(datum.lo)")
            .mark_rule(color=COLORS["Huidige situatie"], opacity=0.5, strokeWidth=2)
            .encode(y=y, x="lo:Q", x2="hi:Q"),
        )
    return alt.layer(*layers).properties(
        width=480, height=alt.Step(24), title="Provincies naar gemiddeld volwassenheidsniveau"
    )
