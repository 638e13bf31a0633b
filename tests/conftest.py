"""Shared fixtures: the instrument, the example raw folder, and its processed tables."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bimmaturity.conftest import _provinces_again  # noqa: F401  (autouse: every test)
from bimmaturity.example import write_example
from bimmaturity.ingest import ingest
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.store import load_processed


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return default_instrument()


@pytest.fixture(scope="session")
def example_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("example_raw")
    write_example(raw)
    return raw


@pytest.fixture(scope="session")
def example_processed(tmp_path_factory: pytest.TempPathFactory, example_raw: Path) -> Path:
    processed = tmp_path_factory.mktemp("processed")
    salt = tmp_path_factory.mktemp("salt") / "salt"
    ingest(example_raw, processed, salt_path=salt, example=True)
    return processed


@pytest.fixture(scope="session")
def example_data(example_processed: Path):
    return load_processed(example_processed)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def rendered_charts(tmp_path: Path):
    """Open a page in headless Chromium with no network; return the DOM of each chart div.

    Skips where Chromium is missing on a developer machine; in CI (``CI`` set, .ci/run installs
    Debian's chromium) a missing browser fails instead.
    """
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run should have installed it")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")

    def render(page: Path) -> tuple[list[str], str]:
        done = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / f'profile-{page.stem}'}",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--virtual-time-budget=10000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        charts = re.split(r'<div[^>]*id="bm-chart-\d+"', done.stdout)[1:]
        return charts, done.stdout

    return render


REPO = Path(__file__).resolve().parents[1]


def run_build_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``bimmaturity <args>`` in the project ``root`` (a real subprocess)."""
    return subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "BIMMATURITY_ROOT": str(root)},
        cwd=root,
    )


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once on the example data (empty data/raw but for its README), shared
    by the test modules that need a real build. Never changed: copy it (:func:`copy_project`).
    The build's standard output is in ``build-stdout.txt`` beside the project.

    Under pytest-xdist (``make test`` runs two workers) the workers share one build: the first
    to arrive builds it under a lock in the run's common temporary folder, the other waits.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return _build_example_project(tmp_path_factory.mktemp("example-project") / "project")
    shared = tmp_path_factory.getbasetemp().parent / "shared-example-project"
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / "done").exists():
            _build_example_project(shared / "project")
            (shared / "done").write_text("", encoding="utf-8")
    return shared / "project"


def _build_example_project(root: Path) -> Path:
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(REPO / "data" / "raw" / "README.md", raw / "README.md")
    (raw / ".gitkeep").write_bytes(b"")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    done = run_build_cli(root, "build", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    (root.parent / "build-stdout.txt").write_text(done.stdout, encoding="utf-8")
    return root


def copy_project(template: Path, destination: Path) -> Path:
    """A private copy of a built project (files, modes and times kept)."""
    shutil.copytree(template, destination, symlinks=True)
    return destination
