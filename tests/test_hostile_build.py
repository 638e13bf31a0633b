"""Issue 12 through real builds: payloads in file, sheet and round names, headers and province
text run nowhere (every page opened in headless Chromium); no formula in the workbook; one run
at a time; a killed build leaves no worker or kernel; a failure in the figures keeps the previous
index; leftovers of an interrupted run are removed at the next start."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from test_ingest_support import forms_row, forms_sheet, tidy_rows, write_csv, write_xlsx

from bimmaturity import vocab
from bimmaturity.example import write_example

REPO = Path(__file__).resolve().parents[1]
MARK = "document.body.appendChild(document.createElement('pwned'))"
IMG = f"<img src=x onerror={MARK}>"  # no "/": it is also a file name
SCRIPT = f"</script><script>{MARK}</script>"
LINK = f"[klik](javascript:{MARK})"
SHEET = "<svg onload=document.title=7>"  # a sheet name holds at most 31 characters
FORMULA = '=HYPERLINK("http:x","klik")'


def run_cli(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "BIMMATURITY_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=root,
        **kwargs,
    )


def plant_payloads(raw: Path) -> None:
    """The example exports plus files whose names, sheets, rounds, headers and province text
    are payloads; each gives an error or a warning (read with --lenient)."""
    write_example(raw)
    write_csv(raw / "2020" / f"{IMG}.csv", [["niets", "bruikbaars"], [1, 2]])
    write_csv(raw / "2020" / f"{FORMULA}.csv", [["niets", "bruikbaars"], [1, 2]])
    rows = tidy_rows("Zeeland")
    write_csv(raw / "2020" / "meting.csv", [[*rows[0], "meting"], [*rows[1], SCRIPT]])
    write_csv(raw / "2020" / "provincie.csv", [rows[0], [IMG, *rows[1][1:]]])
    write_xlsx(raw / "2020" / "blad.xlsx", {SHEET: [["niets"], [1]]})
    form = forms_sheet([forms_row(90, "Zeeland")])
    form[0] = [*form[0], LINK, IMG]
    form[1] = [*form[1], "a", "b"]
    write_xlsx(raw / "2020" / "Form2.xlsx", {"Form1": form})


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("payloads")
    plant_payloads(root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    done = run_cli(root, "build", "--jobs", "2", "--lenient")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


@pytest.mark.slow
def test_no_payload_runs_in_any_report(payload_build: Path, rendered_charts):
    reports = payload_build / "reports"
    built = sorted((reports / "html").glob("*.html"))
    assert len(built) == 17
    # Every report kind once (the profiles share one notebook), and the index.
    kinds = {re.sub(r"^provincieprofiel-.*$", "provincieprofiel", p.stem): p for p in built}
    pages = [reports / "index.html", *kinds.values()]
    assert len(pages) == 7
    with ThreadPoolExecutor(2) as pool:
        doms = dict(zip(pages, pool.map(lambda p: rendered_charts(p)[1], pages), strict=True))
    for page, dom in doms.items():
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert "<body" in dom, f"{page.name} did not render"
        assert "<pwned" not in dom, f"payload ran in {page.name}"
        assert re.search(r"<title>(.*?)</title>", dom, re.S).group(1) == title.group(1)
        assert not re.search(r"""(href|src)=["']?javascript:""", dom), page.name
        assert not re.search(r"<(img|svg)[^>]*\son(error|load)=", dom), page.name
        if page.name != "index.html":  # every report lists the issues, payloads as text
            for text in (IMG, "&lt;/script&gt;&lt;script&gt;", SHEET, LINK):
                shown = text if text.startswith("&") else text.replace("<", "&lt;")
                assert shown.replace(">", "&gt;") in dom, (page.name, text)


@pytest.mark.slow
def test_no_formula_in_the_workbook_or_the_issues(payload_build: Path):
    workbook = openpyxl.load_workbook(payload_build / "reports" / "tabellen.xlsx")
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(FORMULA in t for t in texts)  # the file is named, as text
    scores = workbook[vocab.WORKBOOK_SHEETS["scores"]]
    column = [c.value for c in scores[1]].index(vocab.WORKBOOK_HEADERS["wave"])
    assert {row[column] for row in scores.iter_rows(min_row=2, values_only=True)} == {2018, 2020}
    with open(payload_build / "data" / "processed" / "issues.csv", encoding="utf-8") as stream:
        fields = [f for row in csv.reader(stream) for f in row]
    assert not [f for f in fields if f.startswith(("=", "+", "-", "@", "\t", "\r"))]


def _copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


