"""Issue records: every problem found in the input, with its location and a plain message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

__all__ = ["ERROR", "ISSUE_COLUMNS", "WARNING", "InputError", "Issue", "issues_frame"]

ERROR = "error"
WARNING = "warning"
ISSUE_COLUMNS = ["file", "sheet", "cell", "severity", "message"]


@dataclass(frozen=True)
class Issue:
    """One problem in the input.

    ``file`` is relative to the raw folder, ``sheet`` the sheet name ("" for CSV), ``cell``
    an A1 reference, a row (``rij 7``) or "" for the file as a whole.

    Examples
    --------
    >>> str(Issue("2020/a.xlsx", "Form1", "H7", ERROR, "'vijf' is geen niveau"))
    "2020/a.xlsx, blad Form1, cel H7: 'vijf' is geen niveau"
    """

    file: str
    sheet: str
    cell: str
    severity: str
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"blad {self.sheet}")
        if self.cell:
            where.append(self.cell if self.cell.startswith("rij") else f"cel {self.cell}")
        return f"{', '.join(where)}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class InputError(Exception):
    """Raised when input errors stop a run; carries every issue found."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = list(issues)
        errors = [i for i in self.issues if i.is_error]
        super().__init__(f"{len(errors)} fout(en) in de invoer:\n" + "\n".join(map(str, errors)))


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """Issues as a tidy frame with the columns file, sheet, cell, severity, message.

    Examples
    --------
    >>> issues_frame([Issue("a.csv", "", "rij 2", WARNING, "dubbel")]).shape
    (1, 5)
    """
    rows = [asdict(issue) for issue in issues]
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS).astype("str")
