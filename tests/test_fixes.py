"""Tests for features/fixes.py: one test per fix, the golden cases, idempotence and speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsclean.features.fixes import fix_block, render
from newsclean.features.segment import parse_blocks

GOLDEN = Path(__file__).parent / "data" / "fixes" / "render.md"
CORPUS = Path("/work/shared/corpus/pairs")
CORPUS_INPUTS = sorted(CORPUS.glob("*/input.md"))
PADDING = "\u034f\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2800"


def clean(markdown: str) -> str:
    """Render every block of ``markdown`` (what the pipeline does when it keeps everything)."""
    return render(parse_blocks(markdown))


def assert_idempotent(markdown: str) -> None:
    """One render is a fixed point of render."""
    once = clean(markdown)
    twice = clean(once)
    assert twice == once, f"not idempotent on {markdown!r}\nonce:  {once!r}\ntwice: {twice!r}"


def read_fixtures(path: Path) -> list[tuple[str, str, str]]:
    """Cases of a markdown-it fixture file: title line, ``.``, input, ``.``, expected, ``.``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[tuple[str, str, str]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i].strip()
        source_end = lines.index(".", i + 2)
        expected_end = lines.index(".", source_end + 1)
        source = "".join(line + "\n" for line in lines[i + 2 : source_end])
        expected = "".join(line + "\n" for line in lines[source_end + 1 : expected_end])
        cases.append((title, source, expected))
        i = expected_end + 1
    return cases


# ---- 1. HTML tags and comments ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a<br>b", "a b"),
        ("a<br/>b", "a b"),
        ("a<BR />b", "a b"),
        ("a <br> b", "a  b"),
        ("end of line<br>\nnext", "end of line\nnext"),
        ("spaces before  <br>\nnext", "spaces before\nnext"),
        ("hard break  \nkept", "hard break  \nkept"),
        ('<span style="color:red">x</span>', "x"),
        ("un<b>bold</b>ed", "unbolded"),
        ("Before<!--THE END-->after", "Beforeafter"),
        ("a <!--\nmulti\nline\n--> b", "a  b"),
        ('<a href="https://x.y/$">link $</a>', "link \\$"),
        ("<td>one</td><td>two</td>", "one two"),
        ("<!--THE END-->", ""),
    ],
)
def test_html_goes_text_stays(text: str, expected: str) -> None:
    assert fix_block(text, "paragraph") == expected


@pytest.mark.parametrize(
    "text",
    [
        "<https://x.y> and <a@b.c>",
        "a < b > c",
        "x<3 and 5 >= 4",
        "`<b>code</b>` and ``<!-- also -->``",
        "\\<b> is escaped",
        "<not closed",
    ],
)
def test_html_lookalikes_stay(text: str) -> None:
    assert fix_block(text, "paragraph") == text


# ---- 2. entities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fish &amp; chips", "Fish & chips"),
        ("it&#8217;s &#x27;x&#x27; &quot;q&quot;", "it’s 'x' \"q\""),
        ("a&nbsp;b", "a\u00a0b"),
        ("&lt;b&gt; &LT; &#60;", "&lt;b&gt; &LT; &#60;"),  # literal angle brackets stay
        ("&amp;lt; &amp;#39; &amp;amp;", "&amp;lt; &amp;#39; &amp;amp;"),  # would decode again
        ("&amp;&amp;x", "&&x"),
        ("&copy &amp", "&copy &amp"),  # no ";": not decoded
        ("&#42;not emphasis&#42; &#96;", "&#42;not emphasis&#42; &#96;"),  # Markdown syntax
        ("&#36;5", "\\$5"),
        ("\\&amp; is escaped", "\\&amp; is escaped"),
        ("`&amp;` code", "`&amp;` code"),
        ("&bogus; &#x110000;", "&bogus; \ufffd"),
    ],
)
def test_entities_become_characters(text: str, expected: str) -> None:
    assert fix_block(text, "paragraph") == expected


# ---- 3. dollars --------------------------------------------------------------------------------


