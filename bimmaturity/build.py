"""Build: ingest, run every report notebook with papermill, export offline HTML, index page,
figures and the result tables workbook. Incremental: a report is rebuilt only when its
notebook, its parameters, the processed data or the package changed (or with ``force``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import io
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity.config import AnalysisOptions
from bimmaturity.organisations import province_name
from bimmaturity.present.sections import coverage
from bimmaturity.reports import REPORTS
from bimmaturity.safety import inside, spreadsheet_value
from bimmaturity.store import (
    Processed,
    analysis_fingerprint,
    atomic_path,
    atomic_write,
    code_digest,
    load_processed,
    saved_fingerprint,
)

if TYPE_CHECKING:  # the analysis and report stacks load only when something is to be made
    import altair as alt
    import nbformat

    from bimmaturity.analysis import Analysis

__all__ = [
    "MANIFEST",
    "ReportJob",
    "build_reports",
    "export_html",
    "figure_charts",
    "plan_reports",
    "remove_stale",
    "run_report",
    "vega_bundle",
    "write_charts",
    "write_figures",
    "write_index",
    "write_tables",
]

log = logging.getLogger("bimmaturity.build")

TABLES_STAMP = ":tabellen.xlsx"  # keys in the build stamps beside the report names
FIGURES_STAMP = ":figures"
STAMPS = ".build-stamps.json"
"""What each output was made from (inside the reports folder)."""
MANIFEST = ".build-manifest.json"
"""The files under the reports folder that the build wrote, relative, as ``{"files": [...]}``:
a later build removes those it no longer plans and never touches any other file there."""


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
        # Where the processed data lies is no content (the data stamp is): a moved project
        # does not rebuild its reports.
        parameters = {k: v for k, v in self.parameters.items() if k != "processed_dir"}
        digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
        digest.update(self.title.encode())
        digest.update(data_stamp.encode())
        return digest.hexdigest()


def plan_reports(
    processed: Processed,
    notebooks: Path,
    processed_dir: Path,
    options: AnalysisOptions,
    wave: str | None = None,
) -> list[ReportJob]:
    """The reports of the registry that this data supports on round ``wave``, in order.

    Overviews report on ``wave`` (default: the latest round); progress on the step from the
    round before it into it (not planned for the first round). A per-organisation report is
    planned for every organisation with answers in a round up to ``wave``: it shows that
    round when the organisation answered there, else its latest earlier round, and gets
    ``reporting_wave`` so that it can say so (:func:`coverage.profile_rounds`).

    Raises
    ------
    UnknownWave
        When ``wave`` is not a round of the data.
    """
    waves = processed.waves
    wave = coverage.reporting_wave(waves, wave)
    before = coverage.previous_wave(waves, wave)
    common = {"processed_dir": str(processed_dir), "report_mode": True}
    rounds = coverage.profile_rounds(processed.answers, wave)
    jobs = []
    for entry in REPORTS:
        if len(waves) < entry.min_waves or not (notebooks / f"{entry.notebook}.ipynb").is_file():
            continue
        if entry.min_waves >= 2:
            if before is None:
                continue
            parameters = {**common, "from_wave": before, "to_wave": wave}
            title = f"{entry.title}: meting {before} en meting {wave}"
        else:
            parameters = {**common, "wave": wave}
            title = f"{entry.title}, meting {wave}"
        if entry.takes_options:
            parameters.update(options.as_dict())
        if not entry.per_organisation:
            jobs.append(ReportJob(entry.notebook, entry.notebook, title, entry.group, parameters))
            continue
        for code, own in rounds.items():
            earlier = "" if own == wave else f" (meting {own})"
            jobs.append(
                ReportJob(
                    entry.notebook,
                    f"{entry.notebook}_{code}",
                    f"{entry.title} {province_name(code)}{earlier}",
                    entry.group,
                    {**common, "province": code, **parameters, "wave": own, "reporting_wave": wave},
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
    notebook_path = inside(reports, reports / "notebooks" / f"{job.name}.ipynb")
    page_path = inside(reports, reports / "html" / f"{job.name}.html")  # names from the data
    atomic_write(notebook_path, nbformat.writes(executed).encode("utf-8"))
    page = export_html(executed, job.title, bundle)
    atomic_write(page_path, page.encode("utf-8"))
    return time.perf_counter() - started


def _worker_started(parent: int | None = None) -> None:
    """Pool worker start: shut this worker's warm kernel down when the worker ends, however
    it ends.

    SIGTERM (from :func:`stop_pool`) kills the kernel and ends the worker at once; Ctrl-C is
    left to the build process, which stops the pool. When the build process itself dies
    (even by SIGKILL), a watcher thread notices within half a second that ``parent`` is gone
    and does the same, so no worker keeps running notebooks for a build that no longer exists.
    """
    from multiprocessing import util

    from bimmaturity.runner import shutdown_kernels

    util.Finalize(None, shutdown_kernels, exitpriority=10)
    signal.signal(signal.SIGTERM, _worker_stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build process stops the pool
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _worker_stop(*_: object) -> None:
    """End this worker now, its kernel first."""
    from bimmaturity.runner import kill_kernels

    kill_kernels()
    os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    _worker_stop()


def write_index(
    reports: Path, jobs: list[ReportJob], processed: Processed, wave: str | None = None
) -> Path:
    """The index page linking every report, grouped; states the round the reports show and
    who answered in each round, and carries the example-data banner."""
    waves = processed.waves
    wave = str(wave) if wave is not None else waves[-1]
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
    covers = coverage.coverage_by_wave(processed.answers)
    shown = next(c for c in covers if c.wave == wave)
    note = coverage.coverage_text(shown, "deze rapportages")
    warning = f'<div class="warning">{html.escape(note)}</div>' if note else ""
    earlier = [
        job
        for job in jobs
        if "reporting_wave" in job.parameters
        and str(job.parameters.get("wave")) != str(job.parameters["reporting_wave"])
    ]
    earlier_note = (
        f"<p>{len(earlier)} provincieprofiel(en) tonen een eerdere meting: die provincies "
        f"hebben in meting {html.escape(wave)} (nog) niet geantwoord en tellen daar niet mee "
        "in de clusters, deals en business case.</p>"
        if earlier
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>BIM-volwassenheid provincies: rapportages meting {html.escape(wave)}</title>
<style>
body {{ font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 900px;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
.banner {{ background: #fff4ce; border: 2px solid #c98a00; padding: 0.6rem 1rem;
          font-weight: 600; }}
.warning {{ background: #fdecea; border-left: 4px solid #b3261e; padding: 0.5rem 1rem;
           margin: 1rem 0; }}
table.coverage {{ border-collapse: collapse; }}
table.coverage th, table.coverage td {{ border-bottom: 1px solid #ddd; padding: 0.2rem 0.8rem;
                                       text-align: left; vertical-align: top; }}
</style></head><body>
<h1>BIM-volwassenheid van de provincies</h1>
{banner}
<p>Zelfevaluaties Roadmap BIM Provincies. Deze rapportages tonen <strong>meting
{html.escape(wave)}</strong>: {len(shown.measured)} van de {shown.total} provincies hebben
geantwoord. Elke rapportage opent zonder internetverbinding. De tabellen (alle metingen) staan in
<a href="tabellen.xlsx">tabellen.xlsx</a>, de figuren in de map <code>figures/</code>.</p>
{warning}
<h2>Deelname per meting</h2>
{coverage.coverage_table_html(covers, wave)}
{earlier_note}
{"".join(sections)}
</body></html>
"""
    path = reports / "index.html"
    atomic_write(path, page.encode("utf-8"))
    return path


