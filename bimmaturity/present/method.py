"""The method page (``reports/verantwoording.html``, *Verantwoording*): in plain Dutch, how the
answers become scores, levels, gaps, clusters, koplopers and starters, deals and the business
case, with the values of this build's analysis options, the questionnaire and the round.

:func:`method_page` is pure (it returns the HTML text); :func:`write_method` writes it beside
the index, in the same look (:func:`bimmaturity.present.index.page`), offline, with a link back
to the index. The rules themselves are in ``docs/method.md``; this page says them for council
members.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from bimmaturity import vocab
from bimmaturity.config import DEFAULTS, AnalysisOptions
from bimmaturity.present.format import listing, number, number_word
from bimmaturity.present.index import INDEX, METHOD, page
from bimmaturity.present.sections import coverage
from bimmaturity.store import atomic_write

if TYPE_CHECKING:
    from bimmaturity.instrument import Instrument
    from bimmaturity.store import Processed

__all__ = ["method_page", "option_rows", "option_value", "write_method"]


def _plain(x: float, minimum: int = 0) -> str:
    """A number with the decimals it has (at least ``minimum``), the Dutch way."""
    exponent = Decimal(repr(float(x))).normalize().as_tuple().exponent
    decimals = max(minimum, -exponent if isinstance(exponent, int) else 0)
    return number(x, decimals)


def _percent(share: float) -> str:
    """A share as a percentage with the decimals it has: 0.0225 is ``2,25%``."""
    value = Decimal(repr(float(share))) * 100
    return f"{_plain(float(value))}%"


def option_value(options: AnalysisOptions, name: str) -> str:
    """An analysis option's value as the method page shows it.

    Levels and gaps with at least one decimal (``3,5``, ``1,0``), shares and rates as
    percentages (``15%``, ``2,25%``), the cost key by its Dutch name, an unset number of
    clusters as how it is chosen.

    Examples
    --------
    >>> o = AnalysisOptions(leader_level=3.25, discount=0.0225, cost_key="mixed")
    >>> [option_value(o, n) for n in ("leader_level", "gap_threshold", "discount", "cost_key")]
    ['3,25', '1,0', '2,25%', 'Gemengd']
    >>> option_value(o, "clusters"), option_value(o, "overhead"), option_value(o, "n_deals")
    ('gekozen op silhouet', '15%', '4')
    """
    value = getattr(options, name)
    if name in ("leader_level", "gap_threshold"):
        return _plain(value, 1)
    if name in ("overhead", "discount"):
        return _percent(value)
    if name == "cost_key":
        return vocab.KEY_LABELS[value]
    if name == "clusters" and value is None:
        return "gekozen op silhouet"
    return _plain(value)


def option_rows(options: AnalysisOptions) -> list[tuple[str, str, str, str]]:
    """Every analysis option as (what it is, this build's value, the default, command-line
    option), in the order of :class:`~bimmaturity.config.AnalysisOptions`; what it is names
    the kind of organisation of the registry in use.

    Examples
    --------
    >>> option_rows(AnalysisOptions(min_demand=2))[2]
    ('Minimale vraag voor een kansrijk element', '2', '3', '--min-demand')
    """
    rows = []
    for name, spec in AnalysisOptions.model_fields.items():
        # the descriptions (also the command line's help) say "provincie": here the registry's
        what = vocab.org_text(re.sub(r"\bprovincie\b", "{org}", spec.description or name))
        rows.append(
            (
                what[0].upper() + what[1:],
                option_value(options, name),
                option_value(DEFAULTS, name),
                "--" + name.replace("_", "-"),
            )
        )
    return rows


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: frozenset[int] = frozenset(),
    code: frozenset[int] = frozenset(),
) -> str:
    """A table in a box that scrolls sideways on a narrow screen; cells escaped, the columns
    ``numeric`` aligned right, those in ``code`` as code (never broken over lines)."""

    def cell(i: int, value: object) -> str:
        text = html.escape(str(value))
        text = f"<code>{text}</code>" if i in code else text
        return f"<td{' class=num' if i in numeric else ''}>{text}</td>"

    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(cell(i, value) for i, value in enumerate(row)) + "</tr>" for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def _round_part(covers: Sequence[coverage.Coverage], wave: str) -> str:
    shown = next((c for c in covers if c.wave == wave), None)
    if shown is None:
        return _paragraphs(f"Deze rapportages tonen meting {html.escape(wave)}.")
    missing = f" Ontbreken: {html.escape(coverage.names(shown.missing))}." if shown.missing else ""
    before = coverage.previous_wave([c.wave for c in covers], wave)
    progress = (
        f"De voortgang vergelijkt meting {html.escape(before)} met meting {html.escape(wave)}."
        if before is not None
        else "Er is geen eerdere meting om de voortgang mee te vergelijken."
    )
    orgs = vocab.org_text("{orgs}")
    return _paragraphs(
        f"Deze rapportages tonen <strong>meting {html.escape(wave)}</strong>: "
        f"{len(shown.measured)} van de {shown.total} {orgs} hebben geantwoord.{missing} "
        "Alle cijfers over meting "
        f"{html.escape(wave)} gaan alleen over de {orgs} die in die meting hebben "
        f"geantwoord. {progress}"
    ) + _table(
        ["Meting", "Geantwoord", "Ontbreken"],
        [
            (
                f"meting {c.wave}",
                f"{len(c.measured)} van {c.total}",
                coverage.names(c.missing) or "niemand",
            )
            for c in covers
        ],
    )


def _instrument_part(instrument: Instrument) -> str:
    n_questions = len(instrument.question_ids)
    levels = instrument.scale.levels
    horizon = instrument.measures["ambition"].horizon
    ambition = f"de ambitie voor {html.escape(str(horizon))}" if horizon else "de ambitie"
    distinct: dict[str, str] = {}  # "n.v.t.", "nvt" and "n.v.t" are one word to a reader
    for word in instrument.scale.missing:
        distinct.setdefault(re.sub(r"[\W_]+", "", word.casefold()) or word, word)
    missing = listing([f"‘{html.escape(word)}’" for word in list(distinct.values())[:4]])
    weighted = any(e.weight != 1 for e in instrument.elements)
    element_rows = [
        (e.label, str(len(e.questions)), *((_plain(e.weight),) if weighted else ()))
        for e in instrument.elements
    ]
    roles = listing([html.escape(r.label.lower()) for r in instrument.collaboration_roles])
    return (
        _paragraphs(
            f"De vragenlijst <em>{html.escape(instrument.title)}</em> (versie "
            f"{html.escape(instrument.version)}) heeft {len(instrument.elements)} elementen met "
            f"samen {n_questions} vragen. Elke vraag wordt twee keer beantwoord: voor de "
            f"huidige situatie en voor {ambition}, op een schaal van {instrument.min_level} tot "
            f"{instrument.max_level}:",
        )
        + _table(
            ["Niveau", "Naam", "Betekenis"],
            [(str(lv.value), lv.label, lv.description) for lv in levels],
            frozenset({0}),
        )
        + _paragraphs(
            "Een lege cel"
            + (f" of een antwoord als {missing}" if missing else "")
            + " telt als geen antwoord, nooit als nul of als het laagste niveau. Per element "
            f"geeft iedere respondent ook aan welke rol {vocab.org_text('{de} {org}')} wil "
            "spelen bij een "
            f"gezamenlijke ontwikkeling: {roles}.",
        )
        + _table(
            ["Element", "Vragen", *(["Gewicht"] if weighted else [])],
            element_rows,
            frozenset({1, 2}),
        )
    )


def method_page(
    options: AnalysisOptions,
    instrument: Instrument,
    covers: Sequence[coverage.Coverage],
    wave: str,
    *,
    is_example: bool = False,
    has_costs: bool = True,
) -> str:
    """The method page as HTML text.

    Parameters
    ----------
    options : AnalysisOptions
        The analysis options of this build: their values appear in the text and in a table.
    instrument : Instrument
        The questionnaire: elements, questions, scale and roles.
    covers : sequence of Coverage
        Who answered in each round (:func:`bimmaturity.present.sections.coverage.coverage_by_wave`).
    wave : str
        The round the reports show.
    is_example : bool
        The example data: the page carries the "Voorbeelddata - fictief" banner.
    has_costs : bool
        Whether a cost table was supplied (else the business case is said not to be computed).

    Returns
    -------
    str
        A complete offline HTML page.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> text = method_page(AnalysisOptions(leader_level=3.0), default_instrument(), [], "2020")
    >>> "ten minste <strong>3,0</strong>" in text, '<a href="index.html">' in text
    (True, True)
    """
    from bimmaturity.present.sections.robustness import BORDER, ROBUST, UNCERTAIN
    from bimmaturity.rules.clustering import K_MAX
    from bimmaturity.rules.scoring import CONFIDENCE, MIN_N_INTERVAL, MIN_N_RWG
    from bimmaturity.rules.stability import UNSTABLE

    wave = str(wave)
    value = {name: option_value(options, name) for name in AnalysisOptions.model_fields}
    confidence = _percent(CONFIDENCE)
    low, high = instrument.min_level, instrument.max_level
    example_level = low + 1 if high - low >= 2 else low
    level_example = (
        f"{number(example_level + 0.99, 2)} is niveau {example_level} "
        f"({html.escape(instrument.level_label(example_level))}), "
        f"{number(example_level + 1, 2)} is niveau {example_level + 1} "
        f"({html.escape(instrument.level_label(example_level + 1))})"
    )
    weights = (
        " (gewogen met de gewichten van de elementen)"
        if any(e.weight != 1 for e in instrument.elements)
        else " (alle elementen wegen even zwaar)"
    )
    w = vocab.org_words()  # the registry's kind: provincie, gemeente, waterschap
    banner = (
        '<div class="banner">Voorbeelddata - fictief. Deze rapportages tonen een verzonnen '
        f"voorbeeldset, niet de zelfevaluaties van de {w['orgs']}.</div>"
        if is_example
        else ""
    )
    if options.clusters is None:
        how_many = (
            f"Het aantal clusters (2 tot {K_MAX}) is zo gekozen dat de groepen zo duidelijk "
            "mogelijk van elkaar verschillen (de hoogste gemiddelde silhouetscore)."
        )
    else:
        how_many = f"Het aantal clusters is voor deze rapportages vastgezet op {options.clusters}."
    if options.resamples:
        robust = _paragraphs(
            "Hoe zeker posities en deals zijn, is nagegaan door de respondenten van "
            f"{w['elke']} {w['org']} <strong>{value['resamples']}</strong> keer opnieuw te "
            "trekken (met "
            "teruglegging: een respondent kan vaker of niet meedoen) en alles opnieuw te "
            f"berekenen. Een deal die in ten minste {_percent(ROBUST)} van die trekkingen wordt "
            f"voorgesteld heet <em>robuust</em>, vanaf {_percent(UNCERTAIN)} <em>onzeker</em> "
            f"en daaronder <em>wankel</em>. Een {w['org']} {w['die']} in meer dan "
            f"{_percent(BORDER[0])} "
            f"en minder dan {_percent(BORDER[1])} van de trekkingen koploper (of starter) is, "
            "is daar een <em>grensgeval</em>."
        )
    else:
        robust = _paragraphs(
            "Voor deze rapportages is niet opnieuw getrokken (0 trekkingen): hoe zeker "
            "posities en deals zijn, is niet berekend."
        )
    costs = (
        ""
        if has_costs
        else _paragraphs(
            "<strong>Voor deze rapportages is geen kostentabel aangeleverd (kosten.xlsx of "
            "kosten.csv): de business case is niet doorgerekend.</strong>"
        )
    )
    key = {
        "equal": "in gelijke delen over de deelnemers",
        "population": "naar het inwonertal van de deelnemers",
        "mixed": "gemengd: het gemiddelde van gelijke delen en naar inwonertal",
    }[options.cost_key]
    years = options.years
    period = (
        f"over <strong>{number_word(years)} jaar</strong>"
        if years
        else "(<strong>0 jaar</strong>: alleen eenmalige kosten)"
    )
    settings = _table(
        ["Instelling", "Deze rapportages", "Standaard", "Optie"],
        option_rows(options),
        code=frozenset({3}),
    )
    body = f"""<p><a href="{INDEX}">Terug naar het overzicht van de rapportages</a></p>
