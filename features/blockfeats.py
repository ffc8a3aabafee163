"""Blocks → numbers: text, structure, link and context features of each block.

The stage-one feature matrix of a document is ``document_features(blocks)``: one row per
block, columns named by ``FEATURE_NAMES``. Context columns give each block what surrounds it:
the enclosing section's title, its neighbours, how far the nearest sponsor marker is.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from newsclean.features.markup import (
    Caseless,
    Markup,
    analyse,
    count_adserver_urls,
    fold,
    host_of,
    is_redirect_url,
    words,
)
from newsclean.features.segment import BLOCK_KINDS, Block

# Hand vocabularies: the signals LABELLING.md names. The learned vocabulary
# (features/vocabulary.py) adds what the data shows beyond them. Written in lower case and matched
# case-insensitively (markup.Caseless). ``words(...)`` is ``\b(?:...)\b``, written so that ``re``
# skips to candidate characters (see markup.words): the same matches, found faster.
_SPONSOR = Caseless(
    r"\((?:sponsor(?:ed)?|partner|ad|paid|advertisement|promoted|presented by [^)]{1,60})\)"
    r"|" + words(r"sponsored by|presented by|together with|brought to you by"
                 r"|in partnership with|paid (?:post|content|partnership|promotion)|advertisement"
                 r"|made possible by|thanks to our (?:sponsors?|partners?)|from our (?:sponsors?|partners?)"
                 r"|our (?:sponsors?|partners?)|sponsor(?:ed)?|partner content")
)
SPONSOR_RE = _SPONSOR.pattern
_STRONG_SPONSOR = Caseless(
    r"\((?:sponsor(?:ed)?|partner|ad|paid|advertisement|promoted)\)|"
    + words(r"sponsored by|presented by|together with|brought to you by|in partnership with"
            r"|paid (?:post|content)|advertisement|made possible by")
)
STRONG_SPONSOR_RE = _STRONG_SPONSOR.pattern
_CTA_WORDS = (
    r"try (?:it )?(?:for )?free|book a (?:demo|call)|get (?:a )?demo|request a demo|free trial"
    r"|start (?:your |a )?(?:free )?trial|download (?:the|our|your|now|it)|sign up (?:now|free|today|here)"
    r"|register (?:now|today|here|for)|learn more|get started|claim (?:your|it)|save your (?:seat|spot)"
    r"|limited time|discount|promo code|coupon|% off|get (?:it|yours) (?:now|today)|shop now|buy now"
    r"|sign up for free|watch the demo|see how|try [a-z]+ (?:free|today|now)"
)
_CTA = Caseless(words(_CTA_WORDS))
_SELF_PROMO_WORDS = (
    r"subscribe[ds]?|subscription|subscriber|upgrade|refer(?:ral|rals)?|forwarded|read in app"
    r"|get the app|download the app|advertis(?:e|ing)|sponsor us|become a (?:paid|paying|member|supporter)"
    r"|share (?:this|the|our) (?:newsletter|post|email|issue)|tell your friends|rewards?|swag"
    r"|our (?:course|book|podcast|event|workshop|camp|store|shop|merch|app|community)|gift"
    r"|membership|members?-only|premium|paywall|unlock|join (?:us|our|the)|start writing"
)
_SELF_PROMO = Caseless(words(_SELF_PROMO_WORDS))
_FOOTER_SOURCE = (  # every alternative opens with a literal (see markup.Caseless)
    r"©|\(c\) ?\d{4}|c(?<=\bc)opyright\b|all rights reserved|unsubscribe|opt[ -]out"
    r"|manage (?:your )?(?:preferences|subscriptions?|email|account)|email preferences|update your preferences"
    r"|you(?: are|'re|’re)? receiv(?:ed|ing) this|you signed up|privacy policy|terms of (?:service|use)"
    r"|view (?:it )?(?:in|on) (?:your )?(?:browser|web|online)|view online|reply to this email"
    r"|respond to this email|just reply|p(?<=\bp)\.?\s?o\.? box\b|mailing address|our address"
    r"|follow us|is a (?:weekly|daily|monthly) newsletter|sent (?:to|by)\b"
)
_FOOTER = Caseless(_FOOTER_SOURCE)
# Street addresses and ZIP codes ([a-z] under IGNORECASE is any ASCII letter, capital or not).
_ADDRESS = Caseless(
    r"\b\d{1,5} [a-z][a-z.]{1,20}(?: [a-z][a-z.]{1,20}){0,3} "
    r"(?:st|street|ave|avenue|blvd|boulevard|road|rd|dr|drive|lane|ln|way|place|pl|square|sq)\b"
    r"|\b[a-z]{2} \d{5}(?:-\d{4})?\b|\bsuite \d+|\b\d+(?:st|nd|rd|th) floor\b"
)
_GAMES_WORDS = (
    r"quiz(?:zes)?|trivia|crossword|sudoku|wordle|riddle|puzzles?|brain ?teasers?|answers?:"
    r"|the answer|correct answer|guess|games?|spelling bee|word search|who said it|test your"
)
_GAMES = Caseless(words(_GAMES_WORDS))
_CHROME_WORDS = (
    r"like|likes|comments?|share|restack|listen(?: now)?|play|preview|read online|web version"
    r"|how (?:was|did you like|would you rate)|rate (?:this|today)|feedback|poll|amazing|okay|meh"
    r"|view in browser|open in app|logo|avatar"
)
_CHROME = Caseless(words(_CHROME_WORDS))
# Every match of _CTA, _SELF_PROMO, _GAMES, _CHROME or _FOOTER is a match of this one at the same
# place (their alternatives together, the words regrouped by first character as ``words`` does):
# where it finds none, they count none, and a block's text is scanned once instead of five times
# (two blocks in ten have one of those words).
_LISTED = Caseless(words("|".join((_CTA_WORDS, _SELF_PROMO_WORDS, _GAMES_WORDS, _CHROME_WORDS)))
                   + "|" + _FOOTER_SOURCE)
_SOCIAL_HOSTS = frozenset(
    {"twitter.com", "x.com", "facebook.com", "linkedin.com", "instagram.com", "youtube.com",
     "tiktok.com", "threads.net", "threads.com", "bsky.app", "t.me", "reddit.com"}
)
# A link or image named after a social network ("Instagram", "Bsky", "X"): follow-us icons whose
# links go through a click tracker, so that their host says nothing.
_SOCIAL_NAME_RE = re.compile(
    r"\W*(?:x|twitter|linkedin|instagram|facebook|threads|bluesky|bsky|youtube|tiktok|mastodon|reddit|discord"
    r"|pinterest|telegram|whatsapp|spotify|apple podcasts|rss)(?: (?:icon|logo))?\W*",
    re.IGNORECASE,
)
_YOU = Caseless(words(r"you|your|you'?re|yours"))
_WE = Caseless(words(r"we|our|us|we'?re|we'?ve"))
_IMPERATIVE_RE = re.compile(
    r"^\W{0,6}(?:try|get|sign|join|subscribe|download|register|book|claim|start|watch|listen|read|share"
    r"|follow|upgrade|learn|click|tap|see|check|grab|save|apply|reply|invite|refer|become|support|buy"
    r"|shop|enroll|discover|explore|unlock|level|meet|tune|don'?t|want|love)\b",
    re.IGNORECASE,
)
# Words that open a sponsor banner or title: the section under it is an ad (LABELLING.md).
BANNER_RE = re.compile(
    r"^\W{0,8}(?:sponsored by|presented by|together with|brought to you by|in partnership with"
    r"|advertisement|paid post|paid content|a message from|thanks to our sponsors?|today'?s sponsor"
    r"|(?:a word )?from our sponsors?|a word from our partners?|sponsored content"
    r"|content from our (?:sponsors?|partners?)"
    r"|content from(?=\s*:)|support for (?-i:[A-Z])[\w.&'’ -]{0,40} comes from)\b",
    re.IGNORECASE,
)
_MARKER = Caseless(r"\((?:sponsor(?:ed)?|partner|ad|paid|advertisement|promoted|sponsored content)\)")
MARKER_RE = _MARKER.pattern
# A multiple-choice question: two or more option lines "A. …", "B) …", "**C.** …".
_CHOICE_LINE_RE = re.compile(r"^\s{0,3}(?:[-*]\s+)?(?:\*\*|_)?\(?[A-Da-d][.)](?:\*\*)?\s", re.MULTILINE)
GAMES_TITLE_RE = re.compile(
    r"\b(?:quiz(?:zes)?|trivia|crossword|sudoku|wordle|riddles?|puzzl(?:es?|ers?)|brain ?teasers?|answers?"
    r"|word search)\b"
    # word games named by the whole title ("Spelling Bee", "Guess the chart"), never inside a headline
    # ("Texas teen wins the National Spelling Bee", "Guess who's paying for the stadium")
    r"|^\W*(?:spelling bee|word scramble|who said it|guess the \w+(?: \w+)?|name that \w+(?: \w+)?"
    r"|can you guess\b[^.!\n]{0,60}"
    r"|test your (?:knowledge|smarts|wits|eye|(?:[\w-]+ )?iq)|where in the world"
    r"|spot the (?:bug|difference)(?:\W+(?:solution|answer)s?)?)\W*$",
    re.IGNORECASE,
)
_SHAPE_RE = re.compile(r"\([^()\s]{0,4000}\)|\d+")
_BOLD_ONLY_RE = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)+[^\n]{1,200}?(?:\*\*|__)+\s*$")
_HEADLINE_RE = re.compile(r"^\s*(?:\*\*\[|\[\*\*|\[\s*\*\*|#{1,6}\s*\[)")
_NO_ALNUM_RE = re.compile(r"[^\W_]")
_DIGIT_RE = re.compile(r"\d")
_UPPER_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_WORD_RE = re.compile(r"[^\W_]+")
_LINK_WORDS_RE = re.compile(r"\[([^\[\]\n!]{1,40})\]\(")

CALL_MAX_WORDS = 6  # "SHOP NOW", "GET 15% OFF w/ code:": a call to act and little else
MAX_DIST = 20  # distances in blocks are capped here
STATS_CACHE_SIZE = 8192  # per-block stats are pure: the verifying cleaning pass reuses them


@dataclass(frozen=True, slots=True)
class BlockStats:
    """Per-block numbers computed once and shared by the feature columns and the rules."""

    markup: Markup
    words: int
    alnum_chars: int  # letters and digits of the visible text
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
    marker: bool  # an explicit sponsor marker: "(Sponsored)" or a "Presented by" opening
    prose: bool  # a real paragraph of text: 25+ words, few of them links, no boilerplate words
    you: int
    we: int
    imperative: bool
    shape: str  # the block with URLs and numbers removed: repeated shapes are furniture
    choices: int  # option lines of a multiple-choice question


def block_stats(block: Block) -> BlockStats:
    """Compute the per-block numbers of one block (they depend on its text and kind only)."""
    return _stats(block.text, block.kind)


@lru_cache(maxsize=STATS_CACHE_SIZE)
def _stats(text: str, kind: str) -> BlockStats:
    m = analyse(text)
    vis = m.visible
    folded = fold(vis)
    runs = _WORD_RE.findall(vis)
    words = len(runs)
    visible_and_alt = vis + " " + " ".join(m.image_alts)
    # (without image alts, that is the visible text and a space: its fold is the visible text's and a space)
    folded_and_alt = fold(visible_and_alt) if m.image_alts else None if folded is None else folded + " "
    bold_only = bool(_BOLD_ONLY_RE.match(text)) and "\n" not in text.strip()
    sponsor = _SPONSOR.count(visible_and_alt, folded_and_alt)
    social_names = (*m.image_alts, *_LINK_WORDS_RE.findall(text))
    listed = _LISTED.found(vis, folded)
    return BlockStats(
        markup=m,
        words=words,
        alnum_chars=sum(map(len, runs)),
        sponsor=sponsor,
        # Where _STRONG_SPONSOR or _MARKER matches, _SPONSOR does too (its alternatives hold theirs;
        # "(sponsored content)" holds the word "sponsored"): without a sponsor word, neither is looked for.
        strong_sponsor=sponsor > 0 and _STRONG_SPONSOR.found(visible_and_alt, folded_and_alt),
        cta=_CTA.count(vis, folded) if listed else 0,
        self_promo=_SELF_PROMO.count(vis, folded) if listed else 0,
        footer=_FOOTER.count(vis, folded) if listed else 0,
        # every alternative of _ADDRESS has a digit (\d), and fold() leaves digits as they are
        address=_ADDRESS.count(vis, folded) if _DIGIT_RE.search(vis) else 0,
        games=_GAMES.count(vis, folded) if listed else 0,
        chrome=_CHROME.count(vis, folded) if listed else 0,
        social=(sum(1 for u in m.links if host_of(u) in _SOCIAL_HOSTS) if m.links else 0)
        + (sum(1 for t in social_names if _SOCIAL_NAME_RE.fullmatch(t)) if social_names else 0),
        title_like=kind == "heading" or (bold_only and len(vis) <= 120),
        headline=bool(_HEADLINE_RE.match(text)),
        alnum=bool(_NO_ALNUM_RE.search(text)),
        marker=bool((sponsor > 0 and _MARKER.found(visible_and_alt, folded_and_alt)) or BANNER_RE.match(vis)),
        prose=words >= 25 and len(m.link_text) < 0.5 * max(1, len(vis)),
        you=_YOU.count(vis, folded),
        we=_WE.count(vis, folded),
        imperative=bool(_IMPERATIVE_RE.match(vis)),
        shape=_SHAPE_RE.sub("", text)[:200],
        choices=len(_CHOICE_LINE_RE.findall(text)),
    )


@lru_cache(maxsize=STATS_CACHE_SIZE)
def _local_row(text: str, kind: str, level: int) -> array[float]:
    """Columns that look at the block alone, given by what they depend on (memoised like the stats).

    A row of doubles, not a tuple of floats: a quarter of the memory in the cache, and NumPy
    stacks a document's rows from their buffers five times faster.
    """
    s = _stats(text, kind)
    m = s.markup
    n_chars = len(text)
    vis = m.visible
    n_vis = len(vis)
    digits = len(_DIGIT_RE.findall(vis))
    letters = s.alnum_chars - digits  # digits (\d) are alphanumeric: the rest are letters ([^\W\d_])
    upper = len(_UPPER_RE.findall(vis))
    n_links = len(m.links)
    hosts, redirect, adserver, empty_alt, data_img, mailto = set(), 0, 0, 0, 0, 0
    if m.links or m.images:  # (most blocks have neither)
        hosts = {host_of(u) for u in m.links} | {host_of(u) for u in m.images}
        hosts.discard("")
        redirect = sum(1 for u in m.links if is_redirect_url(u))
        adserver = count_adserver_urls(m.links + m.images)
        empty_alt = sum(1 for a in m.image_alts if not a.strip())
        data_img = sum(1 for u in m.images if u.startswith("data:"))
        mailto = sum(1 for u in m.links if u.startswith("mailto:"))
    furniture = min(len(m.images), m.icon_images + m.icon_named_images + data_img + m.tracking_images + m.share_links)
    return array("d", (

        math.log1p(n_chars),
        math.log1p(n_vis),
        math.log1p(s.words),
        float(text.count("\n") + 1),
        *[1.0 if kind == k else 0.0 for k in BLOCK_KINDS],
        float(level),
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
        float(s.marker),
        float(s.prose),
        s.you / max(1, s.words),
        s.we / max(1, s.words),
        float(s.imperative),
        float(min(s.choices, 6)),
        float(m.icon_named_images),
        float(m.share_links),
        float(furniture),
        float(bool(m.images) and furniture >= len(m.images) and s.words <= 3),
        float(s.self_promo + s.footer + s.chrome + s.cta + s.sponsor),
        float(s.cta > 0 and s.words <= CALL_MAX_WORDS),
        float(s.strong_sponsor and s.title_like),
    ))


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
    "marker", "prose", "you_share", "we_share", "imperative", "choices",
    "icon_named_images", "share_links", "furniture_images", "furniture_only", "boilerplate_words",
    "short_call", "sponsor_title",
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
    "depth", "dist_title", "dist_sponsor_before", "dist_sponsor_after",
    "sponsor_title_in_section", "dist_footer_before", "after_first_footer", "dist_strong_sponsor_before",
    "blocks_in_section", "section_index",
    "dist_prose_before", "dist_prose_after", "section_prose_share", "section_word_share",
    "log_words_vs_median", "shape_repeats", "dist_marker_before", "words_after_share", "words_before_share",
    "template_repeats", "template_pair_repeats", "template_triple_repeats", "template_period",
    "alt_in_footer", "link_host_share", "image_host_share",
    *[f"title_{c}" for c in _SECTION_COLS],
    *[f"prev_{c}" for c in _NEIGHBOUR_COLS],
    *[f"next_{c}" for c in _NEIGHBOUR_COLS],
    *[f"prev2_{c}" for c in _NEIGHBOUR_COLS],
    *[f"next2_{c}" for c in _NEIGHBOUR_COLS],
]

FEATURE_NAMES: tuple[str, ...] = tuple(_LOCAL_NAMES + _CONTEXT_NAMES)


def _cap(d: int) -> float:
    return float(min(d, MAX_DIST))


def _last_before(flags: np.ndarray) -> np.ndarray:
    """For each position, the index of the last flagged position strictly before it, or -1."""
    idx = np.where(flags, np.arange(len(flags)), -1)
    return np.concatenate([[-1], np.maximum.accumulate(idx)[:-1]]) if len(flags) else idx


def _first_after(flags: np.ndarray) -> np.ndarray:
    """For each position, the index of the first flagged position strictly after it, or -1."""
    n = len(flags)
    idx = np.where(flags, np.arange(n), n)
    nxt = np.concatenate([np.minimum.accumulate(idx[::-1])[::-1][1:], [n]]) if n else idx
    return np.where(nxt == n, -1, nxt)


def _dist(i: np.ndarray, other: np.ndarray, *, after: bool = False) -> np.ndarray:
    """Capped distance from ``i`` to ``other`` (MAX_DIST where there is none)."""
    d = other - i if after else i - other
    return np.where(other >= 0, np.minimum(d, MAX_DIST), MAX_DIST).astype(np.float64)


_WORD_BUCKETS = (0, 1, 4, 13, 41)


def _median(values: list[int]) -> float:
    """``float(np.median(values))`` of whole numbers: the middle one, or the two middle ones' mean (exact)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return float(ordered[half]) if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _template(block: Block, s: BlockStats) -> tuple[object, ...]:
    """A block's place in a repeated item template: its shape without its words.

    Stories of one issue repeat a template with other text (image, credit, headline link, byline,
    dek, "Read more"); furniture repeats too, but in other shapes. Two blocks of the same
    template slot share this signature.
    """
    m = s.markup
    words = bisect_right(_WORD_BUCKETS, s.words)  # how many of the bucket bounds it reaches
    return (block.kind, block.level, bool(m.images), bool(m.links), s.headline, s.title_like, words,
            len(m.link_text) >= 0.9 * len(m.visible) if m.links else False)


