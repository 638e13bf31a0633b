"""The seeded resampling helper shared by rules 3, 5 and 10 (exact values on a small case)."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from bimmaturity.rules.resampling import (
    draws,
    keyed_generator,
    resampled_means,
)


def test_keyed_generator_is_the_documented_stream() -> None:
    key = "2018|PV20|OTL"
    expected = np.random.default_rng(np.random.SeedSequence([20181, zlib.crc32(key.encode())]))
    assert (
        keyed_generator(20181, key).integers(0, 7, size=10).tolist()
        == expected.integers(0, 7, size=10).tolist()
    )


def test_draws_share_one_stream_without_keys() -> None:
    rng = np.random.default_rng(5)
    expected = [rng.integers(0, n, size=(3, n)) for n in (2, 1, 4)]
    got = list(draws([2, 1, 4], 3, seed=5))
    assert [g.tolist() for g in got] == [e.tolist() for e in expected]


def test_draws_one_stream_per_key() -> None:
    got = list(draws([3, 3], 2, seed=9, keys=["a", "b"]))
    assert got[0].tolist() == keyed_generator(9, "a").integers(0, 3, size=(2, 3)).tolist()
    assert got[1].tolist() == keyed_generator(9, "b").integers(0, 3, size=(2, 3)).tolist()
    # a group's stream does not depend on the other groups
    alone = next(draws([3], 2, seed=9, keys=["b"]))
    assert alone.tolist() == got[1].tolist()


def test_resampled_means_exact_small_case() -> None:
    # group 0: rows [1, 2]; group 1: rows [3, 6, 9]; seed 7 draws
    # [[1, 1], [1, 1]] and [[1, 2, 2], [0, 0, 0]]
    values = np.array([1.0, 2.0, 3.0, 6.0, 9.0])
    assert [d.tolist() for d in draws([2, 3], 2, seed=7)] == [
        [[1, 1], [1, 1]],
        [[1, 2, 2], [0, 0, 0]],
    ]
    for ordered in (True, False):
        means = resampled_means(values, [2, 3], 2, seed=7, ordered=ordered)
        assert means.shape == (2, 2, 1)
        assert means[:, :, 0].tolist() == [[2.0, 2.0], [8.0, 3.0]]


def test_resampled_means_skip_missing_values() -> None:
    # one group of three respondents, two columns; NaN = no score
    values = np.array([[1.0, np.nan], [2.0, np.nan], [4.0, 5.0]])
    drawn = next(draws([3], 4, seed=3))
    for ordered in (True, False):
        means = resampled_means(values, [3], 4, seed=3, ordered=ordered)[0]
        for b, rows in enumerate(drawn):
            assert means[b, 0] == pytest.approx(values[rows, 0].mean(), abs=1e-15)
            second = values[rows, 1]
            if np.isnan(second).all():
                assert np.isnan(means[b, 1])
            else:
                assert means[b, 1] == 5.0


def test_resampled_means_checks_the_groups() -> None:
    with pytest.raises(ValueError, match="sizes"):
        resampled_means(np.arange(4.0), [2, 3], 5, seed=1)
    with pytest.raises(ValueError, match="resamples"):
        resampled_means(np.arange(4.0), [4], 0, seed=1)