<h1>{vocab.METHOD_TITLE}: hoe de cijfers tot stand komen</h1>
{banner}
<p>Deze pagina legt in gewone woorden uit hoe de antwoorden op de vragenlijst tot de cijfers in
de rapportages leiden. De vetgedrukte waarden zijn de instellingen waarmee deze rapportages zijn
gemaakt; onderaan staan ze allemaal in een tabel. Met drie tot acht respondenten per {w["org"]} is
elk cijfer onzeker: de rapportages zeggen hoe onzeker, en nooit meer dan de gegevens dragen.</p>

<h2>De meting</h2>
{_round_part(covers, wave)}

<h2>De vragenlijst</h2>
{_instrument_part(instrument)}

<h2>Van antwoorden naar scores</h2>
<ul>
<li><strong>Score van een respondent</strong> op een element: het gemiddelde van zijn antwoorden
op de vragen van dat element, als hij minstens de helft van die vragen heeft beantwoord; anders
heeft hij daar geen score.</li>
<li><strong>Score van een {w["org"]}</strong> op een element: het gemiddelde van de scores van
{w["haar"]} respondenten, voor de huidige situatie en de ambitie apart. Stuurt een {w["org"]} één
gezamenlijk ingevulde vragenlijst, dan telt die als één respondent.</li>
<li><strong>{confidence}-interval</strong>: vanaf {MIN_N_INTERVAL} respondenten staat bij een
score de marge waarbinnen hij met {confidence} zekerheid ligt (berekend met de
t-verdeling). Met minder respondenten is er geen interval en heet de score
<em>{vocab.INDICATIVE}</em>.</li>
<li><strong>Overeenstemming</strong>: vanaf {MIN_N_RWG} respondenten wordt gemeten hoe
eensgezind zij de huidige situatie beoordelen (0 is niet meer dan toeval, 1 is volledig eens).
Onder 0,7 zegt de rapportage dat de respondenten het oneens zijn en dat het gemiddelde dat
verbergt.</li>
</ul>

