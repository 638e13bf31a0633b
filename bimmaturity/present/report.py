"""What report notebooks share: set-up, the example-data banner, Dutch tables, data quality.

Report notebooks stay thin: a parameters cell, then calls into this module and the analysis
modules. In report mode charts render through a small offline renderer (the Vega bundle is
inlined once per page by the report template); interactively they use JupyterLab's own.
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML, Markdown

from bimmaturity.ingest import Processed
from bimmaturity.present.charts import use_theme
from bimmaturity.present.format import euro, number, percent, signed
from bimmaturity.rules.businesscase import net_benefit_totals

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument
    from bimmaturity.rules.clusters import GapClustering

__all__ = [
    "RENDERER",
    "banner",
    "budget_table",
    "business_case_table",
    "cluster_descriptions",
    "cluster_members_table",
    "costed_deals",
    "data_quality",
    "deal_list",
    "deals_section",
    "gap_clustering",
    "has_costs",
    "money_table",
    "movers_table",
    "net_benefit_table",
    "no_costs",
    "note",
    "offline_renderer",
    "opportunities_table",
    "overall_progress_table",
    "overall_table",
    "profile_business",
    "profile_collaboration",
    "profile_progress",
    "profile_table",
    "programme_note",
    "proposed_deals",
    "province_progress_table",
    "ranking_table",
    "reliability_table",
    "setup",
    "shares_table",
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
    shown = shown.assign(
        severity=shown["severity"].map({"error": "fout", "warning": "waarschuwing"})
    )
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


# ---------------------------------------------------------------------------- issue 4 helpers
def _yes_no(value: object) -> str:
    return "ja" if bool(value) else "nee"


def _html_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def opportunities_table(opportunities: pd.DataFrame, wave: str, instrument: Instrument) -> HTML:
    """The ranked collaboration opportunities of one wave as a Dutch table.

    Parameters
    ----------
    opportunities : DataFrame
        The ``opportunities`` table.
    wave : str
    instrument : Instrument

    Returns
    -------
    HTML
        Rang, Element, Vraag, Aanbod, Gemiddeld gat, Kansrijk and Voorgesteld (ja/nee).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "supply": [2, 0],
    ...     "demand": [5, 1], "mean_gap": [1.25, 0.5], "kansrijk": [True, False],
    ...     "rank": [1, 2], "proposed": [True, False]})
    >>> t = opportunities_table(o, "1", default_instrument()).data
    >>> "<th>Vraag</th>" in t and "<td>Objecttypebibliotheek</td>" in t and "<td>ja</td>" in t
    True
    """
    rows = opportunities[opportunities["wave"].astype(str) == str(wave)].sort_values("rank")
    shown = pd.DataFrame(
        {
            "rank": rows["rank"].to_numpy(),
            "element": rows["element"].map(instrument.element_label).to_numpy(),
            "demand": rows["demand"].to_numpy(),
            "supply": rows["supply"].to_numpy(),
            "mean_gap": rows["mean_gap"].to_numpy(dtype="float64"),
            "kansrijk": rows["kansrijk"].map(_yes_no).to_numpy(),
            "proposed": rows["proposed"].map(_yes_no).to_numpy(),
        }
    )
    whole = {c: (lambda v: number(v, 0)) for c in ("rank", "demand", "supply")}
    return table(
        shown,
        {
            "rank": "Rang",
            "element": "Element",
            "demand": "Vraag",
            "supply": "Aanbod",
            "mean_gap": "Gemiddeld gat",
            "kansrijk": "Kansrijk",
            "proposed": "Voorgesteld",
        },
        {**whole, "mean_gap": lambda v: number(v, 2)},
    )


def deals_section(
    opportunities: pd.DataFrame, partners: pd.DataFrame, wave: str, instrument: Instrument
) -> HTML:
    """Each proposed joint deal: a Dutch sentence and a table of trekkers and followers.

    Parameters
    ----------
    opportunities : DataFrame
        The ``opportunities`` table (which elements are proposed, in rank order).
    partners : DataFrame
        :func:`bimmaturity.rules.collaboration.deal_partners`.
    wave : str
    instrument : Instrument

    Returns
    -------
    HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL"], "rank": [1], "proposed": [True]})
    >>> p = pd.DataFrame({"wave": "1", "element": "OTL", "province": ["PV28", "PV20"],
    ...     "part": ["trekker", "volger"], "stated_role": ["trekken", "volgen"],
    ...     "current": [4.2, 1.0], "gap": [0.5, 2.0]})
    >>> h = deals_section(o, p, "1", default_instrument()).data
    >>> "<h3>1. Objecttypebibliotheek</h3>" in h and "kan Zuid-Holland trekken" in h
    True
    """
    from bimmaturity.organisations import province_name
    from bimmaturity.present.narrative import deal_text

    in_wave = opportunities[opportunities["wave"].astype(str) == str(wave)]
    proposed = in_wave[in_wave["proposed"].astype(bool)].sort_values("rank")
    if proposed.empty:
        return HTML("<p>Er wordt geen gezamenlijke deal voorgesteld.</p>")
    roles = {"trekker": "Trekker", "volger": "Volger"}
    parts = []
    for number_in_list, element in enumerate(proposed["element"], start=1):
        label = instrument.element_label(element)
        own = partners[
            (partners["wave"].astype(str) == str(wave)) & (partners["element"] == element)
        ]
        own = own.assign(
            _part=own["part"].map({"trekker": 0, "volger": 1}),
            provincie=own["province"].map(province_name),
        ).sort_values(["_part", "current", "provincie"], ascending=[True, False, True])
        shown = pd.DataFrame(
            {
                "provincie": own["provincie"].to_numpy(),
                "part": own["part"].map(roles).to_numpy(),
                "stated_role": [
                    instrument.role_label(r) if isinstance(r, str) else "–"
                    for r in own["stated_role"]
                ],
                "current": own["current"].to_numpy(dtype="float64"),
                "gap": own["gap"].to_numpy(dtype="float64"),
            }
        )
        parts.append(f"<h3>{number_in_list}. {html.escape(label)}</h3>")
        parts.append(f"<p>{html.escape(deal_text(element, partners, wave, instrument))}</p>")
        parts.append(
            table(
                shown,
                {
                    "provincie": "Provincie",
                    "part": "In de deal",
                    "stated_role": "Opgegeven rol",
                    "current": "Huidig",
                    "gap": "Gat",
                },
            ).data
        )
    return HTML("".join(parts))


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
    >>> "<td>Fryslân, Groningen</td>" in t and "88%" in t and "Objecttypebibliotheek" in t
    True
    """
    from bimmaturity.organisations import province_name

    share = stability.groupby(["wave", "cluster"])["stability"].first()
    rows = []
    for row in summary.sort_values("cluster").itertuples(index=False):
        codes = [c for c in str(row.members).split(", ") if c]
        tops = [e for e in str(row.top_elements).split(", ") if e]
        rows.append(
            {
                "cluster": f"Cluster {int(row.cluster)}",
                "n": int(row.n_members),
                "members": ", ".join(sorted((province_name(c) for c in codes), key=str.casefold)),
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
            "members": "Provincies",
            "mean_gap": "Gemiddeld gat",
            "stability": "Stabiliteit",
            "top": "Gat vooral groter dan gemiddeld bij",
        },
        {"n": lambda v: number(v, 0), "stability": percent},
    )


