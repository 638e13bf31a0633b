"""Benchmark: ingest a 400-workbook raw folder with python-calamine versus openpyxl.

The scenario of the design note's upper bound: about 400 organisations each sending a workbook.
The folder holds Microsoft Forms exports (one sheet, a few respondents, 73 columns) and filled
questionnaire templates (four sheets, drop-downs, merged headings), in two waves.

Measured, for each engine: loading every workbook into grids (:func:`load_sheets`), and the
whole :func:`bimmaturity.ingest.collect` (read, validate, pseudonymise, build the tables).
Engines: ``calamine`` (the default) and ``openpyxl`` (``load_workbook(data_only=True)``, what
cell-level detail would need); ``openpyxl read-only`` is shown for reference (grids only).
Both engines share the XML scan for error values and formulas, so the ratio isolates the
cell-reading library. Every run starts cold (the readers' caches of folded texts and parsed
answers are cleared), so the order of the runs does not matter.

Not part of the test suite (pytest collects ``tests`` and ``bimmaturity`` only). Run::

    .venv/bin/python benchmarks/bench_ingest.py [--files 400] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from bimmaturity.ingest import collect
from bimmaturity.input.discover import find_inputs
from bimmaturity.input.grid import column_letter, load_sheets
from bimmaturity.input.readers.base import fold
from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import provinces
from bimmaturity.questionnaire import template_bytes

INSTRUMENT = default_instrument()


def _forms_workbook(index: int, province: str, respondents: int = 5) -> bytes:
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


def _filled_template(index: int, province: str, wave: str) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(province, wave, INSTRUMENT)))
    questions = workbook["Vragen"]
    codes = set(INSTRUMENT.question_ids)
    for row in questions.iter_rows(min_row=5):
        if row[0].value in codes:
            row[2].value = f"{1 + index % 4} - {INSTRUMENT.level_label(1 + index % 4)}"
            row[3].value = f"{2 + index % 4} - {INSTRUMENT.level_label(2 + index % 4)}"
    workbook["Gegevens"]["B7"] = f"Invuller {index}"  # one person per template
    for row in workbook["Rollen en toelichting"].iter_rows(min_row=4):
        row[2].value = "Volgen"
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.close()
    return buffer.getvalue()


def make_folder(folder: Path, files: int = 400) -> Path:
    """A raw folder of ``files`` workbooks: three Forms exports for every filled template."""
    codes = provinces()["cbs_code"].tolist()
    for index in range(files):
        wave = "2022" if index % 2 else "2024"
        province = codes[index % len(codes)]
        if index % 4 == 3:
            data = _filled_template(index, province, wave)
            name = f"template_{index:03d}.xlsx"
        else:
            data = _forms_workbook(index, province)
            name = f"forms_{index:03d}.xlsx"
        path = folder / wave / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def _openpyxl_read_only(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(row) for sheet in workbook.worksheets for row in sheet.iter_rows())
    workbook.close()
    return cells


def _cold() -> None:
    """Forget what the readers remembered (folded texts, parsed answers) so every run pays
    the same; the order of the runs then does not matter."""
    fold.cache_clear()
    column_letter.cache_clear()
    INSTRUMENT._parsed.clear()


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        _cold()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak_rss_mb(code: str) -> float:
    """Peak resident memory of a fresh Python process running ``code`` (MB)."""
    probe = code + "\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="write the folder here")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        started = time.perf_counter()
        if not find_inputs(folder).exports:
            make_folder(folder, args.files)
        paths = [p for p, _ in find_inputs(folder).exports]
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(
            f"{len(paths)} workbooks, {size:.1f} MB, made in {time.perf_counter() - started:.1f} s"
        )
        results = {}
        for engine in ("calamine", "openpyxl"):
            results[f"load_sheets {engine}"] = _median(
                lambda engine=engine: [load_sheets(p, engine=engine) for p in paths], args.repeat
            )
        results["openpyxl read-only (grids only)"] = _median(
            lambda: [_openpyxl_read_only(p) for p in paths], args.repeat
        )
        answers = {}
        for engine in ("calamine", "openpyxl"):
            collected = None

            def run(engine=engine):
                nonlocal collected
                collected = collect(folder, salt="benchmark", engine=engine)

            results[f"collect {engine}"] = _median(run, args.repeat)
            answers[engine] = collected.answers
            errors = len(collected.errors)
            print(f"collect {engine}: {len(collected.answers)} answers, {errors} errors")
        assert answers["calamine"].equals(answers["openpyxl"]), "engines disagree"
        width = max(map(len, results))
        for name, seconds in results.items():
            print(f"{name:<{width}}  {seconds:6.2f} s")
        load = results["load_sheets openpyxl"] / results["load_sheets calamine"]
        whole = results["collect openpyxl"] / results["collect calamine"]
        print(f"ratio openpyxl/calamine: loading {load:.1f}x, whole collect {whole:.1f}x")
        baseline = _peak_rss_mb("import bimmaturity.ingest")
        peak = _peak_rss_mb(
            "from pathlib import Path; from bimmaturity.ingest import collect; "
            f"collect(Path({str(folder)!r}), salt='benchmark')"
        )
        print(
            f"peak memory: import only {baseline:.0f} MB, collect {peak:.0f} MB "
            f"(ratio {peak / baseline:.2f}, +{peak - baseline:.0f} MB for the folder)"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
