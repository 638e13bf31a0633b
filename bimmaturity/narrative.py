"""Short Dutch sentences generated from the numbers, for reports a council member reads."""

from __future__ import annotations

import pandas as pd

from bimmaturity.formatting import number
from bimmaturity.instrument import Instrument
from bimmaturity.organisations import province_name
from bimmaturity.scoring import level_of

__all__ = ["comparison_summary", "profile_summary"]


def _level_text(score: float, instrument: Instrument) -> str:
    level = level_of(score, instrument)
    return f"{number(score, 1)} ({instrument.level_label(level)})" if level else "onbekend"


def profile_summary(
    scores: pd.DataFrame,
    overall: pd.DataFrame,
    province: str,
    wave: str,
    instrument: Instrument,
) -> str:
    """Two or three sentences on one province: overall level, ambition, biggest gaps.

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV29", "element": ["OTL", "DATA"],
    ...     "current": [1.5, 2.0], "ambition": [3.5, 2.5], "gap": [2.0, 0.5]})
    >>> o = pd.DataFrame({"wave": ["1"], "province": ["PV29"], "current": [1.75],
    ...     "ambition": [3.0], "gap": [1.25], "coverage": [2 / 11]})
    >>> print(textwrap.fill(profile_summary(s, o, "PV29", "1", default_instrument()), 88))
    Zeeland staat in meting 1 gemiddeld op niveau 1,8 (Initieel) en wil naar 3,0 (Beheerst).
    Het grootste gat zit bij Objecttypebibliotheek (2,0) en Informatie- en datamanagement
    (0,5). Let op: 2 van de 11 elementen hebben een score; het gemiddelde rust op een deel
    van de vragenlijst.
    """
    name = province_name(province)
    row = overall[(overall["wave"] == wave) & (overall["province"] == province)]
    if row.empty or pd.isna(row["current"].iloc[0]):
        return f"Voor {name} zijn in meting {wave} geen scores beschikbaar."
    record = row.iloc[0]
    sentences = [
        f"{name} staat in meting {wave} gemiddeld op niveau "
        f"{_level_text(record['current'], instrument)} en wil naar "
        f"{_level_text(record['ambition'], instrument)}."
    ]
    own = scores[(scores["wave"] == wave) & (scores["province"] == province)]
    gaps = own.dropna(subset=["gap"]).sort_values("gap", ascending=False, kind="stable").head(3)
    gaps = gaps[gaps["gap"] > 0]
    if not gaps.empty:
        parts = [
            f"{instrument.element_label(e)} ({number(g, 1)})"
            for e, g in zip(gaps["element"], gaps["gap"], strict=True)
        ]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        sentences.append(f"Het grootste gat zit bij {listed}.")
    scored = int(own["current"].notna().sum())
    total = len(instrument.elements)
    if scored < total:
        sentences.append(
            f"Let op: {scored} van de {total} elementen hebben een score; het gemiddelde rust op "
            "een deel van de vragenlijst."
        )
    return " ".join(sentences)


def comparison_summary(
    overall: pd.DataFrame, scores: pd.DataFrame, wave: str, instrument: Instrument
) -> str:
    """Sentences on all provinces: spread of overall maturity and the largest common gaps.

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "current": [1.5, 3.9],
    ...     "ambition": [2.8, 4.4], "gap": [1.3, 0.5], "coverage": 1.0})
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "element": "OTL",
    ...     "current": [1.5, 3.9], "ambition": [2.8, 4.4], "gap": [1.3, 0.5]})
    >>> print(textwrap.fill(comparison_summary(o, s, "1", default_instrument()), 88))
    In meting 1 loopt het gemiddelde volwassenheidsniveau uiteen van 1,5 (Groningen) tot 3,9
    (Zuid-Holland). Gemiddeld over de provincies is het gat het grootst bij
    Objecttypebibliotheek (0,9).
    """
    in_wave = overall[(overall["wave"] == wave) & overall["current"].notna()]
    if in_wave.empty:
        return f"Voor meting {wave} zijn geen scores beschikbaar."
    low = in_wave.loc[in_wave["current"].idxmin()]
    high = in_wave.loc[in_wave["current"].idxmax()]
    sentences = [
        f"In meting {wave} loopt het gemiddelde volwassenheidsniveau uiteen van "
        f"{number(low['current'], 1)} ({province_name(low['province'])}) tot "
        f"{number(high['current'], 1)} ({province_name(high['province'])})."
    ]
    mean_gap = (
        scores[scores["wave"] == wave]
        .groupby("element")["gap"]
        .mean()
        .dropna()
        .sort_values(ascending=False)
        .head(3)
    )
    if not mean_gap.empty:
        parts = [f"{instrument.element_label(e)} ({number(g, 1)})" for e, g in mean_gap.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        sentences.append(f"Gemiddeld over de provincies is het gat het grootst bij {listed}.")
    return " ".join(sentences)
