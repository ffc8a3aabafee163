"""End to end: the shipped model on the seed newsletters and the corpus; golden files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden import cases, expected_path
from helpers import count_calls, matched_input_blocks
from newsclean.features.fixes import render
from newsclean.features.segment import parse_blocks
from newsclean.model.cleaner import Decision
from newsclean.model.pipeline import clean, clean_explained, clean_once, explain, load_model, trace_blocks

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "seeds").iterdir())


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return load_model(None)


@pytest.mark.parametrize(("name", "path"), cases(), ids=[n for n, _ in cases()])
def test_golden(name: str, path: Path, model) -> None:  # type: ignore[no-untyped-def]
    actual = clean(path.read_text(encoding="utf-8"), cleaner=model)
    expected = expected_path(name).read_text(encoding="utf-8")
    if actual != expected:
        print(actual)  # shown by pytest on failure
    assert actual == expected, f"{name}: output differs from {expected_path(name)} (python tests/golden.py regenerates)"


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_seed_newsletters_are_clean(seed: Path, model, corpus_dir: Path) -> None:  # type: ignore[no-untyped-def]
    out = clean((seed / "input.md").read_text(encoding="utf-8"), cleaner=model)
    low = out.lower()
    assert "(sponsored)" not in low
    # the table of contents is kept whole (its "- SPONSOR US" item included); the section goes
    assert not re.search(r"^#+ .*sponsor us", out, re.IGNORECASE | re.MULTILINE), "SPONSOR US section left"
    assert "unsubscribe" not in low and "©" not in out
    assert "w_36" not in out, "icon row left"
    assert "eotrx.substackcdn.com" not in out, "tracking pixel left"
    # every story heading the labelled corpus keeps is still there, with its link and images
    reference = (corpus_dir / seed.name / "output.md").read_text(encoding="utf-8")
    for line in reference.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            assert title in out, f"story heading lost: {title[:80]}"
        for url in re.findall(r"!\[[^\]]*\]\((https://substackcdn\.com/image/fetch/[^)\s]*w_1100[^)\s]*)\)", line):
            assert url in out, f"content image lost: {url[:80]}"


def test_golden_sponsored_section_is_removed_and_story_kept(model) -> None:  # type: ignore[no-untyped-def]
    out = clean((ROOT / "tests/data/golden/sponsored-section.input.md").read_text(encoding="utf-8"), cleaner=model)
    assert "FastCI" not in out
    assert "# How Database Indexes Work" in out
    assert "b-tree-diagram.png" in out
    assert "\\$4 per million reads & writes" in out
    assert "Unsubscribe" not in out


def _corpus_inputs() -> list[Path]:
    root = ROOT.parent / "shared" / "corpus" / "pairs"
    return sorted(root.glob("*/input.md")) if root.is_dir() else []


@pytest.mark.skipif(not _corpus_inputs(), reason="labelled corpus ../shared/corpus absent")
@pytest.mark.parametrize("path", _corpus_inputs(), ids=[p.parent.name for p in _corpus_inputs()])
def test_idempotent_and_kept_blocks_byte_identical(path: Path, model) -> None:  # type: ignore[no-untyped-def]
    src = path.read_text(encoding="utf-8")
    once = clean(src, cleaner=model)
    assert clean(once, cleaner=model) == once
    assert clean_once(once, model) == once
    matched_input_blocks(src, once)  # every output block is a fixed input block, in input order


@pytest.fixture(scope="module")
def corpus_history():  # type: ignore[no-untyped-def]
    from newsclean.features.history import History

    return History.from_texts(p.read_text(encoding="utf-8") for p in _corpus_inputs())


@pytest.mark.skipif(not _corpus_inputs(), reason="labelled corpus ../shared/corpus absent")
@pytest.mark.parametrize("path", _corpus_inputs(), ids=[p.parent.name for p in _corpus_inputs()])
def test_idempotent_given_the_same_history(path: Path, model, corpus_history) -> None:  # type: ignore[no-untyped-def]
    # as `predict DIR` cleans each file: the folder (the corpus) is the history, the file counted out of it
    src = path.read_text(encoding="utf-8")
    once = clean(src, cleaner=model, history=corpus_history, exclude_self=True)
    assert clean(once, cleaner=model, history=corpus_history, exclude_self=True) == once
    matched_input_blocks(src, once)


def test_explain_gives_one_decision_per_block(model) -> None:  # type: ignore[no-untyped-def]
    src = (ROOT / "tests/data/golden/sponsored-section.input.md").read_text(encoding="utf-8")
    rows = explain(src, cleaner=model)
    assert [r.block.index for r in rows] == list(range(len(parse_blocks(src))))
    sponsored = next(r for r in rows if "(Sponsored)" in r.block.text)
    assert not sponsored.decision.keep
    assert sponsored.decision.reason.startswith("explicit sponsor marker") or sponsored.decision.proba >= 0.5


def test_empty_and_blank_input(model) -> None:  # type: ignore[no-untyped-def]
    assert clean("", cleaner=model) == ""
    assert clean("\n\n  \n", cleaner=model) == ""


def test_clear_caches_changes_nothing_but_memory(model) -> None:  # type: ignore[no-untyped-def]
    from newsclean.features import blockfeats
    from newsclean.model.pipeline import clear_caches

    src = (ROOT / "tests/data/golden/sponsored-section.input.md").read_text(encoding="utf-8")
    before = clean(src, cleaner=model)
    assert blockfeats._stats.cache_info().currsize > 0
    clear_caches()
    assert blockfeats._stats.cache_info().currsize == 0
    assert clean(src, cleaner=model) == before


@pytest.mark.skipif(not _corpus_inputs(), reason="labelled corpus ../shared/corpus absent")
@pytest.mark.parametrize("path", _corpus_inputs(), ids=[p.parent.name for p in _corpus_inputs()])
def test_explain_keeps_exactly_the_blocks_in_the_output(path: Path, model) -> None:  # type: ignore[no-untyped-def]
    src = path.read_text(encoding="utf-8")
    out, rows = clean_explained(src, cleaner=model)
    assert out == clean(src, cleaner=model)
    assert [r.block for r in rows] == parse_blocks(src)
    kept = [r.block for r in rows if r.decision.keep]
    assert render(kept) == out  # the blocks marked keep are the output, no more, no less
    first = model.decide(parse_blocks(src))
    for r, d in zip(rows, first, strict=True):  # a drop after the first pass says which pass made it
        later = r.decision.reason.startswith("pass ")
        assert r.decision.keep or (not d.keep and r.decision.reason == d.reason) or later


class _ErodesOnce:
    """Drops the sponsored block; drops "Unsubscribe" only once no sponsored block is left (a later pass)."""

    threshold_ = 0.9

    def decide(self, blocks, threshold=None, **_):  # type: ignore[no-untyped-def]
        sponsored = any("Sponsored" in b.text for b in blocks)
        return [Decision(b.index, not ("Sponsored" in b.text or (not sponsored and "Unsubscribe" in b.text)),
                         0.97, None, "model p=0.97") for b in blocks]


def test_explain_names_the_pass_of_a_later_drop() -> None:
    src = "# News\n\nStory one.\n\n**Sponsored:** Buy a widget.\n\nUnsubscribe here.\n"
    rows = explain(src, cleaner=_ErodesOnce())  # type: ignore[arg-type]
    assert [(r.decision.keep, r.decision.reason) for r in rows] == [
        (True, "model p=0.97"), (True, "model p=0.97"), (False, "model p=0.97"), (False, "pass 2: model p=0.97")]
    assert clean(src, cleaner=_ErodesOnce()) == "# News\n\nStory one.\n"  # type: ignore[arg-type]


def test_explain_says_when_the_fixes_leave_nothing(model) -> None:  # type: ignore[no-untyped-def]
    src = "# Title\n\nA story about the week, told at some length so that it stays.\n\n<!-- a comment -->\n"
    rows = explain(src, cleaner=model)
    comment = rows[2]
    assert comment.block.text == "<!-- a comment -->"
    assert not comment.decision.keep
    if model.decide(parse_blocks(src))[2].keep:
        assert comment.decision.reason.startswith("pass 1: kept (model p=")
        assert comment.decision.reason.endswith("but the fixes left nothing of it (markup, padding, a dangling rule)")


def test_trace_blocks_follows_renumbered_headings_and_skips_vanished_blocks() -> None:
    blocks = parse_blocks("### Deep title\n\n<!-- gone -->\n\nText under it.\n\n---\n")
    out = render(blocks)
    assert out == "# Deep title\n\nText under it.\n"
    owners = [frozenset({10 + i}) for i in range(len(blocks))]
    assert trace_blocks(blocks, owners, out) == [frozenset({10}), frozenset({12})]


def test_trace_blocks_pairs_a_repeated_rule_with_the_right_copy() -> None:
    # two rules in a row (a dropped sponsor slot between them): rendering drops the dangling one, and
    # every block after it must still trace to itself (session 8: all of them were shifted by one)
    blocks = parse_blocks("Intro text.\n\n---\n\n---\n\n## Tools\n\n### [A](https://x.y/a)\n\nAbout A.\n\n"
                          "### [B](https://x.y/b)\n\nAbout B.\n\n---\n\n## Podcast\n\nEpisode 3.")
    out = render(blocks)
    assert out.count("---") == 2
    owners = [frozenset({i}) for i in range(len(blocks))]
    traced = trace_blocks(blocks, owners, out)
    texts = [b.text for b in parse_blocks(out)]
    pairs = [(t, sorted(o)) for t, o in zip(texts, traced, strict=True)]
    assert pairs[1] in (("---", [1]), ("---", [2]))  # either copy of the twin rules
    assert pairs[:1] + pairs[2:] == [
        ("Intro text.", [0]), ("# Tools", [3]), ("## [A](https://x.y/a)", [4]), ("About A.", [5]),
        ("## [B](https://x.y/b)", [6]), ("About B.", [7]), ("---", [8]), ("# Podcast", [9]), ("Episode 3.", [10])]


def test_clean_parses_each_document_once(corpus_dir: Path, model, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # one markdown-it parse per clean, whatever the number of passes: the confirming pass decides the
    # blocks render_blocks built in memory (no render -> re-parse round trip); the only other parses
    # are the fallbacks the fixes count (a fixed block whose structure may have changed)
    from markdown_it import MarkdownIt
    from newsclean.features import segment
    from newsclean.model.pipeline import clear_caches

    parses = count_calls(monkeypatch, MarkdownIt, "parse")
    decides = count_calls(monkeypatch, model, "decide")
    passes = []
    for path in sorted(corpus_dir.glob("*/input.md")):
        clear_caches()
        before = segment.FALLBACK_PARSES.copy()
        parses[0] = decides[0] = 0
        out = clean(path.read_text(encoding="utf-8"), cleaner=model)
        counted = segment.FALLBACK_PARSES - before
        assert counted["render"] == 0, path.parent.name
        assert parses[0] == 1 + counted.total(), (path.parent.name, counted)
        passes.append(decides[0])
        parses[0] = 0
        assert clean(out, cleaner=model) == out
    assert min(passes) >= 2  # the first pass and the confirming one


def test_clean_refuses_bytes_with_a_clear_type_error() -> None:
    for call in (clean, clean_explained):
        with pytest.raises(TypeError, match=r"takes the newsletter as str, not bytes: decode it first, or read a "
                                            r"file with newsclean\.io\.read_document\(path\)\.markdown$"):
            call(b"# News")  # type: ignore[arg-type]


@pytest.mark.parametrize("threshold", [2.0, -0.1, float("nan")])
def test_clean_refuses_a_threshold_outside_0_to_1(threshold: float) -> None:
    for call in (clean, clean_explained):
        with pytest.raises(ValueError, match=r"threshold .* is outside 0\.\.1$"):
            call("# News", threshold=threshold)
