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

__all__ = [
    "ALL_PROVINCES",
    "AMBITION",
    "ATTAINED",
    "BORDERLINE",
    "CHANGE",
    "CHART_NOT_LOADED",
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
    },
    "gemeente": {
        "org": "gemeente",
        "orgs": "gemeenten",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "gemeenteprofiel",
    },
    "waterschap": {
        "org": "waterschap",
        "orgs": "waterschappen",
        "haar": "zijn",
        "zij": "het",
        "de": "het",
        "die": "dat",
        "profiel": "waterschapsprofiel",
    },
    "organisatie": {
        "org": "organisatie",
        "orgs": "organisaties",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "organisatieprofiel",
    },
}
"""How a sentence names one kind of organisation (:data:`bimmaturity.organisations.KINDS`):
singular, plural, possessive and subject pronoun, article, relative pronoun, and the name of
one organisation's profile report."""


def org_words(kind: str | None = None) -> dict[str, str]:
    """The words for ``kind`` (default: the kind of the registry in use) as ``str.format``
    fields: ``{org}``, ``{orgs}`` and capitalised ``{Org}``, ``{Orgs}``; ``{haar}``, ``{zij}``,
    ``{de}``, ``{die}`` (and ``{Zij}``, ``{De}``) agree with the noun's gender; ``{profiel}`` /
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
    words.update({f"{k[0].upper()}{k[1:]}": v[0].upper() + v[1:] for k, v in list(words.items())})
    return words


def plural(kind: str | None = None) -> str:
    """The plural of ``kind`` (default: the kind of the registry in use).

    Examples
    --------
    >>> plural("provincie"), plural("waterschap")
    ('provincies', 'waterschappen')
    """
    return org_words(kind)["orgs"]


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

MEDIAN = "Mediaan alle provincies"
"""The all-province median beside one province's profile."""

ALL_PROVINCES = "Alle provincies"
"""The mean over all clustered provinces, beside each cluster."""

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
FIGURE_LABELS: dict[str, str] = {
    "source": "Bron: zelfevaluaties {instrument}, {rounds}. Gemaakt op {date}.",
    "cluster": "Cluster {cluster}: gemiddeld gat naast het gemiddelde van alle provincies",
}
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
INDEX_TITLE = "BIM-volwassenheid van de provincies"
"""The heading of the index page (``reports/index.html``)."""

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

POSTER_LABELS: dict[str, str] = {
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
    "with_count": "samen met {n} andere provincies",
    "alone": "als enige provincie",
    "verdict": "voorstel {verdict}",
    "partial": "Let op: {scored} van de {total} elementen hebben een score.",
    "rule": "Koploper: huidig niveau {leader} of hoger. Starter: een gat van {gap} of meer, "
    "zonder koploper te zijn.",
    "source": "Bron: zelfevaluaties {instrument}, meting {wave}; gemaakt op {date}.",
}
"""The words on a province's A3 poster (``reports/posters/<provincie>.pdf``)."""

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

WORKBOOK_SHEET_NOTES: dict[str, str] = {
    "scores": "Per meting, provincie en element: het huidige niveau, de ambitie en het gat, met "
    "het aantal respondenten, het 90%-interval, de spreiding en de overeenstemming.",
    "overall": "Per meting en provincie: het gemiddelde over alle elementen.",
    "reliability": "Per meting en element: hoe goed de vragen van het element samen meten, en "
    "hoeveel de provincies verschillen.",
    "roles": "Per meting, provincie en element: de rol die de provincie zelf kiest en haar "
    "positie (koploper, starter of middenveld).",
    "opportunities": "Per meting en element: aanbod en vraag voor samenwerking, of het element "
    "kansrijk is en of het een voorgestelde deal is.",
    "clusters": "Per meting en provincie: de gapcluster (een groep provincies met een "
    "vergelijkbaar ontwikkelprofiel) en hoe stabiel die is.",
    "businesscase": "Per meting en element: wat ieder voor zich ontwikkelen kost tegenover samen "
    "ontwikkelen, de besparing en vanaf hoeveel volgers samen niet duurder is.",
    "shares": "Per meting, element, deelnemende provincie en verdeelsleutel: haar aandeel in de "
    "gezamenlijke kosten en haar nettovoordeel.",
    "progress": "Per twee opeenvolgende metingen, provincie en element: de verandering van het "
    "huidige niveau en of de eerdere ambitie is gehaald.",
    "issues": "Elk probleem dat bij het inlezen van de bestanden is gevonden.",
}
"""What each sheet of the workbook holds, on its first sheet."""

