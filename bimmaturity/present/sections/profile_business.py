"""A province's own share in the proposed deals (notebook 10, the province profile): what it
would pay under the chosen cost-sharing key, against going alone.

:mod:`bimmaturity.present.sections.cost_sharing` re-exports these names (notebook 10 calls
them from there).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import province_name
from bimmaturity.present.format import approx_euro, listing, share_percent
from bimmaturity.present.html import money_table
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.businesscase import years_text
from bimmaturity.present.sections.programme import has_costs
from bimmaturity.vocab import KEY_PHRASES

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = ["profile_business", "profile_business_summary"]


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