def _template_columns(blocks: Sequence[Block], stats: Sequence[BlockStats]) -> np.ndarray:
    """How often a block's template slot, and its pairs and triples with its neighbours, repeat in the document."""
    ids: dict[tuple[object, ...], int] = {}
    code = [ids.setdefault(_template(b, s), len(ids)) for b, s in zip(blocks, stats, strict=True)]
    pairs = list(zip([-1, *code[:-1]], code, strict=True))
    triples = [(*pair, after) for pair, after in zip(pairs, [*code[1:], -1], strict=True)]
    ones, pair_counts, triple_counts = Counter(code), Counter(pairs), Counter(triples)
    # distance to the previous block of the same slot: the period of a repeated item
    last: dict[int, int] = {}
    rows = []
    for i, (c, pair, triple) in enumerate(zip(code, pairs, triples, strict=True)):
        period = min(i - last[c], MAX_DIST) if c in last else MAX_DIST
        last[c] = i
        rows.append((min(ones[c] - 1, MAX_DIST), min(pair_counts[pair] - 1, MAX_DIST),
                     min(triple_counts[triple] - 1, MAX_DIST), period))
    return np.array(rows, dtype=np.float64).reshape(len(code), 4)


ALT_NAME_MIN_CHARS = 3
FOOTER_BLOCKS_MAX = 200


