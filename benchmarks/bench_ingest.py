"""Benchmark: ingest of N organisations x 25 respondents as N workbooks, against a naive loop of
``pandas.read_excel(engine="openpyxl")`` over the same files, measured in the same run.

The scenario of issue 11: every organisation sends one Microsoft Forms export (one sheet, 25
respondents, a row each, 73 columns: times, e-mail, name, organisation, current level and
ambition of every question, a role and a comment per element), in two rounds (folders
``2022`` and ``2024``, alternating). Organisations cycle through the twelve provinces of the
registry; every respondent is a different person.

Measured, each in a fresh Python process (so peak memory is that of the work alone, plus the
imports), median of ``--repeat`` runs:

- **baseline**: ``pd.read_excel(path, engine="openpyxl", sheet_name=None)`` for every file,
  one after the other: loading the grids only, no validation, no tables, nothing written.
- **current**: :func:`bimmaturity.ingest.ingest` end to end: find, read, validate,
  pseudonymise, build the tables and write them into a temporary processed folder.

Peak memory is the peak resident set of the measuring process plus the largest of its
workers (``ru_maxrss`` of self and children), in MB. ``--json`` prints one JSON object (the
rows of ``benchmarks/run_all.py``'s table) instead of the text table.

Not part of the test suite (pytest collects ``tests`` and ``bimmaturity`` only). Run::

    .venv/bin/python benchmarks/bench_ingest.py [--files 400] [--respondents 25] [--repeat 3]
        [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from bimmaturity.input.discover import find_inputs
from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import provinces

INSTRUMENT = default_instrument()


def _forms_workbook(index: int, province: str, respondents: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    header = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam"]
    header += ["Tijd van laatste wijziging", "Provincie"]
    for element in INSTRUMENT.elements:
        for question in element.questions:
            header += [f"{question.id} Huidige situatie: {question.text}"]
            header += [f"{question.id} Ambitie: {question.text}"]
        header += [f"[{element.id} rol] Welke rol?", f"[{element.id} toelichting] Toelichting"]
    sheet.append(header)
    labels = [f"{level.value} - {level.label}" for level in INSTRUMENT.scale.levels]
    for row in range(respondents):
        done = datetime(2024, 3, 1) + timedelta(hours=index * 7 + row)
        values = [row + 1, done - timedelta(minutes=30), done, f"r{index}.{row}@org.test"]
        values += [f"Respondent {index}.{row}", done, province]
        for element_index, element in enumerate(INSTRUMENT.elements):
            for question_index, _question in enumerate(element.questions):
                level = 1 + (index + row + element_index + question_index) % 4
                values += [labels[level - 1], labels[level]]
            values += ["Meedoen", "tekst" if row == 0 else None]
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.close()
    return buffer.getvalue()


def make_folder(folder: Path, files: int = 400, respondents: int = 25) -> Path:
    """A raw folder of ``files`` Forms exports of ``respondents`` each, in two rounds."""
    codes = provinces()["cbs_code"].tolist()
    for index in range(files):
        wave = "2022" if index % 2 else "2024"
        path = folder / wave / f"forms_{index:03d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_forms_workbook(index, codes[index % len(codes)], respondents))
    return folder


# The measured work, each run in a fresh process (``--worker``): seconds and peak memory.
def _baseline(raw: Path) -> float:
    """The naive loop: every workbook into pandas with openpyxl, nothing else."""
    import pandas as pd

    paths = [path for path, _ in find_inputs(raw).exports]
    started = time.perf_counter()
    for path in paths:
        pd.read_excel(path, engine="openpyxl", sheet_name=None)
    return time.perf_counter() - started


def _current(raw: Path) -> float:
    """:func:`bimmaturity.ingest.ingest` end to end, into a temporary processed folder."""
    from bimmaturity.ingest import ingest

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        ingest(raw, Path(out) / "processed", salt_path=Path(out) / "salt")
        return time.perf_counter() - started


_WORKERS = {"baseline": _baseline, "current": _current}


def _worker(kind: str, raw: Path) -> None:
    import resource

    seconds = _WORKERS[kind](raw)
    # this process plus its largest worker (the readers of ingest, when it uses them)
    peak_kb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


def _run(kind: str, raw: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--keep", str(raw)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} run failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(raw: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Per kind (baseline, current): median seconds and largest peak memory (MB) of
    ``repeat`` fresh-process runs, taken in turns so both meet the same machine load."""
    runs: dict[str, list[dict]] = {kind: [] for kind in _WORKERS}
    for _ in range(repeat):
        for kind in runs:
            runs[kind].append(_run(kind, raw))
    return {
        kind: (
            statistics.median(r["seconds"] for r in results),
            max(r["peak_mb"] for r in results),
        )
        for kind, results in runs.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--respondents", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="the raw folder (made if empty)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", choices=sorted(_WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.keep)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        started = time.perf_counter()
        if not find_inputs(folder).exports:
            make_folder(folder, args.files, args.respondents)
        paths = [p for p, _ in find_inputs(folder).exports]
        size = sum(p.stat().st_size for p in paths) / 1e6
        made = time.perf_counter() - started
        measured = measure(folder, args.repeat)
        (baseline, baseline_peak), (current, current_peak) = (
            measured["baseline"],
            measured["current"],
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    what = f"ingest {len(paths)} workbooks x {args.respondents} respondents"
    rows = [
        {
            "benchmark": "bench_ingest",
            "what": f"{what} vs pd.read_excel(openpyxl) loop",
            "baseline_s": baseline,
            "current_s": current,
            "ratio": baseline / current,
            "peak_mb": current_peak,
            "baseline_peak_mb": baseline_peak,
        }
    ]
    if args.json:
        print(json.dumps({"benchmark": "bench_ingest", "rows": rows}))
        return
    print(f"{len(paths)} workbooks, {size:.1f} MB, made in {made:.1f} s; median of {args.repeat}")
    print(f"baseline  pd.read_excel(openpyxl) loop  {baseline:6.2f} s  {baseline_peak:6.0f} MB")
    print(f"current   ingest() end to end           {current:6.2f} s  {current_peak:6.0f} MB")
    print(f"ratio baseline / current: {baseline / current:.1f}x")


if __name__ == "__main__":
    main()