<h2>Niveaus</h2>
<ul>
<li><strong>Totaalniveau</strong> van een {w["org"]}: het gemiddelde van {w["haar"]} scores op de
elementen{weights}, over de elementen waarop {w["zij"]} een score heeft.</li>
<li><strong>Bereikt niveau</strong>: het hele niveau onder de score: {level_example}.</li>
</ul>

<h2>Gaten</h2>
<p>Het <strong>gat</strong> is de ambitie min de huidige situatie. Een positief gat betekent dat
{w["de"]} {w["org"]} op dat element wil groeien; hoe groter het gat, hoe meer {w["zij"]} nog te
doen heeft.</p>

<h2>Koplopers en starters</h2>
<ul>
<li><strong>Koploper</strong> op een element: een {w["org"]} met een huidige score van
ten minste <strong>{value["leader_level"]}</strong>.</li>
<li><strong>Starter</strong>: een {w["org"]} met een gat van
ten minste <strong>{value["gap_threshold"]}</strong> {w["die"]} geen koploper is.</li>
<li>Ieder{w["e"]} ander{w["e"]} {w["org"]} met een score hoort bij het
<strong>middenveld</strong>.</li>
<li>De <strong>rol</strong> die een {w["org"]} wil spelen is wat de meeste van {w["haar"]}
respondenten kiezen; bij gelijke stand telt de meest betrokken rol (trekken, dan meedoen, dan
volgen).</li>
</ul>

