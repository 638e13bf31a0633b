"""Shared fixtures: the instrument, the example raw folder, and its processed tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimmaturity.example import write_example
from bimmaturity.ingest import ingest, load_processed
from bimmaturity.instrument import Instrument, default_instrument


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
