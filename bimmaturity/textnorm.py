"""Text normalisation shared by answer parsing, header matching and name matching."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]

_SPACES = {"\u00a0", "\u2007", "\u202f", "\t", "\r", "\n", "\u200b", "\ufeff"}


def fold(text: str) -> str:
    """Return `text` trimmed, case-folded, without diacritics and with every space made plain.

    Examples
    --------
    >>> fold("  Geïntegreerd\\u00a0 ")
    'geintegreerd'
    """
    cleaned = "".join(" " if ch in _SPACES else ch for ch in str(text))
    decomposed = unicodedata.normalize("NFKD", cleaned)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
