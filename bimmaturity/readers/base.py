"""What every reader hands to ingest: records with their raw location, plus issues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bimmaturity.issues import ERROR, Issue
from bimmaturity.textnorm import fold

__all__ = ["ReadResult", "Submission", "cell_text", "words"]


@dataclass
class Submission:
    """One respondent's answers as found in one place (a row, a workbook, a respondent block).

    ``identity`` is the raw identity used for pseudonymisation (an e-mail address or a name):
    it stays in memory and never reaches an output.
    """

    file: str
    sheet: str
    location: str
    province: str
    identity: str
    wave: str | None = None
    submitted: datetime | None = None
    order: int = 0
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
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


@dataclass
class ReadResult:
    """The outcome of reading one sheet."""

    layout: str
    submissions: list[Submission] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == ERROR for issue in self.issues)


_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Whole words of a header, folded (case, diacritics, odd spaces).

    Examples
    --------
    >>> words("[OTL rol]\\u00a0Welke rol?")
    ['otl', 'rol', 'welke', 'rol']
    """
    return _WORD.findall(fold(text))


def cell_text(value: Any) -> str:
    """A cell value as display text (floats that are whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
