"""What if (notebook 50): the reader moves the overhead and the years of upkeep and sees the
business case of the proposed deals change, in the page itself.

The page is offline and has no kernel, so the arithmetic runs in the browser: each proposed
deal's cost ingredients (cost_alone, cost_joint, upkeep_alone, upkeep_joint, cost_adopt and
the numbers of participants, koplopers and followers) are the chart's data, two Vega-Lite
parameters bound to sliders hold the overhead (in percent) and the years, and ``calculate``
transforms apply rule 11 of :mod:`bimmaturity.rules.businesscase`:

- ``D = sum_{t=1..years} (1 + discount)^-t`` (the closed form ``(1 - (1 + discount)^-years) /
  discount``; ``years`` at discount 0),
- ``per = cost_alone + D * upkeep_alone``; ``alone = |F| * per``,
- ``joint = (1 + overhead) * (cost_joint + D * upkeep_joint) + |P| * cost_adopt``,
- ``saving = alone - joint``,
- break-even: the fewest followers ``m >= 1``, the koplopers as they are, with ``m * per >=
  (1 + overhead) * (cost_joint + D * upkeep_joint) + (m + |K|) * cost_adopt``; none when
  ``per <= cost_adopt``.

The browser computes in floating point where the analysis computes exactly; the amounts are
shown in whole euros as :func:`bimmaturity.present.format.money` writes them (the grouping and
the minus sign come from the report theme's Dutch locale) and the break-even allows 1e-9 for
rounding, so the numbers shown are those of the analysis. The sliders start at the build's
options; a printed page shows the table as the sliders stand.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.present.format import MISSING, percent, vega_money
from bimmaturity.present.html import Markdown
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.programme import costed_deals, programme_note
from bimmaturity.rules.money import cost_items

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis

__all__ = ["COLUMNS", "whatif_chart", "whatif_part", "whatif_text"]

COLUMNS = ("followers", "alone", "joint", "saving", "break_even")
"""The columns of the what-if table (labels in :data:`bimmaturity.vocab.WHATIF_LABELS`)."""

_SLIDER_OVERHEAD_MAX = 50  # percent
_SLIDER_YEARS_MAX = 10
_NEGATIVE = "#c0392b"


def whatif_part(analysis: Analysis, wave: str) -> list[Markdown | alt.Chart | HTML]:
    """The what-if part of the business case: a paragraph and the chart with its sliders.

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
        :func:`whatif_text` (Markdown) and :func:`whatif_chart`; or only the note of
        :func:`~bimmaturity.present.sections.programme.programme_note` when no proposed deal
        has amounts.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [float("nan")]})
    >>> a = SimpleNamespace(businesscase=bc, proposed=lambda wave: ["OTL"])
    >>> [part.data[:40] for part in whatif_part(a, "1")]
    ['<div class="bm-note">Geen bedragen: er i']
    """
    cases, proposed = analysis.businesscase, analysis.proposed(wave)
    missing = programme_note(cases, proposed, wave)
    if missing is not None:
        return [missing]
    options = analysis.options
    return [
        Markdown(whatif_text(options.overhead, options.years)),
        whatif_chart(analysis, wave),
    ]


def whatif_text(overhead: float, years: int) -> str:
    """The paragraph above the what-if chart: what the sliders do and what a print shows.

    Examples
    --------
    >>> whatif_text(0.15, 3)[:62]
    'Wat als de coördinatiekosten hoger of lager uitvallen, of als '
    >>> "15% coördinatiekosten en 3 jaar onderhoud" in whatif_text(0.15, 3)
    True
    """
    upkeep = "zonder onderhoud" if int(years) == 0 else f"{int(years)} jaar onderhoud"
    return (
        "Wat als de coördinatiekosten hoger of lager uitvallen, of als het onderhoud over meer "
        "of minder jaren meetelt? Verschuif de regelaars onder de tabel: per voorgestelde deal "
        "en in totaal rekent de tabel dan opnieuw uit wat de volgers ieder voor zich kwijt "
        "zouden zijn, wat samen ontwikkelen kost, de besparing, en vanaf hoeveel volgers samen "
        "ontwikkelen loont. De tabel rekent met dezelfde regels als de rest van dit rapport. "
        "Bij het openen staan de regelaars op de uitgangspunten van dit rapport "
        f"({_percent(overhead)} coördinatiekosten en {upkeep}); een afdruk toont de tabel "
        "zoals de regelaars op dat moment staan."
    )


def _percent(share: float) -> str:
    """A share as a percentage with no more decimals than it needs: 15%, 2,25%."""
    decimals = next((d for d in range(4) if round(share * 100, d) == round(share * 100, 6)), 4)
    return percent(share, decimals)


def _deal_data(analysis: Analysis, wave: str) -> pd.DataFrame:
    """Per proposed deal with costs, in rank order: its label and the ingredients of rule 11."""
    cases = in_wave(analysis.businesscase, wave).set_index("element")
    items = cost_items(analysis.processed.costs)
    instrument = analysis.instrument
    rows = []
    for element in costed_deals(analysis.businesscase, analysis.proposed(wave), wave):
        item, case = items[element], cases.loc[element]
        rows.append(
            {
                "element_label": instrument.element_label(element),
                "cost_alone": float(item.cost_alone),
                "cost_joint": float(item.cost_joint),
                "upkeep_alone": float(item.upkeep_alone),
                "upkeep_joint": float(item.upkeep_joint),
                "cost_adopt": float(item.cost_adopt),
                "participants": int(case["participants"]),
                "koplopers": int(case["koplopers"]),
                "followers": int(case["followers"]),
            }
        )
    return pd.DataFrame(rows)


def _money_expr(field: str) -> str:
    """A Vega expression writing ``datum[field]`` as :func:`bimmaturity.present.format.money`
    does: whole euros, half away from zero (grouping and minus sign from the Dutch locale)."""
    value = f"datum[{json.dumps(field)}]"
    return vega_money(f"({value} < 0 ? -1 : 1) * round(abs({value}))")


def whatif_chart(analysis: Analysis, wave: str) -> alt.Chart:
    """The business case of the proposed deals as a table the reader recalculates with two
    sliders: the overhead (percent of the joint cost) and the years of upkeep.

    Parameters
    ----------
    analysis : Analysis
        Its business case (participants, koplopers, followers), proposed deals, options
        (overhead, years, discount: the sliders' start and the discount rate) and the cost
        table of the processed data are read.
    wave : str
        The wave shown.

    Returns
    -------
    altair.Chart
        A text table: a row per proposed deal with costs (rank order) and a row
        :data:`bimmaturity.vocab.TOTAL`; columns :data:`COLUMNS`. Parameters ``overhead_pct``
        and ``years`` are bound to sliders, ``discount`` is fixed; the data holds the
        ingredients, the amounts are computed in the browser (module notes).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "participants": [3],
    ...     "koplopers": [1], "followers": [2], "alone": [200_000.0], "joint": [187_500.0]})
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [100_000.0],
    ...     "cost_joint": [150_000.0], "cost_adopt": [5_000.0]})
    >>> a = SimpleNamespace(businesscase=bc, proposed=lambda wave: ["OTL"],
    ...     instrument=default_instrument(), processed=SimpleNamespace(costs=costs),
    ...     options=SimpleNamespace(overhead=0.15, years=3, discount=0.0225))
    >>> spec = whatif_chart(a, "1").to_dict()
    >>> [(p["name"], p["value"]) for p in spec["params"]]
    [('overhead_pct', 15.0), ('years', 3), ('discount', 0.0225)]
    """
    options = analysis.options
    data = _deal_data(analysis, wave)
    labels = data["element_label"].tolist()
    overhead_pct = round(float(options.overhead) * 100, 9)
    overhead = alt.param(
        name="overhead_pct",
        value=overhead_pct,
        bind=alt.binding_range(
            min=0,
            max=max(_SLIDER_OVERHEAD_MAX, math.ceil(overhead_pct)),
            step=1,
            name=vocab.WHATIF_LABELS["overhead"],
        ),
    )
    years = alt.param(
        name="years",
        value=int(options.years),
        bind=alt.binding_range(
            min=0,
            max=max(_SLIDER_YEARS_MAX, int(options.years)),
            step=1,
            name=vocab.WHATIF_LABELS["years"],
        ),
    )
    discount = alt.param(name="discount", value=float(options.discount))
    column_names = {f"c_{key}": vocab.WHATIF_LABELS[key] for key in COLUMNS}
    column_label = " : ".join(
        f"datum.kolom_id == {json.dumps(key)} ? {json.dumps(label)}"
        for key, label in column_names.items()
    )
    total = json.dumps(vocab.TOTAL)
    be = "datum.break_even"
    title = (
        "'Met ' + replace(format(overhead_pct, '.4~f'), '.', ',') + '% coördinatiekosten en ' "
        "+ (years == 0 ? 'zonder onderhoud' : years + ' jaar onderhoud')"
    )
    chart = (
        alt.Chart(data)
        .transform_calculate(
            D="discount > 0 ? (1 - pow(1 + discount, -years)) / discount : years",
        )
        .transform_calculate(
            per="datum.cost_alone + datum.D * datum.upkeep_alone",
            development=(
                "(1 + overhead_pct / 100) * (datum.cost_joint + datum.D * datum.upkeep_joint)"
            ),
        )
        .transform_calculate(
            alone="datum.followers * datum.per",
            joint="datum.development + datum.participants * datum.cost_adopt",
            break_even=(
                "datum.per > datum.cost_adopt ? max(1, ceil((datum.development + "
                "datum.koplopers * datum.cost_adopt) / (datum.per - datum.cost_adopt) - 1e-9))"
                " : null"
            ),
        )
        .transform_calculate(saving="datum.alone - datum.joint")
        .transform_joinaggregate(
            total_alone="sum(alone)", total_joint="sum(joint)", total_saving="sum(saving)"
        )
        # A second copy of every row; the first copy of the second set becomes the total row.
        .transform_fold(["deal", "total"], as_=["copy", "_copy"])
        .transform_window(copy_row="row_number()", groupby=["copy"])
        .transform_filter("datum.copy == 'deal' || datum.copy_row == 1")
        .transform_calculate(
            rij=f"datum.copy == 'total' ? {total} : datum.element_label",
            is_total="datum.copy == 'total'",
            v_alone="datum.copy == 'total' ? datum.total_alone : datum.alone",
            v_joint="datum.copy == 'total' ? datum.total_joint : datum.joint",
            v_saving="datum.copy == 'total' ? datum.total_saving : datum.saving",
        )
        .transform_calculate(
            c_followers="datum.is_total ? '' : '' + datum.followers",
            c_alone=_money_expr("v_alone"),
            c_joint=_money_expr("v_joint"),
            c_saving=_money_expr("v_saving"),
            c_break_even=(
                f"datum.is_total ? '' : isValid({be}) ? '' + {be} : {json.dumps(MISSING)}"
            ),
            negative="round(datum.v_saving) < 0",
        )
        .transform_fold(list(column_names), as_=["kolom_id", "tekst"])
        .transform_calculate(kolom=f"{column_label} : ''")
        .mark_text(
            fontSize=12,
            fontWeight=alt.ExprRef("datum.is_total ? 'bold' : 'normal'"),
        )
        .encode(
            x=alt.X(
                "kolom:N",
                sort=list(column_names.values()),
                title=None,
                axis=alt.Axis(
                    orient="top", labelAngle=0, ticks=False, domain=False, labelFontWeight="bold"
                ),
            ),
            y=alt.Y(
                "rij:N",
                sort=[*labels, vocab.TOTAL],
                title=None,
                axis=alt.Axis(
                    ticks=False,
                    domain=False,
                    labelFontWeight={
                        "condition": {"test": f"datum.value == {total}", "value": "bold"},
                        "value": "normal",
                    },
                ),
            ),
            text=alt.Text("tekst:N"),
            color=alt.condition(
                "datum.negative && datum.kolom_id == 'c_saving'",
                alt.value(_NEGATIVE),
                alt.value("#222222"),
            ),
        )
        .add_params(overhead, years, discount)
        .properties(
            width=alt.Step(125),
            height=alt.Step(26),
            title=alt.TitleParams(
                text=alt.ExprRef(title),
                subtitle=(
                    f"Voorgestelde deals, meting {wave}; onderhoud contant gemaakt tegen "
                    f"{_percent(options.discount)} per jaar"
                ),
            ),
        )
    )
    return chart
