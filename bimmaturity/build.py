"""Build: ingest, run every report notebook with papermill, export offline HTML, index page,
figures and the result tables workbook. Incremental: a report is rebuilt only when its
notebook, its parameters, the processed data or the package changed (or with ``force``).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity.analysis import (
    Analysis,
    AnalysisOptions,
    analyse,
    analysis_fingerprint,
    load_analysis,
    save_analysis,
    saved_fingerprint,
    tables_from,
)
from bimmaturity.organisations import province_name
from bimmaturity.reports import REPORTS
from bimmaturity.store import Processed, atomic_path, atomic_write, code_digest, load_processed

if TYPE_CHECKING:  # the report stack (altair, nbformat) loads only when reports are made
    import altair as alt
    import nbformat

__all__ = [
    "ReportJob",
    "export_html",
    "figure_charts",
    "plan_reports",
    "run_report",
    "vega_bundle",
    "write_figures",
    "write_index",
    "write_tables",
]

log = logging.getLogger("bimmaturity.build")

TABLES_STAMP = ":tabellen.xlsx"  # keys in the build stamps beside the report names
FIGURES_STAMP = ":figures"


@dataclass(frozen=True)
class ReportJob:
    """One report: a notebook run with parameters, exported as ``html/<name>.html``."""

    notebook: str
    name: str
    title: str
    group: str
    parameters: dict = field(default_factory=dict)

    def stamp(self, notebooks: Path, data_stamp: str) -> str:
        digest = hashlib.sha256()
        digest.update((notebooks / f"{self.notebook}.ipynb").read_bytes())
        digest.update(json.dumps(self.parameters, sort_keys=True, default=str).encode())
        digest.update(data_stamp.encode())
        return digest.hexdigest()


def plan_reports(
    processed: Processed, notebooks: Path, processed_dir: Path, options: AnalysisOptions
) -> list[ReportJob]:
    """The reports of the registry that this data supports, in the registry's order.

    Overviews report on the latest wave (progress: the step into it); a per-organisation
    report is planned for every organisation measured in the latest wave.
    """
    waves = processed.waves
    latest = waves[-1]
    common = {"processed_dir": str(processed_dir), "report_mode": True}
    in_latest = processed.answers.loc[processed.answers["wave"] == latest, "province"]
    jobs = []
    for entry in REPORTS:
        if len(waves) < entry.min_waves or not (notebooks / f"{entry.notebook}.ipynb").is_file():
            continue
        if entry.min_waves >= 2:
            parameters = {**common, "from_wave": waves[-2], "to_wave": latest}
        else:
            parameters = {**common, "wave": latest}
        if entry.takes_options:
            parameters.update(options.as_dict())
        if not entry.per_organisation:
            jobs.append(
                ReportJob(entry.notebook, entry.notebook, entry.title, entry.group, parameters)
            )
            continue
        for code in sorted(in_latest.unique()):
            jobs.append(
                ReportJob(
                    entry.notebook,
                    f"{entry.notebook}_{code}",
                    f"{entry.title} {province_name(code)}",
                    entry.group,
                    {**common, "province": code, **parameters},
                )
            )
    return jobs


def vega_bundle() -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript, once, for inlining in a page."""
    import altair as alt
    import vl_convert

    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    return vl_convert.javascript_bundle(vl_version=version)


def _template_dir() -> Path:
    return Path(str(resources.files("bimmaturity") / "templates"))


def export_html(notebook: nbformat.NotebookNode, title: str, bundle: str) -> str:
    """Export an executed notebook as a self-contained page without code or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    notebook.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="bimmaturity_report",
        extra_template_basedirs=[str(_template_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="nl",
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"vega_bundle": bundle})
    return body


def run_report(
    job: ReportJob, notebooks: Path, reports: Path, bundle: str, *, fast_kernel: bool = True
) -> float:
    """Execute one report notebook in this process's warm kernel and export it; seconds taken.

    The kernel (:mod:`bimmaturity.runner`) is started on first use and reused by the next
    report. A kernel that fails to start or dies (kernels started in parallel can race for a
    port, a known jupyter_client issue) is replaced and the report run once more; an error in
    a notebook cell is not retried: running it again gives the same error.
    """
    import nbformat

    from bimmaturity.runner import KernelFailed, forget, kernel_for

    started = time.perf_counter()
    for attempt in (1, 2):
        try:
            kernel = kernel_for(notebooks, fast=fast_kernel)
            executed = kernel.run(notebooks / f"{job.notebook}.ipynb", job.parameters)
            break
        except KernelFailed as exc:
            forget(notebooks, fast=fast_kernel)
            if attempt == 2:
                raise
            log.warning("report kernel failed for %s (%s); retrying once", job.name, exc)
    atomic_write(
        reports / "notebooks" / f"{job.name}.ipynb", nbformat.writes(executed).encode("utf-8")
    )
    page = export_html(executed, job.title, bundle)
    atomic_write(reports / "html" / f"{job.name}.html", page.encode("utf-8"))
    return time.perf_counter() - started


def _worker_started() -> None:
    """Pool worker start: shut this worker's warm kernel down when the worker ends."""
    from multiprocessing import util

    from bimmaturity.runner import shutdown_kernels

    util.Finalize(None, shutdown_kernels, exitpriority=10)


