"""Tests for newsclean.training.metrics: drop precision/recall/F1 by block and character."""

from __future__ import annotations

import pytest
from newsclean.training.metrics import (
    CATEGORIES,
    BlockError,
    CategoryRecall,
    Counts,
    category_totals,
    confusion,
    is_scored,
    order_categories,
    score_document,
    snippet,
    totals,
)

# One hand-made document: text, should drop, dropped, labelled category.
DOC = [
    ("# Title", 0, 0, None),  # tn, 7 chars
    ("Sponsored by X", 1, 1, "ad"),  # tp, 14 chars
    ("---", 1, 0, "chrome"),  # unscored: no letters or digits
    ("Story text here", 0, 1, None),  # fp, 15 chars
    ("Unsubscribe", 1, 0, "footer"),  # fn, 11 chars
    ("Buy now", 1, 1, "ad"),  # tp, 7 chars
    ("☕☕☕", 0, 1, None),  # unscored
]


def score_doc(rows: list[tuple[str, int, int, str | None]] = DOC, name: str = "doc"):
    texts, y_true, y_pred, cats = zip(*rows, strict=True)
    return score_document(name, "Pub", texts, y_true, y_pred, cats)


def test_document_by_block_and_char_with_unscored_blocks_left_out() -> None:
    score = score_doc()

    assert (score.scored, score.unscored) == (5, 2)
    assert score.by_block == Counts(tp=2, fp=1, fn=1, tn=1)
    assert score.by_block.precision == pytest.approx(2 / 3)
    assert score.by_block.recall == pytest.approx(2 / 3)
    assert score.by_block.f1 == pytest.approx(2 / 3)
    assert score.by_char == Counts(tp=21, fp=15, fn=11, tn=7)
    assert score.by_char.precision == pytest.approx(21 / 36)
    assert score.by_char.recall == pytest.approx(21 / 32)
    assert score.by_char.f1 == pytest.approx(42 / 68)  # 2tp / (2tp + fp + fn)


def test_document_categories_and_errors() -> None:
    score = score_doc()

    # "---" is a labelled chrome drop but unscored: chrome does not appear at all.
    assert score.categories == {"ad": CategoryRecall(2, 2), "footer": CategoryRecall(0, 1)}
    assert list(score.categories) == ["ad", "footer"]
    assert score.categories["ad"].recall == 1.0
    assert score.categories["footer"].recall == 0.0
    assert score.false_drops == (BlockError(3, None, "Story text here"),)
    assert score.missed == (BlockError(4, "footer", "Unsubscribe"),)
    assert (score.name, score.publisher) == ("doc", "Pub")


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (Counts(), (1.0, 1.0, 1.0)),  # nothing to drop, nothing dropped
        (Counts(tn=5), (1.0, 1.0, 1.0)),
        (Counts(fn=3, tn=1), (1.0, 0.0, 0.0)),  # dropped nothing, should have dropped 3
        (Counts(fp=2, tn=1), (0.0, 1.0, 0.0)),  # nothing to drop, dropped 2
        (Counts(fp=1, fn=1), (0.0, 0.0, 0.0)),  # both zero: F1 0.0, no division error
        (Counts(tp=3, fp=1, fn=2), (0.75, 0.6, 2 * 0.75 * 0.6 / 1.35)),
    ],
)
def test_zero_division_rules(counts: Counts, expected: tuple[float, float, float]) -> None:
    assert (counts.precision, counts.recall, counts.f1) == pytest.approx(expected)


def test_counts_add_and_sizes() -> None:
    total = Counts(1, 2, 3, 4) + Counts(10, 20, 30, 40)
    assert total == Counts(11, 22, 33, 44)
    assert (total.predicted, total.actual) == (33, 44)


def test_confusion_weighted_and_unweighted() -> None:
    assert confusion([1, 1, 0, 0], [1, 0, 1, 0]) == Counts(1, 1, 1, 1)
    assert confusion([True, True, False, False], [True, False, True, False], [5, 7, 11, 13]) == Counts(5, 11, 7, 13)


def test_confusion_length_mismatch() -> None:
    with pytest.raises(ValueError, match=r"lengths differ: 2 labels, 1 predictions$"):
        confusion([1, 0], [1])
    with pytest.raises(ValueError, match=r"lengths differ: 1 labels, 1 predictions, 2 weights"):
        confusion([1], [1], [1, 2])


def test_score_document_length_mismatch() -> None:
    with pytest.raises(ValueError, match=r"lengths differ: 2 blocks, 2 labels, 1 predictions, 2 categories"):
        score_document("d", "p", ["a", "b"], [0, 1], [0], [None, "ad"])


def test_document_with_nothing_to_drop_scores_one() -> None:
    score = score_doc([("Hello", 0, 0, None), ("World", 0, 0, None)])
    assert (score.by_block.precision, score.by_block.recall, score.by_block.f1) == (1.0, 1.0, 1.0)
    assert score.categories == {}


def test_all_unscored_document() -> None:
    score = score_doc([("---", 1, 1, "chrome"), ("", 0, 1, None)])
    assert (score.scored, score.unscored) == (0, 2)
    assert score.by_block == Counts() and score.by_char == Counts()


def test_totals_and_category_totals_over_documents() -> None:
    first = score_doc()
    second = score_doc([("Play the quiz", 1, 1, "games"), ("Ad copy", 1, 0, "ad"), ("News", 0, 0, None)], "two")

    by_block, by_char = totals([first, second])
    assert by_block == Counts(tp=3, fp=1, fn=2, tn=2)
    assert by_char == Counts(tp=21 + 13, fp=15, fn=11 + 7, tn=7 + 4)

    summed = category_totals([first, second])
    assert list(summed) == list(CATEGORIES)
    assert summed["ad"] == CategoryRecall(2, 3)
    assert summed["footer"] == CategoryRecall(0, 1)
    assert summed["games"] == CategoryRecall(1, 1)
    assert summed["chrome"] == CategoryRecall(0, 0) and summed["chrome"].recall is None
    assert totals([]) == (Counts(), Counts())


def test_unknown_categories_sort_after_known_ones() -> None:
    ordered = order_categories({"zeta": CategoryRecall(0, 1), "games": CategoryRecall(1, 1),
                                "alpha": CategoryRecall(1, 2), "ad": CategoryRecall(0, 1)})
    assert list(ordered) == ["ad", "games", "alpha", "zeta"]


@pytest.mark.parametrize(
    ("text", "scored"),
    [("a", True), ("7", True), ("é", True), ("---", False), ("☕☕☕", False), ("", False), ("\u00ad \n", False)],
)
def test_is_scored(text: str, scored: bool) -> None:
    assert is_scored(text) is scored


def test_snippet_flattens_and_shortens() -> None:
    assert snippet("a\n  b\tc") == "a b c"
    assert snippet("x" * 100, limit=10) == "x" * 9 + "…"
    assert snippet("x" * 10, limit=10) == "x" * 10
