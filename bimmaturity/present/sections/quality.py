"""The data-quality section every report ends with: what the ingest could not read or warns of."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML

from bimmaturity.present.html import Markdown, table
from bimmaturity.vocab import ISSUE_HEADERS, SEVERITY_LABELS

if TYPE_CHECKING:
    from bimmaturity.store import Processed

__all__ = ["SHOWN_ISSUES", "data_quality"]

SHOWN_ISSUES = 200
"""At most this many issues are listed in a report; issues.csv holds them all."""


def data_quality(processed: Processed) -> Markdown | HTML:
    """The data-quality section: errors read leniently (as missing) and every warning.

    Parameters
    ----------
    processed : Processed
        The processed data (its ``issues`` table: file, sheet, cell, severity, message).

    Returns
    -------
    IPython.display.Markdown or IPython.display.HTML
        One sentence when there is nothing to report, else a note and a table.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> issues = pd.DataFrame({"file": ["a.xlsx"], "sheet": ["Blad1"], "cell": ["B7"],
    ...     "severity": ["warning"], "message": ["lege rij overgeslagen"]})
    >>> page = data_quality(SimpleNamespace(issues=issues)).data
    >>> page.startswith("<p>1 waarschuwing(en)") and "<td>waarschuwing</td>" in page
    True
    >>> data_quality(SimpleNamespace(issues=issues.iloc[:0])).data
    'Bij het inlezen zijn geen fouten of waarschuwingen gevonden.'
    """
    issues = processed.issues
    if issues.empty:
        return Markdown("Bij het inlezen zijn geen fouten of waarschuwingen gevonden.")
    errors = issues[issues["severity"] == "error"]
    warnings = issues[issues["severity"] == "warning"]
    parts = []
    if not errors.empty:
        parts.append(
            f'<div class="bm-warning">{len(errors)} waarde(n) konden niet worden gelezen en '
            "tellen als ontbrekend (ingelezen met --lenient).</div>"
        )
    parts.append(
        f"<p>{len(warnings)} waarschuwing(en) bij het inlezen; ze beïnvloeden de cijfers niet "
        "of zijn zoals beschreven verwerkt.</p>"
    )
    shown = pd.concat([errors, warnings]).head(SHOWN_ISSUES)
    shown = shown.assign(severity=shown["severity"].map(SEVERITY_LABELS))
    parts.append(table(shown, ISSUE_HEADERS).data)
    if len(errors) + len(warnings) > SHOWN_ISSUES:
        parts.append(
            f"<p>Eerste {SHOWN_ISSUES} van {len(errors) + len(warnings)} meldingen; "
            "de volledige lijst staat in issues.csv.</p>"
        )
    return HTML("".join(parts))
