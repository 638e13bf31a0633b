"""Benchmark: a build of N organisation profiles plus the overviews (issue 11, "A build that
scales"), against the naive loop measured in the same run.

The data: ``bimmaturity example --organisations N --respondents R`` (the synthetic population:
a registry ``organisaties.csv`` of N municipalities and water boards, exports in three layouts,
two rounds) in a fresh temporary project with the repository's notebooks.

Measured, each in its own process:

- **the build**: ``bimmaturity build --jobs J --force`` (ingest, analysis, every report in J
  warm worker kernels, then the tables workbook, the figures, the posters, the method page and
  the index). Every line it prints and every stage it enters is time-stamped, and the memory
  of the whole process tree (the command, its ingest readers, its report workers and their
  kernels, summed) is sampled every 0.2 s: peak memory per stage, resident (RSS, the
  ``peak MB`` column: pages that forked workers share count once per process, an upper bound)
  and proportional (PSS: a shared page split between its processes).
- **a build with nothing changed**: ``bimmaturity build --jobs J`` once more.
- **the naive loop** on a sample of ``--sample`` reports (every overview, the rest profiles
  spread over the registry), one at a time: ``papermill.execute_notebook`` (a fresh kernel per
  report) and an export with a new ``nbconvert.HTMLExporter`` per report (what ``jupyter
  nbconvert`` does), with the same template, bundle and parameters as the build. The full
  naive loop is that scaled to every planned report (overviews as measured, profiles at their
  mean).

Rows (``--json`` prints them as one JSON object for ``benchmarks/run_all.py``):

- naive per report against warm per report (the build's own seconds per report, median);
- all reports: the naive loop scaled against the build's report stage (wall);
- the marginal wall-clock cost of one more profile: the slope of the profiles' completion
  times in the build (after the first 20), with J workers;
- the no-change rebuild against the full build;
- the stages' seconds and peak memory (ingest, analysis, reports, tables, figures, posters,
  method and index).

Not part of the test suite. Run::

    .venv/bin/python benchmarks/bench_scale.py [--organisations 400] [--respondents 25]
        [--sample 20] [--jobs 2] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARK = "@@ "  # a stage marker line printed by the build worker
REPORTS_START = "rapportages, waarvan"  # the build's line before its first report
STAGES = ("ingest", "analysis", "reports", "tables", "figures", "posters", "method", "index")


# --------------------------------------------------------------------------- measuring a process
def _tree_memory(pid: int) -> tuple[float, float]:
    """Memory (MB) of a process and all its descendants, summed: resident (RSS: pages that
    forked workers share with the build count once per process, an upper bound) and
    proportional (PSS: a shared page split between the processes that share it)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0.0
    rss = pss = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


