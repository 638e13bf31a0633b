"""Benchmark: a full build of the example data, this design against the design before it.

Run: .venv/bin/python benchmarks/bench_build.py [repeats] [--baseline COMMIT] [--json]

Both builds run in the same run on the same machine, each in a fresh temporary project
(empty data/raw, so the bundled example data is used): the baseline is the package and
notebooks of COMMIT (default: the last commit before the redesign), extracted with
``git archive`` and put first on PYTHONPATH (report kernels inherit it). Prints the median
seconds of ``build --force`` and of a second ``build`` with nothing changed, and the ratios;
``--json`` prints them as one JSON object (for ``benchmarks/run_all.py``), with the largest
resident memory of one process of a build (the command or a report kernel).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = "4fa466a"  # main before the redesign (issue 8)


def extract(commit: str, into: Path) -> Path:
    """The package and notebooks of ``commit``, extracted into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, "bimmaturity", "notebooks"],
        capture_output=True,
        check=True,
    ).stdout
    into.mkdir(parents=True)
    archive_path = into / "code.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(into, filter="data")
    archive_path.unlink()
    return into


PEAKS: dict[str, float] = {}
"""Largest resident memory (MB) of one process of a build (the command or one of its report
kernels), per design, over every build of the run."""


def build_seconds(code: Path, project: Path, *args: str) -> float:
    """Seconds of one ``bimmaturity build`` in ``project`` with the package found in ``code``."""
    env = {
        **os.environ,
        "PYTHONPATH": str(code),
        "BIMMATURITY_ROOT": str(project),
    }
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bimmaturity.cli", "build", "--jobs", "2", *args],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)  # usage: the build and what it waited for
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    PEAKS[str(code)] = max(PEAKS.get(str(code), 0.0), usage.ru_maxrss / 1024)
    if process.returncode != 0:
        raise RuntimeError(f"build in {project} failed:\n{output}")
    return seconds


def fresh_project(folder: Path, code: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data" / "raw").mkdir(parents=True)
    shutil.copytree(code / "notebooks", folder / "notebooks")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=2)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        designs = {
            "baseline": extract(args.baseline, root / "baseline-code"),
            "current": REPO,
        }
        full: dict[str, list[float]] = {name: [] for name in designs}
        again: dict[str, list[float]] = {name: [] for name in designs}
        for _ in range(args.repeats):
            for name, code in designs.items():
                project = fresh_project(root / f"project-{name}", code)
                full[name].append(build_seconds(code, project, "--force"))
                again[name].append(build_seconds(code, project))
    rows = []
    for name in designs:
        rows.append((name, statistics.median(full[name]), statistics.median(again[name])))
    if args.json:
        (_, base, _), (_, current, unchanged) = rows
        peak = PEAKS[str(REPO)]
        what = f"full build of the example data, against {args.baseline}"
        table = [
            {"what": what, "baseline_s": base, "current_s": current, "peak_mb": peak},
            {
                "what": "a build with nothing changed, against a full build",
                "baseline_s": current,
                "current_s": unchanged,
                "peak_mb": peak,
            },
        ]
        for row in table:
            row["ratio"] = row["baseline_s"] / row["current_s"]
        print(json.dumps({"benchmark": "bench_build", "rows": table}))
        return
    print(f"example data, 2 workers, median of {args.repeats} (seconds)")
    print(f"{'design':<10}{'full build':>12}{'no change':>12}")
    for name, whole, unchanged in rows:
        print(f"{name:<10}{whole:>12.1f}{unchanged:>12.1f}")
    base, current = rows[0][1], rows[1][1]
    print(f"full build, baseline / current: {base / current:.2f}x faster")
    print(f"no-change rebuild / full build (current): {rows[1][2] / current:.1%}")


if __name__ == "__main__":
    main()
