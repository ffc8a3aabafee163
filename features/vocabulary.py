"""A sponsor / call-to-action / footer vocabulary learned from labelled blocks.

Tokens are word unigrams and bigrams of the visible text, character 4-grams of its words, and
words of link and image URLs (``u:unsubscribe``, ``u:click``). Each token gets a smoothed
log-odds of appearing in a dropped block rather than a kept one; only tokens seen in blocks of
at least ``MIN_GROUPS`` publishers are kept, so that one publisher's own words (its name, its
tracking host) do not pass for a general signal. A block's columns are the sum, mean, max and
min of its tokens' log-odds, per token family, and indicator columns for the ``TOP_K`` strongest
tokens.
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, pairwise
from typing import cast

import numpy as np
from newsclean.features.markup import Markup

# Tuned on ../shared/corpus (leave-one-publisher-out): more tokens or fewer groups overfit.
MIN_GROUPS = 2
MIN_BLOCKS = 3
TOP_K = 48
SMOOTHING = 1.0

_WORD_RE = re.compile(r"[^\W\d_]{2,30}|\d{1,4}")
_URL_WORD_RE = re.compile(r"[a-z]{3,20}")
FAMILIES = ("w", "c", "u")


# Distinct words whose tokens are remembered (see ``_word_tokens``); the table starts over when full.
WORD_TABLE_SIZE = 16384
_WORD_TABLE: dict[str, tuple[str, ...]] = {}


def _word_tokens(word: str) -> tuple[str, ...]:
    """``w:word`` and, for a word of 4+ characters, the ``c:`` 4-grams of ``<word>``.

    Remembered per word: the token sets of all blocks with the word hold the same strings, not
    copies (a block's set was 70% token strings), and the 4-grams are cut once.
    """
    toks = _WORD_TABLE.get(word)
    if toks is None:
        if len(_WORD_TABLE) >= WORD_TABLE_SIZE:
            _WORD_TABLE.clear()
        padded = f"<{word}>"
        grams = ["c:" + padded[i : i + 4] for i in range(len(padded) - 3)] if len(word) >= 4 else []
        toks = _WORD_TABLE[word] = ("w:" + word, *grams)
    return toks


@lru_cache(maxsize=8192)
def block_tokens(m: Markup) -> frozenset[str]:
    """The token set of one block: ``w:`` words and bigrams, ``c:`` char 4-grams, ``u:`` URL words."""
    if block_tokens.cache_info().currsize == 0:  # cleared (pipeline.clear_caches): start the words over too
        _WORD_TABLE.clear()
    words = _WORD_RE.findall((m.visible + " " + " ".join(m.image_alts)).lower()[:5000])
    toks: set[str] = set()
    for w in dict.fromkeys(words):
        toks.update(_word_tokens(w))
    toks.update(map("w:{}_{}".format, words, words[1:]))
    for url in (*m.links, *m.images):
        path = url.lower()[:300]
        toks.update(["u:" + w for w in _URL_WORD_RE.findall(path)])
    return frozenset(toks)


@dataclass(frozen=True)
class Vocabulary:
    """Learned token weights: ``tokens[i]`` has log-odds ``weights[i]``; ``top`` indexes the strongest."""

    tokens: tuple[str, ...]
    weights: np.ndarray
    top: tuple[int, ...]

    @property
    def index(self) -> dict[str, int]:
        """Token → position."""
        return {t: i for i, t in enumerate(self.tokens)}

    @cached_property
    def _lookup(self) -> _Lookup:
        """The per-vocabulary tables of ``transform`` and ``transform_markups``, built once."""
        return _Lookup(self)

    def to_state(self) -> dict[str, object]:
        """Plain types for the model file."""
        # one NumPy string array, not a list: skops stores a list item by item in its JSON schema
        return {"tokens": np.array(self.tokens, dtype=np.str_), "weights": self.weights,
                "top": np.array(self.top, dtype=np.int64)}

    @classmethod
    def from_state(cls, state: dict[str, object]) -> Vocabulary:
        """Inverse of ``to_state``."""
        tokens = np.asarray(state["tokens"])
        top = np.asarray(state["top"])
        return cls(tuple(tokens.tolist()), np.asarray(state["weights"], dtype=np.float64),
                   tuple(int(i) for i in top.tolist()))


@dataclass(frozen=True)
class GroupCounts:
    """Token counts of one publisher's blocks: in how many dropped and kept blocks each token is."""

    drop: dict[str, int]
    keep: dict[str, int]
    n_drop: int
    n_keep: int

    @cached_property
    def numbered(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The counts by token number (``_TokenNumbers``): drop numbers and counts, keep numbers and counts, and
        the numbers of every token the group has (once each). Made once per object: a document's counts are
        recombined many times while fitting."""
        number = _NUMBERS.number
        drop_ids = np.fromiter(map(number, self.drop), dtype=np.int64, count=len(self.drop))
        keep_ids = np.fromiter(map(number, self.keep), dtype=np.int64, count=len(self.keep))
        return (drop_ids, np.fromiter(self.drop.values(), dtype=np.float64, count=len(self.drop)),
                keep_ids, np.fromiter(self.keep.values(), dtype=np.float64, count=len(self.keep)),
                np.union1d(drop_ids, keep_ids))


class _TokenNumbers:
    """A number for every token string met while fitting (their order is of no consequence: tokens are sorted
    by string where it matters). Grows with the distinct tokens of the documents fitted in the process."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.tokens: list[str] = []

    def number(self, token: str) -> int:
        n = self.numbers.get(token)
        if n is None:
            n = self.numbers[token] = len(self.tokens)
            self.tokens.append(token)
        return n


_NUMBERS = _TokenNumbers()


def count_tokens(token_sets: Sequence[frozenset[str]], y: Sequence[int]) -> GroupCounts:
    """Count tokens over blocks of one group."""
    drop: dict[str, int] = {}
    keep: dict[str, int] = {}
    n_drop = 0
    for toks, label in zip(token_sets, y, strict=True):
        counts = drop if label else keep
        n_drop += 1 if label else 0
        for t in toks:
            counts[t] = counts.get(t, 0) + 1
    return GroupCounts(drop, keep, n_drop, len(y) - n_drop)


def fit_vocabulary(token_sets: Sequence[frozenset[str]], y: Sequence[int], groups: Sequence[str]) -> Vocabulary:
    """Learn token log-odds from blocks' token sets, drop labels (1 = drop) and publisher groups."""
    by_group: dict[str, tuple[list[frozenset[str]], list[int]]] = {}
    for toks, label, group in zip(token_sets, y, groups, strict=True):
        entry = by_group.setdefault(group, ([], []))
        entry[0].append(toks)
        entry[1].append(int(label))
    return fit_vocabulary_counts([count_tokens(t, yy) for t, yy in by_group.values()])


def merge_counts(parts: Sequence[GroupCounts]) -> GroupCounts:
    """The counts of several groups' blocks taken together (the one group itself when there is one)."""
    if len(parts) == 1:
        return parts[0]
    drop: dict[str, int] = {}
    keep: dict[str, int] = {}
    for g in parts:
        for t, c in g.drop.items():
            drop[t] = drop.get(t, 0) + c
        for t, c in g.keep.items():
            keep[t] = keep.get(t, 0) + c
    return GroupCounts(drop, keep, sum(g.n_drop for g in parts), sum(g.n_keep for g in parts))


def fit_vocabulary_counts(groups: Sequence[GroupCounts]) -> Vocabulary:
    """Learn token log-odds from per-publisher counts (cheap to recombine for cross-validation).

    The counts are summed by token number (``GroupCounts.numbered``): whole numbers, exact in float64.
    """
    n_drop, n_keep = sum(g.n_drop for g in groups), sum(g.n_keep for g in groups)
    parts = [g.numbered for g in groups]
    size = len(_NUMBERS.tokens)

    def joined(column: int, dtype: type) -> np.ndarray:
        return np.concatenate([x[column] for x in parts]) if parts else np.zeros(0, dtype=dtype)

    drop_count = np.bincount(joined(0, np.int64), joined(1, np.float64), size)
    keep_count = np.bincount(joined(2, np.int64), joined(3, np.float64), size)
    n_groups = np.bincount(joined(4, np.int64), minlength=size)
    chosen = np.flatnonzero((n_groups >= MIN_GROUPS) & (drop_count + keep_count >= MIN_BLOCKS))
    names = _NUMBERS.tokens
    order = sorted(chosen.tolist(), key=names.__getitem__)
    tokens = [names[i] for i in order]
    d = drop_count[order] if order else np.zeros(0)
    k = keep_count[order] if order else np.zeros(0)
    warr = np.log((d + SMOOTHING) / (n_drop + 2 * SMOOTHING)) - np.log((k + SMOOTHING) / (n_keep + 2 * SMOOTHING))
    strength = np.abs(warr) * np.sqrt(d + k)
    top = tuple(int(i) for i in np.argsort(-strength, kind="stable")[:TOP_K])
    return Vocabulary(tuple(tokens), warr, top)


def vocabulary_names(vocab_top: int = TOP_K) -> list[str]:
    """Column names of ``transform`` (indicator columns are numbered, not named by token)."""
    names = []
    for fam in FAMILIES:
        names += [f"vocab_{fam}_sum", f"vocab_{fam}_mean", f"vocab_{fam}_max", f"vocab_{fam}_min"]
    names += [f"vocab_top_{i}" for i in range(vocab_top)]
    return names


class _Lookup:
    """A vocabulary's tokens as numbers: a block's row from the set of its known tokens' ids.

    Ids run over the tokens family by family in ``FAMILIES`` order (``inner_bounds``: where the
    second family's ids start, and the third's). A row takes the same values whatever the order of
    its ids (``math.fsum`` is exact; ``max``, ``min`` and the indicators do not depend on it).
    """

    def __init__(self, vocab: Vocabulary) -> None:
        order = sorted(range(len(vocab.tokens)), key=lambda i: FAMILIES.index(vocab.tokens[i][0]))
        self.ids = {vocab.tokens[i]: k for k, i in enumerate(order)}  # token -> id
        self.weight_array = vocab.weights[order]  # by id
        families = [FAMILIES.index(vocab.tokens[i][0]) for i in order]
        bounds = [bisect_left(families, f) for f in range(len(FAMILIES) + 1)]
        self.inner_bounds = np.array(bounds[1:-1], dtype=np.intp)  # an id's family: how many of them it reaches
        rank = {i: k for k, i in enumerate(order)}
        self.top_column = np.full(len(order), -1, dtype=np.intp)  # id -> its indicator column, -1: none
        for j, i in enumerate(vocab.top):
            self.top_column[rank[i]] = 4 * len(FAMILIES) + j
        self.words = _WordIds(self.ids)  # word -> ids of its known w: and c: tokens
        self.bigrams: dict[tuple[str, ...], int] = {  # ("a", "b") -> id of w:a_b
            tuple(t[2:].split("_")): i for t, i in self.ids.items() if t[0] == "w" and "_" in t}
        self.url_words = {t[2:]: i for t, i in self.ids.items() if t[0] == "u"}  # "click" -> id of u:click
        # rows of markups still in use: the verifying cleaning pass sees the blocks again
        self.rows_of: weakref.WeakKeyDictionary[Markup, np.ndarray] = weakref.WeakKeyDictionary()

    def rows(self, id_sets: Sequence[set[int]]) -> np.ndarray:
        """The vocabulary columns of blocks whose known tokens have the ids of ``id_sets``, one row each.

        Per block and family: the ``math.fsum`` of the weights, that over their count, their max and
        min (grouped with NumPy: a stable sort of (block, family), then ``reduceat``).
        """
        n = len(id_sets)
        out = np.zeros((n, 4 * len(FAMILIES) + TOP_K))
        counts = [len(ids) for ids in id_sets]
        ids = np.fromiter(chain.from_iterable(id_sets), dtype=np.intp, count=sum(counts))
        if not len(ids):
            return out
        block = np.repeat(np.arange(n), counts)
        key = block * len(FAMILIES) + np.searchsorted(self.inner_bounds, ids, side="right")
        order = np.argsort(key, kind="stable")
        weights, key = self.weight_array[ids[order]], key[order]
        starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        ends = np.append(starts[1:], len(key))
        listed = weights.tolist()
        sums = np.array([math.fsum(listed[a:b]) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)])
        at, col = np.divmod(key[starts], len(FAMILIES))
        col = 4 * col
        out[at, col] = sums
        out[at, col + 1] = sums / (ends - starts)
        out[at, col + 2] = np.maximum.reduceat(weights, starts)
        out[at, col + 3] = np.minimum.reduceat(weights, starts)
        top = self.top_column[ids]
        out[block[top >= 0], top[top >= 0]] = 1.0
        return out

    def markup_ids(self, m: Markup) -> set[int]:
        """Ids of the known tokens of ``block_tokens(m)``, found without making its token set."""
        words = _WORD_RE.findall((m.visible + " " + " ".join(m.image_alts)).lower()[:5000])
        ids: set[int | None] = set(chain.from_iterable(map(self.words.__getitem__, set(words))))
        ids.update(map(self.bigrams.get, pairwise(words)))  # ("a", "b") for w:a_b: words have no "_"
        for url in (*m.links, *m.images):
            ids.update(map(self.url_words.get, _URL_WORD_RE.findall(url.lower()[:300])))
        ids.discard(None)  # the unknown bigrams and URL words
        return cast(set[int], ids)


class _WordIds(dict[str, tuple[int, ...]]):
    """Word -> ids of the known tokens among ``_word_tokens(word)``, made on first look-up (as those are)."""

    def __init__(self, ids: dict[str, int]) -> None:
        super().__init__()
        self.ids = ids

    def __missing__(self, word: str) -> tuple[int, ...]:
        if len(self) >= WORD_TABLE_SIZE:
            self.clear()
        known = self[word] = tuple(i for i in map(self.ids.get, _word_tokens(word)) if i is not None)
        return known


def transform(vocab: Vocabulary, index: dict[str, int], token_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """The vocabulary columns of blocks given their token sets (``index`` is ``vocab.index``, unused)."""
    lookup = vocab._lookup
    get = lookup.ids.get
    id_sets = []
    for toks in token_sets:
        ids: set[int | None] = set(map(get, toks))
        ids.discard(None)  # most of a block's tokens are not in the vocabulary
        id_sets.append(cast(set[int], ids))
    return lookup.rows(id_sets)


def transform_markups(vocab: Vocabulary, markups: Sequence[Markup]) -> np.ndarray:
    """``transform(vocab, vocab.index, [block_tokens(m) for m in markups])``, without the token sets.

    A row is remembered as long as its markup lives (``blockfeats`` memoises those): the
    verifying cleaning pass sees most blocks again.
    """
    lookup = vocab._lookup
    memo = lookup.rows_of
    rows = [memo.get(m) for m in markups]
    todo = {m: None for m, row in zip(markups, rows, strict=True) if row is None}  # (once each)
    if todo:
        for m, row in zip(todo, lookup.rows([lookup.markup_ids(m) for m in todo]), strict=True):
            memo[m] = row
        rows = [memo[m] if row is None else row for m, row in zip(markups, rows, strict=True)]
    return np.array(rows, dtype=np.float64).reshape(len(markups), 4 * len(FAMILIES) + TOP_K)