SUBSTACK = (
    "https://substackcdn.com/image/fetch/$s_!U1Ej!,w_36,c_scale,f_png/"
    "https%3A%2F%2Fsubstack.com%2Ficon%2FLucideHeart%3Fv%3D4"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("costs $5", "costs \\$5"),
        ("\\$5 and \\\\$6 and \\\\\\$7", "\\$5 and \\\\\\$6 and \\\\\\$7"),
        ("`$x` and ``a ` $b``", "`$x` and ``a ` $b``"),
        ("[costs $5](https://x.y/$a)", "[costs \\$5](https://x.y/$a)"),
        (f"[![]({SUBSTACK})](https://x.y/$r) $", f"[![]({SUBSTACK})](https://x.y/$r) \\$"),
        ('[a](https://x.y/a_(b_$c) "t $") $', '[a](https://x.y/a_(b_$c) "t $") \\$'),
        ("[a](<https://x.y/$ b>)", "[a](<https://x.y/$ b>)"),
        ("<https://x.y/$a> $", "<https://x.y/$a> \\$"),
        ("see https://x.y/$a?b=$c, $d", "see https://x.y/$a?b=$c, \\$d"),
        ("[ref]: https://x.y/$a\n[b $](u)", "[ref]: https://x.y/$a\n[b \\$](u)"),
        ("[not a link](no close $", "[not a link](no close \\$"),
    ],
)
def test_dollars_are_escaped_in_text_only(text: str, expected: str) -> None:
    assert fix_block(text, "paragraph") == expected


# ---- 4. padding characters ---------------------------------------------------------------------


@pytest.mark.parametrize("char", list(PADDING))
def test_each_padding_character_goes(char: str) -> None:
    assert fix_block(f"a{char}b {char}c", "paragraph") == "ab c"


def test_padding_lines_go_and_the_block_stays_one_unit() -> None:
    text = "First line\n\u034f \u00a0 \u00ad\u034f \u00a0\nSecond\u200b\u00a0\u200c\u00a0\u200c"
    assert fix_block(text, "paragraph") == "First line\nSecond"


def test_padding_keeps_hard_breaks_and_untouched_lines() -> None:
    assert fix_block("a\u200b  \nb\n\u00a0\nc", "paragraph") == "a  \nb\n\u00a0\nc"


def test_zero_width_joiner_stays_inside_an_emoji() -> None:
    assert fix_block("🧑\u200d💻 and 🏳\ufe0f\u200d🌈, x\u200dy", "paragraph") == (
        "🧑\u200d💻 and 🏳\ufe0f\u200d🌈, xy"
    )


# ---- code --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "```\n$x <b>&amp;</b> \u200b\n\n<!-- -->\n```",
        "    $x <b>&amp;</b>\n\n    \u200b",
        "~~~ unclosed\n$x",
    ],
)
def test_code_blocks_stay(text: str) -> None:
    assert fix_block(text, "code") == text
    assert clean(text) == text + "\n"


def test_lines_after_a_fence_in_the_same_unit_are_fixed() -> None:
    assert fix_block("```\n$x\n```\n# Cost $5", "code") == "```\n$x\n```\n# Cost \\$5"


def test_block_without_fixes_comes_back_identical() -> None:
    text = "- a *list* with [a link](https://x.y/a_(b)) and `code`  \n  more: 5 > 4 & 3 < 4"
    assert fix_block(text, "list") == text


@pytest.mark.skipif(not CORPUS_INPUTS, reason=f"no corpus at {CORPUS}")
def test_corpus_blocks_without_features_stay_identical() -> None:
    touched = ("<", "&", "$", *PADDING)
    for path in CORPUS_INPUTS:
        for block in parse_blocks(path.read_text(encoding="utf-8")):
            if not any(mark in block.text for mark in touched):
                assert fix_block(block.text, block.kind) == block.text, (path, block.index)


# ---- 5-7. render: headings, rules, blank lines ------------------------------------------------


def test_heading_levels_are_renumbered() -> None:
    source = "\n\n".join("#" * level + f" h{i}" for i, level in enumerate([2, 3, 3, 2, 4, 5]))
    levels = [len(line.split()[0]) for line in clean(source).splitlines() if line]
    assert levels == [1, 2, 2, 1, 2, 3]


