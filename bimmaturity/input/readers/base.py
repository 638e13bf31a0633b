"""What every reader hands to ingest: records with their raw location, plus issues.

Also the interface every reader implements (:class:`Reader`; the registry is in
:mod:`bimmaturity.input.readers`) and the few helpers every reader shares: reading one cell
into a level or role with its problems reported (:func:`parse_cell`), and keeping names and
e-mail addresses out of messages (:func:`redact`).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from bimmaturity.input.grid import Sheet
from bimmaturity.instrument import AnswerError
from bimmaturity.issues import ERROR, Issue
from bimmaturity.textnorm import fold as _fold

if TYPE_CHECKING:
    from bimmaturity.instrument import Instrument

__all__ = [
    "HIDDEN",
    "ReadResult",
    "Reader",
    "RowAnswers",
    "RowPlan",
    "Submission",
    "answered",
    "cell_text",
    "fold",
    "is_personal",
    "measure_words",
    "parse_cell",
    "redact",
    "words",
]

HIDDEN = "(naam of e-mailadres; niet getoond)"
"""What a message shows instead of a cell value that looks like a person's name or address."""


@dataclass(frozen=True)
class RowPlan:
    """Where a wide sheet's answers are: one entry per question, in the order its first
    column appears (the order of :attr:`Submission.answers`), shared by all its rows.

    ``first`` is the measure of the question's first column (``current`` or ``ambition``);
    ``current_letters`` and ``ambition_letters`` are the column letters ("" when the sheet
    has no such column).
    """

    questions: tuple[str, ...]
    elements: tuple[str, ...]
    first: tuple[str, ...]
    current_letters: tuple[str, ...]
    ambition_letters: tuple[str, ...]

    @cached_property
    def question_order(self) -> np.ndarray:
        """The positions of the questions in sorted order."""
        return np.argsort(np.array(self.questions, dtype=object).reshape(-1), kind="stable")

    @cached_property
    def cells_template(self) -> str:
        """The cells of every answer joined by ``|``, with ``#`` for the row number (column
        letters hold neither)."""
        shown = []
        for first, current, ambition in zip(
            self.first, self.current_letters, self.ambition_letters, strict=True
        ):
            pair = (current, ambition) if first == "current" else (ambition, current)
            shown.append(", ".join(f"{letters}#" for letters in pair if letters))
        return "|".join(shown)


class RowAnswers(Mapping[str, dict[str, Any]]):
    """The answers of one wide row, compact: the levels of every question in the order of a
    :class:`RowPlan`. Reads as the ``{question: record}`` mapping every reader gives (records
    made on first use); ingest's tables are built from the levels directly.

    Examples
    --------
    >>> plan = RowPlan(("A-1",), ("A",), ("current",), ("H",), ("I",))
    >>> answers = RowAnswers(plan, 2, (3,), (None,))
    >>> list(answers), answers["A-1"]["current"], answers["A-1"]["cells"]
    (['A-1'], 3, {'current': 'H2', 'ambition': 'I2'})
    >>> answers.cells()
    ['H2, I2']
    """

    __slots__ = ("_records", "ambition", "current", "number", "plan")

    def __init__(
        self,
        plan: RowPlan,
        number: int,
        current: tuple[int | None, ...],
        ambition: tuple[int | None, ...],
    ) -> None:
        self.plan, self.number, self.current, self.ambition = plan, number, current, ambition
        self._records: dict[str, dict[str, Any]] | None = None

    def __reduce__(self):  # pickled compact (the plan once per batch: pickle shares it)
        return (RowAnswers, (self.plan, self.number, self.current, self.ambition))

    def cell_pair(self, index: int) -> dict[str, str]:
        """The cells of the ``index``-th question, by measure, in the order of its columns."""
        plan, number = self.plan, self.number
        cells = {}
        for measure in (
            plan.first[index],
            "ambition" if plan.first[index] == "current" else "current",
        ):
            letters = (plan.current_letters if measure == "current" else plan.ambition_letters)[
                index
            ]
            if letters:
                cells[measure] = f"{letters}{number}"
        return cells

    def cells(self) -> list[str]:
        """The cells of every answer as the answers table shows them (``H2, I2``)."""
        if not self.plan.questions:
            return []
        return self.plan.cells_template.replace("#", str(self.number)).split("|")

    def _all(self) -> dict[str, dict[str, Any]]:
        if self._records is None:
            self._records = {
                question: {
                    "element": element,
                    "current": current,
                    "ambition": ambition,
                    "cells": self.cell_pair(index),
                }
                for index, (question, element, current, ambition) in enumerate(
                    zip(
                        self.plan.questions,
                        self.plan.elements,
                        self.current,
                        self.ambition,
                        strict=True,
                    )
                )
            }
        return self._records

    def __getitem__(self, question: str) -> dict[str, Any]:
        return self._all()[question]

    def __iter__(self):
        return iter(self.plan.questions)

    def __len__(self) -> int:
        return len(self.plan.questions)


