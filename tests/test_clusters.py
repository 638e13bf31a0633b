"""Rule 10: gap clusters (hand-computed expectations and a planted structure)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from bimmaturity.instrument import default_instrument
from bimmaturity.rules import clustering
from bimmaturity.rules.clusters import (
    GapMatrix,
    choose_k,
    cluster_analysis,
    cluster_profiles,
    cluster_stability,
    cluster_summary,
    clusters_table,
    gap_clusters,
    gap_matrix,
    jaccard_stability,
    silhouette_score,
)
from bimmaturity.rules.collaboration import opportunities, stated_roles

INSTRUMENT = default_instrument()
ELEMENTS = INSTRUMENT.element_ids
CODES = [f"PV{n}" for n in range(20, 32)]
NAN = float("nan")


def scores_from(gaps: dict[str, list[float]], wave: str = "2018") -> pd.DataFrame:
    """A scores frame from {element: [gap per province]} (provinces PV20, PV21, ...)."""
    rows = []
    for element, values in gaps.items():
        for code, gap in zip(CODES, values, strict=False):
            current = 2.0 if gap == gap else NAN  # NaN gap: no current either
            rows.append((wave, code, element, current, current + gap, gap))
    frame = pd.DataFrame(
        rows, columns=["wave", "province", "element", "current", "ambition", "gap"]
    )
    frame["n"] = 1
    return frame


def partition(assignment: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(group["province"]) for _, group in assignment.groupby("cluster", sort=False)}


def naive_silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    """Textbook loop implementation, to check the vectorised one."""
    d = squareform(pdist(x))
    values = []
    for i in range(len(x)):
        own = [j for j in range(len(x)) if labels[j] == labels[i] and j != i]
        if not own:
            values.append(0.0)
            continue
        a = np.mean([d[i, j] for j in own])
        b = min(
            np.mean([d[i, j] for j in range(len(x)) if labels[j] == c])
            for c in set(labels)
            if c != labels[i]
        )
        values.append(0.0 if max(a, b) == 0 else (b - a) / max(a, b))
    return float(np.mean(values))


# ------------------------------------------------------------------------------ the matrix
def test_gap_matrix_imputation_and_dropping() -> None:
    scores = scores_from(
        {
            "OTL": [1.0, NAN, 3.0, 5.0, NAN],
            "DATA": [NAN, NAN, NAN, NAN, NAN],  # nobody: dropped
            "KETEN": [0.0, 0.0, NAN, 1.0, NAN],  # PV24 has no gap at all: dropped
        }
    )
    before = scores.copy()
    m = gap_matrix(scores, "2018")
    pd.testing.assert_frame_equal(scores, before)
    assert isinstance(m, GapMatrix)
    assert m.wave == "2018"
    assert m.provinces == ["PV20", "PV21", "PV22", "PV23"]
    assert m.elements == ["OTL", "KETEN"]
    assert m.dropped_elements == ("DATA",)
    assert m.dropped_provinces == ("PV24",)
    assert m.values["OTL"].tolist() == [1.0, 3.0, 3.0, 5.0]  # (1 + 3 + 5) / 3
    assert m.values["KETEN"].tolist() == pytest.approx([0.0, 0.0, 1 / 3, 1.0], abs=1e-15)
    assert m.imputed.to_numpy().tolist() == [
        [False, False],
        [True, False],
        [False, True],
        [False, False],
    ]
    tidy = m.tidy()
    assert list(tidy.columns) == ["wave", "province", "element", "gap", "imputed"]
    assert tidy.loc[tidy["imputed"], ["province", "element"]].values.tolist() == [
        ["PV21", "OTL"],
        ["PV22", "KETEN"],
    ]


def test_gap_matrix_errors() -> None:
    scores = scores_from({"OTL": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="2020"):
        gap_matrix(scores, "2020")
    with pytest.raises(ValueError, match="duplicate"):
        gap_matrix(pd.concat([scores, scores.iloc[:1]]), "2018")
    with pytest.raises(ValueError, match="gap"):
        gap_matrix(scores.drop(columns="gap"), "2018")


# ------------------------------------------------------------------------------ silhouette, k
LINE = pd.DataFrame({"OTL": [0.0, 1.0, 10.0, 12.0, 30.0]}, index=CODES[:5])


def test_silhouette_curve_by_hand() -> None:
    # Ward merges {0,1} (1), {10,12} (2), then {0,1,10,12} (14.8), then 30.
    f = Fraction
    k2 = (f(67, 90) + f(22, 29) + f(13, 20) + f(29, 54) + 0) / 5
    k3 = (f(10, 11) + f(9, 10) + f(15, 19) + f(19, 23) + 0) / 5
    k4 = (f(9, 10) + f(8, 9) + 0 + 0 + 0) / 5
    k, curve = choose_k(LINE)
    assert curve["k"].tolist() == [2, 3, 4]
    assert curve["silhouette"].tolist() == pytest.approx(
        [float(k2), float(k3), float(k4)], abs=1e-12
    )
    assert k == 3


def test_silhouette_matches_textbook_loop() -> None:
    rng = np.random.default_rng(7)
    for n in (4, 7, 12):
        x = rng.normal(size=(n, 3))
        labels = rng.integers(1, 4, size=n)
        labels[:3] = [1, 2, 3]
        assert silhouette_score(squareform(pdist(x)), labels) == pytest.approx(
            naive_silhouette(x, labels), abs=1e-12
        )


def test_silhouette_singletons_and_one_cluster() -> None:
    d = squareform(pdist(np.array([[0.0], [1.0], [5.0]])))
    assert silhouette_score(d, np.array([1, 2, 3])) == 0.0
    assert silhouette_score(d, np.array([1, 1, 1])) == 0.0


def test_choose_k_ties_go_to_smaller_k() -> None:
    assert clustering._best_k(pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.5, 0.5, 0.4]})) == 2
    curve = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.4, 0.5, 0.5 + 1e-13]})
    assert clustering._best_k(curve) == 3
    # identical profiles: every silhouette is 0, so k = 2, and the cut gives exactly 2
    scores = scores_from({"OTL": [1.0] * 6, "DATA": [0.5] * 6})
    result = cluster_analysis(scores, "2018")
    assert result.silhouette["silhouette"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert result.k == 2
    assert sorted(result.assignment["cluster"].unique()) == [1, 2]


def test_choose_k_needs_three_provinces_and_complete_matrix() -> None:
    with pytest.raises(ValueError, match="too few"):
        choose_k(LINE.iloc[:2])
    with pytest.raises(ValueError, match="missing"):
        choose_k(pd.DataFrame({"OTL": [0.0, NAN, 1.0]}))


def test_cut_gives_exactly_k_and_agrees_with_fcluster() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(9, 2))
    tree = linkage(x, method="ward")
    for k in range(1, 10):
        ours = clustering._cut(tree, k)
        theirs = fcluster(tree, t=k, criterion="maxclust")
        assert len(set(ours)) == k
        assert partition(pd.DataFrame({"province": range(9), "cluster": ours})) == partition(
            pd.DataFrame({"province": range(9), "cluster": theirs})
        )
    tied = linkage(np.zeros((5, 1)), method="ward")
    for k in range(1, 6):
        assert len(set(clustering._cut(tied, k))) == k


# ------------------------------------------------------------------------------ numbering
def test_cluster_numbering_by_descending_mean_gap() -> None:
    scores = scores_from({"OTL": [0.0, 1.0, 10.0, 12.0, 30.0]})
    result = cluster_analysis(scores, "2018")
    labels = dict(zip(result.assignment["province"], result.assignment["cluster"], strict=True))
    assert labels == {"PV24": 1, "PV22": 2, "PV23": 2, "PV20": 3, "PV21": 3}
    assert result.k == 3 and result.k_chosen
    assert list(result.assignment.columns) == ["wave", "province", "cluster"]
    assert result.assignment["cluster"].dtype == "int64"


@pytest.mark.parametrize(
    "gaps",
    [
        {"OTL": [2.0, 2.0, 0.0, 0.0], "DATA": [0.0, 0.0, 2.0, 2.0]},
        {"OTL": [0.0, 0.0, 2.0, 2.0], "DATA": [2.0, 2.0, 0.0, 0.0]},
        # PV22/PV23 higher by 1e-12 only: still a tie
        {"OTL": [0.0, 0.0, 2.0 + 2e-12, 2.0 + 2e-12], "DATA": [2.0, 2.0, 0.0, 0.0]},
    ],
)
def test_cluster_numbering_tie_goes_to_lowest_province_code(gaps: dict) -> None:
    assignment = gap_clusters(scores_from(gaps), "2018")
    labels = dict(zip(assignment["province"], assignment["cluster"], strict=True))
    assert labels == {"PV20": 1, "PV21": 1, "PV22": 2, "PV23": 2}


def test_given_k_and_small_waves() -> None:
    scores = scores_from({"OTL": [0.0, 1.0, 10.0, 12.0, 30.0]})
    assert gap_clusters(scores, "2018", k=5)["cluster"].tolist() == [1, 2, 3, 4, 5]
    assert gap_clusters(scores, "2018", k=1)["cluster"].tolist() == [1] * 5
    result = cluster_analysis(scores, "2018", k=2)
    assert not result.k_chosen
    assert result.silhouette["k"].tolist() == [2, 3, 4]  # the curve is still there
    with pytest.raises(ValueError, match="between 1 and 5"):
        gap_clusters(scores, "2018", k=6)
    two = scores_from({"OTL": [0.0, 3.0]})
    with pytest.raises(ValueError, match="too few provinces"):
        gap_clusters(two, "2018")
    assert gap_clusters(two, "2018", k=2)["province"].tolist() == ["PV21", "PV20"]
    with pytest.raises(ValueError, match="too few provinces"):
        gap_clusters(scores_from({"OTL": [1.0]}), "2018", k=1)


def test_leaf_order_is_a_permutation_with_contiguous_clusters() -> None:
    scores = scores_from({"OTL": [0.0, 1.0, 10.0, 12.0, 30.0], "DATA": [0, 0, 1, 1, 0]})
    result = cluster_analysis(scores, "2018")
    assert sorted(result.leaf_order) == CODES[:5]
    labels = dict(zip(result.assignment["province"], result.assignment["cluster"], strict=True))
    sequence = [labels[p] for p in result.leaf_order]
    runs = [key for key, _ in itertools.groupby(sequence)]
    assert len(runs) == result.k  # each cluster is one block in the dendrogram order


@settings(max_examples=40, deadline=None)
@given(
    st.integers(3, 9).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(-10, 40).map(lambda v: v / 10), min_size=n, max_size=n),
            min_size=1,
            max_size=4,
        )
    )
)
def test_cluster_labels_are_1_to_k_and_ordered(columns: list[list[float]]) -> None:
    n = len(columns[0])
    scores = scores_from({ELEMENTS[i]: column for i, column in enumerate(columns)})
    result = cluster_analysis(scores, "2018")
    labels = result.assignment["cluster"]
    assert 2 <= result.k <= min(6, n - 1)
    assert sorted(labels.unique()) == list(range(1, result.k + 1))
    means = result.matrix.values.mean(axis=1)
    cluster_means = means.groupby(result.assignment.set_index("province")["cluster"]).mean()
    assert (cluster_means.round(9).diff().dropna() <= 0).all()


# ------------------------------------------------------------------------------ profiles
def test_cluster_profiles_and_summary_by_hand() -> None:
    scores = scores_from({"OTL": [3.0, 3.0, 0.0, 1.0], "DATA": [0.0, 1.0, 2.0, 2.0]})
    assignment = gap_clusters(scores, "2018")
    assert partition(assignment) == {frozenset({"PV20", "PV21"}), frozenset({"PV22", "PV23"})}
    profiles = cluster_profiles(scores, assignment)
    assert list(profiles.columns) == [
        "wave",
        "cluster",
        "element",
        "mean_gap",
        "all_mean_gap",
        "difference",
    ]
    assert profiles[["cluster", "element"]].values.tolist() == [
        [1, "OTL"],
        [1, "DATA"],
        [2, "OTL"],
        [2, "DATA"],
    ]
    assert profiles["mean_gap"].tolist() == [3.0, 0.5, 0.5, 2.0]
    assert profiles["all_mean_gap"].tolist() == [1.75, 1.25, 1.75, 1.25]
    assert profiles["difference"].tolist() == [1.25, -0.75, -1.25, 0.75]
    summary = cluster_summary(scores, assignment)
    assert list(summary.columns) == [
        "wave",
        "cluster",
        "n_members",
        "members",
        "member_names",
        "mean_gap",
        "top_elements",
    ]
    assert summary["members"].tolist() == ["PV20, PV21", "PV22, PV23"]
    assert summary["member_names"].tolist() == ["Groningen, Fryslân", "Drenthe, Overijssel"]
    assert summary["n_members"].tolist() == [2, 2]
    assert summary["mean_gap"].tolist() == [1.75, 1.25]
    assert summary["top_elements"].tolist() == ["OTL", "DATA"]


def test_cluster_summary_top_elements_order_and_limit() -> None:
    scores = scores_from(
        {
            "VISIE": [1.0, 1.0, 0.0, 0.0],  # difference +0.5 for cluster of PV20/PV21
            "ORG": [3.0, 3.0, 0.0, 0.0],  # +1.5
            "MENS": [1.0, 1.0, 0.0, 0.0],  # +0.5 (tie with VISIE: element order)
            "PROC": [2.0, 2.0, 0.0, 0.0],  # +1.0
        }
    )
    assignment = gap_clusters(scores, "2018", k=2)
    summary = cluster_summary(scores, assignment, n_top=3)
    assert summary["top_elements"].tolist() == ["ORG, PROC, VISIE", ""]
    summary = cluster_summary(scores, assignment, n_top=10)
    assert summary["top_elements"].tolist()[0] == "ORG, PROC, VISIE, MENS"


# ------------------------------------------------------------------------------ stability
def respondents_from(gaps: dict[str, list[float]], wave: str = "2018") -> pd.DataFrame:
    """One element (OTL); one respondent per listed gap, current 1.0."""
    rows = [
        (wave, province, f"{province}-{i}", "OTL", 1.0, 1.0 + gap)
        for province, values in gaps.items()
        for i, gap in enumerate(values)
    ]
    return pd.DataFrame(
        rows, columns=["wave", "province", "respondent", "element", "current", "ambition"]
    )


def _reference_jaccard(
    resp: pd.DataFrame, provinces: list[str], clusters: list[int], *, k, n_boot: int, seed: int
) -> dict[int, float]:
    """Reference clusterboot, written out loop by loop: per cluster, the mean over resamples
    of its highest Jaccard similarity with a cluster of the resample (provinces draw from one
    stream in the order given; k chosen by silhouette in each resample when None)."""
    rng = np.random.default_rng(seed)
    profiles = []
    for province in provinces:
        part = resp[resp["province"] == province].sort_values("respondent")
        current = part["current"].to_numpy(float)
        ambition = part["ambition"].to_numpy(float)
        draw = rng.integers(0, len(part), size=(n_boot, len(part)))
        profiles.append(ambition[draw].mean(axis=1) - current[draw].mean(axis=1))
    gaps = np.column_stack(profiles)  # n_boot x provinces (one element)
    originals = {
        c: {p for p, m in zip(provinces, clusters, strict=True) if m == c} for c in clusters
    }
    totals = dict.fromkeys(originals, 0.0)
    for b in range(n_boot):
        matrix = pd.DataFrame({"OTL": gaps[b]}, index=provinces)
        chosen = k if k is not None else choose_k(matrix)[0]
        labels = clustering._cut(linkage(gaps[b][:, np.newaxis], method="ward"), chosen)
        found = [
            {p for p, m in zip(provinces, labels, strict=True) if m == label}
            for label in set(labels)
        ]
        for c, members in originals.items():
            totals[c] += max(len(members & d) / len(members | d) for d in found)
    return {c: total / n_boot for c, total in totals.items()}


def test_cluster_stability_is_clusterboot_jaccard() -> None:
    # PV23 resamples to G = 0 (1/4), 2 (1/2) or 4 (1/4). G = 0: clusters {20, 21, 23}, {22}
    # (Jaccard 1 and 1); G = 2 or 4: {20, 21}, {22, 23} (Ward joins 2 with 4 at 2 < 2.31),
    # Jaccard 2/3 for cluster 1 and 1/2 for cluster 2. Expected: 1/4 + 3/4 * 2/3 = 0.75 and
    # 1/4 + 3/4 * 1/2 = 0.625; the silhouette picks k = 2 in every resample (k = 3 scores 0
    # and 0.5 against 0.75, 1 and 0.625).
    resp = respondents_from({"PV20": [0.0], "PV21": [0.0], "PV22": [4.0], "PV23": [0.0, 4.0]})
    assignment = pd.DataFrame(
        {"wave": "2018", "province": ["PV20", "PV21", "PV23", "PV22"], "cluster": [1, 1, 1, 2]}
    )
    before = (resp.copy(), assignment.copy())
    result = cluster_stability(resp, assignment, n_boot=400, seed=1)
    pd.testing.assert_frame_equal(resp, before[0])
    pd.testing.assert_frame_equal(assignment, before[1])
    assert list(result.columns) == ["wave", "province", "cluster", "stability"]
    assert result["province"].tolist() == ["PV20", "PV21", "PV23", "PV22"]
    stability = result.groupby("cluster")["stability"].first()
    assert stability[1] == pytest.approx(0.75, abs=0.05)
    assert stability[2] == pytest.approx(0.625, abs=0.06)
    order = ["PV20", "PV21", "PV23", "PV22"]
    reference = _reference_jaccard(resp, order, [1, 1, 1, 2], k=None, n_boot=400, seed=1)
    assert stability[1] == pytest.approx(reference[1], abs=1e-12)
    assert stability[2] == pytest.approx(reference[2], abs=1e-12)
    fixed = cluster_stability(resp, assignment, k=2, n_boot=400, seed=1)
    pd.testing.assert_frame_equal(fixed, result)  # k = 2 is chosen in every resample
    # same seed, same numbers
    pd.testing.assert_frame_equal(result, cluster_stability(resp, assignment, n_boot=400, seed=1))


def test_cluster_stability_chooses_k_again_per_resample() -> None:
    # Three tight groups; a caller's k = 2 forces two of them together in every resample,
    # while k chosen again (3) reproduces the clusters exactly.
    resp = respondents_from(
        {
            "PV20": [0.0, 0.1],
            "PV21": [0.1, 0.0],
            "PV22": [2.0, 2.1],
            "PV23": [2.1, 2.0],
            "PV24": [4.0, 4.1],
            "PV25": [4.1, 4.0],
        }
    )
    provinces = ["PV24", "PV25", "PV22", "PV23", "PV20", "PV21"]
    assignment = pd.DataFrame(
        {"wave": "2018", "province": provinces, "cluster": [1, 1, 2, 2, 3, 3]}
    )
    chosen = cluster_stability(resp, assignment, n_boot=50)
    assert chosen["stability"].tolist() == [1.0] * 6
    fixed = cluster_stability(resp, assignment, k=2, n_boot=50)
    reference = _reference_jaccard(resp, provinces, [1, 1, 2, 2, 3, 3], k=2, n_boot=50, seed=20181)
    by_cluster = fixed.groupby("cluster")["stability"].first()
    for cluster, value in reference.items():
        assert by_cluster[cluster] == pytest.approx(value, abs=1e-12)
    assert by_cluster.min() < 1.0


def test_jaccard_stability_by_hand() -> None:
    # cluster {a, b} vs resample clusters {a}, {b, c}: max(1/2, 1/3) = 1/2
    labels = np.array([[1, 1, 2], [1, 2, 2]])
    assert jaccard_stability(np.array([1, 1, 2]), labels).tolist() == [0.75, 0.75, 0.75]


def test_cluster_stability_errors() -> None:
    resp = respondents_from({"PV20": [0.0], "PV21": [1.0]})
    assignment = pd.DataFrame(
        {"wave": "2018", "province": ["PV20", "PV21", "PV22"], "cluster": [1, 1, 2]}
    )
    with pytest.raises(ValueError, match="PV22"):
        cluster_stability(resp, assignment, n_boot=5)
    with pytest.raises(ValueError, match="n_boot"):
        cluster_stability(resp, assignment, n_boot=0)


def test_clusters_table_skips_waves_that_cannot_be_clustered() -> None:
    resp = pd.concat(
        [
            respondents_from({"PV20": [0.0, 0.1], "PV21": [0.1], "PV22": [3.0, 3.1]}),
            respondents_from({"PV20": [0.0], "PV21": [2.0]}, wave="2020"),
        ],
        ignore_index=True,
    )
    per = resp.groupby(["wave", "province", "element"], as_index=False)[
        ["current", "ambition"]
    ].mean()
    scores = per.assign(gap=per["ambition"] - per["current"])
    table = clusters_table(scores, resp, n_boot=20)
    assert list(table.columns) == ["wave", "province", "cluster", "stability"]
    assert table["wave"].unique().tolist() == ["2018"]
    assert table["province"].tolist() == ["PV22", "PV20", "PV21"]
    assert table["cluster"].tolist() == [1, 2, 2]
    assert table["stability"].tolist() == [1.0, 1.0, 1.0]
    empty = clusters_table(scores[scores["wave"] == "2020"], resp, k=3)
    assert empty.empty and list(empty.columns) == ["wave", "province", "cluster", "stability"]


# ------------------------------------------------------------------------------ planted
def planted(seed: int) -> dict:
    """Twelve provinces in three groups of four with known gap profiles and deals.

    Group 0 wants to grow on VISIE..PROC, group 1 on UITV..DATA, group 2 on TECH..KETEN
    (gap 2.0 against 0.2 elsewhere, respondent noise sd 0.15). OTL has two koplopers (current
    4.0) stating trekken/meedoen and group 1 wants it (volgen): supply 2, demand 4. DATA has one
    koploper and the same demand. VISIE has demand 4 (group 0 volgen) but no koploper.
    """
    rng = np.random.default_rng(seed)
    codes = list(rng.permutation(CODES))
    groups = [sorted(codes[0:4]), sorted(codes[4:8]), sorted(codes[8:12])]
    blocks = [ELEMENTS[0:4], ELEMENTS[4:8], ELEMENTS[8:]]
    koplopers = {"OTL": [groups[0][0], groups[0][1]], "DATA": [groups[2][0]]}
    answers, roles = [], []
    for g, members in enumerate(groups):
        for province in members:
            for r in range(5):
                respondent = f"{province}-r{r}"
                for element in ELEMENTS:
                    leader = province in koplopers.get(element, [])
                    current = (4.0 if leader else 2.0) + rng.normal(0, 0.15)
                    target = 2.0 if element in blocks[g] else 0.2
                    ambition = current + target + rng.normal(0, 0.15)
                    answers.append(("2018", province, respondent, element, current, ambition))
                    role = "niet"
                    if leader:
                        role = "trekken" if r < 3 else "meedoen"
                    elif element in ("OTL", "DATA") and g == 1 and r < 4:
                        role = "volgen"
                    elif element == "VISIE" and g == 0 and r != 2:
                        role = None if r == 4 else "volgen"
                    roles.append(("2018", province, respondent, element, role))
    respondent_scores = pd.DataFrame(
        answers, columns=["wave", "province", "respondent", "element", "current", "ambition"]
    )
    scores = respondent_scores.groupby(["wave", "province", "element"], sort=False).agg(
        current=("current", "mean"), ambition=("ambition", "mean"), n=("current", "size")
    )
    scores = scores.reset_index()
    scores["gap"] = scores["ambition"] - scores["current"]
    roles_frame = pd.DataFrame(roles, columns=["wave", "province", "respondent", "element", "role"])
    return {
        "groups": groups,
        "scores": scores,
        "respondent_scores": respondent_scores,
        "roles": roles_frame,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_structure_is_recovered(seed: int) -> None:
    data = planted(seed)
    result = cluster_analysis(data["scores"], "2018")
    assert result.k == 3
    assert partition(result.assignment) == {frozenset(g) for g in data["groups"]}
    assert result.matrix.dropped_elements == ()
    assert not result.matrix.imputed.to_numpy().any()

    summary = cluster_summary(data["scores"], result.assignment)
    blocks = [set(ELEMENTS[0:4]), set(ELEMENTS[4:8]), set(ELEMENTS[8:])]
    for row in summary.itertuples():
        group = next(i for i, g in enumerate(data["groups"]) if row.members == ", ".join(g))
        assert set(row.top_elements.split(", ")) <= blocks[group]

    stated = stated_roles(data["roles"], INSTRUMENT)
    table = opportunities(data["scores"], stated, INSTRUMENT)
    top = table.head(3)
    assert top["element"].tolist() == ["OTL", "DATA", "VISIE"]
    assert top["supply"].tolist() == [2, 1, 0]
    assert top["demand"].tolist() == [4, 4, 4]
    assert table.loc[table["kansrijk"], "element"].tolist() == ["OTL", "DATA"]
    assert table.loc[table["proposed"], "element"].tolist() == ["OTL", "DATA"]


def test_planted_structure_is_stable() -> None:
    data = planted(1)
    table = clusters_table(data["scores"], data["respondent_scores"], n_boot=40)
    assert len(table) == 12
    assert (table["stability"] >= 0.95).all()


def test_nested_cuts_and_their_silhouettes_are_those_of_the_tree() -> None:
    # The clusterboot shortcut (all cuts of one tree at once, silhouettes from shared sums)
    # gives the partitions of _cut, tied heights included, and silhouette_score's curve.
    from bimmaturity.rules import stability

    rng = np.random.default_rng(11)
    for n in (3, 7, 30):
        for x in (rng.normal(size=(n, 2)), np.round(rng.normal(size=(n, 2))), np.zeros((n, 1))):
            tree = linkage(x, method="ward")
            ks = list(range(min(clustering.K_MAX, n - 1), 1, -1))
            cuts = stability._nested_cuts(tree, ks)
            assert [len(set(cut)) for cut in cuts] == ks
            for k, cut in zip(ks, cuts, strict=True):
                ours = pd.DataFrame({"province": range(n), "cluster": cut})
                cut_of_tree = pd.DataFrame(
                    {"province": range(n), "cluster": clustering._cut(tree, k)}
                )
                assert partition(ours) == partition(cut_of_tree)
            distances = squareform(pdist(x))
            curve = stability._silhouettes(distances, cuts)
            expected = [silhouette_score(distances, cut) for cut in cuts]
            assert curve.tolist() == pytest.approx(expected, abs=1e-12)


def test_cluster_summary_names_other_organisations_by_their_code() -> None:
    scores = pd.DataFrame(
        {"wave": "2018", "province": ["ORG01", "ORG02", "PV22"], "element": "OTL"}
    ).assign(gap=[2.0, 2.0, 0.0])
    summary = cluster_summary(scores, gap_clusters(scores, "2018", k=2))
    assert summary["members"].tolist() == ["ORG01, ORG02", "PV22"]
    assert summary["member_names"].tolist() == ["ORG01, ORG02", "Drenthe"]
