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

Vectorised: respondents and elements are coded to integers once; per province one count
matrix (respondents x resamples, by ``bincount``) times (``einsum``) the column x respondent
matrices (scores; their presence and one-hot roles, whole numbers, in float32) gives every
resample's sums at once, laid out column by column so that the positions and stated roles of
rules 7 and 8 are whole-row array operations over a chunk of provinces; rule 9 then runs on
resamples x elements arrays (``lexsort`` for the ranking). 500 resamples of 400
organisations x 25 respondents take about 0.35 s of CPU time.

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
_CHUNK = 4_000_000  # resample sums held at once (about 24 MB, twice while transposed)


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
    codes, uniques = pd.factorize(text)  # each distinct answer parsed once; NaN -> -1
    index = {role: i for i, role in enumerate(instrument.role_ids)}
    lookup = np.array(
        [index.get(instrument.parse_role(value), -1) for value in uniques] + [-1], dtype="int64"
    )
    return lookup[codes]  # code -1 takes the last entry: no answer


def _people(scores: pd.DataFrame, roles: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """The respondents of a wave as rows sorted by (province, respondent).

    Returns the row of every scores row, the row of every roles row, and the province codes
    (sorted) with the number of rows of each.
    """
    province = pd.concat([scores["province"], roles["province"]], ignore_index=True)
    respondent = pd.concat([scores["respondent"], roles["respondent"]], ignore_index=True)
    p_codes, p_names = pd.factorize(province.astype("str"), sort=True, use_na_sentinel=False)
    r_codes, r_names = pd.factorize(respondent.astype("str"), sort=True, use_na_sentinel=False)
    pair = p_codes.astype("int64") * max(len(r_names), 1) + r_codes
    people, row = np.unique(pair, return_inverse=True)  # sorted: province, then respondent
    of_person = people // max(len(r_names), 1)
    sizes = np.bincount(of_person, minlength=len(p_names))
    present = sizes > 0
    return (
        row[: len(scores)],
        row[len(scores) :],
        np.asarray(p_names, dtype=object)[present],
        sizes[present],
    )


def _wave_arrays(
    scores: pd.DataFrame, roles: pd.DataFrame, instrument: Instrument
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Provinces (sorted), respondents per province, and two respondent x column matrices.

    ``values`` (float64): current scores (E), ambition scores (E), 0 where missing.
    ``counts`` (float32, whole numbers, so every sum of them is exact): current present (E),
    ambition present (E), role counts (R x E, role-major).
    """
    elements = instrument.element_ids
    n_e, n_r = len(elements), len(instrument.role_ids)
    score_row, role_row, provinces, sizes = _people(scores, roles)
    element_index = pd.Series(np.arange(n_e), index=pd.Index(elements, dtype="str"))
    values = np.zeros((int(sizes.sum()), 2 * n_e))
    counts = np.zeros((int(sizes.sum()), 2 * n_e + n_r * n_e), dtype="float32")
    col = _positions(scores["element"], element_index)
    known = col >= 0
    at, col = score_row[known], col[known]
    for offset, measure in ((0, "current"), (n_e, "ambition")):
        measured = scores[measure].to_numpy(dtype="float64")[known]
        present = ~np.isnan(measured)
        values[at[present], offset + col[present]] = measured[present]
        counts[at[present], offset + col[present]] = 1.0
    codes = _role_codes(roles, instrument)
    role_col = _positions(roles["element"], element_index)
    keep = (codes >= 0) & (role_col >= 0)
    if keep.any():
        target = 2 * n_e + codes[keep] * n_e + role_col[keep]
        np.add.at(counts, (role_row[keep], target), 1.0)
    return [str(p) for p in provinces], sizes.astype("int64"), values, counts


def _positions(values: pd.Series, index: pd.Series) -> np.ndarray:
    """The position of each value in ``index`` (-1 where unknown), via its distinct values."""
    codes, uniques = pd.factorize(values)
    lookup = np.append(index.reindex(pd.Index(uniques)).fillna(-1).to_numpy(dtype="int64"), -1)
    return lookup[codes]


def _stated(counts: list[np.ndarray]) -> np.ndarray:
    """The most counted role, given each role's counts (ties: the lowest index); -1 when none."""
    best = counts[0]
    stated = np.zeros(best.shape, dtype="int64")
    for r, count in enumerate(counts[1:], start=1):
        more = count > best
        stated = np.where(more, r, stated)
        best = np.where(more, count, best)
    return np.where(best > 0, stated, -1)


def _resampled_flags(
    values: np.ndarray,
    counts: np.ndarray,
    sizes: np.ndarray,
    keys: list[str],
    resamples: int,
    seed: int,
    instrument: Instrument,
    leader_level: float,
    gap_threshold: float,
) -> dict[str, np.ndarray]:
    """Elements x provinces x resamples arrays: koploper, starter, supplies, demands, gap.

    Per province two einsums give every resample's sums (the scores in float64, the counts in
    float32, exact for whole numbers), column-major: each column's sums over the resamples
    are one contiguous row, so the einsum and the flags after it run over whole rows. The
    flags are taken for a chunk of provinces at a time (memory stays bounded at any size).
    """
    n_e, n_r = len(instrument.element_ids), len(instrument.role_ids)
    supply = np.zeros(n_r + 1, dtype=bool)  # index -1 (no role) -> the last entry, False
    supply[[instrument.role_ids.index(r) for r in SUPPLY_ROLES if r in instrument.role_ids]] = 1
    demand = np.zeros(n_r + 1, dtype=bool)
    demand[[instrument.role_ids.index(r) for r in DEMAND_ROLES if r in instrument.role_ids]] = 1
    shape = (n_e, len(sizes), resamples)
    out = {name: np.empty(shape, dtype=bool) for name in ("koploper", "starter", "sup", "dem")}
    out["gap"] = np.empty(shape)
    columns_values, columns_counts = np.ascontiguousarray(values.T), np.ascontiguousarray(counts.T)
    chunk = max(1, _CHUNK // (resamples * (len(columns_values) + len(columns_counts))))
    value_sums = np.empty((len(columns_values), min(chunk, len(sizes)), resamples))
    count_sums = np.empty((len(columns_counts), min(chunk, len(sizes)), resamples), "float32")
    rows = np.concatenate([[0], np.cumsum(sizes)])
    drawing = draws(sizes, resamples, seed=seed, keys=keys)
    for first in range(0, len(sizes), chunk):
        last = min(first + chunk, len(sizes))
        for g in range(first, last):
            n = int(sizes[g])
            # times[j, b]: how often respondent j is drawn in resample b
            drawn = next(drawing) * resamples + np.arange(resamples)[:, np.newaxis]
            times = np.bincount(drawn.ravel(), minlength=n * resamples).reshape(n, resamples)
            block = slice(rows[g], rows[g + 1])
            # einsum's own loops, not BLAS: a threaded BLAS on these small products is slow
            # on a busy machine (its threads wait for each other); the sum over j runs in
            # order, as in the sums of the drawn respondents' rows
            np.einsum(
                "cn,nb->cb",
                columns_values[:, block],
                times.astype("float64"),
                out=value_sums[:, g - first],
            )
            np.einsum(
                "cn,nb->cb",
                columns_counts[:, block],
                times.astype("float32"),
                out=count_sums[:, g - first],
            )
        value_part = value_sums[:, : last - first]
        count_part = count_sums[:, : last - first]
        with np.errstate(invalid="ignore", divide="ignore"):
            current = value_part[:n_e] / count_part[:n_e].astype("float64")
            ambition = value_part[n_e:] / count_part[n_e : 2 * n_e].astype("float64")
        gap = ambition - current
        stated = _stated([count_part[(2 + r) * n_e : (3 + r) * n_e] for r in range(n_r)])
        koploper, large_gap = _position_flags(current, gap, leader_level, gap_threshold)
        out["koploper"][:, first:last] = koploper
        out["starter"][:, first:last] = large_gap & ~koploper
        out["sup"][:, first:last] = koploper & supply[stated]
        out["dem"][:, first:last] = large_gap & demand[stated]
        out["gap"][:, first:last] = gap
    return out


def _deal_shares(
    flags: dict[str, np.ndarray], min_demand: int, n_deals: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 9 in every resample: the share of resamples in which e is kansrijk / proposed."""
    supply = flags["sup"].sum(axis=1).T  # resamples x elements
    demand = flags["dem"].sum(axis=1).T
    gap = flags["gap"]
    present = ~np.isnan(gap)
    count = present.sum(axis=1).T
    total = np.where(present, gap, 0.0).sum(axis=1).T  # over the provinces, in order
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
        provinces, sizes, values, counts = _wave_arrays(scores, said, instrument)
        n_p, n_e = len(provinces), len(elements)
        if resamples == 0 or n_p == 0:
            p_kop = p_sta = np.full((n_p, n_e), np.nan)
            p_kans = p_prop = np.full(n_e, np.nan)
        else:
            flags = _resampled_flags(
                values,
                counts,
                sizes,
                [f"{wave}|{province}" for province in provinces],
                resamples,
                seed,
                instrument,
                leader_level,
                gap_threshold,
            )
            p_kop, p_sta = flags["koploper"].mean(axis=2).T, flags["starter"].mean(axis=2).T
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