def answered(answers: Mapping[str, dict[str, Any]]) -> int:
    """How many levels (current and ambition counted apart) ``answers`` holds.

    Examples
    --------
    >>> answered({"A-1": {"current": 3, "ambition": None}})
    1
    """
    if isinstance(answers, RowAnswers):
        levels = answers.current + answers.ambition
        return len(levels) - levels.count(None)
    return sum((r["current"] is not None) + (r["ambition"] is not None) for r in answers.values())


@dataclass
class Submission:
    """One respondent's answers as found in one place (a row, a workbook, a respondent block).

    ``identity`` is the raw identity used for pseudonymisation (an e-mail address or a name):
    it stays in memory and never reaches an output. Its prefix says what kind it is:
    ``email:`` and ``name:`` are people (the latest submission counts), ``province:`` a
    province's consolidated answer, ``tidy:`` a respondent label in a tidy table, ``row:`` an
    anonymous survey row.
    """

    file: str
    sheet: str
    location: str
    province: str
    identity: str
    wave: str | None = None
    submitted: datetime | None = None
    order: int = 0
    answers: dict[str, dict[str, Any]] | RowAnswers = field(default_factory=dict)
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)
    comments: dict[str, tuple[str, str]] = field(default_factory=dict)

    def set_answer(
        self, question: str, element: str, measure: str, value: float | None, cell: str
    ) -> None:
        record = self.answers.setdefault(
            question,
            {"element": element, "current": None, "ambition": None, "cells": {}},
        )
        record[measure] = value
        record["cells"][measure] = cell

    @property
    def has_content(self) -> bool:
        answered = any(
            r["current"] is not None or r["ambition"] is not None for r in self.answers.values()
        )
        return answered or bool(self.roles) or bool(self.comments)

    @property
    def is_person(self) -> bool:
        return self.identity.startswith(("email:", "name:"))


@dataclass
class ReadResult:
    """The outcome of reading one sheet (or one template workbook).

    ``sheet`` names the sheet read (the questions sheet of a template), ``sheets`` every sheet
    the reader used, ``mapped`` the kolommen.csv entries (folded headers) it applied.
    """

    layout: str
    submissions: list[Submission] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    rows_read: int = 0
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    mapped: set[str] = field(default_factory=set)

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == ERROR for issue in self.issues)


