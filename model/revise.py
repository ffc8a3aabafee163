"""Decisions from probabilities, revised by the section rule of LABELLING.md.

"A (Sponsored) heading drops the whole section under it, up to the next heading of the same or a
higher level, or the next ---." The rule fires unconditionally on a title or headline carrying an
explicit marker ("(Sponsored)", "(Sponsor)", or opening with "Presented by", "Together with",
"Brought to you by"); on weaker sponsor words only where the model itself drops the title, so a
story that merely mentions a sponsorship is not cut by a keyword.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from newsclean.features.blockfeats import BANNER_RE, GAMES_TITLE_RE, BlockStats
from newsclean.features.markup import is_adserver_url
from newsclean.features.segment import Block


def _section_end(blocks: Sequence[Block], stats: Sequence[BlockStats], i: int) -> int:
    """Index just past the section that block ``i`` opens."""
    head = blocks[i]
    for j in range(i + 1, len(blocks)):
        b, s = blocks[j], stats[j]
        if b.kind == "rule":
            return j
        if head.kind == "heading":
            if b.kind == "heading" and b.level <= head.level:
                return j
        elif s.title_like or s.headline:
            return j
    return len(blocks)


def revise(blocks: Sequence[Block], stats: Sequence[BlockStats], p: np.ndarray, threshold: float) -> list[tuple[bool, str]]:
    """Keep/drop per block, with the reason.

    Args:
        blocks: the document's blocks.
        stats: their ``block_stats``.
        p: drop probabilities from the model.
        threshold: drop at or above it.

    Returns:
        ``(keep, reason)`` per block.
    """
    out = [(bool(pi < threshold), f"model p={pi:.2f}") for pi in p]
    for i, s in enumerate(stats):
        if not out[i][0] and s.words <= CREDIT_MAX_WORDS and CREDIT_RE.match(s.markup.visible):
            out[i] = (True, f"credit or sign-off line, kept (model p={p[i]:.2f})")
        elif out[i][0] and _adserver_only(s):
            out[i] = (False, f"ad-server image (model p={p[i]:.2f})")
        elif out[i][0] and _furniture_only(s):
            out[i] = (False, f"only icons, logos or share buttons (model p={p[i]:.2f})")
        elif out[i][0] and s.words <= VIEW_ONLINE_MAX_WORDS and VIEW_ONLINE_RE.match(s.markup.visible):
            out[i] = (False, f"view-online link (model p={p[i]:.2f})")
        elif out[i][0] and s.words <= PROMO_MAX_WORDS and PROMO_LINE_RE.match(s.markup.visible):
            out[i] = (False, f"short call to subscribe, follow, join or upgrade (model p={p[i]:.2f})")
    i = 0
    n = len(blocks)
    while i < n:
        s = stats[i]
        explicit = s.marker and (
            s.title_like or s.headline or blocks[i].kind == "heading"
            or (s.words <= BANNER_MAX_WORDS and BANNER_RE.match(s.markup.visible) is not None)
        )
        if explicit or (s.strong_sponsor and (s.title_like or s.headline) and p[i] >= threshold):
            if explicit and out[i][0]:
                out[i] = (False, f"explicit sponsor marker (model p={p[i]:.2f})")
            end = _section_end(blocks, stats, i)
            for j in range(i + 1, end):
                if out[j][0]:
                    out[j] = (False, f"in sponsored section of block {i} (model p={p[j]:.2f})")
            i = end
        else:
            i += 1
    out = _keep_content_images(stats, out)
    out = _disclosed_sections(blocks, stats, out)
    out = _games(blocks, stats, out)
    paid = next((i for i, s in enumerate(stats) if PAID_ISSUE_RE.search(s.markup.visible)), None)
    if paid is not None:  # "An issue that is entirely paid content is dropped whole."
        out = [(False, f"the whole issue is paid content (block {paid})") for _ in out]
    return out


# Kept whatever the model says (LABELLING.md: credits to writers and sources, sign-offs, greetings).
CREDIT_RE = re.compile(
    r"^(?:thanks for reading|thank you for reading|written by|curated by|edited by|reported by|compiled by"
    r"|see you (?:next|tomorrow|soon)|until next time|hello from|happy (?:monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|reading))\b",
    re.IGNORECASE,
)
CREDIT_MAX_WORDS = 30
BANNER_MAX_WORDS = 12  # a "Together with X" banner is short; a sentence that starts so is not a banner
PAID_ISSUE_RE = re.compile(
    r"\bthis (?:paid content|paid post|sponsored (?:content|email|issue|newsletter)|email|newsletter|issue|message)"
    r" (?:was|is) (?:created|written|produced|paid for|sponsored|brought to you) (?:with|by|in partnership with)"
    r" (?:our|a|an) (?:sponsor|partner|advertiser)",
    re.IGNORECASE,
)


# "View online" bars (LABELLING.md chrome): the whole visible text is the link's words.
VIEW_ONLINE_RE = re.compile(
    r"^\W*(?:view (?:this )?(?:email |post |issue |it |newsletter )?(?:in|on) (?:your |a |the )?(?:browser|web|online)"
    r"|read (?:it |this )?(?:on|in) (?:the |your )?(?:web|browser|app)|view online|web version|open in (?:the )?app"
    r"|read in app|view in app|read online)\W*$",
    re.IGNORECASE,
)
VIEW_ONLINE_MAX_WORDS = 8

# Short lines of the newsletter selling itself (LABELLING.md self_promo): "Sign up for our
# briefings", "Upgrade to paid", "Follow us on YouTube", "Want to advertise in X?".
PROMO_LINE_RE = re.compile(
    r"^\W*(?:sign up (?:for|to|here|now|today)|subscribe (?:to|here|now|today|for)|upgrade to (?:paid|premium)"
    r"|follow us|join (?:us|our|the|now|today)|enroll|refer (?:a|your) friends?|share (?:this|the|our) (?:newsletter|post|email|issue)"
    r"|get the app|download (?:the|our) app|become a (?:paid |paying )?(?:member|subscriber|supporter)|partner with"
    r"|advertise (?:with|in)|sponsor us|want to (?:advertise|sponsor|work|partner)|forwarded this email|start writing"
    r"|give a gift|gift a subscription)\b",
    re.IGNORECASE,
)
PROMO_MAX_WORDS = 12


def _furniture_only(s: BlockStats) -> bool:
    """No words, and every image is furniture: an icon by its size or file name, a share button, an inline SVG."""
    m = s.markup
    if s.words or not m.images:
        return False
    furniture = m.icon_images + m.icon_named_images + m.share_links + sum(1 for u in m.images if u.startswith("data:"))
    return furniture >= len(m.images)


# A section that ends with an affiliate or advertising disclosure is paid content (LABELLING.md:
# "content clearly identified as an advertisement ... regardless of its placement").
DISCLOSURE_RE = re.compile(
    r"^\W*(?:ad(?:vertising)? disclosure|affiliate disclosure|disclosure: (?:i|we)(?:'m|’m| am| are|'re|’re) an?"
    r" (?:\w+ and )?(?:affiliate|investor|partner|sponsor))"
    r"|\bthis (?:post|section|email|message) (?:contains|includes) affiliate links\b",
    re.IGNORECASE,
)
DISCLOSURE_MAX_WORDS = 60


def _disclosed_sections(blocks: Sequence[Block], stats: Sequence[BlockStats],
                        out: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Drop a titled section, from its title to the disclosure, when it discloses itself as paid."""
    revised = list(out)
    title = -1
    for i, (b, s) in enumerate(zip(blocks, stats, strict=True)):
        if s.title_like or b.kind == "rule":
            title = i if s.title_like else -1
            continue
        if title >= 0 and s.words <= DISCLOSURE_MAX_WORDS and DISCLOSURE_RE.search(s.markup.visible):
            for j in range(title, i + 1):
                if revised[j][0]:
                    revised[j] = (False, f"in a section that discloses itself as paid (block {i})")
    return revised


