"""The vocabulary columns: what ``transform`` computes, checked against a plain restatement."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
from newsclean.features.markup import Markup
from newsclean.features.vocabulary import (
    FAMILIES,
    TOP_K,
    Vocabulary,
    block_tokens,
    transform,
    transform_markups,
)


def _plain_row(vocab: Vocabulary, toks: frozenset[str]) -> list[float]:
    """Per family: sum, mean, max and min of the known tokens' weights; then the top-token indicators."""
    index = vocab.index
    row = [0.0] * (4 * len(FAMILIES) + TOP_K)
    for f_i, fam in enumerate(FAMILIES):
        vals = [float(vocab.weights[index[t]]) for t in sorted(toks) if t in index and t[0] == fam]
        if vals:
            s = math.fsum(vals)
            row[4 * f_i : 4 * f_i + 4] = [s, s / len(vals), max(vals), min(vals)]
    for j, i in enumerate(vocab.top):
        if vocab.tokens[i] in toks:
            row[4 * len(FAMILIES) + j] = 1.0
    return row


def test_transform_matches_its_definition() -> None:
    rng = random.Random(0)
    pool = [f"{fam}:{rng.choice('abcdefgh')}{i}" for i in range(600) for fam in FAMILIES[i % 3]]
    tokens = tuple(sorted(rng.sample(pool, 300)))
    weights = np.array([rng.uniform(-4, 4) for _ in tokens])
    vocab = Vocabulary(tokens, weights, tuple(rng.sample(range(len(tokens)), TOP_K)))
    sets = [frozenset(rng.sample(pool, rng.randrange(0, 60))) for _ in range(200)] + [frozenset()]
    got = transform(vocab, vocab.index, sets)
    assert got.shape == (len(sets), 4 * len(FAMILIES) + TOP_K)
    assert np.array_equal(got, np.array([_plain_row(vocab, s) for s in sets]))


def test_transform_does_not_need_sorted_tokens() -> None:
    """A vocabulary's tokens in any order (families interleaved) give the same rows."""
    rng = random.Random(1)
    pool = [f"{fam}:{rng.choice('abcdefgh')}{i}" for i in range(600) for fam in FAMILIES[i % 3]]
    tokens = tuple(rng.sample(pool, 300))
    weights = np.array([rng.uniform(-4, 4) for _ in tokens])
    vocab = Vocabulary(tokens, weights, tuple(rng.sample(range(len(tokens)), TOP_K)))
    sets = [frozenset(rng.sample(pool, rng.randrange(0, 60))) for _ in range(200)]
    assert np.array_equal(transform(vocab, vocab.index, sets), np.array([_plain_row(vocab, s) for s in sets]))


def test_transform_markups_is_transform_of_the_token_sets(corpus_dir: Path) -> None:
    """Rows from markups (no token sets) are those of their ``block_tokens``, shuffled vocabulary or not."""
    from newsclean.features.blockfeats import block_stats
    from newsclean.features.segment import parse_blocks
    from newsclean.model.cleaner import Cleaner

    markups = [block_stats(b).markup for d in sorted(corpus_dir.iterdir())[:8] if (d / "input.md").is_file()
               for b in parse_blocks((d / "input.md").read_text(encoding="utf-8"))]
    markups += [Markup("a b  c", "", ("https://x.test/Click/Here?u=Subscribe",), ("data:image/png",), ("",), 0, 0,
                       0, 0, 0, 0),
                Markup("", "", (), (), (), 0, 0, 0, 0, 0, 0)]
    markups += markups[-2:]  # equal markups in one call
    shipped = Cleaner.load().vocab_
    order = random.Random(2).sample(range(len(shipped.tokens)), len(shipped.tokens))
    shuffled = Vocabulary(tuple(shipped.tokens[i] for i in order), shipped.weights[order],
                          tuple(order.index(i) for i in shipped.top))
    for vocab in (shipped, shuffled):
        want = transform(vocab, vocab.index, [block_tokens(m) for m in markups])
        assert np.array_equal(transform_markups(vocab, markups), want)
        assert np.array_equal(transform_markups(vocab, markups), want)  # remembered rows
        assert transform_markups(vocab, []).shape == transform(vocab, vocab.index, []).shape == (0, want.shape[1])