def run_measured(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run ``command``; its output lines with their times (seconds from the start), its wall
    time, and the peak tree memory per stage (stages from its ``@@`` marker lines)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[tuple[float, str]] = []
    stage = ["start"]
    peaks: dict[str, float] = {}
    proportional: dict[str, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _tree_memory(process.pid)
            peaks[stage[0]] = max(peaks.get(stage[0], 0.0), rss)
            proportional[stage[0]] = max(proportional.get(stage[0], 0.0), pss)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    for line in process.stdout:
        line = line.rstrip("\n")
        lines.append((time.perf_counter() - started, line))
        if line.startswith(MARK):
            stage[0] = line[len(MARK) :].split()[0]
        elif REPORTS_START in line:
            stage[0] = "reports"
    process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        tail = "\n".join(text for _, text in lines[-40:])
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return {"seconds": seconds, "lines": lines, "peaks": peaks, "pss": proportional}


# --------------------------------------------------------------------------- the worker processes
def _marked(module: object, name: str, stage: str) -> None:
    """Print a stage marker whenever ``module.name`` is called."""
    original = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        print(f"{MARK}{stage}", flush=True)
        return original(*args, **kwargs)

    setattr(module, name, wrapper)


def _build_worker(project: Path, jobs: int, force: bool) -> None:
    """``bimmaturity build`` in ``project``, printing a marker as each stage starts."""
    from bimmaturity import build, cli
    from bimmaturity.present import workbook

    os.environ["BIMMATURITY_ROOT"] = str(project)
    os.chdir(project)
    _marked(cli, "_ingest", "ingest")
    _marked(build, "build_reports", "analysis")
    _marked(workbook, "write_people_tables", "tables")
    _marked(build, "_figures", "figures")
    _marked(build, "_posters", "posters")
    _marked(build, "write_method", "method")
    _marked(build, "write_index", "index")
    argv = ["build", "--jobs", str(jobs)] + (["--force"] if force else [])
    code = cli.main(argv)
    print(f"{MARK}done", flush=True)
    sys.exit(code)


def _naive_sample(jobs: list, sample: int) -> list:
    """Every overview, then profiles spread evenly over the rest, ``sample`` in all."""
    overviews = [job for job in jobs if "province" not in job.parameters]
    profiles = [job for job in jobs if "province" in job.parameters]
    wanted = max(0, sample - len(overviews))
    step = max(1, len(profiles) // max(1, wanted))
    return overviews + profiles[::step][:wanted]


def _naive_worker(project: Path, sample: int) -> None:
    """The naive loop on a sample of the build's reports: per report a papermill run (a fresh
    kernel) and an export with a new HTMLExporter, one at a time. Prints one JSON object:
    seconds per sampled report, and how many overviews and profiles the build plans."""
    import papermill

    from bimmaturity import build, report_jobs
    from bimmaturity.config import AnalysisOptions
    from bimmaturity.store import load_processed

    processed_dir = (project / "data" / "processed").resolve()
    notebooks = project / "notebooks"
    processed = load_processed(processed_dir)
    planned = build.plan_reports(processed, notebooks, processed_dir, AnalysisOptions())
    bundle = build.vega_bundle()
    out = Path(tempfile.mkdtemp(prefix="naive-", dir=project))
    timed = []
    for job in _naive_sample(planned, sample):
        started = time.perf_counter()
        executed = papermill.execute_notebook(
            str(notebooks / f"{job.notebook}.ipynb"),
            str(out / f"{job.name}.ipynb"),
            parameters=job.parameters,
            kernel_name="python3",
            cwd=str(notebooks),
            progress_bar=False,
        )
        report_jobs._EXPORTERS.clear()  # nbconvert from scratch, as `jupyter nbconvert` per report
        page = build.export_html(executed, job.title, bundle)
        (out / f"{job.name}.html").write_text(page, encoding="utf-8")
        timed.append(
            {
                "name": job.name,
                "profile": "province" in job.parameters,
                "seconds": time.perf_counter() - started,
            }
        )
    profiles = sum("province" in job.parameters for job in planned)
    print(
        json.dumps({"timed": timed, "profiles": profiles, "overviews": len(planned) - profiles}),
        flush=True,
    )


# --------------------------------------------------------------------------- reading the results
def stage_times(lines: list[tuple[float, str]], total: float) -> dict[str, float]:
    """Seconds per stage, from the marker lines and the start of the report stage (the line
    ``N rapportages, waarvan M opnieuw te maken.``).

    Examples
    --------
    >>> lines = [(0.0, "@@ ingest"), (3.0, "@@ analysis"), (5.0, "9 rapportages, waarvan 9 "
    ...          "opnieuw te maken."), (9.0, "@@ tables"), (10.0, "@@ done")]
    >>> stage_times(lines, 10.5)
    {'ingest': 3.0, 'analysis': 2.0, 'reports': 4.0, 'tables': 1.0}
    """
    marks = []
    for at, line in lines:
        if line.startswith(MARK):
            marks.append((at, line[len(MARK) :].split()[0]))
        elif REPORTS_START in line:
            marks.append((at, "reports"))
    marks.append((total, "done"))
    seconds: dict[str, float] = {}
    for (at, stage), (until, _) in itertools.pairwise(marks):
        if stage != "done":
            seconds[stage] = seconds.get(stage, 0.0) + until - at
    return seconds


def report_lines(lines: list[tuple[float, str]]) -> list[tuple[float, str, float]]:
    """(time finished, page name, the report's own seconds) of every report line.

    Examples
    --------
    >>> report_lines([(4.0, "  gemeenteprofiel-ede.html (0.6 s)"), (5.0, "Klaar in 9 s")])
    [(4.0, 'gemeenteprofiel-ede', 0.6)]
    """
    found = []
    for at, line in lines:
        text = line.strip()
        if text.endswith(" s)") and ".html (" in text:
            name, _, rest = text.partition(".html (")
            found.append((at, name, float(rest[: -len(" s)")])))
    return found


def marginal(finished: list[float], skip: int = 20) -> float:
    """Seconds of wall-clock time per extra report: the least-squares slope of the completion
    times against their rank, leaving out the first ``skip`` (kernels starting).

    Examples
    --------
    >>> marginal([1.0, 2.0, 2.5, 3.0, 3.5, 4.0], skip=2)
    0.5
    """
    times = sorted(finished)[skip:]
    if len(times) < 2:
        return float("nan")
    ranks = list(range(len(times)))
    mean_rank, mean_time = statistics.fmean(ranks), statistics.fmean(times)
    covariance = sum((r - mean_rank) * (t - mean_time) for r, t in zip(ranks, times, strict=True))
    return covariance / sum((r - mean_rank) ** 2 for r in ranks)


# --------------------------------------------------------------------------- the benchmark
def _python(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def code_copy(folder: Path, package: Path = REPO / "bimmaturity") -> Path:
    """A copy of the package as it is now, put first on ``PYTHONPATH`` for every process of the
    run (report kernels inherit it): the reports depend on the package's code, so an edit to
    the working tree during the run would make the no-change build a full one."""
    code = folder / "code"
    if code.exists():
        shutil.rmtree(code)
    shutil.copytree(package, code / "bimmaturity", ignore=shutil.ignore_patterns("__pycache__"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(code), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return code


def make_project(folder: Path, organisations: int, respondents: int) -> Path:
    """A project with the synthetic population in ``data/raw`` and the notebooks."""
    project = folder / "project"
    (project / "data").mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "notebooks", project / "notebooks", dirs_exist_ok=True)
    raw = project / "data" / "raw"
    if not (raw / "organisaties.csv").is_file():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bimmaturity.cli",
                "example",
                "--organisations",
                str(organisations),
                "--respondents",
                str(respondents),
                "--out",
                str(raw),
            ],
            check=True,
            capture_output=True,
        )
    return project


def measure(project: Path, jobs: int, sample: int, keep: Path | None = None) -> dict:
    """The full build, the no-change build and the naive loop (each step's raw results also
    in ``keep/measured.json`` as it finishes)."""
    env = {**os.environ, "BIMMATURITY_ROOT": str(project)}
    measured: dict = {}

    def done(name: str, result: dict) -> dict:
        measured[name] = result
        if keep is not None:
            (keep / "measured.json").write_text(json.dumps(measured), encoding="utf-8")
        return result

    done(
        "full",
        run_measured(
            _python("--worker", "build", "--jobs", str(jobs), "--force", str(project)), project, env
        ),
    )
    done(
        "again",
        run_measured(_python("--worker", "build", "--jobs", str(jobs), str(project)), project, env),
    )
    naive = done(
        "naive",
        run_measured(
            _python("--worker", "naive", "--sample", str(sample), str(project)), project, env
        ),
    )
    return {**measured, "naive_result": json.loads(naive["lines"][-1][1])}


def rows(measured: dict, organisations: int, jobs: int) -> list[dict]:
    full, again, naive = measured["full"], measured["again"], measured["naive_result"]
    stages = stage_times(full["lines"], full["seconds"])
    reports = report_lines(full["lines"])
    profiles = [seconds for _, name, seconds in reports if "profiel-" in name]
    profile_done = [at for at, name, _ in reports if "profiel-" in name]
    timed = naive["timed"]
    naive_profiles = [t["seconds"] for t in timed if t["profile"]]
    naive_overviews = [t["seconds"] for t in timed if not t["profile"]]
    naive_all = sum(naive_overviews) + statistics.fmean(naive_profiles) * naive["profiles"]
    count = naive["profiles"] + naive["overviews"]
    slope = marginal(profile_done)
    peak = max(full["peaks"].values())
    result = [
        {
            "what": f"per report: naive (papermill + nbconvert, {len(timed)} sampled) "
            f"vs warm kernel (median)",
            "baseline_s": statistics.fmean(t["seconds"] for t in timed),
            "current_s": statistics.median(seconds for _, _, seconds in reports),
        },
        {
            "what": f"all {count} reports ({naive['profiles']} profiles + {naive['overviews']} "
            f"overviews): naive loop scaled from {len(timed)} vs build report stage, "
            f"{jobs} workers",
            "baseline_s": naive_all,
            "current_s": stages.get("reports", float("nan")),
            "peak_mb": full["peaks"].get("reports"),
        },
        {
            "what": f"whole build of {organisations} organisations (ingest to index): naive "
            "loop scaled + the same other stages vs build --force",
            "baseline_s": naive_all + full["seconds"] - stages.get("reports", 0.0),
            "current_s": full["seconds"],
            "peak_mb": peak,
        },
        {
            "what": f"marginal wall time per extra profile ({jobs} workers; slope of the "
            "completion times) vs a naive profile",
            "baseline_s": statistics.fmean(naive_profiles),
            "current_s": slope,
        },
        {
            "what": "no-change rebuild (build again) vs full build (build --force), "
            f"{again['seconds'] / full['seconds']:.1%}",
            "baseline_s": full["seconds"],
            "current_s": again["seconds"],
            "peak_mb": max(again["peaks"].values()),
        },
    ]
    for row in result:
        base, current = row.get("baseline_s"), row.get("current_s")
        row["ratio"] = base / current if base and current else None
    for stage in STAGES:
        if stage in stages:
            share = f", {stages[stage] / full['seconds']:.0%} of the build"
            result.append(
                {
                    "what": f"stage {stage} of build --force at {organisations} organisations"
                    + share,
                    "current_s": stages[stage],
                    "peak_mb": full["peaks"].get(stage),
                    "pss_mb": full["pss"].get(stage),
                }
            )
    result.append(
        {
            "what": "warm profile, its own seconds in its worker (median; mean "
            f"{statistics.fmean(profiles):.2f})",
            "current_s": statistics.median(profiles),
        }
    )
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=400)
    parser.add_argument("--respondents", type=int, default=25)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="the work folder (kept)")
    parser.add_argument(
        "--package",
        type=Path,
        default=REPO / "bimmaturity",
        help="the package folder to measure (default: this repository's, copied at the start)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", choices=("build", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("project", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "build":
        _build_worker(args.project, args.jobs, args.force)
        return
    if args.worker == "naive":
        _naive_worker(args.project, args.sample)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_scale_"))
    try:
        code_copy(folder, args.package)
        started = time.perf_counter()
        project = make_project(folder, args.organisations, args.respondents)
        made = time.perf_counter() - started
        measured = measure(project, args.jobs, args.sample, args.keep)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    table = rows(measured, args.organisations, args.jobs)
    if args.json:
        print(json.dumps({"benchmark": "bench_scale", "rows": table}))
        return
    print(
        f"{args.organisations} organisations x {args.respondents} respondents (data made in "
        f"{made:.0f} s), {args.jobs} workers"
    )
    for row in table:
        base = row.get("baseline_s")
        ratio = row.get("ratio")
        peak = row.get("peak_mb")
        print(
            f"{row['what']}\n    "
            + (f"baseline {base:8.2f} s  " if base is not None else " " * 21)
            + f"current {row['current_s']:8.2f} s"
            + (f"  {ratio:5.1f}x" if ratio else "")
            + (f"  peak {peak:6.0f} MB" if peak else "")
            + (f" (PSS {row['pss_mb']:.0f} MB)" if row.get("pss_mb") else "")
        )


if __name__ == "__main__":
    main()
