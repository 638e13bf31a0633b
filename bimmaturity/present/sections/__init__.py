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
frames, so they can be checked on a few hand-made rows. The helpers below are shared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = ["element_labels", "in_wave", "resolve_wave"]


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