def test_render_joins_blocks_with_one_blank_line_and_ends_with_newline() -> None:
    blocks = parse_blocks("a\n\n\n\n<!-- x -->\n\nb\u200b\n")
    assert render(blocks) == "a\n\nb\n"
    assert render([]) == ""
    assert render(parse_blocks("<!-- only -->\n\n---\n\n\u200b")) == ""


def test_render_drops_dangling_rules_only() -> None:
    assert clean("---\n\na\n\n***\n\n---\n\nb\n\n***") == "a\n\n***\n\nb\n"


def test_render_does_not_mutate_blocks() -> None:
    blocks = parse_blocks("## T\ntext $5\n\n---")
    before = list(blocks)
    render(blocks)
    assert blocks == before


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [pytest.param(*case, id=case[0][:60]) for case in read_fixtures(GOLDEN)],
)
def test_golden(title: str, source: str, expected: str) -> None:
    actual = clean(source)
    assert actual == expected, f"{title}\n--- actual ---\n{actual}--- expected ---\n{expected}"
    assert clean(actual) == actual


# ---- idempotence -------------------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS_INPUTS, reason=f"no corpus at {CORPUS}")
@pytest.mark.parametrize("path", CORPUS_INPUTS, ids=lambda p: p.parent.name)
def test_idempotent_on_corpus(path: Path) -> None:
    assert_idempotent(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "markdown",
    [
        "    $\n# $",  # code then a heading in one unit
        "- a\n\n    $code",  # a code block that becomes list content
        "<!-- c --> $1\n    $2",  # a removed comment turns code into paragraph text
        "``<b></b>`$`",  # a removed tag joins two backtick runs
        "<<b></b>b>$",  # a removed tag makes a new tag
        "&am\u200bp;lt; &amp;&#97;mp; &am<b></b>p;",  # entities made by removals
        "&zwnj;&amp;\n&nbsp;\n# &shy;",
        "Title\n---\n### deep\n#",
        "<div>\n- x\n\u00a0\n- y\n</div>",
        "[a]<b></b>(https://x/$) https<i></i>://y/$",
        "\\\\<b>$</b>\\",
        "| a |\n|---|\n| <br> $ |",
        "***\n\n***\n\n---\nText\n---",
    ],
)
def test_idempotent_on_tricky_strings(markdown: str) -> None:
    assert_idempotent(markdown)


FRAGMENTS = [
    *("$", "\\$", "\\", "&amp;", "&lt;", "&amp;lt;", "&#36;", "&zwnj;", "&nbsp;", "&am", "p;"),
    *("<br>", "<b>", "</b>", "<!--", "-->", "<!-- c -->", "<", ">", "&", ";", "`", "``"),
    *("[", "]", "](", "(", ")", '[t](u$ "t")', f"![a]({SUBSTACK})", "<https://x.y/$>"),
    *("https://x.y/$a", "\u200b", "\u200d", "\u00ad", "\u2800", "\u00a0", "🧑", "*", "|"),
    *("\n", "\n\n", "# ", "## ", "### ", "###### ", "---", "***", "===", "|---|"),
    *("    ", "- ", "> ", "1. ", " ", "word", "```", "<div>", "</div>", "[r]: ", "  \n"),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_idempotent_on_generated_markdown(markdown: str) -> None:
    assert_idempotent(markdown)


# ---- speed -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "word $5 &amp; `code` [a](https://x.y/$) <b>t</b> " * 20_000,  # about 1 MB, one line
        "$" * 100_000,
        "](" * 100_000,
        "\\" * 500_000 + "&amp;",
    ],
    ids=["1MB-line", "100k-dollars", "link-openers", "backslashes"],
)
def test_linear_time(text: str) -> None:
    # ~0.5 s on an idle machine; a quadratic scan of 1 MB would take minutes. The bound is loose so
    # that a busy machine does not fail it (speed itself is measured by bench/, not by tests).
    start = time.perf_counter()
    fix_block(text, "paragraph")
    assert time.perf_counter() - start < 10.0
