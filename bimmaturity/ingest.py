"""Ingest: find the exports, read them, validate, pseudonymise, and write data/processed.

This module (with store and build) is the only one that touches files. The contract is
docs/input-formats.md; the decisions it leaves open are taken here:

- **Finding.** :func:`bimmaturity.input.discover.find_inputs` sorts the raw folder into
  exports (with the wave of their folder), settings (``kolommen.csv``, read by
  :mod:`bimmaturity.input.mapping`; the cost table, read by :mod:`bimmaturity.input.costs`)
  and files skipped or refused.
- **Reading.** Each raw file is read once into memory (never opened for writing) and parsed
  with python-calamine (:mod:`bimmaturity.input.grid`). The reader registry
  (:mod:`bimmaturity.input.readers`) decides who reads what: a workbook with a template
  questions table is read as one template (details and roles from its other sheets); every
  other visible sheet goes to the tidy or the wide reader by what it holds. Files are read
  by two processes from :data:`~bimmaturity.input.export.PARALLEL_FROM` files on
  (:func:`~bimmaturity.input.export.read_exports`); everything
  after reading (issues, tables) follows the files' sorted order, so the output does not
  depend on it. A wide row keeps its levels compact
  (:class:`~bimmaturity.input.readers.base.RowAnswers`) and the answers table is built
  column by column, not row by row.
- **Hidden sheets** are never read. One that holds a recognisable layout is an error (an old
  copy, or the real answers? a person must decide: unhide or delete it); with ``--lenient`` it
  stays unread and the error is listed. Other hidden sheets (lists, helper data) are only
  listed in the manifest (``hidden_sheets``).
- **Cell detail calamine does not give** (Excel error values, formulas without a stored
  result, merged ranges) is taken from the workbook XML and reported per cell; formulas are
  never evaluated, their stored result is read.
- **Respondents.** E-mail, else name (per province), else the row; a template or a tidy table
  without a respondent is the province's consolidated answer. Identities are pseudonymised
  (with a salted hash) and de-duplicated, and the tables built, in
  :mod:`bimmaturity.input.tables`; identities exist nowhere else; messages never quote a
  cell that looks like a name or address.
- **Writing** (:func:`bimmaturity.store.write_processed`): staged in a hidden folder inside
  data/processed, then renamed into place with the manifest last; an exception rolls back,
  and a hard kill between renames is detected by :func:`bimmaturity.store.load_processed`
  through the sha256 of every table recorded in the manifest. The manifest also records the
  whole instrument the data was read with. data/processed is left as it was when the input
  has errors (unless lenient).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bimmaturity.frames import sort_waves
from bimmaturity.input.costs import read_costs
from bimmaturity.input.discover import Inputs, find_inputs
from bimmaturity.input.export import read_exports
from bimmaturity.input.mapping import read_mapping
from bimmaturity.input.readers.base import Submission, answered
from bimmaturity.input.tables import (
    ANSWER_COLUMNS,
    COMMENT_COLUMNS,
    ROLE_COLUMNS,
    _combine,
    _frames,
    pseudonym,
)
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ERROR, WARNING, InputError, Issue
from bimmaturity.organisations import (
    REGISTRY_FILE,
    Registry,
    RegistryError,
    active_registry,
    default_registry,
    read_registry,
    use_registry,
)
from bimmaturity.safety import UnsafeName, check_wave_name, is_safe_wave
from bimmaturity.store import (
    atomic_write,
    code_digest,
    instrument_record,
    load_processed,
    sha256_file,
    write_processed,
)

__all__ = [
    "ANSWER_COLUMNS",
    "COMMENT_COLUMNS",
    "ROLE_COLUMNS",
    "Collected",
    "collect",
    "ingest",
    "ingest_is_current",
    "input_digest",
    "pseudonym",
    "read_salt",
    "registry_of",
]


# ----------------------------------------------------------------------------- helpers
def read_salt(path: Path) -> str:
    """The local salt for pseudonyms; created (random) on first use, kept out of git."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    salt = secrets.token_hex(16)
    atomic_write(path, salt.encode("utf-8"), mode=0o600)  # private, unlike every output
    return salt


def _fingerprint(path: Path, *, digest: bool = True) -> dict:
    """Size and sha256 of an input for the manifest (None when it cannot be read)."""
    try:
        size = path.stat().st_size
        return {"size": size, "sha256": sha256_file(path)} if digest else {"size": size}
    except OSError:
        return {"size": None, "sha256": None} if digest else {"size": None}


# ----------------------------------------------------------------------------- collecting
@dataclass
class Collected:
    """Everything read from a raw folder, before it is written."""

    answers: pd.DataFrame
    roles: pd.DataFrame
    comments: pd.DataFrame
    costs: pd.DataFrame
    issues: list[Issue]
    manifest: dict

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]