<h2>Gezamenlijke deals</h2>
<ul>
<li><strong>Aanbod</strong> op een element: de koplopers die willen trekken of meedoen.
<strong>Vraag</strong>: de {w["orgs"]} met een gat van ten minste {value["gap_threshold"]} die
willen trekken, meedoen of volgen.</li>
<li>Een element is <strong>kansrijk</strong> als gezamenlijke deal bij een aanbod van
ten minste één koploper en een vraag van
ten minste <strong>{value["min_demand"]}</strong> {w["orgs"]}.</li>
<li>De elementen worden gerangschikt op vraag, dan op aanbod, dan op het gemiddelde gat. De
eerste <strong>{value["n_deals"]}</strong> kansrijke elementen zijn de <strong>voorgestelde
deals</strong>.</li>
</ul>
{robust}

<h2>Gapclusters</h2>
<p>{w["Orgs"]} met een vergelijkbaar patroon van gaten over alle elementen vormen samen een
<strong>gapcluster</strong> (hiërarchisch clusteren volgens Ward, op de gaten zelf). Ontbreekt
het gat van een {w["org"]} op een element, dan telt het gemiddelde gat van de andere {w["orgs"]}
daar; de rapportage zegt het dan. {how_many} De clusters zijn genummerd van het grootste
gemiddelde gat naar het kleinste. Of een cluster <strong>stabiel</strong> is, is nagegaan door
in herhaalde trekkingen van respondenten opnieuw te clusteren: een cluster dat gemiddeld voor
minder dan {_percent(UNSTABLE)} terugkomt, heet onstabiel. Een hoog huidig niveau laat weinig
ruimte voor een gat; een cluster kan dus ook gewoon de meest volwassen {w["orgs"]} zijn.</p>

