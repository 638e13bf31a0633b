"""One module per report section: its Dutch sentences, charts and tables together.

===================  =====================================================================
``profile``          one province: summary, profile chart, scores, collaboration (nb 10)
``comparison``       all provinces: heatmaps, ranking with intervals, reliability (nb 20)
``clusters``         gap clusters: how many, the clustered gaps, imputation (nb 30)
``cluster_profiles`` what sets each cluster apart, members and stability (nb 30)
``collaboration``    koplopers, starters, opportunities and the proposed deals (nb 40)
``deals``            each proposed deal: robustness, partners, indicatief, grensgeval (nb 40)
``robustness``       robuust / onzeker / wankel, grensgeval, indicatief (nb 40, 50, 10)
``businesscase``     cost per element alone or together, the deals in sentences (nb 50)
``case_overview``    the business case per element as bars and a table (nb 50)
``cost_sharing``     the cost-sharing keys, net benefit, a province's share (nb 50, 10)
``programme``        the programme budget per year (nb 50)
``sensitivity``      the saving against the cost alone, overhead, followers (nb 50)
``progress``         change per province and element between two waves (nb 60)
``overall_progress`` change of overall maturity, a province's progress (nb 60, 10)
``change``           when a change is a rise or a fall (interval), overlap (nb 60, 10)
``quality``          the data-quality section every report ends with
===================  =====================================================================

Functions named after a report part take the :class:`bimmaturity.analysis.Analysis` and a
wave and filter it themselves; the chart, table and sentence builders beneath them take tidy
frames, so they can be checked on a few hand-made rows. The helpers below are shared: every
chart with a maturity level on an axis runs it over the instrument's whole scale
(:func:`level_scale`), every money axis writes amounts as the sentences do (:func:`money_axis`),
and every number printed in a chart cell is written by :mod:`bimmaturity.present.format`
(:func:`cell_labels`), never by Vega (which would print ``null`` for a missing value).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity.present.format import difference, is_missing, number, vega_money

if TYPE_CHECKING:  # Altair is imported where a chart is made: the build's index needs none
    import altair as alt
    from IPython.display import HTML

    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "cell_labels",
    "element_labels",
    "in_wave",
    "level_axis",
    "level_legend",
    "level_scale",
    "money_axis",
    "resolve_wave",
    "shown_gaps",
]


def in_wave(frame: pd.DataFrame, wave: object) -> pd.DataFrame:
    """The rows of ``frame`` whose ``wave`` is ``wave`` (compared as text).

    Examples
    --------
    >>> in_wave(pd.DataFrame({"wave": ["2018", "2020"], "x": [1, 2]}), 2020)["x"].tolist()
    [2]
    """
    return frame[frame["wave"].astype(str) == str(wave)]


def resolve_wave(analysis: Analysis, wave: object = None) -> str:
    """The wave a report shows: ``wave`` (a wave of the data), or the latest when None
    (:func:`bimmaturity.present.sections.coverage.reporting_wave`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> data = SimpleNamespace(processed=SimpleNamespace(waves=["2018", "2020"]))
    >>> resolve_wave(data), resolve_wave(data, 2018)
    ('2020', '2018')
    """
    from bimmaturity.present.sections.coverage import reporting_wave

    return reporting_wave(analysis.processed.waves, wave)


def element_labels(instrument: Instrument) -> list[str]:
    """The element labels in the instrument's order (the sort order of chart axes).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> element_labels(default_instrument())[:2]
    ['Visie en strategie', 'Organisatie en governance']
    """
    return [e.label for e in instrument.elements]


def level_scale(instrument: Instrument) -> alt.Scale:
    """The scale of every chart axis that shows a maturity level: the instrument's whole scale
    (1 to 5 for the default), so a chart never starts at 1,8 and exaggerates differences.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> level_scale(default_instrument()).to_dict()
    {'domain': [1, 5], 'nice': False, 'zero': False}
    """
    import altair as alt

    return alt.Scale(domain=[instrument.min_level, instrument.max_level], nice=False, zero=False)


def level_axis(instrument: Instrument, **options: object) -> alt.Axis:
    """An axis with a tick on every level of the instrument's scale (``options`` are passed on).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> level_axis(default_instrument()).to_dict()["values"]
    [1, 2, 3, 4, 5]
    """
    levels = list(range(int(instrument.min_level), int(instrument.max_level) + 1))
    import altair as alt

    return alt.Axis(values=levels, format="d", **options)


def level_legend(instrument: Instrument) -> HTML:
    """The instrument's levels in one line under a heading: ``Niveaus: 1 Initieel, 2 ...``.

    The labels come from the instrument file and are shown escaped.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> level_legend(default_instrument()).data
    '<p>Niveaus: 1 Initieel, 2 Gedefinieerd, 3 Beheerst, 4 Geïntegreerd, 5 Geoptimaliseerd.</p>'
    """
    from IPython.display import HTML

    levels = ", ".join(f"{level.value} {level.label}" for level in instrument.scale.levels)
    return HTML(f"<p>Niveaus: {html.escape(levels)}.</p>")


def money_axis(**options: object) -> alt.Axis:
    """An axis of amounts written as :func:`bimmaturity.present.format.money` writes them
    (``€ −1.500.000``: the euro sign, Dutch grouping, a real minus sign).

    Examples
    --------
    >>> money_axis().to_dict()["labelExpr"]
    "'€ ' + format(datum.value, ',.0f')"
    """
    import altair as alt

    from bimmaturity.present.theme import MONEY_AXIS

    return alt.Axis(**{**MONEY_AXIS, "labelExpr": vega_money(), **options})


def cell_labels(values: Iterable[object], decimals: int = 1) -> list[str]:
    """The text of chart cells: each value as :func:`bimmaturity.present.format.number`, an
    empty string where there is no value (an empty cell, never ``null``).

    Examples
    --------
    >>> cell_labels([2.25, None, float("nan"), -0.04])
    ['2,3', '', '', '0,0']
    """
    return ["" if is_missing(v) else number(v, decimals) for v in values]


def shown_gaps(frame: pd.DataFrame, decimals: int = 1) -> list[float]:
    """The gap of each row as a table shows it beside the rounded current level and ambition:
    the difference of the rounded parts (:func:`bimmaturity.present.format.difference`), so
    ``2,3``, ``3,5`` and ``1,2`` stand side by side, never ``1,3``. Where the gap is not
    ambition minus current (an overall gap over other elements than the two means, rule 5) the
    gap itself is kept.

    Examples
    --------
    >>> f = pd.DataFrame({"current": [2.25, 2.0, 2.0], "ambition": [3.5, 3.0, None],
    ...                   "gap": [1.25, 0.8, None]})
    >>> shown_gaps(f)
    [1.2, 0.8, nan]
    """
    shown = []
    for current, ambition, gap in zip(
        frame["current"], frame["ambition"], frame["gap"], strict=True
    ):
        if is_missing(gap):
            shown.append(float("nan"))
        elif is_missing(current) or is_missing(ambition):
            shown.append(float(gap))
        elif abs(float(ambition) - float(current) - float(gap)) < 1e-9:
            shown.append(difference(current, ambition, decimals))
        else:
            shown.append(float(gap))
    return shown
