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
    sec = np.asarray(sections)
    sec_mean: dict[int, float] = {}
    sec_max: dict[int, float] = {}
    for s in np.unique(sec):
        members = p[sec == s]
        sec_mean[int(s)] = float(members.mean())
        sec_max[int(s)] = float(members.max())
    doc_mean = float(p.mean())
    # length of the run of blocks above 0.5 just before / after each block
    run_before = np.zeros(n)
    for i in range(1, n):
        run_before[i] = run_before[i - 1] + 1 if p[i - 1] >= 0.5 else 0
    run_after = np.zeros(n)
    for i in range(n - 2, -1, -1):
        run_after[i] = run_after[i + 1] + 1 if p[i + 1] >= 0.5 else 0
    c = 2 * WINDOW + 1
    rows = np.arange(n)
    window = rows[:, None] + np.arange(-WINDOW, WINDOW + 1)
    inside = (window >= 0) & (window < n)
    out[:, c] = np.max(np.where(inside, out[:, :c], -np.inf), axis=1)
    out[:, c + 1] = np.min(np.where(inside, out[:, :c], np.inf), axis=1)
    out[:, c + 2] = _mean_of(p, [rows + off for off in range(-WINDOW, 0)])
    out[:, c + 3] = _mean_of(p, [rows + off for off in range(1, WINDOW + 1)])
    sec_of = sec.astype(np.int64)
    out[:, c + 4] = [sec_mean[s] for s in sec_of.tolist()]
    out[:, c + 5] = np.where(sec_of >= 0, p[np.maximum(sec_of, 0)], -1.0)
    out[:, c + 6] = [sec_max[s] for s in sec_of.tolist()]
    out[:, c + 7] = doc_mean
    out[:, c + 8] = np.minimum(run_before, 20.0)
    out[:, c + 9] = np.minimum(run_after, 20.0)
    return out


def _mean_of(p: np.ndarray, positions: list[np.ndarray]) -> np.ndarray:
    """Per row, the mean of ``p`` at the positions that fall inside it (-1.0 where none does).

    Summed left to right, then divided by the count, as ``ndarray.mean`` does for a few values, so
    each value is bit-identical to ``p[lo:hi].mean()``.
    """
    n = len(p)
    total = np.zeros(n)
    count = np.zeros(n)
    for pos in positions:
        inside = (pos >= 0) & (pos < n)
        value = p[np.clip(pos, 0, max(n - 1, 0))]
        total = np.where(inside, np.where(count > 0, total + value, value), total)
        count += inside
    return np.where(count > 0, total / np.maximum(count, 1.0), -1.0)
