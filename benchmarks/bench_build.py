"""Benchmark: one report notebook run (papermill + HTML export), fast kernel start vs stock.

Run: .venv/bin/python benchmarks/bench_build.py [repeats]
Prints medians and the ratio against the stock kernel start measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from bimmaturity.analysis import AnalysisOptions
from bimmaturity.build import plan_reports, run_report, vega_bundle
from bimmaturity.example import write_example
from bimmaturity.ingest import ingest, load_processed

REPO = Path(__file__).resolve().parents[1]


def main(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_example(root / "raw")
        ingest(root / "raw", root / "processed", salt_path=root / "salt", example=True)
        processed = load_processed(root / "processed")
        jobs = plan_reports(processed, REPO / "notebooks", root / "processed", AnalysisOptions())
        profile = next(job for job in jobs if job.notebook == "10_provincieprofiel")
        bundle = vega_bundle()
        timings: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(repeats):
            for fast in (False, True):
                seconds = run_report(
                    profile, REPO / "notebooks", root / "reports", bundle, fast_kernel=fast
                )
                timings[fast].append(seconds)
    stock = statistics.median(timings[False])
    fast = statistics.median(timings[True])
    print(f"profile report, stock kernel start: median {stock:.2f} s over {repeats}")
    print(f"profile report, fast kernel start:  median {fast:.2f} s over {repeats}")
    print(f"ratio fast/stock: {fast / stock:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
