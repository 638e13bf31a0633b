"""One report: planned from the data, run in this process's warm kernel, exported as an
offline page.

:func:`plan_reports` lists a build's reports (:class:`ReportJob`); :func:`run_report` runs one
in the worker's kernel (:mod:`bimmaturity.runner`) and writes the executed notebook and its
page (:func:`export_html`). A build's pool workers start with :func:`_worker_started`: one
kernel, one HTML exporter and the Vega bundle each, for every report they make.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from bimmaturity.config import AnalysisOptions
from bimmaturity.present.sections import coverage
from bimmaturity.reports import REPORTS
from bimmaturity.safety import inside
from bimmaturity.store import Processed, atomic_write

if TYPE_CHECKING:
    import nbformat
    from nbconvert import HTMLExporter

__all__ = [
    "BUNDLE_SLOT",
    "ReportJob",
    "export_html",
    "plan_reports",
    "run_report",
    "vega_bundle",
]

log = logging.getLogger("bimmaturity.build")

BUNDLE_SLOT = "/*bimmaturity: vega bundle*/"
"""Where :func:`export_html` puts the Vega bundle into an exported page."""


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