def _round_is_safe(
    submission: Submission,
    folder_wave: str | None,
    default_wave: str,
    issues: list[Issue],
    refused: set[tuple[str, str, str]],
) -> bool:
    """Give ``submission`` its round (its own, else its folder's, else ``default_wave``); False,
    with one error per file, sheet and name, when that name is no safe round name
    (:func:`bimmaturity.safety.check_wave_name`): it would become part of file names and pages.
    """
    own = submission.wave
    submission.wave = own or folder_wave or default_wave
    if is_safe_wave(submission.wave):
        return True
    if own:
        where, sheet, cell = "meting in de export", submission.sheet, submission.location
    else:
        folder = folder_wave or ""
        where, sheet, cell = f"map {folder!r} (de map is de meting)", "", ""
    key = (submission.file, sheet, submission.wave)
    if key not in refused:
        refused.add(key)
        try:
            check_wave_name(submission.wave, where)
        except UnsafeName as exc:
            issues.append(Issue(submission.file, sheet, cell, ERROR, f"{exc}; niet gelezen"))
    return False


def collect(
    raw: Path,
    *,
    salt: str,
    default_wave: str = "1",
    instrument: Instrument | None = None,
    engine: str = "calamine",
    comments: bool = True,
    jobs: int | None = None,
    registry: Registry | None = None,
) -> Collected:
    """Read every export under ``raw`` into tidy frames plus issues and a manifest.

    Nothing is written. Unreadable values become missing and are listed as errors. Without
    ``comments`` the free-text comments are left out entirely (the comments table is empty).
    ``jobs`` processes read the files (:func:`~bimmaturity.input.export.read_exports`; None:
    two for a large folder); the result is the same for any number. Organisation names are
    matched against ``registry`` (default: :func:`registry_of` the folder).

    Raises
    ------
    RegistryError
        When the folder's ``organisaties.csv`` is not a valid registry.
    """
    instrument = instrument or default_instrument()
    check_wave_name(default_wave, "--wave")
    inputs = find_inputs(raw)
    registry = registry or registry_of(raw)
    with use_registry(registry):
        return _collect(raw, inputs, salt, default_wave, instrument, engine, comments, jobs)


def registry_of(raw: Path) -> Registry:
    """The registry of a raw folder: its ``organisaties.csv`` when there is one, else the
    provinces.

    Raises
    ------
    RegistryError
        When ``organisaties.csv`` is not a valid registry (naming its row and column).
    """
    path = raw / REGISTRY_FILE
    return read_registry(path) if path.is_file() else default_registry()


def _collect(
    raw: Path,
    inputs: Inputs,
    salt: str,
    default_wave: str,
    instrument: Instrument,
    engine: str,
    comments: bool,
    jobs: int | None,
) -> Collected:
    issues: list[Issue] = []
    refused: set[tuple[str, str, str]] = set()  # (file, sheet, round) already reported
    mapping, mapping_issues = read_mapping(inputs.mapping, instrument)
    issues.extend(mapping_issues)
    mapped: set[str] = set()
    manifest_inputs = []
    submissions: list[Submission] = []
    for path, reason in inputs.refused:
        relative = path.relative_to(raw).as_posix()
        issues.append(Issue(relative, "", "", ERROR, reason))
    file_reads = read_exports(
        [(path, path.relative_to(raw).as_posix()) for path, _ in inputs.exports],
        instrument,
        mapping,
        engine=engine,
        jobs=jobs,
    )
    for (path, folder_wave), file_read in zip(inputs.exports, file_reads, strict=True):
        relative = file_read.path
        issues.extend(file_read.issues)
        file_submissions = []
        sheets_info = []
        for sheet_name, result in file_read.results:
            issues.extend(result.issues)
            mapped |= result.mapped
            for submission in result.submissions:
                if not _round_is_safe(submission, folder_wave, default_wave, issues, refused):
                    continue
                submissions.append(submission)
                file_submissions.append(submission)
            sheets_info.append(
                {
                    "sheet": sheet_name,
                    "layout": result.layout,
                    "rows": result.rows_read,
                    "unmapped": result.unmapped,
                    **({"sheets": result.sheets} if result.layout == "template" else {}),
                }
            )
        manifest_inputs.append(
            {
                "path": relative,
                **_fingerprint(path),
                "layout": ", ".join(dict.fromkeys(s["layout"] for s in sheets_info)) or None,
                "wave": folder_wave or default_wave,
                "waves": sorted({s.wave or "" for s in file_submissions}),
                "sheets": sheets_info,
                "hidden_sheets": file_read.hidden,
                "sheets_not_read": file_read.not_read,
                "submissions": len(file_submissions),
                "answers": sum(answered(s.answers) for s in file_submissions),
            }
        )
    for key in mapping:
        if key not in mapped:
            issues.append(
                Issue(
                    inputs.mapping.name if inputs.mapping else "kolommen.csv",
                    "",
                    "",
                    WARNING,
                    f"kolom {key!r} uit kolommen.csv komt in geen enkele export voor",
                )
            )
    kept = _combine(submissions, salt, issues)
    answers, roles, comment_frame = _frames(kept, instrument, issues, comments=comments)
    costs, cost_issues = read_costs(
        inputs.costs,
        instrument,
        file=inputs.costs.relative_to(raw).as_posix() if inputs.costs else "",
    )
    issues.extend(cost_issues)
    for path, reason in inputs.skipped:
        issues.append(
            Issue(path.relative_to(raw).as_posix(), "", "", WARNING, f"overgeslagen: {reason}")
        )
    manifest = {
        "instrument": instrument_record(instrument),
        "registry": active_registry().record(),
        "inputs": manifest_inputs,
        "skipped": [
            {"path": p.relative_to(raw).as_posix(), "reason": r, **_fingerprint(p, digest=False)}
            for p, r in inputs.skipped
        ],
        "refused": [
            {"path": p.relative_to(raw).as_posix(), "reason": r, **_fingerprint(p)}
            for p, r in inputs.refused
        ],
        "settings": {
            "kolommen": inputs.mapping.name if inputs.mapping else None,
            "kosten": inputs.costs.name if inputs.costs else None,
        },
        "counts": {
            "answers": len(answers),
            "respondents": int(answers[["wave", "respondent"]].drop_duplicates().shape[0]),
            "provinces": sorted(answers["province"].unique().tolist()),
            "waves": sort_waves(answers["wave"].unique().tolist()),
            "errors": sum(1 for i in issues if i.is_error),
            "warnings": sum(1 for i in issues if not i.is_error),
        },
    }
    manifest["comments"] = comments
    return Collected(answers, roles, comment_frame, costs, issues, manifest)


