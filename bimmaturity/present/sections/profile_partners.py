"""The collaboration part of the province profile (notebook 10): where a province can lead,
should follow, or leads without wanting to, with its partners and its gap cluster.

:mod:`bimmaturity.present.sections.profile` re-exports these names (notebook 10 calls them
from there).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import organisation_kind, province_name
from bimmaturity.present.format import MISSING, listing, number, probability, province_names
from bimmaturity.present.html import html_list
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.robustness import (
    agreement_warning,
    indicative_text,
    is_borderline,
    verdict,
)
from bimmaturity.rules.scoring import INDICATIVE

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = [
    "lead_follow",
    "profile_collaboration",
    "province_cluster_text",
    "province_collaboration",
]

_LEADING_ROLES = ("trekken", "meedoen")
"""Stated roles with which a koploper can lead (trekken or meedoen)."""


def province_cluster_text(clusters: pd.DataFrame, province: str, wave: str) -> str:
    """The province's gap cluster and its fellow members.

    Parameters
    ----------
    clusters : DataFrame
        The ``clusters`` table (wave, province, cluster, stability).
    province : str
        CBS code.
    wave : str

    Returns
    -------
    str

    Examples
    --------
    >>> c = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV28"],
    ...     "cluster": [1, 1, 2], "stability": [0.9, 0.9, 1.0]})
    >>> province_cluster_text(c, "PV20", "1")
    'Groningen hoort in meting 1 bij gapcluster 1, samen met Fryslân.'
    >>> province_cluster_text(c, "PV28", "1")
    'Zuid-Holland vormt in meting 1 een gapcluster (2) op zichzelf.'
    """
    name = province_name(province)
    members = in_wave(clusters, wave)
    own = members[members["province"] == province]
    if own.empty:
        return f"{name} is in meting {wave} niet geclusterd."
    cluster = int(own["cluster"].iloc[0])
    others = members.loc[
        (members["cluster"] == cluster) & (members["province"] != province), "province"
    ].tolist()
    if not others:
        return f"{name} vormt in meting {wave} een gapcluster ({cluster}) op zichzelf."
    return (
        f"{name} hoort in meting {wave} bij gapcluster {cluster}, samen met "
        f"{listing(province_names(others))}."
    )


def _role_phrase(role: object) -> str:
    if not isinstance(role, str) or not role:
        return "geen rol opgegeven"
    return vocab.ROLE_PHRASES.get(role, f"rol: {role}")


def province_collaboration(
    scores: pd.DataFrame,
    roles: pd.DataFrame,
    partners: pd.DataFrame,
    province: str,
    wave: str,
    instrument: Instrument,
    proposed: list[str] | tuple[str, ...] = (),
    chance: dict[str, float] | None = None,
) -> dict[str, list[str]]:
    """Lines on where a province can lead, should follow, or leads without wanting to.

    Parameters
    ----------
    scores : DataFrame
        Province scores (current, ambition are shown).
    roles : DataFrame
        The ``roles`` table (wave, province, element, stated_role, position).
    partners : DataFrame
        :func:`bimmaturity.rules.collaboration.deal_partners`.
    province : str
        CBS code.
    wave : str
    instrument : Instrument
    proposed : sequence of str
        Element ids of the proposed deals (marked "Voorgestelde deal", with robuust, onzeker
        or wankel when ``chance`` gives its p_proposed).
    chance : dict, optional
        Element id to p_proposed.

    A position resting on an indicatief score says so with its n; one that is a grensgeval
    (``roles`` with p_koploper, p_starter) says how often it holds.

    Returns
    -------
    dict
        ``lead``: one line per element where it is koploper and wants to lead or take part,
        with the other trekkers and the followers; ``follow``: one line per element where it
        is starter, with the koplopers that want to lead; ``idle``: at most one line naming
        the elements where it is koploper but did not say it wants to lead or take part.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV28", "PV26", "PV20"], "element": "OTL",
    ...     "current": [4.2, 4.0, 1.0], "ambition": [4.5, 4.5, 3.0], "gap": [0.3, 0.5, 2.0]})
    >>> r = s[["wave", "province", "element"]].assign(
    ...     stated_role=["trekken", "meedoen", "volgen"],
    ...     position=["koploper", "koploper", "starter"])
    >>> p = s.assign(part=["trekker", "trekker", "volger"],
    ...     stated_role=["trekken", "meedoen", "volgen"])
    >>> lines = province_collaboration(s, r, p, "PV28", "1", default_instrument(), ["OTL"])
    >>> print(lines["lead"][0])
    Objecttypebibliotheek (huidig 4,2; wil trekken): samen met Utrecht; Groningen wil aansluiten. Voorgestelde deal.
    >>> print(province_collaboration(s, r, p, "PV20", "1", default_instrument())["follow"][0])
    Objecttypebibliotheek (huidig 1,0, ambitie 3,0; wil volgen): koplopers die willen trekken of meedoen: Utrecht en Zuid-Holland.
    """  # noqa: E501
    in_wave = str(wave)
    own_roles = roles[(roles["wave"].astype(str) == in_wave) & (roles["province"] == province)]
    own_scores = scores[
        (scores["wave"].astype(str) == in_wave) & (scores["province"] == province)
    ].set_index("element")
    deal_rows = partners[partners["wave"].astype(str) == in_wave]
    order = {e: i for i, e in enumerate(instrument.element_ids)}
    own_roles = own_roles.assign(_e=own_roles["element"].map(order)).sort_values("_e")
    lines: dict[str, list[str]] = {"lead": [], "follow": [], "idle": []}
    idle = []
    for row in own_roles.itertuples(index=False):
        element, role = row.element, row.stated_role
        label = instrument.element_label(element)
        score = own_scores.loc[element] if element in own_scores.index else None
        on_element = deal_rows[deal_rows["element"] == element]
        deal = ""
        if element in proposed:
            word = verdict((chance or {}).get(element))
            deal = f" Voorgestelde deal ({word})." if word else " Voorgestelde deal."
        note = _position_note(row, score)
        if row.position == "koploper" and role in _LEADING_ROLES:
            others = on_element.loc[
                (on_element["part"] == "trekker") & (on_element["province"] != province),
                "province",
            ].tolist()
            followers = on_element.loc[
                (on_element["part"] == "volger") & (on_element["province"] != province),
                "province",
            ].tolist()
            parts = []
            parts.append(
                f"samen met {listing(province_names(others))}" if others else "als enige trekker"
            )
            if followers:
                verb = "wil" if len(followers) == 1 else "willen"
                parts.append(f"{listing(province_names(followers))} {verb} aansluiten")
            else:
                parts.append(vocab.org_text("nog geen {org} met een groot gat wil aansluiten"))
            current = number(score["current"], 1) if score is not None else MISSING
            lines["lead"].append(
                f"{label} (huidig {current}{note}; {_role_phrase(role)}): {'; '.join(parts)}.{deal}"
            )
        elif row.position == "koploper":
            idle.append(label)
        elif row.position == "starter":
            leaders = on_element.loc[on_element["part"] == "trekker", "province"].tolist()
            who = (
                f"koplopers die willen trekken of meedoen: {listing(province_names(leaders))}"
                if leaders
                else "geen koploper wil trekken of meedoen"
            )
            current = number(score["current"], 1) if score is not None else MISSING
            ambition = number(score["ambition"], 1) if score is not None else MISSING
            lines["follow"].append(
                f"{label} (huidig {current}, ambitie {ambition}{note}; {_role_phrase(role)}): "
                f"{who}.{deal}"
            )
    if idle:
        lines["idle"].append(
            f"Koploper bij {listing(idle)}, maar zonder opgegeven wens om te trekken of "
            "mee te doen."
        )
    return lines


def _position_note(row: object, score: pd.Series | None) -> str:
    """``, indicatief: n = 2`` and/or ``, grensgeval: koploper in 71%`` for a position."""
    parts = []
    if score is not None and score.get("flag") == INDICATIVE:
        n = score.get("n")
        parts.append(f"{INDICATIVE}: n = {int(n)}" if n is not None and pd.notna(n) else INDICATIVE)
    position = getattr(row, "position", None)
    p = getattr(row, f"p_{position}", None) if position in ("koploper", "starter") else None
    if is_borderline(p):
        parts.append(f"{vocab.BORDERLINE}: {position} in {probability(p)} van de steekproeven")
    return "".join(f", {part}" for part in parts)


def _chances(analysis: Analysis, wave: str) -> dict[str, float]:
    opportunities = getattr(analysis, "opportunities", None)
    if opportunities is None or "p_proposed" not in opportunities:
        return {}
    return in_wave(opportunities, wave).set_index("element")["p_proposed"].dropna().to_dict()


def profile_collaboration(
    analysis: Analysis, province: str, wave: str, instrument: Instrument | None = None
) -> HTML:
    """The collaboration part of a province profile, as HTML.

    The province's gap cluster and its fellow members; the elements where it can lead
    (koploper, stated role trekken or meedoen) with the other trekkers and the provinces that
    want to join; the elements where it should follow (starter) with the koplopers willing to
    lead; a warning for elements where its respondents disagree (rwg(j) < 0.7); and what
    ``indicatief`` means where its scores rest on fewer than three respondents.

    Parameters
    ----------
    analysis : Analysis
        From :func:`bimmaturity.analysis.load_analysis` (scores, roles, partners, clusters and
        the proposed deals are read).
    province : str
        CBS code.
    wave : str
        The wave shown.
    instrument : Instrument, optional
        Default: the analysis's instrument.

    Returns
    -------
    HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": ["PV28", "PV20"], "element": "OTL",
    ...     "current": [4.2, 1.0], "ambition": [4.5, 3.0], "gap": [0.3, 2.0],
    ...     "rwg": [0.5, None], "flag": ["indicatief", ""]})
    >>> a = SimpleNamespace(scores=s,
    ...     roles=s[["wave", "province", "element"]].assign(
    ...         stated_role=["trekken", "volgen"], position=["koploper", "starter"]),
    ...     partners=s[["wave", "province", "element", "current", "gap"]].assign(
    ...         part=["trekker", "volger"], stated_role=["trekken", "volgen"]),
    ...     proposed=lambda wave: ["OTL"],
    ...     clusters=pd.DataFrame({"wave": "1", "province": ["PV28", "PV20"],
    ...                            "cluster": [2, 1], "stability": 1.0}))
    >>> h = profile_collaboration(a, "PV28", "1", default_instrument()).data
    >>> "Groningen wil aansluiten" in h and "bm-warning" in h and "indicatief" in h
    True
    """
    wave = str(wave)
    instrument = instrument or analysis.instrument
    lines = province_collaboration(
        analysis.scores,
        analysis.roles,
        analysis.partners,
        province,
        wave,
        instrument,
        analysis.proposed(wave),
        _chances(analysis, wave),
    )
    parts = [f"<p>{html.escape(province_cluster_text(analysis.clusters, province, wave))}</p>"]
    this = vocab.org_text("{deze} {org}", organisation_kind(province))  # dit waterschap
    if lines["lead"]:
        parts.append(
            "<p><strong>Kan trekken</strong> (koploper en bereid te trekken of mee te doen):</p>"
        )
        parts.append(html_list(lines["lead"]))
    else:
        parts.append(
            f"<p>Er is geen element waarop {this} als koploper wil trekken of meedoen.</p>"
        )
    if lines["follow"]:
        parts.append(
            "<p><strong>Kan volgen</strong> (starter: een groot gat en nog geen koploper):</p>"
        )
        parts.append(html_list(lines["follow"]))
    else:
        parts.append(f"<p>Er is geen element waarop {this} starter is.</p>")
    for line in lines["idle"]:
        parts.append(f"<p>{html.escape(line)}</p>")
    warning = agreement_warning(analysis.scores, province, wave, instrument)
    if warning:
        parts.append(f'<div class="bm-warning">{html.escape(warning)}</div>')
    indicative = indicative_text(analysis.scores, province, wave, instrument)
    if indicative:
        parts.append(f'<div class="bm-note">{html.escape(indicative)}</div>')
    return HTML("".join(parts))


def lead_follow(
    roles: pd.DataFrame, province: str, wave: str, instrument: Instrument
) -> dict[str, list[str]]:
    """Where a province can lead, should follow, or leads without wanting to, as element ids.

    The same split as :func:`province_collaboration`: ``lead`` where it is koploper and wants
    to trekken or meedoen, ``follow`` where it is starter, ``idle`` where it is koploper
    without that wish; each in the instrument's element order.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> r = pd.DataFrame({"wave": "1", "province": "PV28", "element": ["OTL", "VISIE", "DATA"],
    ...     "stated_role": ["meedoen", "trekken", None],
    ...     "position": ["koploper", "starter", "koploper"]})
    >>> lead_follow(r, "PV28", "1", default_instrument())
    {'lead': ['OTL'], 'follow': ['VISIE'], 'idle': ['DATA']}
    """
    own = roles[(roles["wave"].astype(str) == str(wave)) & (roles["province"] == province)]
    order = {e: i for i, e in enumerate(instrument.element_ids)}
    own = own.assign(_e=own["element"].map(order)).sort_values("_e", kind="stable")
    koploper = own["position"] == "koploper"
    leading = own["stated_role"].isin(_LEADING_ROLES)
    return {
        "lead": own.loc[koploper & leading, "element"].tolist(),
        "follow": own.loc[own["position"] == "starter", "element"].tolist(),
        "idle": own.loc[koploper & ~leading, "element"].tolist(),
    }
