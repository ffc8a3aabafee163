"""The cleaning pipeline users call: parse → decide → render, repeated to a fixed point.

``clean(x)`` is idempotent by construction: one pass parses the newsletter into blocks, lets the
model decide each block, and renders the kept blocks with the deterministic fixes; passes repeat
until the model keeps every block of the previous pass's output, so ``clean(clean(x)) == clean(x)``.

Passes are not capped at a small number. The model's context features (position from the end,
neighbours' probabilities) see a block differently once blocks around it are gone, so on some
documents of many look-alike blocks each pass drops a few more ("erosion"); stopping such a
document after a fixed number of passes returns text that the next ``clean`` would cut again.
Every pass but the last drops at least one block, so the loop ends after at most one pass per
block; on real newsletters it takes two (the second confirms the first), and eroding documents
shrink by a share of their blocks each pass (tests/test_pathological.py measures them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsclean.features.fixes import render
from newsclean.features.segment import Block, parse_blocks
from newsclean.model.cleaner import Cleaner, Decision

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Explained:
    """A block with the decision taken on it in the first pass."""

    block: Block
    decision: Decision


def clear_caches() -> None:
    """Forget the memoised per-block work (stats, tokens, fixes, parses): frees memory in a long run."""
    from newsclean.features import blockfeats, fixes, segment, vocabulary

    for cached in (blockfeats._stats, blockfeats._local_row, fixes.fix_block, segment.block_tokens,
                   vocabulary.block_tokens):
        cached.cache_clear()


@lru_cache(maxsize=4)
def _load(path: str | None) -> Cleaner:
    return Cleaner.load(path)


def load_model(path: str | Path | None = None) -> Cleaner:
    """The cleaner stored at ``path``, or the shipped default model (cached per path)."""
    return _load(None if path is None else str(path))


def clean_once(markdown: str, cleaner: Cleaner, threshold: float | None = None) -> str:
    """One pass: parse, decide, render the kept blocks."""
    blocks = parse_blocks(markdown)
    decisions = cleaner.decide(blocks, threshold)
    return render([b for b, d in zip(blocks, decisions, strict=True) if d.keep])


def clean(markdown: str, *, cleaner: Cleaner | None = None, threshold: float | None = None) -> str:
    """Clean one newsletter.

    Args:
        markdown: the newsletter as Markdown.
        cleaner: a fitted ``Cleaner``; the shipped default model when None.
        threshold: drop blocks whose probability reaches it; the model's own by default.

    Returns:
        The clean Markdown ("" when nothing is kept), a fixed point of cleaning.
    """
    model = cleaner if cleaner is not None else load_model()
    current = clean_once(markdown, model, threshold)
    # Every pass but the last drops a block of ``current``, which has at most as many blocks as
    # the input: the bound is never reached and only makes termination evident.
    blocks = parse_blocks(current)
    limit = len(blocks) + 1
    for _ in range(limit):
        # ``current`` is rendered output, and rendering is idempotent: when the model keeps every
        # block of it, it is the fixed point and needs no second rendering.
        decisions = model.decide(blocks, threshold)
        if all(d.keep for d in decisions):
            return current
        current = render([b for b, d in zip(blocks, decisions, strict=True) if d.keep])
        blocks = parse_blocks(current)
    log.warning("no fixed point after %d passes; cleaning the result again may change it", limit)
    return current


def explain(markdown: str, *, cleaner: Cleaner | None = None, threshold: float | None = None) -> list[Explained]:
    """Every block of the newsletter with its decision, probability, reason and category guess."""
    model = cleaner if cleaner is not None else load_model()
    blocks = parse_blocks(markdown)
    decisions = model.decide(blocks, threshold, categories=True)
    return [Explained(b, d) for b, d in zip(blocks, decisions, strict=True)]
