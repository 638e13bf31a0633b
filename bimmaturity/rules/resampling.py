"""Seeded resampling of respondents within groups: the one bootstrap of the scoring rules.

Three rules resample respondents with replacement within their province (or any group): the
interval of an element score (rule 3), the interval of the overall maturity (rule 5) and the
stability of the gap clusters (rule 10). They share this module, so the random streams, the
drawing order and the nan-aware means are written once.

Streams
-------
- With ``keys``, every group has its own stream ``default_rng(SeedSequence([seed,
  crc32(key)]))`` (:func:`keyed_generator`): a group's figures do not depend on which other
  groups are present.
- Without ``keys``, one stream ``default_rng(seed)`` serves all groups, in the order given.

In both cases group g draws ``generator.integers(0, n_g, size=(resamples, n_g))``: row b holds
the respondents (row positions within the group) drawn in resample b.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence

import numpy as np

__all__ = [
    "draws",
    "keyed_generator",
    "resampled_means",
]


def keyed_generator(seed: int, key: str) -> np.random.Generator:
    """The random stream of one group: ``default_rng(SeedSequence([seed, crc32(key)]))``.

    Parameters
    ----------
    seed : int
        The base seed of the rule.
    key : str
        What identifies the group, e.g. ``"2018|PV20|OTL"`` (UTF-8 bytes are hashed).

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> keyed_generator(20181, "2018|PV20|OTL").integers(0, 5, size=4).tolist()
    [1, 1, 2, 1]
    """
    entropy = [int(seed), zlib.crc32(key.encode("utf-8"))]
    return np.random.default_rng(np.random.SeedSequence(entropy))


def draws(
    sizes: Sequence[int],
    resamples: int,
    *,
    seed: int,
    keys: Sequence[str] | None = None,
) -> Iterator[np.ndarray]:
    """The respondents drawn in each resample, group by group (see the module notes).

    Parameters
    ----------
    sizes : sequence of int
        The number of respondents of each group (each >= 1).
    resamples : int
        The number of resamples (>= 1).
    seed : int
        The seed.
    keys : sequence of str, optional
        One key per group for a stream per group; None for one stream over all groups.

    Yields
    ------
    numpy.ndarray
        For each group in order, an int64 array (resamples x n_g) of row positions.

    Examples
    --------
    >>> [d.tolist() for d in draws([2, 3], 2, seed=7)]
    [[[1, 1], [1, 1]], [[1, 2, 2], [0, 0, 0]]]
    """
    if resamples < 1:
        raise ValueError(f"resamples moet >= 1 zijn / must be >= 1, got {resamples}")
    if keys is not None and len(keys) != len(sizes):
        raise ValueError(f"{len(keys)} keys for {len(sizes)} groups")
    shared = np.random.default_rng(seed) if keys is None else None
    for g, n in enumerate(sizes):
        generator = shared if shared is not None else keyed_generator(seed, keys[g])
        yield generator.integers(0, int(n), size=(resamples, int(n)))


def resampled_means(
    values: np.ndarray,
    sizes: Sequence[int],
    resamples: int,
    *,
    seed: int,
    keys: Sequence[str] | None = None,
    ordered: bool = True,
) -> np.ndarray:
    """Means of respondents drawn with replacement within groups, for every resample.

    In resample b, group g's mean of column c is the mean of the non-missing values of c over
    the drawn rows (a row drawn twice counts twice); NaN when none of them has a value.

    Parameters
    ----------
    values : numpy.ndarray
        Rows x columns (a 1-D array is one column), NaN = missing; the rows of each group are
        consecutive, groups in the order of ``sizes``.
    sizes : sequence of int
        Rows per group (each >= 1, summing to the number of rows).
    resamples : int
        Number of resamples.
    seed, keys
        The random streams (see :func:`draws`).
    ordered : bool
        True: every mean is summed over the drawn rows in draw order (bit for bit the
        plain ``values[drawn].sum(axis=1)``), for results that feed a discrete decision
        such as a clustering. False: sums by counts and matrix products, faster for many
        resamples, equal to the ordered sums up to rounding (about 1e-15).

    Returns
    -------
    numpy.ndarray
        Groups x resamples x columns.

    Examples
    --------
    >>> values = np.array([1.0, 2.0, 3.0, 6.0, 9.0])  # groups [1, 2] and [3, 6, 9]
    >>> resampled_means(values, [2, 3], 2, seed=7)[:, :, 0].tolist()  # drawn as in draws()
    [[2.0, 2.0], [8.0, 3.0]]
    >>> resampled_means(values, [2, 3], 2, seed=7, ordered=False)[:, :, 0].tolist()
    [[2.0, 2.0], [8.0, 3.0]]
    """
    matrix = np.asarray(values, dtype="float64")
    if matrix.ndim == 1:
        matrix = matrix[:, np.newaxis]
    sizes = [int(n) for n in sizes]
    if sum(sizes) != len(matrix) or any(n < 1 for n in sizes):
        raise ValueError(f"sizes {sizes[:5]}... do not split {len(matrix)} rows into groups")
    present = ~np.isnan(matrix)
    filled = np.where(present, matrix, 0.0)
    weight = present.astype("float64")
    complete = bool(present.all())
    out = np.empty((len(sizes), resamples, matrix.shape[1]))
    start = 0
    for g, drawn in enumerate(draws(sizes, resamples, seed=seed, keys=keys)):
        n = sizes[g]
        block = slice(start, start + n)
        start += n
        if ordered:
            sums = filled[block][drawn].sum(axis=1)
            counts = np.full_like(sums, n) if complete else weight[block][drawn].sum(axis=1)
        elif matrix.shape[1] == 1 and complete:
            out[g, :, 0] = filled[block, 0].take(drawn) @ np.full(n, 1 / n)
            continue
        elif matrix.shape[1] == 1:
            sums = (filled[block, 0].take(drawn) @ np.ones(n))[:, np.newaxis]
            counts = (weight[block, 0].take(drawn) @ np.ones(n))[:, np.newaxis]
        else:
            offsets = (np.arange(resamples) * n)[:, np.newaxis]
            times = np.bincount((drawn + offsets).ravel(), minlength=resamples * n)
            times = times.reshape(resamples, n).astype("float64")
            sums = times @ filled[block]
            counts = np.full_like(sums, n) if complete else times @ weight[block]
        np.divide(sums, counts, out=out[g], where=counts > 0)
        out[g][counts == 0] = np.nan
    return out
