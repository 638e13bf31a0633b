"""How sure the positions and the deals are (rule 8): robuust, onzeker, wankel, grensgeval and
indicatief, in words a council member reads (notebooks 40, 50 and 10).

The probabilities come from the analysis: ``roles`` holds ``p_koploper`` and ``p_starter``,
``opportunities`` holds ``p_kansrijk`` and ``p_proposed`` (the share of the resamples of
respondents in which it holds); they are missing when the analysis ran without resamples, and
the sentences then leave the robustness out. A score on fewer than three respondents is
flagged ``indicatief`` (rule 3); where such a score makes a province koploper or starter, or
puts it in a deal, the reports name it with its n.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import (
    count_words,
    is_missing,
    listing,
    number,
    probability,
    province_names,
)
from bimmaturity.present.sections import in_wave
from bimmaturity.rules.scoring import INDICATIVE, MIN_N_INTERVAL  # noqa: F401

if TYPE_CHECKING:
    from bimmaturity.instrument import Instrument

__all__ = [
    "BORDER",
    "ROBUST",
    "UNCERTAIN",
    "agreement_warning",
    "borderline_positions",
    "deal_verdict",
    "indicative_positions",
    "indicative_text",
    "is_borderline",
    "names_with_n",
    "position_notes",
    "resamples_phrase",
    "robustness_summary",
    "verdict",
]

ROBUST = 0.9
"""A proposed deal is robuust from this share of the resamples."""
UNCERTAIN = 0.5
"""... onzeker from this share, wankel below."""
BORDER = (0.1, 0.9)
"""A position held in more than 10% and less than 90% of the resamples is a grensgeval."""


def verdict(p: object) -> str | None:
    """How sure a proposed deal is: ``robuust``, ``onzeker``, ``wankel``; None when not computed.

    Examples
    --------
    >>> verdict(1.0), verdict(0.9), verdict(0.5), verdict(0.49), verdict(float("nan"))
    ('robuust', 'robuust', 'onzeker', 'wankel', None)
    """
    if is_missing(p):
        return None
    value = float(p)  # type: ignore[arg-type]
    if value >= ROBUST - 1e-12:
        return vocab.VERDICT_LABELS["robuust"]
    if value >= UNCERTAIN - 1e-12:
        return vocab.VERDICT_LABELS["onzeker"]
    return vocab.VERDICT_LABELS["wankel"]


def is_borderline(p: object) -> bool:
    """Whether a position's probability makes it a grensgeval (``0.1 < p < 0.9``).

    Examples
    --------
    >>> is_borderline(0.71), is_borderline(0.9), is_borderline(0.1), is_borderline(None)
    (True, False, False, False)
    """
    if is_missing(p):
        return False
    return BORDER[0] < float(p) < BORDER[1]  # type: ignore[arg-type]


def resamples_phrase(resamples: int | None) -> str:
    """The resampling in a phrase: ``500 herhaalde steekproeven van respondenten``.

    Examples
    --------
    >>> resamples_phrase(500), resamples_phrase(None)
    ('500 herhaalde steekproeven van respondenten', 'de herhaalde steekproeven van respondenten')
    """
    if resamples:
        return f"{int(resamples)} herhaalde steekproeven van respondenten"
    return "de herhaalde steekproeven van respondenten"


def deal_verdict(p: object, resamples: int | None = None) -> str:
    """One proposed deal's robustness in a sentence; empty when it was not computed.

    Examples
    --------
    >>> deal_verdict(1.0, 500)
    'Robuust: in 100% van 500 herhaalde steekproeven van respondenten opnieuw voorgesteld.'
    >>> deal_verdict(0.62)
    'Onzeker: in 62% van de herhaalde steekproeven van respondenten opnieuw voorgesteld.'
    >>> deal_verdict(0.3, 500)[:40]
    'Wankel: in 30% van 500 herhaalde steekpr'
    """
    word = verdict(p)
    if word is None:
        return ""
    return (
        f"{word.capitalize()}: in {probability(p)} van {resamples_phrase(resamples)} opnieuw "
        "voorgesteld."
    )


def robustness_summary(
    opportunities: pd.DataFrame,
    proposed: Sequence[str],
    wave: str,
    instrument: Instrument,
    resamples: int | None = None,
) -> str:
    """How sure the proposed deals are, and which other elements sometimes become a deal.

    Parameters
    ----------
    opportunities : DataFrame
        The ``opportunities`` table (wave, element, p_proposed, ...).
    proposed : sequence of str
        The proposed deals of the wave, in rank order.
    wave : str
    instrument : Instrument
    resamples : int, optional
        The number of resamples (named in the sentence).

    Returns
    -------
    str
        Empty when there are no proposed deals or no probabilities.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL", "UITV", "VISIE", "DATA"],
    ...     "p_proposed": [1.0, 0.64, 0.68, 0.02]})
    >>> import textwrap
    >>> print(textwrap.fill(robustness_summary(o, ["OTL", "UITV"], "1", default_instrument(),
    ...                                        500), 88))
    Hoe vast staan de deals? Bij 500 herhaalde steekproeven van respondenten (binnen elke
    provincie opnieuw getrokken) is Objecttypebibliotheek robuust (100%); Uitvraag en
    contracten onzeker (64%). Een ander element wordt in een deel van de steekproeven een
    deal: Visie en strategie (68%).
    """
    table = in_wave(opportunities, wave)
    if not proposed or "p_proposed" not in table or table["p_proposed"].isna().all():
        return ""
    p = table.set_index("element")["p_proposed"]
    label = instrument.element_label
    parts = [
        f"{label(e)} {verdict(p.get(e))} ({probability(p.get(e))})"
        for e in proposed
        if not is_missing(p.get(e))
    ]
    if not parts:
        return ""
    verb = "is" if len(parts) == 1 else "zijn"
    if len(parts) > 1 and all(verdict(p.get(e)) == "robuust" for e in proposed):
        body = f"{verb} alle voorgestelde deals robuust: " + listing(
            [f"{label(e)} ({probability(p.get(e))})" for e in proposed]
        )
    else:
        body = "is " + "; ".join(parts)
    w = vocab.org_words()
    sentences = [
        f"Hoe vast staan de deals? Bij {resamples_phrase(resamples)} (binnen {w['elke']} "
        f"{w['org']} opnieuw getrokken) {body}."
    ]
    others = table[
        ~table["element"].isin(list(proposed)) & (table["p_proposed"] > BORDER[0])
    ].sort_values("p_proposed", ascending=False, kind="stable")
    if not others.empty:
        named = [
            f"{label(e)} ({probability(v)})"
            for e, v in zip(others["element"], others["p_proposed"], strict=True)
        ]
        one = len(named) == 1
        sentences.append(
            f"{'Een ander element wordt' if one else 'Andere elementen worden'} in een deel "
            f"van de steekproeven een deal: {listing(named)}."
        )
    return " ".join(sentences)


def _capital(text: str) -> str:
    """The first letter upper case; ``één`` becomes ``Eén``."""
    if text.startswith("één"):
        return "Eén" + text[3:]
    return text[:1].upper() + text[1:]


def _scored(roles: pd.DataFrame, scores: pd.DataFrame | None, wave: str) -> pd.DataFrame:
    own = in_wave(roles, wave)
    if scores is None:
        return own.assign(n=pd.NA, flag="")
    values = in_wave(scores, wave)[["province", "element", "n", "flag"]]
    return own.drop(columns=["n", "flag"], errors="ignore").merge(
        values, on=["province", "element"], how="left"
    )


def borderline_positions(
    roles: pd.DataFrame, wave: str, elements: Sequence[str] | None = None
) -> pd.DataFrame:
    """The positions that are a grensgeval: koploper or starter in 10-90% of the resamples.

    Parameters
    ----------
    roles : DataFrame
        The ``roles`` table (wave, province, element, position, p_koploper, p_starter).
    wave : str
    elements : sequence of str, optional
        Only these elements.

    Returns
    -------
    DataFrame
        province, element, position ('koploper' or 'starter': the borderline one), p.

    Examples
    --------
    >>> r = pd.DataFrame({"wave": "1", "province": ["PV23", "PV28"], "element": "OTL",
    ...     "position": ["koploper", "koploper"], "p_koploper": [0.71, 1.0],
    ...     "p_starter": [0.0, 0.0]})
    >>> borderline_positions(r, "1").values.tolist()
    [['PV23', 'OTL', 'koploper', 0.71]]
    """
    own = in_wave(roles, wave)
    if elements is not None:
        own = own[own["element"].isin(list(elements))]
    rows = []
    for record in own.itertuples(index=False):
        for position in ("koploper", "starter"):
            p = getattr(record, f"p_{position}", None)
            if is_borderline(p):
                rows.append((record.province, record.element, position, float(p)))
    return pd.DataFrame(rows, columns=["province", "element", "position", "p"])


def indicative_positions(
    roles: pd.DataFrame,
    scores: pd.DataFrame,
    wave: str,
    elements: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Koploper and starter positions decided by an ``indicatief`` score (n < 3).

    Returns
    -------
    DataFrame
        province, element, position, n.

    Examples
    --------
    >>> r = pd.DataFrame({"wave": "1", "province": ["PV26", "PV28"], "element": "OTL",
    ...     "position": ["koploper", "koploper"]})
    >>> s = r[["wave", "province", "element"]].assign(n=[2, 5], flag=["indicatief", ""])
    >>> indicative_positions(r, s, "1").values.tolist()
    [['PV26', 'OTL', 'koploper', 2]]
    """
    own = _scored(roles, scores, wave)
    if elements is not None:
        own = own[own["element"].isin(list(elements))]
    chosen = own[own["position"].isin(["koploper", "starter"]) & (own["flag"] == vocab.INDICATIVE)]
    out = chosen[["province", "element", "position", "n"]].reset_index(drop=True)
    return out.astype({"n": "int64"}) if len(out) else out