# ----------------------------------------------------------------------------- writing
def ingest(
    raw: Path,
    processed: Path,
    *,
    salt_path: Path,
    default_wave: str = "1",
    lenient: bool = False,
    example: bool = False,
    instrument: Instrument | None = None,
    engine: str = "calamine",
    comments: bool = True,
    registry: Registry | None = None,
) -> Collected:
    """Read ``raw`` and write the processed tables, issues.csv and manifest.json; without
    ``comments``, no free-text comment reaches them (``--no-comments``).

    Raises
    ------
    InputError
        When the input has errors and ``lenient`` is false; ``processed`` is left untouched.
    """
    salt = read_salt(salt_path)
    collected = collect(
        raw,
        salt=salt,
        default_wave=default_wave,
        instrument=instrument,
        engine=engine,
        comments=comments,
        registry=registry,
    )
    if collected.errors and not lenient:
        raise InputError(collected.issues)
    collected.manifest["example"] = example
    collected.manifest["lenient"] = lenient
    collected.manifest["input_digest"] = input_digest(
        raw,
        salt=salt,
        default_wave=default_wave,
        lenient=lenient,
        example=example,
        instrument=instrument or default_instrument(),
        comments=comments,
        registry=registry,
    )
    write_processed(collected, processed)
    return collected


def input_digest(
    raw: Path,
    *,
    salt: str,
    default_wave: str,
    lenient: bool,
    example: bool,
    instrument: Instrument,
    comments: bool = True,
    registry: Registry | None = None,
) -> str:
    """A digest of everything an ingest depends on: every file under ``raw`` (name and bytes),
    the salt, the options, the instrument, a registry given from outside the folder and the
    package code.

    Equal digests mean an ingest would write the same processed data again.
    """
    digest = hashlib.sha256()
    files = sorted(p for p in raw.rglob("*") if p.is_file()) if raw.is_dir() else []
    for path in files:
        digest.update(path.relative_to(raw).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(sha256_file(path).encode())
    settings = [hashlib.sha256(salt.encode()).hexdigest(), default_wave, lenient, example]
    if not comments:  # recorded only when off: digests of earlier ingests stay valid
        settings.append("no-comments")
    digest.update(json.dumps(settings).encode())
    digest.update(json.dumps(instrument.model_dump(mode="json"), sort_keys=True).encode())
    if registry is not None and registry != registry_of_quietly(raw):
        digest.update(registry.digest.encode())  # only when given: earlier digests stay valid
    digest.update(code_digest().encode())
    return digest.hexdigest()


def registry_of_quietly(raw: Path) -> Registry | None:
    """:func:`registry_of`, or None when the folder's registry is not valid."""
    try:
        return registry_of(raw)
    except RegistryError:
        return None


def ingest_is_current(
    raw: Path,
    processed: Path,
    *,
    salt_path: Path,
    default_wave: str = "1",
    lenient: bool = False,
    example: bool = False,
    instrument: Instrument | None = None,
    comments: bool = True,
    registry: Registry | None = None,
) -> bool:
    """True when ``processed`` holds what :func:`ingest` would write for ``raw`` now.

    A build skips ingest then: nothing under ``raw``, no option, the salt, the instrument nor
    the package changed since the last ingest, and the processed tables are intact.
    """
    if not salt_path.is_file():
        return False
    try:
        recorded = load_processed(processed).manifest.get("input_digest")
    except (OSError, ValueError):
        return False
    return recorded == input_digest(
        raw,
        salt=read_salt(salt_path),
        default_wave=default_wave,
        lenient=lenient,
        example=example,
        instrument=instrument or default_instrument(),
        comments=comments,
        registry=registry,
    )
