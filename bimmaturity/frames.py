"""Small checks shared by the analysis modules' pure functions."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["floats", "require_columns", "sort_waves"]


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise a ValueError naming the frame and every missing column.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "scores")
    Traceback (most recent call last):
    ...
    ValueError: scores: kolom(men) ontbreken / missing column(s): b; aanwezig / present: a
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name}: kolom(men) ontbreken / missing column(s): {', '.join(missing)}; "
            f"aanwezig / present: {', '.join(map(str, frame.columns))}"
        )


def floats(series: pd.Series) -> np.ndarray:
    """A numeric column as a float array, missing values as NaN.

    Examples
    --------
    >>> floats(pd.Series([1, None, "2.5"], dtype="object")).tolist()
    [1.0, nan, 2.5]
    """
    return pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan)


def sort_waves(waves: Iterable[object]) -> list[str]:
    """Waves in measurement order, each once: numerically where written in digits, those first,
    then the others by name. Missing values are ignored.

    Examples
    --------
    >>> sort_waves(["2020", "2018", "najaar", "9", None, "2020"])
    ['9', '2018', '2020', 'najaar']
    """
    present = {str(w) for w in waves if w is not None and not pd.isna(w)}
    return sorted(present, key=lambda w: (not w.isdigit(), int(w) if w.isdigit() else 0, w))
