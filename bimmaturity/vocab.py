"""Every Dutch label a person sees in a report, a table header, a legend or the index page.

One place for the words, so that a change of wording touches one line. Sentences stay with
the report section that writes them (:mod:`bimmaturity.present.sections`); the labels they
share live here.

Examples
--------
>>> POSITION_LABELS["koploper"], KEY_LABELS["population"], PROVINCE
('Koploper', 'Naar inwonertal', 'Provincie')
>>> REPORT_TITLES["50_businesscase"]
'Business case gezamenlijke ontwikkeling'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

__all__ = [
    "ALL_PROVINCES",
    "AMBITION",
    "ATTAINED",
    "BORDERLINE",
    "CHANGE",
    "CHART_NOT_LOADED",
    "CHART_TITLES",
    "CHART_WAITING",
    "COVERAGE",
    "CURRENT",
    "DEAL",
    "DEMAND",
    "ELEMENT",
    "EXAMPLE_MARKER",
    "FIGURE_LABELS",
    "GAP",
    "GROUP_OVERVIEWS",
    "GROUP_PROFILES",
    "INDEX_TITLE",
    "INDICATIVE",
    "INTERVAL",
    "ISSUE_HEADERS",
    "KEY_FINDINGS",
    "KEY_LABELS",
    "KEY_PHRASES",
    "KIND_WORDS",
    "LAB_WHATIF_INTRO",
    "LAB_WHATIF_LABELS",
    "LAB_WHATIF_RESET",
    "LAB_WHATIF_SHARES",
    "LAB_WHATIF_TITLE",
    "LAB_WHATIF_TOTAL_SAVING",
    "MEASURE_LABELS",
    "MEDIAN",
    "METHOD_TITLE",
    "MONEY_LABELS",
    "MONTHS",
    "MORE",
    "MOVEMENT",
    "MOVEMENT_LABELS",
    "NO",
    "NO_ANSWER",
    "OPPORTUNITY_SERIES",
    "OVERVIEW_LABELS",
    "PAGE_LABELS",
    "PART_LABELS",
    "POSITION",
    "POSITION_LABELS",
    "POSTER_LABELS",
    "PROBABILITY_LABELS",
    "PROVINCE",
    "RANK",
    "REMARK",
    "REPORT_HEADINGS",
    "REPORT_TEXTS",
    "REPORT_TITLES",
    "RESPONDENTS",
    "ROLE_PHRASES",
    "SEVERITY_LABELS",
    "STATED_ROLE",
    "SUPPLY",
    "TOTAL",
    "VERDICT_LABELS",
    "WHATIF_LABELS",
    "WORKBOOK_HEADERS",
    "WORKBOOK_SETTINGS",
    "WORKBOOK_SHEETS",
    "WORKBOOK_SHEET_NOTES",
    "WORKBOOK_TERMS",
    "WORKBOOK_TEXT",
    "YES",
    "OrgLabels",
    "org_text",
    "org_words",
    "plural",
]

# ---------------------------------------------------------------------------- organisations
KIND_WORDS: dict[str, dict[str, str]] = {
    "provincie": {
        "org": "provincie",
        "orgs": "provincies",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "provincieprofiel",
        "elke": "elke",
        "enkele": "enkele",
        "dezelfde": "dezelfde",
    },
    "gemeente": {
        "org": "gemeente",
        "orgs": "gemeenten",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "gemeenteprofiel",
        "elke": "elke",
        "enkele": "enkele",
        "dezelfde": "dezelfde",
    },
    "waterschap": {
        "org": "waterschap",
        "orgs": "waterschappen",
        "haar": "zijn",
        "zij": "het",
        "de": "het",
        "die": "dat",
        "profiel": "waterschapsprofiel",
        "elke": "elk",
        "enkele": "enkel",
        "dezelfde": "hetzelfde",
    },
    "organisatie": {
        "org": "organisatie",
        "orgs": "organisaties",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "organisatieprofiel",
        "elke": "elke",
        "enkele": "enkele",
        "dezelfde": "dezelfde",
    },
}
"""How a sentence names one kind of organisation (:data:`bimmaturity.organisations.KINDS`):
singular, plural, possessive and subject pronoun, article, relative pronoun, the name of
one organisation's profile report, and the words before the noun that follow its gender
(``elke provincie``, ``elk waterschap``; ``geen enkele``, ``geen enkel``; ``dezelfde``,
``hetzelfde``)."""


def org_words(kind: str | None = None) -> dict[str, str]:
    """The words for ``kind`` (default: the kind of the registry in use) as ``str.format``
    fields: ``{org}``, ``{orgs}`` and capitalised ``{Org}``, ``{Orgs}``; ``{haar}``, ``{zij}``,
    ``{de}``, ``{die}`` (and ``{Zij}``, ``{De}``) agree with the noun's gender, as do
    ``{elke}``, ``{enkele}``, ``{dezelfde}`` ("elk waterschap"), ``{deze}`` ("dit
    waterschap") and ``{e}``, an adjective's ending ("elk deelnemend{e} {org}"); ``{profiel}`` /
    ``{Profiel}`` name one organisation's profile report ("waterschapsprofiel").

    Examples
    --------
    >>> "Mediaan alle {orgs}".format(**org_words("gemeente"))
    'Mediaan alle gemeenten'
    >>> "{De} {org} en {haar} ambitie".format(**org_words("waterschap"))
    'Het waterschap en zijn ambitie'
    """
    if kind is None:
        from bimmaturity.organisations import organisation_kind

        kind = organisation_kind()
    words = dict(KIND_WORDS.get(kind, KIND_WORDS["organisatie"]))
    neuter = words["de"] == "het"  # het waterschap: dit waterschap, elk deelnemend waterschap
    words.setdefault("deze", "dit" if neuter else "deze")
    words.update({f"{k[0].upper()}{k[1:]}": v[0].upper() + v[1:] for k, v in list(words.items())})
    words.setdefault("e", "" if neuter else "e")  # an adjective's ending: enig{e} {org}
    return words


def plural(kind: str | None = None) -> str:
    """The plural of ``kind`` (default: the kind of the registry in use).

    Examples
    --------
    >>> plural("provincie"), plural("waterschap")
    ('provincies', 'waterschappen')
    """
    return org_words(kind)["orgs"]


_ORG_FIELD = re.compile(r"\{(\w+)\}")


def org_text(template: str, kind: str | None = None) -> str:
    """``template`` with only its organisation fields (``{org}``, ``{Orgs}``, ``{haar}``,
    ``{deze}``, ``{e}``, ... of :func:`org_words`) filled in for ``kind`` (default: the
    registry in use); other fields such as ``{name}`` stay for a later ``str.format``.

    Examples
    --------
    >>> org_text("Elk{e} deelnemend{e} {org} en {name}", "waterschap")
    'Elk deelnemend waterschap en {name}'
    >>> org_text("{Deze} {org} wil groeien; {zij} heeft {haar} ambitie", "provincie")
    'Deze provincie wil groeien; zij heeft haar ambitie'
    """
    words = org_words(kind)
    return _ORG_FIELD.sub(lambda match: words.get(match.group(1), match.group(0)), template)


class OrgLabels(Mapping[str, str]):
    """Labels that name the organisations: templates (with the fields of :func:`org_text`)
    that read, each time one is looked up, in the words of the registry in use. With the
    provinces they read as they always did.

    Examples
    --------
    >>> labels = OrgLabels({"alone": "als enig{e} {org}"})
    >>> labels["alone"], dict(labels)
    ('als enige provincie', {'alone': 'als enige provincie'})
    >>> labels.template("alone")
    'als enig{e} {org}'
    """

    def __init__(self, templates: Mapping[str, str]) -> None:
        self._templates = dict(templates)

    def __getitem__(self, key: str) -> str:
        return org_text(self._templates[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._templates)

    def __len__(self) -> int:
        return len(self._templates)

    def template(self, key: str) -> str:
        """The label ``key`` with its fields as written."""
        return self._templates[key]

    def __repr__(self) -> str:
        return f"OrgLabels({self._templates!r})"


# ---------------------------------------------------------------------------- column headers
PROVINCE = "Provincie"
ELEMENT = "Element"
CURRENT = "Huidig"
AMBITION = "Ambitie"
GAP = "Gat"
RESPONDENTS = "Respondenten"
INTERVAL = "90%-interval"
COVERAGE = "Dekking"
REMARK = "Opmerking"
RANK = "Rang"
DEAL = "Deal"
TOTAL = "Totaal"
CHANGE = "Verandering"
MOVEMENT = "Beweging"
ATTAINED = "Ambitie gehaald"
POSITION = "Positie"
STATED_ROLE = "Opgegeven rol"
DEMAND = "Vraag"
SUPPLY = "Aanbod"
YES = "ja"
NO = "nee"
NO_ANSWER = "geen antwoord"
"""A chart cell or tooltip of an element without answers (never ``null``)."""
OPPORTUNITY_SERIES: dict[tuple[str, bool], str] = {
    ("demand", True): "Vraag (willen aansluiten), kansrijk",
    ("supply", True): "Aanbod (koplopers die willen trekken of meedoen), kansrijk",
    ("demand", False): "Vraag, niet kansrijk",
    ("supply", False): "Aanbod, niet kansrijk",
}
"""The bars of the opportunity chart by measure and kansrijk, as its legend names them."""

# ---------------------------------------------------------------------------- measures
MEASURE_LABELS: dict[str, str] = {
    "current": "Huidige situatie",
    "ambition": "Ambitie",
    "gap": "Gat (ambitie - huidig)",
}
"""The measures of a score, as legends and chart titles name them."""

MEDIAN = "Mediaan alle {orgs}"
"""The median of all organisations beside one organisation's profile (fields of
:func:`org_text`)."""

ALL_PROVINCES = "Alle {orgs}"
"""The mean over all clustered organisations, beside each cluster (``str.format`` fields of
:func:`org_words`: ``Alle provincies``)."""

# ---------------------------------------------------------------------------- collaboration
POSITION_LABELS: dict[str, str] = {
    "koploper": "Koploper",
    "starter": "Starter",
    "middenveld": "Middenveld",
}
"""The positions of rule 8 (koploper, starter, middenveld), capitalised for legends."""

PART_LABELS: dict[str, str] = {"trekker": "Trekker", "volger": "Volger"}
"""A province's part in a joint deal."""

