"""When a change between two waves is a rise or a fall (rule 12), for notebooks 60 and 10.

A change counts as a rise (``gestegen``) or a fall (``gedaald``) only when it is at least the
report's threshold *and* its 90% Welch interval (``change_lo``, ``change_hi``) excludes 0;
everything else is ``gelijk``, shown as *geen duidelijke verandering*. A change without an
interval (fewer than two respondents in a wave) is never called a rise or a fall.

The overall maturity has no interval in the analysis; :func:`overall_intervals` carries rule
12's Welch interval over to it from the spreads and n of
:func:`bimmaturity.rules.scoring.overall_intervals`, as that function carries rule 3 over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity import vocab
from bimmaturity.present.format import (
    count,
    difference,
    interval,
    is_missing,
    listing,
    number,
    rise_fall,
    rounded,
    signed,
)
from bimmaturity.rules.progress import MOVEMENTS, movers, welch_interval
from bimmaturity.rules.progress import respondent_overlap as overlap_table

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "MOVEMENT_DOMAIN",
    "change_columns",
    "classify",
    "direction_sentence",
    "extremes_sentence",
    "interval_text",
    "overall_intervals",
    "overlap_sentence",
    "regression_caveat",
    "respondent_overlap",
    "shown_changes",
    "uncertain_text",
]


def overall_intervals(
    overall_frame: pd.DataFrame, intervals: pd.DataFrame, from_wave: str, to_wave: str
) -> pd.DataFrame:
    """``overall_frame`` with change_lo and change_hi of the overall maturity (rule 12 carried
    over), from the n and spread of each wave's overall interval.

    Examples
    --------
    >>> o = pd.DataFrame({"province": ["PV20"], "change": [0.5]})
    >>> i = pd.DataFrame({"wave": ["2018", "2020"], "province": "PV20", "n": [4, 4],
    ...                   "spread": [0.5, 0.5]})
    >>> overall_intervals(o, i, "2018", "2020")["change_lo"].round(4).tolist()
    [-0.187]
    """
    if {"change_lo", "change_hi"} <= set(overall_frame.columns) or intervals is None:
        return overall_frame
    if not {"n", "spread"} <= set(intervals.columns):
        return overall_frame
    wave = intervals["wave"].astype(str)
    first = intervals[wave == str(from_wave)].set_index("province")
    second = intervals[wave == str(to_wave)].set_index("province")
    keys = overall_frame["province"]
    lo, hi = welch_interval(
        overall_frame["change"].to_numpy(dtype="float64"),
        keys.map(first["spread"]).to_numpy(dtype="float64"),
        keys.map(first["n"]).to_numpy(dtype="float64"),
        keys.map(second["spread"]).to_numpy(dtype="float64"),
        keys.map(second["n"]).to_numpy(dtype="float64"),
    )
    return overall_frame.assign(change_lo=lo, change_hi=hi)


def classify(frame: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """The rows with a change, each with its ``movement``: gestegen, gelijk or gedaald.

    Gestegen or gedaald only when the change is at least ``threshold`` (as
    :func:`bimmaturity.rules.progress.movers`) and its interval excludes 0; without the
    interval columns the threshold alone decides.

    Examples
    --------
    >>> f = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "element": "OTL",
    ...     "change": [0.8, 0.8, -0.6], "change_lo": [0.2, -0.1, float("nan")],
    ...     "change_hi": [1.4, 1.7, float("nan")]})
    >>> classify(f)["movement"].tolist()
    ['gestegen', 'gelijk', 'gelijk']
    """
    rows = movers(frame[frame["change"].notna()], threshold)
    if {"change_lo", "change_hi"} <= set(rows.columns):
        lo = pd.to_numeric(rows["change_lo"], errors="coerce")
        hi = pd.to_numeric(rows["change_hi"], errors="coerce")
        up = (rows["movement"] == MOVEMENTS[0]) & ~(lo > 0)
        down = (rows["movement"] == MOVEMENTS[2]) & ~(hi < 0)
        rows.loc[up | down, "movement"] = MOVEMENTS[1]
    return rows


def interval_text(lo: object, hi: object) -> str:
    """A change's interval in the reports' one interval style
    (:func:`bimmaturity.present.format.interval`), with signs and two decimals (so that a bound
    near 0 keeps its sign): ``+0,20 tot +1,35``; ``–`` when missing.

    Examples
    --------
    >>> interval_text(0.2, 1.35), interval_text(None, 1.0)
    ('+0,20 tot +1,35', '–')
    >>> interval_text(-1.2, -0.02) == "\u22121,20 tot \u22120,02"
    True
    """
    return interval(lo, hi, 2, sign=True)


def shown_changes(rows: pd.DataFrame, decimals: int = 1) -> list[float]:
    """The change of each row as shown beside its rounded earlier and later score: the
    difference of the rounded scores (:func:`bimmaturity.present.format.difference`), so
    ``1,5``, ``2,0`` and ``+0,5`` stand side by side, never ``+0,6``.

    Examples
    --------
    >>> shown_changes(pd.DataFrame({"from_current": [1.46, 2.0], "to_current": [2.04, None]}))
    [0.5, nan]
    """
    return [
        difference(a, b, decimals)
        for a, b in zip(rows["from_current"], rows["to_current"], strict=True)
    ]


def change_columns(rows: pd.DataFrame) -> dict[str, object]:
    """The columns every change table shows: earlier and later score, change (of the rounded
    scores, :func:`shown_changes`), its interval and what it counts as (rows with
    from_current, to_current, change, movement; change_lo and change_hi where known).

    Examples
    --------
    >>> rows = pd.DataFrame({"from_current": [1.46], "to_current": [2.04], "change": [0.58],
    ...     "change_lo": [0.1], "change_hi": [0.9], "movement": ["gestegen"]})
    >>> sorted(change_columns(rows))
    ['change', 'from', 'interval', 'movement', 'to']
    >>> change_columns(rows)["change"]
    [0.5]
    """
    missing = [None] * len(rows)
    return {
        "from": rows["from_current"].astype("float64").to_numpy(),
        "to": rows["to_current"].astype("float64").to_numpy(),
        "change": shown_changes(rows),
        "interval": [
            interval_text(lo, hi)
            for lo, hi in zip(
                rows.get("change_lo", missing), rows.get("change_hi", missing), strict=True
            )
        ],
        "movement": rows["movement"].map(vocab.MOVEMENT_LABELS).to_numpy(),
    }


def uncertain_text(frame: pd.DataFrame, threshold: float = 0.5) -> str:
    """How many changes of at least ``threshold`` are not called a rise or a fall.

    Examples
    --------
    >>> f = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "element": "OTL",
    ...     "change": [0.8, 0.8, -0.6], "change_lo": [0.2, -0.1, float("nan")],
    ...     "change_hi": [1.4, 1.7, float("nan")]})
    >>> print(uncertain_text(f))
    2 van de 3 veranderingen van minstens 0,5 niveau zijn te onzeker om een stijging of daling te noemen: hun 90%-interval bevat 0, of een van de metingen heeft minder dan twee respondenten.
    """  # noqa: E501
    if not {"change_lo", "change_hi"} <= set(frame.columns):
        return ""
    by_size = movers(frame[frame["change"].notna()], threshold)
    big = by_size["movement"] != MOVEMENTS[1]
    kept = classify(frame, threshold)["movement"] != MOVEMENTS[1]
    dropped = int(big.sum() - kept.sum())
    if not dropped:
        return ""
    return (
        f"{dropped} van de {count(int(big.sum()), 'verandering', 'veranderingen')} van "
        f"minstens {number(threshold)} niveau "
        f"{'is' if dropped == 1 else 'zijn'} te onzeker om een stijging of daling te noemen: "
        f"{'het' if dropped == 1 else 'hun'} 90%-interval bevat 0, of een van de metingen heeft "
        "minder dan twee respondenten."
    )


def overlap_sentence(overlap: object, total: object, from_wave: str, to_wave: str) -> str:
    """How many respondents answered in both waves (the same pseudonym).

    Examples
    --------
    >>> print(overlap_sentence(2, 43, "2018", "2020"))
    Slechts 2 van de 43 respondenten van meting 2020 vulden ook meting 2018 in: de twee metingen vergelijken grotendeels andere mensen, en ook dat maakt verschillen onzeker.
    >>> overlap_sentence(30, 40, "2018", "2020")[:40]
    '30 van de 40 respondenten van meting 202'
    """  # noqa: E501
    if is_missing(overlap):
        return ""
    both = int(overlap)  # type: ignore[arg-type]
    if is_missing(total) or not total:
        return (
            f"{count(both, 'respondent', 'respondenten')} vulden zowel meting {from_wave} als "
            f"meting {to_wave} in."
        )
    n = int(total)  # type: ignore[arg-type]
    if both <= n / 2:
        start = "Slechts " if both else ""
        return (
            f"{start}{both} van de {n} respondenten van meting {to_wave} vulden ook meting "
            f"{from_wave} in: de twee metingen vergelijken grotendeels andere mensen, en ook "
            "dat maakt verschillen onzeker."
        )
    return f"{both} van de {n} respondenten van meting {to_wave} vulden ook meting {from_wave} in."


def regression_caveat(from_wave: str) -> str:
    """The regression-to-the-mean warning every progress text carries.

    Examples
    --------
    >>> regression_caveat("2018")[:44]
    'Let op: wie in meting 2018 laag scoorde, sti'
    """
    return (
        f"Let op: wie in meting {from_wave} laag scoorde, stijgt ook zonder echte vooruitgang "
        "vaak wat, en wie hoog scoorde daalt vaak wat (regressie naar het gemiddelde: een "
        "toevallig lage of hoge meting wordt gevolgd door een gewonere). Lees grote stijgingen "
        "vanaf een laag niveau daarom met voorzichtigheid."
    )


def respondent_overlap(analysis: Analysis, from_wave: str, to_wave: str) -> tuple[int, int] | None:
    """How many respondents of ``to_wave`` answered in ``from_wave`` too (same pseudonym), and
    how many answered in ``to_wave`` (``Analysis.overlap`` or
    :func:`bimmaturity.rules.progress.respondent_overlap`, the row for all provinces); None
    when the answers are not at hand.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> answers = pd.DataFrame({"wave": ["2018", "2018", "2020", "2020", "2020"],
    ...     "province": "PV20", "respondent": ["a", "b", "a", "c", "d"], "current": 3.0,
    ...     "ambition": 4.0})
    >>> a = SimpleNamespace(processed=SimpleNamespace(answers=answers))
    >>> respondent_overlap(a, "2018", "2020")
    (1, 3)
    """
    table = getattr(analysis, "overlap", None)
    if isinstance(table, pd.DataFrame) and {"from_wave", "to_wave"} <= set(table.columns):
        table = table[
            (table["from_wave"].astype(str) == str(from_wave))
            & (table["to_wave"].astype(str) == str(to_wave))
        ]
    else:
        table = None
    if table is None or table.empty:
        answers = getattr(getattr(analysis, "processed", None), "answers", None)
        if answers is None or "respondent" not in answers:
            return None
        table = overlap_table(answers, str(from_wave), str(to_wave))
    total = table[table["province"].isna()]
    if total.empty:
        return None
    return int(total["n_both"].iloc[0]), int(total["n_to"].iloc[0])


def extremes_sentence(by_element: pd.Series, instrument: Instrument) -> str:
    """Which element went up most and which least (or down most) on average; the words follow
    the signs as shown.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> i = default_instrument()
    >>> print(extremes_sentence(pd.Series({"OTL": 0.3, "DATA": 0.1}), i))
    Gemiddeld over de provincies ging Objecttypebibliotheek het meest vooruit (+0,3) en Informatie- en datamanagement het minst (+0,1).
    >>> print(extremes_sentence(pd.Series({"OTL": 0.3, "DATA": -0.24}), i))
    Gemiddeld over de provincies ging Objecttypebibliotheek het meest vooruit (+0,3) en ging Informatie- en datamanagement achteruit (−0,2).
    >>> print(extremes_sentence(pd.Series({"OTL": -0.1, "DATA": -0.24}), i))
    Gemiddeld over de provincies ging geen element vooruit; Informatie- en datamanagement ging het meest achteruit (−0,2).
    """  # noqa: E501
    best, worst = by_element.idxmax(), by_element.idxmin()
    up, down = rounded(by_element[best]), rounded(by_element[worst])
    best_label, worst_label = instrument.element_label(best), instrument.element_label(worst)
    orgs = vocab.org_words()["orgs"]
    if up <= 0:
        return (
            f"Gemiddeld over de {orgs} ging geen element vooruit; "
            f"{worst_label} ging het meest achteruit ({signed(down)})."
        )
    start = f"Gemiddeld over de {orgs} ging {best_label} het meest vooruit ({signed(up)})"
    if down < 0:
        return f"{start} en ging {worst_label} achteruit ({signed(down)})."
    return f"{start} en {worst_label} het minst ({signed(down)})."


def direction_sentence(overall: pd.DataFrame, first: str, second: str) -> str:
    """How many provinces' overall level is higher, lower or the same (as shown: the change of
    the rounded levels), and which way the mean went: the verb follows the sign, so a rise is
    never reported with a negative mean.

    Examples
    --------
    >>> o = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "from_current": [2.0, 3.0, 2.5],
    ...     "to_current": [2.5, 2.0, 2.0], "change": [0.5, -1.0, -0.5]})
    >>> print(direction_sentence(o, "2018", "2020"))
    Tussen meting 2018 en meting 2020 lag het gemiddelde volwassenheidsniveau bij 1 van de 3 provincies hoger en bij 2 lager. Het gemiddelde over de provincies daalde met 0,3 niveau.
    >>> print(direction_sentence(o.iloc[:1], "2018", "2020"))
    Tussen meting 2018 en meting 2020 lag het gemiddelde volwassenheidsniveau bij de enige provincie hoger.
    """  # noqa: E501
    if {"from_current", "to_current"} <= set(overall.columns):
        shown = pd.Series(shown_changes(overall), index=overall.index)
    else:
        shown = overall["change"].map(rounded)
    total = len(overall)
    w = vocab.org_words()
    parts = []
    for k, word in (
        (int((shown > 0).sum()), "hoger"),
        (int((shown < 0).sum()), "lager"),
        (int((shown == 0).sum()), "even hoog"),
    ):
        if not k:
            continue
        if parts:
            parts.append(f"bij {k} {word}")
        elif k == total:
            where = f"{w['de']} enige {w['org']}" if total == 1 else f"alle {total} {w['orgs']}"
            parts.append(f"bij {where} {word}")
        else:
            parts.append(f"bij {k} van de {total} {w['orgs']} {word}")
    text = (
        f"Tussen meting {first} en meting {second} lag het gemiddelde volwassenheidsniveau "
        f"{listing(parts)}."
    )
    if total > 1:
        text += f" Het gemiddelde over de {w['orgs']} {rise_fall(overall['change'].mean())}."
    return text


MOVEMENT_DOMAIN = [vocab.MOVEMENT_LABELS[m] for m in MOVEMENTS]
"""The movement labels in order (legends)."""