def cluster_descriptions(texts: Mapping[int, str]) -> HTML:
    """The Dutch text per cluster (from ``narrative.cluster_texts``) as paragraphs, in order.

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


def reliability_table(
    reliability: pd.DataFrame, wave: str, instrument: Instrument, threshold: float = 0.7
) -> HTML:
    """Cronbach's alpha per element for one wave, with a Dutch remark where low or missing.

    Parameters
    ----------
    reliability : DataFrame
        The ``reliability`` table (wave, element, alpha, n_complete).
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
    ...     "n_complete": [12, 3]})
    >>> t = reliability_table(r, "1", default_instrument()).data
    >>> "0,85" in t and "ontbreekt: minder dan 5 volledige respondenten" in t
    True
    """
    rows = reliability[reliability["wave"].astype(str) == str(wave)]
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
    return table(
        shown,
        {
            "element": "Element",
            "alpha": "Cronbach's alfa",
            "n_complete": "Respondenten met alle vragen beantwoord",
            "remark": "Opmerking",
        },
        {"alpha": lambda v: number(v, 2), "n_complete": lambda v: number(v, 0)},
    )


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
    >>> t.index("Zuid-Holland") < t.index("Groningen"), "3,6 - 4,2" in t
    (True, True)
    """
    from bimmaturity.organisations import province_name

    in_wave = overall[overall["wave"].astype(str) == str(wave)]
    bounds = intervals.loc[
        intervals["wave"].astype(str) == str(wave), ["province", "n", "lo", "hi"]
    ]
    merged = in_wave.merge(bounds, on="province", how="left")
    merged = merged.sort_values(["current", "province"], ascending=[False, True], kind="stable")
    merged["rang"] = range(1, len(merged) + 1)
    merged["provincie"] = merged["province"].map(province_name)
    merged["interval"] = [
        f"{number(lo, 1)} - {number(hi, 1)}" if pd.notna(lo) and pd.notna(hi) else "–"
        for lo, hi in zip(merged["lo"], merged["hi"], strict=True)
    ]
    return table(
        merged,
        {
            "rang": "Rang",
            "provincie": "Provincie",
            "current": "Huidig",
            "interval": "90%-interval",
            "n": "Respondenten",
            "ambition": "Ambitie",
            "gap": "Gat",
            "coverage": "Dekking",
        },
        {"rang": lambda v: number(v, 0), "n": lambda v: number(v, 0), "coverage": percent},
    )