<h2>Business case</h2>
{costs}
<p>De business case rekent per element met de kosten uit de kostentabel.</p>
<ul>
<li><strong>Deelnemers</strong>: de {w["orgs"]} met een gat die willen trekken, meedoen of
volgen. De koplopers onder hen hebben het element al; de anderen zijn de
<strong>volgers</strong>.</li>
<li><strong>Ieder voor zich</strong>: elke volger ontwikkelt het element zelf, met eenmalige
kosten plus onderhoud {period}. Een koploper zou niets uitgeven.</li>
<li><strong>Samen</strong>: één gezamenlijke ontwikkeling plus onderhoud, met
<strong>{value["overhead"]}</strong> extra voor coördinatie, plus per deelnemer de kosten om het
product in gebruik te nemen.</li>
<li>Onderhoud in latere jaren telt minder zwaar mee, met een reële discontovoet van
<strong>{value["discount"]}</strong> per jaar (zoals in Nederlandse kosten-batenanalyses).</li>
<li>De <strong>besparing</strong> is ieder voor zich min samen. Geeft de kostentabel een lage en
een hoge schatting, dan staat de bandbreedte erbij. De besparing hangt vooral af van de
geschatte kosten van ieder voor zich; de rapportage laat zien hoe zij meebeweegt.</li>
<li>Samen ontwikkelen <strong>loont vanaf</strong> het kleinste aantal volgers waarbij samen niet
duurder is dan ieder voor zich.</li>
<li>De gezamenlijke kosten worden verdeeld <strong>{key}</strong>. Een volger wint wat hij
ieder voor zich kwijt zou zijn, min zijn aandeel; een koploper brengt kennis in en betaalt zijn
aandeel.</li>
</ul>

<h2>Voortgang tussen metingen</h2>
<p>De voortgang van een {w["org"]} op een element is {w["haar"]} score in de latere meting min
die in de eerdere, voor de {w["orgs"]} die in beide metingen hebben geantwoord. <strong>Ambitie
gehaald</strong> betekent dat de latere score de eerdere ambitie haalt. Een verschil heet pas
een stijging of daling als het {confidence}-interval ervan nul uitsluit. Een lage beginstand
stijgt vaak al door toeval; de rapportage waarschuwt daarvoor.</p>

<h2>Instellingen van deze rapportages</h2>
<p>Een andere instelling geeft wie de rapportages maakt mee aan de opdracht
<code>bimmaturity build</code>, met de optie in de laatste kolom.</p>
{settings}
<p><a href="{INDEX}">Terug naar het overzicht van de rapportages</a></p>
"""
    return page(f"{vocab.METHOD_TITLE}: rapportages meting {wave}", body)


def write_method(
    reports: Path, processed: Processed, options: AnalysisOptions, wave: str | None = None
) -> Path:
    """Write the method page (:func:`method_page`) for round ``wave`` (default: the latest) as
    ``reports/verantwoording.html``; its path.

    Examples
    --------
    >>> import tempfile
    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> from bimmaturity.instrument import default_instrument
    >>> answers = pd.DataFrame({"wave": ["2020"], "province": ["PV20"], "current": [3.0]})
    >>> data = SimpleNamespace(waves=["2020"], answers=answers, is_example=True,
    ...     instrument=default_instrument(), costs=pd.DataFrame())
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_method(Path(folder), data, AnalysisOptions(min_demand=2))
    ...     text = path.read_text(encoding="utf-8")
    >>> path.name, "ten minste <strong>2</strong> provincies" in text
    ('verantwoording.html', True)
    >>> "1 van de 12 provincies hebben geantwoord" in text, "niet doorgerekend" in text
    (True, True)
    """
    waves = processed.waves
    wave = str(wave) if wave is not None else waves[-1]
    text = method_page(
        options,
        processed.instrument,
        coverage.coverage_by_wave(processed.answers),
        wave,
        is_example=processed.is_example,
        has_costs=not processed.costs.empty,
    )
    path = reports / METHOD
    atomic_write(path, text.encode("utf-8"))
    return path
