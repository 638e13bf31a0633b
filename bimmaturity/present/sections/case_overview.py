"""The business case per element (notebook 50): the cost of the followers going alone beside
one joint development, as bars and as a table (rule 11); re-exported by
:mod:`bimmaturity.present.sections.businesscase`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.present.format import euro, euro_range, whole
from bimmaturity.present.html import money_table
from bimmaturity.present.sections import in_wave, money_axis
from bimmaturity.present.theme import MONEY_COLORS

if TYPE_CHECKING:
    from bimmaturity.instrument import Instrument

__all__ = ["business_case_chart", "business_case_table"]


def business_case_chart(
    businesscase: pd.DataFrame,
    wave: str,
    instrument: Instrument,
    proposed: Sequence[str] = (),
) -> alt.Chart:
    """Per element the cost of the followers going alone beside one joint development (the
    koplopers already have it, rule 11).

    Elements without costs are left out; the labels of the proposed deals are bold.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, alone, joint, saving).
    wave
        The wave to show.
    instrument
        Gives the element labels and order.
    proposed
        Element ids of the proposed deals.

    Returns
    -------
    altair.Chart
        Grouped horizontal bars; data columns element_label, maat, bedrag, bedrag_tekst,
        deelnemers, koplopers, volgers, besparing_tekst, bandbreedte, voorgesteld.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "1", "element": ["OTL", "DATA"], "participants": [3, 0],
    ...     "alone": [300.0, None], "joint": [230.0, None], "saving": [70.0, None]})
    >>> chart = business_case_chart(bc, "1", default_instrument(), ["OTL"])
    >>> chart.data[["maat", "bedrag", "bedrag_tekst"]].to_dict("list")
    {'maat': ['Volgers ieder voor zich', 'Samen, incl. coördinatie'], 'bedrag': [300.0, 230.0], 'bedrag_tekst': ['€ 300', '€ 230']}
    """  # noqa: E501
    rows = in_wave(businesscase, wave)
    rows = rows[rows["alone"].notna() & rows["joint"].notna()].set_index("element")
    elements = [e for e in instrument.element_ids if e in rows.index]
    records = []
    for element in elements:
        row = rows.loc[element]
        for maat, column in zip(MONEY_COLORS, ("alone", "joint"), strict=True):
            records.append(
                {
                    "element_label": instrument.element_label(element),
                    "maat": maat,
                    "bedrag": float(row[column]),
                    "bedrag_tekst": euro(row[column]),
                    "deelnemers": int(row["participants"]),
                    "koplopers": int(row.get("koplopers", 0)),
                    "volgers": int(row.get("followers", row["participants"])),
                    "besparing_tekst": euro(row["saving"]),
                    "bandbreedte": euro_range(
                        row.get("saving_low", row["saving"]), row.get("saving_high", row["saving"])
                    ),
                    "voorgesteld": vocab.YES if element in proposed else vocab.NO,
                }
            )
    columns = [
        "element_label",
        "maat",
        "bedrag",
        "bedrag_tekst",
        "deelnemers",
        "koplopers",
        "volgers",
        "besparing_tekst",
        "bandbreedte",
        "voorgesteld",
    ]
    data = pd.DataFrame(records, columns=columns)
    labels = [instrument.element_label(e) for e in elements]
    bold = [instrument.element_label(e) for e in proposed if e in rows.index]
    axis = alt.Axis(
        labelFontWeight={
            "condition": {
                "test": f"indexof({json.dumps(bold)}, datum.value) >= 0",
                "value": "bold",
            },
            "value": "normal",
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("element_label:N", sort=labels, title=None, axis=axis),
            yOffset=alt.YOffset("maat:N", sort=list(MONEY_COLORS)),
            x=alt.X("bedrag:Q", title="Kosten in euro", axis=money_axis()),
            color=alt.Color(
                "maat:N",
                title=None,
                scale=alt.Scale(domain=list(MONEY_COLORS), range=list(MONEY_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("element_label:N", title=vocab.ELEMENT),
                alt.Tooltip("maat:N", title="Variant"),
                alt.Tooltip("bedrag_tekst:N", title="Kosten"),
                alt.Tooltip("deelnemers:Q", title="Deelnemers"),
                alt.Tooltip("koplopers:Q", title="Koplopers (hebben het al)"),
                alt.Tooltip("volgers:Q", title="Volgers"),
                alt.Tooltip("besparing_tekst:N", title="Besparing samen"),
                alt.Tooltip("bandbreedte:N", title="Bandbreedte besparing"),
                alt.Tooltip("voorgesteld:N", title="Voorgestelde deal"),
            ],
        )
        .properties(
            width=520,
            height=alt.Step(13),
            title=f"Kosten per element: volgers ieder voor zich of samen (meting {wave})",
        )
    )


def business_case_table(
    businesscase: pd.DataFrame,
    wave: str,
    instrument: Instrument,
    proposed: Sequence[str] = (),
) -> HTML:
    """The business case per element: participants (koplopers and followers), the followers'
    cost alone and the joint cost, the saving with its low and high value and the break-even
    number of followers; the proposed deals first.

    Parameters
    ----------
    businesscase
        The business case (wave, element, participants, alone, joint, saving, break_even).
    wave
        The wave.
    instrument : Instrument
        Gives the labels and the order.
    proposed
        Element ids of the proposed deals, in rank order.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> bc = pd.DataFrame({"wave": "1", "element": ["DATA", "OTL"], "participants": [0, 12],
    ...     "alone": [0.0, 6_600_000.0], "joint": [1_035_000.0, 1_081_000.0],
    ...     "saving": [-1_035_000.0, 5_519_000.0],
    ...     "break_even": pd.array([3, 2], dtype="Int64")})
    >>> h = business_case_table(bc, "1", default_instrument(), ["OTL"]).data
    >>> h.index("Objecttypebibliotheek") < h.index("Informatie-"), "€ 5.519.000" in h
    (True, True)
    """
    rows = in_wave(businesscase, wave).set_index("element")
    order = [e for e in proposed if e in rows.index]
    order += [e for e in instrument.element_ids if e in rows.index and e not in order]
    rows = rows.loc[order]
    shown = pd.DataFrame(
        {
            "element": [instrument.element_label(e) for e in order],
            "proposed": [vocab.YES if e in proposed else vocab.NO for e in order],
            "participants": rows["participants"].to_numpy(),
            "alone": rows["alone"].astype("float64").to_numpy(),
            "joint": rows["joint"].astype("float64").to_numpy(),
            "saving": rows["saving"].astype("float64").to_numpy(),
            "break_even": rows["break_even"].astype("Float64").to_numpy(),
        }
    )
    columns = {
        "element": vocab.ELEMENT,
        "proposed": "Voorgestelde deal",
        "participants": "Deelnemers",
        "alone": "Ieder voor zich",
        "joint": "Samen (incl. coördinatie)",
        "saving": "Besparing",
        "break_even": "Loont vanaf (deelnemers)",
    }
    money = ["alone", "joint", "saving"]
    if "followers" in rows:
        shown.insert(3, "koplopers", rows["koplopers"].to_numpy())
        shown.insert(4, "followers", rows["followers"].to_numpy())
        shown["saving_low"] = rows["saving_low"].astype("float64").to_numpy()
        shown["saving_high"] = rows["saving_high"].astype("float64").to_numpy()
        columns = {
            "element": vocab.ELEMENT,
            "proposed": "Voorgestelde deal",
            "participants": "Deelnemers",
            "koplopers": "Koplopers",
            "followers": "Volgers",
            "alone": "Volgers ieder voor zich",
            "joint": "Samen (incl. coördinatie en invoering)",
            "saving": "Besparing",
            "saving_low": "Besparing laag",
            "saving_high": "Besparing hoog",
            "break_even": "Loont vanaf (volgers)",
        }
        money += ["saving_low", "saving_high"]
    counts = dict.fromkeys(("participants", "koplopers", "followers", "break_even"), whole)
    return money_table(shown, columns, money=money, formats=counts)
