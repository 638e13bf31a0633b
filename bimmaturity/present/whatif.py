"""What-if controls for analysts in JupyterLab (notebooks 40 and 50): sliders for the analysis
options, and the deals, savings and cost shares recomputed as they move.

Only the rules that depend on those options are run again, for one wave (about a quarter of a
second): positions, opportunities and deals (rules 8-9) and the business case with its cost
shares (rule 11), by :func:`recompute`. Robustness by resampling is not recomputed (its
probabilities are left out of the tables). The report pages never show these controls: the
notebooks call them only outside report mode.

In a notebook (``tests/test_whatif.py`` runs this on the example data)::

    import bimmaturity as bm
    from bimmaturity.present import whatif

    result = bm.load_analysis("../data/processed")
    whatif.whatif_businesscase(result, "2020")  # sliders above the recomputed tables
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import ipywidgets as widgets

from bimmaturity import vocab
from bimmaturity.config import AnalysisOptions
from bimmaturity.present.format import euro
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.businesscase import business_case_summary
from bimmaturity.present.sections.case_overview import business_case_table
from bimmaturity.present.sections.collaboration import deals_summary, opportunities_table
from bimmaturity.present.sections.cost_sharing import net_benefit_table, shares_detail
from bimmaturity.rules.options import option_tables

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "BUSINESSCASE_CONTROLS",
    "COLLABORATION_CONTROLS",
    "WhatIf",
    "measured_count",
    "recompute",
    "whatif_businesscase",
    "whatif_collaboration",
]

COLLABORATION_CONTROLS = ("leader_level", "gap_threshold", "min_demand", "n_deals")
"""The options notebook 40 lets an analyst vary."""

BUSINESSCASE_CONTROLS = (*COLLABORATION_CONTROLS, "overhead", "years", "cost_key")
"""The options notebook 50 lets an analyst vary."""


def recompute(analysis: Analysis, wave: str, options: AnalysisOptions) -> Analysis:
    """``analysis`` with the option-dependent rules of ``wave`` computed again under ``options``.

    Positions (``roles``), opportunities, deal partners, the business case and the cost shares
    are recomputed from the analysis's scores, stated roles and costs; they then hold the rows
    of ``wave`` only, without the resampling probabilities. Everything else is kept as it was.

    Parameters
    ----------
    analysis : Analysis
        A full analysis with its processed data attached (:func:`bimmaturity.load_analysis`).
    wave : str
        The wave to recompute.
    options : AnalysisOptions
        The options to compute with.

    Returns
    -------
    Analysis
        A new analysis; ``analysis`` is not changed.

    Examples
    --------
    It needs the processed data (``tests/test_whatif.py`` runs it on the example data):

    >>> from types import SimpleNamespace
    >>> recompute(SimpleNamespace(processed=None), "2020", AnalysisOptions())
    Traceback (most recent call last):
    ...
    ValueError: recompute: de analyse hoort bij geen verwerkte gegevens
    """
    if analysis.processed is None:
        raise ValueError("recompute: de analyse hoort bij geen verwerkte gegevens")
    wave = str(wave)
    scores = in_wave(analysis.scores, wave)
    stated = in_wave(analysis.stated_roles, wave)
    tables = option_tables(scores, stated, analysis.processed.costs, analysis.instrument, options)
    return dataclasses.replace(analysis, options=options, **tables)


def measured_count(analysis: Analysis, wave: str) -> int:
    """How many organisations have an overall score in ``wave``: the most the minimum demand
    of a kansrijk element can usefully be (the top of its slider).

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> o = pd.DataFrame({"wave": ["1", "1", "1", "2"], "province": ["A", "B", "C", "A"],
    ...     "current": [2.0, float("nan"), 3.0, 1.0]})
    >>> measured_count(SimpleNamespace(overall=o), "1")
    2
    """
    rows = in_wave(analysis.overall, wave)
    return int(rows.loc[rows["current"].notna(), "province"].nunique())


def _control(
    name: str, value: object, instrument: Instrument, measured: int
) -> widgets.ValueWidget:
    label = vocab.LAB_WHATIF_LABELS[name]
    field = AnalysisOptions.model_fields[name]
    common = {
        "description": label,
        "tooltip": field.description,
        "style": {"description_width": "16rem"},
        "layout": widgets.Layout(width="34rem"),
    }
    if name == "cost_key":
        options = [(vocab.KEY_LABELS[key], key) for key in vocab.KEY_LABELS]
        return widgets.Dropdown(options=options, value=value, **common)
    # demand counts organisations: at most those measured (the build's value stays in reach)
    chosen = int(value) if name == "min_demand" else 1  # type: ignore[call-overload]
    top_demand = max(1, measured, chosen)
    sliders = {
        "leader_level": (
            widgets.FloatSlider,
            float(instrument.min_level),
            float(instrument.max_level),
            0.1,
        ),
        "gap_threshold": (
            widgets.FloatSlider,
            0.0,
            float(instrument.max_level - instrument.min_level),
            0.1,
        ),
        "min_demand": (widgets.IntSlider, 1, top_demand, 1),
        "n_deals": (widgets.IntSlider, 0, len(instrument.elements), 1),
        "overhead": (widgets.FloatSlider, 0.0, 0.5, 0.01),
        "years": (widgets.IntSlider, 0, 15, 1),
    }
    kind, low, high, step = sliders[name]
    return kind(value=value, min=low, max=high, step=step, continuous_update=False, **common)


class WhatIf(widgets.VBox):
    """Controls for analysis options above an HTML view that is recomputed when one moves.

    Attributes
    ----------
    controls : dict
        Option name -> its widget (``value`` can be set in code as well).
    output : ipywidgets.HTML
        The recomputed deals, savings and shares.
    current : Analysis
        The analysis the output shows (:func:`recompute`).
    """

    def __init__(
        self, analysis: Analysis, wave: str, names: Sequence[str], show, title: str
    ) -> None:
        self._analysis, self._wave, self._show = analysis, str(wave), show
        self._defaults = {name: getattr(analysis.options, name) for name in names}
        measured = measured_count(analysis, self._wave)
        self.controls = {
            name: _control(name, value, analysis.instrument, measured)
            for name, value in self._defaults.items()
        }
        self.output = widgets.HTML()
        reset = widgets.Button(description=vocab.LAB_WHATIF_RESET)
        reset.on_click(self._reset)
        heading = widgets.HTML(
            f"<h3>{html.escape(title)}</h3><p>{html.escape(vocab.LAB_WHATIF_INTRO)}</p>"
        )
        super().__init__(
            [heading, *self.controls.values(), reset, self.output],
            layout=widgets.Layout(border="1px solid #ccc", padding="0.5rem 1rem"),
        )
        self.add_class("bm-lab-whatif")
        for control in self.controls.values():
            control.observe(self.refresh, names="value")
        self.refresh()

    def options(self) -> AnalysisOptions:
        """The options the controls show (the others as in the loaded analysis)."""
        values = {name: control.value for name, control in self.controls.items()}
        return self._analysis.options.model_copy(update=values)

    def refresh(self, _change: object = None) -> None:
        """Recompute with the controls' options and show the result."""
        options = AnalysisOptions(**self.options().as_dict())  # validated
        self.current = recompute(self._analysis, self._wave, options)
        self.output.value = self._show(self.current, self._wave)

    def _reset(self, _button: object = None) -> None:
        for name, control in self.controls.items():
            control.value = self._defaults[name]