def write_tables(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write result tables to one workbook: a sheet each, numbers as numbers, NA as empty.

    No cell is a formula: text a spreadsheet would run (``=...``, ``+...``, ``-...``, ``@...``)
    gets a leading apostrophe, and a round written in digits is a number
    (:func:`bimmaturity.safety.spreadsheet_value`).
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(name)
        columns = [str(column) for column in frame.columns]
        sheet.append([spreadsheet_value(column) for column in columns])
        for row in frame.itertuples(index=False):
            sheet.append(
                [
                    spreadsheet_value(_cell_value(value), column)
                    for value, column in zip(row, columns, strict=True)
                ]
            )
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
    wave: str | None = None,
    jobs: int = 2,
    force: bool = False,
    echo: Callable[[str], None] = print,
) -> list[ReportJob]:
    """Analyse once, then run every report notebook on round ``wave`` (default: the latest),
    the index, the tables and the figures.

    The analysis is computed and saved beside the processed data unless the saved one matches
    (:func:`bimmaturity.analysis.load_analysis`); every notebook loads it. Incremental: a
    report, the tables and the figures are made again only when what they depend on changed
    (or with ``force``). Files under ``reports`` that an earlier build wrote and this one does
    not plan are removed (:data:`MANIFEST`); files no build wrote are never touched.

    Raises
    ------
    UnknownWave
        When ``wave`` is not a round of the data (before anything is written).
    """
    options = options or AnalysisOptions()
    processed = load_processed(processed_dir)
    wave = coverage.reporting_wave(processed.waves, wave)
    fingerprint = analysis_fingerprint(processed, options, processed.instrument)
    analysed: list[Analysis] = []
    if force or saved_fingerprint(processed_dir) != fingerprint:
        from bimmaturity.analysis import analyse, save_analysis

        analysed.append(analyse(processed, options))
        save_analysis(analysed[0], processed_dir)

    def result() -> Analysis:
        """The analysis; the saved one is loaded only when tables or figures need it."""
        if not analysed:
            from bimmaturity.analysis import load_analysis

            analysed.append(load_analysis(processed_dir, options))
        return analysed[0]

    planned = plan_reports(processed, notebooks, processed_dir.resolve(), options, wave)
    stamp_path = reports / STAMPS
    stamps = _read_json(stamp_path) if not force else {}
    previous = set(_read_json(reports / MANIFEST).get("files", []))
    data = data_stamp(processed)
    todo = []
    for job in planned:
        stamp = job.stamp(notebooks, data)
        if stamps.get(job.name) == stamp and (reports / "html" / f"{job.name}.html").is_file():
            continue
        todo.append((job, stamp))
    current = {"index.html", "tabellen.xlsx"}
    for job in planned:
        current |= {f"html/{job.name}.html", f"notebooks/{job.name}.ipynb"}
    # Record what this build may write before writing it, so that even an interrupted build
    # leaves every file it wrote in the manifest.
    _write_manifest(reports, previous | current)
    echo(f"{len(planned)} rapportages, waarvan {len(todo)} opnieuw te maken.")
    failures = []
    if todo:
        bundle = vega_bundle()
        pool = ProcessPoolExecutor(
            max_workers=max(1, jobs), initializer=_worker_started, initargs=(os.getpid(),)
        )
        try:
            futures = {
                pool.submit(run_report, job, notebooks, reports, bundle): (job, stamp)
                for job, stamp in todo
            }
            for future in as_completed(futures):
                job, stamp = futures[future]
                try:
                    seconds = future.result()
                except Exception as exc:  # report the failing notebook by name, then go on
                    failures.append(f"{job.name}: {_reason(exc)}")
                    stamps.pop(job.name, None)
                    continue
                stamps[job.name] = stamp
                echo(f"  {job.name}.html ({seconds:.1f} s)")
                atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
        except BaseException:  # Ctrl-C, SIGTERM, disk full: no worker or kernel outlives us
            stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    tables_path = reports / "tabellen.xlsx"
    if stamps.get(TABLES_STAMP) != fingerprint or not tables_path.exists():
        stamps.pop(TABLES_STAMP, None)
        try:
            from bimmaturity.analysis import tables_from

            write_tables(tables_from(result(), processed.issues), tables_path)
            stamps[TABLES_STAMP] = fingerprint
        except Exception as exc:  # the previous workbook stays; listed in the summary
            failures.append(f"tabellen.xlsx: {_reason(exc)}")
    figures_key = f"{fingerprint}:{wave}"
    recorded = stamps.get(FIGURES_STAMP)
    figure_files = recorded.get("files", []) if isinstance(recorded, dict) else []
    if (
        not isinstance(recorded, dict)
        or recorded.get("key") != figures_key
        or not all((reports / name).is_file() for name in figure_files)
    ):
        stamps.pop(FIGURES_STAMP, None)
        try:
            charts = figure_charts(result(), processed, wave)
            names = {f"figures/{name}.{suffix}" for name in charts for suffix in FIGURE_FORMATS}
            _write_manifest(reports, previous | current | names)
            written = write_charts(charts, reports / "figures")
            figure_files = [path.relative_to(reports).as_posix() for path in written]
            stamps[FIGURES_STAMP] = {"key": figures_key, "files": figure_files}
        except Exception as exc:  # the previous figures stay; listed in the summary
            failures.append(f"figuren: {_reason(exc)}")
    if failures:
        # The previous index and every file it links stay as they were: no new index, nothing
        # removed. The stamps say what was made, so the next build redoes only the rest.
        atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
        raise BuildFailed(
            f"{len(failures)} onderde(e)l(en) mislukt; de vorige index en bestanden zijn "
            "niet gewijzigd: " + "; ".join(failures)
        )
    write_index(reports, planned, processed, wave)
    current |= set(figure_files)
    planned_names = {job.name for job in planned} | {TABLES_STAMP, FIGURES_STAMP}
    stamps = {name: value for name, value in stamps.items() if name in planned_names}
    atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
    removed = remove_stale(reports, previous - current)
    _write_manifest(reports, current)
    if removed:
        echo(f"{len(removed)} verouderd(e) bestand(en) van een eerdere build verwijderd.")
    return planned


