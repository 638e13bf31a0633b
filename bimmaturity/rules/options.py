"""The rules that depend on the analysis options (rules 8-9 and 11), in one place.

:func:`bimmaturity.analysis.analyse` computes them once for every wave;
:func:`bimmaturity.present.whatif.recompute` computes them again for one wave while an analyst
moves the what-if sliders.
"""

from __future__ import annotations

import pandas as pd

from bimmaturity.config import AnalysisOptions
from bimmaturity.instrument import Instrument
from bimmaturity.organisations import active_registry
from bimmaturity.rules import businesscase, collaboration

__all__ = ["option_tables"]


def option_tables(
    scores: pd.DataFrame,
    stated: pd.DataFrame,
    costs: pd.DataFrame,
    instrument: Instrument,
    options: AnalysisOptions,
    registry: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """The tables that depend on the analysis options: positions, opportunities and deal
    partners (rules 8-9), the business case and the cost shares (rule 11).

    :func:`bimmaturity.analysis.analyse` computes them for every wave (and adds the
    resampling probabilities); :func:`bimmaturity.present.whatif.recompute` computes them
    again for one wave under the options an analyst sets with the sliders.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province scores (:func:`bimmaturity.rules.scoring.province_scores`).
    stated : pandas.DataFrame
        Stated roles (:func:`bimmaturity.rules.collaboration.stated_roles`).
    costs : pandas.DataFrame
        The cost table of the processed data.
    instrument : Instrument
        The instrument.
    options : AnalysisOptions
        Leader level, gap threshold, minimum demand, number of deals, overhead, years and
        discount are read.
    registry : pandas.DataFrame, optional
        The organisations with their size figure (``cbs_code``, ``population_2024``), for the
        cost shares; default: the registry in use. When it lacks the size of an organisation
        with scores, only the ``equal`` key is computed.

    Returns
    -------
    dict
        ``roles``, ``opportunities``, ``partners``, ``businesscase`` and ``shares``.

    Raises
    ------
    ValueError
        When ``options.cost_key`` is ``population`` or ``mixed`` and the registry lacks the
        size of an organisation with scores (naming them).

    Examples
    --------
    A koploper willing to lead and a starter on OTL, the cost table of one element:

    >>> from bimmaturity.instrument import default_instrument
    >>> scores = pd.DataFrame({"wave": "2020", "province": ["PV20", "PV21"], "element": "OTL",
    ...                        "current": [4.0, 1.0], "gap": [0.5, 2.0]})
    >>> stated = scores[["wave", "province", "element"]].assign(stated_role=["trekken", "meedoen"])
    >>> costs = pd.DataFrame({"element": ["OTL"], "cost_alone": [80_000.0],
    ...                       "cost_joint": [100_000.0], "cost_adopt": [0.0]})
    >>> tables = option_tables(scores, stated, costs, default_instrument(), AnalysisOptions())
    >>> sorted(tables)
    ['businesscase', 'opportunities', 'partners', 'roles', 'shares']
    >>> tables["roles"]["position"].tolist()
    ['koploper', 'starter']
    >>> case = tables["businesscase"].set_index("element")
    >>> case.loc["OTL", ["alone", "joint", "saving"]].tolist()
    [80000.0, 115000.0, -35000.0]
    """
    thresholds = {"leader_level": options.leader_level, "gap_threshold": options.gap_threshold}
    money = {
        "overhead": options.overhead,
        "years": options.years,
        "discount": options.discount,
        "leader_level": options.leader_level,
    }
    deals = {"min_demand": options.min_demand, "n_deals": options.n_deals}
    sizes = active_registry().sizes() if registry is None else registry
    lacking = sorted(set(scores["province"]) - set(sizes["cbs_code"]))
    keys = businesscase.KEYS if not lacking else ("equal",)
    if lacking and options.cost_key != "equal":
        listed = ", ".join(lacking[:5]) + (
            f" en {len(lacking) - 5} andere" if len(lacking) > 5 else ""
        )
        raise ValueError(
            f"verdeelsleutel {options.cost_key} vraagt de omvang (inwonertal) van elke "
            f"organisatie; die ontbreekt in het register voor {listed}. Vul de kolom omvang "
            "in organisaties.csv, of kies --cost-key equal"
        )
    return {
        "roles": collaboration.roles_table(scores, stated, **thresholds),
        "opportunities": collaboration.opportunities(
            scores, stated, instrument, **thresholds, **deals
        ),
        "partners": collaboration.deal_partners(scores, stated, instrument, **thresholds),
        "businesscase": businesscase.business_case(scores, stated, costs, instrument, **money),
        "shares": businesscase.cost_shares(
            scores,
            stated,
            costs,
            sizes,
            instrument=instrument,
            keys=keys,
            **money,
        ),
    }