def write_index(reports: Path, jobs: list[ReportJob], processed: Processed) -> Path:
    """The index page linking every report, grouped; carries the example-data banner."""
    groups: dict[str, list[ReportJob]] = {}
    for job in jobs:
        groups.setdefault(job.group, []).append(job)
    sections = []
    for group, members in groups.items():
        items = "".join(
            f'<li><a href="html/{html.escape(job.name)}.html">{html.escape(job.title)}</a></li>'
            for job in members
        )
        sections.append(f"<h2>{html.escape(group)}</h2><ul>{items}</ul>")
    banner = (
        '<div class="banner">Voorbeelddata - fictief. Deze rapportages tonen een verzonnen '
        "voorbeeldset, niet de zelfevaluaties van de provincies.</div>"
        if processed.is_example
        else ""
    )
    waves = ", ".join(processed.waves)
    page = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>BIM-volwassenheid provincies: rapportages</title>
<style>
body {{ font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 900px;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
.banner {{ background: #fff4ce; border: 2px solid #c98a00; padding: 0.6rem 1rem;
          font-weight: 600; }}
</style></head><body>
<h1>BIM-volwassenheid van de provincies</h1>
{banner}
<p>Zelfevaluaties Roadmap BIM Provincies, metingen {html.escape(waves)}. Elke rapportage opent
zonder internetverbinding. De tabellen staan in <a href="tabellen.xlsx">tabellen.xlsx</a>,
de figuren in de map <code>figures/</code>.</p>
{"".join(sections)}
</body></html>
"""
    path = reports / "index.html"
    atomic_write(path, page.encode("utf-8"))
    return path


def write_tables(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write result tables to one workbook: a sheet each, numbers as numbers, NA as empty."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([_cell_value(value) for value in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write(path, buffer.getvalue())
    return path


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def data_stamp(processed: Processed) -> str:
    """A fingerprint of the processed data and the package code (what reports depend on)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(processed.manifest.get("tables", {}), sort_keys=True).encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


def build_reports(
    processed_dir: Path,
    reports: Path,
    notebooks: Path,
    *,
    options: AnalysisOptions | None = None,
    jobs: int = 2,
    force: bool = False,
    echo: Callable[[str], None] = print,
) -> list[ReportJob]:
    """Analyse once, then run every report notebook, the index, the tables and the figures.

    The analysis is computed and saved beside the processed data unless the saved one matches
    (:func:`bimmaturity.analysis.load_analysis`); every notebook loads it. Incremental: a
    report, the tables and the figures are made again only when what they depend on changed
    (or with ``force``).
    """
    options = options or AnalysisOptions()
    processed = load_processed(processed_dir)
    fingerprint = analysis_fingerprint(processed, options, processed.instrument)
    if not force and saved_fingerprint(processed_dir) == fingerprint:
        result = load_analysis(processed_dir, options)
    else:
        result = analyse(processed, options)
        save_analysis(result, processed_dir)
    planned = plan_reports(processed, notebooks, processed_dir.resolve(), options)
    stamp_path = reports / ".build-stamps.json"
    stamps = json.loads(stamp_path.read_text(encoding="utf-8")) if stamp_path.is_file() else {}
    if force:
        stamps = {}
    data = data_stamp(processed)
    todo = []
    for job in planned:
        stamp = job.stamp(notebooks, data)
        if stamps.get(job.name) == stamp and (reports / "html" / f"{job.name}.html").is_file():
            continue
        todo.append((job, stamp))
    echo(f"{len(planned)} rapportages, waarvan {len(todo)} opnieuw te maken.")
    failures = []
    if todo:
        bundle = vega_bundle()
        with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_worker_started) as pool:
            futures = {
                pool.submit(run_report, job, notebooks, reports, bundle): (job, stamp)
                for job, stamp in todo
            }
            for future in as_completed(futures):
                job, stamp = futures[future]
                try:
                    seconds = future.result()
                except Exception as exc:  # report the failing notebook by name, then go on
                    failures.append(f"{job.name}: {exc}")
                    stamps.pop(job.name, None)
                    continue
                stamps[job.name] = stamp
                echo(f"  {job.name}.html ({seconds:.1f} s)")
                atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
    write_index(reports, planned, processed)
    outputs = {
        TABLES_STAMP: (
            reports / "tabellen.xlsx",
            lambda: write_tables(tables_from(result, processed.issues), reports / "tabellen.xlsx"),
        ),
        FIGURES_STAMP: (
            reports / "figures",
            lambda: write_figures(result, processed, reports / "figures"),
        ),
    }
    for key, (path, write) in outputs.items():
        if stamps.get(key) != fingerprint or not path.exists():
            stamps.pop(key, None)
            write()
            stamps[key] = fingerprint
    atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
    if failures:
        raise RuntimeError("rapportage(s) mislukt:\n" + "\n".join(failures))
    return planned


def figure_charts(result: Analysis, processed: Processed) -> dict[str, alt.TopLevelMixin]:
    """The charts pasted into the business plan, by file name (latest wave; progress with two).

    ``result`` is :func:`bimmaturity.analysis.analyse` over every wave of ``processed``.

    Examples
    --------
    >>> import tempfile
    >>> from bimmaturity.analysis import analyse
    >>> from bimmaturity.example import write_example
    >>> from bimmaturity.ingest import ingest
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     _ = write_example(root / "raw")
    ...     _ = ingest(root / "raw", root / "p", salt_path=root / "salt", example=True)
    ...     data = load_processed(root / "p")
    ...     sorted(figure_charts(analyse(data), data))
    ... # doctest: +NORMALIZE_WHITESPACE
    ['begroting_2020', 'business_case_2020', 'gat_2020', 'huidig_2020', 'kansen_2020',
     'posities_2020', 'voortgang_2018_2020']
    """
    from bimmaturity.present import theme
    from bimmaturity.present.sections import collaboration, comparison, programme
    from bimmaturity.present.sections.businesscase import business_case_chart
    from bimmaturity.present.sections.overall_progress import overall_changes, slope_chart
    from bimmaturity.rules import businesscase

    instrument = result.instrument
    theme.use_theme()
    waves = processed.waves
    wave = waves[-1]
    opportunities = result.opportunities[result.opportunities["wave"] == wave]
    proposed = result.proposed(wave)
    figures: dict[str, alt.TopLevelMixin] = {
        f"huidig_{wave}": comparison.maturity_heatmap(result.scores, wave, instrument),
        f"gat_{wave}": comparison.maturity_heatmap(result.scores, wave, instrument, "gap"),
        f"posities_{wave}": collaboration.position_matrix_chart(
            result.roles, wave, instrument, scores=result.scores
        ),
        f"kansen_{wave}": collaboration.opportunity_chart(
            opportunities, wave, instrument, min_demand=result.options.min_demand
        ),
    }
    if not processed.costs.empty:
        figures[f"business_case_{wave}"] = business_case_chart(
            result.businesscase, wave, instrument, proposed
        )
        budget = businesscase.programme_budget(result.businesscase, proposed, wave=wave)
        figures[f"begroting_{wave}"] = programme.budget_chart(budget, instrument)
    if len(waves) >= 2:
        figures[f"voortgang_{waves[-2]}_{wave}"] = slope_chart(
            overall_changes(result, waves[-2], wave), waves[-2], wave
        )
    return figures


def write_figures(result: Analysis, processed: Processed, figures: Path) -> list[Path]:
    """Write every business-plan chart (:func:`figure_charts`) as PNG (2x) and SVG."""
    written = []
    for name, chart in figure_charts(result, processed).items():
        for suffix in ("png", "svg"):
            path = figures / f"{name}.{suffix}"
            with atomic_path(path) as temporary:
                chart.save(
                    str(temporary),
                    format=suffix,
                    **({"scale_factor": 2} if suffix == "png" else {}),
                )
            written.append(path)
    return written