VERDICT_LABELS: dict[str, str] = {
    "robuust": "robuust",
    "onzeker": "onzeker",
    "wankel": "wankel",
}
"""How sure a proposed deal is (rule 8): robuust from 90% of the resamples, onzeker from 50%,
wankel below."""

BORDERLINE = "grensgeval"
"""A position (koploper, starter) held in more than 10% and less than 90% of the resamples."""

INDICATIVE = "indicatief"
"""A score resting on fewer than three respondents (no interval)."""

PROBABILITY_LABELS: dict[str, str] = {
    "p_koploper": "Kans koploper",
    "p_starter": "Kans starter",
    "p_kansrijk": "Kans kansrijk",
    "p_proposed": "Kans voorgesteld",
}
"""Column headers of the resampling probabilities (share of the resamples)."""

ROLE_PHRASES: dict[str, str] = {
    "trekken": "wil trekken",
    "meedoen": "wil meedoen",
    "volgen": "wil volgen",
    "niet": "geen interesse in samenwerking",
}
"""How a stated role reads in a sentence about a province."""

# ---------------------------------------------------------------------------- business case
KEY_LABELS: dict[str, str] = {
    "equal": "Gelijke delen",
    "population": "Naar inwonertal",
    "mixed": "Gemengd",
}
"""Dutch names of the cost-sharing keys, for tables and legends."""

