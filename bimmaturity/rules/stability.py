"""Bootstrap stability of the gap clusters (rule 10).

In each of ``n_boot`` resamples the respondents of every clustered province are drawn with
replacement (:mod:`bimmaturity.rules.resampling`, one stream per wave), the gap profiles
recomputed, and the provinces clustered again (Ward) into the same number of clusters. How
often the members of a cluster land together is its stability.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage

from bimmaturity.frames import floats
from bimmaturity.rules.clustering import _assignment_waves, _cut, _empty, _impute, _members
from bimmaturity.rules.resampling import resampled_means

__all__ = ["N_BOOT", "SEED", "cluster_stability", "resampled_labels"]

N_BOOT = 200
"""Default number of resamples."""
SEED = 20181
"""Default seed of the random stream."""


def resampled_labels(
    respondent_scores: pd.DataFrame,
    provinces: list[str],
    k: int,
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
    Ward tree is cut into ``k`` clusters.

    Parameters
    ----------
    respondent_scores : pandas.DataFrame
        wave, province, respondent, element, current, ambition.
    provinces : list of str
        The clustered provinces, in drawing order.
    k : int
        Number of clusters.
    wave : str
        The wave.
    n_boot, seed : int
        Number of resamples and seed.

    Returns
    -------
    numpy.ndarray
        n_boot x provinces, labels 1..k.

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
    [[1, 1, 2], [1, 1, 2]]
    """
    data = respondent_scores[respondent_scores["wave"].astype(str) == wave]
    data = pd.DataFrame(
        {
            "province": data["province"].astype(str).to_numpy(),
            "respondent": data["respondent"].astype(str).to_numpy(),
            "element": data["element"].astype(str).to_numpy(),
            "current": floats(data["current"]),
            "ambition": floats(data["ambition"]),
        }
    )
    missing = sorted(set(provinces) - set(data["province"]))
    if missing:
        raise ValueError(
            f"meting {wave}: geen respondentscores voor / no respondent scores for: "
            f"{', '.join(missing)}"
        )
    elements = list(pd.unique(data["element"]))
    data = data[data["province"].isin(provinces)]
    wide = data.pivot(index=["province", "respondent"], columns="element")
    position = {province: i for i, province in enumerate(provinces)}
    rank = wide.index.get_level_values("province").map(position).to_numpy()
    order = np.argsort(rank, kind="stable")  # provinces in drawing order, respondents sorted
    sizes = np.bincount(rank, minlength=len(provinces))
    values = np.hstack(
        [
            wide[measure].reindex(columns=elements).to_numpy(float)[order]
            for measure in ("current", "ambition")
        ]
    )
    means = resampled_means(values, sizes, n_boot, seed=seed)  # provinces x n_boot x 2E
    n_elements = len(elements)
    gaps = means[:, :, n_elements:] - means[:, :, :n_elements]
    if len(provinces) == 1:
        return np.ones((n_boot, 1), dtype="int64")
    return np.array(
        [
            _cut(linkage(_impute(gaps[:, b, :]), method="ward", metric="euclidean"), k)
            for b in range(n_boot)
        ],
        dtype="int64",
    )


def cluster_stability(
    respondent_scores: pd.DataFrame,
    assignment: pd.DataFrame,
    *,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> pd.DataFrame:
    """Bootstrap stability of each cluster (rule 10): the ``clusters`` result table.

    In each of ``n_boot`` resamples the respondents of every province are drawn with
    replacement (a respondent's scores on all elements together), ``S`` and ``A`` recomputed
    as plain means of the non-missing respondent scores, ``G = A - S``, missing gaps imputed as
    in :func:`bimmaturity.rules.clustering.gap_matrix`, and the provinces clustered again
    (Ward) into the same number of clusters (:func:`resampled_labels`). A cluster's stability
    is the mean, over all pairs of its members, of the share of resamples in which the pair
    lands in one cluster. A singleton cluster's stability is the share of resamples in which
    its province is alone in its cluster.

    The random stream is ``numpy.random.default_rng(seed)``, restarted for each wave, with
    provinces drawn in cluster order, then code order.

    Parameters
    ----------
    respondent_scores : pandas.DataFrame
        wave, province, respondent, element, current, ambition (respondent element scores).
    assignment : pandas.DataFrame
        wave, province, cluster (e.g. from :func:`bimmaturity.rules.clusters.gap_clusters`),
        one or more waves.
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
    >>> cluster_stability(resp, assignment, n_boot=20)
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
        k = len(np.unique(clusters))
        labels = resampled_labels(respondent_scores, provinces, k, wave, n_boot=n_boot, seed=seed)
        onehot = (labels[:, :, np.newaxis] == np.arange(1, labels.max() + 1)).astype("float64")
        together = np.einsum("bik,bjk->ij", onehot, onehot) / n_boot
        own_size = np.take_along_axis(onehot.sum(axis=1), labels - 1, axis=1)
        alone = (own_size == 1).sum(axis=0) / n_boot
        stability = np.empty(len(provinces))
        for cluster in np.unique(clusters):
            idx = np.flatnonzero(clusters == cluster)
            if len(idx) == 1:
                stability[idx] = alone[idx[0]]
            else:
                upper = np.triu_indices(len(idx), k=1)
                stability[idx] = together[np.ix_(idx, idx)][upper].mean()
        frames.append(
            pd.DataFrame(
                {"wave": wave, "province": provinces, "cluster": clusters, "stability": stability}
            )
        )
    dtypes = {"wave": "str", "province": "str", "cluster": "int64", "stability": "float64"}
    if not frames:
        return _empty(dtypes)
    return pd.concat(frames, ignore_index=True).astype(dtypes)
