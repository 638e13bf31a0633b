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
  here with a salted hash and exist nowhere else; messages never quote a cell that looks like
  a name or address.
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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from bimmaturity.frames import sort_waves
from bimmaturity.input.costs import read_costs
from bimmaturity.input.discover import find_inputs
from bimmaturity.input.export import read_exports
from bimmaturity.input.mapping import read_mapping
from bimmaturity.input.readers.base import RowAnswers, Submission, answered, mask_personal
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ERROR, WARNING, InputError, Issue
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
    atomic_write(path, salt.encode("utf-8"), mode=0o600)  # private, unlike every output
    return salt


def _fingerprint(path: Path, *, digest: bool = True) -> dict:
    """Size and sha256 of an input for the manifest (None when it cannot be read)."""
    try:
        size = path.stat().st_size
        return {"size": size, "sha256": sha256_file(path)} if digest else {"size": size}
    except OSError:
        return {"size": None, "sha256": None} if digest else {"size": None}


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
) -> Collected:
    """Read every export under ``raw`` into tidy frames plus issues and a manifest.

    Nothing is written. Unreadable values become missing and are listed as errors. Without
    ``comments`` the free-text comments are left out entirely (the comments table is empty).
    ``jobs`` processes read the files (:func:`~bimmaturity.input.export.read_exports`; None:
    two for a large folder); the result is the same for any number.
    """
    instrument = instrument or default_instrument()
    check_wave_name(default_wave, "--wave")
    inputs = find_inputs(raw)
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


def _cells_text(cells: dict[str, str]) -> str:
    # the cells of an answer (current, ambition), each once: ", ".join(dict.fromkeys(...))
    if len(cells) == 2:
        first, second = cells.values()
        return first if first == second else f"{first}, {second}"
    return ", ".join(cells.values())


def _question_order(answers: Mapping[str, dict]) -> np.ndarray:
    """The positions of the answers of one submission sorted by question."""
    if isinstance(answers, RowAnswers):
        return answers.plan.question_order
    return np.argsort(np.array(list(answers), dtype=object).reshape(-1), kind="stable")


