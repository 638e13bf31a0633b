"""The programme of proposed deals (notebook 50): whether it can be costed and its budget per
year (how its saving depends on the assumptions is in
:mod:`bimmaturity.present.sections.sensitivity`).

Also what every business-case part needs to know first: whether a cost table was supplied
(:func:`has_costs`) and which proposed deals have amounts (:func:`costed_deals`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.present.format import euro, listing, number_word, percent
from bimmaturity.present.html import Markdown, money_table, note
from bimmaturity.present.sections import in_wave, money_axis
from bimmaturity.rules.businesscase import programme_budget

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "NO_COSTS",
    "budget_chart",
    "budget_part",
    "budget_summary",
    "budget_table",
    "costed_deals",
    "has_costs",
    "no_costs",
    "no_costs_text",
    "programme_note",
]


def budget_part(
    analysis: Analysis, wave: str, phasing: Sequence[float]
) -> list[Markdown | alt.LayerChart | HTML]:
    """The programme budget per year: a sentence, the stacked bars and the table.

    Parameters
    ----------
    analysis : Analysis
        Its business case, proposed deals, options and instrument are read.
    wave : str
        The wave shown.
    phasing : sequence of float
        Share of the joint cost per programme year.

    Returns
    -------
    list
        :func:`budget_summary` (Markdown), :func:`budget_chart` and :func:`budget_table`; or
        only :func:`programme_note` when there is no programme to budget.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [1.0], "joint": [1.0]})
    >>> a = SimpleNamespace(businesscase=bc, proposed=lambda wave: [])
    >>> [part.data[:38] for part in budget_part(a, "1", [1.0])]
    ['<div class="bm-note">In meting 1 wordt']
    """
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    missing = programme_note(cases, proposed, wave)
    if missing is not None:
        return [missing]
    options = analysis.options
    budget = programme_budget(cases, proposed, phasing, wave=wave)
    return [
        Markdown(budget_summary(budget, overhead=options.overhead, years=options.years)),
        budget_chart(budget, analysis.instrument),
        budget_table(budget, analysis.instrument),
    ]


_NO_COSTS = (
    "Er is geen kostentabel aangeleverd (kosten.xlsx of kosten.csv in de map met de exports). "
    "Zonder kostenaannames kan de business case niet in euro's worden doorgerekend; deze "
    "rapportage toont daarom alleen welke {orgs} per element zouden meedoen. Vul de "
    "kostentabel in (bimmaturity template schrijft een lege) en bouw de rapportages opnieuw."
)

NO_COSTS = vocab.org_text(_NO_COSTS, "provincie")
"""What a report on the provinces says when no cost table was supplied; :func:`no_costs_text`
says it in the words of the registry in use."""


def no_costs_text() -> str:
    """What a report says when no cost table was supplied, naming the organisations as the
    registry in use does.

    Examples
    --------
    >>> no_costs_text() == NO_COSTS, "welke provincies per element" in no_costs_text()
    (True, True)
    """
    return vocab.org_text(_NO_COSTS)


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
        rows = in_wave(rows, wave)
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
    if brief:
        return note("Geen bedragen: er is geen kostentabel aangeleverd (zie boven).")
    return note(no_costs_text(), "warning")


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
    rows = in_wave(businesscase, wave)
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
    Het programma van de voorgestelde deals kost samen € 1.081.000 (gezamenlijke
    ontwikkeling inclusief 15% coördinatie en drie jaar onderhoud), verdeeld over drie
    programmajaren: € 432.400 in jaar 1, € 432.400 in jaar 2 en € 216.200 in jaar 3.
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


def budget_chart(budget: pd.DataFrame, instrument: Instrument) -> alt.LayerChart:
    """The programme budget per year, stacked by deal, with the yearly total on top.

    Parameters
    ----------
    budget
        From :func:`bimmaturity.rules.businesscase.programme_budget` (year, element, budget).
    instrument
        Gives the element labels.

    Returns
    -------
    altair.LayerChart
        Bars (data jaar, element_label, budget, budget_tekst) and totals (data jaar, totaal,
        totaal_tekst); deals without costs are left out.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> b = pd.DataFrame({"year": [1, 1, 2, 2], "element": ["OTL", "DATA"] * 2,
    ...                   "budget": [400.0, 100.0, 200.0, 50.0]})
    >>> chart = budget_chart(b, default_instrument())
    >>> chart.layer[1].data.to_dict("list")
    {'jaar': ['Jaar 1', 'Jaar 2'], 'totaal': [500.0, 250.0], 'totaal_tekst': ['€ 500', '€ 250']}
    """
    known = budget[budget["budget"].notna()]
    data = pd.DataFrame(
        {
            "jaar": [f"Jaar {int(y)}" for y in known["year"]],
            "element_label": [instrument.element_label(e) for e in known["element"]],
            "budget": known["budget"].astype("float64").to_numpy(),
            "budget_tekst": [euro(v) for v in known["budget"]],
        }
    )
    per_year = known.groupby("year")["budget"].sum()
    totals = pd.DataFrame(
        {
            "jaar": [f"Jaar {int(y)}" for y in per_year.index],
            "totaal": per_year.astype("float64").to_numpy(),
            "totaal_tekst": [euro(v) for v in per_year],
        }
    )
    years = totals["jaar"].tolist()
    order = list(dict.fromkeys(data["element_label"]))
    x = alt.X("jaar:N", sort=years, title=None, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("budget:Q", title="Budget in euro", axis=money_axis()),
            color=alt.Color("element_label:N", title=vocab.DEAL, sort=order),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("jaar:N", title=vocab.OVERVIEW_LABELS["year"]),
                alt.Tooltip("element_label:N", title=vocab.DEAL),
                alt.Tooltip("budget_tekst:N", title=vocab.OVERVIEW_LABELS["budget"]),
            ],
        )
        .transform_calculate(volgorde=f"indexof({json.dumps(order)}, datum.element_label)")
    )
    labels = (
        alt.Chart(totals)
        .mark_text(dy=-8, fontSize=12, fontWeight="bold")
        .encode(x=x, y=alt.Y("totaal:Q"), text=alt.Text("totaal_tekst:N"))
    )
    return alt.layer(bars, labels).properties(
        width=alt.Step(110), height=300, title="Programmabegroting per jaar"
    )


def budget_table(budget: pd.DataFrame, instrument: Instrument) -> HTML:
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
    >>> "<th>Jaar 2</th>" in h and "€ 1.000.000" in h and ">Totaal</td>" in h
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
    shown = pd.concat([shown, pd.DataFrame([{"deal": vocab.TOTAL, **sums}])], ignore_index=True)
    return money_table(
        shown,
        {"deal": vocab.DEAL, **{f"y{y}": f"Jaar {y}" for y in years}, "total": vocab.TOTAL},
        money=money,
    )
