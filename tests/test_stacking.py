"""stack_features equals its definition: the per-section and windowed means of numpy reductions, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from newsclean.model.stacking import STACK_NAMES, WINDOW, section_ids, stack_features


def _reference(p: np.ndarray, sections: list[int]) -> np.ndarray:
    """The columns as defined: masks, ``ndarray.mean`` / ``max`` per section and window, loops for the runs."""
    n = len(p)
    out = np.full((n, len(STACK_NAMES)), -1.0)
    if n == 0:
        return out
    sec = np.asarray(sections)
    for i in range(n):
        for k, off in enumerate(range(-WINDOW, WINDOW + 1)):
            if 0 <= i + off < n:
                out[i, k] = p[i + off]
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        c = 2 * WINDOW + 1
        out[i, c] = p[lo:hi].max()
        out[i, c + 1] = p[lo:hi].min()
        out[i, c + 2] = p[lo:i].mean() if i > 0 else -1.0
        out[i, c + 3] = p[i + 1 : hi].mean() if i < n - 1 else -1.0
        members = p[sec == sec[i]]
        out[i, c + 4] = members.mean()
        out[i, c + 5] = p[sec[i]] if sec[i] >= 0 else -1.0
        out[i, c + 6] = members.max()
        out[i, c + 7] = p.mean()
        before = 0
        while before < i and p[i - 1 - before] >= 0.5:
            before += 1
        after = 0
        while i + 1 + after < n and p[i + 1 + after] >= 0.5:
            after += 1
        out[i, c + 8] = min(before, 20)
        out[i, c + 9] = min(after, 20)
    return out


def _sections(rng: np.random.Generator, n: int, ordered: bool) -> list[int]:
    titles = rng.random(n) < 0.2
    current, out = -1, []
    for i in range(n):
        current = i if titles[i] else current
        out.append(current)
    if not ordered:  # ids out of order: the grouping by mask
        rng.shuffle(out)
    return out


@pytest.mark.parametrize("ordered", [True, False])
def test_stack_features_equal_their_definition_bit_for_bit(ordered: bool) -> None:
    rng = np.random.default_rng(7)
    for n in [*range(0, 12), 40, 150, 300]:
        for _ in range(6):
            # probabilities of all magnitudes, where the order of a sum changes its last bits
            p = rng.random(n) ** rng.integers(1, 30)
            p[rng.random(n) < 0.3] = rng.random() * 1e-9
            sections = _sections(rng, n, ordered)
            got, want = stack_features(p, sections), _reference(p, sections)
            assert got.tobytes() == want.tobytes(), (n, ordered)


def test_sections_are_runs_in_order() -> None:
    """The slice shortcut relies on it (section_ids numbers a section by its first block)."""
    from newsclean.features.blockfeats import block_stats
    from newsclean.features.segment import parse_blocks

    blocks = parse_blocks("# A\n\ntext\n\n---\n\nmore\n\n**Bold title**\n\nbody\n\n## B\n\nend\n")
    ids = section_ids(blocks, [block_stats(b) for b in blocks])
    assert ids == sorted(ids) and ids[0] == 0
