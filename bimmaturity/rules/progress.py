"""Progress between waves (rule 12 of the scoring rules).

A wave is one measurement round (``"2018"``, ``"2020"``). Progress of province p on element e
between two waves is ``S_to(p,e) - S_from(p,e)``; the ambition is attained when the later
score reaches the earlier ambition: ``S_to(p,e) >= A_from(p,e)``.

Decisions:

- Only provinces that took part in *both* waves appear; a province present in one wave only
  has no progress to report and is left out (it is still in the ``scores`` sheet).
- For those provinces every element scored in either wave gets a row; ``change`` is NaN and
  ``ambition_attained`` is NA when a side is missing.
- "Reaches" allows for floating-point noise in the means: ``S_to + 1e-9 >= A_from``, the same
  tolerance as rule 6 (level reached).
- Rows are ordered by province code, then by element in order of first appearance in the
  input (the instrument order when the input comes from the scoring step).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from bimmaturity.frames import require_columns, sort_waves

__all__ = [
    "MOVEMENTS",
    "TOLERANCE",
    "movers",
    "overall_progress",
    "progress",
    "waves_in",
]

TOLERANCE = 1e-9
"""Floating-point tolerance for "reaches" and for the mover threshold."""

MOVEMENTS = ("gestegen", "gelijk", "gedaald")
"""The movement classes of :func:`movers`, in display order."""


def waves_in(frame: pd.DataFrame | pd.Series | Iterable[object]) -> list[str]:
    """The waves present, as strings, in chronological order.

    Waves written in digits (``"2018"``, ``"2020"``) are sorted numerically and come first,
    other names follow in text order (:func:`bimmaturity.frames.sort_waves`). Missing waves
    are ignored.

    Parameters
    ----------
    frame
        A frame with a ``wave`` column, or the wave values themselves.

    Returns
    -------
    list of str
        Each wave once, oldest first.

    Examples
    --------
    >>> waves_in(pd.DataFrame({"wave": ["2020", "2018", "2020", "900"]}))
    ['900', '2018', '2020']
    >>> waves_in(["2020-najaar", "2020-voorjaar", "2019"])
    ['2019', '2020-najaar', '2020-voorjaar']
    """
    values = frame["wave"] if isinstance(frame, pd.DataFrame) else list(frame)
    return sort_waves(values)


def _check_waves(frame: pd.DataFrame, from_wave: object, to_wave: object) -> tuple[str, str]:
    if "wave" not in frame.columns:
        raise ValueError("de tabel heeft geen kolom 'wave'")
    first, second = str(from_wave), str(to_wave)
    available = waves_in(frame)
    for wave in (first, second):
        if wave not in available:
            raise ValueError(
                f"meting {wave!r} komt niet voor; beschikbaar: {', '.join(available) or 'geen'}"
            )
    if first == second:
        raise ValueError(f"van- en tot-meting zijn gelijk ({first!r}); kies twee metingen")
    return first, second


def _wave_slice(
    frame: pd.DataFrame, wave: str, keys: list[str], columns: list[str]
) -> pd.DataFrame:
    part = frame.loc[frame["wave"].astype(str) == wave, keys + columns]
    if part.duplicated(keys).any():
        raise ValueError(f"meting {wave!r}: dubbele rijen voor {' + '.join(keys)}")
    part = part.copy()
    for column in columns:
        part[column] = pd.to_numeric(part[column], errors="raise").astype("float64")
    return part


def _attained(later: pd.Series, ambition: pd.Series) -> pd.Series:
    known = later.notna() & ambition.notna()
    reached = (later + TOLERANCE >= ambition) & known
    result = pd.array(reached.to_numpy(), dtype="boolean")
    result[~known.to_numpy()] = pd.NA
    return pd.Series(result, index=later.index)


def progress(scores: pd.DataFrame, from_wave: str, to_wave: str) -> pd.DataFrame:
    """Change of each province's element score between two waves (rule 12).

    Parameters
    ----------
    scores
        The scores frame (at least wave, province, element, current, ambition).
    from_wave, to_wave
        The earlier and the later wave; ``change`` is later minus earlier.

    Returns
    -------
    pandas.DataFrame
        Columns from_wave, to_wave, province, element, change (float, NaN when either score is
        missing), ambition_attained (nullable boolean, NA when either side is missing), then
        from_current, to_current, from_ambition. Provinces present in only one of the waves
        are left out.

    Raises
    ------
    ValueError
        When a wave is not in ``scores``, the two waves are equal, or a wave has duplicate
        province/element rows.

    Examples
    --------
    >>> scores = pd.DataFrame({
    ...     "wave": ["2018", "2018", "2020", "2020"], "province": ["PV20"] * 4,
    ...     "element": ["OTL", "DATA"] * 2, "current": [2.0, 1.0, 3.5, None],
    ...     "ambition": [3.0, 4.0, 4.0, 4.0]})
    >>> out = progress(scores, "2018", "2020")
    >>> out[["element", "change", "ambition_attained"]].to_dict("list")
    {'element': ['OTL', 'DATA'], 'change': [1.5, nan], 'ambition_attained': [True, None]}
    """
    require_columns(scores, ["wave", "province", "element", "current", "ambition"], "scores")
    first, second = _check_waves(scores, from_wave, to_wave)
    keys = ["province", "element"]
    before = _wave_slice(scores, first, keys, ["current", "ambition"]).rename(
        columns={"current": "from_current", "ambition": "from_ambition"}
    )
    after = _wave_slice(scores, second, keys, ["current"]).rename(columns={"current": "to_current"})
    both = set(before["province"].astype(str)) & set(after["province"].astype(str))
    merged = before.merge(after, on=keys, how="outer")
    merged = merged[merged["province"].astype(str).isin(both)]
    order = _first_appearance(scores["element"])
    merged = merged.assign(_order=merged["element"].map(order)).sort_values(
        ["province", "_order"], kind="stable"
    )
    merged = merged.reset_index(drop=True)
    change = merged["to_current"] - merged["from_current"]
    out = pd.DataFrame(
        {
            "from_wave": pd.Series([first] * len(merged), dtype="str"),
            "to_wave": pd.Series([second] * len(merged), dtype="str"),
            "province": merged["province"],
            "element": merged["element"],
            "change": change.astype("float64"),
            "ambition_attained": _attained(merged["to_current"], merged["from_ambition"]),
            "from_current": merged["from_current"],
            "to_current": merged["to_current"],
            "from_ambition": merged["from_ambition"],
        }
    )
    return out


def overall_progress(overall: pd.DataFrame, from_wave: str, to_wave: str) -> pd.DataFrame:
    """Change of each province's overall maturity ``M(p)`` between two waves.

    Parameters
    ----------
    overall
        The overall frame (at least wave, province, current, ambition).
    from_wave, to_wave
        The earlier and the later wave.

    Returns
    -------
    pandas.DataFrame
        Columns province, from_current, to_current, change, then from_ambition and
        ambition_attained (``to_current >= from_ambition``, nullable boolean). Only provinces
        present in both waves, ordered by province code.

    Examples
    --------
    >>> overall = pd.DataFrame({
    ...     "wave": ["2018", "2020", "2018"], "province": ["PV21", "PV21", "PV22"],
    ...     "current": [2.25, 3.0, 2.0], "ambition": [3.5, 4.0, 3.0]})
    >>> out = overall_progress(overall, "2018", "2020")
    >>> out[["province", "change", "ambition_attained"]].to_dict("list")
    {'province': ['PV21'], 'change': [0.75], 'ambition_attained': [False]}
    """
    require_columns(overall, ["wave", "province", "current", "ambition"], "overall")
    first, second = _check_waves(overall, from_wave, to_wave)
    before = _wave_slice(overall, first, ["province"], ["current", "ambition"]).rename(
        columns={"current": "from_current", "ambition": "from_ambition"}
    )
    after = _wave_slice(overall, second, ["province"], ["current"]).rename(
        columns={"current": "to_current"}
    )
    merged = before.merge(after, on="province", how="inner")
    merged = merged.sort_values("province", kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "province": merged["province"],
            "from_current": merged["from_current"],
            "to_current": merged["to_current"],
            "change": (merged["to_current"] - merged["from_current"]).astype("float64"),
            "from_ambition": merged["from_ambition"],
            "ambition_attained": _attained(merged["to_current"], merged["from_ambition"]),
        }
    )


def movers(progress_frame: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Classify each change as ``gestegen``, ``gelijk`` or ``gedaald``.

    ``gestegen`` (risen) when ``change >= threshold``, ``gedaald`` (fallen) when
    ``change <= -threshold``, otherwise ``gelijk`` (about the same); missing when ``change`` is
    NaN. The comparison allows ``1e-9`` for floating-point noise, so a change of exactly the
    threshold counts as a move.

    Parameters
    ----------
    progress_frame
        Any frame with a ``change`` column, e.g. from :func:`progress` or
        :func:`overall_progress`.
    threshold
        The smallest change, in levels, that counts as a move (> 0).

    Returns
    -------
    pandas.DataFrame
        A copy of ``progress_frame`` with an extra column ``movement``.

    Examples
    --------
    >>> frame = pd.DataFrame({"change": [0.5, 0.49, -0.5, float("nan")]})
    >>> movers(frame)["movement"].tolist()
    ['gestegen', 'gelijk', 'gedaald', nan]
    """
    if not threshold > 0:
        raise ValueError(f"threshold moet groter dan 0 zijn, niet {threshold}")
    require_columns(progress_frame, ["change"], "progress_frame")
    change = pd.to_numeric(progress_frame["change"]).astype("float64").to_numpy()
    movement = np.where(
        change >= threshold - TOLERANCE,
        MOVEMENTS[0],
        np.where(change <= -threshold + TOLERANCE, MOVEMENTS[2], MOVEMENTS[1]),
    ).astype(object)
    movement[np.isnan(change)] = None
    out = progress_frame.copy()
    out["movement"] = pd.Series(movement, index=progress_frame.index, dtype="str")
    return out


def _first_appearance(values: pd.Series) -> dict[object, int]:
    order: dict[object, int] = {}
    for value in values:
        order.setdefault(value, len(order))
    return order
