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
- The 90% Welch interval of a change (``change_lo``, ``change_hi``) needs ``n >= 2`` in both
  waves (the scores' ``n`` and ``spread``); a scores frame without those columns gives no
  intervals.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.special import stdtrit  # the t quantile (scipy.stats.t.ppf), light to import

from bimmaturity.frames import require_columns, sort_waves

__all__ = [
    "MOVEMENTS",
    "OVERLAP_COLUMNS",
    "PROGRESS_COLUMNS",
    "TOLERANCE",
    "movers",
    "overall_progress",
    "progress",
    "respondent_overlap",
    "waves_in",
    "welch_interval",
]

PROGRESS_COLUMNS = [
    "from_wave",
    "to_wave",
    "province",
    "element",
    "change",
    "ambition_attained",
    "change_lo",
    "change_hi",
    "from_current",
    "to_current",
    "from_ambition",
]
"""The columns of :func:`progress`: the ``progress`` table's, then the scores compared."""
OVERLAP_COLUMNS = ["from_wave", "to_wave", "province", "n_from", "n_to", "n_both"]

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
    if isinstance(frame, pd.DataFrame):
        frame = frame["wave"]
    values = pd.unique(frame) if isinstance(frame, pd.Series) else list(frame)  # each once
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


def welch_interval(
    change: np.ndarray,
    sd0: np.ndarray,
    n0: np.ndarray,
    sd1: np.ndarray,
    n1: np.ndarray,
    confidence: float = 0.90,
) -> tuple[np.ndarray, np.ndarray]:
    """The 90% Welch interval of a difference of two means (rule 12).

    ``se = sqrt(sd0^2/n0 + sd1^2/n1)``, ``df = se^4 / ((sd0^2/n0)^2/(n0-1) +
    (sd1^2/n1)^2/(n1-1))``, ``change -/+ t(0.95; df) * se``; both ends equal the change when
    ``se = 0``; NaN unless ``n >= 2`` in both waves (and the change is known).

    Parameters
    ----------
    change, sd0, n0, sd1, n1 : array_like
        The differences, and the spreads and sizes of the earlier and the later wave.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    lo, hi : numpy.ndarray

    Examples
    --------
    >>> lo, hi = welch_interval([1.0, 0.5, 1.0], [1.0, 0.0, 1.0], [3, 2, 1], [1.0, 0.0, 1.0],
    ...                         [3, 4, 3])
    >>> np.round(lo, 4).tolist(), np.round(hi, 4).tolist()
    ([-0.7406, 0.5, nan], [2.7406, 0.5, nan])
    """
    change = np.asarray(change, dtype="float64")
    v0 = np.asarray(sd0, dtype="float64") ** 2 / np.asarray(n0, dtype="float64")
    v1 = np.asarray(sd1, dtype="float64") ** 2 / np.asarray(n1, dtype="float64")
    n0, n1 = np.asarray(n0, dtype="float64"), np.asarray(n1, dtype="float64")
    usable = (n0 >= 2) & (n1 >= 2) & ~np.isnan(change) & ~np.isnan(v0) & ~np.isnan(v1)
    se = np.sqrt(v0 + v1)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = se**4 / (v0**2 / (n0 - 1) + v1**2 / (n1 - 1))
        positive = usable & (se > 0)
        t = stdtrit(np.where(positive, df, 1.0), (1 + confidence) / 2)
    half = np.where(positive, t * se, 0.0)
    lo = np.where(usable, change - half, np.nan)
    hi = np.where(usable, change + half, np.nan)
    return lo, hi


def progress(scores: pd.DataFrame, from_wave: str, to_wave: str) -> pd.DataFrame:
    """Change of each province's element score between two waves (rule 12).

    Parameters
    ----------
    scores
        The scores frame (at least wave, province, element, current, ambition; n and spread
        for the intervals).
    from_wave, to_wave
        The earlier and the later wave; ``change`` is later minus earlier.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PROGRESS_COLUMNS`: from_wave, to_wave, province, element, change
        (float, NaN when either score is missing), ambition_attained (nullable boolean, NA
        when either side is missing), change_lo, change_hi (the 90% Welch interval,
        :func:`welch_interval`), then from_current, to_current, from_ambition. Provinces
        present in only one of the waves are left out.

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
    spread = ["n", "spread"] if {"n", "spread"} <= set(scores.columns) else []
    before = _wave_slice(scores, first, keys, ["current", "ambition", *spread]).rename(
        columns={"current": "from_current", "ambition": "from_ambition", "n": "n0", "spread": "sd0"}
    )
    after = _wave_slice(scores, second, keys, ["current", *spread]).rename(
        columns={"current": "to_current", "n": "n1", "spread": "sd1"}
    )
    both = set(before["province"].astype(str)) & set(after["province"].astype(str))
    merged = before.merge(after, on=keys, how="outer")
    merged = merged[merged["province"].astype(str).isin(both)]
    order = _first_appearance(pd.unique(scores["element"]))
    merged = merged.assign(_order=merged["element"].map(order)).sort_values(
        ["province", "_order"], kind="stable"
    )
    merged = merged.reset_index(drop=True)
    change = merged["to_current"] - merged["from_current"]
    if spread:
        lo, hi = welch_interval(change, merged["sd0"], merged["n0"], merged["sd1"], merged["n1"])
    else:
        lo = hi = np.full(len(merged), np.nan)
    out = pd.DataFrame(
        {
            "from_wave": pd.Series([first] * len(merged), dtype="str"),
            "to_wave": pd.Series([second] * len(merged), dtype="str"),
            "province": merged["province"],
            "element": merged["element"],
            "change": change.astype("float64"),
            "ambition_attained": _attained(merged["to_current"], merged["from_ambition"]),
            "change_lo": lo,
            "change_hi": hi,
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


def respondent_overlap(answers: pd.DataFrame, from_wave: str, to_wave: str) -> pd.DataFrame:
    """How many respondents answered in both waves (the same pseudonym), per province.

    A respondent answered in a wave when it has at least one non-missing answer (current or
    ambition) there. Per province: ``n_from`` and ``n_to`` respondents, ``n_both`` of them in
    both waves for that province; the last row (province missing) counts every province
    together (``n_both``: pseudonyms with an answer in both waves, whatever the province).

    Parameters
    ----------
    answers
        Tidy answers: wave, province, respondent, current, ambition.
    from_wave, to_wave
        The earlier and the later wave.

    Returns
    -------
    pandas.DataFrame
        Columns from_wave, to_wave, province, n_from, n_to, n_both: every province with
        answers in either wave (by code), then the overall row.

    Examples
    --------
    >>> a = pd.DataFrame({"wave": ["1", "1", "2", "2", "2"],
    ...     "province": ["PV20", "PV20", "PV20", "PV20", "PV21"],
    ...     "respondent": ["r1", "r2", "r1", "r3", "r4"], "current": 3.0, "ambition": 4.0})
    >>> respondent_overlap(a, "1", "2")[["province", "n_from", "n_to", "n_both"]]
      province  n_from  n_to  n_both
    0     PV20       2     2       1
    1     PV21       0     1       0
    2      NaN       2     3       1
    """
    require_columns(answers, ["wave", "province", "respondent", "current", "ambition"], "answers")
    first, second = _check_waves(answers, from_wave, to_wave)
    answered = answers[answers["current"].notna() | answers["ambition"].notna()]
    waves = answered["wave"].astype(str)
    people = [
        answered.loc[waves == wave, ["province", "respondent"]].astype(str).drop_duplicates()
        for wave in (first, second)
    ]
    both = people[0].merge(people[1], on=["province", "respondent"])
    provinces = sorted(set(people[0]["province"]) | set(people[1]["province"]))
    rows = [
        (
            province,
            int((people[0]["province"] == province).sum()),
            int((people[1]["province"] == province).sum()),
            int((both["province"] == province).sum()),
        )
        for province in provinces
    ]
    rows.append(
        (
            None,
            people[0]["respondent"].nunique(),
            people[1]["respondent"].nunique(),
            len(set(people[0]["respondent"]) & set(people[1]["respondent"])),
        )
    )
    out = pd.DataFrame(rows, columns=OVERLAP_COLUMNS[2:])
    out.insert(0, "to_wave", second)
    out.insert(0, "from_wave", first)
    return out.astype(
        {"from_wave": "str", "to_wave": "str", "province": "str"}
        | dict.fromkeys(["n_from", "n_to", "n_both"], "int64")
    )
