"""Progress of overall maturity between two waves (notebooks 60 and 10): lines and a table, and
one province's progress for its profile.

The changes are computed with the analysis for every pair of consecutive waves
(``Analysis.overall_progress``, ``Analysis.progress``); another pair of waves is computed
here from the analysis's scores.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import (
    count,
    difference,
    is_missing,
    number,
    rounded,
    signed,
    yes_no,
)
from bimmaturity.present.html import Markdown, table
from bimmaturity.present.sections import level_axis, level_scale
from bimmaturity.present.sections.change import (
    MOVEMENT_DOMAIN,
    change_columns,
    classify,
    interval_text,
    overall_intervals,
    shown_changes,
)
from bimmaturity.present.theme import MOVEMENT_COLORS
from bimmaturity.rules.progress import overall_progress, waves_in

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "overall_changes",
    "overall_progress_table",
    "profile_progress",
    "profile_progress_summary",
    "slope_chart",
]


def overall_changes(analysis: Analysis, from_wave: str, to_wave: str) -> pd.DataFrame:
    """The change of each province's overall maturity from ``from_wave`` to ``to_wave``.

    Parameters
    ----------
    analysis : Analysis
        Its ``overall_progress`` (consecutive waves) or, for another pair, ``overall``.
    from_wave, to_wave : str
        The two waves.

    Returns
    -------
    DataFrame
        As :func:`bimmaturity.rules.progress.overall_progress`: province, from_current,
        to_current, change, from_ambition, ambition_attained; with the overall intervals of
        the analysis also change_lo and change_hi (rule 12 carried over,
        :func:`bimmaturity.present.sections.change.overall_intervals`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> o = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": ["PV20"],
    ...     "from_current": [1.5], "to_current": [2.0], "change": [0.5],
    ...     "from_ambition": [2.5], "ambition_attained": [False]})
    >>> overall_changes(SimpleNamespace(overall_progress=o), "2018", "2020").columns.tolist()
    ['province', 'from_current', 'to_current', 'change', 'from_ambition', 'ambition_attained']
    """
    step = _step(analysis.overall_progress, from_wave, to_wave)
    if step.empty:
        step = overall_progress(analysis.overall, str(from_wave), str(to_wave))
    else:
        step = step.drop(columns=["from_wave", "to_wave"])
    return overall_intervals(
        step, getattr(analysis, "overall_intervals", None), str(from_wave), str(to_wave)
    )


def slope_chart(
    overall_frame: pd.DataFrame,
    from_wave: str,
    to_wave: str,
    threshold: float = 0.5,
    instrument: Instrument | None = None,
) -> alt.LayerChart:
    """Overall maturity of each province in two waves, one line per province.

    Labels on the right are spread apart where provinces end close together. The level axis
    runs over the instrument's whole scale (1 to 5 for the default), so small changes do not
    look steep.

    Parameters
    ----------
    overall_frame
        From :func:`bimmaturity.rules.progress.overall_progress` (province, from_current,
        to_current, change).
    from_wave, to_wave
        The waves, as axis labels.
    threshold
        The change, in levels, that counts as a move (colours the lines).
    instrument
        Gives the scale of the level axis (default: the default instrument).

    Returns
    -------
    altair.LayerChart
        Lines and points (data provincie, meting, niveau, beweging) and labels (data
        provincie, meting, niveau, label_y, label).

    Examples
    --------
    >>> o = pd.DataFrame({"province": ["PV20", "PV21"], "from_current": [1.5, 2.0],
    ...                   "to_current": [2.25, 2.0], "change": [0.75, 0.0]})
    >>> chart = slope_chart(o, "2018", "2020")
    >>> chart.layer[0].data.to_dict("list")["beweging"]
    ['gestegen', 'gestegen', 'geen duidelijke verandering', 'geen duidelijke verandering']
    >>> chart.layer[1].data["label"].tolist()
    ['Fryslân 2,0', 'Groningen 2,3']
    """
    rows = classify(overall_frame, threshold)
    rows = rows.sort_values("province", kind="stable")
    long = pd.DataFrame(
        [
            (province_name(r.province), wave, float(value), vocab.MOVEMENT_LABELS[r.movement])
            for r in rows.itertuples()
            for wave, value in ((str(from_wave), r.from_current), (str(to_wave), r.to_current))
        ],
        columns=["provincie", "meting", "niveau", "beweging"],
    )
    if instrument is None:
        from bimmaturity.instrument import default_instrument

        instrument = default_instrument()
    low, high = float(instrument.min_level), float(instrument.max_level)
    height = 420
    gap = (high - low) * 14 / height
    ends = rows.sort_values(["to_current", "province"], kind="stable")
    positions = _spread([float(v) for v in ends["to_current"]], gap, low, high)
    labels = pd.DataFrame(
        {
            "provincie": ends["province"].map(province_name).to_numpy(),
            "meting": str(to_wave),
            "niveau": ends["to_current"].astype("float64").to_numpy(),
            "label_y": positions,
            "label": [
                f"{province_name(p)} {number(v)}"
                for p, v in zip(ends["province"], ends["to_current"], strict=True)
            ],
        }
    )
    x = alt.X(
        "meting:N",
        sort=[str(from_wave), str(to_wave)],
        title=None,
        axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=13, labelFontWeight="bold"),
        scale=alt.Scale(padding=0.1),
    )
    y_scale = level_scale(instrument)
    color = alt.Color(
        "beweging:N",
        title=f"Beweging (drempel {number(threshold)} niveau)",
        scale=alt.Scale(domain=MOVEMENT_DOMAIN, range=list(MOVEMENT_COLORS.values())),
        legend=alt.Legend(titleLimit=400),
    )
    lines = (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "niveau:Q",
                title="Gemiddeld volwassenheidsniveau",
                scale=y_scale,
                axis=level_axis(instrument),
            ),
            detail="provincie:N",
            color=color,
            tooltip=[
                alt.Tooltip("provincie:N", title=vocab.OVERVIEW_LABELS["org"]),
                alt.Tooltip("meting:N", title=vocab.OVERVIEW_LABELS["wave"]),
                alt.Tooltip("niveau:Q", title=vocab.OVERVIEW_LABELS["level"], format=".1f"),
            ],
        )
    )
    text = (
        alt.Chart(labels)
        .mark_text(align="left", dx=10, fontSize=11)
        .encode(x=x, y=alt.Y("label_y:Q", scale=y_scale), text="label:N")
    )
    return alt.layer(lines, text).properties(
        width=360,
        height=height,
        title=vocab.CHART_TITLES["slope"].format(from_wave=from_wave, to_wave=to_wave),
    )


def _spread(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions for sorted values: at least ``gap`` apart, each group of labels that
    had to be pushed apart centred on the mean of its values, kept within ``[low, high]``."""
    groups: list[list[float]] = []
    for value in values:
        groups.append([value])
        while len(groups) > 1:
            last, before = groups[-1], groups[-2]
            top_before = sum(before) / len(before) + (len(before) - 1) / 2 * gap
            bottom_last = sum(last) / len(last) - (len(last) - 1) / 2 * gap
            if bottom_last - top_before >= gap - 1e-12:
                break
            groups[-2:] = [before + last]
    positions = []
    for group in groups:
        centre = sum(group) / len(group)
        positions += [centre + (i - (len(group) - 1) / 2) * gap for i in range(len(group))]
    if positions and positions[-1] > high:
        positions = [p - (positions[-1] - high) for p in positions]
    if positions and positions[0] < low:
        positions = [p + (low - positions[0]) for p in positions]
    return positions


