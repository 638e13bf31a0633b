"""The comparison of all provinces (notebook 20): levels, gaps, ranking and reliability.

The ranking shows each province's overall maturity with its 90% interval
(:func:`bimmaturity.rules.scoring.overall_intervals`, Student-t), names the neighbours whose
intervals overlap, and ends with the reliability per element: Cronbach's alpha within
provinces and ICC(1) (rule 3).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import interval, listing, number, percent, whole
from bimmaturity.present.html import Markdown, banner, table
from bimmaturity.present.sections import (
    cell_labels,
    element_labels,
    in_wave,
    level_axis,
    level_scale,
    shown_gaps,
)
from bimmaturity.present.theme import CURRENT_COLOR

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "ALPHA_THRESHOLD",
    "comparison_summary",
    "header",
    "maturity_heatmap",
    "overall_ranking_chart",
    "overlap_text",
    "ranking_table",
    "reliability_table",
    "reliability_text",
    "section_text",
]


def section_text(part: str) -> Markdown:
    """An explanation of notebook 20 between its charts (with its heading), in the words of the
    registry in use (:data:`bimmaturity.vocab.REPORT_TEXTS`).

    Parameters
    ----------
    part : str
        ``current``, ``gap``, ``ranking`` or ``method``.

    Returns
    -------
    Markdown

    Examples
    --------
    >>> section_text("current").data
    '## Huidige situatie per provincie en element'
    """
    return Markdown(vocab.REPORT_TEXTS["20_vergelijking"][part])


def header(analysis: Analysis, wave: str) -> list[Markdown | HTML]:
    """The top of the comparison: its heading, the data banner and the summary.

    Parameters
    ----------
    analysis : Analysis
        The analysis of every wave (:func:`bimmaturity.analysis.load_analysis`).
    wave : str
        The wave shown.

    Returns
    -------
    list
        Heading (Markdown), banner (HTML), summary (Markdown), to display in this order.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "province": ["PV20"], "current": [float("nan")]})
    >>> a = SimpleNamespace(overall=o, scores=None, instrument=default_instrument(),
    ...     processed=SimpleNamespace(waves=["1"], is_example=True))
    >>> title, shown_banner, summary = header(a, "1")
    >>> title.data, summary.data
    ('# Vergelijking van de provincies, meting 1', 'Voor meting 1 zijn geen scores beschikbaar.')
    """
    heading = vocab.REPORT_HEADINGS["20_vergelijking"].format(wave=wave, **vocab.org_words())
    summary = comparison_summary(analysis.overall, analysis.scores, wave, analysis.instrument)
    return [Markdown(f"# {heading}"), banner(analysis.processed), Markdown(summary)]


def comparison_summary(
    overall: pd.DataFrame, scores: pd.DataFrame, wave: str, instrument: Instrument
) -> str:
    """Sentences on all provinces: spread of overall maturity and the largest common gaps.

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "current": [1.5, 3.9],
    ...     "ambition": [2.8, 4.4], "gap": [1.3, 0.5], "coverage": 1.0})
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "element": "OTL",
    ...     "current": [1.5, 3.9], "ambition": [2.8, 4.4], "gap": [1.3, 0.5]})
    >>> print(textwrap.fill(comparison_summary(o, s, "1", default_instrument()), 88))
    In meting 1 loopt het gemiddelde volwassenheidsniveau uiteen van 1,5 (Groningen) tot 3,9
    (Zuid-Holland). Gemiddeld over de provincies is het gat het grootst bij
    Objecttypebibliotheek (0,9).
    """
    in_wave = overall[(overall["wave"] == wave) & overall["current"].notna()]
    if in_wave.empty:
        return f"Voor meting {wave} zijn geen scores beschikbaar."
    low = in_wave.loc[in_wave["current"].idxmin()]
    high = in_wave.loc[in_wave["current"].idxmax()]
    sentences = [
        f"In meting {wave} loopt het gemiddelde volwassenheidsniveau uiteen van "
        f"{number(low['current'], 1)} ({province_name(low['province'])}) tot "
        f"{number(high['current'], 1)} ({province_name(high['province'])})."
    ]
    mean_gap = (
        scores[scores["wave"] == wave]
        .groupby("element")["gap"]
        .mean()
        .dropna()
        .sort_values(ascending=False)
        .head(3)
    )
    if not mean_gap.empty:
        parts = [f"{instrument.element_label(e)} ({number(g, 1)})" for e, g in mean_gap.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        orgs = vocab.org_words()["orgs"]
        sentences.append(f"Gemiddeld over de {orgs} is het gat het grootst bij {listed}.")
    return " ".join(sentences)


def maturity_heatmap(
    scores: pd.DataFrame, wave: str, instrument: Instrument, measure: str = "current"
) -> alt.LayerChart:
    """Provinces by elements, coloured by the current level (or ``measure``: ambition, gap).

    Each cell shows its value with one decimal, written in Python
    (:func:`bimmaturity.present.sections.cell_labels`); a province without answers on an
    element gets a grey cell, no number, and *geen antwoord* in its tooltip.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "current": [2.25, None], "ambition": [4.0, 3.5], "gap": [2.0, 0.5]})
    >>> chart = maturity_heatmap(s, "1", default_instrument())
    >>> chart.data[["label", "tekst"]].to_dict("list")
    {'label': ['2,3', ''], 'tekst': ['2,3', 'geen antwoord']}
    """
    titles = vocab.MEASURE_LABELS
    data = scores.loc[scores["wave"] == wave, ["province", "element", measure]].copy()
    data["provincie"] = data["province"].map(province_name)
    data["element_label"] = data["element"].map(instrument.element_label)
    data = data.rename(columns={measure: "waarde"})
    data["waarde"] = data["waarde"].astype("float64")
    data["label"] = cell_labels(data["waarde"])
    data["tekst"] = [label or vocab.NO_ANSWER for label in data["label"]]
    provinces_order = [province_name(p) for p in sorted(data["province"].unique())]
    if measure == "gap":
        color_scale = alt.Scale(scheme="orangered", domainMin=0)
        dark = 1.5
    else:
        color_scale = alt.Scale(scheme="blues", domain=[instrument.min_level, instrument.max_level])
        dark = instrument.min_level + 0.55 * (instrument.max_level - instrument.min_level)
    base = alt.Chart(data).encode(
        x=alt.X(
            "element_label:N",
            sort=element_labels(instrument),
            title=None,
            axis=alt.Axis(labelAngle=-35),
        ),
        y=alt.Y("provincie:N", sort=provinces_order, title=None),
    )
    tooltip = [
        alt.Tooltip("provincie:N", title=vocab.OVERVIEW_LABELS["org"]),
        alt.Tooltip("element_label:N", title=vocab.ELEMENT),
        alt.Tooltip("tekst:N", title=titles[measure]),
    ]
    empty = (
        base.transform_filter("!isValid(datum.waarde)")
        .mark_rect(color="#eeeeee")
        .encode(tooltip=tooltip)
    )
    cells = base.mark_rect().encode(
        color=alt.Color("waarde:Q", title=titles[measure], scale=color_scale),
        tooltip=tooltip,
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("label:N"),
        color=alt.condition(alt.datum.waarde > dark, alt.value("white"), alt.value("black")),
    )
    title = vocab.CHART_TITLES["measure"].format(measure=titles[measure])
    return alt.layer(empty, cells, labels).properties(
        width=alt.Step(62), height=alt.Step(26), title=title
    )


def overall_ranking_chart(
    overall: pd.DataFrame, wave: str, instrument: Instrument | None = None
) -> alt.LayerChart:
    """Provinces ranked on overall maturity, with their interval where one is given.

    The level axis runs over the instrument's whole scale (1 to 5 for the default), so close
    provinces do not look far apart.

    Parameters
    ----------
    overall : DataFrame
        wave, province, current, and optionally lo and hi (for example
        :func:`bimmaturity.rules.scoring.overall_intervals`).
    wave : str
        The wave shown.
    instrument : Instrument, optional
        Gives the scale of the level axis (default: the default instrument).

    Returns
    -------
    alt.LayerChart
        The interval rules (when lo and hi are given) and the points; data column provincie
        holds the province names, highest level first on the axis.

    Examples
    --------
    >>> o = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "current": [1.5, 3.9]})
    >>> chart = overall_ranking_chart(o, "1")
    >>> chart.data["provincie"].tolist(), len(chart.layer)
    (['Groningen', 'Zuid-Holland'], 1)
    >>> chart.layer[0].to_dict()["encoding"]["x"]["scale"]["domain"]
    [1, 5]
    """
    if instrument is None:
        from bimmaturity.instrument import default_instrument

        instrument = default_instrument()
    data = overall[overall["wave"] == wave].copy()
    data["provincie"] = data["province"].map(province_name)
    data["niveau"] = [number(v) for v in data["current"]]
    order = data.sort_values("current", ascending=False)["provincie"].tolist()
    y = alt.Y("provincie:N", sort=order, title=None)
    points = alt.Chart(data).mark_point(filled=True, size=100, color=CURRENT_COLOR)
    points = points.encode(
        y=y,
        x=alt.X(
            "current:Q",
            title="Gemiddeld volwassenheidsniveau",
            scale=level_scale(instrument),
            axis=level_axis(instrument),
        ),
        tooltip=[
            alt.Tooltip("provincie:N", title=vocab.OVERVIEW_LABELS["org"]),
            alt.Tooltip("niveau:N", title=vocab.OVERVIEW_LABELS["level"]),
        ],
    )
    layers = [points]
    if {"lo", "hi"} <= set(data.columns):
        layers.insert(
            0,
            alt.Chart(data)
            .transform_filter("isValid(datum.lo)")
            .mark_rule(color=CURRENT_COLOR, opacity=0.5, strokeWidth=2)
            .encode(y=y, x="lo:Q", x2="hi:Q"),
        )
    return alt.layer(*layers).properties(
        width=480, height=alt.Step(24), title=vocab.CHART_TITLES["ranking"]
    )


def overlap_text(ranking: pd.DataFrame, wave: str) -> str:
    """Which neighbours in the overall ranking have overlapping intervals.

    ``ranking`` holds wave, province, current, lo, hi (for example
    :func:`bimmaturity.rules.scoring.overall_intervals`). The provinces with an interval are taken
    in ranking order (highest first); runs of consecutive ones whose intervals overlap are
    named as groups whose internal order means little. Provinces without an interval (fewer
    than three respondents) are named separately: their place is indicative.

    Parameters
    ----------
    ranking : DataFrame
        wave, province, current, lo, hi.
    wave : str

    Returns
    -------
    str

    Examples
    --------
    >>> r = pd.DataFrame({"wave": "1",
    ...     "province": ["PV28", "PV26", "PV27", "PV25", "PV20", "PV29"],
    ...     "current": [4.1, 4.05, 4.0, 3.0, 2.0, 1.9],
    ...     "lo": [3.8, None, 3.7, 2.8, 1.5, 1.6], "hi": [4.4, None, 4.3, 3.2, 2.4, 2.2]})
    >>> import textwrap
    >>> print(textwrap.fill(overlap_text(r, "1"), 88))
    De intervallen van opeenvolgende provincies in de rangorde overlappen bij Zuid-Holland
    en Noord-Holland; Groningen en Zeeland. Hun onderlinge volgorde zegt dus weinig. Voor
    Utrecht is geen interval berekend (minder dan drie respondenten); die plaats in de
    rangorde is indicatief.
    """
    data = ranking[(ranking["wave"].astype(str) == str(wave)) & ranking["current"].notna()]
    data = data.sort_values(["current", "province"], ascending=[False, True], kind="stable")
    with_interval = data["lo"].notna() & data["hi"].notna()
    records = list(data.loc[with_interval, ["province", "lo", "hi"]].itertuples(index=False))
    runs: list[list[str]] = []
    current_run: list[str] = []
    for previous, record in itertools.pairwise(records):
        if previous.lo <= record.hi and record.lo <= previous.hi:
            current_run = current_run or [previous.province]
            current_run.append(record.province)
        elif current_run:
            runs.append(current_run)
            current_run = []
    if current_run:
        runs.append(current_run)
    orgs = vocab.org_words()["orgs"]
    if runs:
        groups = "; ".join(listing([province_name(p) for p in run]) for run in runs)
        sentences = [
            f"De intervallen van opeenvolgende {orgs} in de rangorde overlappen bij "
            f"{groups}. Hun onderlinge volgorde zegt dus weinig."
        ]
    elif len(records) >= 2:
        sentences = [
            f"De intervallen van opeenvolgende {orgs} in de rangorde overlappen nergens; "
            "dat wijst op verschillen, maar bewijst ze niet."
        ]
    else:
        sentences = []
    without = [province_name(p) for p in data.loc[~with_interval, "province"]]
    if without:
        sentences.append(
            f"Voor {listing(without)} is geen interval berekend (minder dan drie "
            f"respondenten); {'die plaats' if len(without) == 1 else 'hun plaats'} in de "
            "rangorde is indicatief."
        )
    return " ".join(sentences)


def ranking_table(overall: pd.DataFrame, intervals: pd.DataFrame, wave: str) -> HTML:
    """Provinces ranked on overall maturity, with the 90% interval and respondent count.

    ``intervals`` comes from :func:`bimmaturity.rules.scoring.overall_intervals`.

    Parameters
    ----------
    overall : DataFrame
        The ``overall`` table (wave, province, current, ambition, gap, coverage).
    intervals : DataFrame
        wave, province, n, lo, hi.
    wave : str

    Returns
    -------
    HTML
        Highest overall level first.

    Examples
    --------
    >>> o = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "current": [1.5, 3.9],
    ...     "ambition": [2.8, 4.4], "gap": [1.3, 0.5], "coverage": 1.0})
    >>> i = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "n": [2, 4],
    ...     "current": [1.5, 3.9], "lo": [None, 3.61], "hi": [None, 4.2]})
    >>> t = ranking_table(o, i, "1").data
    >>> t.index("Zuid-Holland") < t.index("Groningen"), "3,6 tot 4,2" in t
    (True, True)
    """
    shown = in_wave(overall, wave)
    bounds = intervals.loc[
        intervals["wave"].astype(str) == str(wave), ["province", "n", "lo", "hi"]
    ]
    merged = shown.merge(bounds, on="province", how="left")
    merged = merged.sort_values(["current", "province"], ascending=[False, True], kind="stable")
    merged["rang"] = range(1, len(merged) + 1)
    merged["provincie"] = merged["province"].map(province_name)
    merged["interval"] = [
        interval(lo, hi) for lo, hi in zip(merged["lo"], merged["hi"], strict=True)
    ]
    merged["gap"] = shown_gaps(merged)
    return table(
        merged,
        {
            "rang": vocab.RANK,
            "provincie": vocab.OVERVIEW_LABELS["org"],
            "current": vocab.CURRENT,
            "interval": vocab.INTERVAL,
            "n": vocab.RESPONDENTS,
            "ambition": vocab.AMBITION,
            "gap": vocab.GAP,
            "coverage": vocab.COVERAGE,
        },
        {"rang": whole, "n": whole, "coverage": percent},
    )


ALPHA_THRESHOLD = 0.7


def _icc_reading(icc: pd.Series) -> str:
    middle = float(icc.median())
    orgs = vocab.org_words()["orgs"]
    if middle >= 0.3:
        return (
            f"een groot deel van de verschillen tussen respondenten is een verschil tussen {orgs}"
        )
    if middle >= 0.1:
        return f"de {orgs} verschillen, maar de verschillen binnen {orgs} zijn groter"
    return f"de {orgs} verschillen nauwelijks; de verschillen zitten vooral binnen {orgs}"


def reliability_text(
    reliability: pd.DataFrame, wave: str, instrument: Instrument, threshold: float = ALPHA_THRESHOLD
) -> str:
    """What alpha within provinces and ICC(1) mean, and which elements have a low alpha.

    Parameters
    ----------
    reliability : DataFrame
        The ``reliability`` table (wave, element, alpha, n_complete, icc1).
    wave : str
    instrument : Instrument
    threshold : float
        Alpha below this is called low (default 0.7).

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> r = pd.DataFrame({"wave": "1", "element": ["VISIE", "ORG", "OTL"],
    ...     "alpha": [0.85, 0.55, float("nan")], "n_complete": [12, 12, 3],
    ...     "icc1": [0.6, 0.4, 0.2]})
    >>> import textwrap
    >>> print(textwrap.fill(reliability_text(r, "1", default_instrument()), 88))
    Cronbach's alfa binnen provincies geeft aan in hoeverre de vragen van een element samen
    hetzelfde meten bij respondenten van dezelfde provincie (van 0 tot 1; vanaf 0,7 geldt
    een element als betrouwbaar gemeten). Alfa over alle respondenten samen zou vooral de
    verschillen tussen provincies meten en is daarom niet gebruikt. Laag in meting 1:
    Organisatie en governance (0,55); lees de scores van dit element met voorzichtigheid.
    Niet te berekenen (minder dan vijf volledige respondenten in provincies met er minstens
    twee): Objecttypebibliotheek. ICC(1) geeft aan welk deel van de verschillen tussen
    respondenten een verschil tussen provincies is; in meting 1 ligt het tussen 0,20 en 0,60
    (mediaan 0,40): een groot deel van de verschillen tussen respondenten is een verschil
    tussen provincies.
    """
    w = vocab.org_words()
    explanation = (
        f"Cronbach's alfa binnen {w['orgs']} geeft aan in hoeverre de vragen van een element "
        f"samen hetzelfde meten bij respondenten van {w['dezelfde']} {w['org']} (van 0 tot 1; "
        f"vanaf {number(threshold, 1)} geldt een element als betrouwbaar gemeten). Alfa over "
        f"alle respondenten samen zou vooral de verschillen tussen {w['orgs']} meten en is "
        "daarom niet gebruikt."
    )
    rows = in_wave(reliability, wave)
    present = rows[rows["alpha"].notna()]
    low = present[present["alpha"] < threshold]
    missing = rows[rows["alpha"].isna()]
    label = instrument.element_label
    sentences = [explanation]
    if present.empty:
        sentences.append(
            f"In meting {wave} is alfa voor geen enkel element te berekenen (minder dan vijf "
            f"volledige respondenten in {w['orgs']} met er minstens twee)."
        )
    elif low.empty:
        sentences.append(
            f"In meting {wave} halen alle elementen met een alfa die grens (alfa van "
            f"{number(present['alpha'].min(), 2)} tot {number(present['alpha'].max(), 2)})."
        )
    elif len(low) > 3:
        sentences.append(
            f"In meting {wave} blijft alfa bij {len(low)} van de {len(present)} elementen onder "
            f"die grens (mediaan {number(present['alpha'].median(), 2)}): de respondenten van "
            f"één {w['org']} beantwoorden de vragen van een element niet eenduidig. Lees de "
            "elementscores als een grove samenvatting van hun antwoorden."
        )
    else:
        parts = [
            f"{label(e)} ({number(a, 2)})"
            for e, a in zip(low["element"], low["alpha"], strict=True)
        ]
        sentences.append(
            f"Laag in meting {wave}: {listing(parts)}; lees de scores van "
            f"{'dit element' if len(parts) == 1 else 'deze elementen'} met voorzichtigheid."
        )
    if not missing.empty and not present.empty:
        sentences.append(
            f"Niet te berekenen (minder dan vijf volledige respondenten in {w['orgs']} met er "
            f"minstens twee): {listing([label(e) for e in missing['element']])}."
        )
    icc = rows["icc1"].dropna() if "icc1" in rows else pd.Series(dtype="float64")
    if len(icc):
        sentences.append(
            "ICC(1) geeft aan welk deel van de verschillen tussen respondenten een verschil "
            f"tussen {w['orgs']} is; in meting {wave} ligt het tussen {number(icc.min(), 2)} en "
            f"{number(icc.max(), 2)} (mediaan {number(icc.median(), 2)}): {_icc_reading(icc)}."
        )
    return " ".join(sentences)


def reliability_table(
    reliability: pd.DataFrame, wave: str, instrument: Instrument, threshold: float = 0.7
) -> HTML:
    """Alpha within provinces and ICC(1) per element for one wave, with a Dutch remark where
    alpha is low or missing.

    Parameters
    ----------
    reliability : DataFrame
        The ``reliability`` table (wave, element, alpha, n_complete, icc1).
    wave : str
    instrument : Instrument
    threshold : float
        Alpha below this is marked low (default 0.7).

    Returns
    -------
    HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> r = pd.DataFrame({"wave": "1", "element": ["VISIE", "ORG"], "alpha": [0.85, None],
    ...     "n_complete": [12, 3], "icc1": [0.41, None]})
    >>> t = reliability_table(r, "1", default_instrument()).data
    >>> "0,85" in t and "ontbreekt: minder dan 5 volledige respondenten" in t and "0,41" in t
    True
    """
    rows = in_wave(reliability, wave)
    remarks = []
    for alpha in rows["alpha"]:
        if pd.isna(alpha):
            remarks.append("ontbreekt: minder dan 5 volledige respondenten")
        elif alpha < threshold:
            remarks.append(f"laag (onder {number(threshold, 1)})")
        else:
            remarks.append("")
    shown = pd.DataFrame(
        {
            "element": rows["element"].map(instrument.element_label).to_numpy(),
            "alpha": rows["alpha"].to_numpy(dtype="float64"),
            "n_complete": rows["n_complete"].to_numpy(),
            "remark": remarks,
        }
    )
    columns = {
        "element": vocab.ELEMENT,
        "alpha": f"Cronbach's alfa binnen {vocab.org_words()['orgs']}",
        "n_complete": "Respondenten met alle vragen beantwoord",
    }
    if "icc1" in rows:
        shown["icc1"] = rows["icc1"].to_numpy(dtype="float64")
        columns["icc1"] = "ICC(1)"
    columns["remark"] = vocab.REMARK
    two = lambda v: number(v, 2)  # noqa: E731
    return table(shown, columns, {"alpha": two, "icc1": two, "n_complete": whole})
