"""The province profile (notebook 10): one province's level, ambition, scores and partners.

The profile also shows the province's share in the proposed deals
(:func:`bimmaturity.present.sections.cost_sharing.profile_business`), its progress
(:func:`bimmaturity.present.sections.overall_progress.profile_progress`) and the data quality.
Where it can lead or follow, with its partners and gap cluster, is in
:mod:`bimmaturity.present.sections.profile_partners` (its names are re-exported here).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import (
    Registry,
    activate,
    default_registry,
    organisation_kind,
    province_name,
)
from bimmaturity.present.format import MISSING, interval, number
from bimmaturity.present.html import Markdown, banner, table
from bimmaturity.present.sections import element_labels, shown_gaps
from bimmaturity.present.sections.profile_partners import (
    lead_follow,
    profile_collaboration,
    province_cluster_text,
    province_collaboration,
)
from bimmaturity.present.sections.robustness import agreement_warning, indicative_text
from bimmaturity.present.theme import COLORS
from bimmaturity.rules.scoring import level_of

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "agreement_warning",
    "data_registry",
    "header",
    "indicative_text",
    "lead_follow",
    "profile_chart",
    "profile_collaboration",
    "profile_summary",
    "profile_table",
    "province_cluster_text",
    "province_collaboration",
    "section_text",
    "strongest_weakest",
]

_CURRENT, _AMBITION = vocab.MEASURE_LABELS["current"], vocab.MEASURE_LABELS["ambition"]


def data_registry(processed_dir: Path | str) -> Registry:
    """Make the registry the processed data was read with the one in use, from its manifest
    alone (no table is read), and return it.

    Notebook 10 calls this before it looks up its organisation by name or code
    (:func:`bimmaturity.organisations.province_code`), which happens before the analysis is
    loaded (loading makes the same registry active). Without processed data nothing changes.

    Parameters
    ----------
    processed_dir : path
        The processed-data folder (``data/processed``).

    Returns
    -------
    Registry

    Examples
    --------
    >>> import tempfile
    >>> from bimmaturity.organisations import active_registry, use_registry
    >>> with tempfile.TemporaryDirectory() as folder, use_registry(None):
    ...     towns = Registry.from_rows([{"code": "GM1", "name": "Aa", "kind": "gemeente"}])
    ...     record = {"registry": towns.record()}
    ...     _ = (Path(folder) / "manifest.json").write_text(json.dumps(record))
    ...     data_registry(folder) == towns, active_registry().name("GM1")
    (True, 'Aa')
    """
    manifest = Path(processed_dir) / "manifest.json"
    if not manifest.is_file():
        return default_registry()
    record = json.loads(manifest.read_text(encoding="utf-8")).get("registry")
    registry = Registry.from_record(record) if record else default_registry()
    activate(registry)
    return registry


def section_text(part: str) -> Markdown:
    """An explanation of notebook 10 between its charts (with its heading), in the words of the
    registry in use (:data:`bimmaturity.vocab.REPORT_TEXTS`).

    Parameters
    ----------
    part : str
        ``chart``.

    Returns
    -------
    Markdown

    Examples
    --------
    >>> from bimmaturity.organisations import Registry, use_registry
    >>> section_text("chart").data.splitlines()[0]
    '## Huidige situatie en ambitie per element'
    >>> waterschap = Registry.from_rows([{"code": "WS1", "name": "A", "kind": "waterschap"}])
    >>> with use_registry(waterschap):
    ...     section_text("chart").data.split(", naast ")[-1]
    'de mediaan van alle waterschappen.'
    """
    return Markdown(vocab.REPORT_TEXTS["10_provincieprofiel"][part])


def header(analysis: Analysis, province: str, wave: str) -> list[Markdown | HTML]:
    """The top of a province profile: its heading, the data banner and the summary.

    Parameters
    ----------
    analysis : Analysis
        The analysis of every wave (:func:`bimmaturity.analysis.load_analysis`).
    province : str
        CBS code.
    wave : str
        The wave shown.

    Returns
    -------
    list
        Heading (Markdown), banner (HTML), summary (Markdown), to display in this order.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": ["1"], "province": ["PV29"], "current": [float("nan")]})
    >>> a = SimpleNamespace(overall=o, scores=None, instrument=default_instrument(),
    ...     processed=SimpleNamespace(waves=["1"], is_example=True))
    >>> title, shown_banner, summary = header(a, "PV29", "1")
    >>> title.data, summary.data
    ('# Provincieprofiel Zeeland', 'Voor Zeeland zijn in meting 1 geen scores beschikbaar.')
    """
    heading = vocab.REPORT_HEADINGS["10_provincieprofiel"].format(
        name=province_name(province), **vocab.org_words(organisation_kind(province))
    )
    summary = profile_summary(
        analysis.scores, analysis.overall, province, wave, analysis.instrument
    )
    return [Markdown(f"# {heading}"), banner(analysis.processed), Markdown(summary)]


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


def profile_chart(
    scores: pd.DataFrame, province: str, wave: str, instrument: Instrument
) -> alt.LayerChart:
    """One organisation's current level and ambition per element, beside the median of all
    organisations (:data:`bimmaturity.vocab.MEDIAN`, in the words of the registry in use).

    Parameters
    ----------
    scores : DataFrame
        Province scores (wave, province, element, current, ambition, lo, hi, ...).
    province : str
        CBS code.
    wave : str
    instrument : Instrument

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "current": [2.0, 3.0], "ambition": [4.0, 3.5], "lo": None, "hi": None})
    >>> type(profile_chart(s, "PV20", "1", default_instrument())).__name__
    'LayerChart'
    """
    in_wave = scores[scores["wave"] == wave]
    medians = in_wave.groupby("element")["current"].median()
    own = in_wave[in_wave["province"] == province].set_index("element")
    median = vocab.org_text(vocab.MEDIAN)
    rows = []
    for element in instrument.elements:
        label = element.label
        if element.id in own.index:
            record = own.loc[element.id]
            rows.append((label, _CURRENT, record["current"], record.get("lo"), record.get("hi")))
            rows.append((label, _AMBITION, record["ambition"], None, None))
        rows.append((label, median, medians.get(element.id), None, None))
    data = pd.DataFrame(rows, columns=["element", "maat", "waarde", "lo", "hi"])
    data = data.astype({"waarde": "float64", "lo": "float64", "hi": "float64"})
    scale = alt.Scale(domain=[instrument.min_level, instrument.max_level])
    measures = [vocab.org_text(measure) for measure in COLORS]  # current, ambition, median
    y = alt.Y("element:N", sort=element_labels(instrument), title=None)
    color = alt.Color(
        "maat:N",
        title=None,
        scale=alt.Scale(domain=measures, range=list(COLORS.values())),
    )
    base = alt.Chart(data)
    span = (
        alt.Chart(data.pivot_table(index="element", columns="maat", values="waarde").reset_index())
        .mark_rule(color="#bbbbbb", strokeWidth=3)
        .encode(y=y, x=alt.X(f"{_CURRENT}:Q", scale=scale), x2=alt.X2(_AMBITION))
        if {_CURRENT, _AMBITION} <= set(data["maat"])
        else None
    )
    interval = (
        base.transform_filter("isValid(datum.lo)")
        .mark_rule(color=COLORS[_CURRENT], opacity=0.5, strokeWidth=1.5)
        .encode(y=y, x=alt.X("lo:Q", scale=scale), x2=alt.X2("hi"))
    )
    points = base.mark_point(filled=True, size=110).encode(
        y=y,
        x=alt.X(
            "waarde:Q",
            scale=scale,
            title="Volwassenheidsniveau",
            axis=alt.Axis(values=list(range(instrument.min_level, instrument.max_level + 1))),
        ),
        color=color,
        shape=alt.Shape(
            "maat:N",
            title=None,
            scale=alt.Scale(domain=measures, range=["circle", "diamond", "cross"]),
        ),
        tooltip=[
            alt.Tooltip("element:N", title=vocab.ELEMENT),
            alt.Tooltip("maat:N", title="Maat"),
            alt.Tooltip("waarde:Q", title="Score", format=".1f"),
        ],
    )
    layers = [layer for layer in (span, interval, points) if layer is not None]
    return alt.LayerChart(
        layer=layers,
        width=520,
        height=alt.Step(26),
        title=f"{province_name(province)}: huidig en ambitie",
    )


def profile_table(scores: pd.DataFrame, province: str, wave: str, instrument: Instrument) -> HTML:
    """One province's element scores as a Dutch table (level label, n, interval, flag).

    Parameters
    ----------
    scores : DataFrame
        Province scores (wave, province, element, current, level, ambition, gap, n, lo, hi,
        flag).
    province : str
        CBS code.
    wave : str
        The wave shown.
    instrument : Instrument
        Gives the element and level labels.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV20", "element": ["OTL"],
    ...     "current": [2.25], "level": [2], "ambition": [3.5], "gap": [1.25], "n": [4],
    ...     "lo": [1.8], "hi": [2.7], "flag": [""]})
    >>> page = profile_table(s, "PV20", "1", default_instrument()).data
    >>> "<td>Gedefinieerd</td>" in page and "<td>1,8 tot 2,7</td>" in page
    True
    >>> ">2,3</td>" in page and ">3,5</td>" in page and ">1,2</td>" in page  # gap
    True
    """
    own = scores[(scores["wave"] == wave) & (scores["province"] == province)].copy()
    own["element_label"] = own["element"].map(instrument.element_label)
    own["level_label"] = [
        instrument.level_label(int(level)) if pd.notna(level) else MISSING for level in own["level"]
    ]
    own["interval"] = [interval(lo, hi) for lo, hi in zip(own["lo"], own["hi"], strict=True)]
    own["gap"] = shown_gaps(own)  # beside the rounded levels: their difference
    return table(
        own,
        {
            "element_label": vocab.ELEMENT,
            "current": vocab.CURRENT,
            "level_label": "Niveau",
            "ambition": vocab.AMBITION,
            "gap": vocab.GAP,
            "n": vocab.RESPONDENTS,
            "interval": vocab.INTERVAL,
            "flag": vocab.REMARK,
        },
    )


def strongest_weakest(
    scores: pd.DataFrame, province: str, wave: str, n: int = 3
) -> dict[str, list[str]]:
    """The elements with a province's highest and lowest current scores.

    Parameters
    ----------
    scores : DataFrame
        Province scores (wave, province, element, current).
    province : str
        CBS code.
    wave : str
    n : int
        How many of each.

    Returns
    -------
    dict
        ``strongest``: element ids, highest current score first; ``weakest``: lowest first,
        never one already among the strongest. Ties keep the order of ``scores``.

    Examples
    --------
    >>> s = pd.DataFrame({"wave": "1", "province": "PV20", "element": ["A", "B", "C", "D"],
    ...     "current": [2.0, 3.5, float("nan"), 1.0]})
    >>> strongest_weakest(s, "PV20", "1", n=2)
    {'strongest': ['B', 'A'], 'weakest': ['D']}
    """
    own = scores[(scores["wave"].astype(str) == str(wave)) & (scores["province"] == province)]
    own = own.dropna(subset=["current"])
    strongest = own.sort_values("current", ascending=False, kind="stable").head(n)
    rest = own[~own["element"].isin(strongest["element"])]
    weakest = rest.sort_values("current", kind="stable").head(n)
    return {"strongest": strongest["element"].tolist(), "weakest": weakest["element"].tolist()}
