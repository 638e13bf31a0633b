"""The processed data: write it safely, load it back, and the manifest that ties it together.

data/processed holds answers.parquet, roles.parquet, comments.parquet, costs.parquet,
issues.csv and manifest.json. The manifest records where the data came from, the sha256 of
every table, and the whole instrument the data was read with, so that :class:`Processed`
gives that instrument back (:attr:`Processed.instrument`). Other entries of the folder (the
saved analysis in ``analysis/``, for one) are left alone by :func:`write_processed` and not
read by :func:`load_processed`.

Writing (:func:`write_processed`) is staged in a hidden folder inside data/processed, then
renamed into place with the manifest last; an exception rolls back, and a hard kill between
renames is detected by :func:`load_processed` through the sha256 of every table recorded in
the manifest. :func:`atomic_write` and :func:`atomic_path` give the same guarantee for one
file (the salt, the questionnaire templates, reports). Every file they create gets the mode
an ordinary ``open`` would give under the user's umask (normally 0644, readable by colleagues),
not the 0600 of a temporary file (:func:`shared_mode`).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from bimmaturity.frames import sort_waves
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ERROR, Issue, issues_frame
from bimmaturity.organisations import Registry, activate, default_registry
from bimmaturity.safety import neutralise, restore

if TYPE_CHECKING:
    from bimmaturity.config import AnalysisOptions

__all__ = [
    "ANALYSIS_FOLDER",
    "STAGING_PREFIX",
    "Processed",
    "ProcessedMismatch",
    "Tables",
    "analysis_fingerprint",
    "atomic_path",
    "atomic_write",
    "code_digest",
    "instrument_record",
    "load_processed",
    "parquet_bytes",
    "saved_fingerprint",
    "sha256_file",
    "shared_mode",
    "write_processed",
]

STAGING_PREFIX = ".staging-"
"""Name prefix of the staging folder :func:`write_processed` writes into."""


# ----------------------------------------------------------------------------- files
def _current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(current)
    return current


def shared_mode() -> int:
    """The mode a new file gets from ``open`` under the current umask (0644 under 022).

    Examples
    --------
    >>> old = os.umask(0o027)
    >>> oct(shared_mode())
    '0o640'
    >>> _ = os.umask(old)
    """
    return 0o666 & ~_current_umask()


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets ``mode``, by default :func:`shared_mode` (what the user's umask gives).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a" / "b.txt", b"hallo")
    >>> (folder / "a" / "b.txt").read_bytes(), [p.name for p in (folder / "a").iterdir()]
    (b'hallo', ['b.txt'])
    >>> atomic_write(folder / "geheim", b"x", mode=0o600)
    >>> oct((folder / "geheim").stat().st_mode & 0o777)
    '0o600'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, shared_mode() if mode is None else mode)  # mkstemp gives 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    try:
        os.fchmod(handle, shared_mode())  # a writer that reuses the file keeps this mode
    finally:
        os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, as hex, read in blocks.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_file(path)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as parquet bytes, without its index (what the processed tables hold)."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _fsync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# ----------------------------------------------------------------------------- manifest
def instrument_record(instrument: Instrument) -> dict:
    """The manifest entry for the instrument the data was read with.

    ``id`` and ``version`` for people reading the manifest; ``definition`` is the whole
    instrument, from which :attr:`Processed.instrument` rebuilds it.

    Examples
    --------
    >>> record = instrument_record(default_instrument())
    >>> sorted(record), Instrument.model_validate(record["definition"]) == default_instrument()
    (['definition', 'id', 'version'], True)
    """
    return {
        "id": instrument.id,
        "version": instrument.version,
        "definition": instrument.model_dump(mode="json"),
    }


def _instrument_of(manifest: dict) -> Instrument:
    """The instrument a manifest records; the default for a manifest without its definition."""
    record = manifest.get("instrument")
    default = default_instrument()
    if not isinstance(record, dict) or "definition" not in record:
        return default
    instrument = Instrument.model_validate(record["definition"])
    return default if instrument == default else instrument


# ----------------------------------------------------------------------------- writing
class Tables(Protocol):
    """What :func:`write_processed` writes (:class:`bimmaturity.ingest.Collected` is one)."""

    answers: pd.DataFrame
    roles: pd.DataFrame
    comments: pd.DataFrame
    costs: pd.DataFrame
    issues: list[Issue]
    manifest: dict


def write_processed(collected: Tables, processed: Path) -> None:
    """Write every processed table so that an interruption leaves the previous ones in place.

    1. Every file (tables, issues.csv, then manifest.json, which records the sha256 of each
       table) is written and fsynced into a staging folder ``.staging-*`` inside ``processed``
       (same file system, so renames are atomic). An interruption here leaves the previous
       tables untouched; a stale staging folder is removed by the next run.
    2. The previous files are hard-linked into the staging folder, then each new file is
       renamed into place, manifest.json last. When this step fails with an exception
       (including Ctrl-C), the files already replaced are put back from those links.
    3. A hard kill in the middle of step 2 (microseconds wide) can still leave some tables new
       and the manifest old: :func:`load_processed` then finds a table whose sha256 is not the
       one in the manifest and refuses to load a mixed state, asking for a new ingest.

    Other entries of ``processed`` (files, folders such as ``analysis/``) are left alone.
    ``collected.manifest`` gets the sha256 of every table under ``tables``.
    """
    processed = Path(processed)
    issues = issues_frame(collected.issues).map(neutralise)  # no formulas in a CSV
    text = io.StringIO()
    issues.to_csv(text, index=False, quoting=csv.QUOTE_MINIMAL)
    payloads = {
        "answers.parquet": parquet_bytes(collected.answers),
        "roles.parquet": parquet_bytes(collected.roles),
        "comments.parquet": parquet_bytes(collected.comments),
        "costs.parquet": parquet_bytes(collected.costs),
        "issues.csv": text.getvalue().encode("utf-8"),
    }
    collected.manifest["tables"] = {
        name: hashlib.sha256(data).hexdigest() for name, data in payloads.items()
    }
    payloads["manifest.json"] = json.dumps(collected.manifest, indent=2, ensure_ascii=False).encode(
        "utf-8"
    )
    processed.mkdir(parents=True, exist_ok=True)
    for stale in processed.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=processed))
    try:
        for name, data in payloads.items():
            with open(staging / name, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        _fsync_directory(staging)
        previous: dict[str, Path] = {}
        for name in payloads:
            if (processed / name).is_file():
                backup = staging / f"{name}.previous"
                try:
                    os.link(processed / name, backup)
                except OSError:
                    shutil.copy2(processed / name, backup)
                previous[name] = backup
        replaced: list[str] = []
        try:
            for name in payloads:  # manifest.json is the last key
                os.replace(staging / name, processed / name)
                replaced.append(name)
        except BaseException:
            for name in reversed(replaced):
                if name in previous:
                    os.replace(previous[name], processed / name)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(processed / name)
            raise
        _fsync_directory(processed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# ----------------------------------------------------------------------------- loading
@dataclass
class Processed:
    """The processed tables, as an analyst or a notebook loads them."""

    answers: pd.DataFrame
    roles: pd.DataFrame
    comments: pd.DataFrame
    costs: pd.DataFrame
    issues: pd.DataFrame
    manifest: dict

    @property
    def waves(self) -> list[str]:
        """The rounds of the answers, in order (worked out once per ``answers`` frame: a
        report asks several times, and at 400 organisations a look costs milliseconds)."""
        answers = self.answers
        known = self.__dict__.get("_waves")
        if known is None or known[0] is not answers:
            known = self.__dict__["_waves"] = (answers, sort_waves(answers["wave"].unique()))
        return list(known[1])

    @property
    def is_example(self) -> bool:
        return bool(self.manifest.get("example"))

    @property
    def lenient_errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == ERROR]

    @cached_property
    def instrument(self) -> Instrument:
        """The instrument the data was read with, as the manifest records it.

        A manifest written before the instrument was recorded gives the default instrument
        (:func:`bimmaturity.instrument.default_instrument`), as does one that records an
        instrument equal to it (the same object then).
        """
        return _instrument_of(self.manifest)

    @cached_property
    def registry(self) -> Registry:
        """The organisations the data was read with, as the manifest records them (the
        provinces for a manifest from before the registry was recorded)."""
        record = self.manifest.get("registry")
        return default_registry() if not record else Registry.from_record(record)


class ProcessedMismatch(ValueError):
    """The processed tables do not belong to their manifest (an interrupted write)."""


def load_processed(processed: Path) -> Processed:
    """Load data/processed as written by :func:`bimmaturity.ingest.ingest`.

    Every table is checked against the sha256 the manifest recorded for it, so a folder left
    half-written by a killed ingest is refused instead of read as a mix of two runs.

    Raises
    ------
    FileNotFoundError
        When there is no processed data.
    ProcessedMismatch
        When a table does not match the manifest.

    The registry the data was read with becomes the active one
    (:func:`bimmaturity.organisations.activate`), so names in reports follow it.
    """
    processed = Path(processed)
    if not (processed / "manifest.json").is_file():
        raise FileNotFoundError(
            f"{processed}: geen verwerkte gegevens; draai eerst 'bimmaturity ingest'"
        )
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest.get("tables", {}).items():
        path = processed / name
        if not path.is_file() or sha256_file(path) != digest:
            raise ProcessedMismatch(
                f"{processed}: {name} hoort niet bij manifest.json (een onderbroken "
                "'bimmaturity ingest'?); draai 'bimmaturity ingest' opnieuw"
            )
    issues = pd.read_csv(processed / "issues.csv", dtype="str", keep_default_na=False)
    issues = issues.map(restore)  # undo write_processed's apostrophe before a formula
    loaded = Processed(
        answers=pd.read_parquet(processed / "answers.parquet"),
        roles=pd.read_parquet(processed / "roles.parquet"),
        comments=pd.read_parquet(processed / "comments.parquet"),
        costs=pd.read_parquet(processed / "costs.parquet"),
        issues=issues,
        manifest=manifest,
    )
    activate(loaded.registry)
    return loaded


@functools.cache
def code_digest() -> str:
    """A digest of the package's code and data files: what processed data, the saved analysis
    and the reports were made with (a changed rule or reader makes them stale)."""
    digest = hashlib.sha256()
    package = Path(str(resources.files("bimmaturity")))
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".csv", ".j2", ".json"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------- saved analysis
ANALYSIS_FOLDER = "analysis"
"""The saved analysis (:func:`bimmaturity.analysis.save_analysis`) lives in this subfolder."""


def analysis_fingerprint(
    processed: Processed, options: AnalysisOptions, instrument: Instrument
) -> str:
    """A digest of what an analysis depends on: data, registry, options, instrument and
    package code.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.config import AnalysisOptions
    >>> from bimmaturity.instrument import default_instrument
    >>> data = SimpleNamespace(manifest={"tables": {"answers.parquet": "ab12"}})
    >>> a = analysis_fingerprint(data, AnalysisOptions(), default_instrument())
    >>> a == analysis_fingerprint(data, AnalysisOptions(min_demand=2), default_instrument())
    False
    """
    digest = hashlib.sha256()
    for part in (
        processed.manifest.get("tables", {}),
        processed.manifest.get("registry", {}).get("rows", []),
        options.as_dict(),
        instrument.model_dump(mode="json"),
    ):
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


def saved_fingerprint(processed_dir: Path | str) -> str | None:
    """The fingerprint of the analysis saved in ``processed_dir``, or None when there is none."""
    try:
        record = json.loads(
            (Path(processed_dir) / ANALYSIS_FOLDER / "analysis.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    return record.get("fingerprint") if isinstance(record, dict) else None
