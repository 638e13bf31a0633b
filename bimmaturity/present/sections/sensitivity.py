"""How the saving of the proposed deals depends on the assumptions (notebook 50).

The saving depends on the estimated cost of going alone far more than on the overhead (rule
11), so the cost of going alone (30% to 100% of the estimate) comes first, the overhead and the
number of followers per deal beside it. The curves are computed by
:func:`bimmaturity.rules.businesscase.cost_alone_sensitivity` and
:func:`bimmaturity.rules.businesscase.saving_sensitivity`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.present.format import approx_euro, count, euro, percent
from bimmaturity.present.html import Markdown
from bimmaturity.present.sections import money_axis
from bimmaturity.present.sections.programme import costed_deals, programme_note
from bimmaturity.present.theme import AMBITION_COLOR, CURRENT_COLOR
from bimmaturity.rules.businesscase import cost_alone_sensitivity, saving_sensitivity

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis

__all__ = [
    "cost_alone_text",
    "sensitivity_chart",
    "sensitivity_part",
    "sensitivity_summary",
]


def sensitivity_part(analysis: Analysis, wave: str) -> list[Markdown | alt.VConcatChart | HTML]:
    """How the total saving depends on the cost of going alone, the overhead and the number
    of followers.

    Parameters
    ----------
    analysis : Analysis
        Its business case, proposed deals, options and the cost table of the processed data
        are read.
    wave : str
        The wave shown.

    Returns
    -------
    list
        :func:`sensitivity_summary` (Markdown) and :func:`sensitivity_chart`; or only
        :func:`~bimmaturity.present.sections.programme.programme_note` when there is no
        programme to vary.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [float("nan")]})
    >>> a = SimpleNamespace(businesscase=bc, proposed=lambda wave: ["OTL"])
    >>> [part.data.startswith('<div class="bm-note">Geen bedragen') for part in
    ...  sensitivity_part(a, "1")]
    [True]
    """
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    missing = programme_note(cases, proposed, wave)
    if missing is not None:
        return [missing]
    options = analysis.options
    money = {
        "wave": wave,
        "overhead": options.overhead,
        "years": options.years,
        "discount": options.discount,
    }
    costs, deals = analysis.processed.costs, costed_deals(cases, proposed, wave)
    by_cost = cost_alone_sensitivity(cases, costs, deals, **money)
    by_overhead, by_followers = saving_sensitivity(cases, costs, deals, **money)
    return [
        Markdown(sensitivity_summary(by_cost, by_overhead, by_followers, options.overhead)),
        sensitivity_chart(by_cost, by_overhead, by_followers, options.overhead),
    ]


def cost_alone_text(by_cost: pd.DataFrame) -> str:
    """How the saving moves with the cost of going alone, in one or two sentences.

    Examples
    --------
    >>> c = pd.DataFrame({"factor": [0.3, 0.5, 1.0], "saving": [-400.0, 1_000.0, 4_500.0]})
    >>> print(cost_alone_text(c))
    De besparing hangt vooral af van wat ieder voor zich zou kosten. Bij de geschatte kosten besparen de voorgestelde deals samen naar schatting € 4.500; kost ieder voor zich de helft, dan € 1.000. Onder ongeveer 36% van de geschatte kosten van ieder voor zich is samen ontwikkelen duurder.
    """  # noqa: E501
    curve = by_cost.sort_values("factor").reset_index(drop=True)
    if curve.empty:
        return ""
    full = curve.iloc[-1]
    sentences = ["De besparing hangt vooral af van wat ieder voor zich zou kosten."]
    verb = "besparen" if full["saving"] >= 0 else "kosten"
    amount = (
        approx_euro(full["saving"])
        if full["saving"] >= 0
        else f"{approx_euro(-full['saving'])} meer dan ieder voor zich"
    )
    text = f"Bij de geschatte kosten {verb} de voorgestelde deals samen naar schatting {amount}"
    half = curve[(curve["factor"] - 0.5).abs() < 1e-9]
    if len(half):
        value = float(half["saving"].iloc[0])
        text += (
            f"; kost ieder voor zich de helft, dan {approx_euro(value)}"
            if value >= 0
            else f"; kost ieder voor zich de helft, dan is samen {approx_euro(-value)} duurder"
        )
    sentences.append(text + ".")
    below = curve[curve["saving"] < 0]
    above = curve[curve["saving"] >= 0]
    if len(below) and len(above):
        low, high = below.iloc[-1], above.iloc[0]
        slope = (high["saving"] - low["saving"]) / (high["factor"] - low["factor"])
        crossing = float(low["factor"] - low["saving"] / slope)
        sentences.append(
            f"Onder ongeveer {percent(crossing)} van de geschatte kosten van ieder voor zich is "
            "samen ontwikkelen duurder."
        )
    elif len(above) == len(curve):
        sentences.append(
            f"Ook bij {percent(curve['factor'].iloc[0])} van de geschatte kosten blijft er "
            f"{approx_euro(curve['saving'].iloc[0])} besparing over."
        )
    return " ".join(sentences)


def sensitivity_summary(
    by_cost: pd.DataFrame,
    by_overhead: pd.DataFrame,
    by_followers: pd.DataFrame,
    overhead: float,
) -> str:
    """How robust the total saving of the proposed deals is: the cost of going alone first,
    then the overhead and the number of followers.

    Parameters
    ----------
    by_cost
        From :func:`bimmaturity.rules.businesscase.cost_alone_sensitivity` (factor, saving).
    by_overhead, by_followers
        From :func:`bimmaturity.rules.businesscase.saving_sensitivity` (overhead, saving) and
        (followers, saving).
    overhead
        The overhead assumed in the business case.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> c = pd.DataFrame({"factor": [0.5, 1.0], "saving": [40.0, 145.0]})
    >>> o = pd.DataFrame({"overhead": [0.0, 0.15, 0.5], "saving": [160.0, 145.0, 110.0]})
    >>> n = pd.DataFrame({"followers": [1, 2, 3], "saving": [-20.0, 0.0, 20.0]})
    >>> print(textwrap.fill(sensitivity_summary(c, o, n, 0.15), 88))
    De besparing hangt vooral af van wat ieder voor zich zou kosten. Bij de geschatte kosten
    besparen de voorgestelde deals samen naar schatting € 150; kost ieder voor zich de
    helft, dan € 40. Ook bij 50% van de geschatte kosten blijft er € 40 besparing over. De
    coördinatiekosten wegen veel minder zwaar: van 0% tot 50% verschuift de besparing van €
    160 naar € 110. Als aan elke deal evenveel volgers meedoen (de koplopers zoals ze zijn),
    is samen ontwikkelen voordelig vanaf 2 volgers per deal.
    """
    sentences = [cost_alone_text(by_cost)] if len(by_cost) else []
    curve = by_overhead.sort_values("overhead")
    if not curve.empty:
        first, last = curve.iloc[0], curve.iloc[-1]
        sentences.append(
            "De coördinatiekosten wegen veel minder zwaar: van "
            f"{percent(first['overhead'])} tot {percent(last['overhead'])} verschuift de "
            f"besparing van {approx_euro(first['saving'])} naar {approx_euro(last['saving'])}."
        )
    counts = by_followers.sort_values("followers")
    enough = counts[counts["saving"] >= 0]
    if not counts.empty:
        if enough.empty:
            sentences.append(
                f"Ook met {int(counts['followers'].max())} volgers per deal is samen "
                "ontwikkelen niet voordelig."
            )
        else:
            sentences.append(
                "Als aan elke deal evenveel volgers meedoen (de koplopers zoals ze zijn), is "
                "samen ontwikkelen voordelig vanaf "
                f"{count(int(enough['followers'].iloc[0]), 'volger', 'volgers')} per deal."
            )
    if not sentences:
        return "Er zijn geen voorgestelde deals met kosten om door te rekenen."
    return " ".join(s for s in sentences if s)


def _curve(
    data: pd.DataFrame, x: alt.X, tooltip: list[alt.Tooltip], title: str, width: int
) -> alt.LayerChart:
    y = alt.Y("besparing:Q", title="Totale besparing in euro", axis=money_axis())
    zero = alt.Chart(pd.DataFrame({"nul": [0.0]})).mark_rule(color="#444444").encode(y="nul:Q")
    line = (
        alt.Chart(data).mark_line(point=True, color=CURRENT_COLOR).encode(x=x, y=y, tooltip=tooltip)
    )
    return alt.layer(line, zero).properties(width=width, height=220, title=title)


def _assumed(value: float, label: str, field: str) -> alt.LayerChart:
    frame = alt.Chart(pd.DataFrame({field: [float(value)]}))
    return alt.layer(
        frame.mark_rule(strokeDash=[4, 4], color=AMBITION_COLOR).encode(x=f"{field}:Q"),
        frame.mark_text(align="left", dx=4, color=AMBITION_COLOR).encode(
            x=f"{field}:Q", y=alt.value(12), text=alt.value(label)
        ),
    )


def sensitivity_chart(
    by_cost: pd.DataFrame,
    by_overhead: pd.DataFrame,
    by_followers: pd.DataFrame,
    overhead: float,
) -> alt.VConcatChart:
    """Total saving of the proposed deals against the cost of going alone (on top), and
    against the overhead and the number of followers per deal (below, side by side).

    Parameters
    ----------
    by_cost, by_overhead, by_followers
        The three curves (see :func:`sensitivity_summary`).
    overhead
        The overhead assumed, drawn as a dashed line.

    Returns
    -------
    altair.VConcatChart
        Data columns factor, besparing, factor_tekst, besparing_tekst (top); overhead,
        besparing, overhead_tekst, besparing_tekst (bottom left); volgers, besparing,
        besparing_tekst (bottom right).

    Examples
    --------
    >>> c = pd.DataFrame({"factor": [0.3, 1.0], "saving": [-50.0, 100.0]})
    >>> o = pd.DataFrame({"overhead": [0.0, 0.5], "saving": [100.0, 0.0]})
    >>> n = pd.DataFrame({"followers": [1, 2], "saving": [-130.0, -30.0]})
    >>> chart = sensitivity_chart(c, o, n, 0.15)
    >>> chart.vconcat[0].layer[0].layer[0].data.to_dict("list")["factor_tekst"]
    ['30%', '100%']
    >>> chart.vconcat[1].hconcat[0].layer[0].layer[0].data.to_dict("list")["overhead_tekst"]
    ['0%', '50%']
    """
    by_cost = by_cost.sort_values("factor")
    top = pd.DataFrame(
        {
            "factor": by_cost["factor"].astype("float64").to_numpy(),
            "besparing": by_cost["saving"].astype("float64").to_numpy(),
            "factor_tekst": [percent(v) for v in by_cost["factor"]],
            "besparing_tekst": [euro(v) for v in by_cost["saving"]],
        }
    )
    left = pd.DataFrame(
        {
            "overhead": by_overhead["overhead"].astype("float64").to_numpy(),
            "besparing": by_overhead["saving"].astype("float64").to_numpy(),
            "overhead_tekst": [percent(v) for v in by_overhead["overhead"]],
            "besparing_tekst": [euro(v) for v in by_overhead["saving"]],
        }
    )
    right = pd.DataFrame(
        {
            "volgers": by_followers["followers"].astype("int64").to_numpy(),
            "besparing": by_followers["saving"].astype("float64").to_numpy(),
            "besparing_tekst": [euro(v) for v in by_followers["saving"]],
        }
    )
    cost = _curve(
        top,
        alt.X(
            "factor:Q",
            title="Kosten van ieder voor zich (aandeel van de schatting)",
            axis=alt.Axis(format=".0%"),
            scale=alt.Scale(domain=[0.3, 1.0]),
        ),
        [
            alt.Tooltip("factor_tekst:N", title=vocab.OVERVIEW_LABELS["alone"]),
            alt.Tooltip("besparing_tekst:N", title=vocab.OVERVIEW_LABELS["saving"]),
        ],
        "Besparing als ieder voor zich minder kost dan geschat",
        640,
    )
    cost = alt.layer(cost, _assumed(1.0, "schatting", "aanname"))
    coordination = _curve(
        left,
        alt.X(
            "overhead:Q",
            title="Coördinatiekosten (aandeel van de gezamenlijke kosten)",
            axis=alt.Axis(format=".0%"),
        ),
        [
            alt.Tooltip("overhead_tekst:N", title=vocab.OVERVIEW_LABELS["overhead"]),
            alt.Tooltip("besparing_tekst:N", title=vocab.OVERVIEW_LABELS["saving"]),
        ],
        "Besparing bij meer of minder coördinatiekosten",
        300,
    )
    coordination = alt.layer(
        coordination, _assumed(overhead, f"aanname {percent(overhead)}", "aanname")
    )
    followers = _curve(
        right,
        alt.X("volgers:Q", title="Volgers per deal", axis=alt.Axis(tickMinStep=1)),
        [
            alt.Tooltip("volgers:Q", title=vocab.OVERVIEW_LABELS["followers"]),
            alt.Tooltip("besparing_tekst:N", title=vocab.OVERVIEW_LABELS["saving"]),
        ],
        "Besparing bij meer of minder volgers",
        300,
    )
    return alt.vconcat(cost, alt.hconcat(coordination, followers, spacing=40), spacing=30)
