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
    "COVERAGE",
    "CURRENT",
    "DEAL",
    "DEMAND",
    "ELEMENT",
    "GAP",
    "GROUP_OVERVIEWS",
    "GROUP_PROFILES",
    "INDICATIVE",
    "INTERVAL",
    "ISSUE_HEADERS",
    "KEY_LABELS",
    "MEASURE_LABELS",
    "MEDIAN",
    "MONEY_LABELS",
    "MOVEMENT",
    "MOVEMENT_LABELS",
    "NO",
    "PART_LABELS",
    "POSITION",
    "POSITION_LABELS",
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

MONEY_LABELS: dict[str, str] = {
    "alone": "Volgers ieder voor zich",
    "joint": "Samen, incl. coördinatie",
}
"""The two ways of paying for an element: every follower alone (the koplopers already have it),
or one joint development."""

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
    "10_provincieprofiel": "Provincieprofiel",
    "20_vergelijking": "Vergelijking van de provincies",
    "30_gapclusters": "Gapclusters: provincies met een vergelijkbaar ontwikkelprofiel",
    "40_samenwerking": "Samenwerking: koplopers, starters en gezamenlijke deals",
    "50_businesscase": "Business case gezamenlijke ontwikkeling",
    "60_voortgang": "Voortgang tussen metingen",
}
"""The title of each report (index page and browser tab), by notebook; a province profile's
title is followed by the province's name."""

GROUP_OVERVIEWS = "Overzichten"
GROUP_PROFILES = "Provincieprofielen"
"""The groups of reports on the index page."""

REPORT_HEADINGS: dict[str, str] = {
    "10_provincieprofiel": "Provincieprofiel {name}",
    "20_vergelijking": "Vergelijking van de provincies, meting {wave}",
    "30_gapclusters": "Gapclusters, meting {wave}",
    "40_samenwerking": "Samenwerking: koplopers, starters en gezamenlijke deals, meting {wave}",
    "50_businesscase": "Business case gezamenlijke ontwikkeling, meting {wave}",
    "60_voortgang": "Voortgang tussen meting {from_wave} en meting {to_wave}",
}
"""The heading at the top of each report page, by notebook (``str.format`` fields)."""
