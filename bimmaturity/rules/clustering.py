"""Gap clustering of one wave: the matrix, Ward linkage, the silhouette and the cut (rule 10).

Provinces are clustered on their gap profile ``G(p,.)`` for one wave, with Ward linkage on the
unscaled gaps; the number of clusters is given or chosen by the mean silhouette; clusters are
numbered by descending mean gap. :mod:`bimmaturity.rules.clusters` is the public face of rule 10
(it re-exports everything here); :mod:`bimmaturity.rules.stability` resamples it.

Conventions chosen where the rule leaves room:

- An element without any gap in the wave (nobody answered) is dropped from the matrix, and a
  province without any gap on the remaining elements is left out of the clustering; both are
  listed in :attr:`GapMatrix.dropped_elements` / :attr:`GapMatrix.dropped_provinces`.
- Choosing k needs at least 3 provinces; a given k needs ``1 <= k <= n`` and at least 2
  provinces. Otherwise a ``ValueError`` is raised (the table function leaves such waves out).
- The silhouette uses Euclidean distances; a province alone in its cluster scores 0, and so
  does a province whose own and nearest other cluster are both at distance 0. Silhouettes
  within 1e-12 of each other are a tie (the smaller k wins).
- Clusters are cut with ``fcluster(maxclust=k)``; when tied merge heights make that give fewer
  than k clusters (e.g. identical profiles), the tree is cut after its first ``n - k`` merges,
  which always gives exactly k.
- Cluster numbers follow the mean, over the members, of their mean gap over the matrix's
  elements (imputed cells included), descending, compared to 9 decimals; a tie goes to the
  cluster holding the lowest province code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from bimmaturity.frames import floats, require_columns

__all__ = [
    "K_MAX",
    "GapClustering",
    "GapMatrix",
    "choose_k",
    "cluster_analysis",
    "gap_clusters",
    "gap_matrix",
    "silhouette_score",
]

K_MAX = 6
_SILHOUETTE_TIE = 1e-12
_ROUND = 9


# ---------------------------------------------------------------------------- helpers


def _nanmean(values: np.ndarray, axis: int) -> np.ndarray:
    """Mean over ``axis`` ignoring NaN; NaN (and no warning) where nothing is left."""
    present = ~np.isnan(values)
    total = np.where(present, values, 0.0).sum(axis=axis)
    count = present.sum(axis=axis)
    out = np.full(total.shape, np.nan)
    np.divide(total, count, out=out, where=count > 0)
    return out


def _impute(values: np.ndarray) -> np.ndarray:
    """Drop all-NaN columns, replace other NaN by the column mean (rule 10)."""
    keep = ~np.all(np.isnan(values), axis=0)
    values = values[:, keep]
    if values.shape[1] == 0:
        return np.zeros((values.shape[0], 1))
    means = _nanmean(values, axis=0)
    return np.where(np.isnan(values), means[np.newaxis, :], values)


# ---------------------------------------------------------------------------- the matrix
@dataclass(frozen=True, eq=False)
class GapMatrix:
    """The provinces x elements gap matrix of one wave, as clustered.

    Attributes
    ----------
    wave : str
        The wave.
    values : pandas.DataFrame
        Index ``province`` (sorted CBS codes), columns ``element`` (order of first appearance
        in the scores); missing gaps replaced by the mean over the other provinces.
    imputed : pandas.DataFrame
        Same shape as ``values``; True where the gap was missing and imputed.
    dropped_elements : tuple of str
        Elements without any gap in this wave (left out).
    dropped_provinces : tuple of str
        Provinces without any gap on the remaining elements (left out).
    """

    wave: str
    values: pd.DataFrame
    imputed: pd.DataFrame
    dropped_elements: tuple[str, ...]
    dropped_provinces: tuple[str, ...]

    @property
    def provinces(self) -> list[str]:
        """Province codes in matrix row order."""
        return [str(p) for p in self.values.index]

    @property
    def elements(self) -> list[str]:
        """Element ids in matrix column order."""
        return [str(e) for e in self.values.columns]

    def tidy(self) -> pd.DataFrame:
        """The matrix as a tidy frame: wave, province, element, gap, imputed.

        Examples
        --------
        >>> scores = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"] * 2,
        ...                        "element": ["OTL"] * 3 + ["DATA"] * 3,
        ...                        "gap": [1.0, float("nan"), 2.0, 0.0, 0.5, 1.0]})
        >>> gap_matrix(scores, "2018").tidy()
           wave province element  gap  imputed
        0  2018     PV20     OTL  1.0    False
        1  2018     PV20    DATA  0.0    False
        2  2018     PV21     OTL  1.5     True
        3  2018     PV21    DATA  0.5    False
        4  2018     PV22     OTL  2.0    False
        5  2018     PV22    DATA  1.0    False
        """
        n_p, n_e = self.values.shape
        return pd.DataFrame(
            {
                "wave": pd.Series([self.wave] * (n_p * n_e), dtype="str"),
                "province": pd.Series(np.repeat(self.provinces, n_e), dtype="str"),
                "element": pd.Series(np.tile(self.elements, n_p), dtype="str"),
                "gap": self.values.to_numpy(dtype=float).ravel(),
                "imputed": self.imputed.to_numpy(dtype=bool).ravel(),
            }
        )


def gap_matrix(scores: pd.DataFrame, wave: str) -> GapMatrix:
    """Build the gap matrix of one wave, with missing gaps imputed (rule 10).

    A missing ``G(p,e)`` is replaced by the mean of ``G(.,e)`` over the other provinces that
    have one. An element that no province has a gap on is dropped; a province with no gap on
    any remaining element is dropped too (its profile would be pure imputation).

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores; wave, province, element and gap are read.
    wave : str
        The wave to take.

    Returns
    -------
    GapMatrix

    Raises
    ------
    ValueError
        When ``scores`` has no rows for ``wave`` or two rows for one province and element.

    Examples
    --------
    >>> nan = float("nan")
    >>> scores = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"] * 3,
    ...                        "element": ["OTL"] * 3 + ["DATA"] * 3 + ["KETEN"] * 3,
    ...                        "gap": [1.0, nan, 3.0, nan, nan, nan, 0.0, 1.0, 2.0]})
    >>> m = gap_matrix(scores, "2018")
    >>> m.values["OTL"].tolist(), m.dropped_elements
    ([1.0, 2.0, 3.0], ('DATA',))
    """
    require_columns(scores, ["wave", "province", "element", "gap"], "scores")
    wave = str(wave)
    selected = scores[scores["wave"].astype(str) == wave]
    if selected.empty:
        available = ", ".join(sorted(map(str, pd.unique(scores["wave"]))))
        raise ValueError(
            f"geen scores voor meting {wave!r} / no scores for wave {wave!r}; "
            f"beschikbaar / available: {available or '-'}"
        )
    frame = pd.DataFrame(
        {
            "province": selected["province"].astype(str).to_numpy(),
            "element": selected["element"].astype(str).to_numpy(),
            "gap": floats(selected["gap"]),
        }
    )
    if frame.duplicated(["province", "element"]).any():
        raise ValueError(
            "scores bevat dubbele rijen per provincie en element / scores hold duplicate "
            f"rows per province and element in wave {wave!r}"
        )
    elements = list(pd.unique(frame["element"]))
    provinces = sorted(pd.unique(frame["province"]))
    wide = frame.pivot(index="province", columns="element", values="gap")
    wide = wide.reindex(index=provinces, columns=elements).astype("float64")
    empty_elements = wide.columns[wide.isna().all(axis=0)]
    wide = wide.drop(columns=empty_elements)
    empty_provinces = wide.index[wide.isna().all(axis=1)]
    wide = wide.drop(index=empty_provinces)
    imputed = wide.isna()
    filled = wide.fillna(wide.mean(axis=0))
    filled.index.name, filled.columns.name = "province", "element"
    imputed.index.name, imputed.columns.name = "province", "element"
    return GapMatrix(
        wave=wave,
        values=filled,
        imputed=imputed,
        dropped_elements=tuple(map(str, empty_elements)),
        dropped_provinces=tuple(map(str, empty_provinces)),
    )


def _as_array(matrix: GapMatrix | pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    values = matrix.values if isinstance(matrix, GapMatrix) else matrix
    array = values.to_numpy(dtype=float)
    if array.ndim != 2 or array.shape[1] == 0:
        raise ValueError("de gapmatrix heeft geen elementen / the gap matrix has no elements")
    if np.isnan(array).any():
        raise ValueError(
            "de gapmatrix bevat lege cellen; gebruik gap_matrix() / the gap matrix has missing "
            "cells; build it with gap_matrix()"
        )
    return array, [str(p) for p in values.index]


# ---------------------------------------------------------------------------- clustering
def silhouette_score(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean sample silhouette for a square distance matrix and cluster labels.

    ``s(i) = (b - a) / max(a, b)`` with ``a`` the mean distance of i to the other members of
    its cluster and ``b`` the smallest mean distance of i to another cluster. A member of a
    singleton cluster has ``s = 0``, as has a sample with ``a = b = 0``. With fewer than two
    clusters the silhouette is undefined and 0 is returned.

    Parameters
    ----------
    distances : numpy.ndarray
        Square symmetric distance matrix (n x n).
    labels : numpy.ndarray
        Cluster label per sample (length n).

    Returns
    -------
    float

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 10.0])
    >>> round(silhouette_score(np.abs(x[:, None] - x[None, :]), np.array([1, 1, 2])), 6)
    0.596296
    """
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return 0.0
    members = [labels == c for c in clusters]
    sizes = np.array([m.sum() for m in members])
    # mean distance of every sample to every cluster (n x c)
    sums = np.column_stack([distances[:, m].sum(axis=1) for m in members])
    own = np.searchsorted(clusters, labels)
    rows = np.arange(len(labels))
    own_size = sizes[own]
    a = np.divide(sums[rows, own], own_size - 1, out=np.zeros(len(labels)), where=own_size > 1)
    mean_to = sums / sizes[np.newaxis, :]
    mean_to[rows, own] = np.inf
    b = mean_to.min(axis=1)
    top = np.maximum(a, b)
    s = np.divide(b - a, top, out=np.zeros(len(labels)), where=top > 0)
    s[own_size == 1] = 0.0
    return float(s.mean())


