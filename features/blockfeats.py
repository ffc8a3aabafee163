"""Blocks → numbers: text, structure, link and context features of each block.

The stage-one feature matrix of a document is ``document_features(blocks)``: one row per
block, columns named by ``FEATURE_NAMES``. Context columns give each block what surrounds it:
the enclosing section's title, its neighbours, how far the nearest sponsor marker is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from newsclean.features.markup import Markup, analyse, host_of, is_adserver_url, is_redirect_url
from newsclean.features.segment import BLOCK_KINDS, Block

# Hand vocabularies: the signals LABELLING.md names. The learned vocabulary
# (features/vocabulary.py) adds what the data shows beyond them.
SPONSOR_RE = re.compile(
    r"\((?:sponsor(?:ed)?|partner|ad|paid|advertisement|promoted|presented by [^)]{1,60})\)"
    r"|\bsponsored by\b|\bpresented by\b|\btogether with\b|\bbrought to you by\b"
    r"|\bin partnership with\b|\bpaid (?:post|content|partnership|promotion)\b|\badvertisement\b"
    r"|\bmade possible by\b|\bthanks to our (?:sponsors?|partners?)\b|\bfrom our (?:sponsors?|partners?)\b"
    r"|\bour (?:sponsors?|partners?)\b|\bsponsor(?:ed)?\b|\bpartner content\b",
    re.IGNORECASE,
)
STRONG_SPONSOR_RE = re.compile(
    r"\((?:sponsor(?:ed)?|partner|ad|paid|advertisement|promoted)\)|\bsponsored by\b|\bpresented by\b"
    r"|\btogether with\b|\bbrought to you by\b|\bin partnership with\b|\bpaid (?:post|content)\b"
    r"|\badvertisement\b|\bmade possible by\b",
    re.IGNORECASE,
)
_CTA_RE = re.compile(
    r"\b(?:try (?:it )?(?:for )?free|book a (?:demo|call)|get (?:a )?demo|request a demo|free trial"
    r"|start (?:your |a )?(?:free )?trial|download (?:the|our|your|now|it)|sign up (?:now|free|today|here)"
    r"|register (?:now|today|here|for)|learn more|get started|claim (?:your|it)|save your (?:seat|spot)"
    r"|limited time|discount|promo code|coupon|% off|get (?:it|yours) (?:now|today)|shop now|buy now"
    r"|sign up for free|watch the demo|see how|try [a-z]+ (?:free|today|now))\b",
    re.IGNORECASE,
)
_SELF_PROMO_RE = re.compile(
    r"\b(?:subscribe[ds]?|subscription|subscriber|upgrade|refer(?:ral|rals)?|forwarded|read in app"
    r"|get the app|download the app|advertis(?:e|ing)|sponsor us|become a (?:paid|paying|member|supporter)"
    r"|share (?:this|the|our) (?:newsletter|post|email|issue)|tell your friends|rewards?|swag"
    r"|our (?:course|book|podcast|event|workshop|camp|store|shop|merch|app|community)|gift"
    r"|membership|members?-only|premium|paywall|unlock|join (?:us|our|the)|start writing)\b",
    re.IGNORECASE,
)
_FOOTER_RE = re.compile(
    r"©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved|unsubscribe|opt[ -]out"
    r"|manage (?:your )?(?:preferences|subscriptions?|email|account)|(?:email|update your) preferences"
    r"|you(?: are|'re|’re)? receiv(?:ed|ing) this|you signed up|privacy policy|terms of (?:service|use)"
    r"|view (?:it )?(?:in|on) (?:your )?(?:browser|web|online)|view online|reply to this email"
    r"|respond to this email|just reply|\bp\.?\s?o\.? box\b|mailing address|our address"
    r"|follow us|is a (?:weekly|daily|monthly) newsletter|sent (?:to|by)\b",
    re.IGNORECASE,
)
_ADDRESS_RE = re.compile(
    r"\b\d{1,5} [A-Z][A-Za-z.]{1,20}(?: [A-Z][A-Za-z.]{1,20}){0,3} "
    r"(?:St|Street|Ave|Avenue|Blvd|Boulevard|Road|Rd|Dr|Drive|Lane|Ln|Way|Place|Pl|Square|Sq)\b"
    r"|\b[A-Z]{2} \d{5}(?:-\d{4})?\b|\bsuite \d+|\b\d+(?:st|nd|rd|th) floor\b",
    re.IGNORECASE,
)
_GAMES_RE = re.compile(
    r"\b(?:quiz(?:zes)?|trivia|crossword|sudoku|wordle|riddle|puzzles?|brain ?teasers?|answers?:"
    r"|the answer|correct answer|guess|games?|spelling bee|word search|who said it|test your)\b",
    re.IGNORECASE,
)
_CHROME_RE = re.compile(
    r"\b(?:like|likes|comments?|share|restack|listen(?: now)?|play|preview|read online|web version"
    r"|how (?:was|did you like|would you rate)|rate (?:this|today)|feedback|poll|amazing|okay|meh"
    r"|view in browser|open in app|logo|avatar)\b",
    re.IGNORECASE,
)
_SOCIAL_HOSTS = frozenset(
    {"twitter.com", "x.com", "facebook.com", "linkedin.com", "instagram.com", "youtube.com",
     "tiktok.com", "threads.net", "threads.com", "bsky.app", "t.me", "reddit.com"}
)
_BOLD_ONLY_RE = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)+[^\n]{1,200}?(?:\*\*|__)+\s*$")
_HEADLINE_RE = re.compile(r"^\s*(?:\*\*\[|\[\*\*|\[\s*\*\*|#{1,6}\s*\[)")
_NO_ALNUM_RE = re.compile(r"[^\W_]")
_WORD_RE = re.compile(r"[^\W_]+")

MAX_DIST = 20  # distances in blocks are capped here


@dataclass(frozen=True, slots=True)
class BlockStats:
    """Per-block numbers computed once and shared by the feature columns and the rules."""

    markup: Markup
    words: int
    sponsor: int
    strong_sponsor: bool
    cta: int
    self_promo: int
    footer: int
    address: int
    games: int
    chrome: int
    social: int
    title_like: bool  # a heading, or a short bold-only paragraph, or a headline link
    headline: bool  # starts like a story headline: a bold link or a linked heading
    alnum: bool


def block_stats(block: Block) -> BlockStats:
    """Compute the per-block numbers of one block."""
    m = analyse(block.text)
    vis = m.visible
    visible_and_alt = vis + " " + " ".join(m.image_alts)
    hosts = [host_of(u) for u in m.links]
    bold_only = bool(_BOLD_ONLY_RE.match(block.text)) and "\n" not in block.text.strip()
    return BlockStats(
        markup=m,
        words=len(_WORD_RE.findall(vis)),
        sponsor=len(SPONSOR_RE.findall(visible_and_alt)),
        strong_sponsor=bool(STRONG_SPONSOR_RE.search(visible_and_alt)),
        cta=len(_CTA_RE.findall(vis)),
        self_promo=len(_SELF_PROMO_RE.findall(vis)),
        footer=len(_FOOTER_RE.findall(vis)),
        address=len(_ADDRESS_RE.findall(vis)),
        games=len(_GAMES_RE.findall(vis)),
        chrome=len(_CHROME_RE.findall(vis)),
        social=sum(1 for h in hosts if h in _SOCIAL_HOSTS),
        title_like=block.kind == "heading" or (bold_only and len(vis) <= 120),
        headline=bool(_HEADLINE_RE.match(block.text)),
        alnum=bool(_NO_ALNUM_RE.search(block.text)),
    )


def _local(block: Block, s: BlockStats) -> list[float]:
    """Columns that look at the block alone."""
    m = s.markup
    text = block.text
    n_chars = len(text)
    vis = m.visible
    n_vis = len(vis)
    letters = sum(1 for ch in vis if ch.isalpha())
    digits = sum(1 for ch in vis if ch.isdigit())
    upper = sum(1 for ch in vis if ch.isupper())
    hosts = {host_of(u) for u in m.links} | {host_of(u) for u in m.images}
    hosts.discard("")
    n_links = len(m.links)
    redirect = sum(1 for u in m.links if is_redirect_url(u))
    adserver = sum(1 for u in m.links + m.images if is_adserver_url(u))
    empty_alt = sum(1 for a in m.image_alts if not a.strip())
    data_img = sum(1 for u in m.images if u.startswith("data:"))
    mailto = sum(1 for u in m.links if u.startswith("mailto:"))
    kind = [1.0 if block.kind == k else 0.0 for k in BLOCK_KINDS]
    return [
        math.log1p(n_chars),
        math.log1p(n_vis),
        math.log1p(s.words),
        float(text.count("\n") + 1),
        *kind,
        float(block.level),
        float(s.title_like),
        float(s.headline),
        float(_BOLD_ONLY_RE.match(text) is not None),
        float(text.lstrip().startswith(("*", "_")) and text.rstrip().endswith(("*", "_"))),
        letters / n_vis if n_vis else 0.0,
        digits / n_vis if n_vis else 0.0,
        upper / letters if letters else 0.0,
        float(not s.alnum),
        float(n_links),
        float(len(m.images)),
        float(m.image_links),
        float(m.icon_images),
        float(m.tracking_images),
        float(m.html_tags),
        len(m.link_text) / n_vis if n_vis else 0.0,
        float(len(hosts)),
        redirect / n_links if n_links else 0.0,
        float(adserver),
        float(empty_alt),
        float(data_img),
        float(mailto),
        float(s.social),
        float(bool(m.images) and not vis.strip()),
        float(n_links > 0 and len(m.link_text) >= 0.9 * n_vis),
        float(s.sponsor),
        float(s.strong_sponsor),
        float(s.cta),
        float(s.self_promo),
        float(s.footer),
        float(s.address),
        float(s.games),
        float(s.chrome),
        float(vis.endswith("?")),
        float(vis.count("|")),
    ]


_LOCAL_NAMES = [
    "log_chars", "log_visible", "log_words", "lines",
    *[f"kind_{k}" for k in BLOCK_KINDS],
    "heading_level", "title_like", "headline", "bold_only", "emphasis_only",
    "alpha_ratio", "digit_ratio", "upper_ratio", "no_alnum",
    "links", "images", "image_links", "icon_images", "tracking_images", "html_tags",
    "link_text_share", "hosts", "redirect_share", "adserver", "empty_alt_images", "data_images",
    "mailto", "social_links", "image_only", "link_only",
    "sponsor_words", "strong_sponsor", "cta_words", "self_promo_words", "footer_words",
    "address", "games_words", "chrome_words", "question", "pipes",
]

# Columns of a neighbour's block copied into the context part of the row.
_NEIGHBOUR_COLS = [
    "kind_heading", "title_like", "no_alnum", "image_only", "links", "icon_images",
    "sponsor_words", "strong_sponsor", "self_promo_words", "footer_words", "log_words", "headline",
]
_NEIGHBOUR_IDX = [_LOCAL_NAMES.index(c) for c in _NEIGHBOUR_COLS]
_SECTION_COLS = ["sponsor_words", "strong_sponsor", "self_promo_words", "footer_words", "games_words",
                 "chrome_words", "cta_words", "heading_level", "log_words"]
_SECTION_IDX = [_LOCAL_NAMES.index(c) for c in _SECTION_COLS]

_CONTEXT_NAMES = [
    "position", "position_from_end", "index_capped", "from_end_capped", "chars_before_share",
    "depth", "dist_title", "dist_rule", "dist_sponsor_before", "dist_sponsor_after",
    "sponsor_title_in_section", "dist_footer_before", "after_first_footer", "dist_strong_sponsor_before",
    "blocks_in_section", "section_index",
    *[f"title_{c}" for c in _SECTION_COLS],
    *[f"prev_{c}" for c in _NEIGHBOUR_COLS],
    *[f"next_{c}" for c in _NEIGHBOUR_COLS],
    *[f"prev2_{c}" for c in _NEIGHBOUR_COLS],
    *[f"next2_{c}" for c in _NEIGHBOUR_COLS],
]

FEATURE_NAMES: tuple[str, ...] = tuple(_LOCAL_NAMES + _CONTEXT_NAMES)


def _cap(d: int) -> float:
    return float(min(d, MAX_DIST))


def document_features(blocks: Sequence[Block], stats: Sequence[BlockStats]) -> np.ndarray:
    """The stage-one hand feature matrix of one document (one row per block)."""
    n = len(blocks)
    width = len(FEATURE_NAMES)
    if n == 0:
        return np.zeros((0, width), dtype=np.float64)
    local = np.array([_local(b, s) for b, s in zip(blocks, stats, strict=True)], dtype=np.float64)
    ctx = np.zeros((n, len(_CONTEXT_NAMES)), dtype=np.float64)
    total_chars = sum(len(b.text) for b in blocks) or 1

    # nearest title-like block before each block, and section sizes
    title_of = [-1] * n
    last_title = -1
    for i, s in enumerate(stats):
        title_of[i] = last_title
        if s.title_like or blocks[i].kind == "rule":
            last_title = i
    section_size: dict[int, int] = {}
    for t in title_of:
        section_size[t] = section_size.get(t, 0) + 1

    sponsor_before = [-1] * n
    strong_before = [-1] * n
    footer_before = [-1] * n
    last_sp = last_strong = last_ft = -1
    for i, s in enumerate(stats):
        sponsor_before[i], strong_before[i], footer_before[i] = last_sp, last_strong, last_ft
        if s.sponsor:
            last_sp = i
        if s.strong_sponsor:
            last_strong = i
        if s.footer or s.address:
            last_ft = i
    sponsor_after = [-1] * n
    nxt = -1
    for i in range(n - 1, -1, -1):
        sponsor_after[i] = nxt
        if stats[i].sponsor:
            nxt = i
    first_footer = next((i for i, s in enumerate(stats) if s.footer and "unsubscribe" in s.markup.visible.lower()), n)

    chars_before = 0
    for i, b in enumerate(blocks):
        t = title_of[i]
        row = [
            i / n,
            (n - 1 - i) / n,
            _cap(i),
            _cap(n - 1 - i),
            chars_before / total_chars,
            float(len(b.headings)),
            _cap(i - t) if t >= 0 else float(MAX_DIST),
            _cap(i - b.rule_before) if b.rule_before >= 0 else float(MAX_DIST),
            _cap(i - sponsor_before[i]) if sponsor_before[i] >= 0 else float(MAX_DIST),
            _cap(sponsor_after[i] - i) if sponsor_after[i] >= 0 else float(MAX_DIST),
            float(t >= 0 and stats[t].sponsor > 0),
            _cap(i - footer_before[i]) if footer_before[i] >= 0 else float(MAX_DIST),
            float(i >= first_footer),
            _cap(i - strong_before[i]) if strong_before[i] >= 0 else float(MAX_DIST),
            float(section_size.get(t, 0)),
            float(i - t - 1 if t >= 0 else i),
        ]
        row.extend(local[t, _SECTION_IDX] if t >= 0 else np.zeros(len(_SECTION_IDX)))
        for off in (-1, 1, -2, 2):
            j = i + off
            row.extend(local[j, _NEIGHBOUR_IDX] if 0 <= j < n else np.full(len(_NEIGHBOUR_IDX), -1.0))
        ctx[i] = row
        chars_before += len(b.text)
    return np.hstack([local, ctx])
