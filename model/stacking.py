"""Second-stage columns: each block sees its neighbours' first-stage probabilities.

Stacked sequential learning (Cohen & Carvalho, 2005): the first stage scores blocks alone (with
their local context features), the second stage gets, for every block, the first-stage
probabilities around it and across its section, so a whole sponsored section goes, not only its
heading. In training the first-stage probabilities fed here are out-of-fold.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from newsclean.features.blockfeats import BlockStats
from newsclean.features.segment import Block

WINDOW = 3  # neighbours on each side whose probability is a column

STACK_NAMES: tuple[str, ...] = (
    *[f"p_{o:+d}" for o in range(-WINDOW, WINDOW + 1)],
    "p_window_max", "p_window_min", "p_before_mean", "p_after_mean",
    "p_section_mean", "p_section_title", "p_section_max", "p_doc_mean", "p_run_before", "p_run_after",
)


def section_ids(blocks: Sequence[Block], stats: Sequence[BlockStats]) -> list[int]:
    """Section of each block: index of the nearest title-like block or rule at or before it."""
    out = []
    current = -1
    for i, (b, s) in enumerate(zip(blocks, stats, strict=True)):
        if s.title_like or b.kind == "rule":
            current = i
        out.append(current)
    return out


def stack_features(p: np.ndarray, sections: Sequence[int]) -> np.ndarray:
    """Second-stage columns of one document from its first-stage probabilities ``p``."""
    n = len(p)
    out = np.full((n, len(STACK_NAMES)), -1.0)
    if n == 0:
        return out
    padded = np.concatenate([np.full(WINDOW, -1.0), p, np.full(WINDOW, -1.0)])
    for k in range(2 * WINDOW + 1):
        out[:, k] = padded[k : k + n]
    sec_of = np.asarray(sections).astype(np.int64)
    doc_mean = float(p.mean())
    c = 2 * WINDOW + 1
    rows = np.arange(n)
    window = rows[:, None] + np.arange(-WINDOW, WINDOW + 1)
    inside = (window >= 0) & (window < n)
    out[:, c] = np.max(np.where(inside, out[:, :c], -np.inf), axis=1)
    out[:, c + 1] = np.min(np.where(inside, out[:, :c], np.inf), axis=1)
    out[:, c + 2] = _mean_before(p)
    out[:, c + 3] = _mean_after(p)
    out[:, c + 4], out[:, c + 6] = _section_mean_max(p, sec_of)
    out[:, c + 5] = np.where(sec_of >= 0, p[np.maximum(sec_of, 0)], -1.0)
    out[:, c + 7] = doc_mean
    # length of the run of blocks above 0.5 just before / after each block (capped at 20)
    high = (p >= 0.5).tolist()
    run_before, run = [0.0] * n, 0.0
    for i in range(1, n):
        run = run + 1 if high[i - 1] else 0.0
        run_before[i] = run
    run_after, run = [0.0] * n, 0.0
    for i in range(n - 2, -1, -1):
        run = run + 1 if high[i + 1] else 0.0
        run_after[i] = run
    out[:, c + 8] = np.minimum(run_before, 20.0)
    out[:, c + 9] = np.minimum(run_after, 20.0)
    return out


def _section_mean_max(p: np.ndarray, sec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per block, the mean and the max of ``p`` over the blocks of its section (``sec``: section ids).

    ``section_ids`` numbers sections by their first block, so they run in order and each is a run
    of blocks: its mean is that of a slice, the same values in the same order as ``p[sec == s]``
    (so the same bits); ids out of order are grouped by mask.
    """
    n = len(p)
    if n > 1 and bool(np.all(sec[1:] >= sec[:-1])):
        starts = np.flatnonzero(np.concatenate([[True], sec[1:] != sec[:-1]])).tolist()
        groups = [(a, b - a, p[a:b]) for a, b in zip(starts, [*starts[1:], n], strict=True)]
        means = np.repeat([float(m.mean()) for _, _, m in groups], [k for _, k, _ in groups])
        maxes = np.repeat([float(m.max()) for _, _, m in groups], [k for _, k, _ in groups])
        return means, maxes
    mean: dict[int, float] = {}
    high: dict[int, float] = {}
    for s in np.unique(sec).tolist():
        members = p[sec == s]
        mean[s] = float(members.mean())
        high[s] = float(members.max())
    ids = sec.tolist()
    return np.array([mean[s] for s in ids]), np.array([high[s] for s in ids])


def _mean_before(p: np.ndarray) -> np.ndarray:
    """Per row, the mean of the (up to) ``WINDOW`` values of ``p`` before it (-1.0 where there is none).

    Summed left to right from the first of them, then divided by their count, as ``ndarray.mean``
    does for a few values: each value is bit-identical to ``p[max(0, i - WINDOW):i].mean()``.
    """
    n = len(p)
    out = np.full(n, -1.0)
    for i in range(1, min(WINDOW, n)):  # the first rows see fewer values
        out[i] = _sum_in_order(p[:i]) / i
    if n > WINDOW:
        total = p[: n - WINDOW].copy()
        for k in range(1, WINDOW):
            total += p[k : n - WINDOW + k]
        out[WINDOW:] = total / WINDOW
    return out


def _mean_after(p: np.ndarray) -> np.ndarray:
    """Per row, the mean of the (up to) ``WINDOW`` values of ``p`` after it (-1.0 where none), as ``_mean_before``."""
    n = len(p)
    out = np.full(n, -1.0)
    if n > WINDOW:
        total = p[1 : n - WINDOW + 1].copy()
        for k in range(2, WINDOW + 1):
            total += p[k : n - WINDOW + k]
        out[: n - WINDOW] = total / WINDOW
    for i in range(max(0, n - WINDOW), n - 1):  # the last rows see fewer values
        out[i] = _sum_in_order(p[i + 1 :]) / (n - 1 - i)
    return out


def _sum_in_order(values: np.ndarray) -> float:
    """``values[0] + values[1] + ...``, left to right."""
    items = values.tolist()
    total = items[0]
    for v in items[1:]:
        total += v
    return total
