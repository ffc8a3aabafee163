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
    for i in range(n):
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        win = p[lo:hi]
        out[i, c] = win.max()
        out[i, c + 1] = win.min()
        out[i, c + 2] = p[lo:i].mean() if i > lo else -1.0
        out[i, c + 3] = p[i + 1 : hi].mean() if hi > i + 1 else -1.0
        s = int(sec[i])
        out[i, c + 4] = sec_mean[s]
        out[i, c + 5] = p[s] if s >= 0 else -1.0
        out[i, c + 6] = sec_max[s]
        out[i, c + 7] = doc_mean
        out[i, c + 8] = min(run_before[i], 20.0)
        out[i, c + 9] = min(run_after[i], 20.0)
    return out