def _cut(tree: np.ndarray, k: int) -> np.ndarray:
    """Labels for exactly k clusters from a linkage matrix."""
    n = tree.shape[0] + 1
    labels = fcluster(tree, t=k, criterion="maxclust")
    if len(np.unique(labels)) == k:
        return labels
    # tied merge heights: take the first n - k merges of the tree
    parent = list(range(2 * n - 1))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for step in range(n - k):
        left, right = int(tree[step, 0]), int(tree[step, 1])
        parent[root(left)] = n + step
        parent[root(right)] = n + step
    roots = [root(i) for i in range(n)]
    numbering = {r: i + 1 for i, r in enumerate(dict.fromkeys(roots))}
    return np.array([numbering[r] for r in roots])


def _best_k(curve: pd.DataFrame) -> int:
    best = curve["silhouette"].max()
    return int(curve.loc[curve["silhouette"] >= best - _SILHOUETTE_TIE, "k"].min())


def _silhouette_curve(array: np.ndarray, tree: np.ndarray) -> pd.DataFrame:
    n = len(array)
    distances = squareform(pdist(array, metric="euclidean"))
    ks = list(range(2, min(K_MAX, n - 1) + 1))
    values = [silhouette_score(distances, _cut(tree, k)) for k in ks]
    return pd.DataFrame(
        {"k": np.array(ks, dtype="int64"), "silhouette": np.array(values, dtype=float)}
    )