def overall_progress_table(
    overall_frame: pd.DataFrame, from_wave: str, to_wave: str, threshold: float = 0.5
) -> HTML:
    """Overall maturity per province in both waves, the change and whether the earlier
    overall ambition was reached.

    Parameters
    ----------
    overall_frame
        From :func:`bimmaturity.rules.progress.overall_progress`.
    from_wave, to_wave
        The waves (column headers).
    threshold
        The change that counts as a move.

    Returns
    -------
    IPython.display.HTML
        Ordered by change, largest rise first.

    Examples
    --------
    >>> o = pd.DataFrame({"province": ["PV20"], "from_current": [1.5], "to_current": [2.25],
    ...     "change": [0.75], "from_ambition": [2.0], "ambition_attained": [True]})
    >>> h = overall_progress_table(o, "2018", "2020").data
    >>> "<th>Niveau 2018</th>" in h and "+0,8" in h and "<td>ja</td>" in h
    True
    """
    rows = classify(overall_frame, threshold)
    rows = rows.sort_values(["change", "province"], ascending=[False, True], kind="stable")
    shown = pd.DataFrame(
        {
            "provincie": rows["province"].map(province_name).to_numpy(),
            **change_columns(rows),
            "ambition": rows["from_ambition"].astype("float64").to_numpy(),
            "attained": [yes_no(v) for v in rows["ambition_attained"]],
        }
    )
    return table(
        shown,
        {
            "provincie": vocab.OVERVIEW_LABELS["org"],
            "from": f"Niveau {from_wave}",
            "to": f"Niveau {to_wave}",
            "change": vocab.CHANGE,
            **({"interval": vocab.INTERVAL} if "change_lo" in rows else {}),
            "movement": vocab.MOVEMENT,
            "ambition": f"Ambitie {from_wave}",
            "attained": vocab.ATTAINED,
        },
        {"change": signed},
    )


