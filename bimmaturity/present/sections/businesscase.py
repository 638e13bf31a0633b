"""The business case (notebook 50): per element the cost alone or together, in words and bars.

Rule 11 is computed with the analysis (``Analysis.businesscase``). Without a cost table every
part says so instead of showing amounts. How the cost is shared is in
:mod:`bimmaturity.present.sections.cost_sharing`, the programme budget and the sensitivity in
:mod:`bimmaturity.present.sections.programme` (which also knows whether there are amounts at
all: :func:`~bimmaturity.present.sections.programme.has_costs`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.input.costs import RANGE_COLUMNS
from bimmaturity.organisations import active_registry, default_registry
from bimmaturity.present.format import (
    approx_euro,
    count,
    euro_range,
    is_missing,
    listing,
    number_word,
    percent,
    province_names,
)
from bimmaturity.present.html import Markdown, banner, html_list, note
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.case_overview import business_case_chart, business_case_table
from bimmaturity.present.sections.programme import (
    costed_deals,
    has_costs,
    no_costs,
    no_costs_text,
)

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
    "section_text",
    "years_text",
]


def section_text(part: str) -> Markdown:
    """An explanation of notebook 50 between its charts and tables (with its heading), in the
    words of the registry in use (:data:`bimmaturity.vocab.REPORT_TEXTS`).

    Parameters
    ----------
    part : str
        ``costs``, ``shares``, ``shares_detail`` or ``method``.

    Returns
    -------
    Markdown

    Examples
    --------
    >>> from bimmaturity.organisations import Registry, use_registry
    >>> section_text("shares").data.splitlines()[0]
    '## Verdeling van de kosten over de provincies'
    >>> "inwonertal van de deelnemers, 2024)" in section_text("method").data
    True
    >>> waterschap = Registry.from_rows([{"code": "WS1", "name": "A", "kind": "waterschap"}])
    >>> with use_registry(waterschap):
    ...     section_text("shares_detail").data
    '### Aandeel en netto voordeel per deal en waterschap'
    """
    texts = vocab.REPORT_TEXTS["50_businesscase"]
    provinces = active_registry() == default_registry()  # the sizes are of 2024
    size = texts["size_provinces" if provinces else "size_registry"]
    return Markdown(texts[part].replace("{size_source}", size))


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
    heading = vocab.REPORT_HEADINGS["50_businesscase"].format(wave=wave, **vocab.org_words())
    parts: list[Markdown | HTML] = [Markdown(f"# {heading}"), banner(analysis.processed)]
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    if not has_costs(cases, wave):
        return [*parts, no_costs()]
    options = analysis.options
    money = {"overhead": options.overhead, "years": options.years}
    summary = business_case_summary(
        cases, proposed, wave, analysis.instrument, **money, each=False, shares=analysis.shares
    )
    assumptions = assumptions_text(
        options.overhead,
        options.years,
        phasing,
        options.cost_key,
        getattr(options, "discount", None),
        analysis.processed.costs,
    )
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


def saving_range(low: object, high: object) -> str:
    """The range of a saving in words, for a parenthesis; empty when there is no range.

    Examples
    --------
    >>> saving_range(6_120_000, 11_400_000), saving_range(-200_000, 450_000)
    ('bandbreedte € 6,1 tot 11,4 miljoen', 'bandbreedte van € 200.000 meerkosten tot € 450.000 besparing')
    >>> saving_range(-450_000, -200_000), saving_range(1_000, 1_000), saving_range(None, 1)
    ('bandbreedte € 450.000 tot € 200.000 meerkosten', '', '')
    """  # noqa: E501
    if is_missing(low) or is_missing(high) or approx_euro(low) == approx_euro(high):
        return ""
    low_value, high_value = float(low), float(high)  # type: ignore[arg-type]
    if low_value >= 0:
        return f"bandbreedte {euro_range(low_value, high_value)}"
    if high_value < 0:
        return f"bandbreedte {euro_range(-low_value, -high_value)} meerkosten"
    return (
        f"bandbreedte van {approx_euro(-low_value)} meerkosten tot {approx_euro(high_value)} "
        "besparing"
    )


def deal_sentence(
    row: Mapping[str, object], instrument: Instrument, *, overhead: float, years: int
) -> str:
    """The business case of one element in sentences a council member can quote.

    Amounts are rounded (:func:`~bimmaturity.present.format.approx_euro`) and the saving comes
    with its range; only the followers count on the side of going alone, the koplopers
    already have the element (rule 11).

    Parameters
    ----------
    row
        One row of the business case (element, participants, koplopers, followers, alone,
        joint, saving, saving_low, saving_high, break_even), for example from
        :func:`bimmaturity.rules.businesscase.business_case`.
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
    >>> row = {"element": "OTL", "participants": 12, "koplopers": 4, "followers": 8,
    ...        "alone": 4_400_000.0, "joint": 1_141_000.0, "saving": 3_259_000.0,
    ...        "saving_low": 2_100_000.0, "saving_high": 4_300_000.0, "break_even": 2}
    >>> print(deal_sentence(row, default_instrument(), overhead=0.15, years=3))
    Samen ontwikkelen van de objecttypebibliotheek bespaart naar schatting € 3,3 miljoen over drie jaar (bandbreedte € 2,1 tot 4,3 miljoen): de 8 volgers zouden ieder voor zich samen € 4,4 miljoen kwijt zijn, één gezamenlijke ontwikkeling kost € 1,1 miljoen (inclusief 15% coördinatie). De 4 koplopers hebben het al; zij brengen kennis in en betalen mee. Samen ontwikkelen loont vanaf 2 volgers.
    """  # noqa: E501
    label = instrument.element_label(str(row["element"]))
    phrase = element_phrase(label)
    n = int(row["participants"])  # type: ignore[call-overload]
    if is_missing(row.get("alone")) or is_missing(row.get("joint")):
        return f"Voor {label} zijn geen kosten opgegeven; de business case ontbreekt."
    if n == 0:
        return (
            f"Voor {phrase} meldt zich geen deelnemer: geen {vocab.org_text('{org}')} heeft hier "
            "een gat en de rol trekken, meedoen of volgen."
        )
    leaders = int(row.get("koplopers", 0) or 0)  # type: ignore[call-overload]
    followers = int(row.get("followers", n - leaders))  # type: ignore[call-overload]
    saving = float(row["saving"])  # type: ignore[arg-type]
    period = years_text(years)
    extra = f" (inclusief {percent(overhead)} coördinatie)" if overhead else ""
    spread = saving_range(row.get("saving_low"), row.get("saving_high"))
    spread = f" ({spread})" if spread else ""
    if followers == 0:
        return (
            f"Bij {phrase} zijn alle deelnemers koplopers die het al hebben: er is niets te "
            f"besparen; één gezamenlijke ontwikkeling kost {approx_euro(row['joint'])}{extra}."
        )
    if saving >= 0:
        first = (
            f"Samen ontwikkelen van {phrase} bespaart naar schatting {approx_euro(saving)} {period}"
        )
    else:
        first = (
            f"Samen ontwikkelen van {phrase} kost naar schatting "
            f"{period if years else 'eenmalig'} {approx_euro(-saving)} meer dan ieder voor zich"
        )
    who = f"de {followers} volgers zouden" if followers > 1 else "de enige volger zou"
    together = " samen" if followers > 1 else ""
    first += (
        f"{spread}: {who} ieder voor zich{together} {approx_euro(row['alone'])} kwijt zijn, één "
        f"gezamenlijke ontwikkeling kost {approx_euro(row['joint'])}{extra}."
    )
    sentences = [first]
    if leaders:
        sentences.append(
            f"De {leaders} koplopers hebben het al; zij brengen kennis in en betalen mee."
            if leaders > 1
            else "De koploper heeft het al; die brengt kennis in en betaalt mee."
        )
    break_even = row.get("break_even")
    if is_missing(break_even):
        sentences.append("Bij geen enkel aantal volgers is samen ontwikkelen goedkoper.")
    else:
        needed = int(break_even)  # type: ignore[call-overload]
        text = f"Samen ontwikkelen loont {'' if followers >= needed else 'pas '}vanaf " + count(
            needed, "volger", "volgers"
        )
        sentences.append(text + ("." if followers >= needed else f"; nu zijn het er {followers}."))
    return " ".join(sentences)


def business_case_summary(
    businesscase: pd.DataFrame,
    proposed: Sequence[str],
    wave: str,
    instrument: Instrument,
    *,
    overhead: float,
    years: int,
    each: bool = True,
    shares: pd.DataFrame | None = None,
) -> str:
    """The case for the proposed deals in words: the total saving, rounded and with its
    range, the koplopers who bring in knowledge, then each deal.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, koplopers, followers, alone, joint,
        saving, saving_low, saving_high, break_even).
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
    shares
        The cost shares (with ``koploper``): the koplopers are named.

    Returns
    -------
    str
        :func:`~bimmaturity.present.sections.programme.no_costs_text` when the wave has no
        amounts at all.

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "2020", "element": ["OTL", "DATA"],
    ...     "participants": [12, 4], "koplopers": [4, 1], "followers": [8, 3],
    ...     "alone": [4_400_000.0, 1_440_000.0], "joint": [1_141_000.0, 1_055_000.0],
    ...     "saving": [3_259_000.0, 385_000.0], "saving_low": [2_100_000.0, 100_000.0],
    ...     "saving_high": [4_300_000.0, 700_000.0], "break_even": [2, 3]})
    >>> text = business_case_summary(bc, ["OTL", "DATA"], "2020", default_instrument(),
    ...                              overhead=0.15, years=3, each=False)
    >>> print(textwrap.fill(text, 88))
    De twee voorgestelde deals (Objecttypebibliotheek en Informatie- en datamanagement)
    besparen samen naar schatting € 3,6 miljoen over drie jaar ten opzichte van ieder voor
    zich (bandbreedte € 2,2 tot 5,0 miljoen): de volgers zouden ieder voor zich samen € 5,8
    miljoen kwijt zijn, de gezamenlijke ontwikkeling kost € 2,2 miljoen. De koplopers hebben
    deze elementen al en tellen daarom niet mee bij ieder voor zich: zij brengen kennis in
    en betalen mee aan de gezamenlijke kosten. De besparing hangt sterk af van de geschatte
    kosten van ieder voor zich (zie de gevoeligheid).
    """
    rows = in_wave(businesscase, wave)
    if rows["alone"].isna().all():
        return no_costs_text()
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
                f"{subject} {verb} samen naar schatting {approx_euro(saving)} {period} ten "
                "opzichte van ieder voor zich"
            )
        else:
            verb = "kost" if len(chosen) == 1 else "kosten"
            head = (
                f"{subject} {verb} samen naar schatting {period if years else 'eenmalig'} "
                f"{approx_euro(-saving)} meer dan ieder voor zich"
            )
        if len(chosen) == 1:
            head = head.replace(" samen ", " ", 1)
        if {"saving_low", "saving_high"} <= set(costed.columns):
            spread = saving_range(costed["saving_low"].sum(), costed["saving_high"].sum())
            head += f" ({spread})" if spread else ""
        sentences.append(
            f"{head}: de volgers zouden ieder voor zich samen {approx_euro(costed['alone'].sum())} "
            f"kwijt zijn, de gezamenlijke ontwikkeling kost {approx_euro(costed['joint'].sum())}."
        )
        if "koplopers" in costed and int(costed["koplopers"].sum()):
            names = _koploper_names(shares, list(costed.index), wave)
            who = f"De koplopers ({listing(names)})" if names else "De koplopers"
            sentences.append(
                f"{who} hebben deze elementen al en tellen daarom niet mee bij ieder voor zich: "
                "zij brengen kennis in en betalen mee aan de gezamenlijke kosten."
            )
        sentences.append(
            "De besparing hangt sterk af van de geschatte kosten van ieder voor zich (zie de "
            "gevoeligheid)."
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


def _koploper_names(shares: pd.DataFrame | None, elements: list[str], wave: str) -> list[str]:
    """The koplopers among the participants of ``elements``, alphabetically."""
    if shares is None or "koploper" not in shares:
        return []
    own = in_wave(shares, wave)
    own = own[own["element"].isin(elements) & own["koploper"].astype(bool)]
    return province_names(sorted(set(own["province"])))


def assumptions_text(
    overhead: float,
    years: int,
    phasing: Sequence[float],
    key: str,
    discount: float | None = None,
    costs: pd.DataFrame | None = None,
) -> str:
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
    discount
        The real yearly discount rate of the upkeep.
    costs
        The cost table: says whether it gives adoption costs and low/high ranges.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> c = pd.DataFrame({"element": ["OTL"], "cost_adopt": [5000.0],
    ...                   "cost_alone_low": [float("nan")]})
    >>> print(textwrap.fill(assumptions_text(0.15, 3, [0.4, 0.4, 0.2], "population", 0.0225,
    ...                                      c), 88))
    Aannames: coördinatiekosten 15% van de gezamenlijke kosten; onderhoud over drie jaar,
    contant gemaakt met een discontovoet van 2,25% per jaar; invoeringskosten per deelnemer
    uit de kostentabel; geen bandbreedtes in de kostentabel (de bandbreedte is dan nul);
    fasering van het programma 40% / 40% / 20%; verdeelsleutel in de provincieprofielen:
    naar inwonertal.
    """
    upkeep = f"onderhoud {years_text(years)}" if years else "geen onderhoud meegeteld"
    if years and discount is not None:
        upkeep += f", contant gemaakt met een discontovoet van {percent(discount, 2)} per jaar"
        upkeep = upkeep.replace(",00%", "%")
    parts = [f"coördinatiekosten {percent(overhead)} van de gezamenlijke kosten", upkeep]
    if costs is not None:
        adopt = "cost_adopt" in costs and bool((costs["cost_adopt"].fillna(0) > 0).any())
        parts.append(
            "invoeringskosten per deelnemer uit de kostentabel"
            if adopt
            else "geen invoeringskosten opgegeven"
        )
        ranged = [c for c in RANGE_COLUMNS if c in costs and costs[c].notna().any()]
        parts.append(
            "bandbreedtes (laag en hoog) uit de kostentabel"
            if ranged
            else "geen bandbreedtes in de kostentabel (de bandbreedte is dan nul)"
        )
    shares = " / ".join(percent(p) for p in phasing)
    parts.append(f"fasering van het programma {shares}")
    profiles = vocab.org_text("{profiel}en")  # provincieprofielen, waterschapsprofielen
    parts.append(f"verdeelsleutel in de {profiles}: {vocab.KEY_LABELS[key].lower()}")
    return "Aannames: " + "; ".join(parts) + "."


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
    >>> h.startswith("<ul><li>Samen ontwikkelen van de objecttypebibliotheek bespaart naar sch")
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