def profile_collaboration(
    analysis: Analysis, province: str, wave: str, instrument: Instrument
) -> HTML:
    """The collaboration part of a province profile, as HTML.

    The province's gap cluster and its fellow members; the elements where it can lead
    (koploper, stated role trekken or meedoen) with the other trekkers and the provinces that
    want to join; the elements where it should follow (starter) with the koplopers willing to
    lead; a warning for elements where its respondents disagree (rwg(j) < 0.7); and what
    ``indicatief`` means where its scores rest on fewer than three respondents.

    Parameters
    ----------
    analysis : Analysis
        From :func:`bimmaturity.analysis.analyse` (scores, roles, partners, opportunities,
        clusters are read).
    province : str
        CBS code.
    wave : str
    instrument : Instrument

    Returns
    -------
    HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV28", "PV20"], "element": "OTL",
    ...     "current": [4.2, 1.0], "ambition": [4.5, 3.0], "gap": [0.3, 2.0],
    ...     "rwg": [0.5, None], "flag": ["indicatief", ""]})
    >>> a = SimpleNamespace(scores=s,
    ...     roles=s[["wave", "province", "element"]].assign(
    ...         stated_role=["trekken", "volgen"], position=["koploper", "starter"]),
    ...     partners=s[["wave", "province", "element", "current", "gap"]].assign(
    ...         part=["trekker", "volger"], stated_role=["trekken", "volgen"]),
    ...     opportunities=pd.DataFrame({"wave": "1", "element": ["OTL"], "proposed": [True]}),
    ...     clusters=pd.DataFrame({"wave": "1", "province": ["PV28", "PV20"],
    ...                            "cluster": [2, 1], "stability": 1.0}))
    >>> h = profile_collaboration(a, "PV28", "1", default_instrument()).data
    >>> "Groningen wil aansluiten" in h and "bm-warning" in h and "indicatief" in h
    True
    """
    from bimmaturity.present import narrative

    wave = str(wave)
    opportunities = analysis.opportunities
    proposed = opportunities.loc[
        (opportunities["wave"].astype(str) == wave) & opportunities["proposed"].astype(bool),
        "element",
    ].tolist()
    lines = narrative.province_collaboration(
        analysis.scores,
        analysis.roles,
        analysis.partners,
        province,
        wave,
        instrument,
        proposed,
    )
    parts = [
        f"<p>{html.escape(narrative.province_cluster_text(analysis.clusters, province, wave))}</p>"
    ]
    if lines["lead"]:
        parts.append(
            "<p><strong>Kan trekken</strong> (koploper en bereid te trekken of mee te doen):</p>"
        )
        parts.append(_html_list(lines["lead"]))
    else:
        parts.append(
            "<p>Er is geen element waarop deze provincie als koploper wil trekken of meedoen.</p>"
        )
    if lines["follow"]:
        parts.append(
            "<p><strong>Kan volgen</strong> (starter: een groot gat en nog geen koploper):</p>"
        )
        parts.append(_html_list(lines["follow"]))
    else:
        parts.append("<p>Er is geen element waarop deze provincie starter is.</p>")
    for line in lines["idle"]:
        parts.append(f"<p>{html.escape(line)}</p>")
    warning = narrative.agreement_warning(analysis.scores, province, wave, instrument)
    if warning:
        parts.append(f'<div class="bm-warning">{html.escape(warning)}</div>')
    indicative = narrative.indicative_text(analysis.scores, province, wave, instrument)
    if indicative:
        parts.append(f'<div class="bm-note">{html.escape(indicative)}</div>')
    return HTML("".join(parts))


# ---------------------------------------------------------------------------- business case (50)
def _bc_euro(value: object) -> str:

    return euro(value)


def _bc_share(value: object) -> str:

    return percent(value, 1)


def _bc_whole(value: object) -> str:
    return number(value, 0)


def proposed_deals(opportunities: pd.DataFrame, wave: str) -> list[str]:
    """The element ids of the proposed joint deals of a wave, in rank order.

    Parameters
    ----------
    opportunities
        The opportunities frame (wave, element, rank, proposed).
    wave
        The wave.

    Returns
    -------
    list of str

    Examples
    --------
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA", "TECH"], "rank": [2, 1, 3],
    ...                   "proposed": [True, True, False]})
    >>> proposed_deals(o, "1")
    ['DATA', 'OTL']
    """
    rows = opportunities[opportunities["wave"].astype(str) == str(wave)]
    rows = rows[rows["proposed"].fillna(False).astype(bool)]
    if "rank" in rows.columns:
        rows = rows.sort_values("rank", kind="stable")
    return [str(e) for e in rows["element"]]


def has_costs(businesscase: pd.DataFrame, wave: str | None = None) -> bool:
    """Whether the business case holds any amounts, i.e. a cost table was supplied.

    Parameters
    ----------
    businesscase
        The business case frame (wave, element, alone, ...).
    wave
        Only this wave; None for any wave.

    Returns
    -------
    bool

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [float("nan")]})
    >>> has_costs(bc), has_costs(bc.assign(alone=[10.0]), "1")
    (False, True)
    """
    rows = businesscase
    if wave is not None:
        rows = rows[rows["wave"].astype(str) == str(wave)]
    return bool(rows["alone"].notna().any())


def no_costs(brief: bool = False) -> HTML:
    """The warning a report shows instead of money when no cost table was supplied.

    Parameters
    ----------
    brief
        A one-line reminder for later sections instead of the full warning (shown once, at
        the top of the report).

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> "geen kostentabel" in no_costs().data, "zie boven" in no_costs(brief=True).data
    (True, True)
    """
    from bimmaturity.present.narrative import NO_COSTS

    if brief:
        return note("Geen bedragen: er is geen kostentabel aangeleverd (zie boven).")
    return note(NO_COSTS, "warning")


def money_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    money: Sequence[str] = (),
    formats: Mapping[str, Formatter] | None = None,
) -> HTML:
    """:func:`table` with the ``money`` columns written the Dutch way (``EUR 1.250.000``).

    Parameters
    ----------
    frame
        The rows to show.
    columns
        Column name to Dutch header, in the order to show.
    money
        Columns holding euro amounts.
    formats
        Other formatters, as for :func:`table`.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> t = money_table(pd.DataFrame({"a": ["OTL"], "b": [1250000.0]}), {"a": "Element",
    ...                 "b": "Besparing"}, money=["b"])
    >>> '<td class="num" style="white-space: nowrap">EUR 1.250.000</td>' in t.data
    True
    """
    rendered = table(frame, columns, {**dict(formats or {}), **{c: _bc_euro for c in money}})
    return HTML(
        rendered.data.replace("<td", '<td style="white-space: nowrap"').replace(
            '<td style="white-space: nowrap" class="num">',
            '<td class="num" style="white-space: nowrap">',
        )
    )