KEY_PHRASES: dict[str, str] = {
    "equal": "bij verdeling in gelijke delen",
    "population": "bij verdeling naar inwonertal",
    "mixed": "bij gemengde verdeling (half gelijke delen, half naar inwonertal)",
}
"""The cost-sharing keys as Dutch phrases, for sentences."""

MONEY_LABELS: dict[str, str] = {
    "alone": "Volgers ieder voor zich",
    "joint": "Samen, incl. coördinatie",
}
"""The two ways of paying for an element: every follower alone (the koplopers already have it),
or one joint development."""

WHATIF_LABELS: dict[str, str] = {
    "overhead": "Coördinatiekosten (% van de gezamenlijke kosten) ",
    "years": "Jaren onderhoud ",
    "followers": "Volgers",
    "alone": "Ieder voor zich",
    "joint": "Samen",
    "saving": "Besparing",
    "break_even": "Loont vanaf (volgers)",
}
"""The what-if of the business case: the sliders (overhead, years) and the columns."""

# ---------------------------------------------------------------------------- figures
FIGURE_LABELS: Mapping[str, str] = OrgLabels(
    {
        "source": "Bron: zelfevaluaties {instrument}, {rounds}. Gemaakt op {date}.",
        "cluster": "Cluster {cluster}: gemiddeld gat naast het gemiddelde van alle {orgs}",
    }
)
"""Under every figure in ``reports/figures``: the source and date line (``str.format`` fields
instrument, its short title; rounds, ``meting 2020``; and date; on the example data
:data:`EXAMPLE_MARKER` follows); the title of one cluster's profile."""

# ---------------------------------------------------------------------------- progress
MOVEMENT_LABELS: dict[str, str] = {
    "gestegen": "gestegen",
    "gelijk": "geen duidelijke verandering",
    "gedaald": "gedaald",
}
"""The movement classes of progress (rule 12): a rise or a fall only when the change is at
least the threshold and its 90% interval excludes 0."""

# ---------------------------------------------------------------------------- data quality
SEVERITY_LABELS: dict[str, str] = {"error": "fout", "warning": "waarschuwing"}
"""Severities of the ingest issues."""

ISSUE_HEADERS: dict[str, str] = {
    "file": "Bestand",
    "sheet": "Blad",
    "cell": "Cel/rij",
    "severity": "Ernst",
    "message": "Melding",
}
"""Column headers of the ingest issues table."""

# ---------------------------------------------------------------------------- reports
REPORT_TITLES: dict[str, str] = {
    "10_provincieprofiel": "{Profiel}",
    "20_vergelijking": "Vergelijking van de {orgs}",
    "30_gapclusters": "Gapclusters: {orgs} met een vergelijkbaar ontwikkelprofiel",
    "40_samenwerking": "Samenwerking: koplopers, starters en gezamenlijke deals",
    "50_businesscase": "Business case gezamenlijke ontwikkeling",
    "60_voortgang": "Voortgang tussen metingen",
}
"""The title of each report (index page and browser tab), by notebook, with the fields of
:func:`org_words`; an organisation's profile title is followed by its name."""

GROUP_OVERVIEWS = "Overzichten"
GROUP_PROFILES = "{Profiel}en"
"""The groups of reports on the index page (fields of :func:`org_words`)."""

REPORT_HEADINGS: dict[str, str] = {
    "10_provincieprofiel": "{Profiel} {name}",
    "20_vergelijking": "Vergelijking van de {orgs}, meting {wave}",
    "30_gapclusters": "Gapclusters, meting {wave}",
    "40_samenwerking": "Samenwerking: koplopers, starters en gezamenlijke deals, meting {wave}",
    "50_businesscase": "Business case gezamenlijke ontwikkeling, meting {wave}",
    "60_voortgang": "Voortgang tussen meting {from_wave} en meting {to_wave}",
}
"""The heading at the top of each report page, by notebook (``str.format`` fields, with those
of :func:`org_words`)."""

# ---------------------------------------------------------------------------- index and method
INDEX_TITLE = "BIM-volwassenheid van de {orgs}"
"""The heading of the index page (``reports/index.html``; fields of :func:`org_text`)."""

METHOD_TITLE = "Verantwoording"
"""The method page (``reports/verantwoording.html``): how the numbers are made."""

KEY_FINDINGS = "Kernpunten"
MORE = "Verder"
"""Headings on the index page: the key findings, and the links to the method page, the tables,
the figures and the posters."""

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
"""The months, for dates people read (``30 november 2026``)."""

# ---------------------------------------------------------------------------- posters
EXAMPLE_MARKER = "Voorbeelddata - fictief"
"""The marker on everything made from the fictitious example data."""