def profile_progress_summary(
    element_progress: pd.DataFrame,
    overall_row: Mapping[str, object] | None,
    province: str,
    from_wave: str | None,
    to_wave: str | None,
    instrument: Instrument,
) -> str:
    """One province's progress between two waves, or why there is none yet.

    Parameters
    ----------
    element_progress
        The province's rows of :func:`bimmaturity.rules.progress.progress` (element, change,
        ambition_attained).
    overall_row
        Its row of :func:`bimmaturity.rules.progress.overall_progress` (from_current, to_current,
        change, from_ambition, ambition_attained), or None.
    province
        CBS code.
    from_wave, to_wave
        The waves; ``from_wave`` None means there is only one wave (``to_wave``).
    instrument
        Gives the element labels.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"element": ["OTL", "DATA"], "change": [0.8, -0.2],
    ...     "ambition_attained": pd.array([True, False], dtype="boolean")})
    >>> o = {"from_current": 1.5, "to_current": 2.3, "change": 0.8, "from_ambition": 2.5,
    ...      "ambition_attained": False}
    >>> text = profile_progress_summary(p, o, "PV20", "2018", "2020", default_instrument())
    >>> print(textwrap.fill(text, 88))
    Groningen ging gemiddeld van 1,5 in meting 2018 naar 2,3 in meting 2020 (+0,8 niveau);
    de gemiddelde ambitie uit meting 2018 (2,5) is nog niet gehaald. Bij 1 van de 2
    elementen is de ambitie gehaald. De grootste verandering omhoog zit bij
    Objecttypebibliotheek (+0,8), omlaag bij Informatie- en datamanagement (−0,2).
    >>> profile_progress_summary(p.iloc[:0], None, "PV20", None, "2020", default_instrument())
    'Voor Groningen is er nog maar één meting (2020); de voortgang is te zien na een volgende meting.'
    """  # noqa: E501
    name = province_name(province)
    if from_wave is None:
        which = f" ({to_wave})" if to_wave is not None else ""
        return (
            f"Voor {name} is er nog maar één meting{which}; de voortgang is te zien na een "
            "volgende meting."
        )
    if overall_row is None or is_missing(overall_row.get("change")):
        return (
            f"{name} deed niet aan beide metingen ({from_wave} en {to_wave}) mee; er is geen "
            "voortgang te berekenen."
        )
    # the change beside the two rounded levels is the change of the rounded levels
    change = difference(overall_row["from_current"], overall_row["to_current"])
    if math.isnan(change):
        change = rounded(overall_row["change"])
    if change == 0:
        first = (
            f"{name} bleef gemiddeld op {number(overall_row['to_current'])} in meting "
            f"{from_wave} en meting {to_wave}"
        )
    else:
        verb = "ging gemiddeld van" if change > 0 else "ging gemiddeld terug van"
        first = (
            f"{name} {verb} {number(overall_row['from_current'])} in meting {from_wave} naar "
            f"{number(overall_row['to_current'])} in meting {to_wave} ({signed(change)} niveau)"
        )
    if not is_missing(overall_row.get("ambition_attained")):
        reached = "gehaald" if bool(overall_row["ambition_attained"]) else "nog niet gehaald"
        first += (
            f"; de gemiddelde ambitie uit meting {from_wave} "
            f"({number(overall_row['from_ambition'])}) is {reached}"
        )
    sentences = [first + "."]
    if not is_missing(overall_row.get("change_lo")):
        lo, hi = float(overall_row["change_lo"]), float(overall_row["change_hi"])
        interval = interval_text(lo, hi)
        if lo > 0 or hi < 0:
            word = "stijging" if lo > 0 else "daling"
            sentences.append(f"Dat is een duidelijke {word} (90%-interval {interval}).")
        else:
            sentences.append(
                f"Het 90%-interval van die verandering ({interval}) bevat 0: het is niet met "
                "zekerheid een stijging of daling."
            )
    known = element_progress["ambition_attained"].dropna()
    if len(known):
        attained = int(known.astype(bool).sum())
        sentences.append(
            f"Bij {attained} van de {count(len(known), 'element', 'elementen')} is de ambitie "
            "gehaald."
        )
    changes = element_progress.dropna(subset=["change"])
    if not changes.empty:
        # as in the table below: the change of the rounded scores where they are given
        if {"from_current", "to_current"} <= set(changes.columns):
            shown = pd.Series(shown_changes(changes), index=changes.index)
            shown = shown.fillna(changes["change"].map(rounded))
        else:
            shown = changes["change"].map(rounded)
        changes = changes.assign(shown=shown)
        best = changes.loc[changes["shown"].idxmax()]
        worst = changes.loc[changes["shown"].idxmin()]
        parts = []
        if best["shown"] > 0:
            parts.append(
                "De grootste verandering omhoog zit bij "
                f"{instrument.element_label(best['element'])} "
                f"({signed(best['shown'])})"
            )
        if worst["shown"] < 0:
            back = (
                f"omlaag bij {instrument.element_label(worst['element'])} "
                f"({signed(worst['shown'])})"
            )
            parts.append(back if parts else back[0].upper() + back[1:])
        if parts:
            sentences.append(", ".join(parts) + ".")
    return " ".join(sentences)


