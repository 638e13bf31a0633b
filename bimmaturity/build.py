"""Build: ingest, run every report notebook in warm kernels, export offline HTML, index page,
figures and the result tables workbook. Incremental: a report is rebuilt only when its
notebook, its parameters, the data of the rounds it shows or the package changed (or with
``force``; the rule: :mod:`bimmaturity.stamps`).

Each worker process of the build keeps one kernel (:mod:`bimmaturity.runner`), one HTML
exporter and the Vega bundle for every report it makes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import multiprocessing
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

from bimmaturity.config import AnalysisOptions
from bimmaturity.present.index import INDEX, METHOD, key_findings, write_index
from bimmaturity.present.machine_tables import write_tables
from bimmaturity.present.method import write_method
from bimmaturity.present.sections import coverage
from bimmaturity.reports import REPORTS
from bimmaturity.safety import inside
from bimmaturity.stamps import RoundDigests
from bimmaturity.store import (
    Processed,
    analysis_fingerprint,
    atomic_write,
    code_digest,
    load_processed,
    saved_fingerprint,
)

if TYPE_CHECKING:  # the analysis and report stacks load only when something is to be made
    import nbformat
    from nbconvert import HTMLExporter

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
    "write_tables",
]

log = logging.getLogger("bimmaturity.build")

TABLES_STAMP = ":tabellen.xlsx"  # keys in the build stamps beside the report names
FIGURES_STAMP = ":figures"
POSTERS_STAMP = ":posters"
METHOD_STAMP = ":verantwoording"
FINDINGS_STAMP = ":kernpunten"  # the index's key findings, kept until the analysis changes
BUNDLE_SLOT = "/*bimmaturity: vega bundle*/"
"""Where :func:`export_html` puts the Vega bundle into an exported page."""
STAMPS = ".build-stamps.json"
"""What each output was made from (inside the reports folder)."""
MANIFEST = ".build-manifest.json"
"""The files under the reports folder that the build wrote, relative, as ``{"files": [...]}``:
a later build removes those it no longer plans and never touches any other file there."""


@dataclass(frozen=True)
class ReportJob:
    """One report: a notebook run with parameters, exported as ``html/<name>.html`` (``name``:
    :func:`bimmaturity.reports.page_name`, e.g. ``provincieprofiel-utrecht``)."""

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
            jobs.append(
                ReportJob(entry.notebook, entry.page_name(), title, entry.group, parameters)
            )
            continue
        for code, own in rounds.items():
            earlier = "" if own == wave else f" (meting {own})"
            jobs.append(
                ReportJob(
                    entry.notebook,
                    entry.page_name(code),
                    f"{entry.title_for(code)}{earlier}",
                    entry.group,
                    {**common, "province": code, **parameters, "wave": own, "reporting_wave": wave},
                )
            )
    return jobs


def vega_bundle() -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript, once, for inlining in a page (the same
    bundle notebooks load in JupyterLab, kept in the user's cache folder)."""
    from bimmaturity.present import theme

    return theme.vega_bundle()


def _template_dir() -> Path:
    return Path(str(resources.files("bimmaturity") / "templates"))


_EXPORTERS: dict[str, HTMLExporter] = {}


def _exporter() -> HTMLExporter:
    """This process's exporter with the report template (made once: its set-up, finding and
    compiling the templates, costs more than an export)."""
    from nbconvert import HTMLExporter

    folder = str(_template_dir())
    if folder not in _EXPORTERS:
        _EXPORTERS[folder] = HTMLExporter(
            template_name="bimmaturity_report",
            extra_template_basedirs=[folder],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="nl",
            # The notebook is checked once after all preprocessors, not after each of them.
            optimistic_validation=True,
        )
    return _EXPORTERS[folder]


def export_html(notebook: nbformat.NotebookNode, title: str, bundle: str) -> str:
    """Export an executed notebook as a self-contained page without code or prompts."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    notebook.metadata["title"] = title
    exporter = _exporter()
    # The page around the output (back link, contents, footer): present.html.page_furniture.
    from bimmaturity.present.html import page_furniture

    page = page_furniture(notebook)
    resources = {"vega_bundle": BUNDLE_SLOT, "page": page}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    # The bundle goes in after the export: nbconvert parses and writes the whole page once more
    # (BeautifulSoup), and the bundle is most of it. The slot's first place is the head's script
    # (output, which could hold the same text, comes after it).
    head, slot, tail = body.partition(BUNDLE_SLOT)
    if not slot:
        raise RuntimeError("the report template has no place for the chart JavaScript")
    return head + bundle + tail


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


_BUNDLE: list[str] = []
"""The Vega bundle of this worker process (given once when the worker starts)."""


def _run_job(job: ReportJob, notebooks: Path, reports: Path) -> float:
    """:func:`run_report` in a pool worker, with the worker's bundle."""
    return run_report(job, notebooks, reports, _BUNDLE[0])