def _frames(
    kept: list[tuple[str, Submission]],
    instrument: Instrument,
    issues: list[Issue],
    *,
    comments: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The answers, roles and comments tables of the submissions kept, plus their warnings
    (an ambition below the current level, a respondent who answered less than half).

    The answers table is built column by column over all submissions at once (one flat list
    of answer records; the warnings found on whole columns), not row by row.
    """
    n_questions = len(instrument.question_ids)
    questions: list[str] = []
    elements: list[str] = []
    levels: dict[str, list] = {"current": [], "ambition": []}
    cells: list[str] = []
    counts: list[int] = []
    for _respondent, s in kept:
        answers = s.answers
        if isinstance(answers, RowAnswers):  # a wide row: its levels as they are
            questions.extend(answers.plan.questions)
            elements.extend(answers.plan.elements)
            levels["current"].extend(answers.current)
            levels["ambition"].extend(answers.ambition)
            cells.extend(answers.cells())
        else:
            questions.extend(answers)
            for record in answers.values():
                elements.append(record["element"])
                levels["current"].append(record["current"])
                levels["ambition"].append(record["ambition"])
                cells.append(_cells_text(record["cells"]))
        counts.append(len(answers))
    current = np.array(levels["current"], dtype="float64").reshape(-1)
    ambition = np.array(levels["ambition"], dtype="float64").reshape(-1)
    offsets = np.concatenate([[0], np.cumsum(counts, dtype="int64")])
    answered = np.concatenate([[0], np.cumsum(~np.isnan(current))])
    answered = answered[offsets[1:]] - answered[offsets[:-1]]
    below = np.flatnonzero(ambition < current).tolist()  # NaN compares False: both answered
    role_elements: list[str] = []
    role_values: list[str] = []
    role_counts: list[int] = []
    comment_rows = []
    pointer = 0
    for index, (_respondent, s) in enumerate(kept):
        end = offsets[index + 1]
        while pointer < len(below) and below[pointer] < end:  # in the order of the answers
            row = below[pointer]
            record = s.answers[questions[row]]
            issues.append(
                Issue(
                    s.file,
                    s.sheet,
                    record["cells"].get("ambition", ""),
                    WARNING,
                    f"{questions[row]}: ambitie {record['ambition']} ligt onder de "
                    f"huidige situatie {record['current']}; overgenomen zoals ingevuld",
                )
            )
            pointer += 1
        if 0 < answered[index] < n_questions / 2:
            issues.append(
                Issue(
                    s.file,
                    s.sheet,
                    s.location,
                    WARNING,
                    f"respondent heeft maar {answered[index]} van {n_questions} vragen "
                    "(huidige situatie) beantwoord",
                )
            )
        role_elements.extend(s.roles)
        role_values.extend(role for role, _cell in s.roles.values())
        role_counts.append(len(s.roles))
        for element, (text, _cell) in s.comments.items() if comments else ():
            comment_rows.append((s.wave, s.province, element, mask_personal(text)))

    # The rows sorted by wave, province, respondent and question without sorting the table:
    # a (wave, respondent) is one submission after _combine, and a question is once in it, so
    # the submissions are sorted, and the questions within each.
    ordered = sorted(
        range(len(kept)), key=lambda i: (kept[i][1].wave, kept[i][1].province, kept[i][0])
    )
    order = np.concatenate(
        [np.zeros(0, dtype="int64")]
        + [_question_order(kept[i][1].answers) + offsets[i] for i in ordered]
    )

    def per_submission(values: list, rows: np.ndarray) -> pd.api.extensions.ExtensionArray:
        # one text per submission, on each of its rows: made text once, then repeated
        return pd.array(values, dtype="str").take(rows)

    by_row = np.repeat(np.arange(len(kept)), counts)[order]

    def repeated(values: list) -> pd.api.extensions.ExtensionArray:
        return per_submission(values, by_row)

    def column(values: list) -> np.ndarray:
        return np.array(values, dtype=object).reshape(-1)[order]

    answers = pd.DataFrame(
        {
            "wave": repeated([s.wave for _, s in kept]),
            "province": repeated([s.province for _, s in kept]),
            "respondent": repeated([respondent for respondent, _ in kept]),
            "element": column(elements),
            "question": column(questions),
            "current": current[order],
            "ambition": ambition[order],
            "source_file": repeated([s.file for _, s in kept]),
            "source_sheet": repeated([s.sheet for _, s in kept]),
            "source_cell": column(cells),
        },
        columns=ANSWER_COLUMNS,
    )
    by_role = np.repeat(np.arange(len(kept)), role_counts)
    roles = (
        pd.DataFrame(
            {
                "wave": per_submission([s.wave for _, s in kept], by_role),
                "province": per_submission([s.province for _, s in kept], by_role),
                "respondent": per_submission([respondent for respondent, _ in kept], by_role),
                "element": pd.array(role_elements, dtype="str"),
                "role": pd.array(role_values, dtype="str"),
            },
            columns=ROLE_COLUMNS,
        )
        .sort_values(["wave", "province", "respondent", "element"], kind="stable")
        .reset_index(drop=True)
    )
    comment_frame = pd.DataFrame(comment_rows, columns=COMMENT_COLUMNS)
    for frame in (answers, roles, comment_frame):
        for column in frame.columns:
            if column not in ("current", "ambition"):
                frame[column] = frame[column].astype("str")
    return answers, roles, comment_frame


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
) -> str:
    """A digest of everything an ingest depends on: every file under ``raw`` (name and bytes),
    the salt, the options, the instrument and the package code.

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
    digest.update(code_digest().encode())
    return digest.hexdigest()


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
    )
