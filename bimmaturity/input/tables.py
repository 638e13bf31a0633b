"""The tables of an ingest: respondents de-duplicated, then the answers, roles and comments
tables built from the submissions kept.

- :func:`pseudonym` gives each respondent identity its salted pseudonym;
- ``_combine`` resolves one respondent appearing more than once in a wave (the latest survey
  submission of a person counts; answers of one province or respondent from several places are
  combined, conflicting answers are an error);
- ``_frames`` builds the tables column by column over all submissions at once, with the
  warnings found on whole columns (an ambition below the current level, a respondent who
  answered less than half).

:mod:`bimmaturity.ingest` runs the whole ingest and re-exports the public names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime

import numpy as np
import pandas as pd

from bimmaturity.input.readers.base import RowAnswers, Submission, mask_personal
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.vocab import org_words

__all__ = [
    "ANSWER_COLUMNS",
    "COMMENT_COLUMNS",
    "ROLE_COLUMNS",
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


def pseudonym(identity: str, salt: str) -> str:
    """A stable, salted pseudonym for a respondent identity.

    Examples
    --------
    >>> pseudonym("email:a@b.nl", "zout")
    'R-caf2cfa921'
    """
    digest = hashlib.sha256(f"{salt}\x1f{identity}".encode()).hexdigest()
    return f"R-{digest[:10]}"


# ----------------------------------------------------------------------------- combining
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
                                    f"(of {_same_organisation()}), tegenstrijdige antwoorden: "
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
                    f"{len(cells)} antwoord(en) van dezelfde respondent (of "
                    f"{_same_organisation()}) staan ook, met dezelfde waarde, in {first_file}; "
                    "één keer geteld",
                )
            )
        kept.append((respondent, merged))
    return kept


def _same_organisation() -> str:
    """``dezelfde provincie``, ``hetzelfde waterschap``: the registry in use's kind."""
    words = org_words()
    return f"{'hetzelfde' if words['de'] == 'het' else 'dezelfde'} {words['org']}"


# ----------------------------------------------------------------------------- tables
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
