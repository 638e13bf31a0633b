"""The business case (notebook 50): per element the cost alone or together, in words and bars.

Rule 11 is computed with the analysis (``Analysis.businesscase``). Without a cost table every
part says so instead of showing amounts. How the cost is shared is in
:mod:`bimmaturity.present.sections.cost_sharing`, the programme budget and the sensitivity in
:mod:`bimmaturity.present.sections.programme` (which also knows whether there are amounts at
all: :func:`~bimmaturity.present.sections.programme.has_costs`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML, Markdown

from bimmaturity import vocab
from bimmaturity.present.format import (
    count,
    euro,
    is_missing,
    listing,
    number_word,
    percent,
    whole,
)
from bimmaturity.present.html import banner, html_list, money_table, note
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.programme import NO_COSTS, costed_deals, has_costs, no_costs
from bimmaturity.present.theme import MONEY_AXIS, MONEY_COLORS

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "assumptions_text",
    "business_case_chart",
    "business_case_summary",
    "business_case_table",
    "case_chart",
    "deal_list",
    "deal_sentence",
    "element_phrase",
    "header",
    "years_text",
]


def header(analysis: Analysis, wave: str, phasing: Sequence[float]) -> list[Markdown | HTML]:
    """The top of the business case: heading, banner, the case in numbers and the assumptions.

    Parameters
    ----------
    analysis : Analysis
        The analysis of every wave (:func:`bimmaturity.analysis.load_analysis`); its business
        case, proposed deals and options (overhead, years, cost key) are read.
    wave : str
        The wave shown.
    phasing : sequence of float
        Share of the joint cost per programme year (named in the assumptions).

    Returns
    -------
    list
        Heading (Markdown) and banner (HTML), then :func:`business_case_summary` (Markdown),
        :func:`deal_list` and the assumptions (a note); without costs :func:`no_costs`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [float("nan")]})
    >>> a = SimpleNamespace(businesscase=bc, proposed=lambda wave: ["OTL"],
    ...     processed=SimpleNamespace(waves=["1"], is_example=True))
    >>> [type(part).__name__ for part in header(a, "1", [0.4, 0.4, 0.2])]
    ['Markdown', 'HTML', 'HTML']
    """
    heading = vocab.REPORT_HEADINGS["50_businesscase"].format(wave=wave)
    parts: list[Markdown | HTML] = [Markdown(f"# {heading}"), banner(analysis.processed)]
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    if not has_costs(cases, wave):
        return [*parts, no_costs()]
    options = analysis.options
    money = {"overhead": options.overhead, "years": options.years}
    summary = business_case_summary(cases, proposed, wave, analysis.instrument, **money, each=False)
    assumptions = assumptions_text(options.overhead, options.years, phasing, options.cost_key)
    return [
        *parts,
        Markdown(summary),
        deal_list(cases, proposed, wave, analysis.instrument, **money),
        note(assumptions),
    ]


def case_chart(analysis: Analysis, wave: str) -> alt.Chart | HTML:
    """The cost per element alone or together (:func:`business_case_chart`), or a reminder
    that there are no amounts.

    Parameters
    ----------
    analysis : Analysis
        Its business case, proposed deals and instrument are read.
    wave : str
        The wave shown.

    Returns
    -------
    altair.Chart or IPython.display.HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [float("nan")]})
    >>> case_chart(SimpleNamespace(businesscase=bc), "1").data[:41]
    '<div class="bm-note">Geen bedragen: er is'
    """
    if not has_costs(analysis.businesscase, wave):
        return no_costs(brief=True)
    return business_case_chart(
        analysis.businesscase, wave, analysis.instrument, analysis.proposed(wave)
    )


_DE_SUFFIXES = ("ing", "heid", "teit", "tie", "sie", "theek", "iek")


def years_text(years: int) -> str:
    """The period of a business case in words: ``over drie jaar``.

    Parameters
    ----------
    years
        Years of upkeep counted in the business case; 0 means one-off costs only.

    Returns
    -------
    str
        ``'over drie jaar'``, ``'over één jaar'``, ``'over 15 jaar'`` or
        ``'aan eenmalige kosten'``.

    Examples
    --------
    >>> years_text(3), years_text(1), years_text(15), years_text(0)
    ('over drie jaar', 'over één jaar', 'over 15 jaar', 'aan eenmalige kosten')
    """
    if years == 0:
        return "aan eenmalige kosten"
    return f"over {number_word(int(years))} jaar"


def element_phrase(label: str) -> str:
    """An element label as it reads inside a sentence: lower case, with ``de`` where it fits.

    The first letter is lowered unless the label starts with an abbreviation (``BIM-...``).
    A one-word label with an ending that makes a Dutch noun a *de*-word (-ing, -heid, -teit,
    -tie, -sie, -theek, -iek) gets the article; other labels (``Processen en werkwijze``)
    read well without one.

    Parameters
    ----------
    label
        The element label from the instrument.

    Returns
    -------
    str

    Examples
    --------
    >>> element_phrase("Objecttypebibliotheek"), element_phrase("Processen en werkwijze")
    ('de objecttypebibliotheek', 'processen en werkwijze')
    >>> element_phrase("BIM-protocol")
    'BIM-protocol'
    """
    text = label.strip()
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    if " " not in text and text.lower().endswith(_DE_SUFFIXES):
        return "de " + text
    return text


def deal_sentence(
    row: Mapping[str, object], instrument: Instrument, *, overhead: float, years: int
) -> str:
    """The business case of one element in two sentences a council member can quote.

    Parameters
    ----------
    row
        One row of the business case (element, participants, alone, joint, saving,
        break_even), for example from :func:`bimmaturity.rules.businesscase.business_case`.
    instrument
        Gives the element label.
    overhead, years
        The assumptions the row was computed with (they are named in the sentence).

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> row = {"element": "OTL", "participants": 12, "alone": 6_600_000.0,
    ...        "joint": 1_081_000.0, "saving": 5_519_000.0, "break_even": 2}
    >>> print(deal_sentence(row, default_instrument(), overhead=0.15, years=3))
    Samen ontwikkelen van de objecttypebibliotheek bespaart EUR 5.519.000 over drie jaar ten opzichte van ieder voor zich: 12 provincies betalen samen EUR 1.081.000 (inclusief 15% coördinatie) in plaats van EUR 6.600.000. Samen ontwikkelen loont vanaf 2 deelnemers.
    """  # noqa: E501
    label = instrument.element_label(str(row["element"]))
    phrase = element_phrase(label)
    n = int(row["participants"])
    if is_missing(row.get("alone")) or is_missing(row.get("joint")):
        return f"Voor {label} zijn geen kosten opgegeven; de business case ontbreekt."
    if n == 0:
        return (
            f"Voor {phrase} meldt zich geen deelnemer: geen provincie heeft hier een gat en de "
            "rol trekken, meedoen of volgen."
        )
    saving = float(row["saving"])
    period = years_text(years)
    extra = f" (inclusief {percent(overhead)} coördinatie)" if overhead else ""
    payers = f"{n} provincies betalen samen" if n > 1 else "de enige deelnemer betaalt"
    if saving >= 0:
        first = (
            f"Samen ontwikkelen van {phrase} bespaart {euro(saving)} {period} ten opzichte van "
            f"ieder voor zich"
        )
    else:
        first = (
            f"Samen ontwikkelen van {phrase} kost {period if years else 'eenmalig'} "
            f"{euro(-saving)} meer dan ieder voor zich"
        )
    first += f": {payers} {euro(row['joint'])}{extra} in plaats van {euro(row['alone'])}."
    break_even = row.get("break_even")
    if is_missing(break_even):
        second = "Bij geen enkel aantal deelnemers is samen ontwikkelen goedkoper."
    else:
        needed = int(break_even)
        second = f"Samen ontwikkelen loont {'' if n >= needed else 'pas '}vanaf " + count(
            needed, "deelnemer", "deelnemers"
        )
        second += "." if n >= needed else f"; nu zijn het er {n}."
    return f"{first} {second}"


def business_case_summary(
    businesscase: pd.DataFrame,
    proposed: Sequence[str],
    wave: str,
    instrument: Instrument,
    *,
    overhead: float,
    years: int,
    each: bool = True,
) -> str:
    """The case for the proposed deals in numbers: the total saving, then each deal.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, alone, joint, saving, break_even).
    proposed
        The element ids of the proposed deals, in rank order.
    wave
        The wave.
    instrument
        Gives the labels.
    overhead, years
        The assumptions the business case was computed with.
    each
        Whether to add :func:`deal_sentence` for each proposed deal with costs (a report can
        list those separately instead).

    Returns
    -------
    str
        :data:`NO_COSTS` when the wave has no amounts at all.

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "2020", "element": ["OTL", "DATA"],
    ...     "participants": [12, 4], "alone": [6_600_000.0, 1_920_000.0],
    ...     "joint": [1_081_000.0, 1_035_000.0], "saving": [5_519_000.0, 885_000.0],
    ...     "break_even": [2, 3]})
    >>> text = business_case_summary(bc, ["OTL", "DATA"], "2020", default_instrument(),
    ...                              overhead=0.15, years=3)
    >>> print(textwrap.fill(text.split(" Samen ontwikkelen")[0], 88))
    De twee voorgestelde deals (Objecttypebibliotheek en Informatie- en datamanagement)
    besparen samen EUR 6.404.000 over drie jaar ten opzichte van ieder voor zich: de
    deelnemers betalen samen EUR 2.116.000 in plaats van EUR 8.520.000.
    """
    rows = in_wave(businesscase, wave)
    if rows["alone"].isna().all():
        return NO_COSTS
    if not proposed:
        return (
            f"In meting {wave} is geen element kansrijk als gezamenlijke deal: er is te weinig "
            "vraag, of geen koploper die wil trekken of meedoen. De business case per element "
            "staat hieronder; een programma om door te rekenen is er nog niet."
        )
    by_element = rows.set_index("element")
    chosen = by_element.loc[[e for e in proposed if e in by_element.index]]
    costed = chosen[chosen["alone"].notna() & chosen["joint"].notna()]
    labels = [instrument.element_label(e) for e in chosen.index]
    sentences = []
    if not costed.empty:
        saving = float(costed["saving"].sum())
        verb = "bespaart" if len(chosen) == 1 else "besparen"
        subject = (
            f"De voorgestelde deal ({labels[0]})"
            if len(chosen) == 1
            else f"De {number_word(len(chosen))} voorgestelde deals ({listing(labels)})"
        )
        period = years_text(years)
        if saving >= 0:
            head = (
                f"{subject} {verb} samen {euro(saving)} {period} ten opzichte van ieder voor zich"
            )
        else:
            verb = "kost" if len(chosen) == 1 else "kosten"
            head = (
                f"{subject} {verb} samen {period if years else 'eenmalig'} {euro(-saving)} meer "
                "dan ieder voor zich"
            )
        if len(chosen) == 1:
            head = head.replace(" samen ", " ", 1)
        sentences.append(
            f"{head}: de deelnemers betalen samen {euro(costed['joint'].sum())} in plaats van "
            f"{euro(costed['alone'].sum())}."
        )
    lacking = [instrument.element_label(e) for e in chosen.index if e not in costed.index]
    if lacking:
        sentences.append(
            f"Voor {listing(lacking)} ontbreken de kosten in de kostentabel; "
            f"{'die deal telt' if len(lacking) == 1 else 'die deals tellen'} niet mee."
        )
    for element, row in costed.iterrows() if each else ():
        sentences.append(
            deal_sentence({"element": element, **row}, instrument, overhead=overhead, years=years)
        )
    return " ".join(sentences)


def assumptions_text(overhead: float, years: int, phasing: Sequence[float], key: str) -> str:
    """The assumptions of a business case in one sentence.

    Parameters
    ----------
    overhead
        Coordination cost as a share of the joint cost.
    years
        Years of upkeep counted.
    phasing
        Share of the joint cost per programme year.
    key
        The chosen cost-sharing key.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> print(textwrap.fill(assumptions_text(0.15, 3, [0.4, 0.4, 0.2], "population"), 88))
    Aannames: coördinatiekosten 15% van de gezamenlijke kosten; onderhoud over drie jaar;
    fasering van het programma 40% / 40% / 20%; verdeelsleutel in de provincieprofielen:
    naar inwonertal.
    """
    upkeep = f"onderhoud {years_text(years)}" if years else "geen onderhoud meegeteld"
    shares = " / ".join(percent(p) for p in phasing)
    return (
        f"Aannames: coördinatiekosten {percent(overhead)} van de gezamenlijke kosten; {upkeep}; "
        f"fasering van het programma {shares}; verdeelsleutel in de provincieprofielen: "
        f"{vocab.KEY_LABELS[key].lower()}."
    )


def deal_list(
    businesscase: pd.DataFrame,
    proposed: Sequence[str],
    wave: str,
    instrument: Instrument,
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
    rows = in_wave(businesscase, wave).set_index("element")
    items = [
        deal_sentence(
            {"element": element, **rows.loc[element].to_dict()},
            instrument,
            overhead=overhead,
            years=years,
        )
        for element in costed_deals(businesscase, proposed, wave)
    ]
    return HTML(html_list(items) if items else "")


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
    rows = in_wave(businesscase, wave)
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
                    "voorgesteld": vocab.YES if element in proposed else vocab.NO,
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
            x=alt.X("bedrag:Q", title="Kosten in euro", axis=alt.Axis(**MONEY_AXIS)),
            color=alt.Color(
                "maat:N",
                title=None,
                scale=alt.Scale(domain=list(MONEY_COLORS), range=list(MONEY_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("element_label:N", title=vocab.ELEMENT),
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


def business_case_table(
    businesscase: pd.DataFrame,
    wave: str,
    instrument: Instrument,
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
    rows = in_wave(businesscase, wave).set_index("element")
    order = [e for e in proposed if e in rows.index]
    order += [e for e in instrument.element_ids if e in rows.index and e not in order]
    rows = rows.loc[order]
    shown = pd.DataFrame(
        {
            "element": [instrument.element_label(e) for e in order],
            "proposed": [vocab.YES if e in proposed else vocab.NO for e in order],
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
            "element": vocab.ELEMENT,
            "proposed": "Voorgestelde deal",
            "participants": "Deelnemers",
            "alone": "Ieder voor zich",
            "joint": "Samen (incl. coördinatie)",
            "saving": "Besparing",
            "break_even": "Loont vanaf (deelnemers)",
        },
        money=["alone", "joint", "saving"],
        formats={"participants": whole, "break_even": whole},
    )
