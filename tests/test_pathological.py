"""Pathological Markdown: cleaned in bounded time without a traceback, or refused by the CLI.

Each case is cleaned by ``clean()`` with the shipped model. The time bounds are generous (a busy
CI machine is slow): they catch catastrophic regex backtracking, quadratic loops and recursion,
not small slow-downs. Besides the time, each test checks what the output is: every output block is
an input block after the documented fixes, in order, and the output is stable where that holds.
Cases whose characters the model drops as furniture are also rendered whole (``render`` of every
block), which runs the fixes over them.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import matched_input_blocks
from newsclean.features.fixes import render
from newsclean.features.segment import parse_blocks
from newsclean.model.cleaner import Decision
from newsclean.model.pipeline import clean, load_model

from newsclean.cli import main

# Seconds any one case may take. Measured on an idle 2-core machine: every case but the heading
# storm is under 3 s (see the tests for the numbers); a loaded machine is 3-4 times slower.
BOUND = 10.0
# The 10,000 headings (10,000 blocks): the 54-pair model of session 3 eroded this storm a few
# headings a pass (about 200 passes, 67 s while another job ran); fitted on clean views too, the
# model takes two passes (decide and confirm: about 5 s for clean and its check on a busy machine).
# A guard against hangs and runaway erosion, not a speed target.
HEADING_STORM_BOUND = 60.0


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    cleaner = load_model(None)
    clean("# warm up\n\nThe model is loaded once.\n", cleaner=cleaner)
    return cleaner


def _timed(fn: Callable[[], str], bound: float = BOUND) -> str:
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    assert elapsed < bound, f"took {elapsed:.1f} s (bound {bound} s)"
    return out


def _clean_checked(src: str, model, bound: float = BOUND) -> str:  # type: ignore[no-untyped-def]
    out = _timed(lambda: clean(src, cleaner=model), bound)
    assert out == "" or out.endswith("\n")
    assert "\r" not in out and "\0" not in out
    matched_input_blocks(src, out)
    assert _timed(lambda: clean(out, cleaner=model), bound) == out
    return out


def _render_all(src: str) -> str:
    """Every block kept: the fixes and the renderer over the whole input, timed and stable."""
    out = _timed(lambda: render(parse_blocks(src)))
    assert _timed(lambda: render(parse_blocks(out))) == out
    return out


# -- deep nesting ----------------------------------------------------------------------------


def test_list_nested_1000_levels(model) -> None:  # type: ignore[no-untyped-def]
    src = "".join("  " * i + "- item\n" for i in range(1000))  # 1 MB, 0.5 s
    _clean_checked(src, model)
    assert _render_all(src) == src


def test_list_nested_1000_levels_on_one_line_each(model) -> None:  # type: ignore[no-untyped-def]
    src = "".join("- " * i + f"item {i}\n" for i in range(1, 1001))  # 1 MB, 2 s
    _clean_checked(src, model)


def test_blockquote_nested_1000_levels(model) -> None:  # type: ignore[no-untyped-def]
    src = ">" * 1000 + " A quoted sentence about the news.\n"
    out = _clean_checked(src, model)
    assert out in ("", src)
    assert _render_all(src) == src


def test_blockquote_1000_lines_deep(model) -> None:  # type: ignore[no-untyped-def]
    src = "".join(">" * i + " line\n" for i in range(1, 1001))
    _clean_checked(src, model)


# -- size ------------------------------------------------------------------------------------


def test_list_of_10000_items(model) -> None:  # type: ignore[no-untyped-def]
    src = "".join(f"- item {i} with [a link](https://example.com/{i})\n" for i in range(10_000))  # 2 s
    out = _clean_checked(src, model)
    assert out in ("", src)


def test_one_line_of_1_mb(model) -> None:  # type: ignore[no-untyped-def]
    src = "The story continues with more words. " * 28_000  # 1 MB, no line end
    out = _clean_checked(src, model)
    assert out in ("", src + "\n")  # kept byte for byte, trailing space included


def test_one_line_of_1_mb_is_refused_over_max_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.md"
    path.write_text("word " * 200_000, encoding="utf-8")
    assert main(["predict", str(path), "--max-bytes", "100000"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "larger than the limit of 100000 bytes" in err


def test_20000_links_on_one_line(model) -> None:  # type: ignore[no-untyped-def]
    src = "[a](http://x/1) " * 20_000
    out = _clean_checked(src, model)
    assert out in ("", src + "\n")
    assert _render_all(src) == src + "\n"


def test_20000_links_after_a_story(model) -> None:  # type: ignore[no-untyped-def]
    src = "# A story\n\nThe body of the story, with a [link](https://example.com/a).\n\n" + "[a](http://x/1) " * 20_000
    out = _clean_checked(src, model)
    assert "# A story" in out


def test_table_with_500_columns(model) -> None:  # type: ignore[no-untyped-def]
    n = 500
    src = (
        "|" + "|".join(f"head {i}" for i in range(n)) + "|\n"
        + "|" + "|".join("---" for _ in range(n)) + "|\n"
        + "".join("|" + "|".join(f"cell {r}.{i} &amp; $5" for i in range(n)) + "|\n" for r in range(20))
    )
    _clean_checked(src, model)
    out = _render_all(src)
    assert "cell 0.0 & \\$5" in out


def test_10000_headings(model) -> None:  # type: ignore[no-untyped-def]
    src = "".join(f"{'#' * (i % 6 + 1)} Heading {i}\n\n" for i in range(10_000))
    out = _clean_checked(src, model, bound=HEADING_STORM_BOUND)
    levels = [len(line) - len(line.lstrip("#")) for line in out.split("\n") if line.startswith("#")]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


# Documents of many near-identical short blocks. With some models each pass drops a few more of
# them (the model's context features see a block differently once its neighbours are gone), which
# made ``clean`` stop short of a fixed point while passes were capped at 8. ``clean`` now passes
# until the model keeps everything, so these are idempotent whatever the model does; the test
# also checks the loop ends quickly and keeps the story where there is one.
ERODING = {
    "title-a-b-c": "# Title\n\nA\n\nB\n\nC\n\n" * 50,
    "footer-rows": "Story text here.\n\n" + "[Unsubscribe](https://x/u)\n\n© 2025 X\n\n" * 100,
    "link-rows": "".join(f"[a](http://x/{i}) [b](http://y/{i})\n\n" for i in range(300)),
}


@pytest.mark.parametrize("name", sorted(ERODING))
def test_repeated_short_blocks_are_idempotent(name: str, model) -> None:  # type: ignore[no-untyped-def]
    out = _clean_checked(ERODING[name], model)
    if name == "footer-rows":
        assert out.startswith("Story text here.\n")


class _DropsTheLastBlock:
    """A stand-in model that erodes by design: every pass drops the last block, down to one."""

    def decide(self, blocks, threshold=None, **_):  # type: ignore[no-untyped-def]
        return [Decision(b.index, b.index < len(blocks) - 1 or len(blocks) == 1, 0.0, None, "test")
                for b in blocks]


def test_eroding_model_is_followed_to_its_fixed_point() -> None:
    # 40 blocks, one dropped a pass: 40 passes, far past the 8 that used to cap the loop.
    src = "".join(f"Paragraph {i}.\n\n" for i in range(40))
    out = clean(src, cleaner=_DropsTheLastBlock())  # type: ignore[arg-type]
    assert out == "Paragraph 0.\n"
    assert clean(out, cleaner=_DropsTheLastBlock()) == out  # type: ignore[arg-type]


def test_1000_stories(model) -> None:  # type: ignore[no-untyped-def]
    src = "".join(f"## Story {i}\n\nThe text of story {i} with $5 and &amp;.\n\n" for i in range(1_000))
    out = _clean_checked(src, model)
    assert "The text of story 0 with \\$5 and &." in out


# -- unclosed constructs -----------------------------------------------------------------------


def test_unclosed_fence(model) -> None:  # type: ignore[no-untyped-def]
    src = "# Title\n\nIntro text.\n\n```python\ncode = 1\n\n<b>not html</b> &amp; $5\n\nmore code\n"
    out = _clean_checked(src, model)
    if "```python" in out:  # code stays as it is
        assert "<b>not html</b> &amp; $5" in out
    assert _render_all(src) == src


def test_many_unclosed_fences(model) -> None:  # type: ignore[no-untyped-def]
    src = "Some text.\n\n" + "```\ncode\n\n" * 2_000 + "~~~~\n" * 500
    _clean_checked(src, model)


def test_unclosed_html_comment_and_tags(model) -> None:  # type: ignore[no-untyped-def]
    src = "A story <!-- never closed\n\nAnother <b paragraph & <i\n\n" + "<div " * 5_000 + "\n"
    _clean_checked(src, model)
    _render_all(src)


# -- characters ------------------------------------------------------------------------------


def test_nul_bytes(model) -> None:  # type: ignore[no-untyped-def]
    src = "# Title\0 here\n\nA para\0graph with \0 NULs.\n\n\0\n\n" + "Text\0 " * 10_000
    out = _clean_checked(src, model)
    assert "\ufffd" in out or out == ""


def test_nul_bytes_are_refused_by_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nul.md"
    path.write_bytes(b"# Title\n\nA para\0graph.\n")
    assert main(["predict", str(path)]) == 1
    assert "looks like binary data (NUL byte at offset 15)" in capsys.readouterr().err


def test_rtl_and_combining_characters(model) -> None:  # type: ignore[no-untyped-def]
    src = (
        "# מבזק חדשות\n\n"
        + "مرحبا بالعالم، هذه قصة إخبارية طويلة. שלום עולם. \u202ereversed\u202c text.\n\n" * 200
        + "Z" + "\u0301\u0300\u0302" * 20_000 + "algo text\n\n"
        + "e\u0301 n\u0303 \u05d0\u05b8 \ufb2a\n"
    )
    out = _clean_checked(src, model)
    assert "מבזק חדשות" in out
    _render_all(src)


def test_crlf_line_ends(model) -> None:  # type: ignore[no-untyped-def]
    src = "# Title\r\n\r\nFirst paragraph,\r\nsecond line.\r\n\r\n## Story\r\n\r\nBody text \\$5.\r\n"
    out = _clean_checked(src, model)
    assert out == clean(src.replace("\r\n", "\n"), cleaner=model)


def test_lone_cr_line_ends(model) -> None:  # type: ignore[no-untyped-def]
    src = "# Title\r\rFirst paragraph,\rsecond line.\r\r## Story\r\rBody text.\r" * 200
    out = _clean_checked(src, model)
    assert out == clean(src.replace("\r", "\n"), cleaner=model)


def test_mixed_line_ends(model) -> None:  # type: ignore[no-untyped-def]
    src = "# Title\r\n\rA\r\n\nB\n\r\rC\r\r\n" * 200
    out = _clean_checked(src, model)
    assert out == clean(src.replace("\r\n", "\n").replace("\r", "\n"), cleaner=model)


@pytest.mark.parametrize("char", ["[", "<", "*", "$", "&", "]", "(", "`", "\\", "!", "_", "#", "|", ">", "-", "~"])
def test_line_of_100k_punctuation(char: str, model) -> None:  # type: ignore[no-untyped-def]
    src = "A story line\n\n" + char * 100_000 + "\n"
    _clean_checked(src, model)
    out = _render_all("word " + char * 100_000)
    assert out.startswith("word")


@pytest.mark.parametrize(
    "unit", ["[a](", "![", "<a ", "&amp", "\\$", "*a ", "`` ", "<!--", "](", "[![a](b)", "&#", "http://", "<x@"]
)
def test_line_of_repeated_markup_openers(unit: str, model) -> None:  # type: ignore[no-untyped-def]
    src = "A story line\n\n" + "text " + unit * 20_000 + "\n"
    _clean_checked(src, model)
    _render_all(src)
