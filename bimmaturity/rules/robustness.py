"""Robustness of positions and deals under resampling of respondents (rule 8).

With three to eight respondents per province, who is koploper and which deals are proposed
can hinge on one respondent. In each of ``resamples`` resamples every province's respondents
are drawn with replacement within the wave (a respondent's element scores and stated roles
travel together), and rules 2, 3 (the means), 7, 8 and 9 are applied again with the same
parameters. The shares of resamples give

- ``p_koploper(p,e)``, ``p_starter(p,e)``: p is koploper / starter on e;
- ``p_kansrijk(e)``, ``p_proposed(e)``: e is kansrijk / among the proposed deals.

Streams: province p of wave w draws from ``keyed_generator(seed, "w|p")``
(:mod:`bimmaturity.rules.resampling`), ``integers(0, n_p, size=(resamples, n_p))`` over its
respondents sorted by pseudonym; so a wave's figures do not depend on the other waves (nor a
province's draws on the other provinces).

Vectorised: per province one count matrix (resamples x respondents, by ``bincount``) times
(``einsum``) one respondent x column matrix (scores, their presence, one-hot roles) gives
every resample's sums at once; rule 9 then runs on resamples x provinces x elements arrays
(``lexsort`` for the ranking). 500 resamples of 400 organisations x 25 respondents take about
half a second.

The respondents of a province are those with an answer or a stated role in the wave. The
threshold comparisons use the tolerance of :mod:`bimmaturity.rules.collaboration`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from bimmaturity.config import DEFAULTS
from bimmaturity.frames import require_columns
from bimmaturity.instrument import Instrument
from bimmaturity.rules.collaboration import (
    DEMAND_ROLES,
    SUPPLY_ROLES,
    _position_flags,
    _str_column,
)
from bimmaturity.rules.progress import waves_in
from bimmaturity.rules.resampling import draws
from bimmaturity.rules.scoring import respondent_scores

__all__ = [
    "DEAL_COLUMNS",
    "POSITION_COLUMNS",
    "ROBUSTNESS_SEED",
    "Robustness",
    "robustness",
]

ROBUSTNESS_SEED = 20181
"""Base seed of the resampling streams (combined with wave and province)."""
POSITION_COLUMNS = ["wave", "province", "element", "p_koploper", "p_starter"]
DEAL_COLUMNS = ["wave", "element", "p_kansrijk", "p_proposed"]
_ROUND = 9  # as in rule 9's ranking: mean gaps compared to 9 decimals


class Robustness(NamedTuple):
    """The probabilities of rule 8, as two tidy frames.

    Attributes
    ----------
    positions : pandas.DataFrame
        wave, province, element, p_koploper, p_starter: one row per province with
        respondents in the wave and element of the instrument.
    deals : pandas.DataFrame
        wave, element, p_kansrijk, p_proposed: one row per wave and element.
    """

    positions: pd.DataFrame
    deals: pd.DataFrame


def _role_codes(roles: pd.DataFrame, instrument: Instrument) -> np.ndarray:
    """Role index in the instrument's engagement order (0 = most engaged); -1 = no answer."""
    text = _str_column(roles["role"])
    parsed = {value: instrument.parse_role(value) for value in text.dropna().unique()}
    index = {role: i for i, role in enumerate(instrument.role_ids)}
    codes = text.map(parsed).map(index)
    return codes.fillna(-1).to_numpy(dtype="int64")