def business_case_table(
    businesscase: pd.DataFrame,
    wave: str,
    instrument,
    proposed: Sequence[str] = (),
) -> HTML:
    """The business case per element: participants, cost alone and together, saving and the
    break-even number of participants; the proposed deals first.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, alone, joint, saving, break_even).
    wave
        The wave.
    instrument : Instrument
        Gives the labels and the order.
    proposed
        Element ids of the proposed deals, in rank order.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "1", "element": ["DATA", "OTL"], "participants": [0, 12],
    ...     "alone": [0.0, 6_600_000.0], "joint": [1_035_000.0, 1_081_000.0],
    ...     "saving": [-1_035_000.0, 5_519_000.0],
    ...     "break_even": pd.array([3, 2], dtype="Int64")})
    >>> h = business_case_table(bc, "1", default_instrument(), ["OTL"]).data
    >>> h.index("Objecttypebibliotheek") < h.index("Informatie-"), "EUR 5.519.000" in h
    (True, True)
    """
    rows = businesscase[businesscase["wave"].astype(str) == str(wave)].set_index("element")
    order = [e for e in proposed if e in rows.index]
    order += [e for e in instrument.element_ids if e in rows.index and e not in order]
    rows = rows.loc[order]
    shown = pd.DataFrame(
        {
            "element": [instrument.element_label(e) for e in order],
            "proposed": ["ja" if e in proposed else "nee" for e in order],
            "participants": rows["participants"].to_numpy(),
            "alone": rows["alone"].astype("float64").to_numpy(),
            "joint": rows["joint"].astype("float64").to_numpy(),
            "saving": rows["saving"].astype("float64").to_numpy(),
            "break_even": rows["break_even"].astype("Float64").to_numpy(),
        }
    )
    return money_table(
        shown,
        {
            "element": "Element",
            "proposed": "Voorgestelde deal",
            "participants": "Deelnemers",
            "alone": "Ieder voor zich",
            "joint": "Samen (incl. coördinatie)",
            "saving": "Besparing",
            "break_even": "Loont vanaf (deelnemers)",
        },
        money=["alone", "joint", "saving"],
        formats={"participants": _bc_whole, "break_even": _bc_whole},
    )


def shares_table(shares: pd.DataFrame, proposed: Sequence[str], wave: str, instrument) -> HTML:
    """Per proposed deal and participating province: its share of the joint cost and its net
    benefit under each cost-sharing key.

    Parameters
    ----------
    shares
        Cost shares (wave, element, province, key, share, net_benefit).
    proposed
        Element ids of the proposed deals, in rank order.
    wave
        The wave.
    instrument : Instrument
        Gives the labels.

    Returns
    -------
    IPython.display.HTML
        The deal's name is shown on its first row only.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> sh = pd.DataFrame({"wave": "1", "element": "OTL", "province": ["PV20", "PV28"],
    ...     "key": "equal", "share": [0.5, 0.5], "net_benefit": [1250000.0, -10.0]})
    >>> h = shares_table(sh, ["OTL"], "1", default_instrument()).data
    >>> ">Zuid-Holland</td>" in h and "50,0%" in h and "EUR -10" in h
    True
    """
    from bimmaturity.organisations import province_name
    from bimmaturity.present.narrative import KEY_LABELS

    part = shares[
        (shares["wave"].astype(str) == str(wave)) & shares["element"].isin(list(proposed))
    ]
    keys = [k for k in KEY_LABELS if k in set(part["key"])]
    wide = part.pivot_table(
        index=["element", "province"],
        columns="key",
        values=["share", "net_benefit"],
        dropna=False,
    )
    records = []
    for element in proposed:
        if element not in wide.index.get_level_values(0):
            continue
        for i, province in enumerate(sorted(wide.loc[element].index)):
            record = {
                "deal": instrument.element_label(element) if i == 0 else "",
                "provincie": province_name(province),
            }
            for key in keys:
                record[f"share_{key}"] = float(wide.loc[(element, province), ("share", key)])
                record[f"net_{key}"] = float(wide.loc[(element, province), ("net_benefit", key)])
            records.append(record)
    columns = {"deal": "Deal", "provincie": "Provincie"}
    for key in keys:
        columns[f"share_{key}"] = f"Aandeel ({KEY_LABELS[key].lower()})"
        columns[f"net_{key}"] = f"Netto voordeel ({KEY_LABELS[key].lower()})"
    shown = pd.DataFrame(records, columns=list(columns))
    return money_table(
        shown,
        columns,
        money=[f"net_{k}" for k in keys],
        formats={f"share_{k}": _bc_share for k in keys},
    )


