"""Integer codes of key columns: factorize once, then group and join on numbers.

Grouping or merging a large frame on several string columns makes pandas hash every string
again for every operation. The rules instead code each key column once (:class:`Codes`, codes
in sorted order of the values, so sorting by codes sorts as by the values) and combine the
codes of several columns into one ``int64`` per row (:func:`combine`); a groupby on that one
number visits the groups in the same order, and the rows of each group in the same order, as
a groupby on the columns themselves, so means, sums and variances come out bit for bit equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = ["Codes", "combine", "split"]


class Codes:
    """The sorted integer codes of some columns of a frame; a missing value is a value too
    (the last code), so it never joins another one.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame.
    columns : iterable of str
        The key columns to code.

    Examples
    --------
    >>> frame = pd.DataFrame({"wave": ["2020", "2018", "2020"], "element": ["B", "A", "A"]})
    >>> codes = Codes(frame, ["wave", "element"])
    >>> codes["wave"].tolist(), codes.size("element")
    ([1, 0, 1], 2)
    >>> codes.on("element", pd.Series(["A", "C", "B"])).tolist()
    [0, -1, 1]
    >>> codes.values("wave", np.array([1, 0])).tolist()
    ['2020', '2018']
    >>> Codes(pd.DataFrame({"p": ["b", None, "a"]}), ["p"])["p"].tolist()
    [1, 2, 0]
    """

    def __init__(self, frame: pd.DataFrame, columns: Iterable[str]) -> None:
        self._codes: dict[str, np.ndarray] = {}
        self._uniques: dict[str, pd.Index] = {}
        for column in columns:
            codes, uniques = pd.factorize(frame[column], sort=True, use_na_sentinel=False)
            self._codes[column] = codes.astype("int64", copy=False)
            self._uniques[column] = pd.Index(uniques)

    def __getitem__(self, column: str) -> np.ndarray:
        return self._codes[column]

    def size(self, column: str) -> int:
        """The number of distinct values of ``column``."""
        return len(self._uniques[column])

    def on(self, column: str, values: pd.Series | np.ndarray) -> np.ndarray:
        """The codes of other ``values`` of ``column`` (-1 for a value not in the frame)."""
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return self._uniques[column].get_indexer(pd.Index(uniques)).astype("int64")[codes]

    def values(self, column: str, codes: np.ndarray) -> pd.Index:
        """The values of ``column`` at ``codes`` (with the column's dtype)."""
        return self._uniques[column].take(codes)


def combine(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> np.ndarray:
    """One ``int64`` per row for a combination of coded columns, ordered as the columns.

    ``codes[i]`` holds codes ``0 .. sizes[i] - 1`` (no -1); rows sort by the result as they
    sort by the columns, first column first.

    Examples
    --------
    >>> combine([np.array([1, 0, 1]), np.array([0, 2, 1])], [2, 3]).tolist()
    [3, 2, 4]
    """
    key = np.zeros(len(codes[0]), dtype="int64")
    for code, size in zip(codes, sizes, strict=True):
        key = key * max(int(size), 1) + code
    return key


def split(key: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    """The column codes of combined keys (:func:`combine` undone).

    Examples
    --------
    >>> [c.tolist() for c in split(np.array([3, 2, 4]), [2, 3])]
    [[1, 0, 1], [0, 2, 1]]
    """
    parts = []
    for size in reversed(sizes):
        key, code = np.divmod(key, max(int(size), 1))
        parts.append(code)
    return parts[::-1]