def _wave_arrays(
    scores: pd.DataFrame, roles: pd.DataFrame, instrument: Instrument
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Provinces (sorted), respondents per province, and the respondent x column matrix.

    Columns: current sums (E), current present (E), ambition sums (E), ambition present (E),
    role counts (E x R, element-major).
    """
    elements = instrument.element_ids
    n_e, n_r = len(elements), len(instrument.role_ids)
    people = pd.concat(
        [scores[["province", "respondent"]], roles[["province", "respondent"]]],
        ignore_index=True,
    ).drop_duplicates()
    people = people.sort_values(["province", "respondent"], kind="stable").reset_index(drop=True)
    row = pd.Series(np.arange(len(people)), index=pd.MultiIndex.from_frame(people), dtype="int64")
    element_index = {e: i for i, e in enumerate(elements)}
    matrix = np.zeros((len(people), 4 * n_e + n_e * n_r))
    at = row.reindex(pd.MultiIndex.from_frame(scores[["province", "respondent"]])).to_numpy()
    col = scores["element"].map(element_index)
    known = col.notna().to_numpy()
    at, col = at[known], col[known].to_numpy(dtype="int64")
    for offset, measure in ((0, "current"), (2 * n_e, "ambition")):
        values = scores[measure].to_numpy(dtype="float64")[known]
        present = ~np.isnan(values)
        matrix[at[present], offset + col[present]] = values[present]
        matrix[at[present], offset + n_e + col[present]] = 1.0
    codes = _role_codes(roles, instrument)
    role_col = roles["element"].map(element_index)
    keep = (codes >= 0) & role_col.notna().to_numpy()
    if keep.any():
        at = row.reindex(pd.MultiIndex.from_frame(roles[["province", "respondent"]])).to_numpy()
        target = 4 * n_e + role_col.to_numpy(dtype="float64")[keep].astype("int64") * n_r
        np.add.at(matrix, (at[keep], target + codes[keep]), 1.0)
    sizes = people.groupby("province", sort=True).size()
    return [str(p) for p in sizes.index], sizes.to_numpy(dtype="int64"), matrix


def _resampled_flags(
    matrix: np.ndarray,
    sizes: np.ndarray,
    keys: list[str],
    resamples: int,
    seed: int,
    instrument: Instrument,
    leader_level: float,
    gap_threshold: float,
) -> dict[str, np.ndarray]:
    """Provinces x resamples x elements arrays: koploper, starter, supplies, demands, gap."""
    n_e, n_r = len(instrument.element_ids), len(instrument.role_ids)
    supply_idx = [instrument.role_ids.index(r) for r in SUPPLY_ROLES if r in instrument.role_ids]
    demand_idx = [instrument.role_ids.index(r) for r in DEMAND_ROLES if r in instrument.role_ids]
    shape = (len(sizes), resamples, n_e)
    out = {name: np.zeros(shape, dtype=bool) for name in ("koploper", "starter", "sup", "dem")}
    out["gap"] = np.full(shape, np.nan)
    start = 0
    for g, drawn in enumerate(draws(sizes, resamples, seed=seed, keys=keys)):
        n = int(sizes[g])
        block = matrix[start : start + n]
        start += n
        offsets = (np.arange(resamples) * n)[:, np.newaxis]
        times = np.bincount((drawn + offsets).ravel(), minlength=resamples * n)
        # einsum's own loops, not BLAS: a threaded BLAS on these small products is slow on a
        # busy machine (its threads wait for each other)
        sums = np.einsum("bn,nc->bc", times.reshape(resamples, n).astype("float64"), block)
        with np.errstate(invalid="ignore", divide="ignore"):
            current = sums[:, :n_e] / sums[:, n_e : 2 * n_e]
            ambition = sums[:, 2 * n_e : 3 * n_e] / sums[:, 3 * n_e : 4 * n_e]
        gap = ambition - current
        counts = sums[:, 4 * n_e :].reshape(resamples, n_e, n_r)
        stated = np.where(counts.max(axis=2) > 0, counts.argmax(axis=2), -1)  # ties: engaged
        koploper, large_gap = _position_flags(current, gap, leader_level, gap_threshold)
        out["koploper"][g] = koploper
        out["starter"][g] = large_gap & ~koploper
        out["sup"][g] = koploper & np.isin(stated, supply_idx)
        out["dem"][g] = large_gap & np.isin(stated, demand_idx)
        out["gap"][g] = gap
    return out


def _deal_shares(
    flags: dict[str, np.ndarray], min_demand: int, n_deals: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 9 in every resample: the share of resamples in which e is kansrijk / proposed."""
    supply = flags["sup"].sum(axis=0)  # resamples x elements
    demand = flags["dem"].sum(axis=0)
    gap = flags["gap"]
    present = ~np.isnan(gap)
    count = present.sum(axis=0)
    total = np.where(present, gap, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_gap = np.where(count > 0, total / count, np.nan)
    resamples, n_e = supply.shape
    gap_key = np.where(np.isnan(mean_gap), np.inf, -np.round(mean_gap, _ROUND))
    element = np.broadcast_to(np.arange(n_e), (resamples, n_e))
    sample = np.broadcast_to(np.arange(resamples)[:, np.newaxis], (resamples, n_e))
    order = np.lexsort(
        (element.ravel(), gap_key.ravel(), -supply.ravel(), -demand.ravel(), sample.ravel())
    ).reshape(resamples, n_e)  # within each resample (rows stay grouped by the primary key)
    kansrijk = (supply >= 1) & (demand >= min_demand)
    ranked = np.take_along_axis(kansrijk, order - (np.arange(resamples) * n_e)[:, None], axis=1)
    chosen = ranked & (np.cumsum(ranked, axis=1) <= n_deals)
    proposed = np.zeros_like(kansrijk)
    np.put_along_axis(proposed, order - (np.arange(resamples) * n_e)[:, None], chosen, axis=1)
    return kansrijk.mean(axis=0), proposed.mean(axis=0)


def robustness(
    answers: pd.DataFrame,
    roles: pd.DataFrame,
    instrument: Instrument,
    *,
    leader_level: float = DEFAULTS.leader_level,
    gap_threshold: float = DEFAULTS.gap_threshold,
    min_demand: int = DEFAULTS.min_demand,
    n_deals: int = DEFAULTS.n_deals,
    resamples: int = DEFAULTS.resamples,
    seed: int = ROBUSTNESS_SEED,
    per_respondent: pd.DataFrame | None = None,
) -> Robustness:
    """The probabilities of rule 8: positions and deals under resampling of respondents.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    roles : pandas.DataFrame
        Respondent-level roles: wave, province, respondent, element, role.
    instrument : Instrument
        Elements, questions, roles (their engagement order breaks ties, rule 7).
    leader_level, gap_threshold, min_demand, n_deals
        The parameters of rules 8 and 9.
    resamples : int
        Number of resamples (>= 0); with 0 every probability is missing.
    seed : int
        Base seed (see the module notes).
    per_respondent : pandas.DataFrame, optional
        :func:`bimmaturity.rules.scoring.respondent_scores` of ``answers``, when computed.

    Returns
    -------
    Robustness
        ``positions`` (wave, province, element, p_koploper, p_starter) and ``deals`` (wave,
        element, p_kansrijk, p_proposed), waves in measurement order, provinces by code,
        elements in instrument order.

    Examples
    --------
    Three provinces whose respondents agree: every resample gives the same answer.

    >>> from bimmaturity.instrument import default_instrument
    >>> inst = default_instrument()
    >>> people = [("PV20", "a", 4.0, "trekken"), ("PV20", "b", 4.0, "trekken"),
    ...           ("PV21", "c", 1.0, "volgen"), ("PV22", "d", 1.0, "volgen"),
    ...           ("PV23", "e", 1.0, "meedoen")]
    >>> answers = pd.DataFrame([(p, r, q, c, 5.0) for p, r, c, _ in people
    ...     for q in ("OTL-1", "OTL-2", "OTL-3")],
    ...     columns=["province", "respondent", "question", "current", "ambition"])
    >>> answers = answers.assign(wave="1", element="OTL")
    >>> roles = pd.DataFrame([(p, r, role) for p, r, _, role in people],
    ...     columns=["province", "respondent", "role"]).assign(wave="1", element="OTL")
    >>> result = robustness(answers, roles, inst, resamples=50)
    >>> result.deals.query("element == 'OTL'")[["p_kansrijk", "p_proposed"]].values.tolist()
    [[1.0, 1.0]]
    >>> result.positions.query("element == 'OTL'")[["province", "p_koploper"]].values.tolist()
    [['PV20', 1.0], ['PV21', 0.0], ['PV22', 0.0], ['PV23', 0.0]]
    """
    if resamples < 0:
        raise ValueError(f"resamples moet >= 0 zijn / must be >= 0, got {resamples}")
    require_columns(roles, ["wave", "province", "respondent", "element", "role"], "roles")
    if per_respondent is None:
        per_respondent = respondent_scores(answers, instrument)
    elements = instrument.element_ids
    positions, deals = [], []
    present = pd.concat([per_respondent["wave"], roles["wave"]]).astype(str).unique()
    for wave in waves_in(present):
        scores = per_respondent[per_respondent["wave"].astype(str) == wave]
        said = roles[roles["wave"].astype(str) == wave]
        provinces, sizes, matrix = _wave_arrays(scores, said, instrument)
        n_p, n_e = len(provinces), len(elements)
        if resamples == 0 or n_p == 0:
            p_kop = p_sta = np.full((n_p, n_e), np.nan)
            p_kans = p_prop = np.full(n_e, np.nan)
        else:
            flags = _resampled_flags(
                matrix,
                sizes,
                [f"{wave}|{province}" for province in provinces],
                resamples,
                seed,
                instrument,
                leader_level,
                gap_threshold,
            )
            p_kop, p_sta = flags["koploper"].mean(axis=1), flags["starter"].mean(axis=1)
            p_kans, p_prop = _deal_shares(flags, min_demand, n_deals)
        positions.append(
            pd.DataFrame(
                {
                    "wave": wave,
                    "province": np.repeat(provinces, n_e),
                    "element": np.tile(elements, n_p),
                    "p_koploper": p_kop.ravel(),
                    "p_starter": p_sta.ravel(),
                }
            )
        )
        deals.append(
            pd.DataFrame(
                {"wave": wave, "element": elements, "p_kansrijk": p_kans, "p_proposed": p_prop}
            )
        )
    return Robustness(
        _frame(positions, POSITION_COLUMNS, ["province", "element"]),
        _frame(deals, DEAL_COLUMNS, ["element"]),
    )


def _frame(parts: list[pd.DataFrame], columns: list[str], keys: list[str]) -> pd.DataFrame:
    dtypes = {c: "str" for c in ["wave", *keys]} | {
        c: "float64" for c in columns if c.startswith("p_")
    }
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns].astype(dtypes)