def net_benefit_table(shares: pd.DataFrame, proposed: Sequence[str], wave: str) -> HTML:
    """Per province its net benefit over the proposed deals together, under each key.

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
    IPython.display.HTML
        One row per participating province, by CBS code, and a total row.

    Examples
    --------
    >>> sh = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "province": "PV20",
    ...     "key": "equal", "share": [0.5, 1.0], "net_benefit": [1000.0, 250.0]})
    >>> h = net_benefit_table(sh, ["OTL", "DATA"], "1").data
    >>> ">Groningen</td>" in h and h.count("EUR 1.250") == 2 and ">Totaal</td>" in h
    True
    """
    from bimmaturity.organisations import province_name
    from bimmaturity.present.narrative import KEY_LABELS

    long = net_benefit_totals(shares, proposed, wave)
    keys = [k for k in KEY_LABELS if k in set(long["key"])]
    totals = long.pivot(index="province", columns="key", values="net_benefit")
    deals = long.groupby("province")["deals"].max()
    shown = pd.DataFrame(
        {
            "provincie": [province_name(p) for p in totals.index],
            "deals": deals.reindex(totals.index).to_numpy(),
            **{k: totals[k].astype("float64").to_numpy() for k in keys},
        }
    )
    total = {"provincie": "Totaal", "deals": math.nan, **{k: float(totals[k].sum()) for k in keys}}
    shown = pd.concat([shown, pd.DataFrame([total])], ignore_index=True)
    return money_table(
        shown,
        {"provincie": "Provincie", "deals": "Deals", **{k: KEY_LABELS[k] for k in keys}},
        money=keys,
        formats={"deals": _bc_whole},
    )


def budget_table(budget: pd.DataFrame, instrument) -> HTML:
    """The programme budget: one row per deal and a total row, one column per year.

    Parameters
    ----------
    budget
        From :func:`bimmaturity.rules.businesscase.programme_budget` (year, element, budget).
    instrument : Instrument
        Gives the labels.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> b = pd.DataFrame({"year": [1, 2], "element": "OTL", "budget": [800000.0, 200000.0]})
    >>> h = budget_table(b, default_instrument()).data
    >>> "<th>Jaar 2</th>" in h and "EUR 1.000.000" in h and ">Totaal</td>" in h
    True
    """
    wide = budget.pivot(index="element", columns="year", values="budget")
    elements = list(dict.fromkeys(budget["element"]))
    wide = wide.reindex(elements)
    years = [int(y) for y in wide.columns]
    shown = pd.DataFrame(
        {
            "deal": [instrument.element_label(e) for e in elements],
            **{f"y{y}": wide[y].astype("float64").to_numpy() for y in years},
        }
    )
    shown["total"] = shown[[f"y{y}" for y in years]].sum(axis=1, min_count=len(years))
    money = [*[f"y{y}" for y in years], "total"]
    sums = {c: float(shown[c].sum(min_count=1)) for c in money}
    shown = pd.concat([shown, pd.DataFrame([{"deal": "Totaal", **sums}])], ignore_index=True)
    return money_table(
        shown,
        {"deal": "Deal", **{f"y{y}": f"Jaar {y}" for y in years}, "total": "Totaal"},
        money=money,
    )


def profile_business(
    analysis, province: str, wave: str, cost_key: str = "equal", instrument=None
) -> HTML:
    """The business-case part of a province profile: its share and net benefit in the
    proposed deals under the chosen cost key, with a sentence.

    Parameters
    ----------
    analysis : Analysis
        From :func:`bimmaturity.analysis.analyse` (businesscase, shares, opportunities and
        options.years are read).
    province : str
        CBS code.
    wave : str
        The wave.
    cost_key : str
        ``equal``, ``population`` or ``mixed``.
    instrument : Instrument, optional
        Gives the labels (default: the default instrument).

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.analysis import AnalysisOptions
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "participants": [2],
    ...     "alone": [1000.0], "joint": [600.0], "saving": [400.0]})
    >>> sh = pd.DataFrame({"wave": "1", "element": ["OTL"], "province": "PV20",
    ...     "key": "equal", "share": [0.5], "net_benefit": [200.0]})
    >>> a = SimpleNamespace(businesscase=bc, shares=sh, options=AnalysisOptions(),
    ...     opportunities=pd.DataFrame({"wave": "1", "element": ["OTL"], "rank": [1],
    ...                                 "proposed": [True]}))
    >>> h = profile_business(a, "PV20", "1").data
    >>> "netto voordeel van EUR 200 over drie jaar" in h and ">EUR 300</td>" in h
    True
    """
    from bimmaturity.instrument import default_instrument
    from bimmaturity.present.narrative import KEY_LABELS, profile_business_summary

    if cost_key not in KEY_LABELS:
        raise ValueError(f"cost_key {cost_key!r} onbekend; kies uit {', '.join(KEY_LABELS)}")
    instrument = instrument or default_instrument()
    wave = str(wave)
    proposed = proposed_deals(analysis.opportunities, wave)
    text = profile_business_summary(
        analysis.shares,
        analysis.businesscase,
        proposed,
        province,
        wave,
        cost_key,
        years=analysis.options.years,
        instrument=instrument,
    )
    paragraph = f"<p>{html.escape(text)}</p>"
    if not has_costs(analysis.businesscase, wave):
        return HTML(f'<div class="bm-warning">{html.escape(text)}</div>')
    if not proposed:
        return HTML(paragraph)
    cases = analysis.businesscase[analysis.businesscase["wave"].astype(str) == wave]
    cases = cases.set_index("element")
    own = analysis.shares[
        (analysis.shares["wave"].astype(str) == wave)
        & (analysis.shares["province"] == province)
        & (analysis.shares["key"] == cost_key)
    ].set_index("element")
    records = []
    for element in proposed:
        taking_part = element in own.index
        alone = joint = share = net = math.nan
        if taking_part and element in cases.index:
            row = cases.loc[element]
            share = float(own.loc[element, "share"])
            net = float(own.loc[element, "net_benefit"])
            alone = float(row["alone"]) / int(row["participants"])
            joint = alone - net
        records.append(
            {
                "deal": instrument.element_label(element),
                "mee": "ja" if taking_part else "nee",
                "share": share,
                "alone": alone,
                "joint": joint,
                "net": net,
            }
        )
    shown = money_table(
        pd.DataFrame(records),
        {
            "deal": "Voorgestelde deal",
            "mee": "Doet mee",
            "share": f"Aandeel ({KEY_LABELS[cost_key].lower()})",
            "alone": "Kosten alleen",
            "joint": "Bijdrage samen",
            "net": "Netto voordeel",
        },
        money=["alone", "joint", "net"],
        formats={"share": _bc_share},
    )
    return HTML(paragraph + shown.data)