@pytest.mark.slow
def test_a_failure_in_the_figures_keeps_the_previous_index(payload_build: Path, tmp_path):
    root = _copy_project(payload_build, tmp_path / "project")
    reports = root / "reports"
    index = (reports / "index.html").read_bytes()
    pages = {p.name: p.read_bytes() for p in (reports / "html").glob("*.html")}
    shutil.rmtree(reports / "figures")
    (reports / "figures").write_text("geen map")  # the figures cannot be written
    done = run_cli(root, "build", "--lenient")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fout: 1 onderde(e)l(en) mislukt"), lines
    assert "figuren:" in lines[0]
    assert (reports / "index.html").read_bytes() == index
    assert {p.name: p.read_bytes() for p in (reports / "html").glob("*.html")} == pages


def _descendants(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pids: list[int]) -> list[int]:
    psutil = pytest.importorskip("psutil")
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_worker_or_kernel(payload_build: Path, tmp_path, how):
    root = _copy_project(payload_build, tmp_path / "project")
    env = {**os.environ, "BIMMATURITY_ROOT": str(root)}
    (root / "reports" / ".build-stamps.json").unlink()  # every report again, nothing else
    build = subprocess.Popen(
        [sys.executable, "-m", "bimmaturity.cli", "build", "--jobs", "2", "--lenient"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        seen: set[int] = set()
        while time.monotonic() < deadline:  # two workers, each with its kernel
            seen |= set(_descendants(build.pid))
            kernels = [p for p in _descendants(build.pid) if "ipykernel" in " ".join(_cmdline(p))]
            if len(kernels) >= 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the build started no kernels")
        seen |= set(_descendants(build.pid))
        build.send_signal(how)
        signalled = time.monotonic()
        code = build.wait(timeout=30)
        if how == signal.SIGTERM:  # stops at once (the reports running are not waited for)
            assert code == 130 and time.monotonic() - signalled < 3
        deadline = time.monotonic() + 10
        while _alive(sorted(seen)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(sorted(seen)) == [], [_cmdline(p) for p in _alive(sorted(seen))]
        written = {p: p.stat().st_mtime for p in (root / "reports").rglob("*") if p.is_file()}
        time.sleep(2)
        later = {p: p.stat().st_mtime for p in (root / "reports").rglob("*") if p.is_file()}
        assert later == written, "files written after the build died"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()


def _cmdline(pid: int) -> list[str]:
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).cmdline()
    except psutil.Error:
        return []


@pytest.mark.slow
def test_leftovers_of_an_interrupted_run_are_removed_at_the_next_start(
    payload_build: Path, tmp_path
):
    root = _copy_project(payload_build, tmp_path / "project")
    processed, reports = root / "data" / "processed", root / "reports"
    planted = [
        processed / ".staging-abc123" / "answers.parquet",
        processed / ".analysis-xyz" / "scores.parquet",
        processed / ".manifest.json.k2j4h5g6",
        reports / "html" / ".vergelijking.html.a1b2c3d4",
        reports / "figures" / ".huidig_2020.q1w2e3r4.png",
    ]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    mine = reports / ".mijn-notities.txt"
    mine.write_text("blijft")
    done = run_cli(root, "build", "--lenient")
    assert done.returncode == 0, done.stderr
    assert [p for p in planted if p.exists()] == []
    assert not list(processed.glob(".staging-*")) and not list(processed.glob(".analysis-*"))
    assert mine.read_text() == "blijft"


# ----------------------------------------------------------------------------- one at a time
HOLD = """
import sys, time
from pathlib import Path
from bimmaturity.lock import exclusive
with exclusive(Path(sys.argv[1])):
    print("vast", flush=True)
    time.sleep(120)
"""


@pytest.mark.slow
def test_a_second_run_on_the_same_folders_is_refused(tmp_path: Path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    write_csv(raw / "2022" / "a.csv", tidy_rows("Zeeland"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(processed)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "vast"
        started = time.monotonic()
        done = run_cli(tmp_path, "ingest", "--raw", str(raw), "--processed", str(processed))
        assert done.returncode == 1
        assert done.stderr.startswith("Fout: er loopt al een 'bimmaturity ingest' of 'build'")
        assert f"(proces {holder.pid})" in done.stderr
        assert time.monotonic() - started < 30
        assert not (processed / "manifest.json").exists()
        done = run_cli(
            tmp_path, "build", "--raw", str(raw), "--processed", str(processed), "--jobs", "1"
        )
        assert done.returncode == 1 and "er loopt al" in done.stderr
    finally:
        holder.send_signal(signal.SIGKILL)  # a killed holder leaves its lock file behind
        holder.wait()
        holder.stdout.close()
    done = run_cli(tmp_path, "ingest", "--raw", str(raw), "--processed", str(processed))
    assert done.returncode == 0, done.stderr  # the stale lock is no obstacle
