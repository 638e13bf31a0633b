"""How the cost of the proposed deals is shared (notebooks 50 and 10): keys and net benefit.

The cost shares under every key come from the analysis (``Analysis.shares``, rule 11). The
overview shows the net benefit of each province over the proposed deals with costs; a
province profile shows its own share under the chosen key (:func:`profile_business`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import province_name
from bimmaturity.present.format import (
    approx_euro,
    euro,
    listing,
    names_by_code,
    province_names,
    share_percent,
    whole,
)
from bimmaturity.present.html import Markdown, money_table
from bimmaturity.present.sections import in_wave, money_axis
from bimmaturity.present.sections.businesscase import years_text
from bimmaturity.present.sections.programme import costed_deals, has_costs, programme_note
from bimmaturity.present.theme import KEY_COLORS
from bimmaturity.rules.businesscase import net_benefit_totals

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "KEY_PHRASES",
    "net_benefit_chart",
    "net_benefit_table",
    "profile_business",
    "profile_business_summary",
    "shares_detail",
    "shares_part",
    "shares_summary",
    "shares_table",
]


def shares_part(analysis: Analysis, wave: str) -> list[Markdown | alt.Chart | HTML]:
    """The cost sharing of the proposed deals with costs: a summary, the chart and the totals.

    Parameters
    ----------
    analysis : Analysis
        Its business case, cost shares, proposed deals and cost key are read.
    wave : str
        The wave shown.

    Returns
    -------
    list
        :func:`shares_summary` (Markdown), :func:`net_benefit_chart` and
        :func:`net_benefit_table`; or only
        :func:`~bimmaturity.present.sections.programme.programme_note` when nothing can be
        shared.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [1.0], "joint": [1.0]})
    >>> a = SimpleNamespace(businesscase=bc, proposed=lambda wave: [])
    >>> [part.data[:38] for part in shares_part(a, "1")]
    ['<div class="bm-note">In meting 1 wordt']
    """
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    missing = programme_note(cases, proposed, wave)
    if missing is not None:
        return [missing]
    costed = costed_deals(cases, proposed, wave)
    shares = analysis.shares
    return [
        Markdown(shares_summary(shares, costed, wave, analysis.options.cost_key)),
        net_benefit_chart(shares, costed, wave),
        net_benefit_table(shares, costed, wave),
    ]


def shares_detail(analysis: Analysis, wave: str) -> HTML:
    """Share and net benefit per proposed deal and province (:func:`shares_table`), or why
    there is nothing to share.

    Parameters
    ----------
    analysis : Analysis
        Its business case, cost shares, proposed deals and instrument are read.
    wave : str
        The wave shown.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [float("nan")]})
    >>> shares_detail(SimpleNamespace(businesscase=bc, proposed=lambda w: []), "1").data[:36]
    '<div class="bm-note">Geen bedragen: '
    """
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    missing = programme_note(cases, proposed, wave)
    if missing is not None:
        return missing
    costed = costed_deals(cases, proposed, wave)
    return shares_table(analysis.shares, costed, wave, analysis.instrument)


KEY_PHRASES: dict[str, str] = {
    "equal": "bij verdeling in gelijke delen",
    "population": "bij verdeling naar inwonertal",
    "mixed": "bij gemengde verdeling (half gelijke delen, half naar inwonertal)",
}
"""The cost-sharing keys as Dutch phrases, for sentences."""


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
    deelnemende provincie er over de voorgestelde deals samen € 500 op vooruit. Bij
    verdeling naar inwonertal loopt dat uiteen van € −300 (Zuid-Holland) tot € 900
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
    leaders: set[str] = set()
    if "koploper" in shares:
        own = in_wave(shares, wave)
        own = own[own["element"].isin(list(proposed)) & own["koploper"].astype(bool)]
        leaders = set(own["province"])
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
                f"{approx_euro(abs(value))} {direction}."
            )
        else:
            start = "loopt dat uiteen" if sentences[1:] else "loopt het netto voordeel uiteen"
            sentences.append(
                f"{phrase} {start} van {approx_euro(totals[low])} ({province_name(low)}) tot "
                f"{approx_euro(totals[high])} ({province_name(high)})."
            )
        losing = [province_name(p) for p in totals[totals < 0].index if p not in leaders]
        if losing:
            worse.append(
                f"Let op: {KEY_PHRASES[name]} {'is' if len(losing) == 1 else 'zijn'} "
                f"{listing(losing)} over de voorgestelde deals samen duurder uit dan bij "
                "alleen ontwikkelen."
            )
    sentences.extend(worse)
    if leaders:
        sentences.append(
            f"De koplopers ({listing(province_names(sorted(leaders)))}) hebben een element al "
            "waar zij koploper zijn: daar is hun netto voordeel min hun aandeel in de kosten. "
            "Zij brengen kennis in; hun winst daarbij (gedeeld onderhoud, kennis van anderen) "
            "is niet in geld uitgedrukt."
        )
    return " ".join(sentences)


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
    {'provincie': 'Groningen', 'sleutel': 'Gelijke delen', 'netto': 150.0, 'netto_tekst': '€ 150', 'deals': 2}
    """  # noqa: E501
    totals = net_benefit_totals(shares, proposed, wave).rename(columns={"net_benefit": "netto"})
    data = pd.DataFrame(
        {
            "provincie": totals["province"].map(province_name),
            "sleutel": totals["key"].map(vocab.KEY_LABELS),
            "netto": totals["netto"].astype("float64"),
            "netto_tekst": [euro(v) for v in totals["netto"]],
            "deals": totals["deals"].astype("int64"),
        }
    ).reset_index(drop=True)
    keys = [vocab.KEY_LABELS[k] for k in vocab.KEY_LABELS if k in set(totals["key"])]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("provincie:N", sort=names_by_code(totals["province"]), title=None),
            yOffset=alt.YOffset("sleutel:N", sort=keys),
            x=alt.X("netto:Q", title="Netto voordeel in euro", axis=money_axis()),
            color=alt.Color(
                "sleutel:N",
                title="Verdeelsleutel",
                scale=alt.Scale(domain=keys, range=[KEY_COLORS[k] for k in keys]),
            ),
            tooltip=[
                alt.Tooltip("provincie:N", title=vocab.PROVINCE),
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
    >>> ">Groningen</td>" in h and h.count("€ 1.250") == 2 and ">Totaal</td>" in h
    True
    """
    long = net_benefit_totals(shares, proposed, wave)
    keys = [k for k in vocab.KEY_LABELS if k in set(long["key"])]
    totals = long.pivot(index="province", columns="key", values="net_benefit")
    deals = long.groupby("province")["deals"].max()
    shown = pd.DataFrame(
        {
            "provincie": [province_name(p) for p in totals.index],
            "deals": deals.reindex(totals.index).to_numpy(),
            **{k: totals[k].astype("float64").to_numpy() for k in keys},
        }
    )
    total = {
        "provincie": vocab.TOTAL,
        "deals": math.nan,
        **{k: float(totals[k].sum()) for k in keys},
    }
    shown = pd.concat([shown, pd.DataFrame([total])], ignore_index=True)
    return money_table(
        shown,
        {"provincie": vocab.PROVINCE, "deals": "Deals", **{k: vocab.KEY_LABELS[k] for k in keys}},
        money=keys,
        formats={"deals": whole},
    )


def shares_table(
    shares: pd.DataFrame, proposed: Sequence[str], wave: str, instrument: Instrument
) -> HTML:
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
    >>> ">Zuid-Holland</td>" in h and "50,0%" in h and "€ −10" in h
    True
    """
    part = in_wave(shares, wave)
    part = part[part["element"].isin(list(proposed))]
    keys = [k for k in vocab.KEY_LABELS if k in set(part["key"])]
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
    columns = {"deal": vocab.DEAL, "provincie": vocab.PROVINCE}
    for key in keys:
        columns[f"share_{key}"] = f"Aandeel ({vocab.KEY_LABELS[key].lower()})"
        columns[f"net_{key}"] = f"Netto voordeel ({vocab.KEY_LABELS[key].lower()})"
    shown = pd.DataFrame(records, columns=list(columns))
    return money_table(
        shown,
        columns,
        money=[f"net_{k}" for k in keys],
        formats={f"share_{k}": share_percent for k in keys},
    )


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
    verdeling in gelijke delen draagt Groningen daaraan € 300 bij in plaats van € 500 bij
    alleen ontwikkelen: een netto voordeel van € 200 over drie jaar.
    """
    name = province_name(province)
    rows = in_wave(businesscase, wave).set_index("element")
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
    leading = (
        costed["koploper"].astype(bool)
        if "koploper" in costed
        else pd.Series(False, index=costed.index)
    )
    phrase = KEY_PHRASES[key][0].upper() + KEY_PHRASES[key][1:]
    led = costed[leading]
    if not led.empty:
        labels = [instrument.element_label(e) for e in led.index]
        sentences.append(
            f"Bij {listing(labels)} is {name} koploper: {name} heeft dat al en brengt kennis "
            f"in; {KEY_PHRASES[key]} draagt {name} er "
            f"{approx_euro(-float(led['net_benefit'].sum()))} "
            "aan bij."
        )
    followed = costed[~leading]
    if not followed.empty:
        if "per_alone" in rows:
            per_alone = rows.loc[followed.index, "per_alone"]
        else:
            per_alone = rows.loc[followed.index, "alone"] / rows.loc[followed.index, "participants"]
        net = float(followed["net_benefit"].sum())
        alone = float(per_alone.sum())
        outcome = "voordeel" if net >= 0 else "nadeel"
        start = f"{phrase} draagt {name}"
        if not led.empty:
            labels = [instrument.element_label(e) for e in followed.index]
            start = f"Als volger bij {listing(labels)} draagt {name} {KEY_PHRASES[key]}"
        sentences.append(
            f"{start} daaraan {approx_euro(alone - net)} bij in plaats van "
            f"{approx_euro(alone)} bij alleen ontwikkelen: een netto {outcome} van "
            f"{approx_euro(abs(net))} "
            f"{years_text(years)}."
        )
    return " ".join(sentences)


def profile_business(
    analysis: Analysis,
    province: str,
    wave: str,
    cost_key: str | None = None,
    instrument: Instrument | None = None,
) -> HTML:
    """The business-case part of a province profile: its share and net benefit in the
    proposed deals under the chosen cost key, with a sentence.

    Parameters
    ----------
    analysis : Analysis
        From :func:`bimmaturity.analysis.load_analysis` (business case, shares, the proposed
        deals and ``options`` are read).
    province : str
        CBS code.
    wave : str
        The wave.
    cost_key : str, optional
        ``equal``, ``population`` or ``mixed``; default ``analysis.options.cost_key``.
    instrument : Instrument, optional
        Gives the labels (default: the analysis's instrument).

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
    ...     proposed=lambda wave: ["OTL"], instrument=default_instrument())
    >>> h = profile_business(a, "PV20", "1").data
    >>> "netto voordeel van € 200 over drie jaar" in h and ">€ 300</td>" in h
    True
    """
    cost_key = cost_key or analysis.options.cost_key
    if cost_key not in vocab.KEY_LABELS:
        raise ValueError(f"cost_key {cost_key!r} onbekend; kies uit {', '.join(vocab.KEY_LABELS)}")
    instrument = instrument or analysis.instrument
    wave = str(wave)
    proposed = analysis.proposed(wave)
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
    cases = in_wave(analysis.businesscase, wave).set_index("element")
    own = in_wave(analysis.shares, wave)
    own = own[(own["province"] == province) & (own["key"] == cost_key)].set_index("element")
    records = []
    for element in proposed:
        taking_part = element in own.index
        alone = joint = share = net = math.nan
        part = ""
        if taking_part and element in cases.index:
            row = cases.loc[element]
            share = float(own.loc[element, "share"])
            net = float(own.loc[element, "net_benefit"])
            leads = bool(own.loc[element, "koploper"]) if "koploper" in own else False
            part = "koploper" if leads else "volger"
            if leads:
                alone = 0.0
            elif "per_alone" in row:
                alone = float(row["per_alone"])
            else:
                alone = float(row["alone"]) / int(row["participants"])
            joint = alone - net
        records.append(
            {
                "deal": instrument.element_label(element),
                "mee": part or vocab.NO,
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
            "mee": "Doet mee als",
            "share": f"Aandeel ({vocab.KEY_LABELS[cost_key].lower()})",
            "alone": "Kosten alleen (koploper: heeft het al)",
            "joint": "Bijdrage samen",
            "net": "Netto voordeel",
        },
        money=["alone", "joint", "net"],
        formats={"share": share_percent},
    )
    return HTML(paragraph + shown.data)