def profile_progress(
    analysis: Analysis,
    province: str,
    from_wave: str | None = None,
    to_wave: str | None = None,
    instrument: Instrument | None = None,
) -> HTML | Markdown:
    """The progress part of a province profile: overall and per element between two waves.

    By default the step into ``to_wave`` (default: the latest wave) from the wave before it.
    With only one wave up to ``to_wave`` the result is a sentence saying so.

    Parameters
    ----------
    analysis : Analysis
        From :func:`bimmaturity.analysis.load_analysis` (scores for the waves, progress and
        overall_progress for the changes are read).
    province : str
        CBS code.
    from_wave, to_wave : str, optional
        The two waves.
    instrument : Instrument, optional
        Gives the labels (default: the analysis's instrument).

    Returns
    -------
    IPython.display.HTML or IPython.display.Markdown
        Markdown holding one sentence when there is no progress to show.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": "PV20",
    ...     "element": ["OTL", "DATA"], "change": [1.0, 0.0],
    ...     "ambition_attained": pd.array([True, False], dtype="boolean"),
    ...     "from_current": [1.0, 2.0], "to_current": [2.0, 2.0], "from_ambition": [2.0, 3.0]})
    >>> o = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": ["PV20"],
    ...     "from_current": [1.5], "to_current": [2.0], "change": [0.5],
    ...     "from_ambition": [2.5], "ambition_attained": [False]})
    >>> a = SimpleNamespace(progress=p, overall_progress=o, instrument=default_instrument(),
    ...     scores=pd.DataFrame({"wave": ["2018", "2020"]}))
    >>> h = profile_progress(a, "PV20").data
    >>> "van 1,5 in meting 2018 naar 2,0 in meting 2020 (+0,5 niveau)" in h
    True
    >>> print(profile_progress(a, "PV20", to_wave="2018").data)
    Voor Groningen is er nog maar één meting (2018); de voortgang is te zien na een volgende meting.
    """
    instrument = instrument or analysis.instrument
    waves = waves_in(analysis.scores)
    later = str(to_wave) if to_wave is not None else (waves[-1] if waves else None)
    before = waves[: waves.index(later)] if later in waves else []
    earlier = str(from_wave) if from_wave is not None else (before[-1] if before else None)
    if earlier is None:
        return Markdown(
            profile_progress_summary(
                analysis.progress.iloc[:0], None, province, None, later, instrument
            )
        )
    step = _step(analysis.progress, earlier, later)
    if step.empty:
        return Markdown(
            f"Voor {province_name(province)} is geen voortgang van meting {earlier} naar "
            f"meting {later} berekend."
        )
    own = step[step["province"] == province]
    overall = overall_changes(analysis, earlier, later)
    overall = overall[overall["province"] == province]
    overall_row = overall.iloc[0].to_dict() if not (own.empty or overall.empty) else None
    text = profile_progress_summary(own, overall_row, province, earlier, later, instrument)
    if own.empty:
        return Markdown(text)
    shown = pd.DataFrame(
        {
            "element": [instrument.element_label(e) for e in own["element"]],
            "from": own["from_current"].astype("float64").to_numpy(),
            "to": own["to_current"].astype("float64").to_numpy(),
            "change": shown_changes(own),
            "interval": [
                interval_text(lo, hi)
                for lo, hi in zip(
                    own.get("change_lo", [None] * len(own)),
                    own.get("change_hi", [None] * len(own)),
                    strict=True,
                )
            ],
            "ambition": own["from_ambition"].astype("float64").to_numpy(),
            "attained": [yes_no(v) for v in own["ambition_attained"]],
        }
    )
    rendered = table(
        shown,
        {
            "element": vocab.ELEMENT,
            "from": f"Meting {earlier}",
            "to": f"Meting {later}",
            "change": vocab.CHANGE,
            **({"interval": vocab.INTERVAL} if "change_lo" in own else {}),
            "ambition": f"Ambitie {earlier}",
            "attained": vocab.ATTAINED,
        },
        {"change": signed},
    )
    return HTML(f"<p>{html.escape(text)}</p>" + rendered.data)


def _step(frame: pd.DataFrame, from_wave: str, to_wave: str) -> pd.DataFrame:
    chosen = (frame["from_wave"].astype(str) == str(from_wave)) & (
        frame["to_wave"].astype(str) == str(to_wave)
    )
    return frame[chosen].reset_index(drop=True)
