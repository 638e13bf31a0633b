"""The gap clusters (notebook 30): how many clusters, the clustered gaps, what was imputed.

The clustering itself (rule 10) is computed once with the analysis
(``Analysis.clusterings``); a wave with too few provinces with a gap has none, and the report
then says so instead of failing. What sets each cluster apart is in
:mod:`bimmaturity.present.sections.cluster_profiles`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import count_words, listing, number, number_word, province_names
from bimmaturity.present.html import Markdown, banner, note
from bimmaturity.present.sections import cell_labels, in_wave
from bimmaturity.present.theme import AMBITION_COLOR, CURRENT_COLOR
from bimmaturity.rules.clusters import GapClustering, GapMatrix, gap_matrix

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "clusters_overview",
    "gap_cluster_heatmap",
    "header",
    "heatmap_part",
    "imputation_text",
    "section_text",
    "silhouette_chart",
    "silhouette_part",
    "silhouette_text",
    "unclustered_note",
]


def section_text(part: str) -> Markdown:
    """An explanation of notebook 30 between its charts (with its heading), in the words of the
    registry in use (:data:`bimmaturity.vocab.REPORT_TEXTS`).

    Parameters
    ----------
    part : str
        ``intro``, ``silhouette``, ``profiles``, ``character``, ``stability`` or ``method``.

    Returns
    -------
    Markdown

    Examples
    --------
    >>> section_text("silhouette").data.splitlines()[0]
    '## Hoeveel clusters?'
    """
    return Markdown(vocab.REPORT_TEXTS["30_gapclusters"][part])


def header(analysis: Analysis, wave: str) -> list[Markdown | HTML]:
    """The top of the cluster report: heading, banner, and the clusters or why there are none.

    Parameters
    ----------
    analysis : Analysis
        The analysis of every wave (:func:`bimmaturity.analysis.load_analysis`).
    wave : str
        The wave shown.

    Returns
    -------
    list
        Heading (Markdown), banner (HTML), then the overview sentence (Markdown) or, when the
        wave could not be clustered, :func:`unclustered_note`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.analysis import AnalysisOptions
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "gap": [1.0, 2.0]})
    >>> a = SimpleNamespace(scores=s, clusterings={}, options=AnalysisOptions(),
    ...     processed=SimpleNamespace(waves=["1"], is_example=True))
    >>> print(header(a, "1")[2].data)  # doctest: +NORMALIZE_WHITESPACE
    <div class="bm-warning">In meting 1 hebben 2 provincie(s) een gat tussen ambitie en huidige
    situatie; voor deze clustering zijn er minstens 3 nodig. Dit overzicht blijft daarom
    leeg.</div>
    """
    heading = vocab.REPORT_HEADINGS["30_gapclusters"].format(wave=wave, **vocab.org_words())
    parts: list[Markdown | HTML] = [Markdown(f"# {heading}"), banner(analysis.processed)]
    if str(wave) not in analysis.clusterings:
        return [*parts, unclustered_note(analysis, wave)]
    return [*parts, Markdown(clusters_overview(analysis.cluster_summary, wave))]


def unclustered_note(analysis: Analysis, wave: str) -> HTML:
    """The warning shown when a wave has too few provinces with a gap to cluster.

    Clustering needs at least three provinces with a gap (two when the number of clusters is
    given, and no more clusters than provinces).

    Parameters
    ----------
    analysis : Analysis
        Its scores and ``options.clusters`` are read.
    wave : str
        The wave.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.analysis import AnalysisOptions
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20"], "element": "OTL", "gap": [0.0]})
    >>> a = SimpleNamespace(scores=s, options=AnalysisOptions(clusters=4))
    >>> "voor deze clustering zijn er minstens 4 nodig" in unclustered_note(a, "1").data
    True
    """
    try:
        count = len(gap_matrix(analysis.scores, wave).provinces)
    except ValueError:
        count = 0
    k = analysis.options.clusters
    needed = 3 if k is None else max(int(k), 2)
    w = vocab.org_words()
    counted = f"{w['org']}({w['orgs'][len(w['org']) :]})"  # provincie(s), gemeente(n)
    return note(
        f"In meting {wave} hebben {count} {counted} een gat tussen ambitie en huidige "
        f"situatie; voor deze clustering zijn er minstens {needed} nodig. Dit overzicht "
        "blijft daarom leeg.",
        "warning",
    )


def silhouette_part(analysis: Analysis, wave: str) -> list[alt.LayerChart | Markdown]:
    """The "how many clusters?" part: the silhouette chart and its reading.

    Parameters
    ----------
    analysis : Analysis
        Its ``clusterings`` are read.
    wave : str
        The wave shown.

    Returns
    -------
    list
        :func:`silhouette_chart` and :func:`silhouette_text` (Markdown); empty when the wave
        was not clustered.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> silhouette_part(SimpleNamespace(clusterings={}), "1")
    []
    """
    clustering = analysis.clusterings.get(str(wave))
    if clustering is None:
        return []
    chart = silhouette_chart(clustering.silhouette, clustering.k, k_chosen=clustering.k_chosen)
    return [chart, Markdown(silhouette_text(clustering))]


def heatmap_part(analysis: Analysis, wave: str) -> list[alt.FacetChart | HTML]:
    """The gap profiles per cluster: :func:`gap_cluster_heatmap` and what was imputed.

    Parameters
    ----------
    analysis : Analysis
        Its ``clusterings`` and instrument are read.
    wave : str
        The wave shown.

    Returns
    -------
    list
        The heatmap and a note with :func:`imputation_text`; empty when the wave was not
        clustered.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> heatmap_part(SimpleNamespace(clusterings={}), "1")
    []
    """
    clustering = analysis.clusterings.get(str(wave))
    if clustering is None:
        return []
    return [
        gap_cluster_heatmap(clustering, analysis.instrument),
        note(imputation_text(clustering.matrix, analysis.instrument)),
    ]


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
            "datum.gebruikt",
            alt.value(AMBITION_COLOR),
            alt.value(CURRENT_COLOR),
        ),
        tooltip=[
            alt.Tooltip("k:Q", title=vocab.OVERVIEW_LABELS["clusters"]),
            alt.Tooltip("silhouette:Q", title=vocab.OVERVIEW_LABELS["silhouette"], format=".2f"),
        ],
    )
    label = base.mark_text(align="left", dx=10, dy=-10, fontSize=12, fontWeight="bold").encode(
        text="label:N", color=alt.value(AMBITION_COLOR)
    )
    return alt.layer(line, points, label, data=data).properties(
        width=360, height=200, title="Silhouet per aantal clusters"
    )


def silhouette_text(clustering: GapClustering) -> str:
    """How the number of clusters was set, and what the mean silhouette says about it.

    Parameters
    ----------
    clustering : GapClustering
        From :func:`bimmaturity.rules.clusters.cluster_analysis`.

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.rules.clusters import cluster_analysis
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV22", "PV23"],
    ...     "element": "OTL", "gap": [0.0, 0.5, 2.5, 3.0]})
    >>> import textwrap
    >>> print(textwrap.fill(silhouette_text(cluster_analysis(s, "1")), 88))
    Het aantal clusters is gekozen met het silhouet, een maat voor hoe goed elke provincie
    bij haar eigen cluster past (van -1 tot 1): twee clusters geven het hoogste gemiddelde
    silhouet (0,80). Dat wijst op duidelijk gescheiden groepen.
    >>> print(textwrap.fill(silhouette_text(cluster_analysis(s, "1", k=1)), 88))
    Het aantal clusters (1) is als parameter opgegeven; op grond van het silhouet zou het
    aantal twee zijn (gemiddeld silhouet 0,80).
    """
    curve = clustering.silhouette
    w = vocab.org_words()
    if curve.empty:
        return (
            f"Het aantal clusters ({clustering.k}) is als parameter opgegeven; met minder dan "
            f"drie {w['orgs']} is er geen silhouet te berekenen."
        )
    best = curve.loc[curve["silhouette"].idxmax()]
    best_k, best_s = int(best["k"]), float(best["silhouette"])
    used = curve.loc[curve["k"] == clustering.k, "silhouette"]
    if not clustering.k_chosen:
        text = (
            f"Het aantal clusters ({clustering.k}) is als parameter opgegeven; op grond van "
            f"het silhouet zou het aantal {number_word(best_k)} zijn (gemiddeld silhouet "
            f"{number(best_s, 2)}"
        )
        if not used.empty and clustering.k != best_k:
            text += f"; bij {clustering.k} clusters is het {number(float(used.iloc[0]), 2)}"
        return text + ")."
    if best_s >= 0.7:
        reading = "duidelijk gescheiden groepen"
    elif best_s >= 0.5:
        reading = "redelijk gescheiden groepen"
    elif best_s >= 0.25:
        reading = (
            "een zwakke groepsstructuur: de groepen zijn herkenbaar, maar de grenzen zijn "
            "niet scherp"
        )
    else:
        reading = "nauwelijks een groepsstructuur: lees de clusters als een grove indeling"
    return (
        f"Het aantal clusters is gekozen met het silhouet, een maat voor hoe goed {w['elke']} "
        f"{w['org']} bij {w['haar']} eigen cluster past (van -1 tot 1): "
        f"{count_words(clustering.k, 'cluster geeft', 'clusters geven')} het hoogste gemiddelde "
        f"silhouet ({number(best_s, 2)}). Dat wijst op {reading}."
    )


def clusters_overview(summary: pd.DataFrame, wave: str) -> str:
    """One sentence naming the gap clusters of a wave and their members.

    Parameters
    ----------
    summary : DataFrame
        :func:`bimmaturity.rules.clusters.cluster_summary` (wave, cluster, members, ...).
    wave : str

    Returns
    -------
    str

    Examples
    --------
    >>> s = pd.DataFrame({"wave": "1", "cluster": [1, 2], "members": ["PV21, PV20", "PV28"]})
    >>> print(clusters_overview(s, "1"))
    In meting 1 vormen de provincies twee groepen met een vergelijkbaar gapprofiel: cluster 1 (Fryslân en Groningen) en cluster 2 (Zuid-Holland).
    """  # noqa: E501
    rows = in_wave(summary, wave).sort_values("cluster")
    orgs = vocab.org_words()["orgs"]
    if rows.empty:
        return f"In meting {wave} zijn de {orgs} niet geclusterd."
    parts = [
        f"cluster {int(r.cluster)} ({listing(province_names(str(r.members).split(', ')))})"
        for r in rows.itertuples(index=False)
    ]
    if len(parts) == 1:
        return f"In meting {wave} vormen alle {orgs} één groep: {parts[0]}."
    return (
        f"In meting {wave} vormen de {orgs} {number_word(len(parts))} groepen met een "
        f"vergelijkbaar gapprofiel: {listing(parts)}."
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
    w = vocab.org_words()
    data = pd.DataFrame(
        {
            "provincie": tidy["province"].map(province_name),
            "cluster": tidy["cluster"],
            "groep": [
                f"Cluster {c} ({sizes[c]} {w['org'] if sizes[c] == 1 else w['orgs']})"
                for c in tidy["cluster"]
            ],
            "element": tidy["element"],
            "element_label": tidy["element"].map(instrument.element_label),
            "waarde": tidy["gap"].astype("float64"),
            "label": [
                label + ("*" if imputed and label else "")
                for label, imputed in zip(cell_labels(tidy["gap"]), tidy["imputed"], strict=True)
            ],
            "aangevuld": tidy["imputed"].map({True: vocab.YES, False: vocab.NO}),
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
                alt.Tooltip("provincie:N", title=vocab.OVERVIEW_LABELS["org"]),
                alt.Tooltip("groep:N", title=vocab.OVERVIEW_LABELS["cluster"]),
                alt.Tooltip("element_label:N", title=vocab.ELEMENT),
                alt.Tooltip("waarde:Q", title=vocab.GAP, format=".1f"),
                alt.Tooltip("aangevuld:N", title=vocab.OVERVIEW_LABELS["imputed"]),
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
        .properties(title=vocab.CHART_TITLES["gap_clusters"])
    )


def imputation_text(matrix: GapMatrix, instrument: Instrument) -> str:
    """Where gaps were missing and replaced by the mean of the other provinces (rule 10).

    Parameters
    ----------
    matrix : GapMatrix
        The clustered matrix (``GapClustering.matrix`` or
        :func:`bimmaturity.rules.clusters.gap_matrix`).
    instrument : Instrument

    Returns
    -------
    str
        Also when nothing was imputed (rule 10: the fact is reported).

    Examples
    --------
    >>> from bimmaturity.rules.clusters import gap_matrix
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV22"] * 2,
    ...     "element": ["OTL"] * 3 + ["DATA"] * 3,
    ...     "gap": [2.0, 1.0, 0.0, float("nan"), 1.0, 0.5]})
    >>> import textwrap
    >>> print(textwrap.fill(imputation_text(gap_matrix(s, "1"), default_instrument()), 88))
    Bij één combinatie van provincie en element ontbrak het gat; voor de clustering is daar
    het gemiddelde gat van de andere provincies ingevuld (met * gemarkeerd): Groningen
    (Informatie- en datamanagement).
    """
    tidy = matrix.tidy()
    imputed = tidy[tidy["imputed"]]
    w = vocab.org_words()
    sentences = []
    if imputed.empty:
        sentences.append("Alle gaten waren bekend: voor de clustering is niets aangevuld.")
    else:
        order = {e: i for i, e in enumerate(instrument.element_ids)}
        imputed = imputed.assign(
            _name=imputed["province"].map(province_name), _e=imputed["element"].map(order)
        ).sort_values(["_name", "_e"])
        parts = [
            f"{name} ({listing([instrument.element_label(e) for e in group['element']])})"
            for name, group in imputed.groupby("_name", sort=False)
        ]
        sentences.append(
            f"Bij {count_words(len(imputed), 'combinatie', 'combinaties')} van {w['org']} en "
            "element ontbrak het gat; voor de clustering is daar het gemiddelde gat van de "
            f"andere {w['orgs']} ingevuld (met * gemarkeerd): {'; '.join(parts)}."
        )
    if matrix.dropped_elements:
        labels = [instrument.element_label(e) for e in matrix.dropped_elements]
        sentences.append(f"Zonder enig gat en dus buiten de clustering: {listing(labels)}.")
    if matrix.dropped_provinces:
        sentences.append(
            f"{w['Orgs']} zonder enig gat, niet geclusterd: "
            f"{listing(province_names(list(matrix.dropped_provinces)))}."
        )
    return " ".join(sentences)
