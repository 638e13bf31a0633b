"""Progress between two waves (notebook 60): the change per province and element.

The changes of every pair of consecutive waves are computed with the analysis
(``Analysis.progress``, rule 12); another pair of waves is computed here from the analysis's
scores. The change of overall maturity is in
:mod:`bimmaturity.present.sections.overall_progress`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import (
    count,
    names_by_code,
    number,
    signed,
    vega_signed,
    whole,
)
from bimmaturity.present.html import Markdown, banner, table
from bimmaturity.present.sections import element_labels
from bimmaturity.present.sections.change import (
    MOVEMENT_DOMAIN,
    change_columns,
    classify,
    direction_sentence,
    extremes_sentence,
    interval_text,
    overlap_sentence,
    regression_caveat,
    respondent_overlap,
    shown_changes,
    uncertain_text,
)
from bimmaturity.present.sections.overall_progress import overall_changes
from bimmaturity.present.theme import MOVEMENT_COLORS
from bimmaturity.rules.progress import MOVEMENTS, progress

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "changes",
    "header",
    "movement_chart",
    "movers_table",
    "progress_heatmap",
    "progress_summary",
    "province_progress_table",
    "section_text",
    "threshold_text",
    "waves",
]


def section_text(part: str) -> Markdown:
    """An explanation of notebook 60 between its charts (with its heading), in the words of the
    registry in use (:data:`bimmaturity.vocab.REPORT_TEXTS`).

    Parameters
    ----------
    part : str
        ``change``, ``attained`` or ``overall``.

    Returns
    -------
    Markdown

    Examples
    --------
    >>> section_text("attained").data
    '## Ambitie gehaald, stijgers en blijvers per provincie'
    """
    return Markdown(vocab.REPORT_TEXTS["60_voortgang"][part])


def waves(analysis: Analysis, from_wave: object = None, to_wave: object = None) -> tuple[str, str]:
    """The two waves a progress report compares: by default the two latest.

    Parameters
    ----------
    analysis : Analysis
        Its processed data gives the waves.
    from_wave, to_wave : optional
        The earlier and later wave; None for the second-latest and the latest.

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        When the data holds only one wave.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> a = SimpleNamespace(processed=SimpleNamespace(waves=["2016", "2018", "2020"]))
    >>> waves(a), waves(a, 2016)
    (('2018', '2020'), ('2016', '2020'))
    """
    known = analysis.processed.waves
    if len(known) < 2:
        raise ValueError(f"Voortgang vraagt om twee metingen; er is er één: {known}")
    earlier = str(from_wave) if from_wave is not None else known[-2]
    later = str(to_wave) if to_wave is not None else known[-1]
    return earlier, later


def changes(analysis: Analysis, from_wave: str, to_wave: str) -> pd.DataFrame:
    """The change of every province and element from ``from_wave`` to ``to_wave`` (rule 12).

    Parameters
    ----------
    analysis : Analysis
        Its ``progress`` (consecutive waves) or, for another pair, ``scores``.
    from_wave, to_wave : str
        The two waves.

    Returns
    -------
    DataFrame
        As :func:`bimmaturity.rules.progress.progress`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> p = pd.DataFrame({"from_wave": ["2018", "2020"], "to_wave": ["2020", "2022"],
    ...     "province": "PV20", "element": "OTL", "change": [0.5, 0.25]})
    >>> changes(SimpleNamespace(progress=p), "2020", "2022")["change"].tolist()
    [0.25]
    """
    steps = analysis.progress
    chosen = (steps["from_wave"].astype(str) == str(from_wave)) & (
        steps["to_wave"].astype(str) == str(to_wave)
    )
    if not chosen.any():
        return progress(analysis.scores, str(from_wave), str(to_wave))
    return steps[chosen].reset_index(drop=True)


def header(
    analysis: Analysis, from_wave: str, to_wave: str, threshold: float = 0.5
) -> list[Markdown | HTML]:
    """The top of the progress report: heading, banner and the progress in a few sentences.

    Parameters
    ----------
    analysis : Analysis
        The analysis of every wave (:func:`bimmaturity.analysis.load_analysis`).
    from_wave, to_wave : str
        The two waves compared.
    threshold : float
        The change, in levels, that counts as a move.

    Returns
    -------
    list
        Heading (Markdown), banner (HTML) and :func:`progress_summary` (Markdown).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": ["PV20"],
    ...     "element": ["OTL"], "change": [0.5],
    ...     "ambition_attained": pd.array([True], dtype="boolean")})
    >>> o = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": ["PV20"],
    ...     "from_current": [1.5], "to_current": [2.0], "change": [0.5]})
    >>> a = SimpleNamespace(progress=p, overall_progress=o, instrument=default_instrument(),
    ...     processed=SimpleNamespace(waves=["2018", "2020"], is_example=True))
    >>> header(a, "2018", "2020")[0].data
    '# Voortgang tussen meting 2018 en meting 2020'
    """
    heading = vocab.REPORT_HEADINGS["60_voortgang"].format(
        from_wave=from_wave, to_wave=to_wave, **vocab.org_words()
    )
    summary = progress_summary(
        changes(analysis, from_wave, to_wave),
        overall_changes(analysis, from_wave, to_wave),
        analysis.instrument,
        threshold,
        respondent_overlap(analysis, from_wave, to_wave),
    )
    return [Markdown(f"# {heading}"), banner(analysis.processed), Markdown(summary)]


def threshold_text(from_wave: str, to_wave: str, threshold: float = 0.5) -> Markdown:
    """What counts as rising or falling, and what *ambitie gehaald* counts.

    Examples
    --------
    >>> threshold_text("2018", "2020").data[:60]
    'Een element telt als gestegen of gedaald bij een verandering'
    """
    return Markdown(
        f"Een element telt als gestegen of gedaald bij een verandering van minstens "
        f"{number(threshold)} niveau waarvan het 90%-interval 0 uitsluit; andere veranderingen "
        "tellen als *geen duidelijke verandering*. *Ambitie gehaald* telt de elementen waarop "
        f"de score van meting {to_wave} de ambitie uit meting {from_wave} bereikt."
    )


def progress_summary(
    progress_frame: pd.DataFrame,
    overall_frame: pd.DataFrame,
    instrument: Instrument,
    threshold: float = 0.5,
    overlap: tuple[int, int] | None = None,
) -> str:
    """Progress of all provinces between two waves in a few sentences.

    A change is called a rise or a fall only when it is at least ``threshold`` and its 90%
    interval excludes 0 (:func:`bimmaturity.present.sections.change.classify`); the text says
    how many respondents answered in both waves and warns for regression to the mean.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress` (one pair of waves).
    overall_frame
        From :func:`bimmaturity.rules.progress.overall_progress` for the same waves, with
        change_lo and change_hi (:func:`bimmaturity.present.sections.change.overall_intervals`).
    instrument
        Gives the element labels.
    threshold
        The change, in levels, that counts as a move.
    overlap
        Respondents in both waves and respondents in the later wave
        (:func:`respondent_overlap`).

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"from_wave": "2018", "to_wave": "2020", "province": ["PV20", "PV21"],
    ...     "element": "OTL", "change": [0.8, -0.2],
    ...     "ambition_attained": pd.array([True, False], dtype="boolean")})
    >>> o = pd.DataFrame({"province": ["PV20", "PV21"], "from_current": [1.5, 2.5],
    ...     "to_current": [2.3, 2.3], "change": [0.8, -0.2], "change_lo": [0.1, -0.9],
    ...     "change_hi": [1.5, 0.5]})
    >>> print(textwrap.fill(progress_summary(p, o, default_instrument(), overlap=(2, 43)), 88))
    Tussen meting 2018 en meting 2020 lag het gemiddelde volwassenheidsniveau bij 1 van de 2
    provincies hoger en bij 1 lager. Het gemiddelde over de provincies steeg met 0,3 niveau.
    Een stijging of daling heet het hier alleen als de verandering minstens 0,5 niveau is en
    het 90%-interval 0 uitsluit: zo gemeten is 1 provincie gestegen en geen provincie
    gedaald; bij 1 provincie is er geen duidelijke verandering. De grootste stijging had
    Groningen (van 1,5 naar 2,3; 90%-interval +0,10 tot +1,50). Slechts 2 van de 43
    respondenten van meting 2020 vulden ook meting 2018 in: de twee metingen vergelijken
    grotendeels andere mensen, en ook dat maakt verschillen onzeker. In 1 van de 2 gevallen
    (provincie en element) is de ambitie uit meting 2018 in meting 2020 gehaald. Let op: wie
    in meting 2018 laag scoorde, stijgt ook zonder echte vooruitgang vaak wat, en wie hoog
    scoorde daalt vaak wat (regressie naar het gemiddelde: een toevallig lage of hoge meting
    wordt gevolgd door een gewonere). Lees grote stijgingen vanaf een laag niveau daarom met
    voorzichtigheid.
    """
    w = vocab.org_words()
    if progress_frame.empty:
        return f"Er zijn geen {w['orgs']} die aan beide metingen hebben meegedaan."
    first = str(progress_frame["from_wave"].iloc[0])
    second = str(progress_frame["to_wave"].iloc[0])
    overall = overall_frame[overall_frame["change"].notna()]
    sentences = []
    if not overall.empty:
        sentences.append(direction_sentence(overall, first, second))
        classes = classify(overall, threshold)["movement"].value_counts()
        up, same, down = (int(classes.get(m, 0)) for m in MOVEMENTS)
        rest = (
            f"; bij {count(same, w['org'], w['orgs'])} is er geen duidelijke verandering"
            if same
            else ""
        )
        sentences.append(
            "Een stijging of daling heet het hier alleen als de verandering minstens "
            f"{number(threshold)} niveau is en het 90%-interval 0 uitsluit: zo gemeten "
            f"{'is' if up == 1 else 'zijn'} {count(up, w['org'], w['orgs'])} gestegen en "
            f"{count(down, w['org'], w['orgs'])} gedaald{rest}."
        )
        rising = classify(overall, threshold)
        rising = rising[rising["movement"] == MOVEMENTS[0]]
        if not rising.empty:
            top = rising.loc[rising["change"].idxmax()]
            interval = ""
            if "change_lo" in top.index:
                interval = f"; 90%-interval {interval_text(top['change_lo'], top['change_hi'])}"
            sentences.append(
                f"De grootste stijging had {province_name(top['province'])} (van "
                f"{number(top['from_current'])} naar {number(top['to_current'])}{interval})."
            )
    if overlap is not None:
        sentences.append(overlap_sentence(overlap[0], overlap[1], first, second))
    known = progress_frame["ambition_attained"].dropna()
    if len(known):
        sentences.append(
            f"In {int(known.astype(bool).sum())} van de {len(known)} gevallen ({w['org']} en "
            f"element) is de ambitie uit meting {first} in meting {second} gehaald."
        )
    by_element = progress_frame.groupby("element", sort=False)["change"].mean().dropna()
    if len(by_element) > 1:
        sentences.append(extremes_sentence(by_element, instrument))
    sentences.append(regression_caveat(first))
    return " ".join(s for s in sentences if s)


def progress_heatmap(progress_frame: pd.DataFrame, instrument: Instrument) -> alt.LayerChart:
    """Change of each province's element score between two waves, with ✓ where the earlier
    ambition is reached.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress` (province, element, change,
        ambition_attained, from_current, to_current, from_ambition); rows without a change
        are left out.
    instrument
        Gives the element labels and order.

    Returns
    -------
    altair.LayerChart
        Cells and labels; data columns provincie, element_label, verandering, label, van, naar,
        ambitie, gehaald.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"province": ["PV20", "PV21"], "element": "OTL",
    ...     "change": [0.44, -0.5], "ambition_attained": pd.array([True, None], dtype="boolean"),
    ...     "from_current": [1.0, 2.0], "to_current": [1.44, 1.5], "from_ambition": [1.4, None]})
    >>> data = progress_heatmap(p, default_instrument()).data
    >>> data[["label", "van", "naar", "gehaald"]].values.tolist()[0]
    ['+0,4 ✓', '1,0', '1,4', 'ja']
    >>> data["label"][1] == "\u22120,5", data["ambitie"][1]
    (True, '–')
    """
    rows = progress_frame[progress_frame["change"].notna()]
    attained = rows["ambition_attained"].astype("boolean")
    gehaald = ["onbekend" if pd.isna(a) else (vocab.YES if a else vocab.NO) for a in attained]
    shown = shown_changes(rows)  # the change of the rounded scores, as the tooltip shows them
    data = pd.DataFrame(
        {
            "provincie": rows["province"].map(province_name).to_numpy(),
            "element_label": [instrument.element_label(e) for e in rows["element"]],
            "verandering": rows["change"].astype("float64").to_numpy(),
            "label": [
                signed(c) + (" ✓" if g == vocab.YES else "")
                for c, g in zip(shown, gehaald, strict=True)
            ],
            "van": [number(v) for v in rows["from_current"]],
            "naar": [number(v) for v in rows["to_current"]],
            "ambitie": [number(v) for v in rows["from_ambition"]],
            "gehaald": gehaald,
            "interval": [
                interval_text(lo, hi)
                for lo, hi in zip(
                    rows.get("change_lo", [None] * len(rows)),
                    rows.get("change_hi", [None] * len(rows)),
                    strict=True,
                )
            ],
        }
    )
    extent = max(0.5, float(data["verandering"].abs().max())) if len(data) else 1.0
    base = alt.Chart(data).encode(
        x=alt.X(
            "element_label:N",
            sort=element_labels(instrument),
            title=None,
            axis=alt.Axis(labelAngle=-35, orient="top"),
        ),
        y=alt.Y("provincie:N", sort=names_by_code(rows["province"]), title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "verandering:Q",
            title="Verandering (niveaus)",
            scale=alt.Scale(scheme="redblue", domain=[-extent, extent], domainMid=0),
            legend=alt.Legend(labelExpr=vega_signed(), orient="right"),
        ),
        tooltip=[
            alt.Tooltip("provincie:N", title=vocab.OVERVIEW_LABELS["org"]),
            alt.Tooltip("element_label:N", title=vocab.ELEMENT),
            alt.Tooltip("van:N", title=vocab.OVERVIEW_LABELS["earlier"]),
            alt.Tooltip("naar:N", title=vocab.OVERVIEW_LABELS["later"]),
            alt.Tooltip("label:N", title=vocab.CHANGE),
            alt.Tooltip("interval:N", title=vocab.INTERVAL),
            alt.Tooltip("ambitie:N", title=vocab.OVERVIEW_LABELS["earlier_ambition"]),
            alt.Tooltip("gehaald:N", title=vocab.ATTAINED),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("label:N"),
        color=alt.condition(
            f"abs(datum.verandering) > {0.6 * extent}", alt.value("white"), alt.value("black")
        ),
    )
    return alt.layer(cells, labels).properties(
        width=alt.Step(66),
        height=alt.Step(26),
        title=vocab.CHART_TITLES["progress"],
    )


def province_progress_table(progress_frame: pd.DataFrame, threshold: float = 0.5) -> HTML:
    """Per province: how many elements rose, stayed about the same or fell, the mean change,
    and on how many elements the earlier ambition was reached.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress` (one pair of waves).
    threshold
        The change, in levels, that counts as a move.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> p = pd.DataFrame({"province": "PV20", "element": ["OTL", "DATA"],
    ...     "change": [0.5, 0.1], "ambition_attained": pd.array([True, None], dtype="boolean")})
    >>> h = province_progress_table(p).data
    >>> "<td>Groningen</td>" in h and "<td>1 van 1</td>" in h and "+0,3" in h
    True
    """
    classified = classify(progress_frame, threshold)
    records = []
    for province, group in progress_frame.groupby("province", sort=True):
        moved = classified.loc[classified["province"] == province, "movement"].value_counts()
        known = group["ambition_attained"].dropna()
        records.append(
            {
                "provincie": province_name(province),
                **{m: int(moved.get(m, 0)) for m in MOVEMENTS},
                "mean": float(group["change"].mean()),
                "attained": f"{int(known.astype(bool).sum())} van {len(known)}",
            }
        )
    shown = pd.DataFrame(records, columns=["provincie", *MOVEMENTS, "mean", "attained"])
    return table(
        shown,
        {
            "provincie": vocab.OVERVIEW_LABELS["org"],
            "gestegen": "Gestegen",
            "gelijk": "Geen duidelijke verandering",
            "gedaald": "Gedaald",
            "mean": "Gemiddelde verandering",
            "attained": "Ambitie gehaald (elementen)",
        },
        {**{m: whole for m in MOVEMENTS}, "mean": signed},
    )


def movement_chart(
    progress_frame: pd.DataFrame, instrument: Instrument, threshold: float = 0.5
) -> alt.Chart:
    """Per element how many provinces rose, stayed about the same or fell.

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress`.
    instrument
        Gives the element labels and order.
    threshold
        The change, in levels, that counts as a move.

    Returns
    -------
    altair.Chart
        Stacked horizontal bars; data columns element_label, beweging, aantal, volgorde.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "element": "OTL",
    ...                   "change": [0.6, 0.1, None]})
    >>> movement_chart(p, default_instrument()).data.to_dict("list")
    {'element_label': ['Objecttypebibliotheek', 'Objecttypebibliotheek'], 'beweging': ['gestegen', 'geen duidelijke verandering'], 'aantal': [1, 1], 'volgorde': [0, 1]}
    """  # noqa: E501
    rows = classify(progress_frame, threshold)
    counts = rows.groupby(["element", "movement"]).size()
    records = [
        (
            instrument.element_label(element),
            vocab.MOVEMENT_LABELS[movement],
            int(counts[(element, movement)]),
            i,
        )
        for element in instrument.element_ids
        for i, movement in enumerate(MOVEMENTS)
        if (element, movement) in counts.index
    ]
    data = pd.DataFrame(records, columns=["element_label", "beweging", "aantal", "volgorde"])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("element_label:N", sort=element_labels(instrument), title=None),
            x=alt.X("aantal:Q", title=vocab.OVERVIEW_LABELS["count"], axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "beweging:N",
                title=None,
                scale=alt.Scale(domain=MOVEMENT_DOMAIN, range=list(MOVEMENT_COLORS.values())),
            ),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("element_label:N", title=vocab.ELEMENT),
                alt.Tooltip("beweging:N", title=vocab.MOVEMENT),
                alt.Tooltip("aantal:Q", title=vocab.OVERVIEW_LABELS["orgs"]),
            ],
        )
        .properties(
            width=420,
            height=alt.Step(24),
            title=f"Stijgers en dalers per element (drempel {number(threshold)} niveau)",
        )
    )


def movers_table(
    progress_frame: pd.DataFrame, instrument, threshold: float = 0.5, n: int = 5
) -> HTML:
    """The largest moves up and down between two waves (province and element).

    Parameters
    ----------
    progress_frame
        From :func:`bimmaturity.rules.progress.progress`.
    instrument : Instrument
        Gives the labels.
    threshold
        Only changes of at least this size (in levels, up or down) are listed.
    n
        At most this many rises and this many falls.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"province": ["PV20", "PV21"], "element": "OTL",
    ...     "change": [1.0, -0.6], "from_current": [1.0, 3.0], "to_current": [2.0, 2.4]})
    >>> h = movers_table(p, default_instrument()).data
    >>> h.index("Groningen") < h.index("Fryslân"), "<td>gedaald</td>" in h
    (True, True)
    """
    classified = classify(progress_frame, threshold)
    up = classified[classified["movement"] == "gestegen"].sort_values(
        "change", ascending=False, kind="stable"
    )
    down = classified[classified["movement"] == "gedaald"].sort_values("change", kind="stable")
    rows = pd.concat([up.head(n), down.head(n)])
    if rows.empty:
        w = vocab.org_words()
        unsure = uncertain_text(progress_frame, threshold)
        return HTML(
            f"<p>Geen {w['enkele']} {w['org']} is op een element duidelijk "
            f"({number(threshold)} niveau "
            "of meer, met een 90%-interval zonder 0) gestegen of gedaald.</p>"
            + (f"<p>{html.escape(unsure)}</p>" if unsure else "")
        )
    earlier, later = "Eerder", "Nu"
    if {"from_wave", "to_wave"} <= set(rows.columns):
        earlier = f"Meting {rows['from_wave'].iloc[0]}"
        later = f"Meting {rows['to_wave'].iloc[0]}"
    shown = pd.DataFrame(
        {
            "provincie": rows["province"].map(province_name).to_numpy(),
            "element": [instrument.element_label(e) for e in rows["element"]],
            **change_columns(rows),
        }
    )
    columns = {
        "provincie": vocab.OVERVIEW_LABELS["org"],
        "element": vocab.ELEMENT,
        "from": earlier,
        "to": later,
        "change": vocab.CHANGE,
        "interval": vocab.INTERVAL,
        "movement": vocab.MOVEMENT,
    }
    if "change_lo" not in rows:
        del columns["interval"]
    rendered = table(shown, columns, {"change": signed}).data
    unsure = uncertain_text(progress_frame, threshold)
    return HTML(rendered + (f"<p>{html.escape(unsure)}</p>" if unsure else ""))
