"""The proposed joint deals (notebook 40): per deal how sure it is, who can lead and who wants
to join, and which of those positions are a grensgeval or rest on an indicatief score.

The deals of a wave are ``Analysis.proposed(wave)`` (rule 9), the partners
``Analysis.partners`` (:func:`bimmaturity.rules.collaboration.deal_partners`); the
probabilities come from the resampling of rule 8 (:mod:`bimmaturity.present.sections.robustness`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.organisations import province_name
from bimmaturity.present.format import (
    MISSING,
    count_words,
    listing,
    probability,
    province_names,
    whole,
)
from bimmaturity.present.html import table
from bimmaturity.present.sections import in_wave
from bimmaturity.present.sections.robustness import deal_verdict, is_borderline

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis
    from bimmaturity.instrument import Instrument

__all__ = ["deal_notes", "deal_text", "deals_part", "deals_section"]


def deals_part(analysis: Analysis, wave: str) -> HTML:
    """The proposed deals of a wave with their robustness (:func:`deals_section`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> a = SimpleNamespace(proposed=lambda wave: [])
    >>> deals_part(a, "1").data
    '<p>Er wordt geen gezamenlijke deal voorgesteld.</p>'
    """
    proposed = analysis.proposed(wave)
    if not proposed:
        return deals_section(proposed, None, wave, None)  # type: ignore[arg-type]
    return deals_section(
        proposed,
        analysis.partners,
        wave,
        analysis.instrument,
        roles=analysis.roles,
        scores=analysis.scores,
        opportunities=analysis.opportunities,
        resamples=getattr(analysis.options, "resamples", None),
    )


def deal_text(element: str, partners: pd.DataFrame, wave: str, instrument: Instrument) -> str:
    """Who can lead and who wants to join a joint deal on one element.

    Trekkers (koplopers who want to lead or take part, most mature first) and followers
    (provinces with a large gap who want to take part, alphabetically), from
    :func:`bimmaturity.rules.collaboration.deal_partners`.

    Parameters
    ----------
    element : str
        Element id.
    partners : DataFrame
        :func:`bimmaturity.rules.collaboration.deal_partners` (wave, element, province, part,
        stated_role, current, gap).
    wave : str
    instrument : Instrument

    Returns
    -------
    str

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"wave": "1", "element": "OTL",
    ...     "province": ["PV26", "PV28", "PV20", "PV29", "PV23"],
    ...     "part": ["trekker", "trekker", "volger", "volger", "volger"],
    ...     "stated_role": ["trekken", "trekken", "volgen", "volgen", "meedoen"],
    ...     "current": [4.0, 4.2, 1.0, 1.5, 2.0], "gap": [0.5, 0.5, 2.0, 1.5, 1.0]})
    >>> import textwrap
    >>> print(textwrap.fill(deal_text("OTL", p, "1", default_instrument()), 88))
    Voor Objecttypebibliotheek kunnen Zuid-Holland en Utrecht trekken; twee provincies
    willen volgen: Groningen en Zeeland; Overijssel wil meedoen.
    """
    label = instrument.element_label(element)
    own = in_wave(partners, wave)
    own = own[own["element"] == element]
    leaders = own[own["part"] == "trekker"].sort_values(
        ["current", "province"], ascending=[False, True], kind="stable"
    )
    pulling = [
        province_name(p) for p in leaders.loc[leaders["stated_role"] == "trekken", "province"]
    ]
    joining = [
        province_name(p) for p in leaders.loc[leaders["stated_role"] != "trekken", "province"]
    ]
    lead_parts = []
    if pulling:
        lead_parts.append(f"{'kan' if len(pulling) == 1 else 'kunnen'} {listing(pulling)} trekken")
    if joining:
        verb = "wil" if len(joining) == 1 else "willen"
        lead_parts.append(f"{verb} {listing(joining)} als koploper meedoen")
    head = (
        f"Voor {label} {' en '.join(lead_parts)}"
        if lead_parts
        else f"Voor {label} is er geen koploper die wil trekken of meedoen"
    )
    followers = own[own["part"] == "volger"]
    w = vocab.org_words()
    tails = []
    for role, verb in (("volgen", "volgen"), ("meedoen", "meedoen"), ("trekken", "trekken")):
        names = province_names(followers.loc[followers["stated_role"] == role, "province"].tolist())
        if not names:
            continue
        if len(names) == 1:
            tails.append(f"{names[0]} wil {verb}")
        else:
            counted = count_words(len(names), w["org"], w["orgs"])
            tails.append(f"{counted} willen {verb}: {listing(names)}")
    if not tails:
        tails.append(f"geen {w['org']} met een groot gat wil aansluiten")
    return f"{head}; {'; '.join(tails)}."


def _deal_rows(
    element: str,
    partners: pd.DataFrame,
    wave: str,
    roles: pd.DataFrame | None,
    scores: pd.DataFrame | None,
) -> pd.DataFrame:
    """The partners of one deal with their n, flag and the probability of their position."""
    own = in_wave(partners, wave)
    own = own[own["element"] == element]
    own = own.assign(
        _part=own["part"].map({"trekker": 0, "volger": 1}),
        provincie=own["province"].map(province_name),
    ).sort_values(["_part", "current", "provincie"], ascending=[True, False, True])
    if scores is not None:
        values = in_wave(scores, wave)
        values = values.loc[values["element"] == element, ["province", "n", "flag"]]
        own = own.merge(values, on="province", how="left")
    if roles is not None and "p_koploper" in roles:
        values = in_wave(roles, wave)
        values = values.loc[
            values["element"] == element, ["province", "position", "p_koploper", "p_starter"]
        ]
        own = own.merge(values, on="province", how="left")
    return own.reset_index(drop=True)


def _position_p(row: pd.Series) -> object:
    """The probability of the position a partner holds (koploper or starter)."""
    position = row.get("position")
    if position in ("koploper", "starter"):
        return row.get(f"p_{position}")
    return None


def _remark(row: pd.Series) -> str:
    parts = []
    if row.get("flag") == vocab.INDICATIVE:
        parts.append(f"{vocab.INDICATIVE} (n = {int(row['n'])})")
    if is_borderline(row.get("p_koploper")) or is_borderline(row.get("p_starter")):
        parts.append(vocab.BORDERLINE)
    return "; ".join(parts)


def deal_notes(rows: pd.DataFrame, resamples: int | None = None) -> list[str]:
    """The sentences under a deal: which positions are indicatief (with n) or a grensgeval.

    Parameters
    ----------
    rows : DataFrame
        One deal's partners (province, part, n, flag, position, p_koploper, p_starter).
    resamples : int, optional
        The number of resamples.

    Returns
    -------
    list of str

    Examples
    --------
    >>> rows = pd.DataFrame({"province": ["PV26", "PV23", "PV29"],
    ...     "part": ["trekker", "trekker", "volger"], "n": [2, 5, 1],
    ...     "flag": ["indicatief", "", "indicatief"],
    ...     "position": ["koploper", "koploper", "starter"],
    ...     "p_koploper": [1.0, 0.71, 0.0], "p_starter": [0.0, 0.0, 0.95]})
    >>> for line in deal_notes(rows):
    ...     print(line)
    Indicatief (minder dan drie respondenten): Utrecht (n = 2) als trekker en Zeeland (n = 1) als volger.
    Grensgeval: Overijssel is koploper in 71% van de herhaalde steekproeven.
    """  # noqa: E501
    lines = []
    if "flag" in rows:
        flagged = rows[rows["flag"] == vocab.INDICATIVE]
        if len(flagged):
            parts = [
                f"{province_name(r.province)} (n = {int(r.n)}) als {r.part}"
                for r in flagged.itertuples(index=False)
            ]
            lines.append(
                f"{vocab.INDICATIVE.capitalize()} (minder dan drie respondenten): {listing(parts)}."
            )
    border = []
    for r in rows.to_dict("records"):
        for position in ("koploper", "starter"):
            p = r.get(f"p_{position}")
            if is_borderline(p):
                border.append(f"{province_name(r['province'])} is {position} in {probability(p)}")
    if border:
        where = (
            f"van {int(resamples)} herhaalde steekproeven"
            if resamples
            else "van de herhaalde steekproeven"
        )
        lines.append(f"{vocab.BORDERLINE.capitalize()}: {listing(border)} {where}.")
    return lines


def deals_section(
    proposed: Sequence[str],
    partners: pd.DataFrame,
    wave: str,
    instrument: Instrument,
    *,
    roles: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
    opportunities: pd.DataFrame | None = None,
    resamples: int | None = None,
) -> HTML:
    """Each proposed joint deal: how sure it is, a Dutch sentence, notes on indicatief and
    grensgeval positions, and a table of trekkers and followers.

    Parameters
    ----------
    proposed : sequence of str
        The proposed deals of the wave (``Analysis.proposed(wave)``), in rank order.
    partners : DataFrame
        :func:`bimmaturity.rules.collaboration.deal_partners`.
    wave : str
        The wave.
    instrument : Instrument
        Gives the element and role labels.
    roles : DataFrame, optional
        The ``roles`` table with p_koploper and p_starter: the table shows the probability of
        each partner's position and marks a grensgeval.
    scores : DataFrame, optional
        Province scores (n, flag): the table shows n and marks an indicatief score.
    opportunities : DataFrame, optional
        With p_proposed: each deal says whether it is robuust, onzeker or wankel.
    resamples : int, optional
        The number of resamples (named in the sentences).

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> p = pd.DataFrame({"wave": "1", "element": "OTL", "province": ["PV28", "PV20"],
    ...     "part": ["trekker", "volger"], "stated_role": ["trekken", "volgen"],
    ...     "current": [4.2, 1.0], "gap": [0.5, 2.0]})
    >>> h = deals_section(["OTL"], p, "1", default_instrument()).data
    >>> "<h3>1. Objecttypebibliotheek</h3>" in h and "kan Zuid-Holland trekken" in h
    True
    >>> o = pd.DataFrame({"wave": "1", "element": ["OTL"], "p_proposed": [0.62]})
    >>> s = p[["wave", "element", "province"]].assign(n=[4, 2], flag=["", "indicatief"])
    >>> h = deals_section(["OTL"], p, "1", default_instrument(), scores=s, opportunities=o,
    ...                   resamples=500).data
    >>> "<p>Onzeker: in 62% van 500" in h, "Groningen (n = 2) als volger" in h
    (True, True)
    """
    if not proposed:
        return HTML("<p>Er wordt geen gezamenlijke deal voorgesteld.</p>")
    chance = {}
    if opportunities is not None and "p_proposed" in opportunities:
        chance = in_wave(opportunities, wave).set_index("element")["p_proposed"].to_dict()
    with_p = roles is not None and "p_koploper" in roles and roles["p_koploper"].notna().any()
    parts = []
    for number_in_list, element in enumerate(proposed, start=1):
        label = instrument.element_label(element)
        own = _deal_rows(element, partners, wave, roles, scores)
        columns = {
            "provincie": vocab.OVERVIEW_LABELS["org"],
            "part": "In de deal",
            "stated_role": vocab.STATED_ROLE,
            "current": vocab.CURRENT,
            "gap": vocab.GAP,
        }
        shown = pd.DataFrame(
            {
                "provincie": own["provincie"].to_numpy(),
                "part": own["part"].map(vocab.PART_LABELS).to_numpy(),
                "stated_role": [
                    instrument.role_label(r) if isinstance(r, str) else MISSING
                    for r in own["stated_role"]
                ],
                "current": own["current"].to_numpy(dtype="float64"),
                "gap": own["gap"].to_numpy(dtype="float64"),
            }
        )
        formats = {}
        if "n" in own:
            shown["n"] = own["n"].to_numpy()
            columns["n"] = vocab.RESPONDENTS
            formats["n"] = whole
        if with_p:
            shown["p"] = [_position_p(row) for _, row in own.iterrows()]
            columns["p"] = "Kans op deze positie"
            formats["p"] = probability
        if "n" in own or with_p:
            shown["remark"] = [_remark(row) for _, row in own.iterrows()]
            columns["remark"] = vocab.REMARK
        parts.append(f"<h3>{number_in_list}. {html.escape(label)}</h3>")
        robust = deal_verdict(chance.get(element), resamples)
        if robust:
            parts.append(f"<p>{html.escape(robust)}</p>")
        parts.append(f"<p>{html.escape(deal_text(element, partners, wave, instrument))}</p>")
        notes = deal_notes(own, resamples)
        if notes:
            parts.append(
                '<div class="bm-note">' + "<br>".join(html.escape(n) for n in notes) + "</div>"
            )
        parts.append(table(shown, columns, formats).data)
    return HTML("".join(parts))
