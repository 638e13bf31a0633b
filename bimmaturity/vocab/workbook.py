"""The words of the people's workbook ``reports/tabellen.xlsx``: sheet names, headers, notes,
terms and settings (most follow the registry in use)."""

from __future__ import annotations

from collections.abc import Mapping

from bimmaturity.vocab.labels import (
    AMBITION,
    ATTAINED,
    CHANGE,
    COVERAGE,
    CURRENT,
    DEMAND,
    ELEMENT,
    GAP,
    ISSUE_HEADERS,
    MONEY_LABELS,
    POSITION,
    PROBABILITY_LABELS,
    RANK,
    REMARK,
    RESPONDENTS,
    STATED_ROLE,
    SUPPLY,
)
from bimmaturity.vocab.words import OrgLabels

__all__ = [
    "WORKBOOK_HEADERS",
    "WORKBOOK_SETTINGS",
    "WORKBOOK_SHEETS",
    "WORKBOOK_SHEET_NOTES",
    "WORKBOOK_TERMS",
    "WORKBOOK_TEXT",
]

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
