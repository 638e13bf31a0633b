"""Ingest: find the exports, read them, validate, pseudonymise, and write data/processed.

This is the only module (with build) that touches files. The contract is
shared/spec/input-formats.md; the decisions it leaves open are taken here:

- **Reading.** Each raw file is read once into memory (never opened for writing) and parsed
  with python-calamine (:mod:`bimmaturity.input.grid`). A workbook with a template questions
  table is read as one template (details and roles from its other sheets); every other
  visible sheet goes to the tidy or the wide reader by what it holds.
- **Hidden sheets** are never read. One that holds a recognisable layout is an error (an old
  copy, or the real answers? a person must decide: unhide or delete it); with ``--lenient`` it
  stays unread and the error is listed. Other hidden sheets (lists, helper data) are only
  listed in the manifest (``hidden_sheets``).
- **Cell detail calamine does not give** (Excel error values, formulas without a stored
  result, merged ranges) is taken from the workbook XML and reported per cell; formulas are
  never evaluated, their stored result is read.
- **Respondents.** E-mail, else name (per province), else the row; a template or a tidy table
  without a respondent is the province's consolidated answer. Identities are pseudonymised
  here with a salted hash and exist nowhere else; messages never quote a cell that looks like
  a name or address.
- **Writing** (:func:`write_processed`): staged in a hidden folder inside data/processed, then
  renamed into place with the manifest last; an exception rolls back, and a hard kill between
  renames is detected by :func:`load_processed` through the sha256 of every table recorded in
  the manifest. data/processed is left as it was when the input has errors (unless lenient).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from bimmaturity.frames import sort_waves
from bimmaturity.input.grid import ExportUnreadable, Sheet, load_sheets
from bimmaturity.input.readers.base import ReadResult, Submission, mask_personal
from bimmaturity.input.readers.template import looks_template, questions_table, read_template
from bimmaturity.input.readers.tidy import looks_tidy, read_tidy
from bimmaturity.input.readers.wide import check_mapping_target, looks_wide, read_wide
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ERROR, WARNING, InputError, Issue, issues_frame
from bimmaturity.textnorm import fold

__all__ = [
    "ANSWER_COLUMNS",
    "COMMENT_COLUMNS",
    "COST_COLUMNS",
    "ROLE_COLUMNS",
    "TABLE_FILES",
    "Collected",
    "FileRead",
    "Processed",
    "ProcessedMismatch",
    "atomic_path",
    "atomic_write",
    "collect",
    "find_inputs",
    "ingest",
    "load_processed",
    "pseudonym",
    "read_export",
    "read_mapping",
    "sheet_layout",
    "sort_waves",
    "write_processed",
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


def _fingerprint(path: Path, *, digest: bool = True) -> dict:
    """Size and sha256 of an input for the manifest (None when it cannot be read)."""
    try:
        size = path.stat().st_size
        return {"size": size, "sha256": _sha256(path)} if digest else {"size": size}
    except OSError:
        return {"size": None, "sha256": None} if digest else {"size": None}


def read_mapping(
    path: Path | None, instrument: Instrument | None = None
) -> tuple[dict[str, str], list[Issue]]:
    """The column mapping ``kolommen.csv`` (header, target) as {folded header: target}.

    Every target is checked against the instrument; a row with an unknown target is an error
    naming the row, and is left out. A header may carry ``#2`` (``#3``, ...) to name the
    second (third, ...) column with the same header, as Microsoft Forms writes repeated
    statement texts.
    """
    if path is None:
        return {}, []
    instrument = instrument or default_instrument()
    name = path.name
    try:
        rows = load_sheets(path)[0].rows
    except ExportUnreadable as exc:
        return {}, [Issue(name, "", "", ERROR, str(exc))]
    mapping: dict[str, str] = {}
    issues: list[Issue] = []
    header = [fold(str(v)) for v in rows[0]] if rows else []
    if header[:2] != ["header", "target"] and header[:2] != ["kolom", "doel"]:
        issues.append(
            Issue(
                name,
                "",
                "rij 1",
                ERROR,
                "kolommen.csv moet de kolommen 'header' en 'target' (of 'kolom' en 'doel') hebben",
            )
        )
        return mapping, issues
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows[1:], start=2):
        if len(row) < 2 or not str(row[0]).strip():
            continue
        key, target = fold(str(row[0])), str(row[1]).strip()
        problem = check_mapping_target(target, instrument)
        if problem:
            issues.append(Issue(name, "", f"rij {index}", ERROR, f"kolom {row[0]!r}: {problem}"))
            continue
        if key in mapping and fold(mapping[key]) != fold(target):
            issues.append(
                Issue(
                    name,
                    "",
                    f"rij {index}",
                    ERROR,
                    f"kolom {row[0]!r} staat ook in rij {first_row[key]} met een ander doel "
                    f"({mapping[key]!r} en {target!r}); houd één van beide",
                )
            )
            continue
        mapping[key] = target
        first_row.setdefault(key, index)
    return mapping, issues


# ----------------------------------------------------------------------------- reading
@dataclass
class FileRead:
    """What one export gave: a result per sheet (or per template workbook) and file issues."""

    path: str
    wave: str | None
    results: list[tuple[str, ReadResult]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)


def sheet_layout(sheet: Sheet, instrument: Instrument, mapping: dict[str, str]) -> str | None:
    """The layout one sheet holds on its own: ``template``, ``tidy``, ``wide`` or None."""
    if questions_table(sheet) is not None:
        return "template"
    if looks_tidy(sheet):
        return "tidy"
    if looks_wide(sheet, instrument, mapping):
        return "wide"
    return None


def read_export(
    path: Path,
    relative: str,
    instrument: Instrument,
    mapping: dict[str, str],
    *,
    engine: str = "calamine",
) -> FileRead:
    """Read one export.

    A workbook with a template questions table on a visible sheet is read as one template
    (details and roles from its other sheets); every other visible sheet goes through the
    reader whose layout it holds (tidy, then wide).

    Hidden sheets are not read. A hidden sheet that holds a recognisable layout is an error
    (is it an old copy, or the real answers?): make it visible to have it read, or delete it;
    with ``--lenient`` it stays unread. Hidden sheets without a layout (lists, helper data)
    are only listed in the manifest.
    """
    file_read = FileRead(relative, None)
    try:
        sheets = load_sheets(path, engine=engine)
    except ExportUnreadable as exc:
        file_read.issues.append(Issue(relative, "", "", ERROR, str(exc)))
        return file_read
    except OSError as exc:
        file_read.issues.append(
            Issue(relative, "", "", ERROR, f"bestand kan niet worden geopend ({exc.strerror})")
        )
        return file_read
    filled = [sheet for sheet in sheets if not sheet.is_empty]
    if not filled:
        file_read.issues.append(
            Issue(relative, "", "", ERROR, "werkmap of bestand is leeg; er is niets te lezen")
        )
        return file_read
    visible = [sheet for sheet in filled if sheet.visible]
    claimed: set[str] = set()
    if looks_template(visible):
        result = read_template(visible, instrument, file=relative)
        file_read.results.append((result.sheet, result))
        claimed |= set(result.sheets)
    unrecognised: list[Sheet] = []
    for sheet in visible:
        if sheet.name in claimed:
            continue
        layout = sheet_layout(sheet, instrument, mapping)
        if layout == "tidy":
            file_read.results.append((sheet.name, read_tidy(sheet, instrument, file=relative)))
        elif layout == "wide":
            file_read.results.append(
                (sheet.name, read_wide(sheet, instrument, file=relative, mapping=mapping))
            )
        else:
            unrecognised.append(sheet)
    for sheet in filled:
        if sheet.visible:
            continue
        file_read.hidden.append(sheet.name)
        layout = sheet_layout(sheet, instrument, mapping)
        if layout is not None:
            rows = sum(1 for row in sheet.rows if any(str(v).strip() for v in row))
            file_read.issues.append(
                Issue(
                    relative,
                    sheet.name,
                    "",
                    ERROR,
                    f"verborgen blad met antwoorden ({layout}, {rows} gevulde rijen) is niet "
                    "gelezen: is het een oude kopie of tellen deze antwoorden mee? Maak het "
                    "blad zichtbaar om het te laten lezen, of verwijder het",
                )
            )
    for sheet in unrecognised:
        file_read.not_read.append(sheet.name)
        severity = WARNING if file_read.results else ERROR
        file_read.issues.append(
            Issue(
                relative,
                sheet.name,
                "",
                severity,
                "indeling niet herkend: geen antwoordkolommen (vraagcode + huidig/ambitie), "
                "geen tabel met provincie/vraag/huidig/ambitie en geen ingevulde vragenlijst "
                "(kolommen Code, Huidige situatie, Ambitie)"
                + ("; blad niet gelezen" if file_read.results else ""),
            )
        )
    if not file_read.results and not any(i.is_error for i in file_read.issues):
        file_read.issues.append(
            Issue(relative, "", "", ERROR, "geen zichtbaar blad met een herkenbare indeling")
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


_MEASURE_NL = {"current": "huidige situatie", "ambition": "ambitie"}


def _show_level(level: float | None) -> str:
    return "leeg" if level is None else str(level)


def _combine(
    submissions: list[Submission], salt: str, issues: list[Issue]
) -> list[tuple[str, Submission]]:
    """Resolve one respondent appearing more than once in a wave.

    Survey rows of the same person (e-mail or name): the latest submission counts and the others
    are reported as superseded. Tidy or template answers of the same respondent (or the same
    province's consolidated answer) from several places are combined: a missing answer in one
    place never conflicts with a level in another (the level counts); the same level twice is
    one warning per pair of places; two different levels are an error naming both places.
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
        if group[0].is_person:
            ordered = sorted(
                group,
                key=lambda s: (s.submitted or datetime.min, s.file, s.sheet, s.order),
            )
            latest = ordered[-1]
            for older in ordered[:-1]:
                answered = sum(
                    r["current"] is not None or r["ambition"] is not None
                    for r in older.answers.values()
                )
                issues.append(
                    Issue(
                        older.file,
                        older.sheet,
                        older.location,
                        WARNING,
                        f"inzending ({answered} beantwoorde vragen) vervangen door een latere "
                        f"van dezelfde respondent ({latest.file}, {latest.location}); "
                        "alleen de laatste telt",
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
        origin: dict[tuple[str, str], tuple[str, str, str]] = {}
        same: dict[tuple[str, str, str, str], list[str]] = {}
        for submission in group:
            for question, record in submission.answers.items():
                for measure in ("current", "ambition"):
                    if measure not in record["cells"]:
                        continue
                    cell = record["cells"][measure]
                    where = f"{submission.file} {cell}" if submission.file != merged.file else cell
                    if (question, measure) in origin:
                        first_file, first_sheet, first_cell = origin[question, measure]
                        earlier = merged.answers[question][measure]
                        if record[measure] is None:
                            continue  # not answered here: no conflict
                        if earlier is None:  # not answered there: this answer counts
                            origin[question, measure] = (submission.file, submission.sheet, cell)
                            merged.set_answer(
                                question, record["element"], measure, record[measure], where
                            )
                            continue
                        if earlier == record[measure]:
                            pair = (submission.file, submission.sheet, first_file, first_sheet)
                            same.setdefault(pair, []).append(cell)
                        else:
                            issues.append(
                                Issue(
                                    submission.file,
                                    submission.sheet,
                                    cell,
                                    ERROR,
                                    f"{question} ({_MEASURE_NL[measure]}) is "
                                    f"{_show_level(record[measure])} hier maar "
                                    f"{_show_level(earlier)} in {first_file}"
                                    + (f", blad {first_sheet}" if first_sheet else "")
                                    + f", cel {first_cell}; dezelfde respondent "
                                    "(of dezelfde provincie), tegenstrijdige antwoorden: "
                                    "houd één van beide",
                                )
                            )
                        continue
                    origin[question, measure] = (submission.file, submission.sheet, cell)
                    merged.set_answer(question, record["element"], measure, record[measure], where)
            for element, value in submission.roles.items():
                merged.roles.setdefault(element, value)
            for element, (text, cell) in submission.comments.items():
                if element in merged.comments and merged.comments[element][0] != text:
                    earlier_text, earlier_cell = merged.comments[element]
                    merged.comments[element] = (f"{earlier_text}\n{text}", earlier_cell)
                else:
                    merged.comments.setdefault(element, (text, cell))
        for (file, sheet, first_file, _first_sheet), cells in same.items():
            issues.append(
                Issue(
                    file,
                    sheet,
                    cells[0],
                    WARNING,
                    f"{len(cells)} antwoord(en) van dezelfde respondent (of dezelfde provincie) "
                    f"staan ook, met dezelfde waarde, in {first_file}; één keer geteld",
                )
            )
        kept.append((respondent, merged))
    return kept


def collect(
    raw: Path,
    *,
    salt: str,
    default_wave: str = "1",
    instrument: Instrument | None = None,
    engine: str = "calamine",
) -> Collected:
    """Read every export under ``raw`` into tidy frames plus issues and a manifest.

    Nothing is written. Unreadable values become missing and are listed as errors.
    """
    instrument = instrument or default_instrument()
    inputs = find_inputs(raw)
    issues: list[Issue] = []
    mapping, mapping_issues = read_mapping(inputs.mapping, instrument)
    issues.extend(mapping_issues)
    mapped: set[str] = set()
    manifest_inputs = []
    submissions: list[Submission] = []
    for path, reason in inputs.refused:
        relative = path.relative_to(raw).as_posix()
        issues.append(Issue(relative, "", "", ERROR, reason))
    for path, folder_wave in inputs.exports:
        relative = path.relative_to(raw).as_posix()
        file_read = read_export(path, relative, instrument, mapping, engine=engine)
        issues.extend(file_read.issues)
        file_submissions = []
        sheets_info = []
        for sheet_name, result in file_read.results:
            issues.extend(result.issues)
            mapped |= result.mapped
            for submission in result.submissions:
                submission.wave = submission.wave or folder_wave or default_wave
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
                "answers": sum(
                    (r["current"] is not None) + (r["ambition"] is not None)
                    for s in file_submissions
                    for r in s.answers.values()
                ),
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
            comment_rows.append((s.wave, s.province, element, mask_personal(text)))
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
        sheets = [s for s in load_sheets(path) if s.visible] or load_sheets(path)
    except ExportUnreadable as exc:
        issues.append(Issue(relative, "", "", ERROR, str(exc)))
        return empty
    sheet = sheets[0]
    rows = [r for r in sheet.rows]
    if not rows:
        issues.append(Issue(relative, sheet.name, "", ERROR, "kostentabel is leeg"))
        return empty
    header = [str(v).strip() for v in rows[0]]
    frame = pd.DataFrame(
        [list(r) + [""] * (len(header) - len(r)) for r in rows[1:]], columns=header, dtype="object"
    )
    from bimmaturity.rules.businesscase import validate_costs

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
    engine: str = "calamine",
) -> Collected:
    """Read ``raw`` and write the processed tables, issues.csv and manifest.json.

    Raises
    ------
    InputError
        When the input has errors and ``lenient`` is false; ``processed`` is left untouched.
    """
    collected = collect(
        raw,
        salt=read_salt(salt_path),
        default_wave=default_wave,
        instrument=instrument,
        engine=engine,
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


TABLE_FILES = (
    "answers.parquet",
    "roles.parquet",
    "comments.parquet",
    "costs.parquet",
    "issues.csv",
)
STAGING_PREFIX = ".staging-"


def _fsync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_processed(collected: Collected, processed: Path) -> None:
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
    """
    processed = Path(processed)
    issues = issues_frame(collected.issues)
    text = io.StringIO()
    issues.to_csv(text, index=False, quoting=csv.QUOTE_MINIMAL)
    payloads = {
        "answers.parquet": _parquet_bytes(collected.answers),
        "roles.parquet": _parquet_bytes(collected.roles),
        "comments.parquet": _parquet_bytes(collected.comments),
        "costs.parquet": _parquet_bytes(collected.costs),
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
        return sort_waves(self.answers["wave"].unique())

    @property
    def is_example(self) -> bool:
        return bool(self.manifest.get("example"))

    @property
    def lenient_errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == ERROR]


class ProcessedMismatch(ValueError):
    """The processed tables do not belong to their manifest (an interrupted write)."""


def load_processed(processed: Path) -> Processed:
    """Load data/processed as written by :func:`ingest`.

    Every table is checked against the sha256 the manifest recorded for it, so a folder left
    half-written by a killed ingest is refused instead of read as a mix of two runs.

    Raises
    ------
    FileNotFoundError
        When there is no processed data.
    ProcessedMismatch
        When a table does not match the manifest.
    """
    processed = Path(processed)
    if not (processed / "manifest.json").is_file():
        raise FileNotFoundError(
            f"{processed}: geen verwerkte gegevens; draai eerst 'bimmaturity ingest'"
        )
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest.get("tables", {}).items():
        path = processed / name
        if not path.is_file() or _sha256(path) != digest:
            raise ProcessedMismatch(
                f"{processed}: {name} hoort niet bij manifest.json (een onderbroken "
                "'bimmaturity ingest'?); draai 'bimmaturity ingest' opnieuw"
            )
    issues = pd.read_csv(processed / "issues.csv", dtype="str", keep_default_na=False)
    return Processed(
        answers=pd.read_parquet(processed / "answers.parquet"),
        roles=pd.read_parquet(processed / "roles.parquet"),
        comments=pd.read_parquet(processed / "comments.parquet"),
        costs=pd.read_parquet(processed / "costs.parquet"),
        issues=issues,
        manifest=manifest,
    )