POSTER_LABELS: Mapping[str, str] = OrgLabels(
    {
        "kicker": "BIM-volwassenheid · {instrument}",
        "wave": "Meting {wave}",
        "overall": "Gemiddeld niveau",
        "ambition": "Ambitie",
        "gap": "Gat",
        "chart": "Huidig niveau en ambitie per BIM-element",
        "strongest": "Sterkste elementen",
        "weakest": "Zwakste elementen",
        "lead": "Kan trekken (koploper)",
        "follow": "Kan volgen (starter)",
        "deals": "Doet mee aan deze voorgestelde deals",
        "no_scores": "Geen scores",
        "no_lead": "Geen element waarop {name} koploper is en wil trekken of meedoen.",
        "no_follow": "Geen element waarop {name} starter is.",
        "no_deals": "{name} doet niet mee aan de voorgestelde deals.",
        "idle": "Ook koploper bij {elements}, zonder opgegeven wens om te trekken of mee te doen.",
        "more": "en nog {n}",
        "with_names": "samen met {names}",
        "with_count": "samen met {n} andere {orgs}",
        "alone": "als enig{e} {org}",
        "verdict": "voorstel {verdict}",
        "partial": "Let op: {scored} van de {total} elementen hebben een score.",
        "rule": "Koploper: huidig niveau {leader} of hoger. Starter: een gat van {gap} of meer, "
        "zonder koploper te zijn.",
        "source": "Bron: zelfevaluaties {instrument}, meting {wave}; gemaakt op {date}.",
    }
)
"""The words on an organisation's A3 poster (``reports/posters/<naam>.pdf``)."""

# ---------------------------------------------------------------------------- people's workbook
WORKBOOK_SHEETS: dict[str, str] = {
    "scores": "Scores per element",
    "overall": "Totaalscore",
    "reliability": "Betrouwbaarheid",
    "roles": "Rollen en posities",
    "opportunities": "Kansrijke elementen",
    "clusters": "Gapclusters",
    "businesscase": "Business case",
    "shares": "Kostenverdeling",
    "progress": "Voortgang",
    "issues": "Meldingen bij inlezen",
}
"""The sheets of ``reports/tabellen.xlsx`` by result table (at most 31 characters each); the
first sheet is ``WORKBOOK_TEXT["notes"]``."""

WORKBOOK_SHEET_NOTES: Mapping[str, str] = OrgLabels(
    {
        "scores": "Per meting, {org} en element: het huidige niveau, de ambitie en het gat, met "
        "het aantal respondenten, het 90%-interval, de spreiding en de overeenstemming.",
        "overall": "Per meting en {org}: het gemiddelde over alle elementen.",
        "reliability": "Per meting en element: hoe goed de vragen van het element samen meten, en "
        "hoeveel de {orgs} verschillen.",
        "roles": "Per meting, {org} en element: de rol die {de} {org} zelf kiest en {haar} "
        "positie (koploper, starter of middenveld).",
        "opportunities": "Per meting en element: aanbod en vraag voor samenwerking, of het element "
        "kansrijk is en of het een voorgestelde deal is.",
        "clusters": "Per meting en {org}: de gapcluster (een groep {orgs} met een "
        "vergelijkbaar ontwikkelprofiel) en hoe stabiel die is.",
        "businesscase": "Per meting en element: wat ieder voor zich ontwikkelen kost tegenover "
        "samen ontwikkelen, de besparing en vanaf hoeveel volgers samen niet duurder is.",
        "shares": "Per meting, element, deelnemend{e} {org} en verdeelsleutel: {haar} aandeel in "
        "de gezamenlijke kosten en {haar} nettovoordeel.",
        "progress": "Per twee opeenvolgende metingen, {org} en element: de verandering van het "
        "huidige niveau en of de eerdere ambitie is gehaald.",
        "issues": "Elk probleem dat bij het inlezen van de bestanden is gevonden.",
    }
)
"""What each sheet of the workbook holds, on its first sheet (fields of :func:`org_text`)."""

WORKBOOK_HEADERS: Mapping[str, str] = OrgLabels(
    {
        "wave": "Meting",
        "from_wave": "Van meting",
        "to_wave": "Naar meting",
        "province": "{Org}code",
        "province_name": "{Org}",
        "element": "Elementcode",
        "element_name": ELEMENT,
        "current": CURRENT,
        "ambition": AMBITION,
        "gap": GAP,
        "n": RESPONDENTS,
        "lo": "Interval laag (90%)",
        "hi": "Interval hoog (90%)",
        "spread": "Spreiding",
        "rwg": "Overeenstemming",
        "level": "Bereikt niveau",
        "level_name": "Naam niveau",
        "flag": REMARK,
        "coverage": COVERAGE,
        "alpha": "Betrouwbaarheid (alfa)",
        "n_complete": "Respondenten alfa",
        "icc1": "Verschil tussen {orgs} (ICC1)",
        "stated_role": STATED_ROLE,
        "position": POSITION,
        **PROBABILITY_LABELS,
        "supply": SUPPLY,
        "demand": DEMAND,
        "mean_gap": "Gemiddeld gat",
        "kansrijk": "Kansrijk",
        "rank": RANK,
        "proposed": "Voorgestelde deal",
        "cluster": "Cluster",
        "stability": "Stabiliteit",
        "participants": "Deelnemers",
        "alone": MONEY_LABELS["alone"],
        "joint": MONEY_LABELS["joint"],
        "saving": "Besparing",
        "break_even": "Loont vanaf (volgers)",
        "saving_low": "Besparing laag",
        "saving_high": "Besparing hoog",
        "key": "Verdeelsleutel",
        "share": "Aandeel in de kosten",
        "net_benefit": "Nettovoordeel",
        "change": CHANGE,
        "ambition_attained": ATTAINED,
        "change_lo": "Interval laag (90%)",
        "change_hi": "Interval hoog (90%)",
        **ISSUE_HEADERS,
    }
)
"""Column headers of the workbook, by column of the result tables (plus the names added beside
the codes: ``province_name``, ``element_name``, ``level_name``), in the words of the registry
in use (``Gemeentecode``, ``Gemeente``)."""

