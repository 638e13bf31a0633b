"""Run every benchmark with modest settings and print one table (``make bench``).

Each benchmark runs in its own process with ``--json`` and measures its baseline in the same
run; this script collects their rows and prints them as one Markdown table: benchmark, what
is measured, baseline seconds, current seconds, the ratio (baseline / current: how many
times faster) and the peak memory of the current run in MB. The seconds are wall-clock and
vary with the machine's load; compare the ratios.

Settings (about 10 minutes on two cores):

- ``bench_analysis.py --sizes 400 --repeats 1``: the whole analysis of 400 organisations x 25
  respondents against the rules of commit 4fa466a; peak memory of the measuring process.
- ``bench_build.py 1``: a full build of the example data against the design of commit
  4fa466a, and a build with nothing changed against a full build; peak memory of the largest
  process of a build (the command or one report kernel).
- ``bench_ingest.py --repeat 3``: ingest of 400 workbooks x 25 respondents against a naive
  ``pandas.read_excel(engine="openpyxl")`` loop; peak memory of ingest plus its largest
  reading process.
- ``bench_scale.py``: a build of 400 organisations (the synthetic population, 25 respondents):
  every report against the naive loop (papermill + nbconvert per report, one at a time,
  measured on 20 reports and scaled), the marginal cost of a profile, a no-change rebuild
  against the full build, and every stage's seconds and peak memory (the whole process tree).

Run::

    .venv/bin/python benchmarks/run_all.py [--only bench_ingest ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "bench_analysis": ["--sizes", "400", "--repeats", "1"],
    "bench_build": ["1"],
    "bench_ingest": ["--repeat", "3"],
    "bench_scale": ["--organisations", "400", "--respondents", "25", "--sample", "20"],
}
COLUMNS = ("benchmark", "what", "baseline s", "current s", "ratio", "peak MB")


def run(name: str, args: list[str]) -> list[dict]:
    """The rows a benchmark prints with ``--json`` (its last line of output)."""
    done = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    rows = json.loads(done.stdout.strip().splitlines()[-1])["rows"]
    return [{"benchmark": name, **row} for row in rows]


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[dict]) -> str:
    """The rows as one Markdown table.

    Examples
    --------
    >>> print(table([{"benchmark": "b", "what": "w", "baseline_s": 10.0, "current_s": 2.0,
    ...               "ratio": 5.0, "peak_mb": 300.4}]))
    | benchmark | what | baseline s | current s | ratio | peak MB |
    | --- | --- | --- | --- | --- | --- |
    | b | w | 10.00 | 2.00 | 5.0x | 300 |
    """
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    for row in rows:
        ratio = row.get("ratio")
        cells = [
            row["benchmark"],
            row["what"],
            _number(row.get("baseline_s"), 2),
            _number(row.get("current_s"), 2),
            "-" if ratio is None else f"{ratio:.1f}x",
            _number(row.get("peak_mb"), 0),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), default=None)
    args = parser.parse_args(argv)
    rows = []
    for name in args.only or BENCHMARKS:
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += run(name, BENCHMARKS[name])
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
