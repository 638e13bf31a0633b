"""The processed data on disk: written safely, loaded back with the instrument it was read with.

- an ingest interrupted by an exception or killed outright (SIGKILL) while staging leaves the
  previous tables intact; killed in the middle of the renames, the mixed state is detected by
  load_processed and never read;
- the manifest records the whole instrument, and ``Processed.instrument`` rebuilds it (the
  default for a manifest written before it was recorded);
- entries of the processed folder that are not tables (the saved analysis) are left alone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_ingest_support import (
    cli_in_process,
    forms_row,
    forms_sheet,
    snapshot,
    write_csv,
    write_xlsx,
)

from bimmaturity.ingest import ingest
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.store import (
    ProcessedMismatch,
    atomic_path,
    atomic_write,
    instrument_record,
    load_processed,
)

TABLES = ["answers.parquet", "roles.parquet", "comments.parquet", "costs.parquet", "issues.csv"]


# ----------------------------------------------------------------------------- atomicity
@pytest.fixture
def two_versions(tmp_path: Path, example_raw: Path) -> tuple[Path, Path, Path]:
    """Processed tables of the example (version 1) and a raw folder that gives version 2."""
    processed, salt = tmp_path / "processed", tmp_path / "salt"
    ingest(example_raw, processed, salt_path=salt)
    raw = tmp_path / "raw2"
    write_xlsx(raw / "2022/Form1.xlsx", {"Form1": forms_sheet([forms_row(1), forms_row(2)])})
    return processed, raw, salt


def test_an_exception_during_the_renames_rolls_back(two_versions, monkeypatch):
    processed, raw, salt = two_versions
    before = snapshot(processed)
    real = os.replace
    calls = []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(raw, processed, salt_path=salt)
    monkeypatch.undo()
    assert len(calls) > 2  # the first table was replaced, then put back
    assert snapshot(processed) == {k: v for k, v in before.items()}
    assert list(processed.glob(".staging-*")) == []
    assert load_processed(processed).waves == ["2018", "2020"]


_KILL_SCRIPT = textwrap.dedent(
    """
    import importlib.util, os, signal, sys
    from pathlib import Path

    # import bimmaturity.ingest without running the package's __init__ (it imports charts and
    # altair, slow to import and not needed here)
    sys.modules["bimmaturity"] = importlib.util.module_from_spec(
        importlib.util.find_spec("bimmaturity")
    )
    from bimmaturity import ingest as ingest_module

    raw, processed, salt, hook, after = sys.argv[1:6]
    calls = []
    real = getattr(os, hook)

    def killing(*args):
        calls.append(args)
        if len(calls) == int(after):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)

    original = ingest_module.write_processed

    def write_processed(collected, folder):
        setattr(os, hook, killing)
        return original(collected, folder)

    ingest_module.write_processed = write_processed
    ingest_module.ingest(Path(raw), Path(processed), salt_path=Path(salt))
    """
)


def _killed_ingest(raw: Path, processed: Path, salt: Path, hook: str, after: int):
    return subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(raw), str(processed), str(salt), hook, str(after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_killed_ingest_never_leaves_a_silent_mix(tmp_path: Path, example_raw: Path):
    # two copies of version 1; one ingest killed while staging, one in the middle of renaming
    versions = {}
    for name in ("staging", "renaming"):
        processed, salt = tmp_path / name / "processed", tmp_path / name / "salt"
        ingest(example_raw, processed, salt_path=salt)
        versions[name] = (processed, salt, snapshot(processed))
    raw = tmp_path / "raw2"
    write_xlsx(raw / "2022/Form1.xlsx", {"Form1": forms_sheet([forms_row(1)])})
    runs = {
        "staging": _killed_ingest(raw, *versions["staging"][:2], "fsync", 3),
        "renaming": _killed_ingest(raw, *versions["renaming"][:2], "replace", 3),
    }
    for process in runs.values():
        _, err = process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL, err

    # killed while staging: the previous tables are untouched, byte for byte
    processed, salt, before = versions["staging"]
    after = {k: v for k, v in snapshot(processed).items() if not k.startswith(".staging-")}
    assert after == before
    assert len(list(processed.glob(".staging-*"))) == 1  # left behind by the kill
    assert load_processed(processed).waves == ["2018", "2020"]

    # killed between renames: two tables are new, the manifest is old; never read as a mix
    processed, salt, before = versions["renaming"]
    changed = sorted(k for k, v in snapshot(processed).items() if before.get(k) != v)
    assert [c for c in changed if not c.startswith(".staging-")] == TABLES[:2]
    with pytest.raises(ProcessedMismatch, match=r"answers\.parquet hoort niet bij manifest\.json"):
        load_processed(processed)
    code, _, err = cli_in_process(
        ["tables", "--processed", str(processed), "--out", str(tmp_path / "t.xlsx")], tmp_path
    )
    assert code == 1 and "draai 'bimmaturity ingest' opnieuw" in err

    # the next ingest repairs both and clears the stale staging folders
    for name in ("staging", "renaming"):
        processed, salt, _ = versions[name]
        ingest(raw, processed, salt_path=salt)
        assert load_processed(processed).waves == ["2022"]
        assert list(processed.glob(".staging-*")) == []


def test_other_entries_of_the_processed_folder_are_left_alone(two_versions):
    processed, raw, salt = two_versions
    (processed / "analysis").mkdir()
    (processed / "analysis" / "analysis.json").write_text('{"saved": true}', encoding="utf-8")
    (processed / "notities.txt").write_text("van de analist", encoding="utf-8")
    assert load_processed(processed).waves == ["2018", "2020"]  # a subfolder does no harm
    before = snapshot(processed)
    ingest(raw, processed, salt_path=salt)
    after = snapshot(processed)
    written = {*TABLES, "manifest.json"}
    assert {k: v for k, v in after.items() if k not in written} == {
        k: v for k, v in before.items() if k not in written
    }
    assert set(after) == set(before)
    assert "analysis/analysis.json" in after and "notities.txt" in after
    assert load_processed(processed).waves == ["2022"]


def test_missing_processed_data_is_named():
    with pytest.raises(FileNotFoundError, match="draai eerst 'bimmaturity ingest'"):
        load_processed(Path("/nonexistent/processed"))


def test_atomic_write_and_atomic_path(tmp_path: Path):
    target = tmp_path / "sub" / "salt"
    atomic_write(target, b"een")
    atomic_write(target, b"twee")
    assert target.read_bytes() == b"twee"
    with atomic_path(tmp_path / "rapport.html") as temporary:
        temporary.write_text("klaar", encoding="utf-8")
        assert not (tmp_path / "rapport.html").exists()
    assert (tmp_path / "rapport.html").read_text(encoding="utf-8") == "klaar"
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "half.html") as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["rapport.html", "salt", "sub"]


# ----------------------------------------------------------------------------- instrument
def _smaller_instrument() -> Instrument:
    """The default instrument cut down: its first three elements, the first one with a
    question fewer, and another id and version."""
    definition = default_instrument().model_dump(mode="json")
    definition["id"] = "kleiner"
    definition["version"] = "0.1"
    definition["elements"] = definition["elements"][:3]
    definition["elements"][0]["questions"] = definition["elements"][0]["questions"][:-1]
    return Instrument.model_validate(definition)


def test_the_instrument_travels_with_the_data(tmp_path: Path):
    small = _smaller_instrument()
    default = default_instrument()
    assert len(small.question_ids) < len(default.question_ids)
    assert len(small.element_ids) < len(default.element_ids)
    rows = [["provincie", "respondent", "vraag", "huidig", "ambitie"]]
    rows += [["Zeeland", "", question, 2, 3] for question in small.question_ids]
    write_csv(tmp_path / "raw/2024/antwoorden.csv", rows)
    processed = tmp_path / "processed"
    ingest(tmp_path / "raw", processed, salt_path=tmp_path / "salt", instrument=small)

    data = load_processed(processed)
    assert data.instrument == small
    assert data.instrument != default
    assert data.instrument.element_ids == small.element_ids
    assert data.instrument.question_ids == small.question_ids
    assert len(data.answers) == len(small.question_ids)
    assert data.instrument.resolve_element("visie") == "VISIE"  # derived lookups work too
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["instrument"]["id"] == "kleiner"
    assert manifest["instrument"]["version"] == "0.1"
    assert manifest["instrument"] == instrument_record(small)


def test_the_default_instrument_comes_back_as_itself(example_data):
    assert example_data.instrument is default_instrument()


def test_a_manifest_without_the_instrument_gives_the_default(tmp_path: Path, two_versions):
    processed, _, _ = two_versions
    manifest_path = processed / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["instrument"] = {"id": manifest["instrument"]["id"], "version": "1"}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert load_processed(processed).instrument is default_instrument()
    del manifest["instrument"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert load_processed(processed).instrument is default_instrument()


def test_instrument_record_round_trips_through_json():
    small = _smaller_instrument()
    record = json.loads(json.dumps(instrument_record(small)))
    rebuilt = Instrument.model_validate(record["definition"])
    assert rebuilt == small
    assert rebuilt.model_dump() == small.model_dump()
    assert rebuilt.question_frame().equals(small.question_frame())
    assert rebuilt.parse_level("2 - Gedefinieerd") == small.parse_level("2 - Gedefinieerd") == 2
