"""The figures people paste into a business plan or a council letter: ``reports/figures/``.

Every figure is a report chart with a source and date line under it, part of the chart itself
so that it travels with the PNG or SVG (and ``Voorbeelddata - fictief`` on the example data):
the overviews of the reporting round, each province's profile (``profiel-<naam>_<meting>``)
and each gap cluster's profile (``cluster-<n>_<meting>``). Written as PNG (2x) and SVG.

The date the figures are made is a parameter (:class:`datetime.date`); the chart code never
reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bimmaturity import vocab
from bimmaturity.organisations import file_slug, province_name
from bimmaturity.parallel import map_in_processes
from bimmaturity.safety import inside
from bimmaturity.store import atomic_write

if TYPE_CHECKING:  # the chart stack loads only when figures are made
    import altair as alt

    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument
    from bimmaturity.store import Processed

__all__ = [
    "FIGURE_FORMATS",
    "figure_charts",
    "source_lines",
    "with_source",
    "write_charts",
    "write_figures",
]

FIGURE_FORMATS = ("png", "svg")
"""The formats every figure is written in (PNG at twice the size)."""

_SOURCE_COLOR = "#555555"
_EXAMPLE_COLOR = "#b03a2e"


def source_lines(
    waves: str | Sequence[str],
    made: dt.date,
    is_example: bool = False,
    instrument: Instrument | None = None,
) -> list[str]:
    """The lines under a figure: its source and date, and the example warning.

    Parameters
    ----------
    waves : str or sequence of str
        The round the figure shows, or the rounds it compares.
    made : datetime.date
        The day the figures are made.
    is_example : bool
        Whether the data is the fictitious example set.
    instrument : Instrument, optional
        Named in the source line by its short title (default: the default instrument).

    Returns
    -------
    list of str

    Examples
    --------
    >>> source_lines("2020", dt.date(2026, 11, 30), is_example=True)
    ['Bron: zelfevaluaties Roadmap BIM Provincies, meting 2020. Gemaakt op 30 november 2026.', \
'Voorbeelddata - fictief']
    >>> source_lines(["2018", "2020"], dt.date(2027, 3, 1))[0][-47:]
    'metingen 2018 en 2020. Gemaakt op 1 maart 2027.'
    """
    from bimmaturity.present.format import listing
    from bimmaturity.present.index import dutch_date

    rounds = [waves] if isinstance(waves, str) else list(waves)
    shown = ("meting " if len(rounds) == 1 else "metingen ") + listing(rounds)
    if instrument is None:
        from bimmaturity.instrument import default_instrument

        instrument = default_instrument()
    source = vocab.FIGURE_LABELS["source"]
    lines = [source.format(instrument=instrument.short_title, rounds=shown, date=dutch_date(made))]
    return [*lines, vocab.EXAMPLE_MARKER] if is_example else lines


def with_source(chart: alt.TopLevelMixin, lines: list[str]) -> alt.VConcatChart:
    """``chart`` with ``lines`` under it, as the title at the bottom of a one-chart column: the
    chart's own title stays on top; the example warning (a second line) in red.

    Parameters
    ----------
    chart : altair chart
        Any report chart (single, layered or concatenated).
    lines : list of str
        :func:`source_lines`.

    Returns
    -------
    altair.VConcatChart

    Examples
    --------
    >>> import altair as alt
    >>> chart = alt.Chart().mark_point()
    >>> spec = with_source(chart, ["Bron: x.", "Voorbeelddata - fictief"]).to_dict()
    >>> spec["title"]["text"], spec["title"]["subtitle"], spec["title"]["orient"]
    ('Bron: x.', 'Voorbeelddata - fictief', 'bottom')
    """
    import altair as alt

    source, *rest = lines
    title = alt.TitleParams(
        text=source,
        subtitle=rest[0] if rest else alt.Undefined,
        orient="bottom",
        anchor="start",
        fontSize=11,
        fontWeight="normal",
        color=_SOURCE_COLOR,
        subtitleFontSize=11,
        subtitleFontWeight="bold",
        subtitleColor=_EXAMPLE_COLOR,
        offset=12,
    )
    return alt.vconcat(chart).properties(title=title)


def figure_charts(
    result: Analysis,
    processed: Processed,
    wave: str | None = None,
    made: dt.date | None = None,
) -> dict[str, alt.TopLevelMixin]:
    """The figures of round ``wave`` (default: the latest) by file name, each with its source
    line (:func:`with_source`): the overviews, progress from the round before (when there is
    one), each province's profile and each gap cluster's profile.

    Parameters
    ----------
    result : Analysis
        :func:`bimmaturity.analysis.analyse` over every wave of ``processed``.
    processed : Processed
        The processed data (rounds, answers, costs, whether it is the example).
    wave : str, optional
        The reporting round.
    made : datetime.date, optional
        The day the figures are made (the build's date); None: today.

    Returns
    -------
    dict
        File name (no suffix) -> chart: ``huidig_<w>``, ``gat_<w>``, ``posities_<w>``,
        ``kansen_<w>``; with costs ``business_case_<w>`` and ``begroting_<w>``; with a round
        before ``voortgang_<before>_<w>``; ``profiel-<slug>_<round>`` for every province with
        answers up to ``wave`` (the round its profile shows, slug
        :func:`bimmaturity.organisations.file_slug` of its name); ``cluster-<n>_<w>`` for
        every gap cluster of ``wave``.

    Examples
    --------
    >>> import tempfile
    >>> from bimmaturity.analysis import analyse
    >>> from bimmaturity.config import AnalysisOptions
    >>> from bimmaturity.example import write_example
    >>> from bimmaturity.ingest import ingest
    >>> from bimmaturity.store import load_processed
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     _ = write_example(root / "raw")
    ...     _ = ingest(root / "raw", root / "p", salt_path=root / "salt", example=True)
    ...     data = load_processed(root / "p")
    ...     names = figure_charts(analyse(data, AnalysisOptions(resamples=0)), data)
    >>> sorted(n for n in names if not n.startswith(("profiel-", "cluster-")))
    ... # doctest: +NORMALIZE_WHITESPACE
    ['begroting_2020', 'business_case_2020', 'gat_2020', 'huidig_2020', 'kansen_2020',
     'posities_2020', 'voortgang_2018_2020']
    >>> sorted(n for n in names if n.startswith("profiel-"))[:2]
    ['profiel-drenthe_2020', 'profiel-flevoland_2020']
    """
    from bimmaturity.present import theme
    from bimmaturity.present.sections import (
        collaboration,
        comparison,
        coverage,
        in_wave,
        programme,
    )
    from bimmaturity.present.sections.businesscase import business_case_chart
    from bimmaturity.present.sections.cluster_profiles import cluster_profile_chart
    from bimmaturity.present.sections.overall_progress import overall_changes, slope_chart
    from bimmaturity.present.sections.profile import profile_chart
    from bimmaturity.rules import businesscase

    made = made if made is not None else dt.date.today()
    instrument = result.instrument
    theme.use_theme()
    waves = processed.waves
    wave = str(wave) if wave is not None else waves[-1]
    before = coverage.previous_wave(waves, wave)
    opportunities = result.opportunities[result.opportunities["wave"] == wave]
    proposed = result.proposed(wave)
    charts: dict[str, tuple[alt.TopLevelMixin, str | tuple[str, str]]] = {
        f"huidig_{wave}": (comparison.maturity_heatmap(result.scores, wave, instrument), wave),
        f"gat_{wave}": (
            comparison.maturity_heatmap(result.scores, wave, instrument, "gap"),
            wave,
        ),
        f"posities_{wave}": (
            collaboration.position_matrix_chart(
                result.roles, wave, instrument, scores=result.scores
            ),
            wave,
        ),
        f"kansen_{wave}": (
            collaboration.opportunity_chart(
                opportunities, wave, instrument, min_demand=result.options.min_demand
            ),
            wave,
        ),
    }
    if not processed.costs.empty:
        charts[f"business_case_{wave}"] = (
            business_case_chart(result.businesscase, wave, instrument, proposed),
            wave,
        )
        budget = businesscase.programme_budget(result.businesscase, proposed, wave=wave)
        charts[f"begroting_{wave}"] = (programme.budget_chart(budget, instrument), wave)
    if before is not None:
        charts[f"voortgang_{before}_{wave}"] = (
            slope_chart(overall_changes(result, before, wave), before, wave, instrument=instrument),
            (before, wave),
        )
    for code, own in coverage.profile_rounds(processed.answers, wave).items():
        name = province_name(code)
        charts[f"profiel-{file_slug(name)}_{own}"] = (
            profile_chart(result.scores, code, own, instrument),
            own,
        )
    if wave in result.clusterings:
        profiles = in_wave(result.cluster_profiles, wave)
        for cluster in sorted(int(c) for c in profiles["cluster"].unique()):
            own = profiles[profiles["cluster"] == cluster]
            chart = cluster_profile_chart(own, instrument).properties(
                title=vocab.FIGURE_LABELS["cluster"].format(cluster=cluster)
            )
            charts[f"cluster-{cluster}_{wave}"] = (chart, wave)
    return {
        name: with_source(chart, source_lines(shown, made, processed.is_example, instrument))
        for name, (chart, shown) in charts.items()
    }


def write_figures(
    result: Analysis,
    processed: Processed,
    figures: Path,
    wave: str | None = None,
    made: dt.date | None = None,
) -> list[Path]:
    """Write every figure of round ``wave`` (:func:`figure_charts`) as PNG (2x) and SVG into
    ``figures``; the paths written."""
    return write_charts(figure_charts(result, processed, wave, made), figures)


def write_charts(
    charts: dict[str, alt.TopLevelMixin], figures: Path, *, jobs: int | None = None
) -> list[Path]:
    """Write charts by file name as PNG (2x) and SVG into ``figures``; the paths written.

    Each name is checked to stay inside ``figures`` (:func:`bimmaturity.safety.inside`) before
    anything is drawn; every file is written atomically. Vega runs once per chart: the PNG is
    drawn from the SVG (byte for byte what ``chart.save`` writes, in less than half the time).
    Many charts (one per organisation of a large registry) are drawn in ``jobs`` processes
    (:func:`bimmaturity.parallel.map_in_processes`; None: two from 40 charts on); the files
    do not depend on it.

    Examples
    --------
    >>> import tempfile
    >>> import altair as alt
    >>> import pandas as pd
    >>> chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_charts({"punt": chart}, Path(folder))]
    ['punt.png', 'punt.svg']
    """
    import altair as alt

    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    items = []
    for name, chart in charts.items():
        # names come from the data: every path is checked before anything is drawn
        paths = {suffix: inside(figures, figures / f"{name}.{suffix}") for suffix in FIGURE_FORMATS}
        items.append((paths, chart.to_dict(), version))
    drawn = map_in_processes(_draw, items, jobs=jobs, fresh=True)
    return [path for paths in drawn for path in paths]


def _draw(item: tuple[dict[str, Path], dict, str]) -> list[Path]:
    """Draw one chart specification as SVG and PNG and write both (in a worker process)."""
    import vl_convert

    paths, spec, version = item
    svg = vl_convert.vegalite_to_svg(spec, vl_version=version)
    images = {"svg": svg.encode("utf-8"), "png": vl_convert.svg_to_png(svg, scale=2)}
    for suffix in FIGURE_FORMATS:
        atomic_write(paths[suffix], images[suffix])
    return [paths[suffix] for suffix in FIGURE_FORMATS]