class Reader(ABC):
    """One export layout: how to recognise it on a sheet, and how to read it.

    A reader reads one sheet at a time, or, when ``whole_workbook`` is true, all visible
    sheets of a workbook at once (a layout spread over several sheets, such as the filled
    questionnaire template): such a reader gets the workbook when one of its visible sheets
    holds its layout, before any sheet is offered to the per-sheet readers, and the sheets it
    used (:attr:`ReadResult.sheets`) are not read again.

    A new export layout is a module with a subclass of this class plus one line in
    :data:`bimmaturity.input.readers.READERS`.
    """

    layout: ClassVar[str]
    """The layout id (``template``, ``tidy``, ``wide``), as the manifest and messages name it."""

    whole_workbook: ClassVar[bool] = False

    @abstractmethod
    def detect(self, sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str]) -> bool:
        """True when ``sheet`` holds this reader's layout (for a whole-workbook reader: the
        sheet that makes the workbook one of its)."""

    @abstractmethod
    def read(
        self,
        sheets: Sequence[Sheet],
        instrument: Instrument,
        *,
        file: str,
        mapping: Mapping[str, str],
    ) -> ReadResult:
        """Read ``sheets``: the one sheet detected, or every visible sheet of the workbook for
        a whole-workbook reader. ``file`` names the export in the issues."""


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """:func:`bimmaturity.textnorm.fold`, remembered: exports repeat the same headers and
    answers thousands of times, and folding is character by character.

    Examples
    --------
    >>> fold(" Geïntegreerd\u00a0"), fold("  Huidige\tSituatie ")
    ('geintegreerd', 'huidige situatie')
    """
    if isinstance(text, str) and text.isascii():
        # the same for ASCII (nothing to decompose, case-folding is lower-casing), faster
        return " ".join(text.lower().split())
    return _fold(text)


_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Whole words of a header, folded (case, diacritics, odd spaces).

    Examples
    --------
    >>> words("[OTL rol]\\u00a0Welke rol?")
    ['otl', 'rol', 'welke', 'rol']
    """
    return _WORD.findall(fold(text))


def measure_words(instrument: Instrument | None) -> tuple[tuple[str, ...], ...]:
    """The words of the instrument's current and ambition labels, in that order (none without
    an instrument or when a label has no words).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> measure_words(default_instrument())
    (('huidige', 'situatie'), ('ambitie',))
    """
    if instrument is None:
        return ()
    labels = tuple(
        tuple(words(instrument.measures[m].label)) if m in instrument.measures else ()
        for m in ("current", "ambition")
    )
    return labels if all(labels) else ()


def cell_text(value: Any) -> str:
    """A cell value as display text (floats that are whole numbers without '.0').

    Examples
    --------
    >>> cell_text(3.0), cell_text(None), cell_text(" a ")
    ('3', '', ' a ')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


def is_personal(value: Any, secrets: Iterable[str] = ()) -> bool:
    """True when a cell value looks like an e-mail address or is one of ``secrets``.

    ``secrets`` holds folded names and addresses known from the same sheet (the respondent
    columns), so a name typed in the wrong column is recognised too.

    Examples
    --------
    >>> is_personal("jan@provincie.nl"), is_personal("Jan Jansen", {"jan jansen"})
    (True, True)
    >>> is_personal("Zeeland", {"jan jansen"})
    False
    """
    text = fold(cell_text(value))
    if not text:
        return False
    return bool(_EMAIL.search(text)) or text in set(secrets)


def _shown(value: Any) -> str:
    # the way bimmaturity.instrument quotes a value in its messages
    text = cell_text(value) if isinstance(value, float) else str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def redact(message: str, value: Any, secrets: Iterable[str] = ()) -> str:
    """``message`` with the quoted ``value`` replaced when it looks personal.

    Examples
    --------
    >>> redact("'jan@x.nl' is geen niveau", "jan@x.nl")
    '(naam of e-mailadres; niet getoond) is geen niveau'
    >>> redact("'vijf' is geen niveau", "vijf")
    "'vijf' is geen niveau"
    """
    if not is_personal(value, secrets):
        return message
    for form in {_shown(value), repr(str(value)), repr(cell_text(value).strip())}:
        message = message.replace(form, HIDDEN)
    return message


def parse_cell(
    sheet: Sheet,
    row: int,
    column: int,
    parse: Callable[[Any], Any],
    *,
    file: str,
    issues: list[Issue],
    secrets: Iterable[str] = (),
) -> Any:
    """Parse one cell with ``parse`` (a level or role parser); None when it cannot be read.

    A cell problem (Excel error value, formula without a stored result, a cell covered by a
    merged range) or a value the parser refuses becomes an error issue naming the cell.
    """
    cell = sheet.location(row, column)
    problem = sheet.problem(row, column)
    if problem is not None:
        issues.append(Issue(file, sheet.name, cell, ERROR, problem))
        return None
    value = sheet.cell(row, column)
    try:
        return parse(value)
    except AnswerError as exc:
        issues.append(Issue(file, sheet.name, cell, ERROR, redact(str(exc), value, secrets)))
        return None


_EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An address written out to dodge filters: "naam at voorbeeld dot org", "naam [at] prov punt nl",
# "naam(apenstaartje)prov.nl". It needs an at-word and a dot-word (or a dot) to count.
_AT = r"(?:\s*[\[(]\s*(?:at|apenstaartje)\s*[\])]\s*|\s+(?:at|apenstaartje)\s+)"
_DOT = r"(?:\s*[\[(]\s*(?:dot|punt)\s*[\])]\s*|\s+(?:dot|punt)\s+|\.)"
_SPELLED_ADDRESS = re.compile(rf"\b[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE)
EMAIL_REMOVED = "[e-mailadres verwijderd]"
NAME_REMOVED = "[naam verwijderd]"
# Parts of a name that are no name on their own (Dutch particles, initials).
_PARTICLES = frozenset(
    [
        "de",
        "van",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "op",
        "in",
        "t",
        "la",
        "le",
        "da",
        "di",
        "du",
        "del",
        "von",
        "vom",
        "zu",
    ]
)


_NAME_SEPARATORS = re.compile(r"[\s.,_+\-]+")


def _name_parts(secret: str) -> set[str]:
    """The whole secret plus each part a person could be called by: first name, surname,
    the local parts of an address (``p.jansen@x.nl`` gives ``jansen``)."""
    local = secret.split("@", 1)[0]
    parts = {secret} if "@" not in secret else set()
    parts |= {p for p in _NAME_SEPARATORS.split(local) if len(p) >= 3}
    return {p for p in parts if len(p) >= 3 and p not in _PARTICLES}


def mask_personal(text: str, secrets: Iterable[str] = ()) -> str:
    """Free text without e-mail addresses (also spelled out) and without the names in
    ``secrets`` (folded), whole or in part: a first name or a surname alone is masked too.

    Comments are shown in reports; a respondent who signs a comment or gives an address must
    not end up in one. Matching ignores case and diacritics; a part matches as a whole word.

    Examples
    --------
    >>> mask_personal("Bel Anna de Vries of mail anna@prov.nl", {"anna de vries"})
    'Bel [naam verwijderd] of mail [e-mailadres verwijderd]'
    >>> mask_personal("Vraag Jöran (of De Vries), joran at prov dot nl", {"joran de vries"})
    'Vraag [naam verwijderd] (of De [naam verwijderd]), [e-mailadres verwijderd]'
    >>> mask_personal("Januari: de OTL is af", {"jan de vries"})
    'Januari: de OTL is af'
    """
    if not text:
        return text
    masked = _EMAIL_ADDRESS.sub(EMAIL_REMOVED, text)
    masked = _SPELLED_ADDRESS.sub(EMAIL_REMOVED, masked)
    if not secrets:
        return masked
    haystack, origin = _folded_chars(masked)
    for part in _masked_parts(frozenset(secrets)):
        if part not in haystack:  # a cheap test: the pattern below can only match a substring
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")
        spans = [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(haystack)]
        if not spans:
            continue
        for start, end in reversed(spans):
            masked = masked[:start] + NAME_REMOVED + masked[end:]
        haystack, origin = _folded_chars(masked)
    return masked


@lru_cache(maxsize=256)
def _masked_parts(secrets: frozenset[str]) -> tuple[str, ...]:
    """Every name part of ``secrets`` to mask, longest first (then alphabetical: the same
    order in every process)."""
    parts = set().union(*(_name_parts(fold(s)) for s in secrets)) if secrets else set()
    return tuple(sorted(parts, key=lambda part: (-len(part), part)))


def _folded_chars(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character (spaces made plain) and, for every character
    of the folded text, the index of the character of ``text`` it comes from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char) if not char.isspace() else " "
        folded.append(piece or char)
        origin.extend([index] * len(piece or char))
    return "".join(folded), origin
