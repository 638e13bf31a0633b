"""The prose of the overview reports and the notebooks' explanations, in the words of the
registry in use (every entry an :class:`~bimmaturity.vocab.words.OrgLabels`)."""

from __future__ import annotations

from bimmaturity.vocab.words import OrgLabels

__all__ = ["CHART_TITLES", "OVERVIEW_LABELS", "REPORT_TEXTS"]

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
