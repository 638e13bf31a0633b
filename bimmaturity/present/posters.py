"""A3 posters: one page per measured organisation (a province, a gemeente, a waterschap: the
registry in use), for the wall where they all hang side by side.

Each poster shows the organisation, the round, its overall level and ambition, the profile chart
(:func:`bimmaturity.present.sections.profile.profile_chart`), its strongest and weakest
elements, where it can lead and should follow, and the proposed deals it takes part in. Every
poster has the same fixed layout, so twelve of them compare at a glance. Its labels
(:data:`bimmaturity.vocab.POSTER_LABELS`) and the chart's median name the registry's kind
("samen met 3 andere gemeenten"); a long name is set smaller until it fits the header. A poster
takes about 0.2 s (most of it drawing the chart): 400 organisations take about a minute and a
half, so every measured organisation gets one.

The content is data first (:func:`poster_content`, pure), then typeset with Typst (the
``typst`` package: real A3 landscape pages, embedded fonts, offline and deterministic). The
template ``templates/poster/poster.typ`` reads the content as JSON and the chart as SVG from
``sys.inputs``: names from suppliers are values there, never markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import typst
import vl_convert

from bimmaturity import vocab
from bimmaturity.organisations import file_slug, province_name
from bimmaturity.parallel import map_in_processes
from bimmaturity.present.format import difference, listing, number, province_names
from bimmaturity.present.index import dutch_date
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.profile import lead_follow, profile_chart, strongest_weakest
from bimmaturity.present.sections.robustness import verdict
from bimmaturity.present.theme import DUTCH_LOCALE
from bimmaturity.rules.scoring import level_of
from bimmaturity.safety import inside
from bimmaturity.store import atomic_write

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis

__all__ = [
    "FONT_CHOICES",
    "LIST_LIMIT",
    "measured_provinces",
    "poster_chart",
    "poster_content",
    "poster_path",
    "render_poster",
    "write_posters",
]

FONT_CHOICES = (
    "Liberation Sans",
    "Arial",
    "Helvetica",
    "Segoe UI",
    "Roboto",
    "DejaVu Sans",
    "Libertinus Serif",
)
"""The poster's fonts, the first one found first (the later ones fill in missing glyphs);
Typst bundles the last, so there is always one."""

LIST_LIMIT = {"lead": 11, "follow": 11, "deals": 6, "names": 3}
"""At most this many lines per list on a poster (the rest as "en nog n"), and the most
partner names spelled out in a deal (more are counted)."""

_TEMPLATE = "poster.typ"


@functools.cache
def _fonts() -> list[str]:
    """The font choices Typst finds on this machine (system fonts and its bundled ones)."""
    found = set(typst.Fonts().families())
    return [font for font in FONT_CHOICES if font in found]


def measured_provinces(overall: pd.DataFrame, wave: str) -> list[str]:
    """The provinces with an overall score in ``wave``, by CBS code.

    Examples
    --------
    >>> o = pd.DataFrame({"wave": ["1", "1", "2"], "province": ["PV21", "PV20", "PV22"],
    ...     "current": [2.0, float("nan"), 3.0]})
    >>> measured_provinces(o, "1")
    ['PV21']
    """
    rows = in_wave(overall, wave)
    return sorted(rows.loc[rows["current"].notna(), "province"].astype(str).unique())


def poster_path(folder: Path, province: str) -> Path:
    """Where a province's poster goes: ``<folder>/<slug of its name>.pdf``, checked to lie
    inside ``folder``.

    Examples
    --------
    >>> poster_path(Path("/tmp/posters"), "PV27").as_posix()
    '/tmp/posters/noord-holland.pdf'
    """
    folder = Path(folder)
    return inside(folder, folder / f"{file_slug(province_name(province))}.pdf")


def _item(label: str, value: str = "", note: str = "") -> dict[str, str]:
    return {"label": label, "value": value, "note": note}


def _capped(items: list[dict[str, str]], limit: int) -> tuple[list[dict[str, str]], str]:
    """At most ``limit`` items; when there are more, one fewer and an "en nog n" line."""
    if len(items) <= limit:
        return items, ""
    kept = items[: limit - 1]
    return kept, vocab.POSTER_LABELS["more"].format(n=len(items) - len(kept))


def _partners_note(names: list[str]) -> str:
    labels = vocab.POSTER_LABELS
    if not names:
        return labels["alone"]
    if len(names) <= LIST_LIMIT["names"]:
        return labels["with_names"].format(names=listing(names))
    return labels["with_count"].format(n=len(names))


def poster_content(
    result: Analysis, province: str, wave: str, *, made: dt.date | None = None
) -> dict:
    """Everything one province's poster shows, as JSON-ready data (no markup anywhere).

    Parameters
    ----------
    result : Analysis
        The analysis (scores, overall, roles, partners, opportunities, options, processed).
    province : str
        CBS code of a province measured in ``wave`` (:func:`measured_provinces`; another
        gives ValueError).
    wave : str
        The round shown.
    made : date, optional
        The date on the source line (default: today).

    Returns
    -------
    dict
        ``name``, ``wave_label``, ``overall`` (current, level, ambition, ambition_level as
        text, and gap: the difference of the rounded parts shown beside it); ``strongest``,
        ``weakest``, ``lead``, ``follow`` and ``deals`` (lists of ``{"label", "value",
        "note"}``); the "en nog n" lines, the empty-list texts, the example ``marker``, the
        ``source`` and ``rule`` lines, the ``labels`` and ``fonts``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.config import AnalysisOptions
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV29", "PV20"], "element": "OTL",
    ...     "current": [4.0, 1.5], "ambition": [4.5, 3.0], "gap": [0.5, 1.5]})
    >>> a = SimpleNamespace(scores=s, instrument=default_instrument(),
    ...     overall=s.drop(columns="element"), options=AnalysisOptions(),
    ...     roles=s[["wave", "province", "element"]].assign(
    ...         stated_role=["trekken", "volgen"], position=["koploper", "starter"]),
    ...     partners=s[["wave", "province", "element"]].assign(part=["trekker", "volger"]),
    ...     opportunities=pd.DataFrame({"wave": ["1"], "element": ["OTL"],
    ...         "p_proposed": [0.95]}),
    ...     proposed=lambda wave: ["OTL"], processed=SimpleNamespace(is_example=True))
    >>> c = poster_content(a, "PV29", "1", made=dt.date(2026, 11, 30))
    >>> c["name"], c["wave_label"], c["overall"]["current"], c["overall"]["level"]
    ('Zeeland', 'Meting 1', '4,0', 'Geïntegreerd')
    >>> c["lead"], c["deals"][0]["note"]
    ([{'label': 'Objecttypebibliotheek', 'value': '4,0', 'note': ''}], 'samen met Groningen; voorstel robuust')
    >>> c["marker"], c["source"]
    ('Voorbeelddata - fictief', 'Bron: zelfevaluaties Roadmap BIM Provincies, meting 1; gemaakt op 30 november 2026.')
    """  # noqa: E501
    wave = str(wave)
    instrument = result.instrument
    labels = {  # the poster names the instrument
        **vocab.POSTER_LABELS,
        "kicker": vocab.POSTER_LABELS["kicker"].format(instrument=instrument.short_title),
    }
    name = province_name(province)
    scores = in_wave(result.scores, wave)
    own = scores[scores["province"] == province].set_index("element")
    overall = in_wave(result.overall, wave)
    rows = overall[(overall["province"] == province) & overall["current"].notna()]
    if rows.empty:
        raise ValueError(f"{name} heeft in meting {wave} geen scores: geen poster")
    record = rows.iloc[0]

    def level(score: object) -> str:
        found = level_of(score, instrument)  # type: ignore[arg-type]
        return instrument.level_label(found) if found else ""

    def current(element: str) -> str:
        return number(own.loc[element, "current"], 1) if element in own.index else ""

    extremes = strongest_weakest(scores, province, wave)
    positions = lead_follow(result.roles, province, wave, instrument)
    lead, lead_more = _capped(
        [_item(instrument.element_label(e), current(e)) for e in positions["lead"]],
        LIST_LIMIT["lead"],
    )
    follow, follow_more = _capped(
        [
            _item(
                instrument.element_label(e),
                f"{current(e)} → {number(own.loc[e, 'ambition'], 1)}",
            )
            for e in positions["follow"]
        ],
        LIST_LIMIT["follow"],
    )
    partners = in_wave(result.partners, wave)
    opportunities = in_wave(result.opportunities, wave)
    chance = (
        opportunities.set_index("element")["p_proposed"].to_dict()
        if "p_proposed" in opportunities
        else {}
    )
    deals = []
    for element in result.proposed(wave):
        on_element = partners[partners["element"] == element]
        mine = on_element[on_element["province"] == province]
        if mine.empty:
            continue
        others = province_names(on_element.loc[on_element["province"] != province, "province"])
        note = _partners_note(others)
        word = verdict(chance.get(element))
        if word:
            note = f"{note}; {labels['verdict'].format(verdict=word)}"
        part = vocab.PART_LABELS.get(str(mine["part"].iloc[0]), "")
        deals.append(_item(instrument.element_label(element), part, note))
    deals, deals_more = _capped(deals, LIST_LIMIT["deals"])
    scored = int(own["current"].notna().sum())
    total = len(instrument.elements)
    options = result.options
    return {
        "title": f"{name} - {labels['wave'].format(wave=wave)}",
        "name": name,
        "wave_label": labels["wave"].format(wave=wave),
        "example": bool(result.processed.is_example),
        "marker": vocab.EXAMPLE_MARKER,
        "overall": {
            "current": number(record["current"], 1),
            "level": level(record["current"]),
            "ambition": number(record["ambition"], 1),
            "ambition_level": level(record["ambition"]),
            "gap": number(difference(record["current"], record["ambition"]), 1),
        },
        "partial": (labels["partial"].format(scored=scored, total=total) if scored < total else ""),
        "strongest": [
            _item(instrument.element_label(e), current(e)) for e in extremes["strongest"]
        ],
        "weakest": [_item(instrument.element_label(e), current(e)) for e in extremes["weakest"]],
        "lead": lead,
        "lead_more": lead_more,
        "no_lead": labels["no_lead"].format(name=name),
        "idle": (
            labels["idle"].format(
                elements=listing([instrument.element_label(e) for e in positions["idle"]])
            )
            if positions["idle"]
            else ""
        ),
        "follow": follow,
        "follow_more": follow_more,
        "no_follow": labels["no_follow"].format(name=name),
        "deals": deals,
        "deals_more": deals_more,
        "no_deals": labels["no_deals"].format(name=name),
        "source": labels["source"].format(
            instrument=instrument.short_title,
            wave=wave,
            date=dutch_date(made or dt.date.today()),
        ),
        "rule": labels["rule"].format(
            leader=number(options.leader_level, 1), gap=number(options.gap_threshold, 1)
        ),
        "labels": dict(labels),
        "fonts": _fonts(),
    }


def poster_chart(result: Analysis, province: str, wave: str) -> alt.LayerChart:
    """The profile chart, styled for a poster: compact, no title, the legend on top.

    The chart is drawn small and scaled up by the poster, so marks and type grow together. Its
    text keeps the generic ``sans-serif`` (Typst draws it with the poster's sans font): naming a
    font family made vl-convert four times slower.

    Parameters
    ----------
    result : Analysis
        Its scores and instrument are read.
    province : str
        CBS code.
    wave : str
        The round shown.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "current": [2.0, 3.0], "ambition": [4.0, 3.5], "lo": None, "hi": None})
    >>> spec = poster_chart(SimpleNamespace(scores=s, instrument=default_instrument()),
    ...     "PV20", "1").to_dict()
    >>> spec["config"]["legend"]["orient"], spec["width"]
    ('top', 260)
    """
    chart = profile_chart(result.scores, province, str(wave), result.instrument)
    return (
        chart.properties(width=260, height=alt.Step(31), title="")
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=14, titleFontSize=14, labelLimit=400, labelColor="#1d2733")
        .configure_legend(
            orient="top", labelFontSize=14, symbolSize=160, labelLimit=400, columnPadding=18
        )
    )


def _svg(chart: alt.LayerChart) -> str:
    """The chart as SVG (vl-convert), numbers with a decimal comma."""
    return _svg_of(_spec(chart))


def _spec(chart: alt.LayerChart) -> dict:
    # validate=False: the profile chart is checked where it is built; validating again costs
    # more than drawing it
    return chart.to_dict(validate=False)


def _svg_of(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(spec, format_locale=DUTCH_LOCALE["number"])


def _template() -> bytes:
    return (resources.files("bimmaturity") / "templates" / "poster" / _TEMPLATE).read_bytes()


def render_poster(
    content: dict,
    chart_svg: str,
    *,
    output: str = "pdf",
    ppi: float | None = None,
    made: dt.date | None = None,
    compiler: typst.Compiler | None = None,
) -> bytes:
    """Typeset one poster from its content and chart.

    Parameters
    ----------
    content : dict
        :func:`poster_content` (passed to the template as JSON).
    chart_svg : str
        The chart as SVG (passed as data too).
    output : str
        ``pdf`` or ``png``.
    ppi : float, optional
        Pixels per inch of a PNG.
    made : date, optional
        The PDF's creation date (midnight UTC); default today. The same content and date
        give the same bytes.
    compiler : typst.Compiler, optional
        Reuse one compiler (and its font search) for many posters.

    Returns
    -------
    bytes

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL",
    ...     "current": [2.0, 3.0], "ambition": [4.0, 3.5], "gap": [2.0, 0.5], "lo": None,
    ...     "hi": None})
    >>> from types import SimpleNamespace
    >>> from bimmaturity.config import AnalysisOptions
    >>> a = SimpleNamespace(scores=s, overall=s.drop(columns="element"),
    ...     instrument=default_instrument(), options=AnalysisOptions(),
    ...     roles=s[["wave", "province", "element"]].assign(stated_role=None,
    ...         position=["starter", "middenveld"]),
    ...     partners=s[["wave", "province", "element"]].assign(part="volger").head(0),
    ...     opportunities=pd.DataFrame({"wave": []}), proposed=lambda wave: [],
    ...     processed=SimpleNamespace(is_example=False))
    >>> day = dt.date(2026, 11, 30)
    >>> chart = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"/>'
    >>> pdf = render_poster(poster_content(a, "PV20", "1", made=day), chart, made=day)
    >>> pdf[:5], render_poster(poster_content(a, "PV20", "1", made=day), chart, made=day) == pdf
    (b'%PDF-', True)
    """
    compiler = compiler or typst.Compiler()
    day = made or dt.date.today()
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    data, _warnings = compiler.compile_with_warnings(
        input=_template(),
        format=output,
        ppi=ppi,
        sys_inputs={"data": json.dumps(content, ensure_ascii=False), "chart": chart_svg},
        timestamp=stamp,
    )
    return data


def write_posters(
    result: Analysis,
    wave: str,
    folder: Path,
    *,
    made: dt.date | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Write one A3 poster (PDF) per province measured in ``wave`` into ``folder``.

    Parameters
    ----------
    result : Analysis
        From :func:`bimmaturity.analysis.load_analysis` (with ``processed`` attached).
    wave : str
        The round shown.
    folder : Path
        Where the posters go (``reports/posters``); each file is written atomically.
    made : date, optional
        The date on the posters (default: today).
    jobs : int, optional
        Processes that typeset (:func:`bimmaturity.parallel.map_in_processes`; None: two
        from 40 posters on). The posters do not depend on it.

    Returns
    -------
    list of Path
        The posters written, ``<folder>/<slug of the province name>.pdf``, in code order; a
        province without scores in ``wave`` gets none.

    Examples
    --------
    >>> import tempfile
    >>> from types import SimpleNamespace
    >>> from bimmaturity.config import AnalysisOptions
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV27", "PV29"], "element": "OTL",
    ...     "current": [2.0, None], "ambition": [4.0, None], "gap": [2.0, None], "lo": None,
    ...     "hi": None})
    >>> a = SimpleNamespace(scores=s, overall=s.drop(columns="element"),
    ...     instrument=default_instrument(), options=AnalysisOptions(),
    ...     roles=s[["wave", "province", "element"]].assign(stated_role=None, position=None),
    ...     partners=s[["wave", "province", "element"]].assign(part="volger").head(0),
    ...     opportunities=pd.DataFrame({"wave": []}), proposed=lambda wave: [],
    ...     processed=SimpleNamespace(is_example=True))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_posters(a, "1", Path(folder))
    ...     [(p.name, p.read_bytes()[:5]) for p in paths]
    [('noord-holland.pdf', b'%PDF-')]
    """
    wave = str(wave)
    folder = Path(folder)
    day = made or dt.date.today()
    items: list[tuple[Path, dict, dict, dt.date]] = []
    taken: set[Path] = set()
    for province in measured_provinces(result.overall, wave):
        path = poster_path(folder, province)
        if path in taken:  # two names with one slug (registry rows built in code): add the code
            path = inside(folder, folder / f"{path.stem}-{file_slug(province)}.pdf")
        taken.add(path)
        content = poster_content(result, province, wave, made=day)
        items.append((path, content, _spec(poster_chart(result, province, wave)), day))
    # drawing the chart and typesetting are most of a poster's time: many posters (a large
    # registry) go to two processes, each with its own compiler
    return map_in_processes(_typeset, items, jobs=jobs, fresh=True)


_compiler: list[typst.Compiler] = []


def _typeset(item: tuple[Path, dict, dict, dt.date]) -> Path:
    """Draw one poster's chart, typeset the poster and write it (in a worker process)."""
    if not _compiler:
        _compiler.append(typst.Compiler())  # its font search once per process
    path, content, spec, day = item
    atomic_write(path, render_poster(content, _svg_of(spec), made=day, compiler=_compiler[0]))
    return path
