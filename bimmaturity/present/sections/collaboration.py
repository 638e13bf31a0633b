"""Collaboration (notebook 40): koplopers and starters, opportunities and the proposed deals.

Positions (rule 8), opportunities and the proposed deals (rule 9) come from the analysis; the
proposed deals of a wave are ``Analysis.proposed(wave)``, in rank order. How sure positions
and deals are is in :mod:`bimmaturity.present.sections.robustness`, each deal in
:mod:`bimmaturity.present.sections.deals` (re-exported here). What one province can lead or
follow is in :mod:`bimmaturity.present.sections.profile`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import (
    count_words,
    listing,
    number,
    number_word,
    probability,
    whole,
    yes_no,
)
from bimmaturity.present.html import Markdown, banner, note, table
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.deals import deal_text, deals_part, deals_section
from bimmaturity.present.sections.robustness import (
    is_borderline,
    position_notes,
    robustness_summary,
)
from bimmaturity.present.theme import AMBITION_COLOR, CURRENT_COLOR, POSITION_COLORS

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "ROLE_SHAPES",
    "collaboration_rules_text",
    "deal_text",
    "deals_part",
    "deals_section",
    "deals_summary",
    "header",
    "opportunities_table",
    "opportunity_chart",
    "position_matrix_chart",
    "positions_note",
    "section_text",
]


def section_text(part: str) -> Markdown:
    """An explanation of notebook 40 between its charts (with its heading), in the words of the
    registry in use (:data:`bimmaturity.vocab.REPORT_TEXTS`).

    Parameters
    ----------
    part : str
        ``positions``, ``opportunities`` or ``deals``.

    Returns
    -------
    Markdown

    Examples
    --------
    >>> section_text("deals").data.splitlines()[0]
    '## Voorgestelde gezamenlijke deals'
    """
    return Markdown(vocab.REPORT_TEXTS["40_samenwerking"][part])


def header(analysis: Analysis, wave: str) -> list[Markdown | HTML]:
    """The top of the collaboration report: heading, banner and the deals in a few sentences.

    Parameters
    ----------
    analysis : Analysis
        The analysis of every wave (:func:`bimmaturity.analysis.load_analysis`).
    wave : str
        The wave shown.

    Returns
    -------
    list
        Heading (Markdown), banner (HTML) and :func:`deals_summary` (Markdown).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.analysis import AnalysisOptions
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL"], "kansrijk": [False], "rank": [1]})
    >>> a = SimpleNamespace(opportunities=o, proposed=lambda wave: [],
    ...     instrument=default_instrument(), options=AnalysisOptions(),
    ...     processed=SimpleNamespace(waves=["1"], is_example=True))
    >>> header(a, "1")[2].data[:48]
    'In meting 1 is geen element kansrijk voor gezame'
    """
    heading = vocab.REPORT_HEADINGS["40_samenwerking"].format(wave=wave, **vocab.org_words())
    summary = deals_summary(
        analysis.opportunities,
        analysis.proposed(wave),
        wave,
        analysis.instrument,
        analysis.options.n_deals,
    )
    robust = robustness_summary(
        analysis.opportunities,
        analysis.proposed(wave),
        wave,
        analysis.instrument,
        getattr(analysis.options, "resamples", None),
    )
    if robust:
        summary = f"{summary} {robust}"
    return [Markdown(f"# {heading}"), banner(analysis.processed), Markdown(summary)]


def positions_note(analysis: Analysis, wave: str) -> HTML:
    """Under the positions chart: how many positions are a grensgeval or indicatief.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> r = pd.DataFrame({"wave": "1", "province": ["PV23"], "element": "OTL",
    ...     "position": ["koploper"], "p_koploper": [0.71], "p_starter": [0.0]})
    >>> s = r[["wave", "province", "element"]].assign(n=[5], flag=[""])
    >>> positions_note(SimpleNamespace(roles=r, scores=s), "1").data[:45]
    '<div class="bm-note">Eén positie is een grens'
    >>> positions_note(SimpleNamespace(roles=r.assign(p_koploper=1.0), scores=s), "1").data
    ''
    """
    text = position_notes(analysis.roles, analysis.scores, wave)
    return note(text) if text else HTML("")


ROLE_SHAPES = ["triangle-up", "circle", "triangle-down", "cross"]

_CERTAINTY = ("duidelijk", "grensgeval of indicatief")
"""How sure a cell of the position matrix is: lighter when a grensgeval or indicatief."""


def _certainty(data: pd.DataFrame) -> list[str]:
    """Per row of the roles: 'grensgeval of indicatief' or 'duidelijk' (:data:`_CERTAINTY`)."""
    unsure = []
    for row in data.to_dict("records"):
        decided = row.get("position") in ("koploper", "starter")
        indicative = decided and row.get("flag") == vocab.INDICATIVE
        border = is_borderline(row.get("p_koploper")) or is_borderline(row.get("p_starter"))
        unsure.append(_CERTAINTY[1] if indicative or border else _CERTAINTY[0])
    return unsure


def collaboration_rules_text(
    leader_level: float, gap_threshold: float, min_demand: int, n_deals: int
) -> str:
    """The thresholds behind koploper, starter, kansrijk and the proposed deals, in Dutch.

    Parameters
    ----------
    leader_level, gap_threshold : float
        Thresholds of rule 8.
    min_demand, n_deals : int
        Parameters of rule 9.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> print(textwrap.fill(collaboration_rules_text(3.5, 1.0, 3, 4), 88))
    Een koploper staat op een element op niveau 3,5 of hoger. Een starter is nog geen
    koploper en wil minstens 1,0 niveau groeien (ambitie min huidig). Een element is
    kansrijk voor gezamenlijke ontwikkeling als minstens één koploper wil trekken of meedoen
    (aanbod) en minstens drie provincies met zo'n gat willen trekken, meedoen of volgen
    (vraag). De eerste vier kansrijke elementen in de rangorde worden voorgesteld als
    gezamenlijke deals.
    """
    w = vocab.org_words()
    return (
        f"Een koploper staat op een element op niveau {number(leader_level, 1)} of hoger. "
        f"Een starter is nog geen koploper en wil minstens {number(gap_threshold, 1)} niveau "
        "groeien (ambitie min huidig). Een element is kansrijk voor gezamenlijke ontwikkeling "
        "als minstens één koploper wil trekken of meedoen (aanbod) en minstens "
        f"{count_words(int(min_demand), w['org'], w['orgs'])} met zo'n gat willen trekken, "
        "meedoen of volgen (vraag). "
        + (
            f"De eerste {number_word(n_deals)} "
            "kansrijke elementen in de rangorde worden voorgesteld als gezamenlijke deals."
            if n_deals != 1
            else "Het eerste kansrijke element in de rangorde wordt voorgesteld als "
            "gezamenlijke deal."
        )
    )


def deals_summary(
    opportunities: pd.DataFrame,
    proposed: Sequence[str],
    wave: str,
    instrument: Instrument,
    n_deals: int,
) -> str:
    """How many elements are kansrijk in a wave and which are proposed as joint deals.

    Parameters
    ----------
    opportunities : DataFrame
        The ``opportunities`` table (wave, element, kansrijk, rank).
    proposed : sequence of str
        The proposed deals of the wave (``Analysis.proposed(wave)``), in rank order.
    wave : str
        The wave.
    instrument : Instrument
        Gives the element labels.
    n_deals : int
        The number of deals proposed at most (rule 9).

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "UITV", "DATA"],
    ...     "kansrijk": [True, True, False], "rank": [1, 2, 3]})
    >>> import textwrap
    >>> print(textwrap.fill(deals_summary(o, ["OTL"], "1", default_instrument(), 1), 88))
    In meting 1 zijn twee elementen kansrijk voor gezamenlijke ontwikkeling. Voorgesteld als
    gezamenlijke deal: Objecttypebibliotheek. Ook kansrijk, maar buiten de eerste één:
    Uitvraag en contracten.
    """
    table = in_wave(opportunities, wave)
    if "rank" in table:
        table = table.sort_values("rank", kind="stable")
    kansrijk = table[table["kansrijk"].astype(bool)]
    if kansrijk.empty:
        return (
            f"In meting {wave} is geen element kansrijk voor gezamenlijke ontwikkeling; er "
            "wordt geen gezamenlijke deal voorgesteld."
        )
    label = instrument.element_label
    n = len(kansrijk)
    sentences = [
        f"In meting {wave} {'is' if n == 1 else 'zijn'} "
        f"{count_words(n, 'element', 'elementen')} kansrijk voor gezamenlijke ontwikkeling."
    ]
    if proposed:
        deals = "deal" if len(proposed) == 1 else "deals"
        sentences.append(
            f"Voorgesteld als gezamenlijke {deals}: {listing([label(e) for e in proposed])}."
        )
    rest = kansrijk[~kansrijk["element"].isin(list(proposed))]
    if not rest.empty:
        first = number_word(n_deals)
        sentences.append(
            f"Ook kansrijk, maar buiten de eerste {first}: "
            f"{listing([label(e) for e in rest['element']])}."
        )
    return " ".join(sentences)


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
        element_label, positie (Dutch label), rol (the role's label, empty when missing) and
        zekerheid (``grensgeval of indicatief`` draws the cell lighter, else ``duidelijk``);
        with ``scores`` also current, gap, n; with the probabilities p_koploper, p_starter.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> r = pd.DataFrame({"wave": "1", "province": ["PV28", "PV20"], "element": "OTL",
    ...     "stated_role": ["trekken", None], "position": ["koploper", "starter"]})
    >>> chart = position_matrix_chart(r, "1", default_instrument())
    >>> chart.data[["provincie", "positie", "rol"]].values.tolist()
    [['Zuid-Holland', 'Koploper', 'Trekken'], ['Groningen', 'Starter', '']]
    """
    data = in_wave(roles, wave)
    data = data[data["position"].notna()].copy()
    if scores is not None:
        wanted = [c for c in ("current", "gap", "n", "flag") if c in scores.columns]
        values = in_wave(scores, wave)[["province", "element", *wanted]]
        data = data.drop(columns=wanted, errors="ignore").merge(
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
            "positie": data["position"].map(vocab.POSITION_LABELS).to_numpy(),
            "rol": [
                role_labels.get(r, "") if isinstance(r, str) else "" for r in data["stated_role"]
            ],
        }
    )
    for column in ("current", "gap", "p_koploper", "p_starter"):
        if column in data.columns:
            frame[column] = data[column].astype("float64").to_numpy()
    if "n" in data.columns:
        frame["n"] = data["n"].astype("Int64").to_numpy()
    frame["zekerheid"] = _certainty(data)
    x = alt.X(
        "element_label:N",
        sort=[e.label for e in instrument.elements],
        title=None,
        axis=alt.Axis(labelAngle=-35, orient="top"),
    )
    y = alt.Y("provincie:N", sort=[province_name(p) for p in order], title=None)
    tooltip = [
        alt.Tooltip("provincie:N", title=vocab.OVERVIEW_LABELS["org"]),
        alt.Tooltip("element_label:N", title=vocab.ELEMENT),
        alt.Tooltip("positie:N", title=vocab.POSITION),
        alt.Tooltip("rol:N", title=vocab.STATED_ROLE),
    ]
    for column, title in (("current", vocab.CURRENT), ("gap", vocab.GAP)):
        if column in frame:  # written in Python: "–" where there is no score, never "null"
            frame[f"{column}_tekst"] = [number(v) for v in frame[column]]
            tooltip.append(alt.Tooltip(f"{column}_tekst:N", title=title))
    if "n" in frame:
        tooltip.append(alt.Tooltip("n:Q", title=vocab.RESPONDENTS))
    for column in ("p_koploper", "p_starter"):
        if column in frame and frame[column].notna().any():
            frame[f"{column}_tekst"] = [probability(v) for v in frame[column]]
            tooltip.append(alt.Tooltip(f"{column}_tekst:N", title=vocab.PROBABILITY_LABELS[column]))
    tooltip.append(alt.Tooltip("zekerheid:N", title=vocab.OVERVIEW_LABELS["certainty"]))
    cells = (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "positie:N",
                title=vocab.POSITION,
                scale=alt.Scale(
                    domain=list(vocab.POSITION_LABELS.values()),
                    range=list(POSITION_COLORS.values()),
                ),
            ),
            opacity=alt.Opacity(
                "zekerheid:N",
                title=vocab.OVERVIEW_LABELS["certainty"],
                scale=alt.Scale(domain=list(_CERTAINTY), range=[1.0, 0.5]),
                legend=alt.Legend(labelLimit=320),
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
                title=vocab.STATED_ROLE,
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
            title=vocab.CHART_TITLES["positions"],
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
        kansrijk (``ja``/``nee``), rank, and reeks: the legend entry (measure and kansrijk)
        whose colour the bar has.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "supply": [2, 0],
    ...     "demand": [5, 1], "kansrijk": [True, False], "rank": [1, 2]})
    >>> data = opportunity_chart(o, "1", default_instrument()).data
    >>> data.drop(columns="reeks").values.tolist()[:2]
    [['Objecttypebibliotheek', 'Vraag', 5, 'ja', 1], ['Objecttypebibliotheek', 'Aanbod', 2, 'ja', 1]]
    >>> data["reeks"].tolist()[2:]
    ['Vraag, niet kansrijk', 'Aanbod, niet kansrijk']
    """  # noqa: E501
    table = in_wave(opportunities, wave).sort_values("rank")
    rows = []
    for record in table.itertuples(index=False):
        label = instrument.element_label(record.element)
        chance = bool(record.kansrijk)
        kansrijk = vocab.YES if chance else vocab.NO
        for measure, maat, value in (
            ("demand", vocab.DEMAND, record.demand),
            ("supply", vocab.SUPPLY, record.supply),
        ):
            series = vocab.OPPORTUNITY_SERIES[(measure, chance)]
            rows.append((label, maat, int(value), kansrijk, int(record.rank), series))
    columns = ["element_label", "maat", "aantal", "kansrijk", "rank", "reeks"]
    data = pd.DataFrame(rows, columns=columns)
    y = alt.Y("element_label:N", sort=list(dict.fromkeys(data["element_label"])), title=None)
    # one colour scale for bars and legend: a kansrijk bar in full colour, another in a pale
    # tint of the same colour (the colour a bar at 35% opacity shows on white), so every
    # legend swatch is exactly the colour of its bars
    domain = list(vocab.OPPORTUNITY_SERIES.values())
    full = {"demand": AMBITION_COLOR, "supply": CURRENT_COLOR}
    palette = [
        full[measure] if chance else _tint(full[measure], 0.35)
        for measure, chance in vocab.OPPORTUNITY_SERIES
    ]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            yOffset=alt.YOffset("maat:N", sort=[vocab.DEMAND, vocab.SUPPLY]),
            x=alt.X(
                "aantal:Q",
                title=vocab.OVERVIEW_LABELS["count"],
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "reeks:N",
                title=None,
                scale=alt.Scale(domain=domain, range=palette),
                legend=alt.Legend(labelLimit=360, columns=2),
            ),
            tooltip=[
                alt.Tooltip("element_label:N", title=vocab.ELEMENT),
                alt.Tooltip("maat:N", title=vocab.OVERVIEW_LABELS["measure"]),
                alt.Tooltip("aantal:Q", title=vocab.OVERVIEW_LABELS["count"]),
                alt.Tooltip("kansrijk:N", title=vocab.OVERVIEW_LABELS["kansrijk"]),
                alt.Tooltip("rank:Q", title=vocab.RANK),
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


def _tint(color: str, opacity: float) -> str:
    """The colour ``color`` shows at ``opacity`` on white, as ``#rrggbb``.

    Examples
    --------
    >>> _tint("#1f5fa6", 0.35), _tint("#000000", 1.0)
    ('#b1c7e0', '#000000')
    """
    channels = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * opacity) for c in channels)
    return "#" + "".join(f"{c:02x}" for c in mixed)


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
        Rang, Element, Vraag, Aanbod, Gemiddeld gat, Kansrijk and Voorgesteld (ja/nee); with
        the probabilities from resampling also Kans kansrijk and Kans voorgesteld.

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
    rows = in_wave(opportunities, wave).sort_values("rank")
    shown = pd.DataFrame(
        {
            "rank": rows["rank"].to_numpy(),
            "element": rows["element"].map(instrument.element_label).to_numpy(),
            "demand": rows["demand"].to_numpy(),
            "supply": rows["supply"].to_numpy(),
            "mean_gap": rows["mean_gap"].to_numpy(dtype="float64"),
            "kansrijk": rows["kansrijk"].map(yes_no).to_numpy(),
            "proposed": rows["proposed"].map(yes_no).to_numpy(),
        }
    )
    counts = dict.fromkeys(("rank", "demand", "supply"), whole)
    columns = {
        "rank": vocab.RANK,
        "element": vocab.ELEMENT,
        "demand": vocab.DEMAND,
        "supply": vocab.SUPPLY,
        "mean_gap": "Gemiddeld gat",
        "kansrijk": "Kansrijk",
        "proposed": "Voorgesteld",
    }
    formats = {**counts, "mean_gap": number}
    for column in ("p_kansrijk", "p_proposed"):
        if column in rows and rows[column].notna().any():
            shown[column] = rows[column].to_numpy(dtype="float64")
            columns[column] = vocab.PROBABILITY_LABELS[column]
            formats[column] = probability
    return table(shown, columns, formats)