def choose_k(matrix: GapMatrix | pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """Choose the number of clusters by the mean silhouette (rule 10).

    Ward linkage, Euclidean distance; for each k in ``2..min(6, n-1)`` the tree is cut into
    k clusters and the mean silhouette computed; the k with the highest mean silhouette wins,
    ties (within 1e-12) going to the smaller k.

    Parameters
    ----------
    matrix : GapMatrix or pandas.DataFrame
        A :class:`GapMatrix`, or a complete provinces x elements frame of gaps.

    Returns
    -------
    k : int
        The chosen number of clusters.
    curve : pandas.DataFrame
        Columns k, silhouette: one row per candidate k.

    Raises
    ------
    ValueError
        With fewer than 3 provinces (no k to choose from) or missing cells.

    Examples
    --------
    >>> matrix = pd.DataFrame({"OTL": [0.0, 1.0, 10.0, 12.0, 30.0]},
    ...                       index=["PV20", "PV21", "PV22", "PV23", "PV24"])
    >>> k, curve = choose_k(matrix)
    >>> k, curve["k"].tolist()
    (3, [2, 3, 4])
    """
    array, _ = _as_array(matrix)
    if len(array) < 3:
        raise ValueError(
            f"te weinig provincies om het aantal clusters te kiezen ({len(array)}; minimaal 3) "
            f"/ too few provinces to choose the number of clusters ({len(array)}; need 3)"
        )
    tree = linkage(array, method="ward", metric="euclidean")
    curve = _silhouette_curve(array, tree)
    return _best_k(curve), curve


def _number(array: np.ndarray, provinces: list[str], raw: np.ndarray) -> np.ndarray:
    """Renumber raw labels 1..k by descending mean overall gap; ties: lowest province code."""
    row_means = array.mean(axis=1)
    keys = []
    for label in np.unique(raw):
        members = raw == label
        mean_gap = round(float(row_means[members].mean()), _ROUND)
        first = min(p for p, m in zip(provinces, members, strict=True) if m)
        keys.append((-mean_gap, first, label))
    mapping = {label: i + 1 for i, (_, _, label) in enumerate(sorted(keys))}
    return np.array([mapping[label] for label in raw], dtype="int64")


@dataclass(frozen=True, eq=False)
class GapClustering:
    """Everything about the gap clustering of one wave.

    Attributes
    ----------
    wave : str
        The wave.
    matrix : GapMatrix
        The clustered matrix (imputed cells and dropped elements/provinces included).
    k : int
        The number of clusters.
    k_chosen : bool
        True when k was chosen by silhouette, False when the caller gave it.
    silhouette : pandas.DataFrame
        Columns k, silhouette for k in ``2..min(6, n-1)`` (empty with fewer than 3 provinces).
    assignment : pandas.DataFrame
        Columns wave, province, cluster; sorted by cluster and province.
    linkage : numpy.ndarray
        The scipy linkage matrix (rows of the matrix in ``matrix.provinces`` order).
    leaf_order : tuple of str
        Province codes in dendrogram leaf order, for an ordered heatmap.
    """

    wave: str
    matrix: GapMatrix
    k: int
    k_chosen: bool
    silhouette: pd.DataFrame
    assignment: pd.DataFrame
    linkage: np.ndarray
    leaf_order: tuple[str, ...]


def cluster_analysis(scores: pd.DataFrame, wave: str, *, k: int | None = None) -> GapClustering:
    """Cluster the provinces of one wave on their gap profiles (rule 10).

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores; wave, province, element and gap are read.
    wave : str
        The wave to cluster.
    k : int, optional
        Number of clusters; by default chosen with :func:`choose_k`.

    Returns
    -------
    GapClustering

    Raises
    ------
    ValueError
        With fewer than 3 provinces and no k, fewer than 2 provinces, or k outside 1..n.

    Examples
    --------
    >>> scores = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV21", "PV22", "PV23", "PV24"],
    ...     "element": "OTL", "gap": [0.0, 1.0, 10.0, 12.0, 30.0]})
    >>> result = cluster_analysis(scores, "2018")
    >>> result.k, result.assignment["cluster"].tolist(), result.leaf_order
    (3, [1, 2, 2, 3, 3], ('PV24', 'PV20', 'PV21', 'PV22', 'PV23'))
    """
    matrix = gap_matrix(scores, wave)
    array, provinces = _as_array(matrix) if len(matrix.values) else (np.empty((0, 1)), [])
    n = len(provinces)
    if k is None and n < 3:
        raise ValueError(
            f"meting {matrix.wave}: te weinig provincies met een gap om te clusteren ({n}; "
            f"minimaal 3) / wave {matrix.wave}: too few provinces with a gap to cluster "
            f"({n}; need 3)"
        )
    if n < 2:
        raise ValueError(
            f"meting {matrix.wave}: te weinig provincies met een gap om te clusteren ({n}; "
            f"minimaal 2) / wave {matrix.wave}: too few provinces with a gap to cluster "
            f"({n}; need 2)"
        )
    if k is not None and not 1 <= k <= n:
        raise ValueError(
            f"meting {matrix.wave}: k={k} moet tussen 1 en {n} liggen / k={k} must lie "
            f"between 1 and {n}"
        )
    tree = linkage(array, method="ward", metric="euclidean")
    curve = (
        _silhouette_curve(array, tree)
        if n >= 3
        else pd.DataFrame({"k": np.array([], dtype="int64"), "silhouette": np.array([])})
    )
    k_chosen = k is None
    k = _best_k(curve) if k is None else int(k)
    labels = _number(array, provinces, _cut(tree, k))
    assignment = pd.DataFrame(
        {
            "wave": pd.Series([matrix.wave] * n, dtype="str"),
            "province": pd.Series(provinces, dtype="str"),
            "cluster": labels,
        }
    )
    assignment = assignment.sort_values(["cluster", "province"], kind="stable")
    leaves = dendrogram(tree, no_plot=True)["leaves"]
    return GapClustering(
        wave=matrix.wave,
        matrix=matrix,
        k=k,
        k_chosen=k_chosen,
        silhouette=curve,
        assignment=assignment.reset_index(drop=True),
        linkage=tree,
        leaf_order=tuple(provinces[i] for i in leaves),
    )


def gap_clusters(scores: pd.DataFrame, wave: str, *, k: int | None = None) -> pd.DataFrame:
    """Cluster assignment of one wave: wave, province, cluster (1..k).

    Shorthand for ``cluster_analysis(scores, wave, k=k).assignment``; see
    :func:`cluster_analysis`.

    Examples
    --------
    >>> scores = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"],
    ...                        "element": "OTL", "gap": [0.0, 0.5, 3.0]})
    >>> gap_clusters(scores, "2018")
       wave province  cluster
    0  2018     PV22        1
    1  2018     PV20        2
    2  2018     PV21        2
    """
    return cluster_analysis(scores, wave, k=k).assignment


# ---------------------------------------------------------------------------- assignments
def _assignment_waves(assignment: pd.DataFrame) -> list[str]:
    require_columns(assignment, ["wave", "province", "cluster"], "assignment")
    return sorted(map(str, pd.unique(assignment["wave"])))


def _members(assignment: pd.DataFrame, wave: str) -> pd.DataFrame:
    part = assignment[assignment["wave"].astype(str) == wave]
    return pd.DataFrame(
        {
            "province": part["province"].astype(str).to_numpy(),
            "cluster": part["cluster"].to_numpy(dtype="int64"),
        }
    ).sort_values(["cluster", "province"], kind="stable")


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in dtypes.items()})
