"""Drop precision, recall and F1 of a cleaner's decisions against labels: pure functions.

The positive class is *drop*. Figures are given two ways: by block (each block counts 1) and by
character (each block counts ``len(block.text)``, so a long story wrongly dropped weighs more than
an icon). A block with no letters or digits at all (a rule, a lone emoji, padding) is *unscored*:
``LABELLING.md`` says it is not scored either way, so it is left out of every count.

Zero division, defined once here and used everywhere:

- precision with no predicted drops is 1.0 (no drop was wrong);
- recall with nothing to drop is 1.0 (nothing was missed);
- F1 is the harmonic mean of the two, and 0.0 when both are 0.0.

So a document with nothing to drop where nothing was dropped scores 1.0 / 1.0 / 1.0, and a
cleaner that drops nothing on a document with drops scores precision 1.0, recall 0.0, F1 0.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

CATEGORIES = ("ad", "self_promo", "chrome", "footer", "tracking", "games")

# Characters of a block's text quoted in a false or missed drop.
SNIPPET_CHARS = 80


@dataclass(frozen=True)
class Counts:
    """Confusion counts for drop (positive) vs keep, in blocks or in characters."""

    tp: int = 0  # dropped, should be dropped
    fp: int = 0  # dropped, should be kept (a false drop: lost content)
    fn: int = 0  # kept, should be dropped (a missed drop: left-over boilerplate)
    tn: int = 0  # kept, should be kept

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)

    @property
    def predicted(self) -> int:
        """How many were dropped."""
        return self.tp + self.fp

    @property
    def actual(self) -> int:
        """How many should have been dropped."""
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was dropped."""
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing should be dropped."""
        return self.tp / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when both are 0.0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lost(self) -> float:
        """fp / (fp + tn): the share of what should be kept that was dropped; 0.0 when nothing should be kept.

        By character, this is "news lost": characters of blocks labelled keep that were dropped,
        over all characters labelled keep.
        """
        kept = self.fp + self.tn
        return self.fp / kept if kept else 0.0


@dataclass(frozen=True)
class CategoryRecall:
    """How many blocks of one drop category were dropped, out of how many scored ones."""

    dropped: int
    total: int

    def __add__(self, other: CategoryRecall) -> CategoryRecall:
        return CategoryRecall(self.dropped + other.dropped, self.total + other.total)

    @property
    def recall(self) -> float | None:
        """dropped / total; None when the category has no scored block."""
        return self.dropped / self.total if self.total else None


@dataclass(frozen=True)
class BlockError:
    """A wrongly decided block: its index, its labelled category (missed drops) and its start."""

    index: int
    category: str | None
    snippet: str


@dataclass(frozen=True)
class DocScore:
    """The scores of one document, with its wrong decisions.

    ``scored``/``unscored`` count blocks; ``categories`` holds the labelled categories present in
    the document; ``false_drops`` are blocks dropped that should be kept, ``missed`` blocks kept
    that should be dropped (with their category when labelled).
    """

    name: str
    publisher: str
    scored: int
    unscored: int
    by_block: Counts
    by_char: Counts
    categories: dict[str, CategoryRecall]
    false_drops: tuple[BlockError, ...]
    missed: tuple[BlockError, ...]


def is_scored(text: str) -> bool:
    """Whether a block counts: it has at least one letter or digit."""
    return any(ch.isalnum() for ch in text)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a block on one line (newlines and runs of spaces become one space)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def confusion(y_true: Sequence[int | bool], y_pred: Sequence[int | bool],
              weights: Sequence[int] | None = None) -> Counts:
    """Confusion counts of drop predictions, each item weighted (1 by default).

    Args:
        y_true: 1/True where the item should be dropped.
        y_pred: 1/True where it was dropped.
        weights: per item weight (e.g. characters); all 1 when None.

    Returns:
        The weighted counts.
    """
    if len(y_true) != len(y_pred) or (weights is not None and len(weights) != len(y_true)):
        raise ValueError(f"lengths differ: {len(y_true)} labels, {len(y_pred)} predictions"
                         + ("" if weights is None else f", {len(weights)} weights"))
    tp = fp = fn = tn = 0
    for i, (truth, pred) in enumerate(zip(y_true, y_pred, strict=True)):
        w = 1 if weights is None else weights[i]
        if truth and pred:
            tp += w
        elif pred:
            fp += w
        elif truth:
            fn += w
        else:
            tn += w
    return Counts(tp, fp, fn, tn)


def score_document(name: str, publisher: str, texts: Sequence[str], y_true: Sequence[int | bool],
                   y_pred: Sequence[int | bool], categories: Sequence[str | None]) -> DocScore:
    """Score one document's drop decisions, leaving out blocks with no letters or digits.

    Args:
        name: the document (pair) name.
        publisher: its publisher.
        texts: each block's text (``Block.text``); its length is the block's character weight.
        y_true: 1 where the block should be dropped.
        y_pred: 1 where the cleaner dropped it.
        categories: each block's labelled drop category, or None (kept, or unknown).

    Returns:
        Block and character counts, per-category recall and the wrong decisions.
    """
    if not len(texts) == len(y_true) == len(y_pred) == len(categories):
        raise ValueError(f"lengths differ: {len(texts)} blocks, {len(y_true)} labels, "
                         f"{len(y_pred)} predictions, {len(categories)} categories")
    keep = [i for i, text in enumerate(texts) if is_scored(text)]
    truth = [bool(y_true[i]) for i in keep]
    pred = [bool(y_pred[i]) for i in keep]
    per_category: dict[str, CategoryRecall] = {}
    for i, t, p in zip(keep, truth, pred, strict=True):
        category = categories[i]
        if t and category is not None:
            per_category[category] = per_category.get(category, CategoryRecall(0, 0)) + CategoryRecall(int(p), 1)
    return DocScore(
        name=name,
        publisher=publisher,
        scored=len(keep),
        unscored=len(texts) - len(keep),
        by_block=confusion(truth, pred),
        by_char=confusion(truth, pred, [len(texts[i]) for i in keep]),
        categories=order_categories(per_category),
        false_drops=tuple(BlockError(i, None, snippet(texts[i])) for i, t, p in zip(keep, truth, pred, strict=True)
                          if p and not t),
        missed=tuple(BlockError(i, categories[i], snippet(texts[i])) for i, t, p in zip(keep, truth, pred, strict=True)
                     if t and not p),
    )


def order_categories(per_category: Mapping[str, CategoryRecall]) -> dict[str, CategoryRecall]:
    """Categories in :data:`CATEGORIES` order, any others after them alphabetically."""
    known = [c for c in CATEGORIES if c in per_category]
    others = sorted(c for c in per_category if c not in CATEGORIES)
    return {c: per_category[c] for c in (*known, *others)}


def totals(scores: Iterable[DocScore]) -> tuple[Counts, Counts]:
    """Summed (by block, by character) counts over documents: micro-averaged figures."""
    by_block, by_char = Counts(), Counts()
    for score in scores:
        by_block += score.by_block
        by_char += score.by_char
    return by_block, by_char


def category_totals(scores: Iterable[DocScore]) -> dict[str, CategoryRecall]:
    """Per-category recall summed over documents; every one of :data:`CATEGORIES` is present."""
    summed = {c: CategoryRecall(0, 0) for c in CATEGORIES}
    for score in scores:
        for category, counts in score.categories.items():
            summed[category] = summed.get(category, CategoryRecall(0, 0)) + counts
    return order_categories(summed)