def _content_image(s: BlockStats) -> bool:
    """An image-only block showing a real picture: not an icon, pixel, ad-server image or inline SVG."""
    m = s.markup
    return bool(m.images) and s.words == 0 and not _furniture_only(s) and m.tracking_images == 0 \
        and not any(is_adserver_url(u) for u in (*m.images, *m.links))


def _keep_content_images(stats: Sequence[BlockStats], out: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """A picture between two kept blocks belongs to the story around it (jusText's neighbour revision)."""
    scored = [i for i, s in enumerate(stats) if s.alnum or s.markup.images]
    revised = list(out)
    for k, i in enumerate(scored):
        if out[i][0] or not _content_image(stats[i]) or k == 0 or k == len(scored) - 1:
            continue
        if out[scored[k - 1]][0] and out[scored[k + 1]][0]:
            revised[i] = (True, f"picture between kept blocks, kept ({out[i][1]})")
    return revised


def _adserver_only(s: BlockStats) -> bool:
    """An image-only block whose images or links all point at an ad server."""
    m = s.markup
    urls = [*m.images, *m.links]
    return bool(m.images) and s.words == 0 and all(is_adserver_url(u) for u in urls)


# Quiz sections (LABELLING.md "games"): few publishers run them, so the model rarely learns
# them from data; their shape is unmistakable. A short title naming a quiz or its answers drops
# its section; a multiple-choice question drops; so does a quiz intro just before the questions.
GAMES_TITLE_MAX_WORDS = 8
QUIZ_INTRO_REACH = 4  # blocks between a quiz intro and the first question


def _games(blocks: Sequence[Block], stats: Sequence[BlockStats], out: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    n = len(blocks)
    is_question = [s.choices >= 2 for s in stats]
    if not any(is_question) and not any(
        s.title_like and s.words <= GAMES_TITLE_MAX_WORDS and GAMES_TITLE_RE.search(s.markup.visible) for s in stats
    ):
        return out
    out = list(out)
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"), -1)  # the issue's title
    for i in range(n):
        s = stats[i]
        if is_question[i] and out[i][0]:
            out[i] = (False, "multiple-choice question (games)")
        if (s.title_like and i != first_heading and s.words <= GAMES_TITLE_MAX_WORDS
                and GAMES_TITLE_RE.search(s.markup.visible)):
            for j in range(i, _section_end(blocks, stats, i)):
                if out[j][0]:
                    out[j] = (False, f"in quiz section of block {i} (games)")
        elif s.games and not s.title_like:
            ahead = [j for j in range(i + 1, min(n, i + 1 + QUIZ_INTRO_REACH)) if is_question[j]]
            if ahead:
                for j in range(i, ahead[0]):
                    if out[j][0]:
                        out[j] = (False, f"quiz introduction before block {ahead[0]} (games)")
    return out
