"""The labels a report, a table, a legend, a poster or the index page shows: column headers,
positions, roles, money, report titles and page furniture (:mod:`bimmaturity.vocab`)."""

from __future__ import annotations

from collections.abc import Mapping

from bimmaturity.vocab.words import OrgLabels

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
    "YES",
]

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