WORKBOOK_TERMS: tuple[tuple[str, str], ...] = (
    (
        "Niveau",
        "De schaal loopt van {scale}. Huidig, Ambitie en Gat zijn gemiddelden op die "
        "schaal. Ze staan afgerond op één decimaal; de cel bevat het precieze getal.",
    ),
    (
        "Huidig en Ambitie",
        "Het gemiddelde van de antwoorden van de respondenten van een "
        "{org}: hoe ver {zij} nu is en waar {zij} naartoe wil.",
    ),
    ("Gat", "Ambitie min huidig. Positief: {de} {org} wil op dit element groeien."),
    ("Bereikt niveau", "Het hele niveau onder de score: 2,99 is niveau 2, 3,00 is niveau 3."),
    (
        "Interval (90%)",
        "Tussen Interval laag en Interval hoog ligt met 90% zekerheid de echte "
        "waarde. Alleen bij minstens 3 respondenten; met minder is een score indicatief.",
    ),
    (
        "Overeenstemming",
        "Hoe eens de respondenten het zijn, van 0 (niet meer dan toeval) tot 1 "
        "(helemaal eens). Onder 0,7 zijn ze het oneens en verbergt het gemiddelde dat.",
    ),
    (
        "Alfa en ICC1",
        "Alfa: of de vragen van een element hetzelfde meten (vanaf 0,7 goed). "
        "ICC1: welk deel van de verschillen tussen respondenten tussen de {orgs} ligt.",
    ),
    ("Koploper", "Een {org} met een huidig niveau van minstens {leader_level}."),
    ("Starter", "Een {org} met een gat van minstens {gap_threshold} {die} geen koploper is."),
    ("Middenveld", "{Elke} ander{e} {org} met een score."),
    (
        "Aanbod en Vraag",
        "Aanbod: koplopers die willen trekken of meedoen. Vraag: {orgs} met "
        "een gat van minstens {gap_threshold} die willen trekken, meedoen of volgen.",
    ),
    (
        "Kansrijk",
        "Een element met minstens 1 aanbieder en een vraag van minstens {min_demand}: "
        "geschikt om samen te ontwikkelen.",
    ),
    (
        "Voorgestelde deal",
        "De eerste {n_deals} kansrijke elementen in de rangorde (op vraag, "
        "dan aanbod, dan gemiddeld gat).",
    ),
    (
        "Kans",
        "Het deel van {resamples} herhalingen met opnieuw getrokken respondenten waarin de "
        "{org} koploper of starter is, of het element kansrijk of voorgesteld. Leeg als dat "
        "niet is berekend.",
    ),
    (
        "Stabiliteit",
        "Hoe goed de gapcluster terugkomt als de indeling wordt herhaald met "
        "opnieuw getrokken respondenten, van 0 tot 1. Onder 0,6 is de cluster niet stabiel.",
    ),
    (
        "Bedragen",
        "In euro's, contante waarde met {years} jaar onderhoud (discontovoet "
        "{discount} per jaar). Samen ontwikkelen rekent {overhead} coördinatiekosten mee.",
    ),
    (
        "Verdeelsleutel",
        "Hoe de gezamenlijke kosten worden verdeeld: gelijke delen, naar "
        "inwonertal, of gemengd (het gemiddelde van die twee).",
    ),
    ("ja / nee", "Kansrijk, Voorgestelde deal en Ambitie gehaald staan als ja of nee."),
    (
        "Codes",
        "{Org}code is de {code_source} ({first} tot {last}), Elementcode de "
        "code uit de vragenlijst. De naam staat ernaast.",
    ),
    (
        "Lege cel",
        "Geen waarde: niet te berekenen (bijvoorbeeld te weinig respondenten) of niet "
        "van toepassing.",
    ),
)
"""The terms explained on the first sheet: (term, meaning); ``str.format`` fields take the
analysis options, the scale, the words of :func:`org_words`, and the registry's first and last
organisation (``first``, ``last``: code and name) with where its codes come from
(``code_source``: :data:`WORKBOOK_TEXT` ``cbs_code`` for the provinces, else
``registry_code``)."""

WORKBOOK_SETTINGS: Mapping[str, str] = OrgLabels(
    {
        "leader_level": "Niveau vanaf waar een {org} koploper is",
        "gap_threshold": "Gat vanaf waar een {org} starter is",
        "min_demand": "Minimale vraag voor een kansrijk element",
        "n_deals": "Aantal voorgestelde deals",
        "clusters": "Aantal gapclusters",
        "overhead": "Coördinatiekosten bij samen ontwikkelen",
        "years": "Jaren onderhoud",
        "discount": "Discontovoet per jaar",
        "cost_key": "Verdeelsleutel in de rapportages",
        "resamples": "Herhalingen voor de kansen",
    }
)
"""The analysis options as the first sheet of the workbook lists them."""

WORKBOOK_TEXT: Mapping[str, str] = OrgLabels(
    {
        "notes": "Toelichting",
        "title": "Resultaten zelfevaluatie BIM-volwassenheid van de {orgs}",
        "example": "Voorbeelddata - fictief. Deze tabellen tonen een verzonnen voorbeeldset, niet "
        "de zelfevaluaties van de {orgs}.",
        "rounds": "Metingen in dit bestand",
        "reported": "Rapportages over meting",
        "built": "Gemaakt op",
        "about": "Over dit bestand",
        "about_text": "Elk blad is één tabel: een regel per uitkomst, met een filter op de "
        "kopregel. Getallen zijn echte getallen; ze staan afgerond, maar rekenen met de precieze "
        "waarde. De tabellen bevatten alle metingen; de kolom Meting houdt ze uit elkaar.",
        "sheets": "Bladen",
        "sheet": "Blad",
        "contents": "Inhoud",
        "rows": "Rijen",
        "terms": "Begrippen",
        "term": "Begrip",
        "meaning": "Betekenis",
        "settings": "Instellingen van de analyse",
        "setting": "Instelling",
        "value": "Waarde",
        "clusters_chosen": "gekozen op silhouet",
        "cbs_code": "CBS-code",
        "registry_code": "code uit het register",
    }
)
"""The words of the workbook's first sheet (``Toelichting``; fields of :func:`org_text`)."""

