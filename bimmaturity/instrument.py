"""The assessment instrument: elements, questions, the maturity scale, and answer parsing.

The instrument is a YAML file (the default ships as ``instruments/roadmap_bim_provincies.yaml``).
Any instrument of the same shape works: other elements, other questions, another scale size.
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from importlib import resources
from numbers import Number
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bimmaturity.instrument_errors import ELEMENT_ID, field_problems
from bimmaturity.textnorm import fold

__all__ = [
    "AnswerError",
    "Element",
    "Instrument",
    "Level",
    "Question",
    "check_thresholds",
    "default_instrument",
    "load_instrument",
]

DEFAULT_INSTRUMENT = "roadmap_bim_provincies.yaml"


class AnswerError(ValueError):
    """A cell value that is not a level, not a role, or otherwise cannot be read."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)  # a mistyped field is an error


_TEXT = r"\S"
"""A text shown to people: at least one character that is not a space."""
ROLE_IDS = ("trekken", "meedoen", "volgen", "niet")
"""The collaboration roles the rules know (an instrument asks some or all of them)."""


class Level(_Model):
    value: int
    label: str = Field(pattern=_TEXT)
    description: str = ""


class Scale(_Model):
    levels: list[Level] = Field(min_length=2)
    missing: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consecutive(self) -> Scale:
        values = [level.value for level in self.levels]
        if values != list(range(values[0], values[0] + len(values))):
            shown = ", ".join(map(str, values))
            raise ValueError(
                f"scale.levels: de waarden moeten opeenvolgende gehele getallen zijn, "
                f"oplopend (zoals 1, 2, 3, 4, 5); gevonden: {shown}"
            )
        _no_doubles(
            [(f"scale.levels[{i}].label", v.label) for i, v in enumerate(self.levels, start=1)],
            fold,
        )
        return self


class Measure(_Model):
    label: str = Field(pattern=_TEXT)
    horizon: int | str | None = None


class Role(_Model):
    id: str
    label: str = Field(pattern=_TEXT)
    description: str = ""


class Question(_Model):
    id: str
    text: str = Field(pattern=_TEXT)
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)


class Element(_Model):
    id: str = Field(pattern=ELEMENT_ID)
    label: str = Field(pattern=_TEXT)
    label_en: str | None = None
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    questions: list[Question] = Field(min_length=1)


