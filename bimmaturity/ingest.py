"""Ingest: find the exports, read them, validate, pseudonymise, and write data/processed.

This is the only module (with build) that touches files. The raw exports are opened read-only
and never changed; every output is written to a temporary file first and then renamed.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import secrets
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ERROR, WARNING, InputError, Issue, issues_frame
from bimmaturity.readers.base import ReadResult, Submission
from bimmaturity.readers.grid import ExportUnreadable, Sheet, load_sheets
from bimmaturity.readers.tidy import looks_tidy, read_tidy
from bimmaturity.readers.wide import looks_wide, read_wide
from bimmaturity.textnorm import fold

__all__ = [
    "ANSWER_COLUMNS",
    "COMMENT_COLUMNS",
    "COST_COLUMNS",
    "ROLE_COLUMNS",
    "Collected",
    "Processed",
    "atomic_write",
    "collect",
    "find_inputs",
    "ingest",
    "load_processed",
    "pseudonym",
]

ANSWER_COLUMNS = [
    "wave",
    "province",
    "respondent",
    "element",
    "question",
    "current",
    "ambition",
    "source_file",
    "source_sheet",
    "source_cell",
]
ROLE_COLUMNS = ["wave", "province", "respondent", "element", "role"]
COMMENT_COLUMNS = ["wave", "province", "element", "text"]
COST_COLUMNS = ["element", "cost_alone", "cost_joint", "upkeep_alone", "upkeep_joint"]
EXPORT_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
REFUSED_SUFFIXES = {
    ".xls": "oud Excel-formaat (.xls) wordt niet gelezen; sla het bestand op als .xlsx",
    ".ods": "OpenDocument-werkmap (.ods) wordt niet gelezen; sla het bestand op als .xlsx",
}
SETTINGS_FILES = {"kolommen.csv", "kosten.xlsx", "kosten.csv"}
SYSTEM_FILES = {"desktop.ini", "thumbs.db"}


# ----------------------------------------------------------------------------- discovery
@dataclass
class Inputs:
    exports: list[tuple[Path, str | None]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    mapping: Path | None = None
    costs: Path | None = None


def _skip_reason(path: Path) -> str | None:
    name = path.name
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return "vergrendelbestand van Office/LibreOffice"
    if name.startswith("."):
        return "verborgen bestand"
    if name.lower() in SYSTEM_FILES:
        return "systeembestand"
    return None


def find_inputs(raw: Path) -> Inputs:
    """Every file under ``raw``, sorted: exports with their folder wave, settings, the rest.

    A first-level folder name is the wave of the exports in it; files directly in ``raw`` get
    None (the command line's wave).
    """
    inputs = Inputs()
    if not raw.is_dir():
        return inputs
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        relative = path.relative_to(raw)
        hidden_parent = any(part.startswith(".") for part in relative.parts[:-1])
        reason = "in verborgen map" if hidden_parent else _skip_reason(path)
        if reason:
            inputs.skipped.append((path, reason))
            continue
        if len(relative.parts) == 1 and path.name.lower() in SETTINGS_FILES:
            if path.name.lower() == "kolommen.csv":
                inputs.mapping = path
            elif inputs.costs is None or path.suffix.lower() == ".xlsx":
                inputs.costs = path
            continue
        suffix = path.suffix.lower()
        if suffix in REFUSED_SUFFIXES:
            inputs.refused.append((path, REFUSED_SUFFIXES[suffix]))
        elif suffix in EXPORT_SUFFIXES:
            wave = relative.parts[0] if len(relative.parts) > 1 else None
            inputs.exports.append((path, wave))
        else:
            inputs.skipped.append((path, f"geen export ({suffix or 'zonder extensie'})"))
    return inputs


# ----------------------------------------------------------------------------- helpers
def pseudonym(identity: str, salt: str) -> str:
    """A stable, salted pseudonym for a respondent identity.

    Examples
    --------
    >>> pseudonym("email:a@b.nl", "zout")
    'R-caf2cfa921'
    """
    digest = hashlib.sha256(f"{salt}\x1f{identity}".encode()).hexdigest()
    return f"R-{digest[:10]}"


def read_salt(path: Path) -> str:
    """The local salt for pseudonyms; created (random) on first use, kept out of git."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    salt = secrets.token_hex(16)
    atomic_write(path, salt.encode("utf-8"))
    return salt


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
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
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_mapping(path: Path | None) -> tuple[dict[str, str], list[Issue]]:
    """The column mapping ``kolommen.csv`` (header, target) as {folded header: target}."""
    if path is None:
        return {}, []
    sheets = load_sheets(path)
    rows = sheets[0].rows
    mapping: dict[str, str] = {}
    issues: list[Issue] = []
    header = [fold(str(v)) for v in rows[0]] if rows else []
    if header[:2] != ["header", "target"] and header[:2] != ["kolom", "doel"]:
        issues.append(
            Issue(
                path.name,
                "",
                "rij 1",
                ERROR,
                "kolommen.csv moet de kolommen 'header' en 'target' hebben",
            )
        )
        return mapping, issues
    for row in rows[1:]:
        if len(row) < 2 or not str(row[0]).strip():
            continue
        mapping[fold(str(row[0]))] = str(row[1]).strip()
    return mapping, issues


# ----------------------------------------------------------------------------- reading
Detector = Callable[[Sheet, Instrument, dict[str, str]], bool]
Reader = Callable[[Sheet, Instrument, str, dict[str, str]], ReadResult]


def _layouts() -> list[tuple[str, Detector, Reader]]:
    layouts: list[tuple[str, Detector, Reader]] = []
    with contextlib.suppress(ImportError):
        from bimmaturity.readers import template

        layouts.append(
            (
                "template",
                lambda s, i, m: template.looks_template(s),
                lambda s, i, f, m: template.read_template(s, i, file=f),
            )
        )
    layouts.append(
        ("tidy", lambda s, i, m: looks_tidy(s), lambda s, i, f, m: read_tidy(s, i, file=f))
    )
    layouts.append(
        (
            "wide",
            lambda s, i, m: looks_wide(s, i, m),
            lambda s, i, f, m: read_wide(s, i, file=f, mapping=m),
        )
    )
    return layouts


@dataclass
class FileRead:
    path: str
    wave: str | None
    results: list[tuple[str, ReadResult]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def read_export(
    path: Path, relative: str, instrument: Instrument, mapping: dict[str, str]
) -> FileRead:
    """Read one export: every sheet through the reader whose layout it holds."""
    file_read = FileRead(relative, None)
    try:
        sheets = load_sheets(path)
    except ExportUnreadable as exc:
        file_read.issues.append(Issue(relative, "", "", ERROR, str(exc)))
        return file_read
    filled = [sheet for sheet in sheets if not sheet.is_empty]
    if not filled:
        file_read.issues.append(
            Issue(relative, "", "", ERROR, "werkmap of bestand is leeg; er is niets te lezen")
        )
        return file_read
    unrecognised: list[Sheet] = []
    for sheet in filled:
        for _name, detect, read in _layouts():
            if detect(sheet, instrument, mapping):
                result = read(sheet, instrument, relative, mapping)
                if not sheet.visible:
                    result.issues.append(
                        Issue(
                            relative,
                            sheet.name,
                            "",
                            WARNING,
                            "verborgen blad gelezen; controleer of dat de bedoeling is",
                        )
                    )
                file_read.results.append((sheet.name, result))
                break
        else:
            unrecognised.append(sheet)
    for sheet in unrecognised:
        if not sheet.visible:
            continue
        severity = WARNING if file_read.results else ERROR
        file_read.issues.append(
            Issue(
                relative,
                sheet.name,
                "",
                severity,
                "indeling niet herkend: geen antwoordkolommen (vraagcode + huidig/ambitie), "
                "geen tabel met provincie/vraag/huidig/ambitie en geen ingevulde vragenlijst"
                + ("; blad niet gelezen" if file_read.results else ""),
            )
        )
    return file_read


# ----------------------------------------------------------------------------- combining
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


def _combine(
    submissions: list[Submission], salt: str, issues: list[Issue]
) -> list[tuple[str, Submission]]:
    """Resolve one respondent appearing more than once in a wave.

    Survey rows of the same person (e-mail or name): the latest submission counts and the others
    are reported as superseded. Tidy or template answers of the same respondent from several
    places are combined; the same question answered twice is a warning when equal and an
    error naming both places when not.
    """
    groups: dict[tuple[str, str], list[Submission]] = {}
    for submission in submissions:
        key = (submission.wave or "", pseudonym(submission.identity, salt))
        groups.setdefault(key, []).append(submission)
    kept: list[tuple[str, Submission]] = []
    for (_, respondent), group in groups.items():
        if len(group) == 1:
            kept.append((respondent, group[0]))
            continue
        if group[0].identity.startswith(("email:", "name:")):
            ordered = sorted(
                group,
                key=lambda s: (s.submitted or datetime.min, s.file, s.sheet, s.order),
            )
            latest = ordered[-1]
            for older in ordered[:-1]:
                issues.append(
                    Issue(
                        older.file,
                        older.sheet,
                        older.location,
                        WARNING,
                        f"inzending vervangen door een latere van dezelfde respondent "
                        f"({latest.file}, {latest.location}); alleen de laatste telt",
                    )
                )
            kept.append((respondent, latest))
            continue
        merged = Submission(
            file=group[0].file,
            sheet=group[0].sheet,
            location=group[0].location,
            province=group[0].province,
            identity=group[0].identity,
            wave=group[0].wave,
        )
        for submission in group:
            for question, record in submission.answers.items():
                existing = merged.answers.get(question)
                for measure in ("current", "ambition"):
                    if measure not in record["cells"]:
                        continue
                    where = f"{submission.file} {record['cells'][measure]}"
                    if existing and measure in existing["cells"]:
                        earlier = existing[measure]
                        earlier_where = existing["cells"][measure]
                        if earlier == record[measure]:
                            issues.append(
                                Issue(
                                    submission.file,
                                    submission.sheet,
                                    record["cells"][measure],
                                    WARNING,
                                    f"{question} staat ook in {earlier_where}, "
                                    "met hetzelfde antwoord; één keer geteld",
                                )
                            )
                        else:
                            issues.append(
                                Issue(
                                    submission.file,
                                    submission.sheet,
                                    record["cells"][measure],
                                    ERROR,
                                    f"{question} ({measure}) is {record[measure]} "
                                    f"hier maar {earlier} in {earlier_where}; "
                                    "dezelfde respondent, tegenstrijdige antwoorden",
                                )
                            )
                        continue
                    merged.set_answer(question, record["element"], measure, record[measure], where)
            merged.roles.update(submission.roles)
            merged.comments.update(submission.comments)
        kept.append((respondent, merged))
    return kept


def collect(
    raw: Path,
    *,
    salt: str,
    default_wave: str = "1",
    instrument: Instrument | None = None,
) -> Collected:
    """Read every export under ``raw`` into tidy frames plus issues and a manifest.

    Nothing is written. Unreadable values become missing and are listed as errors.
    """
    instrument = instrument or default_instrument()
    inputs = find_inputs(raw)
    issues: list[Issue] = []
    mapping, mapping_issues = read_mapping(inputs.mapping)
    issues.extend(mapping_issues)
    manifest_inputs = []
    submissions: list[Submission] = []
    for path, reason in inputs.refused:
        relative = path.relative_to(raw).as_posix()
        issues.append(Issue(relative, "", "", ERROR, reason))
    for path, folder_wave in inputs.exports:
        relative = path.relative_to(raw).as_posix()
        file_read = read_export(path, relative, instrument, mapping)
        issues.extend(file_read.issues)
        file_submissions = 0
        sheets_info = []
        for sheet_name, result in file_read.results:
            issues.extend(result.issues)
            for submission in result.submissions:
                submission.wave = submission.wave or folder_wave or default_wave
                if submission.has_content:
                    submissions.append(submission)
                    file_submissions += 1
                else:
                    issues.append(
                        Issue(
                            relative,
                            sheet_name,
                            submission.location,
                            WARNING,
                            "lege inzending (geopend, niet ingevuld); overgeslagen",
                        )
                    )
            sheets_info.append(
                {
                    "sheet": sheet_name,
                    "layout": result.layout,
                    "rows": result.rows_read,
                    "unmapped": result.unmapped,
                }
            )
        manifest_inputs.append(
            {
                "path": relative,
                "size": path.stat().st_size,
                "sha256": _sha256(path),
                "wave": folder_wave or default_wave,
                "sheets": sheets_info,
                "submissions": file_submissions,
            }
        )
    kept = _combine(submissions, salt, issues)
    answers, roles, comments = _frames(kept, instrument, issues)
    costs = _read_costs(inputs.costs, raw, instrument, issues)
    for path, reason in inputs.skipped:
        issues.append(
            Issue(path.relative_to(raw).as_posix(), "", "", WARNING, f"overgeslagen: {reason}")
        )
    manifest = {
        "instrument": {"id": instrument.id, "version": instrument.version},
        "inputs": manifest_inputs,
        "skipped": [
            {"path": p.relative_to(raw).as_posix(), "reason": r} for p, r in inputs.skipped
        ],
        "refused": [
            {"path": p.relative_to(raw).as_posix(), "reason": r} for p, r in inputs.refused
        ],
        "settings": {
            "kolommen": inputs.mapping.name if inputs.mapping else None,
            "kosten": inputs.costs.name if inputs.costs else None,
        },
        "counts": {
            "answers": len(answers),
            "respondents": int(answers[["wave", "respondent"]].drop_duplicates().shape[0]),
            "provinces": sorted(answers["province"].unique().tolist()),
            "waves": sorted(answers["wave"].unique().tolist()),
            "errors": sum(1 for i in issues if i.is_error),
            "warnings": sum(1 for i in issues if not i.is_error),
        },
    }
    return Collected(answers, roles, comments, costs, issues, manifest)


def _frames(
    kept: list[tuple[str, Submission]], instrument: Instrument, issues: list[Issue]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    answer_rows, role_rows, comment_rows = [], [], []
    n_questions = len(instrument.question_ids)
    for respondent, s in kept:
        answered = 0
        for question, record in s.answers.items():
            current, ambition = record["current"], record["ambition"]
            cells = record["cells"]
            answered += current is not None
            answer_rows.append(
                (
                    s.wave,
                    s.province,
                    respondent,
                    record["element"],
                    question,
                    current,
                    ambition,
                    s.file,
                    s.sheet,
                    ", ".join(dict.fromkeys(cells.values())),
                )
            )
            if current is not None and ambition is not None and ambition < current:
                issues.append(
                    Issue(
                        s.file,
                        s.sheet,
                        cells.get("ambition", ""),
                        WARNING,
                        f"{question}: ambitie {ambition} ligt onder de huidige "
                        f"situatie {current}; overgenomen zoals ingevuld",
                    )
                )
        if 0 < answered < n_questions / 2:
            issues.append(
                Issue(
                    s.file,
                    s.sheet,
                    s.location,
                    WARNING,
                    f"respondent heeft maar {answered} van {n_questions} vragen "
                    "(huidige situatie) beantwoord",
                )
            )
        for element, (role, _cell) in s.roles.items():
            role_rows.append((s.wave, s.province, respondent, element, role))
        for element, (text, _cell) in s.comments.items():
            comment_rows.append((s.wave, s.province, element, text))
    answers = pd.DataFrame(answer_rows, columns=ANSWER_COLUMNS)
    for column in ("current", "ambition"):
        answers[column] = pd.to_numeric(answers[column]).astype("float64")
    answers = answers.sort_values(
        ["wave", "province", "respondent", "question"], kind="stable"
    ).reset_index(drop=True)
    roles = (
        pd.DataFrame(role_rows, columns=ROLE_COLUMNS)
        .sort_values(["wave", "province", "respondent", "element"], kind="stable")
        .reset_index(drop=True)
    )
    comments = pd.DataFrame(comment_rows, columns=COMMENT_COLUMNS)
    for frame in (answers, roles, comments):
        for column in frame.columns:
            if column not in ("current", "ambition"):
                frame[column] = frame[column].astype("str")
    return answers, roles, comments


def _read_costs(
    path: Path | None, raw: Path, instrument: Instrument, issues: list[Issue]
) -> pd.DataFrame:
    empty = pd.DataFrame(columns=COST_COLUMNS).astype(
        {c: "float64" for c in COST_COLUMNS[1:]} | {"element": "str"}
    )
    if path is None:
        return empty
    relative = path.relative_to(raw).as_posix()
    try:
        sheet = load_sheets(path)[0]
    except ExportUnreadable as exc:
        issues.append(Issue(relative, "", "", ERROR, str(exc)))
        return empty
    rows = [r for r in sheet.rows]
    if not rows:
        issues.append(Issue(relative, sheet.name, "", ERROR, "kostentabel is leeg"))
        return empty
    header = [str(v).strip() for v in rows[0]]
    frame = pd.DataFrame(
        [list(r) + [""] * (len(header) - len(r)) for r in rows[1:]], columns=header, dtype="object"
    )
    from bimmaturity.businesscase import validate_costs

    costs, cost_issues = validate_costs(frame, instrument, file=relative, sheet=sheet.name)
    issues.extend(cost_issues)
    return costs


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
) -> Collected:
    """Read ``raw`` and write the processed tables, issues.csv and manifest.json.

    Raises
    ------
    InputError
        When the input has errors and ``lenient`` is false; ``processed`` is left untouched.
    """
    collected = collect(
        raw, salt=read_salt(salt_path), default_wave=default_wave, instrument=instrument
    )
    if collected.errors and not lenient:
        raise InputError(collected.issues)
    collected.manifest["example"] = example
    collected.manifest["lenient"] = lenient
    write_processed(collected, processed)
    return collected


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def write_processed(collected: Collected, processed: Path) -> None:
    """Write every processed table through temporary files; the manifest is renamed last."""
    issues = issues_frame(collected.issues)
    text = io.StringIO()
    issues.to_csv(text, index=False, quoting=csv.QUOTE_MINIMAL)
    payloads = {
        "answers.parquet": _parquet_bytes(collected.answers),
        "roles.parquet": _parquet_bytes(collected.roles),
        "comments.parquet": _parquet_bytes(collected.comments),
        "costs.parquet": _parquet_bytes(collected.costs),
        "issues.csv": text.getvalue().encode("utf-8"),
        "manifest.json": json.dumps(collected.manifest, indent=2, ensure_ascii=False).encode(
            "utf-8"
        ),
    }
    for name, data in payloads.items():
        atomic_write(processed / name, data)


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
        return sort_waves(self.answers["wave"].unique())

    @property
    def is_example(self) -> bool:
        return bool(self.manifest.get("example"))

    @property
    def lenient_errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == ERROR]


def sort_waves(waves) -> list[str]:
    """Waves in measurement order: numerically where they are numbers, else by name."""
    return sorted(
        {str(w) for w in waves}, key=lambda w: (not w.isdigit(), int(w) if w.isdigit() else 0, w)
    )


def load_processed(processed: Path) -> Processed:
    """Load data/processed as written by :func:`ingest`."""
    processed = Path(processed)
    if not (processed / "manifest.json").is_file():
        raise FileNotFoundError(
            f"{processed}: geen verwerkte gegevens; draai eerst 'bimmaturity ingest'"
        )
    issues = pd.read_csv(processed / "issues.csv", dtype="str", keep_default_na=False)
    return Processed(
        answers=pd.read_parquet(processed / "answers.parquet"),
        roles=pd.read_parquet(processed / "roles.parquet"),
        comments=pd.read_parquet(processed / "comments.parquet"),
        costs=pd.read_parquet(processed / "costs.parquet"),
        issues=issues,
        manifest=json.loads((processed / "manifest.json").read_text(encoding="utf-8")),
    )


def summarise_issues(issues: list[Issue]) -> Counter:
    return Counter(issue.severity for issue in issues)