# ---------------------------------------------------------------------------- report pages
PAGE_LABELS: dict[str, str] = {
    "back": "← Alle rapportages",
    "contents": "Inhoud",
    "figure": "Figuur",
    "table": "Tabel",
    "round": "meting {wave}",
    "rounds": "meting {from_wave} en meting {to_wave}",
    "built": "gemaakt op {date}",
    "page": "pagina {page} van {pages}",
}
"""The furniture of every report page: the link back to the index, the contents list, the
numbers of figures and tables, and the footer (report name, round, date) on every printed
page."""

# ---------------------------------------------------------------------------- JupyterLab
CHART_WAITING = "Grafiek wordt geladen…"
CHART_NOT_LOADED = (
    "De grafiek kon niet worden geladen: voer de eerste cel van de notebook (theme.setup) "
    "opnieuw uit, of vertrouw de notebook (Trust Notebook)."
)
"""What a chart shows in JupyterLab while its JavaScript loads, and when it never does."""

# ---------------------------------------------------------------------------- what-if (JupyterLab)
LAB_WHATIF_TITLE = "Wat als? Probeer andere aannames"
LAB_WHATIF_INTRO = (
    "Verschuif een regelaar: de deals, besparingen en aandelen hieronder worden opnieuw "
    "berekend voor deze meting (zonder herhaalde steekproeven). De rapportages zelf blijven "
    "rekenen met de instellingen van de build."
)
LAB_WHATIF_RESET = "Terug naar de instellingen van de notebook"
LAB_WHATIF_TOTAL_SAVING = "Totale besparing van de voorgestelde deals: {amount}"
LAB_WHATIF_SHARES = "Aandeel en netto voordeel per deal en {org}"
LAB_WHATIF_LABELS: dict[str, str] = {
    "leader_level": "Niveau koploper (vanaf)",
    "gap_threshold": "Gat starter (vanaf)",
    "min_demand": "Minimale vraag",
    "n_deals": "Aantal deals",
    "overhead": "Coördinatiekosten (aandeel)",
    "years": "Jaren onderhoud",
    "cost_key": "Verdeelsleutel",
}
"""The what-if controls in JupyterLab (:mod:`bimmaturity.present.whatif`): title, explanation,
reset button, the total saving (``str.format`` field ``amount``), the shares heading (fields
of :func:`org_text`; also a heading of notebook 50) and the labels of the options' controls."""


# ---------------------------------------------------------------------------- overview reports
OVERVIEW_LABELS = OrgLabels(
    {
        "org": "{Org}",
        "orgs": "{Orgs}",
        "count": "Aantal {orgs}",
        "level": "Niveau",
        "wave": "Meting",
        "clusters": "Aantal clusters",
        "silhouette": "Gemiddeld silhouet",
        "cluster": "Cluster",
        "imputed": "Aangevuld",
        "group": "Groep",
        "mean_gap": "Gemiddeld gat",
        "certainty": "Zekerheid",
        "measure": "Maat",
        "kansrijk": "Kansrijk",
        "earlier": "Eerdere meting",
        "later": "Latere meting",
        "earlier_ambition": "Eerdere ambitie",
        "alone": "Kosten ieder voor zich",
        "saving": "Besparing",
        "overhead": "Coördinatiekosten",
        "followers": "Volgers per deal",
        "year": "Jaar",
        "budget": "Budget",
    }
)
"""Tooltips, axis titles and table headers of the overview reports (notebooks 20 to 60);
the organisation's words follow the registry in use (:class:`OrgLabels`)."""

CHART_TITLES = OrgLabels(
    {
        "measure": "{measure} per {org} en element",
        "ranking": "{Orgs} naar gemiddeld volwassenheidsniveau",
        "gap_clusters": "Gat per {org} en element, gegroepeerd per cluster",
        "cluster_profiles": "Gemiddeld gat per cluster, naast het gemiddelde van alle {orgs}",
        "positions": "Positie en opgegeven rol per {org} en element",
        "progress": "Verandering van de huidige situatie per {org} en element",
        "slope": "Gemiddeld volwassenheidsniveau per {org}, meting {from_wave} en {to_wave}",
    }
)
"""Titles of the overview charts that name the organisations (:class:`OrgLabels`); some keep
``str.format`` fields ``measure`` (a :data:`MEASURE_LABELS` value), ``from_wave`` and
``to_wave``."""

