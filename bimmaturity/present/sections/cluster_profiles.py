"""What sets each gap cluster apart (notebook 30): its mean gaps, a text, members, stability.

The profiles and the one-row-per-cluster summary come from the analysis
(``Analysis.cluster_profiles``, ``Analysis.cluster_summary``); the stability from the
``clusters`` table (rule 10, respondents resampled).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.present.format import (
    count_words,
    listing,
    number,
    number_word,
    province_names,
    rounded,
    signed,
    whole,
)
from bimmaturity.present.html import table
from bimmaturity.present.sections import in_wave
from bimmaturity.present.theme import CLUSTER_COLORS

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "cluster_descriptions",
    "cluster_members_table",
    "cluster_profile_chart",
    "cluster_texts",
    "members_part",
    "profiles_part",
]


def profiles_part(analysis: Analysis, wave: str) -> list[alt.LayerChart | HTML]:
    """The "what sets each cluster apart" part: the profile chart and a text per cluster.

    Parameters
    ----------
    analysis : Analysis
        Its clusterings, cluster profiles and summary, clusters table and instrument are read.
    wave : str
        The wave shown.

    Returns
    -------
    list
        :func:`cluster_profile_chart` and :func:`cluster_descriptions` of
        :func:`cluster_texts`; empty when the wave was not clustered.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> profiles_part(SimpleNamespace(clusterings={}), "1")
    []
    """
    if str(wave) not in analysis.clusterings:
        return []
    profiles = in_wave(analysis.cluster_profiles, wave)
    summary = in_wave(analysis.cluster_summary, wave)
    texts = cluster_texts(
        summary,
        profiles,
        analysis.instrument,
        in_wave(analysis.clusters, wave),
        k=analysis.clusterings[str(wave)].k,
        overall=in_wave(analysis.overall, wave),
    )
    return [cluster_profile_chart(profiles, analysis.instrument), cluster_descriptions(texts)]


def members_part(analysis: Analysis, wave: str) -> list[HTML]:
    """The members and stability of each cluster, as a table (empty when not clustered).

    Parameters
    ----------
    analysis : Analysis
        Its clusterings, cluster summary, clusters table and instrument are read.
    wave : str
        The wave shown.

    Returns
    -------
    list
        :func:`cluster_members_table`, or nothing when the wave was not clustered.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> members_part(SimpleNamespace(clusterings={}), "1")
    []
    """
    if str(wave) not in analysis.clusterings:
        return []
    summary = in_wave(analysis.cluster_summary, wave)
    return [cluster_members_table(summary, analysis.clusters, analysis.instrument)]


_BAR_SHAPE = "M-0.12,-1H0.12V1H-0.12Z"  # a short vertical bar: the all-province mean


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
    everyone = vocab.org_text(vocab.ALL_PROVINCES)
    rows = []
    for element, group in frame.groupby("element", sort=False):
        label = instrument.element_label(element)
        rows += [
            (label, f"Cluster {int(c)}", float(v))
            for c, v in zip(group["cluster"], group["mean_gap"], strict=True)
        ]
        rows.append((label, everyone, float(group["all_mean_gap"].iloc[0])))
    data = pd.DataFrame(rows, columns=["element_label", "reeks", "waarde"])
    clusters = sorted({r for r in data["reeks"] if r != everyone}, key=lambda r: int(r.split()[-1]))
    domain = [*clusters, everyone]
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
            alt.Tooltip("element_label:N", title=vocab.ELEMENT),
            alt.Tooltip("reeks:N", title=vocab.OVERVIEW_LABELS["group"]),
            alt.Tooltip("waarde:Q", title=vocab.OVERVIEW_LABELS["mean_gap"], format=".1f"),
        ],
    )
    return alt.layer(span, points).properties(
        width=480,
        height=alt.Step(26),
        title=vocab.CHART_TITLES["cluster_profiles"],
    )


def cluster_texts(
    summary: pd.DataFrame,
    profiles: pd.DataFrame,
    instrument: Instrument,
    stability: pd.DataFrame | None = None,
    k: int | None = None,
    overall: pd.DataFrame | None = None,
) -> dict[int, str]:
    """A short Dutch text per cluster: members, mean gap, what sets it apart, whether it is
    simply the most mature provinces, and its stability.

    Parameters
    ----------
    summary : DataFrame
        One wave of :func:`bimmaturity.rules.clusters.cluster_summary`.
    profiles : DataFrame
        The same wave of :func:`bimmaturity.rules.clusters.cluster_profiles`.
    instrument : Instrument
    stability : DataFrame, optional
        The ``clusters`` table (wave, province, cluster, stability) for that wave; stability
        is the mean Jaccard similarity of rule 10.
    k : int, optional
        The number of clusters (the stability sentence names it).
    overall : DataFrame, optional
        Overall scores of that wave (province, current): a cluster that is exactly the most
        mature provinces is said to be so.

    Returns
    -------
    dict
        Cluster number to text, in cluster order.

    Examples
    --------
    >>> from bimmaturity.rules.clusters import cluster_profiles, cluster_summary, gap_clusters
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV22"] * 2,
    ...     "element": ["OTL"] * 3 + ["DATA"] * 3, "gap": [2.0, 2.0, 0.0, 0.0, 0.5, 1.0]})
    >>> a = gap_clusters(s, "1")
    >>> st = a.assign(stability=[0.9, 0.9, 0.55])
    >>> o = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "current": [3.9, 4.0, 2.0]})
    >>> texts = cluster_texts(cluster_summary(s, a), cluster_profiles(s, a),
    ...                       default_instrument(), st, k=2, overall=o)
    >>> import textwrap
    >>> print(textwrap.fill(texts[1], 88))
    Cluster 1 (twee provincies: Fryslân en Groningen) heeft een gemiddeld gat van 1,1
    niveau. Het gat is hier vooral groter dan gemiddeld bij Objecttypebibliotheek (+0,7).
    Kleiner dan gemiddeld is het bij Informatie- en datamanagement (−0,3). Dit zijn precies
    de twee provincies met het hoogste huidige niveau: hun gapprofiel volgt vooral uit hoe
    ver zij al zijn (een hoog niveau laat weinig ruimte voor een gat). Bij de indeling in
    twee clusters is deze groep stabiel: in de herhaalde steekproeven van respondenten komt
    zij gemiddeld terug met een overeenkomst (Jaccard) van 0,90.
    >>> print(textwrap.fill(texts[2], 88))
    Cluster 2 (alleen Drenthe) heeft een gemiddeld gat van 0,5 niveau. Het gat is hier
    vooral groter dan gemiddeld bij Informatie- en datamanagement (+0,5). Kleiner dan
    gemiddeld is het bij Objecttypebibliotheek (−1,3). Bij de indeling in twee clusters
    staat Drenthe niet stabiel apart: in de herhaalde steekproeven van respondenten komt die
    gemiddeld terug met een overeenkomst (Jaccard) van 0,55; lees deze indeling als
    voorlopig.
    """
    w = vocab.org_words()
    texts = {}
    for row in summary.sort_values("cluster").itertuples(index=False):
        cluster = int(row.cluster)
        codes = [c for c in str(row.members).split(", ") if c]
        names = province_names(codes)
        who = (
            f"alleen {names[0]}"
            if len(names) == 1
            else f"{count_words(len(names), w['org'], w['orgs'])}: {listing(names)}"
        )
        sentences = [
            f"Cluster {cluster} ({who}) heeft een gemiddeld gat van {number(row.mean_gap, 1)} "
            "niveau."
        ]
        own = profiles[(profiles["wave"] == row.wave) & (profiles["cluster"] == cluster)]
        differences = own.set_index("element")["difference"]
        top = [e for e in str(row.top_elements).split(", ") if e]
        if top:
            parts = [f"{instrument.element_label(e)} ({signed(differences[e])})" for e in top]
            sentences.append(f"Het gat is hier vooral groter dan gemiddeld bij {listing(parts)}.")
        else:
            sentences.append("Op geen enkel element is het gat groter dan gemiddeld.")
        # "kleiner" only where the difference as shown is below zero (never "(0,0)")
        below = own[own["difference"].map(rounded) < 0].sort_values("difference", kind="stable")
        if not below.empty:
            parts = [
                f"{instrument.element_label(e)} ({signed(d)})"
                for e, d in zip(below["element"].head(2), below["difference"].head(2), strict=True)
            ]
            sentences.append(f"Kleiner dan gemiddeld is het bij {listing(parts)}.")
        mature = _maturity_sentence(codes, overall)
        if mature:
            sentences.append(mature)
        if stability is not None:
            share = stability.loc[
                (stability["wave"] == row.wave) & (stability["cluster"] == cluster), "stability"
            ].dropna()
            if not share.empty:
                sentences.append(_stability_sentence(float(share.iloc[0]), names, k))
        texts[cluster] = " ".join(sentences)
    return texts


STABLE, UNSTABLE = 0.75, 0.6
"""Stability (mean Jaccard, rule 10): stabiel from 0.75, redelijk stabiel from 0.6, below
that not stable (Hennig's reading of clusterboot)."""


def _stability_sentence(share: float, names: list[str], k: int | None = None) -> str:
    """The stability of one cluster, always with the number of clusters it holds for."""
    if share >= STABLE:
        verdict, tail = "stabiel", ""
    elif share >= UNSTABLE:
        verdict, tail = "redelijk stabiel", ""
    else:
        verdict, tail = "niet stabiel", "; lees deze indeling als voorlopig"
    split = f"Bij de indeling in {number_word(int(k))} clusters" if k else "Bij deze indeling"
    if len(names) == 1:
        head = f"{split} staat {names[0]} {verdict} apart"
    else:
        head = f"{split} is deze groep {verdict}"
    who = vocab.org_words()["die"] if len(names) == 1 else "zij"  # die provincie, dat waterschap
    return (
        f"{head}: in de herhaalde steekproeven van respondenten komt {who} gemiddeld terug met "
        f"een overeenkomst (Jaccard) van {number(share, 2)}{tail}."
    )


def _maturity_sentence(codes: list[str], overall: pd.DataFrame | None) -> str:
    """Say so when a cluster is exactly the most mature provinces (rule 10)."""
    if overall is None or len(codes) < 2:
        return ""
    level = overall.dropna(subset=["current"]).set_index("province")["current"]
    if not set(codes) <= set(level.index) or len(codes) >= len(level):
        return ""
    top = set(level.sort_values(ascending=False, kind="stable").index[: len(codes)])
    if set(codes) != top or level[list(codes)].min() <= level.drop(list(codes)).max():
        return ""
    orgs = vocab.org_words()["orgs"]
    return (
        f"Dit zijn precies de {number_word(len(codes))} {orgs} met het hoogste huidige niveau: "
        "hun gapprofiel volgt vooral uit hoe ver zij al zijn (een hoog niveau laat weinig ruimte "
        "voor een gat)."
    )


def cluster_descriptions(texts: Mapping[int, str]) -> HTML:
    """The Dutch text per cluster (from :func:`cluster_texts`) as paragraphs, in order.

    Parameters
    ----------
    texts : mapping of int to str
        Cluster number to text.

    Returns
    -------
    HTML

    Examples
    --------
    >>> cluster_descriptions({2: "Cluster 2 <x>", 1: "Cluster 1"}).data
    '<p>Cluster 1</p><p>Cluster 2 &lt;x&gt;</p>'
    """
    return HTML("".join(f"<p>{html.escape(text)}</p>" for _, text in sorted(texts.items())))


def cluster_members_table(
    summary: pd.DataFrame, stability: pd.DataFrame, instrument: Instrument
) -> HTML:
    """Members, mean gap, stability and distinguishing elements per cluster (one wave).

    Parameters
    ----------
    summary : DataFrame
        One wave of :func:`bimmaturity.rules.clusters.cluster_summary`.
    stability : DataFrame
        The ``clusters`` table (wave, province, cluster, stability).
    instrument : Instrument

    Returns
    -------
    HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "cluster": [1], "n_members": [2],
    ...     "members": ["PV20, PV21"], "member_names": ["Groningen, Fryslân"],
    ...     "mean_gap": [1.25], "top_elements": ["OTL"]})
    >>> st = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "cluster": 1,
    ...     "stability": 0.875})
    >>> t = cluster_members_table(s, st, default_instrument()).data
    >>> "<td>Fryslân, Groningen</td>" in t and "0,88" in t and "Objecttypebibliotheek" in t
    True
    """
    share = stability.groupby(["wave", "cluster"])["stability"].first()
    rows = []
    for row in summary.sort_values("cluster").itertuples(index=False):
        codes = [c for c in str(row.members).split(", ") if c]
        tops = [e for e in str(row.top_elements).split(", ") if e]
        rows.append(
            {
                "cluster": f"Cluster {int(row.cluster)}",
                "n": int(row.n_members),
                "members": ", ".join(province_names(codes)),
                "mean_gap": float(row.mean_gap),
                "stability": share.get((row.wave, row.cluster), float("nan")),
                "top": ", ".join(instrument.element_label(e) for e in tops) or "–",
            }
        )
    return table(
        pd.DataFrame(rows),
        {
            "cluster": "Cluster",
            "n": "Aantal",
            "members": vocab.OVERVIEW_LABELS["orgs"],
            "mean_gap": "Gemiddeld gat",
            "stability": "Stabiliteit (Jaccard)",
            "top": "Gat vooral groter dan gemiddeld bij",
        },
        {"n": whole, "stability": lambda v: number(v, 2)},
    )
