"""Build: ingest, run every report notebook in warm kernels, export offline HTML, index page,
figures and the result tables workbook. Incremental: a report is rebuilt only when its
notebook, its parameters, the data of the rounds it shows or the package changed (or with
``force``; the rule: :mod:`bimmaturity.stamps`).

One report's planning, run and export live in :mod:`bimmaturity.report_jobs` (re-exported
here); each worker process of the build keeps one kernel (:mod:`bimmaturity.runner`), one HTML
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
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from bimmaturity.config import AnalysisOptions
from bimmaturity.present.index import INDEX, METHOD, key_findings, write_index
from bimmaturity.present.machine_tables import write_tables
from bimmaturity.present.method import write_method
from bimmaturity.present.sections import coverage
from bimmaturity.report_jobs import (
    ReportJob,
    _run_job,
    _worker_started,
    export_html,
    plan_reports,
    run_report,
    vega_bundle,
)
from bimmaturity.stamps import RoundDigests
from bimmaturity.store import (
    Processed,
    analysis_fingerprint,
    atomic_write,
    code_digest,
    load_processed,
    saved_fingerprint,
)

if TYPE_CHECKING:  # the analysis stack loads only when something is to be made
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
STAMPS = ".build-stamps.json"
"""What each output was made from (inside the reports folder)."""
MANIFEST = ".build-manifest.json"
"""The files under the reports folder that the build wrote, relative, as ``{"files": [...]}``:
a later build removes those it no longer plans and never touches any other file there."""


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