def alt_in_footer(stats: Sequence[BlockStats]) -> np.ndarray:
    """1 for a block that is only pictures whose alt text is said again in the issue's footer.

    A wordmark's alt text is the publication's name, and the footer names the publication too
    ("© 2026 The Daybreak Ledger", "You received The Calder Current because…"); a story's picture
    describes the story. LABELLING.md: a block that is only the publication's logo is chrome.
    """
    out = np.zeros(len(stats))
    # The last FOOTER_BLOCKS_MAX footer blocks (an issue has a handful), their texts joined once: a
    # name (one line: alt texts hold no line break) is looked for in one string, so the cost is linear
    # in the number of pictures whatever the footer's length.
    footers = [(k, s.markup.visible.lower()) for k, s in enumerate(stats) if s.footer or s.address]
    footers = footers[-FOOTER_BLOCKS_MAX:]
    if not footers:
        return out
    joined = "\n".join(text for _, text in footers)
    own = {k for k, _ in footers}
    for k, s in enumerate(stats):
        m = s.markup
        if not m.images or s.words > 8:
            continue
        alt = " ".join(a.strip() for a in m.image_alts if a.strip())
        if len(alt) < ALT_NAME_MIN_CHARS or " ".join(m.visible.split()) != " ".join(alt.split()):
            continue  # text besides the pictures' alt texts, or no name
        name = alt.lower()
        if (name in joined) if k not in own else any(j != k and name in text for j, text in footers):
            out[k] = 1.0
    return out