def position_notes(roles: pd.DataFrame, scores: pd.DataFrame | None, wave: str) -> str:
    """How many positions are a grensgeval and how many rest on an indicatief score.

    Examples
    --------
    >>> r = pd.DataFrame({"wave": "1", "province": ["PV26", "PV23", "PV20"], "element": "OTL",
    ...     "position": ["koploper", "koploper", "middenveld"], "p_koploper": [1.0, 0.71, 0.0],
    ...     "p_starter": [0.0, 0.0, 0.3]})
    >>> s = r[["wave", "province", "element"]].assign(n=[2, 5, 4], flag=["indicatief", "", ""])
    >>> import textwrap
    >>> print(textwrap.fill(position_notes(r, s, "1"), 88))
    Twee posities zijn een grensgeval: in meer dan 10% en minder dan 90% van de herhaalde
    steekproeven van respondenten is de provincie daar koploper of starter (de tooltip geeft
    de kans). Eén koploper- of starterpositie rust op minder dan drie respondenten
    (indicatief): Utrecht (n = 2).
    """
    sentences = []
    border = borderline_positions(roles, wave)
    if len(border):
        n = border[["province", "element"]].drop_duplicates().shape[0]
        counted = count_words(n, "positie is", "posities zijn")
        w = vocab.org_words()
        sentences.append(
            f"{_capital(counted)} een {vocab.BORDERLINE}: in meer dan 10% en "
            f"minder dan 90% van de herhaalde steekproeven van respondenten is {w['de']} "
            f"{w['org']} daar koploper of starter (de tooltip geeft de kans)."
        )
    if scores is not None:
        flagged = indicative_positions(roles, scores, wave)
        if len(flagged):
            n_of = flagged.groupby("province")["n"].max()
            names = [
                f"{name} (n = {int(n_of[code])})"
                for name, code in sorted(
                    ((province_name(c), c) for c in n_of.index), key=lambda t: t[0].casefold()
                )
            ]
            counted = count_words(
                len(flagged),
                "koploper- of starterpositie rust",
                "koploper- of starterposities rusten",
            )
            sentences.append(
                f"{_capital(counted)} op minder dan drie respondenten "
                f"({vocab.INDICATIVE}): {listing(names)}."
            )
    return " ".join(sentences)


