"""The cleaning pipeline users call: parse → decide → render, repeated to a fixed point.

``clean(x)`` is idempotent by construction: one pass parses the newsletter into blocks, lets the
model decide each block, and renders the kept blocks with the deterministic fixes; passes repeat
until a pass changes nothing, so ``clean(clean(x)) == clean(x)``. A pass that changes something
either removes a block or applies a fix that is itself idempotent, so passes end quickly
(in practice two: the second confirms the first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsclean.features.fixes import render
from newsclean.features.segment import Block, parse_blocks
from newsclean.model.cleaner import Cleaner, Decision

# Passes before giving up on a fixed point; each non-final pass removes at least one block.
MAX_PASSES = 8


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
    for _ in range(MAX_PASSES - 1):
        # ``current`` is rendered output, and rendering is idempotent: when the model keeps every
        # block of it, it is the fixed point and needs no second rendering.
        blocks = parse_blocks(current)
        decisions = model.decide(blocks, threshold)
        if all(d.keep for d in decisions):
            break
        current = render([b for b, d in zip(blocks, decisions, strict=True) if d.keep])
    return current


def explain(markdown: str, *, cleaner: Cleaner | None = None, threshold: float | None = None) -> list[Explained]:
    """Every block of the newsletter with its decision, probability, reason and category guess."""
    model = cleaner if cleaner is not None else load_model()
    blocks = parse_blocks(markdown)
    decisions = model.decide(blocks, threshold, categories=True)
    return [Explained(b, d) for b, d in zip(blocks, decisions, strict=True)]