def _host_share(hosts_of: Sequence[frozenset[str]]) -> np.ndarray:
    """For each block, how many of the other blocks with URLs share one of its hosts (the most shared one).

    A share of the blocks that have any: a store's own catalogue pictures and its story links go to the
    store's host, block after block; a third party's slot links to a host named once. -1 for a block
    without any (a click tracker in front of every link makes the share 1 for all: no signal, no harm).
    """
    out = np.full(len(hosts_of), -1.0)
    counts = Counter(h for hosts in hosts_of for h in hosts)
    others = max(1, sum(1 for hosts in hosts_of if hosts) - 1)  # a lone block with URLs shares with nobody: 0
    for k, hosts in enumerate(hosts_of):
        if hosts:
            out[k] = (max(counts[h] for h in hosts) - 1) / others
    return out


def _hosts(urls: Sequence[str]) -> frozenset[str]:
    return frozenset(h for h in map(host_of, urls) if h) if urls else frozenset()


def document_features(blocks: Sequence[Block], stats: Sequence[BlockStats]) -> np.ndarray:
    """The stage-one hand feature matrix of one document (one row per block)."""
    n = len(blocks)
    width = len(FEATURE_NAMES)
    if n == 0:
        return np.zeros((0, width), dtype=np.float64)
    local = np.array([_local_row(b.text, b.kind, b.level) for b in blocks], dtype=np.float64)
    i = np.arange(n)
    flag = {
        "title": np.array([s.title_like or b.kind == "rule" for b, s in zip(blocks, stats, strict=True)]),
        "sponsor": np.array([s.sponsor > 0 for s in stats]),
        "strong": np.array([s.strong_sponsor for s in stats]),
        "footer": np.array([bool(s.footer or s.address) for s in stats]),
        "prose": np.array([s.prose for s in stats]),
        "marker": np.array([s.marker for s in stats]),
    }
    title_of = _last_before(flag["title"])  # the section: nearest title-like block or rule before
    sec = title_of + 1  # -1 (no title yet) becomes bucket 0
    sec_count = np.bincount(sec, minlength=n + 1)
    words = np.array([s.words for s in stats], dtype=np.float64)
    total_words = float(words.sum()) or 1.0
    median_words = _median([s.words for s in stats]) + 1.0
    words_before = np.concatenate([[0.0], np.cumsum(words)[:-1]])
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    chars_before = np.concatenate([[0.0], np.cumsum(chars)[:-1]])
    total_chars = float(chars.sum()) or 1.0
    shapes: dict[str, int] = {}
    for s in stats:
        shapes[s.shape] = shapes.get(s.shape, 0) + 1
    first_footer = next((k for k, s in enumerate(stats) if s.footer and "unsubscribe" in s.markup.visible.lower()), n)
    has_title = title_of >= 0
    title_sponsor = np.array([t >= 0 and stats[t].sponsor > 0 for t in title_of], dtype=np.float64)

    ctx = np.column_stack([
        i / n,
        (n - 1 - i) / n,
        np.minimum(i, MAX_DIST),
        np.minimum(n - 1 - i, MAX_DIST),
        chars_before / total_chars,
        [float(len(b.headings)) for b in blocks],
        _dist(i, title_of),
        _dist(i, _last_before(flag["sponsor"])),
        _dist(i, _first_after(flag["sponsor"]), after=True),
        title_sponsor,
        _dist(i, _last_before(flag["footer"])),
        (i >= first_footer).astype(np.float64),
        _dist(i, _last_before(flag["strong"])),
        sec_count[sec],
        np.where(has_title, i - title_of - 1, i),
        _dist(i, _last_before(flag["prose"])),
        _dist(i, _first_after(flag["prose"]), after=True),
        np.bincount(sec, weights=flag["prose"].astype(np.float64), minlength=n + 1)[sec] / sec_count[sec],
        np.bincount(sec, weights=words, minlength=n + 1)[sec] / total_words,
        [math.log((s.words + 1.0) / median_words) for s in stats],
        [float(min(shapes[s.shape] - 1, 20)) for s in stats],
        _dist(i, _last_before(flag["marker"])),
        (total_words - words_before - words) / total_words,
        words_before / total_words,
    ]).astype(np.float64)
    ctx = np.hstack([ctx, _template_columns(blocks, stats), alt_in_footer(stats)[:, None],
                     _host_share([_hosts(s.markup.links) for s in stats])[:, None],
                     _host_share([_hosts(s.markup.images) for s in stats])[:, None]])
    title_cols = np.where(has_title[:, None], local[np.maximum(title_of, 0)][:, _SECTION_IDX], 0.0)
    padded = np.vstack([np.full((2, local.shape[1]), -1.0), local, np.full((2, local.shape[1]), -1.0)])
    neighbours = [padded[i + 2 + off][:, _NEIGHBOUR_IDX] for off in (-1, 1, -2, 2)]
    return np.hstack([local, ctx, title_cols, *neighbours])