def names_with_n(codes: Sequence[str], n: pd.Series) -> list[str]:
    """Province names, alphabetically, each with its n: ``Utrecht (n = 2)``.

    Examples
    --------
    >>> names_with_n(["PV26", "PV20"], pd.Series({"PV26": 2, "PV20": 1}))
    ['Groningen (n = 1)', 'Utrecht (n = 2)']
    """
    by_name = {province_name(c): c for c in codes}
    return [f"{name} (n = {int(n[by_name[name]])})" for name in province_names(list(codes))]


def agreement_warning(
    scores: pd.DataFrame, province: str, wave: str, instrument: Instrument, threshold: float = 0.7
) -> str:
    """A warning naming the elements where the province's respondents disagree (rwg < 0.7).

    Parameters
    ----------
    scores : DataFrame
        Province scores with rwg.
    province : str
        CBS code.
    wave : str
    instrument : Instrument
    threshold : float
        rwg(j) below this is a warning (default 0.7, rule 3).

    Returns
    -------
    str
        Empty when there is nothing to warn about.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV31", "element": ["STAND", "OTL"],
    ...     "rwg": [0.6, 0.9]})
    >>> import textwrap
    >>> print(textwrap.fill(agreement_warning(s, "PV31", "1", default_instrument()), 88))
    Let op: bij Open standaarden (rwg 0,60) lopen de antwoorden van de respondenten van
    Limburg sterk uiteen; het gemiddelde verbergt dat.
    """
    own = scores[(scores["wave"].astype(str) == str(wave)) & (scores["province"] == province)]
    low = own[own["rwg"].notna() & (own["rwg"] < threshold)]
    if low.empty:
        return ""
    parts = [
        f"{instrument.element_label(e)} (rwg {number(v, 2)})"
        for e, v in zip(low["element"], low["rwg"], strict=True)
    ]
    return (
        f"Let op: bij {listing(parts)} lopen de antwoorden van de respondenten van "
        f"{province_name(province)} sterk uiteen; het gemiddelde verbergt dat."
    )