class BuildFailed(RuntimeError):
    """Reports, the tables or the figures could not be made (one line naming each part)."""


def _reason(exc: BaseException) -> str:
    """An exception as one short line: disk full and permission errors in plain Dutch."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"de schijf is vol ({exc.filename or exc})"
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"geen toestemming om te schrijven ({exc.filename or exc})"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool of report workers now: pending reports cancelled, running ones ended
    (each worker stops its warm kernel when it gets SIGTERM, :func:`_worker_stop`)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _write_manifest(reports: Path, files: set[str]) -> None:
    record = {
        "about": "Bestanden die 'bimmaturity build' hier schreef; een volgende build verwijdert "
        "wat hij niet meer maakt. Andere bestanden in deze map blijven altijd staan.",
        "files": sorted(files),
    }
    atomic_write(reports / MANIFEST, json.dumps(record, indent=1).encode("utf-8"))


def remove_stale(reports: Path, stale: set[str]) -> list[str]:
    """Remove the files ``stale`` (paths relative to ``reports`` that an earlier build wrote).

    Only regular files inside ``reports`` are removed, never a folder, a link or anything
    outside; a folder the removal empties is removed too. Returns the paths removed.
    """
    root = reports.resolve()
    removed = []
    for name in sorted(stale):
        path = reports / name
        try:
            resolved = path.parent.resolve() / path.name
        except OSError:
            continue
        if root not in resolved.parents or path.is_symlink() or not path.is_file():
            continue
        path.unlink()
        removed.append(name)
        folder = path.parent
        while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def figure_charts(
    result: Analysis, processed: Processed, wave: str | None = None
) -> dict[str, alt.TopLevelMixin]:
    """The charts pasted into the business plan, by file name, for round ``wave`` (default: the
    latest); progress from the round before it, when there is one.

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
    wave = str(wave) if wave is not None else waves[-1]
    before = coverage.previous_wave(waves, wave)
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
    if before is not None:
        figures[f"voortgang_{before}_{wave}"] = slope_chart(
            overall_changes(result, before, wave), before, wave
        )
    return figures


def write_figures(
    result: Analysis, processed: Processed, figures: Path, wave: str | None = None
) -> list[Path]:
    """Write every business-plan chart of round ``wave`` (:func:`figure_charts`) as PNG (2x)
    and SVG."""
    return write_charts(figure_charts(result, processed, wave), figures)


FIGURE_FORMATS = ("png", "svg")


def write_charts(charts: dict[str, alt.TopLevelMixin], figures: Path) -> list[Path]:
    """Write charts by file name as PNG (2x) and SVG into ``figures``; the paths written."""
    written = []
    for name, chart in charts.items():
        for suffix in FIGURE_FORMATS:
            path = inside(figures, figures / f"{name}.{suffix}")  # names come from the data
            with atomic_path(path) as temporary:
                chart.save(
                    str(temporary),
                    format=suffix,
                    **({"scale_factor": 2} if suffix == "png" else {}),
                )
            written.append(path)
    return written