def costed_deals(businesscase: pd.DataFrame, proposed: Sequence[str], wave: str) -> list[str]:
    """The proposed deals whose business case has amounts (cost table rows present).

    Parameters
    ----------
    businesscase
        The business case (wave, element, alone, joint).
    proposed
        Element ids of the proposed deals.
    wave
        The wave.

    Returns
    -------
    list of str
        In the order of ``proposed``.

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "alone": [1.0, None],
    ...                    "joint": [1.0, None]})
    >>> costed_deals(bc, ["DATA", "OTL"], "1")
    ['OTL']
    """
    rows = businesscase[businesscase["wave"].astype(str) == str(wave)]
    known = set(rows.loc[rows["alone"].notna() & rows["joint"].notna(), "element"].astype(str))
    return [e for e in proposed if e in known]


def programme_note(businesscase: pd.DataFrame, proposed: Sequence[str], wave: str) -> HTML | None:
    """Why the programme sections (shares, budget, sensitivity) cannot be shown, or None.

    Parameters
    ----------
    businesscase
        The business case (wave, element, alone, joint).
    proposed
        Element ids of the proposed deals.
    wave
        The wave.

    Returns
    -------
    IPython.display.HTML or None
        None when at least one proposed deal has costs.

    Examples
    --------
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [1.0], "joint": [1.0]})
    >>> programme_note(bc, ["OTL"], "1") is None, "geen gezamenlijke deal" in programme_note(
    ...     bc, [], "1").data
    (True, True)
    """
    if not has_costs(businesscase, wave):
        return no_costs(brief=True)
    if not proposed:
        return note(
            f"In meting {wave} wordt geen gezamenlijke deal voorgesteld; er is dus geen "
            "programma om door te rekenen."
        )
    if not costed_deals(businesscase, proposed, wave):
        return note(
            "Voor geen van de voorgestelde deals staan kosten in de kostentabel; vul die aan "
            "om het programma door te rekenen.",
            "warning",
        )
    return None


def deal_list(
    businesscase: pd.DataFrame,
    proposed: Sequence[str],
    wave: str,
    instrument,
    *,
    overhead: float,
    years: int,
) -> HTML:
    """The business case of each proposed deal as a bulleted list of quotable sentences.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, alone, joint, saving, break_even).
    proposed
        Element ids of the proposed deals, in rank order.
    wave
        The wave.
    instrument : Instrument
        Gives the labels.
    overhead, years
        The assumptions of the business case.

    Returns
    -------
    IPython.display.HTML
        Empty when no proposed deal has costs.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "participants": [12],
    ...     "alone": [6_600_000.0], "joint": [1_081_000.0], "saving": [5_519_000.0],
    ...     "break_even": [2]})
    >>> h = deal_list(bc, ["OTL"], "1", default_instrument(), overhead=0.15, years=3).data
    >>> h.startswith("<ul><li>Samen ontwikkelen van de objecttypebibliotheek bespaart EUR 5.5")
    True
    """
    from bimmaturity.present.narrative import deal_sentence

    rows = businesscase[businesscase["wave"].astype(str) == str(wave)].set_index("element")
    items = [
        deal_sentence(
            {"element": element, **rows.loc[element].to_dict()},
            instrument,
            overhead=overhead,
            years=years,
        )
        for element in costed_deals(businesscase, proposed, wave)
    ]
    return HTML(_html_list(items) if items else "")


