"""Gap clusters: which provinces want to grow on the same elements (rule 10).

Implements rule 10 of the method (``docs/method.md``); the public face of three modules:

- :mod:`bimmaturity.rules.clustering` - one wave's :class:`GapMatrix`, Ward linkage, the
  silhouette curve and the cut: :func:`cluster_analysis` (everything in one
  :class:`GapClustering`), :func:`gap_clusters` (just the assignment), :func:`gap_matrix`,
  :func:`choose_k`, :func:`silhouette_score`;
- :mod:`bimmaturity.rules.stability` - :func:`cluster_stability` (clusterboot: bootstrap of
  respondents, Jaccard similarity, k chosen again per resample);
- this module - what characterises each cluster (:func:`cluster_profiles`,
  :func:`cluster_summary`) and the ``clusters`` result table for every wave
  (:func:`clusters_table`).

Every name is importable from here.
"""

from __future__ import annotations

import pandas as pd

from bimmaturity.frames import require_columns
from bimmaturity.organisations import active_registry
from bimmaturity.rules.clustering import (
    _ROUND,
    K_MAX,
    GapClustering,
    GapMatrix,
    _assignment_waves,
    _empty,
    _members,
    choose_k,
    cluster_analysis,
    gap_clusters,
    gap_matrix,
    silhouette_score,
)
from bimmaturity.rules.stability import (
    N_BOOT,
    SEED,
    UNSTABLE,
    cluster_stability,
    jaccard_stability,
)

__all__ = [
    "K_MAX",
    "UNSTABLE",
    "GapClustering",
    "GapMatrix",
    "choose_k",
    "cluster_analysis",
    "cluster_profiles",
    "cluster_stability",
    "cluster_summary",
    "clusters_table",
    "gap_clusters",
    "gap_matrix",
    "jaccard_stability",
    "silhouette_score",
]


# ---------------------------------------------------------------------------- description
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
        member_names (province names likewise; the code of an organisation that is not a
        province), mean_gap (mean over the members of their mean gap: the quantity that
        orders the cluster numbers), top_elements (up to ``n_top``
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
    names = active_registry().names
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
                    "member_names": ", ".join(names.get(code, code) for code in codes),
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


# ---------------------------------------------------------------------------- result table
def clusters_table(
    scores: pd.DataFrame,
    respondent_scores: pd.DataFrame,
    *,
    k: int | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> pd.DataFrame:
    """The ``clusters`` result table for every wave: wave, province, cluster, stability.

    Each wave of ``scores`` is clustered with :func:`gap_clusters` and its stability
    bootstrapped with :func:`cluster_stability` (k chosen again per resample when ``k`` is
    None). A wave that cannot be clustered (fewer than 3
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
    return cluster_stability(respondent_scores, assignment, k=k, n_boot=n_boot, seed=seed)
