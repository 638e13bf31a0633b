"""Short Dutch sentences generated from the numbers, for reports a council member reads."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import pandas as pd

from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.organisations import province_name
from bimmaturity.present.format import euro, listing, number, number_word, percent, signed
from bimmaturity.rules.businesscase import net_benefit_totals
from bimmaturity.rules.clusters import GapClustering, GapMatrix
from bimmaturity.rules.progress import MOVEMENTS, movers
from bimmaturity.rules.scoring import INDICATIVE, level_of

__all__ = [
    "ALPHA_THRESHOLD",
    "KEY_LABELS",
    "KEY_PHRASES",
    "NO_COSTS",
    "ROLE_PHRASES",
    "agreement_warning",
    "assumptions_text",
    "budget_summary",
    "business_case_summary",
    "cluster_texts",
    "clusters_overview",
    "collaboration_rules_text",
    "comparison_summary",
    "deal_sentence",
    "deal_text",
    "deals_summary",
    "element_phrase",
    "imputation_text",
    "indicative_text",
    "overlap_text",
    "profile_business_summary",
    "profile_progress_summary",
    "profile_summary",
    "progress_summary",
    "province_cluster_text",
    "province_collaboration",
    "reliability_text",
    "sensitivity_summary",
    "shares_summary",
    "silhouette_text",
    "years_text",
]


def _level_text(score: float, instrument: Instrument) -> str:
    level = level_of(score, instrument)
    return f"{number(score, 1)} ({instrument.level_label(level)})" if level else "onbekend"


def profile_summary(
    scores: pd.DataFrame,
    overall: pd.DataFrame,
    province: str,
    wave: str,
    instrument: Instrument,
) -> str:
    """Two or three sentences on one province: overall level, ambition, biggest gaps.

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV29", "element": ["OTL", "DATA"],
    ...     "current": [1.5, 2.0], "ambition": [3.5, 2.5], "gap": [2.0, 0.5]})
    >>> o = pd.DataFrame({"wave": ["1"], "province": ["PV29"], "current": [1.75],
    ...     "ambition": [3.0], "gap": [1.25], "coverage": [2 / 11]})
    >>> print(textwrap.fill(profile_summary(s, o, "PV29", "1", default_instrument()), 88))
    Zeeland staat in meting 1 gemiddeld op niveau 1,8 (Initieel) en wil naar 3,0 (Beheerst).
    Het grootste gat zit bij Objecttypebibliotheek (2,0) en Informatie- en datamanagement
    (0,5). Let op: 2 van de 11 elementen hebben een score; het gemiddelde rust op een deel
    van de vragenlijst.
    """
    name = province_name(province)
    row = overall[(overall["wave"] == wave) & (overall["province"] == province)]
    if row.empty or pd.isna(row["current"].iloc[0]):
        return f"Voor {name} zijn in meting {wave} geen scores beschikbaar."
    record = row.iloc[0]
    sentences = [
        f"{name} staat in meting {wave} gemiddeld op niveau "
        f"{_level_text(record['current'], instrument)} en wil naar "
        f"{_level_text(record['ambition'], instrument)}."
    ]
    own = scores[(scores["wave"] == wave) & (scores["province"] == province)]
    gaps = own.dropna(subset=["gap"]).sort_values("gap", ascending=False, kind="stable").head(3)
    gaps = gaps[gaps["gap"] > 0]
    if not gaps.empty:
        parts = [
            f"{instrument.element_label(e)} ({number(g, 1)})"
            for e, g in zip(gaps["element"], gaps["gap"], strict=True)
        ]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        sentences.append(f"Het grootste gat zit bij {listed}.")
    scored = int(own["current"].notna().sum())
    total = len(instrument.elements)
    if scored < total:
        sentences.append(
            f"Let op: {scored} van de {total} elementen hebben een score; het gemiddelde rust op "
            "een deel van de vragenlijst."
        )
    return " ".join(sentences)


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
        sentences.append(f"Gemiddeld over de provincies is het gat het grootst bij {listed}.")
    return " ".join(sentences)


# ---------------------------------------------------------------------------- business case
# (issue 5: the business case for joint development, and progress between measurements)

KEY_LABELS: dict[str, str] = {
    "equal": "Gelijke delen",
    "population": "Naar inwonertal",
    "mixed": "Gemengd",
}
"""Dutch names of the cost-sharing keys, for tables and legends."""

KEY_PHRASES: dict[str, str] = {
    "equal": "bij verdeling in gelijke delen",
    "population": "bij verdeling naar inwonertal",
    "mixed": "bij gemengde verdeling (half gelijke delen, half naar inwonertal)",
}
"""The cost-sharing keys as Dutch phrases, for sentences."""

NO_COSTS = (
    "Er is geen kostentabel aangeleverd (kosten.xlsx of kosten.csv in de map met de exports). "
    "Zonder kostenaannames kan de business case niet in euro's worden doorgerekend; deze "
    "rapportage toont daarom alleen welke provincies per element zouden meedoen. Vul de "
    "kostentabel in (bimmaturity template schrijft een lege) en bouw de rapportages opnieuw."
)
"""What a report says when no cost table was supplied."""

_BC_DE_SUFFIXES = ("ing", "heid", "teit", "tie", "sie", "theek", "iek")


def _bc_count(n: int, singular: str, plural: str) -> str:
    if n == 0:
        return f"geen {singular}"
    return f"{n} {singular if n == 1 else plural}"


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
    if " " not in text and text.lower().endswith(_BC_DE_SUFFIXES):
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
    if _bc_missing(row.get("alone")) or _bc_missing(row.get("joint")):
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
    if _bc_missing(break_even):
        second = "Bij geen enkel aantal deelnemers is samen ontwikkelen goedkoper."
    else:
        needed = int(break_even)
        second = f"Samen ontwikkelen loont {'' if n >= needed else 'pas '}vanaf " + _bc_count(
            needed, "deelnemer", "deelnemers"
        )
        second += "." if n >= needed else f"; nu zijn het er {n}."
    return f"{first} {second}"


def _bc_missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


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
    rows = businesscase[businesscase["wave"].astype(str) == str(wave)]
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


def shares_summary(
    shares: pd.DataFrame, proposed: Sequence[str], wave: str, key: str = "equal"
) -> str:
    """How each cost-sharing key spreads the net benefit of the proposed deals.

    Parameters
    ----------
    shares
        Cost shares (wave, element, province, key, share, net_benefit).
    proposed
        The element ids of the proposed deals.
    wave
        The wave.
    key
        The chosen key (``equal``, ``population`` or ``mixed``), named as such.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> sh = pd.DataFrame({"wave": "1", "element": "OTL", "province": ["PV20", "PV28"] * 2,
    ...     "key": ["equal", "equal", "population", "population"],
    ...     "share": [0.5, 0.5, 0.1, 0.9], "net_benefit": [500.0, 500.0, 900.0, -300.0]})
    >>> print(textwrap.fill(shares_summary(sh, ["OTL"], "1"), 88))
    De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de provincies
    wordt verdeeld. Bij verdeling in gelijke delen (de gekozen sleutel) gaat elke
    deelnemende provincie er over de voorgestelde deals samen EUR 500 op vooruit. Bij
    verdeling naar inwonertal loopt dat uiteen van EUR -300 (Zuid-Holland) tot EUR 900
    (Groningen). Let op: bij verdeling naar inwonertal is Zuid-Holland over de voorgestelde
    deals samen duurder uit dan bij alleen ontwikkelen.
    """
    part = net_benefit_totals(shares, proposed, wave)
    if part.empty:
        return "Aan de voorgestelde deals doet geen provincie mee; er valt niets te verdelen."
    sentences = [
        "De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de "
        "provincies wordt verdeeld."
    ]
    present = [k for k in KEY_PHRASES if k in set(part["key"])]
    worse = []
    for name in sorted(present, key=lambda k: k != key):
        totals = part[part["key"] == name].set_index("province")["net_benefit"]
        phrase = KEY_PHRASES[name][0].upper() + KEY_PHRASES[name][1:]
        if name == key:
            phrase += " (de gekozen sleutel)"
        low, high = totals.idxmin(), totals.idxmax()
        if euro(totals[low]) == euro(totals[high]):
            value = float(totals[high])
            direction = "op vooruit" if value >= 0 else "op achteruit"
            sentences.append(
                f"{phrase} gaat elke deelnemende provincie er over de voorgestelde deals samen "
                f"{euro(abs(value))} {direction}."
            )
        else:
            start = "loopt dat uiteen" if sentences[1:] else "loopt het netto voordeel uiteen"
            sentences.append(
                f"{phrase} {start} van {euro(totals[low])} ({province_name(low)}) tot "
                f"{euro(totals[high])} ({province_name(high)})."
            )
        losing = [province_name(p) for p in totals[totals < 0].index]
        if losing:
            worse.append(
                f"Let op: {KEY_PHRASES[name]} {'is' if len(losing) == 1 else 'zijn'} "
                f"{listing(losing)} over de voorgestelde deals samen duurder uit dan bij "
                "alleen ontwikkelen."
            )
    sentences.extend(worse)
    return " ".join(sentences)


def budget_summary(budget: pd.DataFrame, *, overhead: float, years: int) -> str:
    """The programme budget of the proposed deals in one sentence, per year.

    Parameters
    ----------
    budget
        From :func:`bimmaturity.rules.businesscase.programme_budget` (year, element, budget).
    overhead, years
        The assumptions of the business case.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> b = pd.DataFrame({"year": [1, 2, 3], "element": "OTL",
    ...                   "budget": [432_400.0, 432_400.0, 216_200.0]})
    >>> print(textwrap.fill(budget_summary(b, overhead=0.15, years=3), 88))
    Het programma van de voorgestelde deals kost samen EUR 1.081.000 (gezamenlijke
    ontwikkeling inclusief 15% coördinatie en drie jaar onderhoud), verdeeld over drie
    programmajaren: EUR 432.400 in jaar 1, EUR 432.400 in jaar 2 en EUR 216.200 in jaar 3.
    """
    known = budget[budget["budget"].notna()]
    if known.empty:
        return "Er zijn geen voorgestelde deals met kosten; er is dus geen programmabegroting."
    per_year = known.groupby("year")["budget"].sum()
    parts = [f"{percent(overhead)} coördinatie"] if overhead else []
    if years:
        parts.append(f"{number_word(int(years))} jaar onderhoud")
    detail = "gezamenlijke ontwikkeling" + (f" inclusief {listing(parts)}" if parts else "")
    years_part = listing([f"{euro(v)} in jaar {y}" for y, v in per_year.items()])
    n_years = len(per_year)
    return (
        f"Het programma van de voorgestelde deals kost samen {euro(per_year.sum())} ({detail}), "
        f"verdeeld over {number_word(n_years)} programmaja{'ar' if n_years == 1 else 'ren'}: "
        f"{years_part}."
    )


def sensitivity_summary(
    by_overhead: pd.DataFrame, by_participants: pd.DataFrame, overhead: float
) -> str:
    """How robust the total saving of the proposed deals is, in two sentences.

    Parameters
    ----------
    by_overhead, by_participants
        From :func:`bimmaturity.rules.businesscase.saving_sensitivity` (overhead, saving) and
        (participants, saving).
    overhead
        The overhead assumed in the business case.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> o = pd.DataFrame({"overhead": [0.0, 0.15, 0.5], "saving": [160.0, 145.0, 110.0]})
    >>> n = pd.DataFrame({"participants": [1, 2, 3], "saving": [-20.0, 0.0, 20.0]})
    >>> print(textwrap.fill(sensitivity_summary(o, n, 0.15), 88))
    Bij de aangenomen 15% coördinatiekosten besparen de voorgestelde deals samen EUR 145.
    Ook bij 50% coördinatiekosten blijft er EUR 110 besparing over. Als aan elke deal
    evenveel provincies meedoen, is samen ontwikkelen voordelig vanaf 2 deelnemers per deal.
    """
    curve = by_overhead.sort_values("overhead")
    if curve.empty:
        return "Er zijn geen voorgestelde deals met kosten om door te rekenen."
    first, last = curve.iloc[0], curve.iloc[-1]
    slope = (
        (last["saving"] - first["saving"]) / (last["overhead"] - first["overhead"])
        if last["overhead"] != first["overhead"]
        else 0.0
    )
    current = first["saving"] + slope * (overhead - first["overhead"])
    verb = "besparen" if current >= 0 else "kosten"
    amount = euro(current) if current >= 0 else f"{euro(-current)} meer dan ieder voor zich"
    sentences = [
        f"Bij de aangenomen {percent(overhead)} coördinatiekosten {verb} de voorgestelde deals "
        f"samen {amount}."
    ]
    if last["overhead"] != overhead:
        if last["saving"] >= 0:
            sentences.append(
                f"Ook bij {percent(last['overhead'])} coördinatiekosten blijft er "
                f"{euro(last['saving'])} besparing over."
            )
        else:
            sentences.append(
                f"Bij {percent(last['overhead'])} coördinatiekosten is samen ontwikkelen "
                f"{euro(-last['saving'])} duurder dan ieder voor zich; het omslagpunt ligt bij "
                f"{percent(first['overhead'] - first['saving'] / slope)} coördinatiekosten."
            )
    counts = by_participants.sort_values("participants")
    enough = counts[counts["saving"] >= 0]
    if not counts.empty:
        if enough.empty:
            sentences.append(
                f"Ook met {int(counts['participants'].max())} deelnemers per deal is samen "
                "ontwikkelen niet voordelig."
            )
        else:
            sentences.append(
                "Als aan elke deal evenveel provincies meedoen, is samen ontwikkelen voordelig "
                f"vanaf {_bc_count(int(enough['participants'].iloc[0]), 'deelnemer', 'deelnemers')}"
                " per deal."
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
        f"{KEY_LABELS[key].lower()}."
    )


# ---------------------------------------------------------------------------- progress
def progress_summary(
    progress_frame: pd.DataFrame,
    overall_frame: pd.DataFrame,
    instrument: Instrument,
    threshold: float = 0.5,
) -> str:
    """Progress of all provinces between two waves in a few sentences.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress` (one pair of waves).
    overall_frame
        From :func:`bimmaturity.rules.progress.overall_progress` for the same waves.
    instrument
        Gives the element labels.
    threshold
        The change, in levels, that counts as a move (as in
        :func:`bimmaturity.rules.progress.movers`).

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": ["PV20", "PV21"],
    ...     "element": "OTL", "change": [0.8, -0.2],
    ...     "ambition_attained": pd.array([True, False], dtype="boolean")})
    >>> o = pd.DataFrame({"province": ["PV20", "PV21"], "from_current": [1.5, 2.5],
    ...     "to_current": [2.3, 2.3], "change": [0.8, -0.2]})
    >>> print(textwrap.fill(progress_summary(p, o, default_instrument()), 88))
    Tussen meting 2018 en meting 2020 steeg het gemiddelde volwassenheidsniveau bij 1 van de
    2 provincies, gemiddeld met +0,3 niveau. De grootste stijging had Groningen (van 1,5
    naar 2,3). Met een drempel van 0,5 niveau is 1 provincie gestegen, is 1 provincie
    ongeveer gelijk gebleven en geen provincie gedaald. In 1 van de 2 gevallen (provincie en
    element) is de ambitie uit meting 2018 in meting 2020 gehaald.
    """
    if progress_frame.empty:
        return "Er zijn geen provincies die aan beide metingen hebben meegedaan."
    first = str(progress_frame["from_wave"].iloc[0])
    second = str(progress_frame["to_wave"].iloc[0])
    overall = overall_frame[overall_frame["change"].notna()]
    sentences = []
    if not overall.empty:
        rising = int((overall["change"] > 0).sum())
        if rising == len(overall) > 1:
            where = f"bij alle {len(overall)} provincies"
        else:
            where = (
                f"bij {rising if rising else 'geen'} van de "
                f"{_bc_count(len(overall), 'provincie', 'provincies')}"
            )
        sentences.append(
            f"Tussen meting {first} en meting {second} steeg het gemiddelde "
            f"volwassenheidsniveau {where}, gemiddeld met "
            f"{signed(overall['change'].mean())} niveau."
        )
        top = overall.loc[overall["change"].idxmax()]
        if top["change"] > 0:
            sentences.append(
                f"De grootste stijging had {province_name(top['province'])} (van "
                f"{number(top['from_current'])} naar {number(top['to_current'])})."
            )
        classes = movers(overall, threshold)["movement"].value_counts()
        up, same, down = (int(classes.get(m, 0)) for m in MOVEMENTS)
        sentences.append(
            f"Met een drempel van {number(threshold)} niveau "
            f"{'is' if up == 1 else 'zijn'} {_bc_count(up, 'provincie', 'provincies')} gestegen, "
            f"{'is' if same == 1 else 'zijn'} {_bc_count(same, 'provincie', 'provincies')} "
            f"ongeveer gelijk gebleven en {_bc_count(down, 'provincie', 'provincies')} gedaald."
        )
    known = progress_frame["ambition_attained"].dropna()
    if len(known):
        sentences.append(
            f"In {int(known.astype(bool).sum())} van de {len(known)} gevallen (provincie en "
            f"element) is de ambitie uit meting {first} in meting {second} gehaald."
        )
    by_element = progress_frame.groupby("element", sort=False)["change"].mean().dropna()
    if len(by_element) > 1:
        best, worst = by_element.idxmax(), by_element.idxmin()
        sentences.append(
            f"De meeste vooruitgang is geboekt bij {instrument.element_label(best)} (gemiddeld "
            f"{signed(by_element[best])}), de minste bij {instrument.element_label(worst)} "
            f"({signed(by_element[worst])})."
        )
    return " ".join(sentences)


def profile_business_summary(
    shares: pd.DataFrame,
    businesscase: pd.DataFrame,
    proposed: Sequence[str],
    province: str,
    wave: str,
    key: str = "equal",
    *,
    years: int = 3,
    instrument: Instrument | None = None,
) -> str:
    """One province's part in the proposed deals under a cost-sharing key, in one or two
    sentences.

    Parameters
    ----------
    shares
        Cost shares (wave, element, province, key, share, net_benefit).
    businesscase
        The business case (wave, element, participants, alone, joint, ...).
    proposed
        The element ids of the proposed deals.
    province
        CBS code.
    wave
        The wave.
    key
        The cost-sharing key (``equal``, ``population`` or ``mixed``).
    years
        Years of upkeep in the business case (named in the sentence).
    instrument
        Gives the element labels (default: the default instrument).

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "participants": [2, 2],
    ...     "alone": [1000.0, 400.0], "joint": [600.0, 300.0]})
    >>> sh = pd.DataFrame({"wave": "1", "element": ["OTL"], "province": "PV20",
    ...     "key": "equal", "share": [0.5], "net_benefit": [200.0]})
    >>> text = profile_business_summary(sh, bc, ["OTL", "DATA"], "PV20", "1")
    >>> print(textwrap.fill(text, 88))
    Groningen doet mee aan 1 van de 2 voorgestelde deals (Objecttypebibliotheek). Bij
    verdeling in gelijke delen draagt Groningen daaraan EUR 300 bij in plaats van EUR 500
    bij alleen ontwikkelen: een netto voordeel van EUR 200 over drie jaar.
    """
    name = province_name(province)
    rows = businesscase[businesscase["wave"].astype(str) == str(wave)].set_index("element")
    if rows["alone"].isna().all():
        return (
            "Er is geen kostentabel aangeleverd; het aandeel van "
            f"{name} in de kosten van gezamenlijke ontwikkeling kan niet worden berekend."
        )
    if not proposed:
        return f"In meting {wave} zijn geen gezamenlijke deals voorgesteld."
    own = shares[
        (shares["wave"].astype(str) == str(wave))
        & (shares["province"] == province)
        & (shares["key"] == key)
        & shares["element"].isin(list(proposed))
    ]
    own = own.set_index("element").reindex([e for e in proposed if e in set(own["element"])])
    if own.empty:
        return (
            f"{name} doet niet mee aan de voorgestelde deals: bij geen ervan heeft {name} een "
            "gat én de rol trekken, meedoen of volgen opgegeven."
        )
    instrument = instrument or default_instrument()
    labels = [instrument.element_label(e) for e in own.index]
    sentences = [
        f"{name} doet mee aan {len(own)} van de {len(proposed)} voorgestelde deals "
        f"({listing(labels)})."
    ]
    costed = own[own["net_benefit"].notna()]
    if not costed.empty:
        per_alone = rows.loc[costed.index, "alone"] / rows.loc[costed.index, "participants"]
        net = float(costed["net_benefit"].sum())
        alone = float(per_alone.sum())
        phrase = KEY_PHRASES[key][0].upper() + KEY_PHRASES[key][1:]
        outcome = "voordeel" if net >= 0 else "nadeel"
        sentences.append(
            f"{phrase} draagt {name} daaraan {euro(alone - net)} bij in plaats van "
            f"{euro(alone)} bij alleen ontwikkelen: een netto {outcome} van {euro(abs(net))} "
            f"{years_text(years)}."
        )
    return " ".join(sentences)


def profile_progress_summary(
    element_progress: pd.DataFrame,
    overall_row: Mapping[str, object] | None,
    province: str,
    from_wave: str | None,
    to_wave: str | None,
    instrument: Instrument,
) -> str:
    """One province's progress between two waves, or why there is none yet.

    Parameters
    ----------
    element_progress
        The province's rows of :func:`bimmaturity.rules.progress.progress` (element, change,
        ambition_attained).
    overall_row
        Its row of :func:`bimmaturity.rules.progress.overall_progress` (from_current, to_current,
        change, from_ambition, ambition_attained), or None.
    province
        CBS code.
    from_wave, to_wave
        The waves; ``from_wave`` None means there is only one wave (``to_wave``).
    instrument
        Gives the element labels.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"element": ["OTL", "DATA"], "change": [0.8, -0.2],
    ...     "ambition_attained": pd.array([True, False], dtype="boolean")})
    >>> o = {"from_current": 1.5, "to_current": 2.3, "change": 0.8, "from_ambition": 2.5,
    ...      "ambition_attained": False}
    >>> text = profile_progress_summary(p, o, "PV20", "2018", "2020", default_instrument())
    >>> print(textwrap.fill(text, 88))
    Groningen ging gemiddeld van 1,5 in meting 2018 naar 2,3 in meting 2020 (+0,8 niveau);
    de gemiddelde ambitie uit meting 2018 (2,5) is nog niet gehaald. Bij 1 van de 2
    elementen is de ambitie gehaald. De grootste stap vooruit zit bij Objecttypebibliotheek
    (+0,8), een stap terug bij Informatie- en datamanagement (-0,2).
    >>> profile_progress_summary(p.iloc[:0], None, "PV20", None, "2020", default_instrument())
    'Voor Groningen is er nog maar één meting (2020); de voortgang is te zien na een volgende meting.'
    """  # noqa: E501
    name = province_name(province)
    if from_wave is None:
        which = f" ({to_wave})" if to_wave is not None else ""
        return (
            f"Voor {name} is er nog maar één meting{which}; de voortgang is te zien na een "
            "volgende meting."
        )
    if overall_row is None or _bc_missing(overall_row.get("change")):
        return (
            f"{name} deed niet aan beide metingen ({from_wave} en {to_wave}) mee; er is geen "
            "voortgang te berekenen."
        )
    change = float(overall_row["change"])
    verb = "ging gemiddeld van" if change >= 0 else "ging gemiddeld terug van"
    first = (
        f"{name} {verb} {number(overall_row['from_current'])} in meting {from_wave} naar "
        f"{number(overall_row['to_current'])} in meting {to_wave} ({signed(change)} niveau)"
    )
    if not _bc_missing(overall_row.get("ambition_attained")):
        reached = "gehaald" if bool(overall_row["ambition_attained"]) else "nog niet gehaald"
        first += (
            f"; de gemiddelde ambitie uit meting {from_wave} "
            f"({number(overall_row['from_ambition'])}) is {reached}"
        )
    sentences = [first + "."]
    known = element_progress["ambition_attained"].dropna()
    if len(known):
        attained = int(known.astype(bool).sum())
        sentences.append(
            f"Bij {attained} van de {_bc_count(len(known), 'element', 'elementen')} is de ambitie "
            "gehaald."
        )
    changes = element_progress.dropna(subset=["change"])
    if not changes.empty:
        best = changes.loc[changes["change"].idxmax()]
        worst = changes.loc[changes["change"].idxmin()]
        parts = []
        if best["change"] > 0:
            parts.append(
                f"De grootste stap vooruit zit bij {instrument.element_label(best['element'])} "
                f"({signed(best['change'])})"
            )
        if worst["change"] < 0:
            back = (
                f"een stap terug bij {instrument.element_label(worst['element'])} "
                f"({signed(worst['change'])})"
            )
            parts.append(back if parts else back[0].upper() + back[1:])
        if parts:
            sentences.append(", ".join(parts) + ".")
    return " ".join(sentences)


# ---------------------------------------------------------------------------- gaps and deals
ROLE_PHRASES = {
    "trekken": "wil trekken",
    "meedoen": "wil meedoen",
    "volgen": "wil volgen",
    "niet": "geen interesse in samenwerking",
}
"""How a stated role reads in a sentence about a province."""


def _cl_counted(n: int, singular: str, plural: str) -> str:
    """``één provincie``, ``acht provincies`` (number words up to twaalf)."""
    return f"{number_word(n)} {singular if n == 1 else plural}"


def _cl_names(codes: list[str]) -> list[str]:
    """Province names, alphabetically."""
    return sorted((province_name(c) for c in codes), key=str.casefold)


def _cl_role_phrase(role: object) -> str:
    if not isinstance(role, str) or not role:
        return "geen rol opgegeven"
    return ROLE_PHRASES.get(role, f"rol: {role}")


# ---------------------------------------------------------------------------- clusters (30)
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
    if curve.empty:
        return (
            f"Het aantal clusters ({clustering.k}) is als parameter opgegeven; met minder dan "
            "drie provincies is er geen silhouet te berekenen."
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
        "Het aantal clusters is gekozen met het silhouet, een maat voor hoe goed elke "
        "provincie bij haar eigen cluster past (van -1 tot 1): "
        f"{_cl_counted(clustering.k, 'cluster geeft', 'clusters geven')} het hoogste gemiddelde "
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
    rows = summary[summary["wave"].astype(str) == str(wave)].sort_values("cluster")
    if rows.empty:
        return f"In meting {wave} zijn de provincies niet geclusterd."
    parts = [
        f"cluster {int(r.cluster)} ({listing(_cl_names(str(r.members).split(', ')))})"
        for r in rows.itertuples(index=False)
    ]
    if len(parts) == 1:
        return f"In meting {wave} vormen alle provincies één groep: {parts[0]}."
    return (
        f"In meting {wave} vormen de provincies {number_word(len(parts))} groepen met een "
        f"vergelijkbaar gapprofiel: {listing(parts)}."
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
            f"Bij {_cl_counted(len(imputed), 'combinatie', 'combinaties')} van provincie en "
            "element ontbrak het gat; voor de clustering is daar het gemiddelde gat van de "
            f"andere provincies ingevuld (met * gemarkeerd): {'; '.join(parts)}."
        )
    if matrix.dropped_elements:
        labels = [instrument.element_label(e) for e in matrix.dropped_elements]
        sentences.append(f"Zonder enig gat en dus buiten de clustering: {listing(labels)}.")
    if matrix.dropped_provinces:
        sentences.append(
            "Provincies zonder enig gat, niet geclusterd: "
            f"{listing(_cl_names(list(matrix.dropped_provinces)))}."
        )
    return " ".join(sentences)


def cluster_texts(
    summary: pd.DataFrame,
    profiles: pd.DataFrame,
    instrument: Instrument,
    stability: pd.DataFrame | None = None,
) -> dict[int, str]:
    """A short Dutch text per cluster: members, mean gap, what sets it apart, stability.

    Parameters
    ----------
    summary : DataFrame
        One wave of :func:`bimmaturity.rules.clusters.cluster_summary`.
    profiles : DataFrame
        The same wave of :func:`bimmaturity.rules.clusters.cluster_profiles`.
    instrument : Instrument
    stability : DataFrame, optional
        The ``clusters`` table (wave, province, cluster, stability) for that wave.

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
    >>> texts = cluster_texts(cluster_summary(s, a), cluster_profiles(s, a),
    ...                       default_instrument(), st)
    >>> import textwrap
    >>> print(textwrap.fill(texts[1], 88))
    Cluster 1 (twee provincies: Fryslân en Groningen) heeft een gemiddeld gat van 1,1
    niveau. Het gat is hier vooral groter dan gemiddeld bij Objecttypebibliotheek (+0,7).
    Kleiner dan gemiddeld is het bij Informatie- en datamanagement (-0,3). De groep is
    stabiel: in 90% van de herhaalde steekproeven van respondenten blijven deze provincies
    bij elkaar.
    >>> print(textwrap.fill(texts[2], 88))
    Cluster 2 (alleen Drenthe) heeft een gemiddeld gat van 0,5 niveau. Het gat is hier
    vooral groter dan gemiddeld bij Informatie- en datamanagement (+0,5). Kleiner dan
    gemiddeld is het bij Objecttypebibliotheek (-1,3). De groep is niet stabiel: Drenthe
    staat in 55% van de herhaalde steekproeven apart; lees deze indeling als voorlopig.
    """
    texts = {}
    for row in summary.sort_values("cluster").itertuples(index=False):
        cluster = int(row.cluster)
        codes = [c for c in str(row.members).split(", ") if c]
        names = _cl_names(codes)
        who = (
            f"alleen {names[0]}"
            if len(names) == 1
            else f"{_cl_counted(len(names), 'provincie', 'provincies')}: {listing(names)}"
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
        below = own[own["difference"].round(9) < 0].sort_values("difference", kind="stable")
        if not below.empty:
            parts = [
                f"{instrument.element_label(e)} ({signed(d)})"
                for e, d in zip(below["element"].head(2), below["difference"].head(2), strict=True)
            ]
            sentences.append(f"Kleiner dan gemiddeld is het bij {listing(parts)}.")
        if stability is not None:
            share = stability.loc[
                (stability["wave"] == row.wave) & (stability["cluster"] == cluster), "stability"
            ]
            if not share.empty:
                sentences.append(_stability_sentence(float(share.iloc[0]), names))
        texts[cluster] = " ".join(sentences)
    return texts


def _stability_sentence(share: float, names: list[str]) -> str:
    if share >= 0.8:
        verdict, tail = "stabiel", ""
    elif share >= 0.6:
        verdict, tail = "redelijk stabiel", ""
    else:
        verdict, tail = "niet stabiel", "; lees deze indeling als voorlopig"
    if len(names) == 1:
        return (
            f"De groep is {verdict}: {names[0]} staat in {percent(share)} van de herhaalde "
            f"steekproeven apart{tail}."
        )
    return (
        f"De groep is {verdict}: in {percent(share)} van de herhaalde steekproeven van "
        f"respondenten blijven deze provincies bij elkaar{tail}."
    )


# ---------------------------------------------------------------------------- collaboration (40)
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
    return (
        f"Een koploper staat op een element op niveau {number(leader_level, 1)} of hoger. "
        f"Een starter is nog geen koploper en wil minstens {number(gap_threshold, 1)} niveau "
        "groeien (ambitie min huidig). Een element is kansrijk voor gezamenlijke ontwikkeling "
        "als minstens één koploper wil trekken of meedoen (aanbod) en minstens "
        f"{_cl_counted(int(min_demand), 'provincie', 'provincies')} met zo'n gat willen trekken, "
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
    opportunities: pd.DataFrame, wave: str, instrument: Instrument, n_deals: int
) -> str:
    """How many elements are kansrijk in a wave and which are proposed as joint deals.

    Parameters
    ----------
    opportunities : DataFrame
        The ``opportunities`` table (wave, element, kansrijk, proposed, rank).
    wave : str
    instrument : Instrument
    n_deals : int
        The number of deals proposed at most (rule 9).

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "UITV", "DATA"],
    ...     "kansrijk": [True, True, False], "proposed": [True, False, False]})
    >>> import textwrap
    >>> print(textwrap.fill(deals_summary(o, "1", default_instrument(), 1), 88))
    In meting 1 zijn twee elementen kansrijk voor gezamenlijke ontwikkeling. Voorgesteld als
    gezamenlijke deal: Objecttypebibliotheek. Ook kansrijk, maar buiten de eerste één:
    Uitvraag en contracten.
    """
    table = opportunities[opportunities["wave"].astype(str) == str(wave)]
    if "rank" in table:
        table = table.sort_values("rank", kind="stable")
    kansrijk = table[table["kansrijk"].astype(bool)]
    if kansrijk.empty:
        return (
            f"In meting {wave} is geen element kansrijk voor gezamenlijke ontwikkeling; er "
            "wordt geen gezamenlijke deal voorgesteld."
        )
    proposed = kansrijk[kansrijk["proposed"].astype(bool)]
    label = instrument.element_label
    n = len(kansrijk)
    sentences = [
        f"In meting {wave} {'is' if n == 1 else 'zijn'} "
        f"{_cl_counted(n, 'element', 'elementen')} kansrijk voor gezamenlijke ontwikkeling."
    ]
    if not proposed.empty:
        deals = "deal" if len(proposed) == 1 else "deals"
        sentences.append(
            f"Voorgesteld als gezamenlijke {deals}: "
            f"{listing([label(e) for e in proposed['element']])}."
        )
    rest = kansrijk[~kansrijk["proposed"].astype(bool)]
    if not rest.empty:
        first = number_word(n_deals)
        sentences.append(
            f"Ook kansrijk, maar buiten de eerste {first}: "
            f"{listing([label(e) for e in rest['element']])}."
        )
    return " ".join(sentences)


def deal_text(element: str, partners: pd.DataFrame, wave: str, instrument: Instrument) -> str:
    """Who can lead and who wants to join a joint deal on one element.

    Trekkers (koplopers who want to lead or take part, most mature first) and followers
    (provinces with a large gap who want to take part, alphabetically), from
    :func:`bimmaturity.rules.collaboration.deal_partners`.

    Parameters
    ----------
    element : str
        Element id.
    partners : DataFrame
        :func:`bimmaturity.rules.collaboration.deal_partners` (wave, element, province, part,
        stated_role, current, gap).
    wave : str
    instrument : Instrument

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"wave": "1", "element": "OTL",
    ...     "province": ["PV26", "PV28", "PV20", "PV29", "PV23"],
    ...     "part": ["trekker", "trekker", "volger", "volger", "volger"],
    ...     "stated_role": ["trekken", "trekken", "volgen", "volgen", "meedoen"],
    ...     "current": [4.0, 4.2, 1.0, 1.5, 2.0], "gap": [0.5, 0.5, 2.0, 1.5, 1.0]})
    >>> import textwrap
    >>> print(textwrap.fill(deal_text("OTL", p, "1", default_instrument()), 88))
    Voor Objecttypebibliotheek kunnen Zuid-Holland en Utrecht trekken; twee provincies
    willen volgen: Groningen en Zeeland; Overijssel wil meedoen.
    """
    label = instrument.element_label(element)
    own = partners[(partners["wave"].astype(str) == str(wave)) & (partners["element"] == element)]
    leaders = own[own["part"] == "trekker"].sort_values(
        ["current", "province"], ascending=[False, True], kind="stable"
    )
    pulling = [
        province_name(p) for p in leaders.loc[leaders["stated_role"] == "trekken", "province"]
    ]
    joining = [
        province_name(p) for p in leaders.loc[leaders["stated_role"] != "trekken", "province"]
    ]
    lead_parts = []
    if pulling:
        lead_parts.append(f"{'kan' if len(pulling) == 1 else 'kunnen'} {listing(pulling)} trekken")
    if joining:
        verb = "wil" if len(joining) == 1 else "willen"
        lead_parts.append(f"{verb} {listing(joining)} als koploper meedoen")
    head = (
        f"Voor {label} {' en '.join(lead_parts)}"
        if lead_parts
        else f"Voor {label} is er geen koploper die wil trekken of meedoen"
    )
    followers = own[own["part"] == "volger"]
    tails = []
    for role, verb in (("volgen", "volgen"), ("meedoen", "meedoen"), ("trekken", "trekken")):
        names = _cl_names(followers.loc[followers["stated_role"] == role, "province"].tolist())
        if not names:
            continue
        if len(names) == 1:
            tails.append(f"{names[0]} wil {verb}")
        else:
            counted = _cl_counted(len(names), "provincie", "provincies")
            tails.append(f"{counted} willen {verb}: {listing(names)}")
    if not tails:
        tails.append("geen provincie met een groot gat wil aansluiten")
    return f"{head}; {'; '.join(tails)}."


# ---------------------------------------------------------------------------- comparison (20)
ALPHA_THRESHOLD = 0.7


def reliability_text(
    reliability: pd.DataFrame, wave: str, instrument: Instrument, threshold: float = ALPHA_THRESHOLD
) -> str:
    """What Cronbach's alpha means, and which elements have a low or missing alpha.

    Parameters
    ----------
    reliability : DataFrame
        The ``reliability`` table (wave, element, alpha, n_complete).
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
    ...     "alpha": [0.85, 0.55, float("nan")], "n_complete": [12, 12, 3]})
    >>> import textwrap
    >>> print(textwrap.fill(reliability_text(r, "1", default_instrument()), 88))
    Cronbach's alfa geeft aan in hoeverre de vragen van een element samen hetzelfde meten
    (van 0 tot 1; vanaf 0,7 geldt een element als betrouwbaar gemeten). Laag in meting 1:
    Organisatie en governance (0,55); lees de scores van dit element met voorzichtigheid.
    Niet te berekenen (minder dan vijf respondenten beantwoordden alle vragen):
    Objecttypebibliotheek.
    """
    explanation = (
        "Cronbach's alfa geeft aan in hoeverre de vragen van een element samen hetzelfde meten "
        f"(van 0 tot 1; vanaf {number(threshold, 1)} geldt een element als betrouwbaar "
        "gemeten)."
    )
    table = reliability[reliability["wave"].astype(str) == str(wave)]
    present = table[table["alpha"].notna()]
    low = present[present["alpha"] < threshold]
    missing = table[table["alpha"].isna()]
    label = instrument.element_label
    sentences = [explanation]
    if present.empty:
        sentences.append(
            f"In meting {wave} is alfa voor geen enkel element te berekenen (minder dan vijf "
            "respondenten beantwoordden alle vragen)."
        )
        return " ".join(sentences)
    if low.empty:
        sentences.append(
            f"In meting {wave} halen alle elementen met een alfa die grens (alfa van "
            f"{number(present['alpha'].min(), 2)} tot {number(present['alpha'].max(), 2)})."
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
    if not missing.empty:
        sentences.append(
            "Niet te berekenen (minder dan vijf respondenten beantwoordden alle vragen): "
            f"{listing([label(e) for e in missing['element']])}."
        )
    return " ".join(sentences)


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
    if runs:
        groups = "; ".join(listing([province_name(p) for p in run]) for run in runs)
        sentences = [
            "De intervallen van opeenvolgende provincies in de rangorde overlappen bij "
            f"{groups}. Hun onderlinge volgorde zegt dus weinig."
        ]
    elif len(records) >= 2:
        sentences = [
            "De intervallen van opeenvolgende provincies in de rangorde overlappen nergens."
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


# ---------------------------------------------------------------------------- profile (10)
def province_cluster_text(clusters: pd.DataFrame, province: str, wave: str) -> str:
    """The province's gap cluster and its fellow members.

    Parameters
    ----------
    clusters : DataFrame
        The ``clusters`` table (wave, province, cluster, stability).
    province : str
        CBS code.
    wave : str

    Returns
    -------
    str

    Examples
    --------
    >>> c = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV28"],
    ...     "cluster": [1, 1, 2], "stability": [0.9, 0.9, 1.0]})
    >>> province_cluster_text(c, "PV20", "1")
    'Groningen hoort in meting 1 bij gapcluster 1, samen met Fryslân.'
    >>> province_cluster_text(c, "PV28", "1")
    'Zuid-Holland vormt in meting 1 een gapcluster (2) op zichzelf.'
    """
    name = province_name(province)
    in_wave = clusters[clusters["wave"].astype(str) == str(wave)]
    own = in_wave[in_wave["province"] == province]
    if own.empty:
        return f"{name} is in meting {wave} niet geclusterd."
    cluster = int(own["cluster"].iloc[0])
    others = in_wave.loc[
        (in_wave["cluster"] == cluster) & (in_wave["province"] != province), "province"
    ].tolist()
    if not others:
        return f"{name} vormt in meting {wave} een gapcluster ({cluster}) op zichzelf."
    return (
        f"{name} hoort in meting {wave} bij gapcluster {cluster}, samen met "
        f"{listing(_cl_names(others))}."
    )


def province_collaboration(
    scores: pd.DataFrame,
    roles: pd.DataFrame,
    partners: pd.DataFrame,
    province: str,
    wave: str,
    instrument: Instrument,
    proposed: list[str] | tuple[str, ...] = (),
) -> dict[str, list[str]]:
    """Lines on where a province can lead, should follow, or leads without wanting to.

    Parameters
    ----------
    scores : DataFrame
        Province scores (current, ambition are shown).
    roles : DataFrame
        The ``roles`` table (wave, province, element, stated_role, position).
    partners : DataFrame
        :func:`bimmaturity.rules.collaboration.deal_partners`.
    province : str
        CBS code.
    wave : str
    instrument : Instrument
    proposed : sequence of str
        Element ids of the proposed deals (marked "Voorgestelde deal").

    Returns
    -------
    dict
        ``lead``: one line per element where it is koploper and wants to lead or take part,
        with the other trekkers and the followers; ``follow``: one line per element where it
        is starter, with the koplopers that want to lead; ``idle``: at most one line naming
        the elements where it is koploper but did not say it wants to lead or take part.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV28", "PV26", "PV20"], "element": "OTL",
    ...     "current": [4.2, 4.0, 1.0], "ambition": [4.5, 4.5, 3.0], "gap": [0.3, 0.5, 2.0]})
    >>> r = s[["wave", "province", "element"]].assign(
    ...     stated_role=["trekken", "meedoen", "volgen"],
    ...     position=["koploper", "koploper", "starter"])
    >>> p = s.assign(part=["trekker", "trekker", "volger"],
    ...     stated_role=["trekken", "meedoen", "volgen"])
    >>> lines = province_collaboration(s, r, p, "PV28", "1", default_instrument(), ["OTL"])
    >>> print(lines["lead"][0])
    Objecttypebibliotheek (huidig 4,2; wil trekken): samen met Utrecht; Groningen wil aansluiten. Voorgestelde deal.
    >>> print(province_collaboration(s, r, p, "PV20", "1", default_instrument())["follow"][0])
    Objecttypebibliotheek (huidig 1,0, ambitie 3,0; wil volgen): koplopers die willen trekken of meedoen: Utrecht en Zuid-Holland.
    """  # noqa: E501
    in_wave = str(wave)
    own_roles = roles[(roles["wave"].astype(str) == in_wave) & (roles["province"] == province)]
    own_scores = scores[
        (scores["wave"].astype(str) == in_wave) & (scores["province"] == province)
    ].set_index("element")
    deal_rows = partners[partners["wave"].astype(str) == in_wave]
    order = {e: i for i, e in enumerate(instrument.element_ids)}
    own_roles = own_roles.assign(_e=own_roles["element"].map(order)).sort_values("_e")
    lines: dict[str, list[str]] = {"lead": [], "follow": [], "idle": []}
    idle = []
    for row in own_roles.itertuples(index=False):
        element, role = row.element, row.stated_role
        label = instrument.element_label(element)
        score = own_scores.loc[element] if element in own_scores.index else None
        on_element = deal_rows[deal_rows["element"] == element]
        deal = " Voorgestelde deal." if element in proposed else ""
        if row.position == "koploper" and role in ("trekken", "meedoen"):
            others = on_element.loc[
                (on_element["part"] == "trekker") & (on_element["province"] != province),
                "province",
            ].tolist()
            followers = on_element.loc[
                (on_element["part"] == "volger") & (on_element["province"] != province),
                "province",
            ].tolist()
            parts = []
            parts.append(
                f"samen met {listing(_cl_names(others))}" if others else "als enige trekker"
            )
            if followers:
                verb = "wil" if len(followers) == 1 else "willen"
                parts.append(f"{listing(_cl_names(followers))} {verb} aansluiten")
            else:
                parts.append("nog geen provincie met een groot gat wil aansluiten")
            current = number(score["current"], 1) if score is not None else "–"
            lines["lead"].append(
                f"{label} (huidig {current}; {_cl_role_phrase(role)}): {'; '.join(parts)}.{deal}"
            )
        elif row.position == "koploper":
            idle.append(label)
        elif row.position == "starter":
            leaders = on_element.loc[on_element["part"] == "trekker", "province"].tolist()
            who = (
                f"koplopers die willen trekken of meedoen: {listing(_cl_names(leaders))}"
                if leaders
                else "geen koploper wil trekken of meedoen"
            )
            current = number(score["current"], 1) if score is not None else "–"
            ambition = number(score["ambition"], 1) if score is not None else "–"
            lines["follow"].append(
                f"{label} (huidig {current}, ambitie {ambition}; {_cl_role_phrase(role)}): "
                f"{who}.{deal}"
            )
    if idle:
        lines["idle"].append(
            f"Koploper bij {listing(idle)}, maar zonder opgegeven wens om te trekken of "
            "mee te doen."
        )
    return lines


def agreement_warning(
    scores: pd.DataFrame, province: str, wave: str, instrument: Instrument, threshold: float = 0.7
) -> str:
    """A warning naming the elements where the province's respondents disagree (rwg < 0.7).

    Parameters
    ----------
    scores : DataFrame
        Province scores with rwg.
    province : str
        CBS code.
    wave : str
    instrument : Instrument
    threshold : float
        rwg(j) below this is a warning (default 0.7, rule 3).

    Returns
    -------
    str
        Empty when there is nothing to warn about.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV31", "element": ["STAND", "OTL"],
    ...     "rwg": [0.6, 0.9]})
    >>> import textwrap
    >>> print(textwrap.fill(agreement_warning(s, "PV31", "1", default_instrument()), 88))
    Let op: bij Open standaarden (rwg 0,60) lopen de antwoorden van de respondenten van
    Limburg sterk uiteen; het gemiddelde verbergt dat.
    """
    own = scores[(scores["wave"].astype(str) == str(wave)) & (scores["province"] == province)]
    low = own[own["rwg"].notna() & (own["rwg"] < threshold)]
    if low.empty:
        return ""
    parts = [
        f"{instrument.element_label(e)} (rwg {number(v, 2)})"
        for e, v in zip(low["element"], low["rwg"], strict=True)
    ]
    return (
        f"Let op: bij {listing(parts)} lopen de antwoorden van de respondenten van "
        f"{province_name(province)} sterk uiteen; het gemiddelde verbergt dat."
    )


def indicative_text(scores: pd.DataFrame, province: str, wave: str, instrument: Instrument) -> str:
    """Which of the province's scores are ``indicatief`` and what that means.

    Parameters
    ----------
    scores : DataFrame
        Province scores with flag.
    province : str
        CBS code.
    wave : str
    instrument : Instrument

    Returns
    -------
    str
        Empty when no score is ``indicatief``.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV28", "element": ["OTL", "DATA"],
    ...     "flag": ["indicatief", ""]})
    >>> import textwrap
    >>> print(textwrap.fill(indicative_text(s, "PV28", "1", default_instrument()), 88))
    De score voor Objecttypebibliotheek is indicatief: die rust op minder dan drie
    respondenten, zodat er geen 90%-interval is berekend.
    """
    own = scores[(scores["wave"].astype(str) == str(wave)) & (scores["province"] == province)]
    flagged = own[own["flag"] == INDICATIVE]
    if flagged.empty:
        return ""
    reason = "minder dan drie respondenten, zodat er geen 90%-interval is berekend."
    if len(flagged) == len(own):
        return f"Alle scores van {province_name(province)} zijn indicatief: ze rusten op {reason}"
    labels = [instrument.element_label(e) for e in flagged["element"]]
    if len(labels) == 1:
        return f"De score voor {labels[0]} is indicatief: die rust op {reason}"
    return f"De scores voor {listing(labels)} zijn indicatief: ze rusten op {reason}"
