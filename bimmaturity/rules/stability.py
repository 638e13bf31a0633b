"""Bootstrap stability of the gap clusters (rule 10): Hennig's clusterboot.

In each of ``n_boot`` resamples the respondents of every clustered province are drawn with
replacement (:mod:`bimmaturity.rules.resampling`, one stream per wave), the gap profiles
recomputed, and the provinces clustered again (Ward), with k chosen again by the silhouette
when the caller gave none. A cluster's stability is the mean, over the resamples, of its
highest Jaccard similarity with any cluster of the resample (Hennig 2007, ``fpc::clusterboot``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import pdist, squareform

from bimmaturity.frames import floats
from bimmaturity.rules.clustering import (
    _SILHOUETTE_TIE,
    K_MAX,
    _assignment_waves,
    _empty,
    _impute,
    _members,
)
from bimmaturity.rules.resampling import resampled_means

__all__ = [
    "N_BOOT",
    "SEED",
    "UNSTABLE",
    "cluster_stability",
    "jaccard_stability",
    "resampled_labels",
]

N_BOOT = 100
"""Default number of resamples (``fpc::clusterboot``'s default B)."""
SEED = 20181
"""Default seed of the random stream."""
UNSTABLE = 0.6
"""Below this stability a report calls a cluster unstable (rule 10)."""


def _nested_cuts(tree: np.ndarray, ks: list[int]) -> list[np.ndarray]:
    """Cluster codes (0..k-1) after the first ``n - k`` merges of the tree, for every k.

    The same partitions as :func:`bimmaturity.rules.clustering._cut` (which falls back to
    exactly these merges when tied heights stop ``fcluster``), without its validity checks:
    a leaf's cluster is its highest ancestor created by one of the first ``n - k`` merges
    (node ids grow towards the root), coded by the rank of that ancestor's id.

    The ancestors for the largest k are found once for all leaves (pointer jumping over the
    parents below the limit); those of a smaller k from them, climbing the few top nodes.
    """
    n = tree.shape[0] + 1
    nodes = np.arange(2 * n - 1)
    parent = nodes.copy()
    merged = n + np.arange(n - 1)
    parent[tree[:, 0].astype("int64")] = merged
    parent[tree[:, 1].astype("int64")] = merged
    k_top = max(ks)
    up = np.where(parent < 2 * n - k_top, parent, nodes)  # nodes n .. 2n - k - 1 exist
    while True:
        jumped = up[up]
        if np.array_equal(jumped, up):
            break
        up = jumped
    tops, leaf_top = np.unique(up[:n], return_inverse=True)  # at most k_top ancestors
    cuts = []
    for k in ks:
        limit = 2 * n - k
        ancestor = tops.copy()
        while True:
            step = parent[ancestor]
            move = (step < limit) & (step != ancestor)
            if not move.any():
                break
            ancestor = np.where(move, step, ancestor)
        cuts.append(np.unique(ancestor, return_inverse=True)[1][leaf_top])
    return cuts


def _silhouettes(distances: np.ndarray, cuts: list[np.ndarray]) -> np.ndarray:
    """Mean silhouette of nested labelings, finest first (as ``silhouette_score``, equal up
    to rounding; used only inside the resamples). The distance sums per cluster are taken
    once for the finest labeling (``np.add.reduceat``) and added up for the coarser ones.
    ``distances`` must be symmetric (as from ``squareform``)."""
    n = len(distances)
    rows = np.arange(n)
    finest = cuts[0]
    order = np.argsort(finest, kind="stable")
    fine_sizes = np.bincount(finest)
    starts = np.concatenate([[0], np.cumsum(fine_sizes)[:-1]])
    # rows, not columns, of the symmetric matrix: the same sums in the same order, faster;
    # clusters x provinces throughout, so every reduction runs over whole rows
    fine_sums = np.add.reduceat(distances[order], starts, axis=0)  # k_finest x n
    means = []
    for own in cuts:
        k = int(own.max()) + 1
        coarse = np.zeros(len(fine_sizes), dtype="int64")
        coarse[finest] = own  # each fine cluster lies in one coarse cluster
        sums = np.zeros((k, n))
        np.add.at(sums, coarse, fine_sums)
        sizes = np.bincount(own, minlength=k).astype("float64")
        own_size = sizes[own]
        a = np.divide(sums[own, rows], own_size - 1, out=np.zeros(n), where=own_size > 1)
        mean_to = sums / sizes[:, np.newaxis]
        mean_to[own, rows] = np.inf
        b = mean_to.min(axis=0)
        top = np.maximum(a, b)
        s = np.divide(b - a, top, out=np.zeros(n), where=top > 0)
        s[own_size == 1] = 0.0
        means.append(float(s.mean()) if k > 1 else 0.0)
    return np.array(means)


def _labels(profile: np.ndarray, k: int | None) -> np.ndarray:
    """Ward labels (1..k) of one resampled gap matrix; k chosen by silhouette when None."""
    array = _impute(profile)
    condensed = pdist(array, metric="euclidean")
    tree = linkage(condensed, method="ward")  # the same tree as from the observations
    if k is not None:
        return _nested_cuts(tree, [k])[0] + 1
    ks = list(range(min(K_MAX, len(array) - 1), 1, -1))  # finest first
    cuts = _nested_cuts(tree, ks)
    curve = _silhouettes(squareform(condensed), cuts)
    best = max(range(len(ks)), key=lambda i: (curve[i] >= curve.max() - _SILHOUETTE_TIE, -ks[i]))
    return cuts[best] + 1


def resampled_labels(
    respondent_scores: pd.DataFrame,
    provinces: list[str],
    k: int | None,
    wave: str,
    *,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> np.ndarray:
    """Cluster labels of the provinces in every resample of their respondents.

    The random stream is ``numpy.random.default_rng(seed)``; the provinces draw from it in the
    order given (see :func:`bimmaturity.rules.resampling.draws`). In each resample ``S`` and
    ``A`` are the plain means of the drawn respondents' non-missing scores, ``G = A - S``,
    missing gaps are imputed as in :func:`bimmaturity.rules.clustering.gap_matrix`, and the
    Ward tree is cut into ``k`` clusters, or, when ``k`` is None, into the k in
    ``2..min(6, n-1)`` with the highest mean silhouette (ties: smaller k).

    Parameters
    ----------
    respondent_scores : pandas.DataFrame
        wave, province, respondent, element, current, ambition.
    provinces : list of str
        The clustered provinces, in drawing order.
    k : int or None
        Number of clusters; None to choose it again in every resample (needs 3 provinces).
    wave : str
        The wave.
    n_boot, seed : int
        Number of resamples and seed.

    Returns
    -------
    numpy.ndarray
        n_boot x provinces, labels 1..k of each resample (numbered by the tree's nodes:
        only the partition matters).

    Raises
    ------
    ValueError
        When a province has no respondent scores in the wave.

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21", "PV22"],
    ...     "respondent": ["a", "b", "c"], "element": "OTL", "current": 2.0,
    ...     "ambition": [2.0, 2.5, 5.0]})
    >>> resampled_labels(resp, ["PV20", "PV21", "PV22"], 2, "1", n_boot=2).tolist()
    [[2, 2, 1], [2, 2, 1]]
    """
    data = respondent_scores[respondent_scores["wave"].astype(str) == wave]
    province, province_ids = pd.factorize(
        data["province"].astype(str), sort=True, use_na_sentinel=False
    )
    missing = sorted(set(provinces) - set(province_ids))
    if missing:
        raise ValueError(
            f"meting {wave}: geen respondentscores voor / no respondent scores for: "
            f"{', '.join(missing)}"
        )
    # elements in order of first appearance; a missing value is a code too, never -1
    element, elements = pd.factorize(data["element"].astype(str), use_na_sentinel=False)
    respondent, respondent_ids = pd.factorize(
        data["respondent"].astype(str), sort=True, use_na_sentinel=False
    )
    rank = pd.Index(provinces).get_indexer(province_ids)[province]  # -1: not clustered
    kept = rank >= 0
    n_r = max(len(respondent_ids), 1)
    # provinces in drawing order, respondents sorted
    person, people = pd.factorize(rank[kept] * n_r + respondent[kept], sort=True)
    sizes = np.bincount(np.asarray(people) // n_r, minlength=len(provinces))
    n_elements = len(elements)
    values = np.full((len(people), 2 * n_elements), np.nan)
    values[person, element[kept]] = floats(data["current"])[kept]
    values[person, n_elements + element[kept]] = floats(data["ambition"])[kept]
    means = resampled_means(values, sizes, n_boot, seed=seed)  # provinces x n_boot x 2E
    gaps = means[:, :, n_elements:] - means[:, :, :n_elements]
    if len(provinces) == 1:
        return np.ones((n_boot, 1), dtype="int64")
    if k is None and len(provinces) < 3:
        raise ValueError(f"meting {wave}: k kiezen vraagt minimaal 3 provincies")
    return np.array([_labels(gaps[:, b, :], k) for b in range(n_boot)], dtype="int64")


def jaccard_stability(clusters: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per cluster, the mean over resamples of its highest Jaccard similarity (clusterboot).

    Parameters
    ----------
    clusters : numpy.ndarray
        The original cluster of each province (length n).
    labels : numpy.ndarray
        Resamples x n: the cluster of each province in each resample.

    Returns
    -------
    numpy.ndarray
        One value per province: the stability of its (original) cluster.

    Examples
    --------
    >>> jaccard_stability(np.array([1, 1, 2]), np.array([[1, 1, 2], [1, 2, 2]])).tolist()
    [0.75, 0.75, 0.75]
    """
    clusters = np.asarray(clusters)
    labels = np.asarray(labels)
    _, own = np.unique(clusters, return_inverse=True)
    original = np.zeros((len(clusters), own.max() + 1))
    original[np.arange(len(clusters)), own] = 1.0
    resampled = (labels[:, :, np.newaxis] == np.arange(1, labels.max() + 1)).astype("float64")
    both = np.einsum("ic,bid->bcd", original, resampled)
    size_c = original.sum(axis=0)[np.newaxis, :, np.newaxis]
    size_d = resampled.sum(axis=1)[:, np.newaxis, :]
    union = size_c + size_d - both
    jaccard = np.divide(both, union, out=np.zeros_like(both), where=union > 0)
    return jaccard.max(axis=2).mean(axis=0)[own]


def cluster_stability(
    respondent_scores: pd.DataFrame,
    assignment: pd.DataFrame,
    *,
    k: int | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> pd.DataFrame:
    """Bootstrap stability of each cluster (rule 10, clusterboot): the ``clusters`` table.

    In each of ``n_boot`` resamples the respondents of every province are drawn with
    replacement (a respondent's scores on all elements together), ``S`` and ``A`` recomputed
    as plain means of the non-missing respondent scores, ``G = A - S``, missing gaps imputed as
    in :func:`bimmaturity.rules.clustering.gap_matrix`, and the provinces clustered again
    (Ward) with ``k`` clusters, or with k chosen again by the silhouette when ``k`` is None
    (:func:`resampled_labels`). A cluster's stability is the mean over the resamples of the
    highest Jaccard similarity ``|C & D| / |C | D|`` between the cluster C and any cluster D
    of the resample (:func:`jaccard_stability`); below :data:`UNSTABLE` (0.6) a report calls
    it unstable.

    The random stream is ``numpy.random.default_rng(seed)``, restarted for each wave, with
    provinces drawn in cluster order, then code order.

    Parameters
    ----------
    respondent_scores : pandas.DataFrame
        wave, province, respondent, element, current, ambition (respondent element scores).
    assignment : pandas.DataFrame
        wave, province, cluster (e.g. from :func:`bimmaturity.rules.clusters.gap_clusters`),
        one or more waves.
    k : int, optional
        The caller's number of clusters; None (the default) chooses k again in every
        resample (with fewer than 3 provinces the assignment's number is kept).
    n_boot : int
        Number of resamples.
    seed : int
        Seed of the random stream.

    Returns
    -------
    pandas.DataFrame
        Columns wave, province, cluster, stability; one row per row of ``assignment``, sorted
        by wave, cluster and province.

    Raises
    ------
    ValueError
        When a clustered province has no respondent scores.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV20", "PV21", "PV21", "PV22", "PV22"],
    ...     "respondent": ["a", "b", "c", "d", "e", "f"], "element": "OTL",
    ...     "current": 2.0, "ambition": [2.0, 2.5, 2.5, 2.0, 5.0, 4.5]})
    >>> assignment = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"],
    ...                            "cluster": [2, 2, 1]})
    >>> cluster_stability(resp, assignment, k=2, n_boot=20)
       wave province  cluster  stability
    0  2018     PV22        1        1.0
    1  2018     PV20        2        1.0
    2  2018     PV21        2        1.0
    """
    if n_boot < 1:
        raise ValueError(f"n_boot moet >= 1 zijn / must be >= 1, got {n_boot}")
    frames = []
    for wave in _assignment_waves(assignment):
        members = _members(assignment, wave)
        provinces = members["province"].tolist()
        clusters = members["cluster"].to_numpy()
        wanted = k
        if k is None and len(provinces) < 3:  # no k to choose from: keep the assignment's
            wanted = len(np.unique(clusters))
        labels = resampled_labels(
            respondent_scores, provinces, wanted, wave, n_boot=n_boot, seed=seed
        )
        frames.append(
            pd.DataFrame(
                {
                    "wave": wave,
                    "province": provinces,
                    "cluster": clusters,
                    "stability": jaccard_stability(clusters, labels),
                }
            )
        )
    dtypes = {"wave": "str", "province": "str", "cluster": "int64", "stability": "float64"}
    if not frames:
        return _empty(dtypes)
    return pd.concat(frames, ignore_index=True).astype(dtypes)