class Instrument(_Model):
    """A validated assessment instrument.

    Examples
    --------
    >>> inst = default_instrument()
    >>> inst.element_ids[:3]
    ['VISIE', 'ORG', 'MENS']
    >>> inst.parse_level("2 - Gedefinieerd")
    2
    """

    id: str
    title: str
    version: str
    language: str = "nl"
    scale: Scale
    measures: dict[str, Measure]
    collaboration_roles: list[Role]
    elements: list[Element] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Instrument:
        places = [
            (f"elements[{i}] ({e.id}).questions[{j}].id", q.id)
            for i, e in enumerate(self.elements, start=1)
            for j, q in enumerate(e.questions, start=1)
        ]
        for field, question in places:
            if _canonical_code(question) is None:
                raise ValueError(
                    f"{field}: {question!r} moet de vorm <ELEMENT>-<nummer> hebben, zoals VISIE-1"
                )
        _no_doubles(
            [(f"elements[{i}].id", e.id) for i, e in enumerate(self.elements, 1)], str.upper
        )
        _no_doubles(
            [(f"elements[{i}].label", e.label) for i, e in enumerate(self.elements, 1)], fold
        )
        _no_doubles(places, lambda q: _canonical_code(q) or q)
        if set(self.measures) != {"current", "ambition"}:
            found = ", ".join(sorted(self.measures)) or "geen"
            raise ValueError(
                f"measures: precies 'current' en 'ambition' zijn nodig; gevonden: {found}"
            )
        role_ids = [role.id for role in self.collaboration_roles]
        unknown = [(i, r) for i, r in enumerate(role_ids, start=1) if r not in ROLE_IDS]
        if unknown:
            raise ValueError(
                f"collaboration_roles[{unknown[0][0]}].id: {unknown[0][1]!r} is onbekend; "
                f"toegestaan: {', '.join(ROLE_IDS)} (de regels voor samenwerking rekenen met "
                "deze rollen; het label mag anders)"
            )
        _no_doubles(
            [(f"collaboration_roles[{i}].id", r) for i, r in enumerate(role_ids, start=1)], str
        )
        return self

    # ------------------------------------------------------------------ lookups
    @property
    def element_ids(self) -> list[str]:
        return [e.id for e in self.elements]

    @property
    def question_ids(self) -> list[str]:
        return [q.id for e in self.elements for q in e.questions]

    @property
    def role_ids(self) -> list[str]:
        return [r.id for r in self.collaboration_roles]

    @property
    def short_title(self) -> str:
        """The title without a trailing ``- zelfevaluatie``: what source lines name.

        Examples
        --------
        >>> default_instrument().short_title
        'Roadmap BIM Provincies'
        """
        return re.sub(r"\s*[-–—]\s*zelfevaluatie\s*$", "", self.title, flags=re.IGNORECASE)

    @property
    def min_level(self) -> int:
        return self.scale.levels[0].value

    @property
    def max_level(self) -> int:
        return self.scale.levels[-1].value

    @cached_property
    def _element_by_id(self) -> dict[str, Element]:
        return {e.id: e for e in self.elements}

    def element(self, element_id: str) -> Element:
        return self._element_by_id[element_id]

    def element_label(self, element_id: str) -> str:
        return self._element_by_id[element_id].label

    def level_label(self, level: int) -> str:
        return self.scale.levels[level - self.min_level].label

    def role_label(self, role_id: str) -> str:
        return {r.id: r.label for r in self.collaboration_roles}[role_id]

    @cached_property
    def _question_by_code(self) -> dict[str, str]:
        return {_canonical_code(q): q for q in self.question_ids}

    @cached_property
    def _element_by_fold(self) -> dict[str, str]:
        by_label = {fold(e.label): e.id for e in self.elements}
        return by_label | {fold(e): e for e in self.element_ids}  # an id wins over a label

    def question_frame(self) -> pd.DataFrame:
        """One row per question: element, question, question_weight, element_weight, order.

        Examples
        --------
        >>> default_instrument().question_frame().head(2)
          element question  question_weight  element_weight  order
        0   VISIE  VISIE-1              1.0             1.0      0
        1   VISIE  VISIE-2              1.0             1.0      1
        """
        rows = [
            (e.id, q.id, float(q.weight), float(e.weight))
            for e in self.elements
            for q in e.questions
        ]
        frame = pd.DataFrame(
            rows, columns=["element", "question", "question_weight", "element_weight"]
        )
        frame["order"] = range(len(frame))
        return frame

    def element_frame(self) -> pd.DataFrame:
        """One row per element: element, label, weight, order, n_questions."""
        return pd.DataFrame(
            {
                "element": self.element_ids,
                "label": [e.label for e in self.elements],
                "weight": [float(e.weight) for e in self.elements],
                "order": range(len(self.elements)),
                "n_questions": [len(e.questions) for e in self.elements],
            }
        )

    @cached_property
    def _element_of_question(self) -> dict[str, str]:
        return {q.id: e.id for e in self.elements for q in e.questions}

    def element_of(self, question_id: str) -> str:
        """The element id a question id belongs to."""
        return self._element_of_question[question_id]

    def resolve_question(self, code: str) -> str | None:
        """Return the instrument's question id for a code like ``visie_1`` or ``[VISIE 1]``."""
        canonical = _canonical_code(code)
        return self._question_by_code.get(canonical) if canonical else None

    def resolve_element(self, text: str) -> str | None:
        """The element id for an element's id or label, or None when ``text`` names none.

        Case, diacritics and spaces do not matter (:func:`bimmaturity.textnorm.fold`). When a
        text is one element's id and another's label, the id wins. Callers (the readers, the
        cost table) report a None as an error naming the cell.

        Parameters
        ----------
        text : str
            An element id (``OTL``) or label (``Objecttypebibliotheek``), as written.

        Returns
        -------
        str or None

        Examples
        --------
        >>> instrument = default_instrument()
        >>> instrument.resolve_element("Objecttypebibliotheek"), instrument.resolve_element("otl")
        ('OTL', 'OTL')
        >>> [instrument.resolve_element(t) for t in (" informatie- en DATA ", "Objéct")]
        [None, None]
        >>> [instrument.resolve_element(t) for t in (" Informatie- en DATAmanagement", "ÓTL")]
        ['DATA', 'OTL']
        >>> instrument.resolve_element("Objecttype") is None
        True
        """
        return self._element_by_fold.get(fold(text))

    # ------------------------------------------------------------------ parsing
    @cached_property
    def _missing_words(self) -> frozenset[str]:
        return frozenset(fold(word) for word in self.scale.missing)

    @cached_property
    def _level_by_label(self) -> dict[str, int]:
        return {fold(level.label): level.value for level in self.scale.levels}

    @property
    def allowed_levels_text(self) -> str:
        first, last = self.scale.levels[0], self.scale.levels[-1]
        missing = f" of {self.scale.missing[0]}" if self.scale.missing else ""
        return f"{first.value}-{last.value}, {first.label}..{last.label}{missing}"

    def is_missing(self, value: object) -> bool:
        """True for an empty cell or one of the instrument's missing words."""
        if value is None or value is pd.NA or value is pd.NaT:
            return True
        if isinstance(value, float) and math.isnan(value):
            return True
        if isinstance(value, str):
            folded = fold(value)
            return folded == "" or folded in self._missing_words
        return False

    def parse_level(self, value: object) -> int | None:
        """Parse one answer cell into a level, or None when it means "no answer".

        Follows section 1 of the scoring rules: a number (``3``, ``3.0``), a label
        (``Gedefinieerd``), or both (``2 - Gedefinieerd``, ``Gedefinieerd (2)``), in any case,
        with or without diacritics and stray spaces.

        Raises
        ------
        AnswerError
            When the value is not a level; the message says what is allowed.

        Examples
        --------
        >>> inst = default_instrument()
        >>> [inst.parse_level(v) for v in [3, "3.0", "geintegreerd", "Gedefinieerd (2)", "n.v.t."]]
        [3, 3, 4, 2, None]
        """
        return self._remembered("level", value, self._parse_level)

    def _parse_level(self, value: object) -> int | None:
        if self.is_missing(value):
            return None
        if isinstance(value, bool):
            raise self._not_a_level(value)
        if isinstance(value, Number):
            try:
                number = float(value)  # type: ignore[arg-type]
            except OverflowError:
                raise AnswerError(
                    f"{_show(value)} valt buiten de schaal; toegestaan: {self.allowed_levels_text}"
                ) from None
            except (TypeError, ValueError):
                raise self._not_a_level(value) from None
            return self._check_number(number, value)
        if not isinstance(value, str):
            raise self._not_a_level(value)
        text = fold(value)
        if _NUMBER.fullmatch(text):
            return self._check_number(float(text.replace(",", ".")), value)
        if text in self._level_by_label:
            return self._level_by_label[text]
        for pattern in _BOTH_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                number = self._check_number(float(match["num"].replace(",", ".")), value)
                label = match["label"].strip(" -.:)(")
                if fold(label) not in self._level_by_label:
                    raise self._not_a_level(value)
                if self._level_by_label[fold(label)] != number:
                    raise AnswerError(
                        f"{_show(value)}: getal en label spreken elkaar tegen "
                        f"({number} is {self.level_label(number)}); "
                        f"toegestaan: {self.allowed_levels_text}"
                    )
                return number
        raise self._not_a_level(value)

    def parse_role(self, value: object) -> str | None:
        """Parse a collaboration-role cell into a role id, or None when empty.

        Examples
        --------
        >>> default_instrument().parse_role(" Trekken ")
        'trekken'
        """
        return self._remembered("role", value, self._parse_role)

    def _parse_role(self, value: object) -> str | None:
        if self.is_missing(value):
            return None
        text = fold(str(value))
        for role in self.collaboration_roles:
            if text in (fold(role.id), fold(role.label)):
                return role.id
        allowed = ", ".join(r.label for r in self.collaboration_roles)
        raise AnswerError(f"{_show(value)} is geen rol; toegestaan: {allowed} of leeg")

    @cached_property
    def _parsed(self) -> dict[tuple[str, type, object], tuple[bool, object]]:
        return {}

    def _remembered(self, kind: str, value: object, parse):
        """``parse(value)``, remembered for text and numbers: an export repeats the same few
        answers thousands of times. Errors are remembered as their message."""
        if not isinstance(value, str | int | float) or value != value:  # NaN: not a key
            return parse(value)
        key = (kind, type(value), value)
        known = self._parsed.get(key)
        if known is None:
            try:
                known = (True, parse(value))
            except AnswerError as exc:
                known = (False, str(exc))
            if len(self._parsed) > 100_000:
                self._parsed.clear()
            self._parsed[key] = known
        ok, result = known
        if not ok:
            raise AnswerError(result)
        return result

    def _check_number(self, number: float, raw: object) -> int:
        if not math.isfinite(number) or number != int(number):
            raise AnswerError(
                f"{_show(raw)} is geen heel getal; toegestaan: {self.allowed_levels_text}"
            )
        level = int(number)
        if not self.min_level <= level <= self.max_level:
            raise AnswerError(
                f"{_show(raw)} valt buiten de schaal; toegestaan: {self.allowed_levels_text}"
            )
        return level

    def _not_a_level(self, value: object) -> AnswerError:
        return AnswerError(f"{_show(value)} is geen niveau; toegestaan: {self.allowed_levels_text}")


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_BOTH_PATTERNS = (
    re.compile(r"(?P<num>\d+(?:[.,]\d+)?)\s*[-–—.:)]?\s*(?P<label>[^\d\s].*)"),
    re.compile(r"(?P<label>[^\d].*?)\s*[(\[]\s*(?P<num>\d+(?:[.,]\d+)?)\s*[)\]]"),
    re.compile(r"(?P<label>[^\d].*?)\s*[-–—:]\s*(?P<num>\d+(?:[.,]\d+)?)"),
)
_CODE = re.compile(r"^\[?\s*([A-Za-z][A-Za-z0-9]*?)\s*[-_ ]\s*(\d+)\s*\]?$")


