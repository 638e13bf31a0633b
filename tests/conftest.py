"""Shared fixtures: the instrument, the example raw folder, and its processed tables."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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
