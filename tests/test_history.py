"""features/history.py: fingerprints of what recurs from issue to issue."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from newsclean.features.blockfeats import block_stats
from newsclean.features.fixes import fix_block
from newsclean.features.history import (
    HISTORY_NAMES,
    MAX_COUNT,
    DocPrints,
    History,
    block_key,
    history_features,
    normalise,
)
from newsclean.features.segment import parse_blocks
from newsclean.model.stacking import section_ids

ISSUE_1 = """# The Daily Thing

[View in browser](https://example.com/view?id=111)

## Rates rise again

The central bank raised rates by 25 points on Tuesday, the 3rd rise this year.

You received this email because you signed up on 2024-01-02. [Unsubscribe](https://example.com/u/abcdefghijklmnopqrstuvwxyz)
"""

ISSUE_2 = """# The Daily Thing

[View in browser](https://example.com/view?id=222)

## Storm hits the coast

A storm closed 40 schools and two ports overnight.

You received this email because you signed up on 2025-11-30. [Unsubscribe](https://example.com/u/zyxwvutsrqponmlkjihgfedcba)
"""


def _columns(markdown: str, history: History | None, *, exclude_self: bool = False) -> np.ndarray:
    blocks = parse_blocks(markdown)
    return history_features(blocks, section_ids(blocks, [block_stats(b) for b in blocks]), history,
                            exclude_self=exclude_self)


def test_normalise_masks_link_targets_digits_and_tokens() -> None:
    assert normalise("[View in browser](https://example.com/view?id=111)") == "[view in browser](@)"
    assert normalise("Signed up on 2024-01-02, token abcdefghijklmnopqrstuvwxyz") == "signed up on 0-0-0, token #"
    # image paths keep their shape (a logo recurs, a story photo does not); the query goes
    assert normalise("![logo](https://cdn.example.com/img/logo.png?w=600)") == "![logo]{cdn.example.com/img/logo.png})"
    assert normalise("![](https://cdn.example.com/img/a.png)") != normalise("![](https://cdn.example.com/img/b.png)")


def test_fingerprint_sees_through_the_fixes() -> None:
    text = "### Price &amp; value: <b>$5</b>\u200b now"
    assert block_key(text) == block_key(fix_block(text, "heading"))
    assert normalise("\\$5 &amp; <br>more") == normalise("$5 & more")


def test_recurring_blocks_are_counted_in_other_issues() -> None:
    history = History.from_texts([ISSUE_2])
    cols = _columns(ISSUE_1, history)
    docs = cols[:, HISTORY_NAMES.index("recur_docs")]
    # title, view-in-browser and footer recur (numbers and link targets masked); the story does not
    assert docs.tolist() == [1.0, 1.0, 0.0, 0.0, 1.0]
    assert cols[:, HISTORY_NAMES.index("recur_share")].tolist() == [1.0, 1.0, 0.0, 0.0, 1.0]


def test_no_history_is_missing_not_zero() -> None:
    cols = _columns(ISSUE_1, None)
    assert cols.shape == (5, len(HISTORY_NAMES))
    assert np.isnan(cols).all()
    assert np.isnan(_columns(ISSUE_1, History.from_texts([]))).all()


def test_leave_self_out_counts_the_document_out() -> None:
    both = History.from_texts([ISSUE_1, ISSUE_2])
    assert np.array_equal(_columns(ISSUE_1, both, exclude_self=True), _columns(ISSUE_1, History.from_texts([ISSUE_2])),
                          equal_nan=True)
    alone = History.from_texts([ISSUE_1])
    assert np.isnan(_columns(ISSUE_1, alone, exclude_self=True)).all()


def test_counts_are_capped() -> None:
    history = History.from_texts([ISSUE_2] * (MAX_COUNT + 3))
    assert _columns(ISSUE_1, history)[:, 0].max() == MAX_COUNT


def test_lines_match_when_one_line_of_a_block_changes() -> None:
    a = "Sent by The Daily Thing\nBreaking: the thing happened\n"
    b = "Sent by The Daily Thing\nNothing happened today at all\n"
    cols = _columns(a, History.from_texts([b]))
    assert cols[0, HISTORY_NAMES.index("recur_docs")] == 0.0
    assert cols[0, HISTORY_NAMES.index("recur_lines")] == 0.5


def test_state_round_trip() -> None:
    history = History.from_texts([ISSUE_1, ISSUE_2])
    again = History.from_state(history.to_state())
    assert again == history
    assert DocPrints.of(parse_blocks(ISSUE_1)).blocks <= set(again.blocks)


@pytest.mark.parametrize("markdown", ["", "\n\n", "---\n"])
def test_degenerate_documents(markdown: str) -> None:
    cols = _columns(markdown, History.from_texts([ISSUE_1]))
    assert cols.shape[1] == len(HISTORY_NAMES)
    assert all(math.isnan(v) or v >= 0 for v in cols.ravel())


def test_a_folder_run_fingerprints_each_block_once(monkeypatch: pytest.MonkeyPatch, corpus_dir: Path) -> None:
    """Under ``remembered_keys`` the history pass's keys of a document serve its recurrence columns."""
    from newsclean.features import history as history_module

    docs = [parse_blocks(p.read_text(encoding="utf-8")) for p in sorted(corpus_dir.glob("*/input.md"))[:4]]
    expected = [history_features(d, section_ids(d, [block_stats(b) for b in d]), History.from_documents(docs),
                                 exclude_self=True) for d in docs]
    history_module.keys.cache_clear()
    calls = [0]
    original = history_module.keys.__wrapped__

    def counting(text: str) -> tuple[bytes, tuple[bytes, ...]]:
        calls[0] += 1
        return original(text)

    monkeypatch.setattr(history_module, "keys", counting)
    with history_module.remembered_keys():
        hist = History.from_documents(docs)
        history_module._DOCUMENT_KEYS.serve()
        got = [history_features(d, section_ids(d, [block_stats(b) for b in d]), hist, exclude_self=True) for d in docs]
    assert calls[0] == sum(len(d) for d in docs)  # once per block: the history pass's
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(got, expected, strict=True))