def _collaboration_view(analysis: Analysis, wave: str) -> str:
    proposed = analysis.proposed(wave)
    summary = deals_summary(
        analysis.opportunities, proposed, wave, analysis.instrument, analysis.options.n_deals
    )
    return (
        f"<p>{html.escape(summary)}</p>"
        + opportunities_table(analysis.opportunities, wave, analysis.instrument).data
    )


def _businesscase_view(analysis: Analysis, wave: str) -> str:
    options, instrument = analysis.options, analysis.instrument
    proposed = analysis.proposed(wave)
    costed = in_wave(analysis.businesscase, wave)
    costed = costed[costed["element"].isin(proposed) & costed["alone"].notna()]
    keyed = dataclasses.replace(
        analysis, shares=analysis.shares[analysis.shares["key"] == options.cost_key]
    )
    summary = business_case_summary(
        analysis.businesscase,
        proposed,
        wave,
        instrument,
        overhead=options.overhead,
        years=options.years,
        each=False,
        shares=analysis.shares,
    )
    total = vocab.LAB_WHATIF_TOTAL_SAVING.format(amount=euro(float(costed["saving"].sum())))
    return "".join(
        [
            f'<p class="bm-lab-whatif-total"><b>{html.escape(total)}</b></p>',
            f"<p>{html.escape(summary)}</p>",
            business_case_table(analysis.businesscase, wave, instrument, proposed).data,
            f"<h4>{html.escape(vocab.org_text(vocab.LAB_WHATIF_SHARES))}</h4>",
            shares_detail(keyed, wave).data,
            net_benefit_table(keyed.shares, list(costed["element"]), wave).data
            if len(costed)
            else "",
        ]
    )


def whatif_collaboration(analysis: Analysis, wave: str) -> WhatIf:
    """Sliders for leader level, gap threshold, minimum demand and number of deals, above the
    opportunities and proposed deals of ``wave`` (notebook 40).

    Parameters
    ----------
    analysis : Analysis
        The notebook's analysis (its options are the starting values).
    wave : str
        The wave shown.

    Returns
    -------
    WhatIf
        An ipywidgets box; display it in JupyterLab.

    Examples
    --------
    Its controls:

    >>> [vocab.LAB_WHATIF_LABELS[name] for name in COLLABORATION_CONTROLS]
    ['Niveau koploper (vanaf)', 'Gat starter (vanaf)', 'Minimale vraag', 'Aantal deals']
    """
    return WhatIf(
        analysis, wave, COLLABORATION_CONTROLS, _collaboration_view, vocab.LAB_WHATIF_TITLE
    )


def whatif_businesscase(analysis: Analysis, wave: str) -> WhatIf:
    """Sliders for every option of the business case (leader level, gap threshold, minimum
    demand, number of deals, overhead, years) and the cost key, above the total saving, the
    business case per element and the cost shares of ``wave`` (notebook 50).

    Parameters
    ----------
    analysis : Analysis
        The notebook's analysis (its options are the starting values).
    wave : str
        The wave shown.

    Returns
    -------
    WhatIf
        An ipywidgets box; display it in JupyterLab.

    Examples
    --------
    Its controls beyond those of :func:`whatif_collaboration`:

    >>> [vocab.LAB_WHATIF_LABELS[name] for name in BUSINESSCASE_CONTROLS[4:]]
    ['Coördinatiekosten (aandeel)', 'Jaren onderhoud', 'Verdeelsleutel']
    """
    return WhatIf(analysis, wave, BUSINESSCASE_CONTROLS, _businesscase_view, vocab.LAB_WHATIF_TITLE)
