"""Decisions from probabilities, revised by the section rule of LABELLING.md.

"A (Sponsored) heading drops the whole section under it, up to the next heading of the same or a
higher level, or the next ---." The rule fires only where the model itself drops the marked
block, so a story that merely mentions sponsorship is not cut by a keyword.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from newsclean.features.blockfeats import BlockStats
from newsclean.features.segment import Block


def _section_end(blocks: Sequence[Block], stats: Sequence[BlockStats], i: int) -> int:
    """Index just past the section that block ``i`` opens."""
    head = blocks[i]
    for j in range(i + 1, len(blocks)):
        b, s = blocks[j], stats[j]
        if b.kind == "rule":
            return j
        if head.kind == "heading":
            if b.kind == "heading" and b.level <= head.level:
                return j
        elif s.title_like or s.headline:
            return j
    return len(blocks)


def revise(blocks: Sequence[Block], stats: Sequence[BlockStats], p: np.ndarray, threshold: float) -> list[tuple[bool, str]]:
    """Keep/drop per block, with the reason.

    Args:
        blocks: the document's blocks.
        stats: their ``block_stats``.
        p: drop probabilities from the model.
        threshold: drop at or above it.

    Returns:
        ``(keep, reason)`` per block.
    """
    out = [(bool(pi < threshold), f"model p={pi:.2f}") for pi in p]
    i = 0
    n = len(blocks)
    while i < n:
        s = stats[i]
        if s.strong_sponsor and (s.title_like or s.headline) and p[i] >= threshold:
            end = _section_end(blocks, stats, i)
            for j in range(i + 1, end):
                if out[j][0]:
                    out[j] = (False, f"in sponsored section of block {i} (model p={p[j]:.2f})")
            i = end
        else:
            i += 1
    return out
