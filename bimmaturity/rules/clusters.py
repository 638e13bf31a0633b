"""Gap clusters: which provinces want to grow on the same elements (rule 10).

Implements rule 10 of ``shared/spec/scoring.md``. Provinces are clustered on their gap profile
``G(p,.)`` for one wave, with Ward linkage on the unscaled gaps; the number of clusters is given
or chosen by the mean silhouette; clusters are numbered by descending mean gap; stability comes
from a bootstrap of respondents within provinces.

Main entry points:

- :func:`cluster_analysis` - everything for one wave in one :class:`GapClustering` object
  (matrix, imputed cells, silhouette curve, assignment, linkage, leaf order for a heatmap);
- :func:`gap_clusters` - just the assignment (wave, province, cluster);
- :func:`cluster_profiles`, :func:`cluster_summary` - what characterises each cluster;
- :func:`cluster_stability`, :func:`co_assignment` - bootstrap stability;
- :func:`clusters_table` - the ``clusters`` result table for every wave.

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
from bimmaturity.organisations import province_name

__all__ = [
    "GapClustering",
    "GapMatrix",
    "choose_k",
    "cluster_analysis",
    "cluster_profiles",
    "cluster_stability",
    "cluster_summary",
    "clusters_table",
    "co_assignment",
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


# ---------------------------------------------------------------------------- description
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


def _clustered_values(scores: pd.DataFrame, wave: str, provinces: list[str]) -> pd.DataFrame:
    matrix = gap_matrix(scores, wave)
    unknown = sorted(set(provinces) - set(matrix.provinces))
    if unknown:
        raise ValueError(
            f"meting {wave}: provincies zonder gapprofiel in scores / provinces without a gap "
            f"profile in scores: {', '.join(unknown)}"
        )
    return matrix.values.loc[provinces]


def cluster_profiles(scores: pd.DataFrame, assignment: pd.DataFrame) -> pd.DataFrame:
    """Mean gap per cluster and element, against the mean over all clustered provinces.

    Means are taken over the clustered matrix (see :func:`gap_matrix`): imputed cells count
    with their imputed value and elements without any gap are left out. Because an imputed
    value is the mean of the other provinces, ``all_mean_gap`` equals the mean of the
    observed gaps when every province was clustered.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores (wave, province, element, gap, ...).
    assignment : pandas.DataFrame
        wave, province, cluster (e.g. from :func:`gap_clusters`), one or more waves.

    Returns
    -------
    pandas.DataFrame
        Columns wave, cluster, element, mean_gap, all_mean_gap, difference
        (``mean_gap - all_mean_gap``); sorted by wave, cluster and matrix element order.

    Examples
    --------
    >>> scores = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"],
    ...                        "element": "OTL", "gap": [0.0, 0.5, 2.5]})
    >>> cluster_profiles(scores, gap_clusters(scores, "2018"))
       wave  cluster element  mean_gap  all_mean_gap  difference
    0  2018        1     OTL      2.50           1.0        1.50
    1  2018        2     OTL      0.25           1.0       -0.75
    """
    frames = []
    for wave in _assignment_waves(assignment):
        members = _members(assignment, wave)
        values = _clustered_values(scores, wave, members["province"].tolist())
        overall = values.mean(axis=0)
        by_cluster = values.groupby(members.set_index("province")["cluster"]).mean()
        long = by_cluster.stack().rename("mean_gap").reset_index()
        long.columns = ["cluster", "element", "mean_gap"]
        long["all_mean_gap"] = long["element"].map(overall).astype("float64")
        long["difference"] = long["mean_gap"] - long["all_mean_gap"]
        long.insert(0, "wave", wave)
        frames.append(long)
    if not frames:
        return _empty(
            {"wave": "str", "cluster": "int64", "element": "str"}
            | dict.fromkeys(["mean_gap", "all_mean_gap", "difference"], "float64")
        )
    out = pd.concat(frames, ignore_index=True)
    out["wave"] = out["wave"].astype("str")
    out["element"] = out["element"].astype("str")
    out["cluster"] = out["cluster"].astype("int64")
    return out


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in dtypes.items()})


def cluster_summary(
    scores: pd.DataFrame, assignment: pd.DataFrame, *, n_top: int = 3
) -> pd.DataFrame:
    """One row per cluster: its members, mean gap and distinguishing elements.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores (wave, province, element, gap, ...).
    assignment : pandas.DataFrame
        wave, province, cluster (e.g. from :func:`gap_clusters`).
    n_top : int
        Number of top elements to list.

    Returns
    -------
    pandas.DataFrame
        Columns wave, cluster, n_members, members (CBS codes joined by ``", "``),
        member_names (province names likewise), mean_gap (mean over the members of their mean
        gap: the quantity that orders the cluster numbers), top_elements (up to ``n_top``
        element ids where the cluster's mean gap exceeds the all-province mean, by the
        largest difference first; ties in element order; joined by ``", "``, empty when none).

    Examples
    --------
    >>> scores = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"] * 2,
    ...                        "element": ["OTL"] * 3 + ["DATA"] * 3,
    ...                        "gap": [2.0, 2.0, 0.0, 0.0, 0.5, 1.0]})
    >>> summary = cluster_summary(scores, gap_clusters(scores, "2018"))
    >>> summary[["cluster", "members", "member_names", "top_elements"]]
       cluster     members        member_names top_elements
    0        1  PV20, PV21  Groningen, Fryslân          OTL
    1        2        PV22             Drenthe         DATA
    """
    profiles = cluster_profiles(scores, assignment)
    rows = []
    for wave in _assignment_waves(assignment):
        members = _members(assignment, wave)
        for cluster, group in members.groupby("cluster", sort=True):
            codes = group["province"].tolist()
            profile = profiles[(profiles["wave"] == wave) & (profiles["cluster"] == cluster)]
            profile = profile.assign(_order=range(len(profile)))
            above = profile[profile["difference"].round(_ROUND) > 0].sort_values(
                ["difference", "_order"], ascending=[False, True], kind="stable"
            )
            rows.append(
                {
                    "wave": wave,
                    "cluster": int(cluster),
                    "n_members": len(codes),
                    "members": ", ".join(codes),
                    "member_names": ", ".join(province_name(code) for code in codes),
                    "mean_gap": float(profile["mean_gap"].mean()),
                    "top_elements": ", ".join(above["element"].head(n_top)),
                }
            )
    dtypes = {
        "wave": "str",
        "cluster": "int64",
        "n_members": "int64",
        "members": "str",
        "member_names": "str",
        "mean_gap": "float64",
        "top_elements": "str",
    }
    if not rows:
        return _empty(dtypes)
    return pd.DataFrame(rows).astype(dtypes)


# ---------------------------------------------------------------------------- stability
def _bootstrap(
    respondent_scores: pd.DataFrame,
    assignment: pd.DataFrame,
    wave: str,
    n_boot: int,
    seed: int,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Members, together (n x n share) and alone (n share) for one wave."""
    members = _members(assignment, wave)
    provinces = members["province"].tolist()
    k = int(members["cluster"].nunique())
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
    rng = np.random.default_rng(seed)
    gaps = np.empty((n_boot, len(provinces), len(elements)))
    for j, province in enumerate(provinces):
        part = data[data["province"] == province]
        measures = []
        for measure in ("current", "ambition"):
            wide = part.pivot(index="respondent", columns="element", values=measure)
            measures.append(wide.reindex(columns=elements).to_numpy(dtype=float))
        current, ambition = measures
        n_resp = current.shape[0]
        draw = rng.integers(0, n_resp, size=(n_boot, n_resp))
        gaps[:, j, :] = _nanmean(ambition[draw], axis=1) - _nanmean(current[draw], axis=1)
    n = len(provinces)
    together = np.zeros((n, n))
    alone = np.zeros(n)
    for b in range(n_boot):
        array = _impute(gaps[b])
        labels = _cut(linkage(array, method="ward", metric="euclidean"), k) if n > 1 else [1]
        same = np.equal.outer(labels, labels)
        together += same
        alone += same.sum(axis=1) == 1
    return members, together / n_boot, alone / n_boot


