"""Tests for features/segment.py: the block structures recorded without parsing are exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsclean.features import segment
from newsclean.features.segment import normalise_newlines, parse_blocks, spans_of, text_structure

CORPUS_INPUTS = sorted(Path("/work/shared/corpus/pairs").glob("*/input.md"))
SEED_INPUTS = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*/input.md"))


def alone(text: str) -> tuple[segment.Span, ...]:
    """The structure of ``text`` parsed on its own."""
    return spans_of(segment._MD.parse(text))


def assert_recorded_structures_exact(markdown: str) -> None:
    """Every structure ``parse_blocks`` records is that of its text parsed alone."""
    segment.clear_structures()
    parse_blocks(markdown)
    recorded = dict(segment._STRUCTURES)
    for text, spans in recorded.items():
        assert spans == alone(text), f"{text!r} in {markdown!r}"


@pytest.mark.parametrize("path", [*CORPUS_INPUTS, *SEED_INPUTS], ids=lambda p: p.parent.name)
def test_recorded_structures_are_those_of_the_texts_alone_on_the_corpus(path: Path) -> None:
    assert_recorded_structures_exact(path.read_text(encoding="utf-8"))


def test_most_blocks_are_recorded() -> None:
    segment.clear_structures()
    blocks = parse_blocks("# T\n\npara\n\n- a\n\n- b\n\n  more\n\n  - nested\n\n[r]: /u")
    recorded = [b.text for b in blocks if b.text in segment._STRUCTURES]
    # the indented paragraph and list of an item, and a reference definition, read otherwise alone
    assert recorded == ["# T", "para", "- a", "- b"]
    assert "- b\n\n  more" in segment._STRUCTURES  # the item with its paragraph, as rendering joins them


FRAGMENTS = [
    *("\n", "\n\n", "  ", "    ", "\t", "\u00a0", "\u200b", "word", "Two words", "$5", "&amp;"),
    *("# ", "## ", "#x", "- ", "* ", "+ ", "1. ", "2) ", "> ", "```", "~~~", "---", "***", "===", "___"),
    *("<div>", "</div>", "<!--", "-->", "<pre>", "<b>", "|", "|---|", "[r]: /u", "[a](b)", "`", "\\", "1", "-"),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_recorded_structures_are_exact_on_generated_markdown(markdown: str) -> None:
    assert_recorded_structures_exact(markdown)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join))
def test_plain_paragraphs_and_lists_are_known_exactly(text: str) -> None:
    text = normalise_newlines(text)
    for known in (segment._one_paragraph(text), segment._plain_list(text)):
        if known is not None:
            assert known == alone(text)


def test_unknown_texts_are_parsed_and_counted() -> None:
    segment.clear_structures()
    before = segment.FALLBACK_PARSES["test"]
    assert text_structure("> quote", "test") == alone("> quote")
    assert text_structure("> quote", "test") == alone("> quote")  # recorded: parsed once
    assert text_structure("Plain words\n  go on", "test") == alone("Plain words\n  go on")  # plainly a paragraph
    assert segment.FALLBACK_PARSES["test"] == before + 1