def _canonical_code(code: str) -> str | None:
    match = _CODE.match(fold(code))
    if not match:
        return None
    return f"{match.group(1).upper()}-{int(match.group(2))}"


def _show(value: object) -> str:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def _no_doubles(named: list[tuple[str, str]], key) -> None:
    """Raise for the first (field, value) whose ``key(value)`` an earlier one already had."""
    seen: dict[str, str] = {}
    for field, value in named:
        if key(value) in seen:
            raise ValueError(f"{field}: {value!r} komt al voor bij {seen[key(value)]}")
        seen[key(value)] = field


def load_instrument(path: str | Path) -> Instrument:
    """Load and validate an instrument YAML file.

    Parameters
    ----------
    path : str or Path
        The YAML file (the format of ``instruments/roadmap_bim_provincies.yaml``).

    Returns
    -------
    Instrument

    Raises
    ------
    ValueError
        When the file cannot be read or is not a valid instrument: one Dutch message that names
        the file and, for each problem (at most five), the field, such as
        ``elements[2].questions[1].id`` (counted from 1).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "kort.yaml"
    ...     _ = path.write_text("id: x\\ntitle: Kort\\nversion: '1'\\n", encoding="utf-8")
    ...     try:
    ...         load_instrument(path)
    ...     except ValueError as error:
    ...         print(str(error).replace(folder, "MAP"))
    MAP/kort.yaml: geen geldig instrument: scale: ontbreekt; measures: ontbreekt; \
collaboration_roles: ontbreekt; elements: ontbreekt
    """
    path = Path(path)
    where = f"{path}: geen geldig instrument"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: instrumentbestand bestaat niet") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is een map; geef het YAML-bestand van het instrument") from None
    except UnicodeDecodeError:
        raise ValueError(f"{where}: het bestand is geen tekst in UTF-8") from None
    except OSError as error:
        raise ValueError(f"{path}: instrument niet te lezen ({error.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (regel {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"{where}: geen geldige YAML{line}") from None
    if not isinstance(data, dict):
        raise ValueError(
            f"{where}: verwacht velden als id, title, version, scale, measures, "
            "collaboration_roles en elements"
        )
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        problems = field_problems(error, data)
        more = f" (en nog {len(problems) - 5})" if len(problems) > 5 else ""
        raise ValueError(f"{where}: {'; '.join(problems[:5])}{more}") from None


def check_thresholds(instrument: Instrument, leader_level: float, gap_threshold: float) -> None:
    """Check the koploper level and the starter gap against the instrument's scale.

    A koploper level outside the scale (3.5 on a scale of 0-3) would make no organisation a
    koploper, or every one; a starter gap larger than the scale is wide could never be reached.
    Both are mistakes in the options, not in the data.

    Parameters
    ----------
    instrument : Instrument
        Gives the scale.
    leader_level, gap_threshold : float
        The options ``leader_level`` and ``gap_threshold``.

    Raises
    ------
    ValueError
        A Dutch message naming the option (as ``--leader-level``) and the values allowed.

    Examples
    --------
    >>> check_thresholds(default_instrument(), 3.5, 1.0)
    >>> try:
    ...     check_thresholds(default_instrument(), 0.5, 1.0)
    ... except ValueError as error:
    ...     print(error)
    --leader-level 0.5 valt buiten de schaal van het instrument (1 tot en met 5); kies een \
niveau van 1 tot en met 5
    """
    low, high = instrument.min_level, instrument.max_level
    if not low <= leader_level <= high:
        raise ValueError(
            f"--leader-level {leader_level:g} valt buiten de schaal van het instrument "
            f"({low} tot en met {high}); kies een niveau van {low} tot en met {high}"
        )
    if gap_threshold > high - low:
        raise ValueError(
            f"--gap-threshold {gap_threshold:g} is groter dan het grootst mogelijke gat op de "
            f"schaal van het instrument ({high - low}); kies hooguit {high - low}"
        )


def default_instrument() -> Instrument:
    """The packaged "Roadmap BIM Provincies" instrument."""
    return _default()


_cache: dict[str, Instrument] = {}


def _default() -> Instrument:
    if "default" not in _cache:
        ref = resources.files("bimmaturity") / "instruments" / DEFAULT_INSTRUMENT
        with resources.as_file(ref) as path:
            _cache["default"] = load_instrument(path)
    return _cache["default"]