def _check_boot(n_boot: int) -> None:
    if n_boot < 1:
        raise ValueError(f"n_boot moet >= 1 zijn / must be >= 1, got {n_boot}")


def cluster_stability(
    respondent_scores: pd.DataFrame,
    assignment: pd.DataFrame,
    *,
    n_boot: int = 200,
    seed: int = 20181,
) -> pd.DataFrame:
    """Bootstrap stability of each cluster (rule 10): the ``clusters`` result table.

    In each of ``n_boot`` resamples the respondents of every province are drawn with
    replacement (a respondent's scores on all elements together), ``S`` and ``A`` recomputed
    as plain means of the non-missing respondent scores, ``G = A - S``, missing gaps imputed as
    in :func:`gap_matrix`, and the provinces clustered again (Ward) into the same number of
    clusters. A cluster's stability is the mean, over all pairs of its members, of the share
    of resamples in which the pair lands in one cluster. A singleton cluster's stability is the
    share of resamples in which its province is alone in its cluster.

    The random stream is ``numpy.random.default_rng(seed)``, restarted for each wave, with
    provinces drawn in code order.

    Parameters
    ----------
    respondent_scores : pandas.DataFrame
        wave, province, respondent, element, current, ambition (respondent element scores).
    assignment : pandas.DataFrame
        wave, province, cluster (e.g. from :func:`gap_clusters`), one or more waves.
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
    _check_boot(n_boot)
    frames = []
    for wave in _assignment_waves(assignment):
        members, together, alone = _bootstrap(respondent_scores, assignment, wave, n_boot, seed)
        labels = members["cluster"].to_numpy()
        stability = {}
        for cluster in np.unique(labels):
            idx = np.flatnonzero(labels == cluster)
            if len(idx) == 1:
                stability[cluster] = float(alone[idx[0]])
            else:
                upper = np.triu_indices(len(idx), k=1)
                stability[cluster] = float(together[np.ix_(idx, idx)][upper].mean())
        frames.append(
            pd.DataFrame(
                {
                    "wave": wave,
                    "province": members["province"].to_numpy(),
                    "cluster": labels,
                    "stability": [stability[c] for c in labels],
                }
            )
        )
    dtypes = {"wave": "str", "province": "str", "cluster": "int64", "stability": "float64"}
    if not frames:
        return _empty(dtypes)
    return pd.concat(frames, ignore_index=True).astype(dtypes)


def co_assignment(
    respondent_scores: pd.DataFrame,
    assignment: pd.DataFrame,
    *,
    n_boot: int = 200,
    seed: int = 20181,
) -> pd.DataFrame:
    """Share of bootstrap resamples in which each pair of provinces shares a cluster.

    Same bootstrap (and, for the same arguments, the same random stream) as
    :func:`cluster_stability`; useful for a co-assignment heatmap.

    Returns
    -------
    pandas.DataFrame
        Columns wave, province, other, together; one row per ordered pair of distinct
        clustered provinces, sorted by wave, province and other.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV21", "PV22"], "respondent": ["a", "b", "c"],
    ...     "element": "OTL", "current": 2.0, "ambition": [2.0, 2.5, 5.0]})
    >>> assignment = pd.DataFrame({"wave": "2018", "province": ["PV20", "PV21", "PV22"],
    ...                            "cluster": [2, 2, 1]})
    >>> co_assignment(resp, assignment, n_boot=5)["together"].tolist()
    [1.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    """
    _check_boot(n_boot)
    frames = []
    for wave in _assignment_waves(assignment):
        members, together, _ = _bootstrap(respondent_scores, assignment, wave, n_boot, seed)
        provinces = np.array(members["province"].tolist(), dtype=object)
        order = np.argsort(provinces, kind="stable")
        pairs = [(i, j) for i in order for j in order if i != j]
        frames.append(
            pd.DataFrame(
                {
                    "wave": wave,
                    "province": [provinces[i] for i, _ in pairs],
                    "other": [provinces[j] for _, j in pairs],
                    "together": [float(together[i, j]) for i, j in pairs],
                }
            )
        )
    dtypes = {"wave": "str", "province": "str", "other": "str", "together": "float64"}
    if not frames:
        return _empty(dtypes)
    return pd.concat(frames, ignore_index=True).astype(dtypes)


def clusters_table(
    scores: pd.DataFrame,
    respondent_scores: pd.DataFrame,
    *,
    k: int | None = None,
    n_boot: int = 200,
    seed: int = 20181,
) -> pd.DataFrame:
    """The ``clusters`` result table for every wave: wave, province, cluster, stability.

    Each wave of ``scores`` is clustered with :func:`gap_clusters` and its stability
    bootstrapped with :func:`cluster_stability`. A wave that cannot be clustered (fewer than 3
    provinces with a gap, or fewer provinces than the given k) is left out of the table.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2018", "province": ["PV20", "PV21", "PV22"], "respondent": ["a", "b", "c"],
    ...     "element": "OTL", "current": 2.0, "ambition": [2.0, 2.5, 5.0]})
    >>> scores = resp.assign(gap=resp["ambition"] - resp["current"])
    >>> clusters_table(scores, resp, n_boot=5)["cluster"].tolist()
    [1, 2, 2]
    """
    require_columns(scores, ["wave"], "scores")
    assignments = []
    for wave in sorted(map(str, pd.unique(scores["wave"]))):
        matrix = gap_matrix(scores, wave)
        n = len(matrix.provinces)
        if n < (3 if k is None else max(k, 2)):
            continue
        assignments.append(gap_clusters(scores, wave, k=k))
    if not assignments:
        return cluster_stability(
            respondent_scores, _empty({"wave": "str", "province": "str", "cluster": "int64"})
        )
    assignment = pd.concat(assignments, ignore_index=True)
    return cluster_stability(respondent_scores, assignment, n_boot=n_boot, seed=seed)