REPORT_TEXTS: dict[str, OrgLabels] = {
    "20_vergelijking": OrgLabels(
        {
            "current": "## Huidige situatie per {org} en element",
            "gap": (
                "## Gat tussen ambitie en huidige situatie\n"
                "\n"
                "Hoe donkerder, hoe groter de ambitie ten opzichte van de huidige situatie: daar "
                "wil een {org} groeien."
            ),
            "ranking": (
                "## Gemiddeld volwassenheidsniveau per {org}\n"
                "\n"
                "Het gewogen gemiddelde over de elementen, met een 90%-interval (streep) voor "
                "{orgs} met minstens drie respondenten. Hoe langer de streep, hoe onzekerder de "
                "plaats in de rangorde."
            ),
            "method": (
                "## Methode\n"
                "\n"
                "De score van een {org} op een element is het gemiddelde van de scores van {haar} "
                "respondenten. Het 90%-interval is een Student-t-interval: het gemiddelde plus en "
                "min t keer de spreiding tussen de respondenten gedeeld door de wortel uit hun "
                "aantal, begrensd tot de schaal van het instrument. Een bootstrap (opnieuw trekken "
                "van respondenten) geeft bij drie tot acht respondenten te smalle intervallen en "
                "wordt daarom niet gebruikt. Bij minder dan drie respondenten is er geen interval "
                "en heet de score *indicatief*. Het interval van het gemiddelde niveau hierboven "
                "is op dezelfde manier berekend, over de gemiddelde scores van de respondenten (de "
                "rekenregels geven intervallen alleen per element; dit is de overeenkomstige "
                "lezing voor het gemiddelde).\n"
                "\n"
                "Overlappen de intervallen van twee {orgs}, dan is het verschil tussen hen niet "
                "met zekerheid te zeggen. Andersom bewijzen twee afzonderlijke intervallen die "
                "elkaar niet overlappen nog geen verschil: de rangorde blijft een indicatie, geen "
                "toets.\n"
                "\n"
                "De overeenstemming tussen de respondenten van een {org} (rwg) is alleen berekend "
                "vanaf drie respondenten; met twee respondenten lijkt zelfs toeval vaak op "
                "overeenstemming.\n"
                "\n"
                "### Betrouwbaarheid van de vragenlijst\n"
                "\n"
                "Cronbach's alfa is berekend *binnen* de {orgs}: op de afwijking van elk antwoord "
                "van het gemiddelde van {de} eigen {org}. Over alle respondenten samen zou alfa "
                "hoog uitvallen alleen doordat {orgs} van elkaar verschillen. ICC(1) meet juist "
                "dat verschil tussen {orgs}: welk deel van de verschillen tussen respondenten een "
                "verschil tussen {orgs} is."
            ),
        }
    ),
    "30_gapclusters": OrgLabels(
        {
            "intro": (
                "{Orgs} met een vergelijkbaar *gapprofiel* willen op dezelfde BIM-elementen "
                "groeien: het gat tussen ambitie en huidige situatie is bij hen op dezelfde "
                "elementen groot of klein. Zulke {orgs} kunnen samen optrekken. Het gapprofiel "
                "hangt wel samen met hoe ver een {org} al is: wie al hoog staat, heeft weinig "
                "ruimte voor een gat. Is een cluster precies de groep meest volwassen {orgs}, dan "
                "staat dat bij het cluster."
            ),
            "silhouette": (
                "## Hoeveel clusters?\n"
                "\n"
                "Voor elk mogelijk aantal clusters is berekend hoe goed de {orgs} bij hun eigen "
                "cluster passen (het gemiddelde silhouet, van -1 tot 1; hoger is beter). Het "
                "gebruikte aantal is gemarkeerd."
            ),
            "profiles": (
                "## Gapprofielen per cluster\n"
                "\n"
                "Het gat (ambitie min huidige situatie) per {org} en element. {Orgs} van één "
                "cluster staan bij elkaar; binnen een cluster staan de {orgs} met de meest gelijke "
                "profielen naast elkaar. Hoe donkerder, hoe groter het gat."
            ),
            "character": (
                "## Wat kenmerkt elk cluster?\n"
                "\n"
                "Per element het gemiddelde gat van elk cluster, naast het gemiddelde van alle "
                "{orgs} (grijs streepje). Ligt een cluster rechts van het grijze streepje, dan "
                "willen zijn {orgs} daar meer groeien dan gemiddeld."
            ),
            "stability": (
                "## Leden en stabiliteit\n"
                "\n"
                "De stabiliteit komt uit herhaalde steekproeven: de respondenten binnen {elke} "
                "{org} worden opnieuw getrokken, de gaten opnieuw berekend en de {orgs} opnieuw "
                "geclusterd, met het aantal clusters telkens opnieuw gekozen. Per cluster is de "
                "stabiliteit de gemiddelde overeenkomst (Jaccard, van 0 tot 1) met het best "
                "passende cluster in die steekproeven. Vanaf 0,75 heet een cluster stabiel, vanaf "
                "0,6 redelijk stabiel; onder 0,6 is het niet stabiel en hangt de indeling af van "
                "enkele respondenten. Stabiliteit geldt altijd voor de gebruikte indeling (het "
                "aantal clusters hierboven)."
            ),
            "method": (
                "## Werkwijze\n"
                "\n"
                "De {orgs} zijn gegroepeerd op hun gaten over alle elementen (hiërarchisch "
                "clusteren volgens Ward, euclidische afstand, gaten niet geschaald). Het aantal "
                "clusters is het aantal tussen 2 en 6 met het hoogste gemiddelde silhouet, tenzij "
                "het als parameter is opgegeven. Clusters zijn genummerd van het grootste naar het "
                "kleinste gemiddelde gat. Een ontbrekend gat is vervangen door het gemiddelde gat "
                "van de andere {orgs} op dat element. Wat de clusters volgen: het gat is ambitie "
                "min huidige situatie, dus {orgs} die al ver zijn hebben vanzelf kleinere gaten; "
                "een cluster van de meest volwassen {orgs} zegt vooral dat zij al ver zijn."
            ),
        }
    ),
    "40_samenwerking": OrgLabels(
        {
            "positions": (
                "## Koplopers, starters en opgegeven rollen\n"
                "\n"
                "Per {org} en element de positie (kleur) en de rol die {de} {org} zelf opgaf voor "
                "gezamenlijke ontwikkeling (symbool). {Orgs} staan op volgorde van hun gemiddelde "
                "huidige niveau, de hoogste bovenaan."
            ),
            "opportunities": (
                "## Kansen voor samenwerking\n"
                "\n"
                "*Vraag*: het aantal {orgs} met een groot gat dat wil trekken, meedoen of volgen. "
                "*Aanbod*: het aantal koplopers dat wil trekken of meedoen. De elementen staan in "
                "volgorde van vraag, dan aanbod, dan het gemiddelde gat; de stippellijn is de "
                "minimale vraag voor een kansrijk element."
            ),
            "deals": (
                "## Voorgestelde gezamenlijke deals\n"
                "\n"
                "Per voorgestelde deal de {orgs} die kunnen trekken (koplopers die willen trekken "
                "of meedoen) en de {orgs} die willen aansluiten (een groot gat en bereid te "
                "trekken, mee te doen of te volgen). Hoe vast een deal staat, blijkt uit herhaalde "
                "steekproeven van respondenten (binnen {elke} {org} opnieuw getrokken): *robuust* "
                "als de deal in minstens 90% ervan opnieuw wordt voorgesteld, *onzeker* vanaf 50%, "
                "*wankel* daaronder. Een *grensgeval* is een {org} {die} in meer dan 10% en minder "
                "dan 90% van de steekproeven koploper of starter is; *indicatief* een positie die "
                "rust op minder dan drie respondenten."
            ),
        }
    ),
    "60_voortgang": OrgLabels(
        {
            "change": (
                "## Verandering per {org} en element\n"
                "\n"
                "Het verschil in huidige situatie tussen de twee metingen, in niveaus: blauw is "
                "hoger, rood lager. Of een verschil een echte stijging of daling is, hangt af van "
                "het 90%-interval (in de tooltip): alleen als dat 0 uitsluit. Een ✓ betekent dat "
                "{de} {org} op dat element nu de ambitie heeft bereikt die {zij} in de eerdere "
                "meting opgaf."
            ),
            "attained": "## Ambitie gehaald, stijgers en blijvers per {org}",
            "overall": (
                "## Gemiddeld volwassenheidsniveau per {org}\n"
                "\n"
                "Het gewogen gemiddelde over de elementen, in beide metingen; elke lijn is een "
                "{org}. Gestegen of gedaald alleen als het 90%-interval van de verandering 0 "
                "uitsluit."
            ),
        }
    ),
    "10_provincieprofiel": OrgLabels(
        {
            "chart": (
                "## Huidige situatie en ambitie per element\n"
                "\n"
                "Per BIM-element de huidige situatie (gemiddelde van de respondenten, met een "
                "90%-interval waar minstens drie respondenten antwoordden) en de ambitie, naast "
                "de mediaan van alle {orgs}."
            ),
        }
    ),
    "50_businesscase": OrgLabels(
        {
            "costs": (
                "## Kosten per element: ieder voor zich of samen\n"
                "\n"
                "Per BIM-element wat de volgers samen kwijt zijn als ieder voor zich ontwikkelt, "
                "naast de kosten van één gezamenlijke ontwikkeling (inclusief coördinatie, "
                "onderhoud en de invoeringskosten van alle deelnemers). De koplopers hebben het "
                "element al en tellen aan de kant van ieder voor zich niet mee. Deelnemers zijn "
                "de {orgs} met een gat tussen ambitie en huidige situatie die willen trekken, "
                "meedoen of volgen. Vetgedrukt: de voorgestelde deals."
            ),
            "shares": (
                "## Verdeling van de kosten over de {orgs}\n"
                "\n"
                "Hoe de gezamenlijke kosten van de voorgestelde deals over de deelnemers worden "
                "verdeeld: in gelijke delen, naar inwonertal, of gemengd (het gemiddelde van die "
                "twee). Het netto voordeel van een volger is wat {zij} alleen kwijt zou zijn, min "
                "{haar} aandeel in de gezamenlijke kosten. Een koploper heeft het element al: die "
                "brengt kennis in en betaalt mee, dus {haar} netto voordeel in geld is min {haar} "
                "aandeel; {haar} winst (gedeeld onderhoud, kennis van anderen) is niet in geld "
                "uitgedrukt."
            ),
            "shares_detail": "### Aandeel en netto voordeel per deal en {org}",
            "method": (
                "## Toelichting op de berekening\n"
                "\n"
                "- **Deelnemers** aan een element zijn de {orgs} met een gat (ambitie hoger dan "
                "de huidige situatie) die willen trekken, meedoen of volgen. Onder hen zijn de "
                "**koplopers** (die het element al hebben) en de **volgers**.\n"
                "- **Ieder voor zich**: elke volger betaalt zelf de eenmalige ontwikkelkosten en "
                "het jaarlijkse onderhoud over de looptijd. Een koploper heeft het al en zou "
                "niets uitgeven.\n"
                "- **Samen**: één gezamenlijke ontwikkeling met onderhoud over de looptijd, "
                "verhoogd met de coördinatiekosten (een percentage van de gezamenlijke kosten), "
                "plus de invoeringskosten van elke deelnemer.\n"
                "- **Onderhoud** in latere jaren is contant gemaakt met de reële discontovoet "
                "(standaard 2,25% per jaar, zoals in Nederlandse kosten-batenanalyses).\n"
                "- **Besparing** is ieder voor zich min samen, met een **bandbreedte** uit de "
                "lage en hoge schattingen van de kostentabel; **loont vanaf** is het kleinste "
                "aantal volgers waarbij de besparing niet negatief is. In de zinnen zijn bedragen "
                "afgerond; de tabellen geven hele euro's.\n"
                "- **Verdeelsleutels**: gelijke delen (ieder 1 gedeeld door het aantal "
                "deelnemers), naar inwonertal (het aandeel van {de} {org} in het inwonertal van "
                "de deelnemers, {size_source}) en gemengd (het gemiddelde van die twee).\n"
                "- De kostenaannames komen uit de kostentabel (kosten.xlsx of kosten.csv). De "
                "rekentabellen in tabellen.xlsx bevatten de onafgeronde bedragen."
            ),
            "size_provinces": "2024",
            "size_registry": "zoals het register van de {orgs} het geeft",
        }
    ),
}
"""The explanations between the charts of the report notebooks (Markdown, with their
``##`` headings), by notebook and part, in the words of the registry in use
(:class:`OrgLabels`). The notebooks show them through ``section_text`` of their section
module."""