def indicative_text(scores: pd.DataFrame, province: str, wave: str, instrument: Instrument) -> str:
    """Which of the province's scores are ``indicatief`` and what that means.

    Parameters
    ----------
    scores : DataFrame
        Province scores with flag.
    province : str
        CBS code.
    wave : str
    instrument : Instrument

    Returns
    -------
    str
        Empty when no score is ``indicatief``.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV28", "element": ["OTL", "DATA"],
    ...     "flag": ["indicatief", ""]})
    >>> import textwrap
    >>> print(textwrap.fill(indicative_text(s, "PV28", "1", default_instrument()), 88))
    De score voor Objecttypebibliotheek is indicatief: die rust op minder dan drie
    respondenten, zodat er geen 90%-interval is berekend.
    """
    own = scores[(scores["wave"].astype(str) == str(wave)) & (scores["province"] == province)]
    flagged = own[own["flag"] == INDICATIVE]
    if flagged.empty:
        return ""
    reason = "minder dan drie respondenten, zodat er geen 90%-interval is berekend."
    if len(flagged) == len(own):
        return f"Alle scores van {province_name(province)} zijn indicatief: ze rusten op {reason}"
    labels = [instrument.element_label(e) for e in flagged["element"]]
    if len(labels) == 1:
        return f"De score voor {labels[0]} is indicatief: die rust op {reason}"
    return f"De scores voor {listing(labels)} zijn indicatief: ze rusten op {reason}"