WORKBOOK_HEADERS: dict[str, str] = {
    "wave": "Meting",
    "from_wave": "Van meting",
    "to_wave": "Naar meting",
    "province": "Provinciecode",
    "province_name": PROVINCE,
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
    "icc1": "Verschil tussen provincies (ICC1)",
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
"""Column headers of the workbook, by column of the result tables (plus the names added beside
the codes: ``province_name``, ``element_name``, ``level_name``)."""

WORKBOOK_TERMS: tuple[tuple[str, str], ...] = (
    (
        "Niveau",
        "De schaal loopt van {scale}. Huidig, Ambitie en Gat zijn gemiddelden op die "
        "schaal. Ze staan afgerond op één decimaal; de cel bevat het precieze getal.",
    ),
    (
        "Huidig en Ambitie",
        "Het gemiddelde van de antwoorden van de respondenten van een "
        "provincie: hoe ver zij nu is en waar zij naartoe wil.",
    ),
    ("Gat", "Ambitie min huidig. Positief: de provincie wil op dit element groeien."),
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
        "ICC1: welk deel van de verschillen tussen respondenten tussen de provincies ligt.",
    ),
    ("Koploper", "Een provincie met een huidig niveau van minstens {leader_level}."),
    ("Starter", "Een provincie met een gat van minstens {gap_threshold} die geen koploper is."),
    ("Middenveld", "Elke andere provincie met een score."),
    (
        "Aanbod en Vraag",
        "Aanbod: koplopers die willen trekken of meedoen. Vraag: provincies met "
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
        "provincie koploper of starter is, of het element kansrijk of voorgesteld. Leeg als dat "
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
        "Provinciecode is de CBS-code (PV20 Groningen tot PV31 Limburg), Elementcode de "
        "code uit de vragenlijst. De naam staat ernaast.",
    ),
    (
        "Lege cel",
        "Geen waarde: niet te berekenen (bijvoorbeeld te weinig respondenten) of niet "
        "van toepassing.",
    ),
)
"""The terms explained on the first sheet: (term, meaning); ``str.format`` fields take the
analysis options and the scale."""

WORKBOOK_SETTINGS: dict[str, str] = {
    "leader_level": "Niveau vanaf waar een provincie koploper is",
    "gap_threshold": "Gat vanaf waar een provincie starter is",
    "min_demand": "Minimale vraag voor een kansrijk element",
    "n_deals": "Aantal voorgestelde deals",
    "clusters": "Aantal gapclusters",
    "overhead": "Coördinatiekosten bij samen ontwikkelen",
    "years": "Jaren onderhoud",
    "discount": "Discontovoet per jaar",
    "cost_key": "Verdeelsleutel in de rapportages",
    "resamples": "Herhalingen voor de kansen",
}
"""The analysis options as the first sheet of the workbook lists them."""

WORKBOOK_TEXT: dict[str, str] = {
    "notes": "Toelichting",
    "title": "Resultaten zelfevaluatie BIM-volwassenheid van de provincies",
    "example": "Voorbeelddata - fictief. Deze tabellen tonen een verzonnen voorbeeldset, niet "
    "de zelfevaluaties van de provincies.",
    "rounds": "Metingen in dit bestand",
    "reported": "Rapportages over meting",
    "built": "Gemaakt op",
    "about": "Over dit bestand",
    "about_text": "Elk blad is één tabel: een regel per uitkomst, met een filter op de kopregel. "
    "Getallen zijn echte getallen; ze staan afgerond, maar rekenen met de precieze waarde. De "
    "tabellen bevatten alle metingen; de kolom Meting houdt ze uit elkaar.",
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
}
"""The words of the workbook's first sheet (``Toelichting``)."""

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
LAB_WHATIF_SHARES = "Aandeel en netto voordeel per deal en provincie"
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
reset button, the total saving (``str.format`` field ``amount``), the shares heading and the
labels of the options' controls."""
