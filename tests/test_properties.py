"""Properties of ``clean()`` on generated newsletters built from real block shapes.

Newsletters are drawn from the shapes the corpus has: headings with links, paragraphs with
``$`` amounts, entities and HTML tags, content images, icon images (``w_36``) and tracking
pixels, "(Sponsored)" sections, lists, rules, padding characters and footers. For each one:
cleaning never raises, is idempotent, keeps whole input blocks in order (byte-identical after
the documented fixes), keeps every link and image of a kept block, and numbers headings from 1
without skipping a level.
"""

from __future__ import annotations

import itertools
import os

from helpers import matched_input_blocks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from newsclean.features.markup import analyse
from newsclean.model.pipeline import clean, load_model

MODEL = load_model(None)
# Examples per property: the file runs in well under a minute.
EXAMPLES = int(os.environ.get("NEWSCLEAN_EXAMPLES", "80"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_MD = MarkdownIt("commonmark", {"html": True}).enable("table")

WORDS = (  # noqa: SIM905 - a word list reads better as running text
    "the data model cloud database index query latency cache storage engineer team release update "
    "startup funding market growth research paper launch open source agent system design scale "
    "pricing revenue users security network chip energy climate battery policy vote"
).split()
HOSTS = ("https://blog.example.com", "https://news.example.org", "https://substack.com/redirect")
PADDING = "\u034f\u200c\u00ad\u200b"

words = st.lists(st.sampled_from(WORDS), min_size=2, max_size=12).map(" ".join)
slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
url = st.builds(lambda h, s, q: f"{h}/{s}{q}", st.sampled_from(HOSTS), slug,
                st.sampled_from(["", "?utm_source=email", "?j=eyJ1Ijo&r=5s83", "#top"]))
dollar = st.integers(min_value=1, max_value=99_999).map(lambda n: f"${n:,}")
entity = st.sampled_from(["&amp;", "&#8217;", "&nbsp;", "&lt;b&gt;", "&quot;", "&mdash;", "&#36;"])
tag = st.sampled_from(["<b>", "</b>", "<br>", "<br/>", '<span style="color:red">', "</span>", "<!-- x -->"])
link = st.builds(lambda t, u: f"[{t}]({u})", words, url)
content_image = st.builds(
    lambda a, s: f"![{a}](https://substackcdn.com/image/fetch/w_1100,c_limit/https%3A%2F%2Fimg%2F{s}.png)",
    st.sampled_from(["", "diagram", "chart of growth"]), slug)
icon_image = st.builds(
    lambda s: f"[![](https://substackcdn.com/image/fetch/w_36,c_scale,f_png/https%3A%2F%2Fsubstack.com%2Ficon%2F{s})]"
    f"(https://substack.com/app-link/post?action=share)", st.sampled_from(["LucideHeart", "LucideShare2", "Comments"]))
pixel = st.builds(lambda s: f"![](https://eotrx.substackcdn.com/open?token={s}&type=open)", slug)
inline = st.one_of(words, words, words, link, dollar, entity, tag, st.sampled_from(["**bold**", "*it*", "`x = $1`"]))
sentence = st.lists(inline, min_size=1, max_size=8).map(lambda parts: " ".join(parts).capitalize() + ".")

heading = st.builds(
    lambda lvl, t, linked: "#" * lvl + " " + (f"[{t}](https://blog.example.com/p/{len(t)})" if linked else t.title()),
    st.integers(1, 4), words, st.booleans())
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
multi_line = st.lists(sentence, min_size=2, max_size=3).map("\n".join)
bullets = st.lists(st.one_of(sentence, link), min_size=1, max_size=5).map(
    lambda items: "\n".join(f"- {item}" for item in items))
numbered = st.lists(sentence, min_size=1, max_size=4).map(
    lambda items: "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1)))
sponsored = st.builds(
    lambda t, body, cta: f"## {t.title()} (Sponsored)\n\n{body}\n\n[Try it free]({cta})",
    words, paragraph, url)
padding = st.integers(3, 30).map(lambda n: " ".join(PADDING[i % len(PADDING)] * 2 for i in range(n)))
footer = st.sampled_from([
    "© 2025 Example Media, 548 Market St, San Francisco, CA 94104",
    "[Unsubscribe](https://example.com/unsubscribe?u=1) | [Manage preferences](https://example.com/prefs)",
    "You received this email because you subscribed to Example Weekly.",
    "Forwarded this email? [Subscribe here](https://example.com/subscribe) for more",
])
fence = st.builds(lambda body: f"```\n{body} $5 &amp; <b>x</b>\n\n{body}\n```", words)
table = st.builds(lambda a, b, c: f"| {a} | price |\n|---|---|\n| {b} | {c} |\n| <br> | &amp; |", words, link, dollar)
setext = st.builds(lambda t, u: f"{t.title()}\n{u * 3}", words, st.sampled_from("=-"))
nested = st.builds(lambda a, b, c: f"- {a}\n  - {b}\n    - {c}\n1. {a}", sentence, link, sentence)
comment = st.builds(lambda a, b: f"{a} <!-- a comment\nover lines --> {b}", sentence, sentence)
reference = st.builds(lambda s, u: f"[{s}]: {u} \"title\"", slug, url)
block = st.one_of(
    fence, table, setext, nested, comment, reference,
    heading, heading, paragraph, paragraph, paragraph, multi_line, bullets, numbered, content_image,
    icon_image, pixel, st.just("---"), sponsored, padding, footer, link, st.just("> " + "A quoted line."),
    st.just("<div>An HTML block &amp; its text</div>"),
)
newsletter = st.lists(block, min_size=1, max_size=25).map(lambda blocks: "\n\n".join(blocks) + "\n")



@given(newsletter)
@SETTINGS
def test_clean_never_raises_and_is_idempotent(src: str) -> None:
    out = clean(src, cleaner=MODEL)
    assert out == "" or out.endswith("\n")
    assert clean(out, cleaner=MODEL) == out


@given(newsletter)
@SETTINGS
def test_kept_blocks_are_input_blocks_in_order_with_their_links(src: str) -> None:
    out = clean(src, cleaner=MODEL)
    for _, source, whole in matched_input_blocks(src, out):
        if whole:  # the whole input block is kept: all it points to is still there
            markup = analyse(source.text)
            for address in (*markup.links, *markup.images):
                assert address in out, f"{address!r} of a kept block is gone"


@given(newsletter)
@SETTINGS
def test_heading_levels_start_at_one_and_never_skip(src: str) -> None:
    out = clean(src, cleaner=MODEL)
    levels = [int(tok.tag[1:]) for tok in _MD.parse(out) if tok.type == "heading_open" and tok.level == 0]
    if levels:
        assert levels[0] == 1, levels
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, levels
