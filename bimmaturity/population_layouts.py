"""The files of the synthetic population (:mod:`bimmaturity.population`), one layout each.

Each function turns planted answers into the bytes of one export, as an organisation would
send it: the questionnaire of ``bimmaturity template`` filled in, a LimeSurvey-like wide
export, a tidy CSV table; and the cost table. Workbooks are re-packed with fixed timestamps
(:func:`bimmaturity.example.repack_zip`), so the bytes are the same on every run.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from bimmaturity.example import COST_HEADER, FIRST_NAMES, LAST_NAMES, example_costs
from bimmaturity.example import _reproducible_xlsx as reproducible_xlsx
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.organisations import file_slug
from bimmaturity.population import MISSING, POPULATION_SEED, WAVES

if TYPE_CHECKING:
    from bimmaturity.population import Answers, Organisation

__all__ = [
    "cost_file",
    "people",
    "shown_name",
    "template_file",
    "tidy_file",
    "wide_file",
    "wide_header",
]

FUNCTIONS = ("BIM-coördinator", "Assetmanager", "Informatiemanager", "Projectleider")
"""What the person who filled in a questionnaire does (its ``Rol van de invuller``)."""


def people(organisation: Organisation, wave: str, count: int) -> list[tuple[str, str]]:
    """(name, e-mail) of ``count`` respondents of one round; a third are new in the second.

    No two respondents of an organisation share a name (a tidy table knows them by name).

    Examples
    --------
    >>> from bimmaturity.population import plan_population
    >>> people(plan_population(1).organisations[0], "2022", 1)
    [('Eva Bos', 'eva.bos1@rhoderberg.voorbeeld.nl')]
    """
    rng = np.random.default_rng([POPULATION_SEED, organisation.index, 7])
    domain = f"{file_slug(organisation.name)}.voorbeeld.nl"
    chosen = rng.choice(len(FIRST_NAMES) * len(LAST_NAMES), count + count // 3 + 1, replace=False)
    pool = []
    for number, pick in enumerate(chosen.tolist(), start=1):
        first, last = FIRST_NAMES[pick // len(LAST_NAMES)], LAST_NAMES[pick % len(LAST_NAMES)]
        email = f"{first.lower()}.{last.replace(' ', '').lower()}{number}@{domain}"
        pool.append((f"{first} {last}", email))
    start = 0 if wave == WAVES[0] else count // 3
    return pool[start : start + count]


def shown_name(organisation: Organisation, wave: str) -> str:
    """The organisation's name as a survey or a table writes it: in the first round the
    former name of a merged municipality, for every fifth ``Gemeente X``/``Waterschap X``.

    Examples
    --------
    >>> from bimmaturity.population import plan_population
    >>> first = plan_population(1).organisations[0]
    >>> shown_name(first, "2022"), shown_name(first, "2024")
    ('Ooskeberg', 'Gemeente Rhoderberg')
    """
    if organisation.alias and wave == WAVES[0] and organisation.kind == "gemeente":
        return organisation.alias
    if organisation.index % 5 == 0:
        return f"{organisation.kind.capitalize()} {organisation.name}"
    return organisation.name


def _cell(level: int, missing: str | None) -> int | str | None:
    return missing if level == MISSING else level


def _comment(instrument: Instrument, element: str, role: str) -> str:
    label = instrument.element_label(element).lower()
    if role == "trekken":
        return f"Wij hebben veel ervaring met {label} en delen die graag."
    if role == "volgen":
        return f"Voor {label} sluiten wij graag aan bij wat anderen al hebben."
    return f"Met {label} zijn wij op eigen kracht bezig."


def template_file(
    instrument: Instrument, organisation: Organisation, answers: Answers, wave: str
) -> bytes:
    """The questionnaire of ``bimmaturity template`` for one organisation (of the registry in
    use), filled in with the first respondent's answers as its consolidated answer (no name).

    Examples
    --------
    >>> from bimmaturity.population import Answers, plan_population
    >>> from bimmaturity.organisations import use_registry
    >>> plan = plan_population(1)
    >>> answers = Answers(np.full((1, 33), 3), np.full((1, 33), 4), [["volgen"] * 11])
    >>> with use_registry(plan.registry):
    ...     data = template_file(default_instrument(), plan.organisations[0], answers, "2022")
    >>> data[:2]
    b'PK'
    """
    from bimmaturity.questionnaire import (
        DETAILS_SHEET,
        QUESTIONS_SHEET,
        ROLES_SHEET,
        template_workbook,
    )

    workbook = template_workbook(organisation.code, wave, instrument)
    rng = np.random.default_rng([POPULATION_SEED, organisation.index, 11, int(wave)])
    for row in workbook[DETAILS_SHEET].iter_rows(min_col=1, max_col=2):
        label = str(row[0].value or "")
        if label == "Rol van de invuller":
            row[1].value = FUNCTIONS[int(rng.integers(len(FUNCTIONS)))]
        elif label == "Datum":
            row[1].value = datetime(int(wave), 3, 1) + timedelta(days=int(rng.integers(60)))
    missing = instrument.scale.missing[0] if instrument.scale.missing else None

    def shown(level: int) -> str | None:
        return missing if level == MISSING else f"{level} - {instrument.level_label(level)}"

    position = {q: i for i, q in enumerate(instrument.question_ids)}
    for row in workbook[QUESTIONS_SHEET].iter_rows(min_col=1, max_col=4):
        index = position.get(row[0].value)
        if index is not None:
            row[2].value = shown(int(answers.current[0, index]))
            row[3].value = shown(int(answers.ambition[0, index]))
    elements = {e: i for i, e in enumerate(instrument.element_ids)}
    for row in workbook[ROLES_SHEET].iter_rows(min_col=1, max_col=4):
        index = elements.get(row[0].value)
        if index is not None:
            role = answers.roles[0][index]
            row[2].value = instrument.role_label(role) if role else None
            if role and rng.random() < 0.2:
                row[3].value = _comment(instrument, row[0].value, role)
    return reproducible_xlsx(workbook)


def wide_header(instrument: Instrument) -> list[str]:
    """The header of the LimeSurvey-like export: metadata, ``organisatie``, ``naam``,
    ``email``, then per question ``VISIE1[huidig]``, ``VISIE1[ambitie]`` and per element
    ``VISIE[rol]``, ``VISIE[toelichting]``.

    Examples
    --------
    >>> wide_header(default_instrument())[7:12]
    ['organisatie', 'naam', 'email', 'VISIE1[huidig]', 'VISIE1[ambitie]']
    """
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate"]
    header += ["datestamp", "organisatie", "naam", "email"]
    for element in instrument.elements:
        for question in element.questions:
            code = question.id.replace("-", "") if element.id[-1].isalpha() else question.id
            header += [f"{code}[huidig]", f"{code}[ambitie]"]
        header += [f"{element.id}[rol]", f"{element.id}[toelichting]"]
    return header


def wide_file(
    instrument: Instrument, members: list[tuple[Organisation, Answers]], wave: str
) -> bytes:
    """A LimeSurvey-like export (sheet ``results``): one row per respondent of ``members``.

    Examples
    --------
    >>> from bimmaturity.population import Answers, plan_population
    >>> answers = Answers(np.full((2, 33), 3), np.full((2, 33), 4), [["volgen"] * 11] * 2)
    >>> wide_file(default_instrument(), [(plan_population(1).organisations[0], answers)],
    ...           "2022")[:2]
    b'PK'
    """
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(wide_header(instrument))
    starts = np.cumsum([0, *(len(e.questions) for e in instrument.elements)]).tolist()
    labels = {r: instrument.role_label(r) for r in instrument.role_ids}
    response = 0
    for organisation, answers in members:
        rng = np.random.default_rng([POPULATION_SEED, organisation.index, 13, int(wave)])
        for person, (name, email) in enumerate(people(organisation, wave, len(answers.roles))):
            response += 1
            minutes = int(rng.integers(60 * 24 * 50))
            begin = datetime(int(wave), 3, 1, 9) + timedelta(minutes=minutes)
            done = begin + timedelta(minutes=int(rng.integers(12, 50)))
            row = [response, done, 4, "nl", int(rng.integers(10**8)), begin, done]
            row += [shown_name(organisation, wave), name, email]
            current = answers.current[person].tolist()
            ambition = answers.ambition[person].tolist()
            for position, element in enumerate(instrument.element_ids):
                for index in range(starts[position], starts[position + 1]):
                    row += [_cell(current[index], None), _cell(ambition[index], None)]
                role = answers.roles[person][position]
                row.append(labels[role] if role else None)
                comment = bool(role) and rng.random() < 0.05
                row.append(_comment(instrument, element, role) if comment else None)
            sheet.append(row)
    return reproducible_xlsx(workbook)


def tidy_file(
    instrument: Instrument, members: list[tuple[Organisation, Answers]], wave: str
) -> bytes:
    """A tidy CSV (semicolons, UTF-8 with BOM): one row per respondent and question, and one
    ``<ELEMENT>:rol`` row per element with the role in the ``huidig`` column.

    Examples
    --------
    >>> from bimmaturity.population import Answers, plan_population
    >>> answers = Answers(np.full((1, 33), 3), np.full((1, 33), MISSING), [["volgen"] * 11])
    >>> text = tidy_file(default_instrument(), [(plan_population(1).organisations[0],
    ...                  answers)], "2024").decode("utf-8-sig")
    >>> text.splitlines()[1]
    'Gemeente Rhoderberg;Eva Bos;VISIE-1;3;n.v.t.;'
    """
    missing = instrument.scale.missing[0] if instrument.scale.missing else ""
    labels = {r: instrument.role_label(r) for r in instrument.role_ids}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["organisatie", "respondent", "vraag", "huidig", "ambitie", "toelichting"])
    questions = instrument.question_ids
    for organisation, answers in members:
        shown = shown_name(organisation, wave)
        for person, (name, _email) in enumerate(people(organisation, wave, len(answers.roles))):
            current = answers.current[person].tolist()
            ambition = answers.ambition[person].tolist()
            writer.writerows(
                [shown, name, question, _cell(current[i], missing), _cell(ambition[i], missing), ""]
                for i, question in enumerate(questions)
            )
            writer.writerows(
                [shown, name, f"{element}:rol", labels.get(role, ""), "", ""]
                for element, role in zip(instrument.element_ids, answers.roles[person], strict=True)
            )
    return out.getvalue().encode("utf-8-sig")


def cost_file(instrument: Instrument | None = None) -> bytes:
    """``kosten.xlsx``: the example's cost table (:func:`bimmaturity.example.example_costs`).

    Examples
    --------
    >>> cost_file()[:2]
    b'PK'
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "kosten"
    sheet.append(list(COST_HEADER))
    for row in example_costs(instrument or default_instrument()):
        sheet.append(list(row))
    return reproducible_xlsx(workbook)
