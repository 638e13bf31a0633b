"""Altair chart builders with one theme and Dutch labels.

Each builder takes tidy frames and returns an ``alt.Chart``; nothing here reads or writes files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

import altair as alt
import pandas as pd

from bimmaturity.instrument import Instrument
from bimmaturity.organisations import province_name
from bimmaturity.present.format import euro, number, percent, signed
from bimmaturity.present.narrative import KEY_LABELS
from bimmaturity.rules.businesscase import net_benefit_totals
from bimmaturity.rules.clusters import GapClustering
from bimmaturity.rules.progress import MOVEMENTS, movers

__all__ = [
    "ALL_PROVINCES",
    "CLUSTER_COLORS",
    "COLORS",
    "KEY_COLORS",
    "MONEY_COLORS",
    "MOVEMENT_COLORS",
    "POSITION_COLORS",
    "POSITION_LABELS",
    "ROLE_SHAPES",
    "THEME",
    "budget_chart",
    "business_case_chart",
    "cluster_profile_chart",
    "gap_cluster_heatmap",
    "maturity_heatmap",
    "movement_chart",
    "net_benefit_chart",
    "opportunity_chart",
    "overall_ranking_chart",
    "position_matrix_chart",
    "profile_chart",
    "progress_heatmap",
    "sensitivity_chart",
    "silhouette_chart",
    "slope_chart",
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


# ---------------------------------------------------------------------------- clusters (30)
_BAR_SHAPE = "M-0.12,-1H0.12V1H-0.12Z"  # a short vertical bar: the all-province mean
CLUSTER_COLORS = ["#1f5fa6", "#e07b00", "#2a9d8f", "#9b4dca", "#c0392b", "#6d6d00"]
ALL_PROVINCES = "Alle provincies"


def silhouette_chart(curve: pd.DataFrame, k: int, *, k_chosen: bool = True) -> alt.LayerChart:
    """The silhouette curve: mean silhouette per number of clusters, the k used marked.

    Parameters
    ----------
    curve : DataFrame
        Columns k, silhouette (``GapClustering.silhouette``).
    k : int
        The number of clusters used.
    k_chosen : bool
        True when k was chosen by silhouette (the mark says "gekozen"), False when given.

    Returns
    -------
    alt.LayerChart
        Data columns k, silhouette, gebruikt (bool), label (Dutch, on the used k only).

    Examples
    --------
    >>> curve = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.37, 0.24, 0.23]})
    >>> chart = silhouette_chart(curve, 2)
    >>> chart.data[["k", "gebruikt", "label"]].values.tolist()
    [[2, True, 'gekozen: k = 2'], [3, False, ''], [4, False, '']]
    """
    data = pd.DataFrame(
        {
            "k": curve["k"].astype("int64").to_numpy(),
            "silhouette": curve["silhouette"].astype("float64").to_numpy(),
        }
    )
    data["gebruikt"] = data["k"] == int(k)
    word = "gekozen" if k_chosen else "opgegeven"
    data["label"] = [f"{word}: k = {k}" if used else "" for used in data["gebruikt"]]
    ks = data["k"].tolist()
    x = alt.X(
        "k:Q",
        title="Aantal clusters (k)",
        scale=alt.Scale(domain=[min(ks, default=2) - 0.3, max(ks, default=2) + 0.3], nice=False),
        axis=alt.Axis(values=ks, format="d", grid=False),
    )
    y = alt.Y("silhouette:Q", title="Gemiddeld silhouet", scale=alt.Scale(zero=True))
    base = alt.Chart(data).encode(x=x, y=y)
    line = base.mark_line(color="#7f7f7f")
    points = base.mark_point(filled=True).encode(
        size=alt.condition("datum.gebruikt", alt.value(220), alt.value(70)),
        color=alt.condition(
            "datum.gebruikt", alt.value(COLORS["Ambitie"]), alt.value(COLORS["Huidige situatie"])
        ),
        tooltip=[
            alt.Tooltip("k:Q", title="Aantal clusters"),
            alt.Tooltip("silhouette:Q", title="Gemiddeld silhouet", format=".2f"),
        ],
    )
    label = base.mark_text(align="left", dx=10, dy=-10, fontSize=12, fontWeight="bold").encode(
        text="label:N", color=alt.value(COLORS["Ambitie"])
    )
    return alt.layer(line, points, label, data=data).properties(
        width=360, height=200, title="Silhouet per aantal clusters"
    )


def gap_cluster_heatmap(clustering: GapClustering, instrument: Instrument) -> alt.FacetChart:
    """Gaps per province and element, provinces in dendrogram leaf order, grouped by cluster.

    One panel per cluster (cluster 1 on top); within a panel the provinces follow the
    dendrogram's leaf order, so similar profiles sit next to each other. A cell whose gap was
    missing and imputed (rule 10) is labelled with an asterisk.

    Parameters
    ----------
    clustering : GapClustering
        The result of :func:`bimmaturity.rules.clusters.cluster_analysis`.
    instrument : Instrument

    Returns
    -------
    alt.FacetChart
        Data: one row per clustered province and element, with provincie, cluster, groep
        (panel title), element_label, waarde (the gap), label (Dutch text), aangevuld.

    Examples
    --------
    >>> from bimmaturity.rules.clusters import cluster_analysis
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV22"] * 2,
    ...     "element": ["OTL"] * 3 + ["DATA"] * 3,
    ...     "gap": [2.0, 1.75, 0.0, float("nan"), 1.0, 0.5]})
    >>> chart = gap_cluster_heatmap(cluster_analysis(s, "1"), default_instrument())
    >>> chart.data[["provincie", "groep", "element", "label"]].values.tolist()[:4]
    [['Groningen', 'Cluster 1 (2 provincies)', 'OTL', '2,0'], ['Groningen', 'Cluster 1 (2 provincies)', 'DATA', '0,8*'], ['Fryslân', 'Cluster 1 (2 provincies)', 'OTL', '1,8'], ['Fryslân', 'Cluster 1 (2 provincies)', 'DATA', '1,0']]
    """  # noqa: E501
    tidy = clustering.matrix.tidy()
    assignment = clustering.assignment.set_index("province")["cluster"]
    leaf_rank = {code: i for i, code in enumerate(clustering.leaf_order)}
    sizes = assignment.value_counts()
    tidy["cluster"] = tidy["province"].map(assignment).astype("int64")
    tidy["_leaf"] = tidy["province"].map(leaf_rank)
    tidy["_element"] = tidy["element"].map({e: i for i, e in enumerate(instrument.element_ids)})
    tidy = tidy.sort_values(["cluster", "_leaf", "_element"], kind="stable")
    tidy = tidy.reset_index(drop=True)
    data = pd.DataFrame(
        {
            "provincie": tidy["province"].map(province_name),
            "cluster": tidy["cluster"],
            "groep": [
                f"Cluster {c} ({sizes[c]} provincie{'' if sizes[c] == 1 else 's'})"
                for c in tidy["cluster"]
            ],
            "element": tidy["element"],
            "element_label": tidy["element"].map(instrument.element_label),
            "waarde": tidy["gap"].astype("float64"),
            "label": [
                number(g) + ("*" if imputed else "")
                for g, imputed in zip(tidy["gap"], tidy["imputed"], strict=True)
            ],
            "aangevuld": tidy["imputed"].map({True: "ja", False: "nee"}),
        }
    )
    province_order = list(dict.fromkeys(data["provincie"]))
    element_order = [
        instrument.element_label(e) for e in instrument.element_ids if e in set(data["element"])
    ]
    x = alt.X(
        "element_label:N",
        sort=element_order,
        title=None,
        axis=alt.Axis(labelAngle=-35, orient="bottom"),
    )
    y = alt.Y("provincie:N", sort=province_order, title=None)
    cells = (
        alt.Chart()
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "waarde:Q",
                title="Gat (ambitie - huidig)",
                scale=alt.Scale(scheme="orangered", domainMin=0, clamp=True),
                legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=220),
            ),
            tooltip=[
                alt.Tooltip("provincie:N", title="Provincie"),
                alt.Tooltip("groep:N", title="Cluster"),
                alt.Tooltip("element_label:N", title="Element"),
                alt.Tooltip("waarde:Q", title="Gat", format=".2f"),
                alt.Tooltip("aangevuld:N", title="Aangevuld"),
            ],
        )
    )
    labels = (
        alt.Chart()
        .mark_text(fontSize=11)
        .encode(
            x=x,
            y=y,
            text="label:N",
            color=alt.condition(alt.datum.waarde > 1.5, alt.value("white"), alt.value("black")),
        )
    )
    return (
        alt.layer(cells, labels, data=data)
        .properties(width=alt.Step(62), height=alt.Step(24))
        .facet(
            row=alt.Row(
                "groep:N",
                title=None,
                sort=alt.SortField("cluster"),
                header=alt.Header(
                    labelAngle=0,
                    labelOrient="top",
                    labelAnchor="start",
                    labelFontSize=13,
                    labelFontWeight="bold",
                ),
            ),
            spacing=14,
        )
        .resolve_scale(y="independent")
        .properties(title="Gat per provincie en element, gegroepeerd per cluster")
    )


def cluster_profile_chart(profiles: pd.DataFrame, instrument: Instrument) -> alt.LayerChart:
    """Each cluster's mean gap per element beside the mean over all clustered provinces.

    Parameters
    ----------
    profiles : DataFrame
        One wave of :func:`bimmaturity.rules.clusters.cluster_profiles` (wave, cluster, element,
        mean_gap, all_mean_gap, difference).
    instrument : Instrument

    Returns
    -------
    alt.LayerChart
        Data columns element_label, reeks (``Cluster 1``, ..., ``Alle provincies``), waarde;
        the all-province mean once per element.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"wave": "1", "cluster": [1, 2], "element": "OTL",
    ...     "mean_gap": [1.5, 0.25], "all_mean_gap": 1.0, "difference": [0.5, -0.75]})
    >>> cluster_profile_chart(p, default_instrument()).data.values.tolist()
    [['Objecttypebibliotheek', 'Cluster 1', 1.5], ['Objecttypebibliotheek', 'Cluster 2', 0.25], ['Objecttypebibliotheek', 'Alle provincies', 1.0]]
    """  # noqa: E501
    order = {e: i for i, e in enumerate(instrument.element_ids)}
    frame = profiles.assign(_order=profiles["element"].map(order)).sort_values(
        ["_order", "cluster"], kind="stable"
    )
    rows = []
    for element, group in frame.groupby("element", sort=False):
        label = instrument.element_label(element)
        rows += [
            (label, f"Cluster {int(c)}", float(v))
            for c, v in zip(group["cluster"], group["mean_gap"], strict=True)
        ]
        rows.append((label, ALL_PROVINCES, float(group["all_mean_gap"].iloc[0])))
    data = pd.DataFrame(rows, columns=["element_label", "reeks", "waarde"])
    clusters = sorted(
        {r for r in data["reeks"] if r != ALL_PROVINCES}, key=lambda r: int(r.split()[-1])
    )
    domain = [*clusters, ALL_PROVINCES]
    palette = [CLUSTER_COLORS[i % len(CLUSTER_COLORS)] for i in range(len(clusters))]
    y = alt.Y("element_label:N", sort=[e.label for e in instrument.elements], title=None)
    x = alt.X("waarde:Q", title="Gemiddeld gat (ambitie - huidig)")
    color = alt.Color(
        "reeks:N", title=None, scale=alt.Scale(domain=domain, range=[*palette, "#555555"])
    )
    base = alt.Chart(data)
    span = (
        base.transform_aggregate(lo="min(waarde)", hi="max(waarde)", groupby=["element_label"])
        .mark_rule(color="#cccccc", strokeWidth=2)
        .encode(y=y, x="lo:Q", x2="hi:Q")
    )
    points = base.mark_point(filled=True, size=110, opacity=0.9).encode(
        y=y,
        x=x,
        color=color,
        shape=alt.Shape(
            "reeks:N",
            title=None,
            scale=alt.Scale(domain=domain, range=["circle"] * len(clusters) + [_BAR_SHAPE]),
        ),
        tooltip=[
            alt.Tooltip("element_label:N", title="Element"),
            alt.Tooltip("reeks:N", title="Groep"),
            alt.Tooltip("waarde:Q", title="Gemiddeld gat", format=".2f"),
        ],
    )
    return alt.layer(span, points).properties(
        width=480,
        height=alt.Step(26),
        title="Gemiddeld gat per cluster, naast het gemiddelde van alle provincies",
    )


# ---------------------------------------------------------------------------- collaboration (40)
POSITION_COLORS = {"koploper": "#6cbf84", "starter": "#f5a553", "middenveld": "#e3e3e3"}
POSITION_LABELS = {"koploper": "Koploper", "starter": "Starter", "middenveld": "Middenveld"}
ROLE_SHAPES = ["triangle-up", "circle", "triangle-down", "cross"]


def position_matrix_chart(
    roles: pd.DataFrame,
    wave: str,
    instrument: Instrument,
    scores: pd.DataFrame | None = None,
    order: list[str] | None = None,
) -> alt.LayerChart:
    """Provinces by elements, coloured by position and marked by the stated role.

    Parameters
    ----------
    roles : DataFrame
        The ``roles`` table (wave, province, element, stated_role, position).
    wave : str
    instrument : Instrument
    scores : DataFrame, optional
        Province scores: current and gap then show in the tooltip, and the provinces are
        ordered by their mean current level (highest on top).
    order : list of str, optional
        Province codes top to bottom; default: by mean current level when ``scores`` is
        given, else most koploper positions first; ties by code.

    Returns
    -------
    alt.LayerChart
        Data: one row per province and element with a position, with provincie,
        element_label, positie (Dutch label) and rol (the role's label, empty when missing).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> r = pd.DataFrame({"wave": "1", "province": ["PV28", "PV20"], "element": "OTL",
    ...     "stated_role": ["trekken", None], "position": ["koploper", "starter"]})
    >>> chart = position_matrix_chart(r, "1", default_instrument())
    >>> chart.data[["provincie", "positie", "rol"]].values.tolist()
    [['Zuid-Holland', 'Koploper', 'Trekken'], ['Groningen', 'Starter', '']]
    """
    data = roles[(roles["wave"].astype(str) == str(wave)) & roles["position"].notna()].copy()
    if scores is not None:
        values = scores.loc[
            scores["wave"].astype(str) == str(wave), ["province", "element", "current", "gap"]
        ]
        data = data.drop(columns=["current", "gap"], errors="ignore").merge(
            values, on=["province", "element"], how="left"
        )
    if order is None:
        if "current" in data.columns:
            level = data.groupby("province")["current"].mean()
            order = sorted(level.index, key=lambda p: (-float(level[p]), p))
        else:
            leads = (data["position"] == "koploper").groupby(data["province"]).sum()
            order = sorted(leads.index, key=lambda p: (-int(leads[p]), p))
    rank = {p: i for i, p in enumerate(order)}
    element_rank = {e: i for i, e in enumerate(instrument.element_ids)}
    data = data.assign(
        _p=data["province"].map(rank), _e=data["element"].map(element_rank)
    ).sort_values(["_p", "_e"], kind="stable")
    role_labels = {r: instrument.role_label(r) for r in instrument.role_ids}
    frame = pd.DataFrame(
        {
            "provincie": data["province"].map(province_name).to_numpy(),
            "element_label": data["element"].map(instrument.element_label).to_numpy(),
            "positie": data["position"].map(POSITION_LABELS).to_numpy(),
            "rol": [
                role_labels.get(r, "") if isinstance(r, str) else "" for r in data["stated_role"]
            ],
        }
    )
    for column in ("current", "gap"):
        if column in data.columns:
            frame[column] = data[column].astype("float64").to_numpy()
    x = alt.X(
        "element_label:N",
        sort=[e.label for e in instrument.elements],
        title=None,
        axis=alt.Axis(labelAngle=-35, orient="top"),
    )
    y = alt.Y("provincie:N", sort=[province_name(p) for p in order], title=None)
    tooltip = [
        alt.Tooltip("provincie:N", title="Provincie"),
        alt.Tooltip("element_label:N", title="Element"),
        alt.Tooltip("positie:N", title="Positie"),
        alt.Tooltip("rol:N", title="Opgegeven rol"),
    ]
    if "current" in frame:
        tooltip.append(alt.Tooltip("current:Q", title="Huidig", format=".1f"))
    if "gap" in frame:
        tooltip.append(alt.Tooltip("gap:Q", title="Gat", format=".1f"))
    cells = (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "positie:N",
                title="Positie",
                scale=alt.Scale(
                    domain=list(POSITION_LABELS.values()), range=list(POSITION_COLORS.values())
                ),
            ),
            tooltip=tooltip,
        )
    )
    role_domain = [role_labels[r] for r in instrument.role_ids]
    marks = (
        alt.Chart(frame)
        .transform_filter("datum.rol != ''")
        .mark_point(filled=True, size=80, color="#222222", opacity=0.85)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "rol:N",
                title="Opgegeven rol",
                scale=alt.Scale(
                    domain=role_domain,
                    range=[ROLE_SHAPES[i % len(ROLE_SHAPES)] for i in range(len(role_domain))],
                ),
            ),
            tooltip=tooltip,
        )
    )
    return (
        alt.layer(cells, marks)
        .resolve_legend(color="independent", shape="independent")
        .properties(
            width=alt.Step(62),
            height=alt.Step(28),
            title="Positie en opgegeven rol per provincie en element",
        )
    )


def opportunity_chart(
    opportunities: pd.DataFrame,
    wave: str,
    instrument: Instrument,
    min_demand: int | None = None,
) -> alt.LayerChart:
    """Demand and supply per element, in rank order; kansrijke elements in full colour.

    Parameters
    ----------
    opportunities : DataFrame
        The ``opportunities`` table (wave, element, supply, demand, kansrijk, rank, ...).
    wave : str
    instrument : Instrument
    min_demand : int, optional
        Draws the kansrijk threshold on demand as a dashed line.

    Returns
    -------
    alt.LayerChart
        Data: two rows per element (maat ``Vraag`` and ``Aanbod``) with element_label, aantal,
        kansrijk (``ja``/``nee``), rank.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "supply": [2, 0],
    ...     "demand": [5, 1], "kansrijk": [True, False], "rank": [1, 2]})
    >>> opportunity_chart(o, "1", default_instrument()).data.values.tolist()[:2]
    [['Objecttypebibliotheek', 'Vraag', 5, 'ja', 1], ['Objecttypebibliotheek', 'Aanbod', 2, 'ja', 1]]
    """  # noqa: E501
    table = opportunities[opportunities["wave"].astype(str) == str(wave)].sort_values("rank")
    rows = []
    for record in table.itertuples(index=False):
        label = instrument.element_label(record.element)
        kansrijk = "ja" if bool(record.kansrijk) else "nee"
        rows.append((label, "Vraag", int(record.demand), kansrijk, int(record.rank)))
        rows.append((label, "Aanbod", int(record.supply), kansrijk, int(record.rank)))
    data = pd.DataFrame(rows, columns=["element_label", "maat", "aantal", "kansrijk", "rank"])
    y = alt.Y("element_label:N", sort=list(dict.fromkeys(data["element_label"])), title=None)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            yOffset=alt.YOffset("maat:N", sort=["Vraag", "Aanbod"]),
            x=alt.X(
                "aantal:Q",
                title="Aantal provincies",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "maat:N",
                title=None,
                sort=["Vraag", "Aanbod"],
                scale=alt.Scale(
                    domain=["Vraag", "Aanbod"],
                    range=[COLORS["Ambitie"], COLORS["Huidige situatie"]],
                ),
                legend=alt.Legend(
                    labelLimit=320,
                    labelExpr="datum.label == 'Vraag' ? 'Vraag (willen aansluiten)' "
                    ": 'Aanbod (koplopers die willen trekken of meedoen)'",
                ),
            ),
            opacity=alt.Opacity(
                "kansrijk:N",
                title="Kansrijk",
                scale=alt.Scale(domain=["ja", "nee"], range=[1.0, 0.35]),
            ),
            tooltip=[
                alt.Tooltip("element_label:N", title="Element"),
                alt.Tooltip("maat:N", title="Maat"),
                alt.Tooltip("aantal:Q", title="Aantal provincies"),
                alt.Tooltip("kansrijk:N", title="Kansrijk"),
                alt.Tooltip("rank:Q", title="Rang"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if min_demand is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"drempel": [int(min_demand)]}))
            .mark_rule(strokeDash=[4, 3], color="#555555")
            .encode(x="drempel:Q")
        )
    return alt.layer(*layers).properties(
        width=420,
        height=alt.Step(11),
        title="Vraag en aanbod per element (in volgorde van rang)",
    )


# ---------------------------------------------------------------------------- business case (50)
MONEY_COLORS = {"Ieder voor zich": "#9a9a9a", "Samen, incl. coördinatie": "#1f5fa6"}
"""Bar colours of :func:`business_case_chart`."""

KEY_COLORS = {"Gelijke delen": "#1f5fa6", "Naar inwonertal": "#e07b00", "Gemengd": "#2a9d8f"}
"""Colours of the cost-sharing keys (Dutch names as in ``narrative.KEY_LABELS``)."""

MOVEMENT_COLORS = {"gestegen": "#1f5fa6", "gelijk": "#a9b8c6", "gedaald": "#c0392b"}
"""Colours of the movement classes of :func:`bimmaturity.rules.progress.movers`."""

_BC_MONEY_AXIS = {"format": ",.0f", "labelFlush": False}


def _bc_in_wave(frame: pd.DataFrame, wave: str) -> pd.DataFrame:
    return frame[frame["wave"].astype(str) == str(wave)]


def _bc_province_order(codes: Iterable[str]) -> list[str]:
    return [province_name(code) for code in sorted(set(codes))]


def business_case_chart(
    businesscase: pd.DataFrame,
    wave: str,
    instrument: Instrument,
    proposed: Sequence[str] = (),
) -> alt.Chart:
    """Per element the cost of every participant going alone beside one joint development.

    Elements without costs are left out; the labels of the proposed deals are bold.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, alone, joint, saving).
    wave
        The wave to show.
    instrument
        Gives the element labels and order.
    proposed
        Element ids of the proposed deals.

    Returns
    -------
    altair.Chart
        Grouped horizontal bars; data columns element_label, maat, bedrag, bedrag_tekst,
        deelnemers, besparing_tekst, voorgesteld.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "participants": [3, 0],
    ...     "alone": [300.0, None], "joint": [230.0, None], "saving": [70.0, None]})
    >>> chart = business_case_chart(bc, "1", default_instrument(), ["OTL"])
    >>> chart.data[["maat", "bedrag", "bedrag_tekst"]].to_dict("list")
    {'maat': ['Ieder voor zich', 'Samen, incl. coördinatie'], 'bedrag': [300.0, 230.0], 'bedrag_tekst': ['EUR 300', 'EUR 230']}
    """  # noqa: E501
    rows = _bc_in_wave(businesscase, wave)
    rows = rows[rows["alone"].notna() & rows["joint"].notna()].set_index("element")
    elements = [e for e in instrument.element_ids if e in rows.index]
    records = []
    for element in elements:
        row = rows.loc[element]
        for maat, column in zip(MONEY_COLORS, ("alone", "joint"), strict=True):
            records.append(
                {
                    "element_label": instrument.element_label(element),
                    "maat": maat,
                    "bedrag": float(row[column]),
                    "bedrag_tekst": euro(row[column]),
                    "deelnemers": int(row["participants"]),
                    "besparing_tekst": euro(row["saving"]),
                    "voorgesteld": "ja" if element in proposed else "nee",
                }
            )
    columns = [
        "element_label",
        "maat",
        "bedrag",
        "bedrag_tekst",
        "deelnemers",
        "besparing_tekst",
        "voorgesteld",
    ]
    data = pd.DataFrame(records, columns=columns)
    labels = [instrument.element_label(e) for e in elements]
    bold = [instrument.element_label(e) for e in proposed if e in rows.index]
    axis = alt.Axis(
        labelFontWeight={
            "condition": {
                "test": f"indexof({json.dumps(bold)}, datum.value) >= 0",
                "value": "bold",
            },
            "value": "normal",
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("element_label:N", sort=labels, title=None, axis=axis),
            yOffset=alt.YOffset("maat:N", sort=list(MONEY_COLORS)),
            x=alt.X("bedrag:Q", title="Kosten in euro", axis=alt.Axis(**_BC_MONEY_AXIS)),
            color=alt.Color(
                "maat:N",
                title=None,
                scale=alt.Scale(domain=list(MONEY_COLORS), range=list(MONEY_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("element_label:N", title="Element"),
                alt.Tooltip("maat:N", title="Variant"),
                alt.Tooltip("bedrag_tekst:N", title="Kosten"),
                alt.Tooltip("deelnemers:Q", title="Deelnemers"),
                alt.Tooltip("besparing_tekst:N", title="Besparing samen"),
                alt.Tooltip("voorgesteld:N", title="Voorgestelde deal"),
            ],
        )
        .properties(
            width=520,
            height=alt.Step(13),
            title=f"Kosten per element: ieder voor zich of samen (meting {wave})",
        )
    )


def net_benefit_chart(shares: pd.DataFrame, proposed: Sequence[str], wave: str) -> alt.Chart:
    """Each province's net benefit over the proposed deals together, under each cost key.

    Parameters
    ----------
    shares
        Cost shares (wave, element, province, key, share, net_benefit).
    proposed
        Element ids of the proposed deals.
    wave
        The wave.

    Returns
    -------
    altair.Chart
        Grouped horizontal bars; data columns provincie, sleutel, netto, netto_tekst, deals
        (one row per province and key, summed over the proposed deals it takes part in).

    Examples
    --------
    >>> sh = pd.DataFrame({"wave": "1", "element": ["OTL", "OTL", "DATA"],
    ...     "province": ["PV20", "PV21", "PV20"], "key": "equal", "share": [0.5, 0.5, 1.0],
    ...     "net_benefit": [100.0, 100.0, 50.0]})
    >>> net_benefit_chart(sh, ["OTL", "DATA"], "1").data.to_dict("records")[0]
    {'provincie': 'Groningen', 'sleutel': 'Gelijke delen', 'netto': 150.0, 'netto_tekst': 'EUR 150', 'deals': 2}
    """  # noqa: E501
    totals = net_benefit_totals(shares, proposed, wave).rename(columns={"net_benefit": "netto"})
    data = pd.DataFrame(
        {
            "provincie": totals["province"].map(province_name),
            "sleutel": totals["key"].map(KEY_LABELS),
            "netto": totals["netto"].astype("float64"),
            "netto_tekst": [euro(v) for v in totals["netto"]],
            "deals": totals["deals"].astype("int64"),
        }
    ).reset_index(drop=True)
    keys = [KEY_LABELS[k] for k in KEY_LABELS if k in set(totals["key"])]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("provincie:N", sort=_bc_province_order(totals["province"]), title=None),
            yOffset=alt.YOffset("sleutel:N", sort=keys),
            x=alt.X("netto:Q", title="Netto voordeel in euro", axis=alt.Axis(**_BC_MONEY_AXIS)),
            color=alt.Color(
                "sleutel:N",
                title="Verdeelsleutel",
                scale=alt.Scale(domain=keys, range=[KEY_COLORS[k] for k in keys]),
            ),
            tooltip=[
                alt.Tooltip("provincie:N", title="Provincie"),
                alt.Tooltip("sleutel:N", title="Verdeelsleutel"),
                alt.Tooltip("netto_tekst:N", title="Netto voordeel"),
                alt.Tooltip("deals:Q", title="Aantal deals"),
            ],
        )
        .properties(
            width=520,
            height=alt.Step(9),
            title="Netto voordeel per provincie over de voorgestelde deals",
        )
    )


def budget_chart(budget: pd.DataFrame, instrument: Instrument) -> alt.LayerChart:
    """The programme budget per year, stacked by deal, with the yearly total on top.

    Parameters
    ----------
    budget
        From :func:`bimmaturity.rules.businesscase.programme_budget` (year, element, budget).
    instrument
        Gives the element labels.

    Returns
    -------
    altair.LayerChart
        Bars (data jaar, element_label, budget, budget_tekst) and totals (data jaar, totaal,
        totaal_tekst); deals without costs are left out.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> b = pd.DataFrame({"year": [1, 1, 2, 2], "element": ["OTL", "DATA"] * 2,
    ...                   "budget": [400.0, 100.0, 200.0, 50.0]})
    >>> chart = budget_chart(b, default_instrument())
    >>> chart.layer[1].data.to_dict("list")
    {'jaar': ['Jaar 1', 'Jaar 2'], 'totaal': [500.0, 250.0], 'totaal_tekst': ['EUR 500', 'EUR 250']}
    """
    known = budget[budget["budget"].notna()]
    data = pd.DataFrame(
        {
            "jaar": [f"Jaar {int(y)}" for y in known["year"]],
            "element_label": [instrument.element_label(e) for e in known["element"]],
            "budget": known["budget"].astype("float64").to_numpy(),
            "budget_tekst": [euro(v) for v in known["budget"]],
        }
    )
    per_year = known.groupby("year")["budget"].sum()
    totals = pd.DataFrame(
        {
            "jaar": [f"Jaar {int(y)}" for y in per_year.index],
            "totaal": per_year.astype("float64").to_numpy(),
            "totaal_tekst": [euro(v) for v in per_year],
        }
    )
    years = totals["jaar"].tolist()
    order = list(dict.fromkeys(data["element_label"]))
    x = alt.X("jaar:N", sort=years, title=None, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("budget:Q", title="Budget in euro", axis=alt.Axis(**_BC_MONEY_AXIS)),
            color=alt.Color("element_label:N", title="Deal", sort=order),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("jaar:N", title="Jaar"),
                alt.Tooltip("element_label:N", title="Deal"),
                alt.Tooltip("budget_tekst:N", title="Budget"),
            ],
        )
        .transform_calculate(volgorde=f"indexof({json.dumps(order)}, datum.element_label)")
    )
    labels = (
        alt.Chart(totals)
        .mark_text(dy=-8, fontSize=12, fontWeight="bold")
        .encode(x=x, y=alt.Y("totaal:Q"), text=alt.Text("totaal_tekst:N"))
    )
    return alt.layer(bars, labels).properties(
        width=alt.Step(110), height=300, title="Programmabegroting per jaar"
    )


def sensitivity_chart(
    by_overhead: pd.DataFrame, by_participants: pd.DataFrame, overhead: float
) -> alt.HConcatChart:
    """Total saving of the proposed deals against the overhead and the number of participants.

    Parameters
    ----------
    by_overhead, by_participants
        From :func:`bimmaturity.rules.businesscase.saving_sensitivity`: (overhead, saving) and
        (participants, saving).
    overhead
        The overhead assumed, drawn as a dashed line.

    Returns
    -------
    altair.HConcatChart
        Two line charts side by side; data columns overhead, besparing, overhead_tekst,
        besparing_tekst (left) and deelnemers, besparing, besparing_tekst (right).

    Examples
    --------
    >>> o = pd.DataFrame({"overhead": [0.0, 0.5], "saving": [100.0, 0.0]})
    >>> n = pd.DataFrame({"participants": [1, 2], "saving": [-130.0, -30.0]})
    >>> chart = sensitivity_chart(o, n, 0.15)
    >>> chart.hconcat[0].layer[0].data.to_dict("list")["overhead_tekst"]
    ['0%', '50%']
    """
    left = pd.DataFrame(
        {
            "overhead": by_overhead["overhead"].astype("float64").to_numpy(),
            "besparing": by_overhead["saving"].astype("float64").to_numpy(),
            "overhead_tekst": [percent(v) for v in by_overhead["overhead"]],
            "besparing_tekst": [euro(v) for v in by_overhead["saving"]],
        }
    )
    right = pd.DataFrame(
        {
            "deelnemers": by_participants["participants"].astype("int64").to_numpy(),
            "besparing": by_participants["saving"].astype("float64").to_numpy(),
            "besparing_tekst": [euro(v) for v in by_participants["saving"]],
        }
    )
    y = alt.Y("besparing:Q", title="Totale besparing in euro", axis=alt.Axis(**_BC_MONEY_AXIS))
    zero = alt.Chart(pd.DataFrame({"nul": [0.0]})).mark_rule(color="#444444").encode(y="nul:Q")
    line_left = (
        alt.Chart(left)
        .mark_line(point=True, color=COLORS["Huidige situatie"])
        .encode(
            x=alt.X(
                "overhead:Q",
                title="Coördinatiekosten (aandeel van de gezamenlijke kosten)",
                axis=alt.Axis(format=".0%"),
            ),
            y=y,
            tooltip=[
                alt.Tooltip("overhead_tekst:N", title="Coördinatiekosten"),
                alt.Tooltip("besparing_tekst:N", title="Besparing"),
            ],
        )
    )
    assumption = alt.Chart(pd.DataFrame({"aanname": [float(overhead)]}))
    assumed = alt.layer(
        assumption.mark_rule(strokeDash=[4, 4], color=COLORS["Ambitie"]).encode(x="aanname:Q"),
        assumption.mark_text(align="left", dx=4, color=COLORS["Ambitie"]).encode(
            x="aanname:Q", y=alt.value(228), text=alt.value(f"aanname {percent(overhead)}")
        ),
    )
    line_right = (
        alt.Chart(right)
        .mark_line(point=True, color=COLORS["Huidige situatie"])
        .encode(
            x=alt.X("deelnemers:Q", title="Deelnemers per deal", axis=alt.Axis(tickMinStep=1)),
            y=y,
            tooltip=[
                alt.Tooltip("deelnemers:Q", title="Deelnemers per deal"),
                alt.Tooltip("besparing_tekst:N", title="Besparing"),
            ],
        )
    )
    return alt.hconcat(
        alt.layer(line_left, assumed, zero).properties(
            width=300, height=240, title="Besparing bij meer of minder coördinatiekosten"
        ),
        alt.layer(line_right, zero).properties(
            width=300, height=240, title="Besparing bij meer of minder deelnemers"
        ),
        spacing=40,
    )


# ---------------------------------------------------------------------------- progress (60)
def progress_heatmap(progress_frame: pd.DataFrame, instrument: Instrument) -> alt.LayerChart:
    """Change of each province's element score between two waves, with ✓ where the earlier
    ambition is reached.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress` (province, element, change,
        ambition_attained, from_current, to_current, from_ambition); rows without a change
        are left out.
    instrument
        Gives the element labels and order.

    Returns
    -------
    altair.LayerChart
        Cells and labels; data columns provincie, element_label, verandering, label, van, naar,
        ambitie, gehaald.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"province": ["PV20", "PV21"], "element": "OTL",
    ...     "change": [0.44, -0.5], "ambition_attained": pd.array([True, None], dtype="boolean"),
    ...     "from_current": [1.0, 2.0], "to_current": [1.44, 1.5], "from_ambition": [1.4, None]})
    >>> progress_heatmap(p, default_instrument()).data[["label", "gehaald"]].to_dict("list")
    {'label': ['+0,4 ✓', '-0,5'], 'gehaald': ['ja', 'onbekend']}
    """
    rows = progress_frame[progress_frame["change"].notna()]
    attained = rows["ambition_attained"].astype("boolean")
    gehaald = ["onbekend" if pd.isna(a) else ("ja" if a else "nee") for a in attained]
    data = pd.DataFrame(
        {
            "provincie": rows["province"].map(province_name).to_numpy(),
            "element_label": [instrument.element_label(e) for e in rows["element"]],
            "verandering": rows["change"].astype("float64").to_numpy(),
            "label": [
                signed(c) + (" ✓" if g == "ja" else "")
                for c, g in zip(rows["change"], gehaald, strict=True)
            ],
            "van": rows["from_current"].astype("float64").to_numpy(),
            "naar": rows["to_current"].astype("float64").to_numpy(),
            "ambitie": rows["from_ambition"].astype("float64").to_numpy(),
            "gehaald": gehaald,
        }
    )
    extent = max(0.5, float(data["verandering"].abs().max())) if len(data) else 1.0
    base = alt.Chart(data).encode(
        x=alt.X(
            "element_label:N",
            sort=_element_labels(instrument),
            title=None,
            axis=alt.Axis(labelAngle=-35, orient="top"),
        ),
        y=alt.Y("provincie:N", sort=_bc_province_order(rows["province"]), title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "verandering:Q",
            title="Verandering (niveaus)",
            scale=alt.Scale(scheme="redblue", domain=[-extent, extent], domainMid=0),
            legend=alt.Legend(format="+.1f", orient="right"),
        ),
        tooltip=[
            alt.Tooltip("provincie:N", title="Provincie"),
            alt.Tooltip("element_label:N", title="Element"),
            alt.Tooltip("van:Q", title="Eerdere meting", format=".2f"),
            alt.Tooltip("naar:Q", title="Latere meting", format=".2f"),
            alt.Tooltip("verandering:Q", title="Verandering", format="+.2f"),
            alt.Tooltip("ambitie:Q", title="Eerdere ambitie", format=".2f"),
            alt.Tooltip("gehaald:N", title="Ambitie gehaald"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("label:N"),
        color=alt.condition(
            f"abs(datum.verandering) > {0.6 * extent}", alt.value("white"), alt.value("black")
        ),
    )
    return alt.layer(cells, labels).properties(
        width=alt.Step(66),
        height=alt.Step(26),
        title="Verandering van de huidige situatie per provincie en element",
    )


def movement_chart(
    progress_frame: pd.DataFrame, instrument: Instrument, threshold: float = 0.5
) -> alt.Chart:
    """Per element how many provinces rose, stayed about the same or fell.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress`.
    instrument
        Gives the element labels and order.
    threshold
        The change, in levels, that counts as a move.

    Returns
    -------
    altair.Chart
        Stacked horizontal bars; data columns element_label, beweging, aantal, volgorde.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "element": "OTL",
    ...                   "change": [0.6, 0.1, None]})
    >>> movement_chart(p, default_instrument()).data.to_dict("list")
    {'element_label': ['Objecttypebibliotheek', 'Objecttypebibliotheek'], 'beweging': ['gestegen', 'gelijk'], 'aantal': [1, 1], 'volgorde': [0, 1]}
    """  # noqa: E501
    rows = movers(progress_frame[progress_frame["change"].notna()], threshold)
    counts = rows.groupby(["element", "movement"]).size()
    records = [
        (instrument.element_label(element), movement, int(counts[(element, movement)]), i)
        for element in instrument.element_ids
        for i, movement in enumerate(MOVEMENTS)
        if (element, movement) in counts.index
    ]
    data = pd.DataFrame(records, columns=["element_label", "beweging", "aantal", "volgorde"])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("element_label:N", sort=_element_labels(instrument), title=None),
            x=alt.X("aantal:Q", title="Aantal provincies", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "beweging:N",
                title=None,
                scale=alt.Scale(domain=list(MOVEMENTS), range=list(MOVEMENT_COLORS.values())),
            ),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("element_label:N", title="Element"),
                alt.Tooltip("beweging:N", title="Beweging"),
                alt.Tooltip("aantal:Q", title="Provincies"),
            ],
        )
        .properties(
            width=420,
            height=alt.Step(24),
            title=f"Stijgers en dalers per element (drempel {number(threshold)} niveau)",
        )
    )


def slope_chart(
    overall_frame: pd.DataFrame, from_wave: str, to_wave: str, threshold: float = 0.5
) -> alt.LayerChart:
    """Overall maturity of each province in two waves, one line per province.

    Labels on the right are spread apart where provinces end close together.

    Parameters
    ----------
    overall_frame
        From :func:`bimmaturity.rules.progress.overall_progress` (province, from_current,
        to_current, change).
    from_wave, to_wave
        The waves, as axis labels.
    threshold
        The change, in levels, that counts as a move (colours the lines).

    Returns
    -------
    altair.LayerChart
        Lines and points (data provincie, meting, niveau, beweging) and labels (data
        provincie, meting, niveau, label_y, label).

    Examples
    --------
    >>> o = pd.DataFrame({"province": ["PV20", "PV21"], "from_current": [1.5, 2.0],
    ...                   "to_current": [2.25, 2.0], "change": [0.75, 0.0]})
    >>> chart = slope_chart(o, "2018", "2020")
    >>> chart.layer[0].data.to_dict("list")["beweging"]
    ['gestegen', 'gestegen', 'gelijk', 'gelijk']
    >>> chart.layer[1].data["label"].tolist()
    ['Fryslân 2,0', 'Groningen 2,3']
    """
    rows = movers(overall_frame[overall_frame["change"].notna()], threshold)
    rows = rows.sort_values("province", kind="stable")
    long = pd.DataFrame(
        [
            (province_name(r.province), wave, float(value), r.movement)
            for r in rows.itertuples()
            for wave, value in ((str(from_wave), r.from_current), (str(to_wave), r.to_current))
        ],
        columns=["provincie", "meting", "niveau", "beweging"],
    )
    values = pd.concat([rows["from_current"], rows["to_current"]]).astype("float64")
    low = math.floor(values.min() * 2) / 2 if len(values) else 1.0
    high = math.ceil(values.max() * 2) / 2 if len(values) else 2.0
    high = max(high, low + 0.5)
    height = 420
    gap = (high - low) * 14 / height
    ends = rows.sort_values(["to_current", "province"], kind="stable")
    positions = _bc_spread([float(v) for v in ends["to_current"]], gap, low, high)
    labels = pd.DataFrame(
        {
            "provincie": ends["province"].map(province_name).to_numpy(),
            "meting": str(to_wave),
            "niveau": ends["to_current"].astype("float64").to_numpy(),
            "label_y": positions,
            "label": [
                f"{province_name(p)} {number(v)}"
                for p, v in zip(ends["province"], ends["to_current"], strict=True)
            ],
        }
    )
    x = alt.X(
        "meting:N",
        sort=[str(from_wave), str(to_wave)],
        title=None,
        axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=13, labelFontWeight="bold"),
        scale=alt.Scale(padding=0.1),
    )
    y_scale = alt.Scale(domain=[low, high], zero=False)
    color = alt.Color(
        "beweging:N",
        title=f"Beweging (drempel {number(threshold)} niveau)",
        scale=alt.Scale(domain=list(MOVEMENTS), range=list(MOVEMENT_COLORS.values())),
        legend=alt.Legend(titleLimit=400),
    )
    lines = (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("niveau:Q", title="Gemiddeld volwassenheidsniveau", scale=y_scale),
            detail="provincie:N",
            color=color,
            tooltip=[
                alt.Tooltip("provincie:N", title="Provincie"),
                alt.Tooltip("meting:N", title="Meting"),
                alt.Tooltip("niveau:Q", title="Niveau", format=".2f"),
            ],
        )
    )
    text = (
        alt.Chart(labels)
        .mark_text(align="left", dx=10, fontSize=11)
        .encode(x=x, y=alt.Y("label_y:Q", scale=y_scale), text="label:N")
    )
    return alt.layer(lines, text).properties(
        width=360,
        height=height,
        title=f"Gemiddeld volwassenheidsniveau per provincie, meting {from_wave} en {to_wave}",
    )


def _bc_spread(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions for sorted values: at least ``gap`` apart, each group of labels that
    had to be pushed apart centred on the mean of its values, kept within ``[low, high]``."""
    groups: list[list[float]] = []
    for value in values:
        groups.append([value])
        while len(groups) > 1:
            last, before = groups[-1], groups[-2]
            top_before = sum(before) / len(before) + (len(before) - 1) / 2 * gap
            bottom_last = sum(last) / len(last) - (len(last) - 1) / 2 * gap
            if bottom_last - top_before >= gap - 1e-12:
                break
            groups[-2:] = [before + last]
    positions = []
    for group in groups:
        centre = sum(group) / len(group)
        positions += [centre + (i - (len(group) - 1) / 2) * gap for i in range(len(group))]
    if positions and positions[-1] > high:
        positions = [p - (positions[-1] - high) for p in positions]
    if positions and positions[0] < low:
        positions = [p + (low - positions[0]) for p in positions]
    return positions
