"""The index page (``reports/index.html``): the build date, the round the reports show and who
answered in each round, three key findings, every report grouped, and the links to the method
page (*Verantwoording*), the tables, the figures and the posters.

Also the page frame the method page (:mod:`bimmaturity.present.method`) shares with it: one
look, readable on a phone (tables scroll sideways inside their box at 400 px, never cut) and
printed on A4 (no links coloured, no heading alone at the bottom of a page).

Everything here is plain HTML and CSS, no script: the pages open offline. Text from the data
(round names, organisation names, titles) is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from bimmaturity import vocab
from bimmaturity.present.format import approx_euro, listing, number, number_word
from bimmaturity.present.sections import coverage
from bimmaturity.store import atomic_write

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.store import Processed

__all__ = [
    "INDEX",
    "METHOD",
    "PAGE_STYLE",
    "IndexEntry",
    "dutch_date",
    "index_page",
    "key_findings",
    "page",
    "write_index",
]

INDEX = "index.html"
"""The index page, directly in the reports folder; the reports are in ``html/`` below it."""
METHOD = "verantwoording.html"
"""The method page, beside the index."""

PAGE_STYLE = """
body { font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 900px;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1d1d1d; }
h1 { line-height: 1.2; }
h2 { margin-top: 2rem; }
.meta { color: #555; }
.banner { background: #fff4ce; border: 2px solid #c98a00; padding: 0.6rem 1rem;
          font-weight: 600; }
.warning { background: #fdecea; border-left: 4px solid #b3261e; padding: 0.5rem 1rem;
           margin: 1rem 0; }
.findings li { margin-bottom: 0.4rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.8rem; text-align: left;
         vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.95em; }
td code { white-space: nowrap; }
@media (max-width: 480px) {
  body { margin: 1rem auto; padding: 0 0.6rem; }
  h1 { font-size: 1.5rem; }
  th, td { padding: 0.2rem 0.4rem; }
}
@media print {
  @page { size: A4; margin: 15mm 15mm 18mm 15mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
  table { width: 100%; font-size: 9.5pt; }
  th, td { overflow-wrap: anywhere; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, .banner, .warning { break-inside: avoid; page-break-inside: avoid; }
  .banner, .warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
"""The CSS of the index and the method page (one look; no script, no web font)."""


class IndexEntry(Protocol):
    """What the index needs of a planned report (:class:`bimmaturity.build.ReportJob`)."""

    name: str
    title: str
    group: str
    parameters: dict


def page(title: str, body: str) -> str:
    """A complete offline HTML page in the look of the index: ``title`` is escaped, ``body`` is
    HTML the caller made (with every text from the data escaped).

    Examples
    --------
    >>> text = page("Meting <1>", "<p>x</p>")
    >>> "<title>Meting &lt;1&gt;</title>" in text, 'name="viewport"' in text
    (True, True)
    """
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{PAGE_STYLE}</style></head><body>
{body}
</body></html>
"""


def dutch_date(day: dt.date) -> str:
    """A date as Dutch readers write it: ``30 november 2026``.

    Examples
    --------
    >>> dutch_date(dt.date(2026, 11, 30)), dutch_date(dt.date(2027, 3, 1))
    ('30 november 2026', '1 maart 2027')
    """
    return f"{day.day} {vocab.MONTHS[day.month - 1]} {day.year}"


def _in_wave(frame: pd.DataFrame, wave: str) -> pd.DataFrame:
    return frame[frame["wave"].astype(str) == str(wave)]


def _province(code: object) -> str:
    return coverage.names([str(code)])


def _level_sentence(result: Analysis, wave: str) -> str:
    overall = _in_wave(result.overall, wave)
    overall = overall[overall["current"].notna()]
    scale = f"op een schaal van {result.instrument.min_level} tot {result.instrument.max_level}"
    if overall.empty:
        return f"Voor meting {wave} zijn geen scores beschikbaar."
    if len(overall) == 1:
        row = overall.iloc[0]
        return (
            f"In meting {wave} is alleen {_province(row['province'])} gemeten: het gemiddelde "
            f"volwassenheidsniveau is {number(row['current'])} {scale}."
        )
    low = overall.loc[overall["current"].idxmin()]
    high = overall.loc[overall["current"].idxmax()]
    return (
        f"In meting {wave} ligt het gemiddelde volwassenheidsniveau van de "
        f"{number_word(len(overall))} gemeten {vocab.org_text('{orgs}')} tussen "
        f"{number(low['current'])} "
        f"({_province(low['province'])}) en {number(high['current'])} "
        f"({_province(high['province'])}), gemiddeld {number(overall['current'].mean())} "
        f"{scale}."
    )


def _gap_sentence(result: Analysis, wave: str, proposed: Sequence[str]) -> str:
    label = result.instrument.element_label
    gaps = (
        _in_wave(result.scores, wave)
        .groupby("element")["gap"]
        .mean()
        .dropna()
        .sort_values(ascending=False, kind="stable")
        .head(3)
    )
    if gaps.empty:
        head = f"Voor meting {wave} zijn geen gaten tussen ambitie en huidige situatie bekend"
    else:
        parts = [f"{label(element)} ({number(gap)})" for element, gap in gaps.items()]
        head = (
            "Het gat tussen ambitie en huidige situatie is gemiddeld over de "
            f"{vocab.org_text('{orgs}')} het grootst bij {listing(parts)}"
        )
    deals = [label(element) for element in proposed]
    if not deals:
        tail = "geen element is kansrijk als gezamenlijke deal"
    elif len(deals) == 1:
        tail = f"de voorgestelde gezamenlijke deal is {deals[0]}"
    else:
        tail = f"de {number_word(len(deals))} voorgestelde gezamenlijke deals zijn {listing(deals)}"
    return f"{head}; {tail}."


def _case_sentence(result: Analysis, wave: str, proposed: Sequence[str]) -> str:
    from bimmaturity.present.sections.businesscase import years_text

    rows = _in_wave(result.businesscase, wave)
    if rows.empty or rows["alone"].isna().all():
        return (
            "Er is geen kostentabel (kosten.xlsx of kosten.csv): de business case is niet "
            "doorgerekend."
        )
    if not proposed:
        return "Zonder voorgestelde deal is er geen business case om door te rekenen."
    chosen = rows[rows["element"].isin(list(proposed))]
    costed = chosen[chosen["alone"].notna() & chosen["joint"].notna()]
    if costed.empty:
        return (
            "Voor de voorgestelde deals ontbreken de kosten in de kostentabel: de business case "
            "is niet doorgerekend."
        )
    saving = float(costed["saving"].sum())
    which = (
        "die deal"
        if len(proposed) == 1
        else "die deals"
        if len(costed) == len(proposed)
        else f"de {number_word(len(costed))} van die deals met kosten"
    )
    period = years_text(int(result.options.years))
    if saving >= 0:
        return (
            f"Samen ontwikkelen bespaart op {which} naar schatting {approx_euro(saving)} "
            f"{period} ten opzichte van ieder voor zich."
        )
    return (
        f"Samen ontwikkelen kost op {which} naar schatting {approx_euro(-saving)} meer dan "
        f"ieder voor zich ({period})."
    )


def key_findings(result: Analysis, wave: str) -> list[str]:
    """The three key findings of round ``wave`` for the index page, in plain Dutch.

    1. The overall maturity: how many provinces were measured, the lowest and highest
       (with the province) and the mean of their overall current level.
    2. The (at most three) elements with the largest mean gap over the provinces, and the
       proposed joint deals (rule 9).
    3. The business case: the total saving of the proposed deals with costs (rule 11), or why
       there is none.

    Parameters
    ----------
    result : Analysis
        The analysis (:func:`bimmaturity.analysis.analyse`); uses ``overall``, ``scores``,
        ``opportunities``, ``businesscase``, ``options`` and ``instrument``.
    wave : str
        The round the reports show.

    Returns
    -------
    list of str
        Three sentences.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.config import AnalysisOptions
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "current": [1.5, 3.9]})
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV20", "PV28"], "element": "OTL",
    ...     "gap": [1.3, 0.5]})
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL"], "alone": [2e6], "joint": [5e5],
    ...     "saving": [1.5e6]})
    >>> a = SimpleNamespace(overall=o, scores=s, businesscase=bc, options=AnalysisOptions(),
    ...     instrument=default_instrument(), proposed=lambda wave: ["OTL"])
    >>> for sentence in key_findings(a, "1"):
    ...     print(sentence)
    In meting 1 ligt het gemiddelde volwassenheidsniveau van de twee gemeten provincies tussen 1,5 (Groningen) en 3,9 (Zuid-Holland), gemiddeld 2,7 op een schaal van 1 tot 5.
    Het gat tussen ambitie en huidige situatie is gemiddeld over de provincies het grootst bij Objecttypebibliotheek (0,9); de voorgestelde gezamenlijke deal is Objecttypebibliotheek.
    Samen ontwikkelen bespaart op die deal naar schatting € 1,5 miljoen over drie jaar ten opzichte van ieder voor zich.
    """  # noqa: E501
    wave = str(wave)
    proposed = list(result.proposed(wave))
    return [
        _level_sentence(result, wave),
        _gap_sentence(result, wave, proposed),
        _case_sentence(result, wave, proposed),
    ]


def _links(reports: Path) -> str:
    """The method page, the tables and the folders the build made, as a list of links."""
    items = [
        f'<li><a href="{METHOD}">{vocab.METHOD_TITLE}</a>: hoe de antwoorden scores, niveaus, '
        "gaten, clusters, koplopers en starters, deals en de business case worden, met de "
        "instellingen van deze rapportages</li>",
        '<li><a href="tabellen.xlsx">tabellen.xlsx</a>: de tabellen van alle metingen, om in '
        "Excel verder mee te werken</li>",
    ]
    folders = (
        ("figures", "de figuren als PNG en SVG, om in een businessplan te plakken"),
        ("posters", vocab.org_text("een poster per {org} (A3, PDF), om op te hangen")),
    )
    for folder, what in folders:
        if (reports / folder).is_dir():
            items.append(f'<li><a href="{folder}/">{folder}/</a>: {what}</li>')
    return f"<ul>{''.join(items)}</ul>"


def index_page(
    reports: Path,
    jobs: Sequence[IndexEntry],
    processed: Processed,
    wave: str | None = None,
    *,
    findings: Sequence[str] = (),
    built: dt.date | None = None,
) -> str:
    """The index page as HTML text (see the module docstring).

    Parameters
    ----------
    reports : Path
        The reports folder (only looked at: which of ``figures/`` and ``posters/`` exist).
    jobs : sequence
        The planned reports (name, title, group, parameters), in the order listed.
    processed : Processed
        The processed data: the rounds, who answered, whether it is the example data.
    wave : str, optional
        The round the reports show (default: the latest).
    findings : sequence of str
        The key findings (:func:`key_findings`); none: the section is left out.
    built : date, optional
        The build date shown (default: today).

    Returns
    -------
    str
    """
    waves = processed.waves
    wave = str(wave) if wave is not None else waves[-1]
    day = dutch_date(built or dt.date.today())
    groups: dict[str, list[IndexEntry]] = {}
    for job in jobs:
        groups.setdefault(job.group, []).append(job)
    sections = []
    for group, members in groups.items():
        items = "".join(
            f'<li><a href="html/{html.escape(job.name)}.html">{html.escape(job.title)}</a></li>'
            for job in members
        )
        sections.append(f"<h2>{html.escape(group)}</h2><ul>{items}</ul>")
    words = vocab.org_words()  # the registry's kind: provincies, gemeenten, waterschappen
    banner = (
        '<div class="banner">Voorbeelddata - fictief. Deze rapportages tonen een verzonnen '
        f"voorbeeldset, niet de zelfevaluaties van de {words['orgs']}.</div>"
        if processed.is_example
        else ""
    )
    covers = coverage.coverage_by_wave(processed.answers)
    shown = next(c for c in covers if c.wave == wave)
    note = coverage.coverage_text(shown, "deze rapportages")
    warning = f'<div class="warning">{html.escape(note)}</div>' if note else ""
    source = html.escape(processed.instrument.short_title)
    earlier = [
        job
        for job in jobs
        if "reporting_wave" in job.parameters
        and str(job.parameters.get("wave")) != str(job.parameters["reporting_wave"])
    ]
    earlier_note = (
        f"<p>{len(earlier)} {words['profiel']}(en) tonen een eerdere meting: die {words['orgs']} "
        f"hebben in meting {html.escape(wave)} (nog) niet geantwoord en tellen daar niet mee "
        "in de clusters, deals en business case.</p>"
        if earlier
        else ""
    )
    found = (
        f"<h2>{vocab.KEY_FINDINGS}</h2>"
        f'<ul class="findings">{"".join(f"<li>{html.escape(s)}</li>" for s in findings)}</ul>'
        if findings
        else ""
    )
    title = vocab.org_text(vocab.INDEX_TITLE)
    body = f"""<h1>{html.escape(title)}</h1>
{banner}
<p class="meta">Gemaakt op {day}.</p>
<p>Zelfevaluaties {source}. Deze rapportages tonen <strong>meting
{html.escape(wave)}</strong>: {len(shown.measured)} van de {shown.total} {words["orgs"]} hebben
geantwoord. Elke rapportage opent zonder internetverbinding. Hoe de cijfers tot stand komen staat
in de <a href="{METHOD}">{vocab.METHOD_TITLE.lower()}</a>.</p>
{warning}
{found}
<h2>Deelname per meting</h2>
<div class="scroll">{coverage.coverage_table_html(covers, wave)}</div>
{earlier_note}
{"".join(sections)}
<h2>{vocab.MORE}</h2>
{_links(reports)}
"""
    return page(f"{title}: rapportages meting {wave}", body)


def write_index(
    reports: Path,
    jobs: Sequence[IndexEntry],
    processed: Processed,
    wave: str | None = None,
    *,
    findings: Sequence[str] = (),
    built: dt.date | None = None,
) -> Path:
    """Write the index page (:func:`index_page`) as ``reports/index.html``; its path.

    Examples
    --------
    >>> import tempfile
    >>> from types import SimpleNamespace
    >>> answers = pd.DataFrame({"wave": ["2020"], "province": ["PV20"], "current": [3.0]})
    >>> from bimmaturity.instrument import default_instrument
    >>> data = SimpleNamespace(waves=["2020"], answers=answers, is_example=False,
    ...                        instrument=default_instrument())
    >>> job = SimpleNamespace(name="vergelijking", title="Vergelijking", group="Overzichten",
    ...                       parameters={})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_index(Path(folder), [job], data, findings=["Eén zin."],
    ...                        built=dt.date(2026, 11, 30))
    ...     text = path.read_text(encoding="utf-8")
    >>> path.name, "Gemaakt op 30 november 2026." in text, '<li>Eén zin.</li>' in text
    ('index.html', True, True)
    >>> '<a href="html/vergelijking.html">Vergelijking</a>' in text
    True
    """
    text = index_page(reports, jobs, processed, wave, findings=findings, built=built)
    path = reports / INDEX
    atomic_write(path, text.encode("utf-8"))
    return path
