"""The vocabulary columns: what ``transform`` computes, checked against a plain restatement."""

from __future__ import annotations

import math
import random

import numpy as np
from newsclean.features.vocabulary import FAMILIES, TOP_K, Vocabulary, transform


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