def _worker_started(parent: int | None = None, bundle: str = "") -> None:
    """Pool worker start: keep the Vega bundle (sent once, not with every report), and shut
    this worker's warm kernel down when the worker ends, however it ends.

    SIGTERM (from :func:`stop_pool`) kills the kernel and ends the worker at once; Ctrl-C is
    left to the build process, which stops the pool. When the build process itself dies
    (even by SIGKILL), a watcher thread notices within half a second that ``parent`` is gone
    and does the same, so no worker keeps running notebooks for a build that no longer exists.
    """
    from multiprocessing import util

    from bimmaturity.runner import shutdown_kernels

    _BUNDLE[:] = [bundle]
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


def data_stamp(processed: Processed) -> str:
    """A fingerprint of all the processed data and the package code (what an output showing
    every round depends on; a report depends on the rounds it shows: :mod:`bimmaturity.stamps`).
    """
    digest = hashlib.sha256()
    digest.update(json.dumps(processed.manifest.get("tables", {}), sort_keys=True).encode())
    digest.update(processed.registry.digest.encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


def _report_stamps(
    processed: Processed,
    planned: list[ReportJob],
    notebooks: Path,
    digests: RoundDigests | None = None,
) -> dict[str, str]:
    """Report name -> what it is made from: notebook, parameters, title, and the data of the
    rounds it shows (:meth:`bimmaturity.stamps.RoundDigests.for_report`)."""
    digests = digests or RoundDigests.of(processed)
    waves = list(processed.waves)
    return {
        job.name: job.stamp(notebooks, digests.for_report(job.parameters, waves)) for job in planned
    }


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
    the index (with its key findings), the method page, the tables and the figures.

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
    digests = RoundDigests.of(processed)
    made_from = _report_stamps(processed, planned, notebooks, digests)
    todo = []
    for job in planned:
        stamp = made_from[job.name]
        if stamps.get(job.name) == stamp and (reports / "html" / f"{job.name}.html").is_file():
            continue
        todo.append((job, stamp))
    current = {INDEX, METHOD, "tabellen.xlsx"}
    for job in planned:
        current |= {f"html/{job.name}.html", f"notebooks/{job.name}.ipynb"}
    # Record what this build may write before writing it, so that even an interrupted build
    # leaves every file it wrote in the manifest.
    _write_manifest(reports, previous | current)
    echo(f"{len(planned)} rapportages, waarvan {len(todo)} opnieuw te maken.")
    failures = []
    if todo:
        # Workers start as fresh processes (spawn), not as copies of this one: a fork would give
        # each of them this process's memory (the processed data, a just computed analysis),
        # which at 400 organisations is most of a worker's size.
        pool = ProcessPoolExecutor(
            max_workers=max(1, min(jobs, len(todo))),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_started,
            initargs=(os.getpid(), vega_bundle()),
        )
        try:
            futures = {
                pool.submit(_run_job, job, notebooks, reports): (job, stamp) for job, stamp in todo
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
    # The other outputs, by the rounds they show: the tables workbook and the method page every
    # round, the figures the round and the one before it (progress), the posters and the key
    # findings the round. The options are part of each (the analysis fingerprint holds them).
    before = coverage.previous_wave(processed.waves, wave)
    chosen = json.dumps(options.as_dict(), sort_keys=True, default=str)

    def made_of(rounds: set[str | None]) -> str:
        shown = digests.stamp({r for r in rounds if r is not None})
        return hashlib.sha256(f"{shown}:{chosen}:{wave}".encode()).hexdigest()

    every_round, this_round = made_of(set(processed.waves)), made_of({wave})
    with_before = made_of({before, wave})
    may_write = previous | current

    def allow(names: set[str]) -> None:
        """Add files to the manifest before writing them (an interrupted build forgets none)."""
        may_write.update(names)
        _write_manifest(reports, may_write)

    tables_path = reports / "tabellen.xlsx"
    if stamps.get(TABLES_STAMP) != every_round or not tables_path.exists():
        stamps.pop(TABLES_STAMP, None)
        try:
            from bimmaturity.present.workbook import write_people_tables

            write_people_tables(
                result(), processed.issues, tables_path, wave=wave, is_example=processed.is_example
            )
            stamps[TABLES_STAMP] = every_round
        except Exception as exc:  # the previous workbook stays; listed in the summary
            failures.append(f"tabellen.xlsx: {_reason(exc)}")
    made_files: list[str] = []
    for stamp_name, label, group, key in (
        (FIGURES_STAMP, "figuren", _figures, with_before),
        (POSTERS_STAMP, "posters", _posters, this_round),
    ):
        try:
            made_files += _refresh_files(
                reports,
                stamps,
                stamp_name,
                key,
                lambda group=group: group(result(), processed, wave, reports),
                allow,
            )
        except Exception as exc:  # the previous files stay; listed in the summary
            failures.append(f"{label}: {_reason(exc)}")
    if stamps.get(METHOD_STAMP) != every_round or not (reports / METHOD).is_file():
        stamps.pop(METHOD_STAMP, None)
        try:
            write_method(reports, processed, options, wave)
            stamps[METHOD_STAMP] = every_round
        except Exception as exc:  # listed in the summary
            failures.append(f"{METHOD}: {_reason(exc)}")
    findings = stamps.get(FINDINGS_STAMP)
    if (
        not isinstance(findings, dict)
        or findings.get("key") != this_round
        or not isinstance(findings.get("sentences"), list)
    ):
        stamps.pop(FINDINGS_STAMP, None)
        try:
            findings = {"key": this_round, "sentences": key_findings(result(), wave)}
            stamps[FINDINGS_STAMP] = findings
        except Exception as exc:  # listed in the summary
            failures.append(f"kernpunten: {_reason(exc)}")
    if failures:
        # The previous index and every file it links stay as they were: no new index, nothing
        # removed. The stamps say what was made, so the next build redoes only the rest.
        atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
        raise BuildFailed(
            f"{len(failures)} onderde(e)l(en) mislukt; de vorige index en bestanden zijn "
            "niet gewijzigd: " + "; ".join(failures)
        )
    write_index(reports, planned, processed, wave, findings=findings["sentences"])
    current |= set(made_files)
    planned_names = {job.name for job in planned}
    planned_names |= {TABLES_STAMP, FIGURES_STAMP, POSTERS_STAMP, METHOD_STAMP, FINDINGS_STAMP}
    stamps = {name: value for name, value in stamps.items() if name in planned_names}
    atomic_write(stamp_path, json.dumps(stamps, indent=1).encode("utf-8"))
    removed = remove_stale(reports, previous - current)
    _write_manifest(reports, current)
    if removed:
        echo(f"{len(removed)} verouderd(e) bestand(en) van een eerdere build verwijderd.")
    return planned


def _refresh_files(
    reports: Path,
    stamps: dict,
    stamp_name: str,
    key: str,
    prepare: Callable[[], tuple[set[str], Callable[[], list[Path]]]],
    allow: Callable[[set[str]], None],
) -> list[str]:
    """Make a group of files (the figures, the posters) again when ``key`` changed or one of
    them is missing; the files of the group, relative to ``reports``.

    ``prepare`` gives the names of the files and the function that writes them: the names go
    into the manifest first, so an interrupted build forgets none.
    """
    recorded = stamps.get(stamp_name)
    files = recorded.get("files", []) if isinstance(recorded, dict) else []
    if (
        isinstance(recorded, dict)
        and recorded.get("key") == key
        and all((reports / name).is_file() for name in files)
    ):
        return files
    stamps.pop(stamp_name, None)
    names, write = prepare()
    allow(names)
    files = [path.relative_to(reports).as_posix() for path in write()]
    stamps[stamp_name] = {"key": key, "files": files}
    return files


def _figures(
    result: Analysis, processed: Processed, wave: str, reports: Path
) -> tuple[set[str], Callable[[], list[Path]]]:
    """The business-plan figures of round ``wave``: their names, and their writer."""
    charts = figure_charts(result, processed, wave)
    names = {f"figures/{name}.{suffix}" for name in charts for suffix in FIGURE_FORMATS}
    return names, lambda: write_charts(charts, reports / "figures")


def _posters(
    result: Analysis, processed: Processed, wave: str, reports: Path
) -> tuple[set[str], Callable[[], list[Path]]]:
    """The posters of round ``wave``: their names, and their writer."""
    from bimmaturity.present.posters import measured_provinces, poster_path, write_posters

    folder = reports / "posters"
    names = {
        poster_path(folder, code).relative_to(reports).as_posix()
        for code in measured_provinces(result.overall, wave)
    }
    return names, lambda: write_posters(result, wave, folder)


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
    (each worker stops its warm kernel when it gets SIGTERM, :func:`_worker_stop`).

    A worker that has not ended within :data:`STOP_WAIT` seconds is killed, and so is every
    kernel the workers started (found before they were told to stop), so nothing outlives
    the build even when a worker was too busy to stop its kernel itself.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    kernels = [child for process in processes for child in _children(process.pid)]
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + STOP_WAIT
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
    for kernel in kernels:  # each leads its own process group (see runner.kill_kernels)
        with contextlib.suppress(OSError):
            os.killpg(kernel, signal.SIGKILL)


STOP_WAIT = 1.5
"""Seconds the report workers get to stop their kernels and end before they are killed."""


def _children(pid: int | None) -> list[int]:
    """The process ids whose parent is ``pid`` (Linux ``/proc``; empty elsewhere)."""
    if pid is None:
        return []
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


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


# The figures live with the presentation; re-exported here for the build and its callers.
from bimmaturity.present.figures import (  # noqa: E402
    FIGURE_FORMATS,
    figure_charts,
    write_charts,
    write_figures,
)