# ---------------------------------------------------------------------------- progress (60)
def _bc_attained(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return "ja" if bool(value) else "nee"


def province_progress_table(progress_frame: pd.DataFrame, threshold: float = 0.5) -> HTML:
    """Per province: how many elements rose, stayed about the same or fell, the mean change,
    and on how many elements the earlier ambition was reached.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress` (one pair of waves).
    threshold
        The change, in levels, that counts as a move.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> p = pd.DataFrame({"province": "PV20", "element": ["OTL", "DATA"],
    ...     "change": [0.5, 0.1], "ambition_attained": pd.array([True, None], dtype="boolean")})
    >>> h = province_progress_table(p).data
    >>> "<td>Groningen</td>" in h and "<td>1 van 1</td>" in h and "+0,3" in h
    True
    """
    from bimmaturity.organisations import province_name
    from bimmaturity.rules.progress import MOVEMENTS, movers

    classified = movers(progress_frame[progress_frame["change"].notna()], threshold)
    records = []
    for province, group in progress_frame.groupby("province", sort=True):
        moved = classified.loc[classified["province"] == province, "movement"].value_counts()
        known = group["ambition_attained"].dropna()
        records.append(
            {
                "provincie": province_name(province),
                **{m: int(moved.get(m, 0)) for m in MOVEMENTS},
                "mean": float(group["change"].mean()),
                "attained": f"{int(known.astype(bool).sum())} van {len(known)}",
            }
        )
    shown = pd.DataFrame(records, columns=["provincie", *MOVEMENTS, "mean", "attained"])
    return table(
        shown,
        {
            "provincie": "Provincie",
            "gestegen": "Gestegen",
            "gelijk": "Gelijk gebleven",
            "gedaald": "Gedaald",
            "mean": "Gemiddelde verandering",
            "attained": "Ambitie gehaald (elementen)",
        },
        {**{m: _bc_whole for m in MOVEMENTS}, "mean": signed},
    )


def movers_table(
    progress_frame: pd.DataFrame, instrument, threshold: float = 0.5, n: int = 5
) -> HTML:
    """The largest moves up and down between two waves (province and element).

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress`.
    instrument : Instrument
        Gives the labels.
    threshold
        Only changes of at least this size (in levels, up or down) are listed.
    n
        At most this many rises and this many falls.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"province": ["PV20", "PV21"], "element": "OTL",
    ...     "change": [1.0, -0.6], "from_current": [1.0, 3.0], "to_current": [2.0, 2.4]})
    >>> h = movers_table(p, default_instrument()).data
    >>> h.index("Groningen") < h.index("Fryslân"), "<td>gedaald</td>" in h
    (True, True)
    """
    from bimmaturity.organisations import province_name
    from bimmaturity.rules.progress import movers

    classified = movers(progress_frame[progress_frame["change"].notna()], threshold)
    up = classified[classified["movement"] == "gestegen"].sort_values(
        "change", ascending=False, kind="stable"
    )
    down = classified[classified["movement"] == "gedaald"].sort_values("change", kind="stable")
    rows = pd.concat([up.head(n), down.head(n)])
    if rows.empty:
        return HTML(
            f"<p>Geen enkele provincie is op een element {number(threshold)} niveau of meer "
            "gestegen of gedaald.</p>"
        )
    earlier, later = "Eerder", "Nu"
    if {"from_wave", "to_wave"} <= set(rows.columns):
        earlier = f"Meting {rows['from_wave'].iloc[0]}"
        later = f"Meting {rows['to_wave'].iloc[0]}"
    shown = pd.DataFrame(
        {
            "provincie": rows["province"].map(province_name).to_numpy(),
            "element": [instrument.element_label(e) for e in rows["element"]],
            "from": rows["from_current"].astype("float64").to_numpy(),
            "to": rows["to_current"].astype("float64").to_numpy(),
            "change": rows["change"].astype("float64").to_numpy(),
            "movement": rows["movement"].to_numpy(),
        }
    )
    return table(
        shown,
        {
            "provincie": "Provincie",
            "element": "Element",
            "from": earlier,
            "to": later,
            "change": "Verandering",
            "movement": "Beweging",
        },
        {"change": signed},
    )


def overall_progress_table(
    overall_frame: pd.DataFrame, from_wave: str, to_wave: str, threshold: float = 0.5
) -> HTML:
    """Overall maturity per province in both waves, the change and whether the earlier
    overall ambition was reached.

    Parameters
    ----------
    overall_frame
        From :func:`bimmaturity.rules.progress.overall_progress`.
    from_wave, to_wave
        The waves (column headers).
    threshold
        The change that counts as a move.

    Returns
    -------
    IPython.display.HTML
        Ordered by change, largest rise first.

    Examples
    --------
    >>> o = pd.DataFrame({"province": ["PV20"], "from_current": [1.5], "to_current": [2.25],
    ...     "change": [0.75], "from_ambition": [2.0], "ambition_attained": [True]})
    >>> h = overall_progress_table(o, "2018", "2020").data
    >>> "<th>Niveau 2018</th>" in h and "+0,8" in h and "<td>ja</td>" in h
    True
    """
    from bimmaturity.organisations import province_name
    from bimmaturity.rules.progress import movers

    rows = movers(overall_frame[overall_frame["change"].notna()], threshold)
    rows = rows.sort_values(["change", "province"], ascending=[False, True], kind="stable")
    shown = pd.DataFrame(
        {
            "provincie": rows["province"].map(province_name).to_numpy(),
            "from": rows["from_current"].astype("float64").to_numpy(),
            "to": rows["to_current"].astype("float64").to_numpy(),
            "change": rows["change"].astype("float64").to_numpy(),
            "movement": rows["movement"].to_numpy(),
            "ambition": rows["from_ambition"].astype("float64").to_numpy(),
            "attained": [_bc_attained(v) for v in rows["ambition_attained"]],
        }
    )
    return table(
        shown,
        {
            "provincie": "Provincie",
            "from": f"Niveau {from_wave}",
            "to": f"Niveau {to_wave}",
            "change": "Verandering",
            "movement": "Beweging",
            "ambition": f"Ambitie {from_wave}",
            "attained": "Ambitie gehaald",
        },
        {"change": signed},
    )


def profile_progress(
    analysis,
    province: str,
    from_wave: str | None = None,
    to_wave: str | None = None,
    instrument=None,
) -> HTML | Markdown:
    """The progress part of a province profile: overall and per element between two waves.

    Without ``from_wave``/``to_wave`` the latest step in ``analysis.progress`` is shown. With
    only one wave (no progress computed) the result is a sentence saying so.

    Parameters
    ----------
    analysis : Analysis
        From :func:`bimmaturity.analysis.analyse` (progress and scores are read).
    province : str
        CBS code.
    from_wave, to_wave : str, optional
        The two waves.
    instrument : Instrument, optional
        Gives labels and element weights (default: the default instrument).

    Returns
    -------
    IPython.display.HTML or IPython.display.Markdown
        Markdown holding one sentence when there is no progress to show.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> p = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": "PV20",
    ...     "element": ["OTL", "DATA"], "change": [1.0, 0.0],
    ...     "ambition_attained": pd.array([True, False], dtype="boolean"),
    ...     "from_current": [1.0, 2.0], "to_current": [2.0, 2.0], "from_ambition": [2.0, 3.0]})
    >>> a = SimpleNamespace(progress=p, scores=pd.DataFrame({"wave": ["2020"]}))
    >>> h = profile_progress(a, "PV20").data
    >>> "van 1,5 in meting 2018 naar 2,0 in meting 2020 (+0,5 niveau)" in h
    True
    >>> one = SimpleNamespace(progress=p.iloc[:0], scores=pd.DataFrame({"wave": ["2020"]}))
    >>> print(profile_progress(one, "PV20").data)
    Voor Groningen is er nog maar één meting (2020); de voortgang is te zien na een volgende meting.
    """
    from bimmaturity.instrument import default_instrument
    from bimmaturity.organisations import province_name
    from bimmaturity.present.narrative import profile_progress_summary
    from bimmaturity.rules.progress import overall_progress, waves_in
    from bimmaturity.rules.scoring import overall_scores

    instrument = instrument or default_instrument()
    steps = analysis.progress
    if steps.empty:
        waves = waves_in(analysis.scores)
        latest = str(to_wave) if to_wave is not None else (waves[-1] if waves else None)
        return Markdown(profile_progress_summary(steps, None, province, None, latest, instrument))
    if from_wave is None or to_wave is None:
        later = waves_in(steps["to_wave"].astype(str))[-1]
        earlier = waves_in(steps.loc[steps["to_wave"].astype(str) == later, "from_wave"])[-1]
    else:
        earlier, later = str(from_wave), str(to_wave)
    step = steps[
        (steps["from_wave"].astype(str) == earlier) & (steps["to_wave"].astype(str) == later)
    ]
    if step.empty:
        return Markdown(
            f"Voor {province_name(province)} is geen voortgang van meting {earlier} naar "
            f"meting {later} berekend."
        )
    own = step[step["province"] == province]
    overall_row = None
    if not own.empty:
        columns = ["wave", "province", "element", "current", "ambition"]
        before = own.assign(
            wave=earlier, current=own["from_current"], ambition=own["from_ambition"]
        )[columns]
        after = own.assign(wave=later, current=own["to_current"], ambition=math.nan)[columns]
        both = pd.concat([before, after], ignore_index=True)
        both["gap"] = both["ambition"] - both["current"]
        overall = overall_progress(overall_scores(both, instrument), earlier, later)
        if not overall.empty:
            overall_row = overall.iloc[0].to_dict()
    text = profile_progress_summary(own, overall_row, province, earlier, later, instrument)
    if own.empty:
        return Markdown(text)
    shown = pd.DataFrame(
        {
            "element": [instrument.element_label(e) for e in own["element"]],
            "from": own["from_current"].astype("float64").to_numpy(),
            "to": own["to_current"].astype("float64").to_numpy(),
            "change": own["change"].astype("float64").to_numpy(),
            "ambition": own["from_ambition"].astype("float64").to_numpy(),
            "attained": [_bc_attained(v) for v in own["ambition_attained"]],
        }
    )
    rendered = table(
        shown,
        {
            "element": "Element",
            "from": f"Meting {earlier}",
            "to": f"Meting {later}",
            "change": "Verandering",
            "ambition": f"Ambitie {earlier}",
            "attained": "Ambitie gehaald",
        },
        {"change": signed},
    )
    return HTML(f"<p>{html.escape(text)}</p>" + rendered.data)


def gap_clustering(scores: pd.DataFrame, wave: str, k: int | None = None) -> GapClustering | None:
    """The gap clustering of a wave, or None with a Dutch warning when it cannot be made.

    Clustering needs at least three provinces with a gap (two when ``k`` is given, and no
    more clusters than provinces); with fewer, a report shows the warning instead of failing.

    Parameters
    ----------
    scores : DataFrame
        Province scores (wave, province, element, gap).
    wave : str
    k : int, optional
        Number of clusters; by default chosen by silhouette.

    Returns
    -------
    GapClustering or None

    Examples
    --------
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "gap": [1.0, 2.0]})
    >>> gap_clustering(s, "1") is None
    <IPython.core.display.HTML object>
    True
    >>> gap_clustering(s, "1", k=2).k
    2
    """
    from IPython.display import display

    from bimmaturity.rules.clusters import cluster_analysis, gap_matrix

    try:
        return cluster_analysis(scores, wave, k=k)
    except ValueError:
        try:
            count = len(gap_matrix(scores, wave).provinces)
        except ValueError:
            count = 0
        needed = 3 if k is None else max(int(k), 2)
        display(
            note(
                f"In meting {wave} hebben {count} provincie(s) een gat tussen ambitie en huidige "
                f"situatie; voor deze clustering zijn er minstens {needed} nodig. Dit overzicht "
                "blijft daarom leeg.",
                "warning",
            )
        )
        return None
