"""How the cost of the proposed deals is shared (notebooks 50 and 10): keys and net benefit.

The cost shares under every key come from the analysis (``Analysis.shares``, rule 11). The
overview shows the net benefit of each province over the proposed deals with costs; a
province profile shows its own share under the chosen key (:func:`profile_business`, in
:mod:`bimmaturity.present.sections.profile_business` and re-exported here).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
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
from bimmaturity.present.sections.profile_business import (
    profile_business,
    profile_business_summary,
)
from bimmaturity.present.sections.programme import costed_deals, programme_note
from bimmaturity.present.theme import KEY_COLORS
from bimmaturity.rules.businesscase import net_benefit_totals
from bimmaturity.vocab import KEY_PHRASES

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
        return vocab.org_text(
            "Aan de voorgestelde deals doet geen {org} mee; er valt niets te verdelen."
        )
    sentences = [
        vocab.org_text(
            "De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de "
            "{orgs} wordt verdeeld."
        )
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
            every = vocab.org_text("{elke} deelnemend{e} {org}")  # elk deelnemend waterschap
            sentences.append(
                f"{phrase} gaat {every} er over de voorgestelde deals samen "
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
                alt.Tooltip("provincie:N", title=vocab.org_text("{Org}")),
                alt.Tooltip("sleutel:N", title="Verdeelsleutel"),
                alt.Tooltip("netto_tekst:N", title="Netto voordeel"),
                alt.Tooltip("deals:Q", title="Aantal deals"),
            ],
        )
        .properties(
            width=520,
            height=alt.Step(9),
            title=vocab.org_text("Netto voordeel per {org} over de voorgestelde deals"),
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
        {
            "provincie": vocab.org_text("{Org}"),
            "deals": "Deals",
            **{k: vocab.KEY_LABELS[k] for k in keys},
        },
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
    columns = {"deal": vocab.DEAL, "provincie": vocab.org_text("{Org}")}
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
