"""Markdown → blocks: the unit newsclean keeps or drops whole.

A *unit* is a maximal run of lines that are not blank by ``str.strip()`` (a line of only
no-break spaces counts as blank). That is how ``labels.json`` in a pair folder numbers
blocks. markdown-it-py (CommonMark + tables) then says what each unit is, and units that one
markdown construct spans (a fenced code block with blank lines inside, a paragraph continued
across a no-break-space line) are merged into one block, so a block is never cut in the middle
of a construct. Each block keeps its exact source lines: a kept block is rendered from them,
never re-rendered from tokens.

The document is parsed once. What the parse says about each block's lines (``Span``s) is
recorded by the block's text (``text_structure``), so that the fixes and the rendering
(``features/fixes.py``) need not parse a block again.
"""

from __future__ import annotations

import contextlib
import re
import threading
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .memo import OnceMemo

# CommonMark with tables (the html-to-markdown converter emits pipe tables); raw HTML allowed.
# Only block structure is read, so the inline pass (the costly part of a parse) is switched off.
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")

# Cleaning parses a document once (its confirming pass decides blocks built in memory), so only the
# last token stream is kept: a training run or a test that parses the same text twice in a row still
# parses it once, and memory holds one document's tokens, not eight.
PARSE_CACHE_SIZE = 1

# Texts whose block structure is known without parsing them (see ``text_structure``). Bounded:
# a document is cleaned right after it is segmented, so recent texts are the ones asked for.
STRUCTURE_CACHE_SIZE = 16384

# Runs of blocks recorded after a block that reads as it does alone: an item and its paragraphs.
_RUN_BLOCKS = 8

# markdown-it normalises these before parsing; we do the same so line numbers agree.
_NEWLINES_RE = re.compile(r"\r\n?")

# Token types that must never be split between blocks.
_ATOMIC_TYPES = frozenset(
    {"fence", "code_block", "html_block", "paragraph_open", "heading_open", "table_open"}
)

_KIND_OF_TOKEN = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "blockquote",
    "fence": "code",
    "code_block": "code",
    "table_open": "table",
    "hr": "rule",
    "html_block": "html",
}

BLOCK_KINDS = ("heading", "paragraph", "list", "blockquote", "code", "table", "rule", "html", "other")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a newsletter, with where it stands and what encloses it.

    ``start``/``end`` are 0-based line numbers (end exclusive) in the normalised source;
    ``text`` is exactly those lines joined by ``\\n``. ``units`` are the blank-line units
    (``labels.json`` numbering) the block covers. ``headings`` are the texts of the enclosing
    headings, outermost first, with their levels in ``heading_levels``; ``section_start`` is
    the index of the block that opened the current section (the nearest heading or rule before
    this block, or -1) and ``rule_before`` the index of the nearest rule before it (or -1).
    """

    index: int
    kind: str
    text: str
    start: int
    end: int
    units: tuple[int, ...]
    level: int = 0
    headings: tuple[str, ...] = ()
    heading_levels: tuple[int, ...] = ()
    section_start: int = -1
    rule_before: int = -1


class Span(NamedTuple):
    """What a block parse says about some lines: one markdown-it token with a line map (no closing
    tokens), its map as ``start``/``end`` (0-based, end exclusive) relative to the text parsed."""

    type: str
    start: int
    end: int
    level: int
    tag: str
    markup: str


# Parses of a text alone that the cleaning could not avoid, by reason (see ``text_structure``).
FALLBACK_PARSES: Counter[str] = Counter()

_STRUCTURES: OrderedDict[str, tuple[Span, ...]] = OrderedDict()
_STRUCTURES_LOCK = threading.Lock()  # cleaning may run in threads (dask)


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def block_tokens(source: str) -> tuple[Token, ...]:
    """markdown-it's block tokens of a normalised source (memoised; callers must not modify them)."""
    return tuple(_MD.parse(source))


def spans_of(tokens: Iterable[Token]) -> tuple[Span, ...]:
    """The tokens that have a line map and are not closing tokens, in document order, as spans."""
    return tuple(
        Span(tok.type, tok.map[0], tok.map[1], tok.level, tok.tag, tok.markup)
        for tok in tokens
        if tok.map is not None and tok.nesting >= 0
    )


def remember_structure(text: str, spans: tuple[Span, ...]) -> None:
    """Record ``spans`` as the block structure of ``text`` parsed alone (``text_structure``)."""
    with _STRUCTURES_LOCK:
        _STRUCTURES[text] = spans
        _STRUCTURES.move_to_end(text)
        if len(_STRUCTURES) > STRUCTURE_CACHE_SIZE:
            _STRUCTURES.popitem(last=False)


def text_structure(text: str, reason: str) -> tuple[Span, ...]:
    """The block structure of a normalised ``text`` parsed on its own, parsing it only if unknown.

    ``parse_blocks`` records the structure of every block that opens a top-level construct (its
    first line starts a top-level token: from there on markdown-it reads the block as it would
    read it alone, containers that go on past the block's end aside, which are cut at its end);
    an item of a list opened in an earlier block reads as the first item of a list of its own;
    the fixes record what they derive; a text that is plainly one paragraph or one tight bullet
    list is known from its lines (``_one_paragraph``, ``_plain_list``). Anything else is parsed
    here, counted in ``FALLBACK_PARSES[reason]`` (``fixes`` lists the reasons and how often
    each fires on the corpus): a block that continues a construct of the blocks before it in a
    way its lines alone do not show (an item's indented quote or code, lines with no token of
    their own such as reference definitions), or a text the fixes changed in a way that may
    change its structure.
    """
    with _STRUCTURES_LOCK:
        known = _STRUCTURES.get(text)
        if known is not None:
            _STRUCTURES.move_to_end(text)
            return known
    spans = _one_paragraph(text) or _plain_list(text)
    if spans is None:
        FALLBACK_PARSES[reason] += 1
        spans = spans_of(_MD.parse(text))
    remember_structure(text, spans)
    return spans


def opens_plain_text(line: str, i: int) -> bool:
    """Whether the text of ``line`` from ``i`` (after its head) can start no block construct.

    A letter, a non-ASCII character or punctuation that starts no block settles it; so do hashes
    followed by other than a space (no ATX heading); ``-+*_=`` followed by other than a space,
    with a character other than those later on the line (no list item, rule, setext underline);
    digits followed by other than ``.`` or ``)`` (no ordered list item); one or two backticks or
    tildes followed by something else (no fence). ``<`` (raw HTML), ``>`` and ``|`` (tables)
    never settle it.
    """
    if i >= len(line):
        return False
    char = line[i]
    j = i
    while j < len(line) and line[j] == char:
        j += 1
    if char == "#":
        return j < len(line) and line[j] not in " \t"
    if char in "-+*_=":
        return line[i + 1 : i + 2] not in ("", " ", "\t") and any(c not in "-+*_= \t" for c in line[i:])
    if char in "`~":
        return j - i < 3 and j < len(line)
    if char.isdigit():
        while j < len(line) and line[j].isdigit():
            j += 1
        return j < len(line) and line[j] not in ".)"
    return char not in "<>| \t"


def _one_paragraph(text: str) -> tuple[Span, ...] | None:
    """The structure of a text that is plainly one paragraph, else None.

    Its first line is indented by at most three spaces and every line opens as plain text
    (``opens_plain_text``): none can start, interrupt or underline anything, so the lines are a
    paragraph and its continuation lines. No pipe (a table) and no ``]:`` (a reference
    definition) may be in it.
    """
    if "|" in text or "]:" in text:
        return None
    lines = text.split("\n")
    indent = len(lines[0]) - len(lines[0].lstrip(" \t"))
    if indent > 3 or "\t" in lines[0][:indent]:
        return None
    for line in lines:
        if not opens_plain_text(line, len(line) - len(line.lstrip(" \t"))):
            return None
    return (Span("paragraph_open", 0, len(lines), 0, "p", ""), Span("inline", 0, len(lines), 1, "", ""))


_PLAIN_ITEM_RE = re.compile(r"( {0,3})([-+*]) (?=[^ \t])")


def _plain_list(text: str) -> tuple[Span, ...] | None:
    """The structure of a text that is plainly a tight bullet list, one item a line, else None.

    Every line is an item with the same indentation (at most three spaces) and bullet, one space
    after it, then a text that opens as plain text (``opens_plain_text``): each line is a new
    item of one list, with a paragraph of one line. No pipe and no ``]:`` may be in it.
    """
    if "|" in text or "]:" in text:
        return None
    lines = text.split("\n")
    first = _PLAIN_ITEM_RE.match(lines[0])
    if first is None:
        return None
    spans = [Span("bullet_list_open", 0, len(lines), 0, "ul", first.group(2))]
    for i, line in enumerate(lines):
        item = _PLAIN_ITEM_RE.match(line)
        if item is None or item.group() != first.group() or not opens_plain_text(line, item.end()):
            return None
        spans += [Span("list_item_open", i, i + 1, 1, "li", item.group(2)),
                  Span("paragraph_open", i, i + 1, 2, "p", ""), Span("inline", i, i + 1, 3, "", "")]
    return tuple(spans)


def clear_structures() -> None:
    """Forget the recorded block structures (frees memory in a long run)."""
    with _STRUCTURES_LOCK:
        _STRUCTURES.clear()


def normalise_newlines(markdown: str) -> str:
    """CRLF and lone CR become LF, NUL becomes U+FFFD (as markdown-it does before parsing)."""
    return _NEWLINES_RE.sub("\n", markdown).replace("\0", "\ufffd")


def split_units(lines: list[str]) -> list[tuple[int, int]]:
    """Line spans of the maximal runs of lines that are not blank by ``str.strip()``."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, line in enumerate(lines):
        if line.strip():
            if start < 0:
                start = i
        elif start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(lines)))
    return spans


def _heading_text(line_text: str) -> str:
    """The text of an ATX or setext heading's first line, without the hashes."""
    return line_text.strip().lstrip("#").strip().rstrip("#").strip()


# The block structures of whole documents parsed earlier in a run (``remembered_parses``): a folder's
# history pass parses every file before it is cleaned; the cleaning builds the same blocks from the
# kept structure instead of parsing the file again. A few dozen kB a document.
PARSE_MEMO_SIZE = 1024
PARSES: OnceMemo[tuple[Span, ...]] = OnceMemo()


def remembered_parses(size: int = PARSE_MEMO_SIZE) -> contextlib.AbstractContextManager[None]:
    """Within the block, ``parse_blocks`` keeps the structure of up to ``size`` documents it parses and
    builds a kept document again without parsing it (once: the structure is then forgotten)."""
    return PARSES.on(size)


def parse_blocks(markdown: str) -> list[Block]:
    """Cut a newsletter into blocks.

    Args:
        markdown: the newsletter; any line ends.

    Returns:
        The blocks in document order, each with its kind, exact source text, line span and
        section context.
    """
    source = normalise_newlines(markdown)
    lines = source.split("\n")
    if not split_units(lines):
        return []
    return blocks_from_spans(lines, PARSES.get(source, lambda: spans_of(block_tokens(source))))


def blocks_from_spans(lines: list[str], spans: Sequence[Span]) -> list[Block]:
    """The blocks of a normalised source, given as its lines, from its block structure.

    ``parse_blocks`` without the parse: ``spans`` must be what ``spans_of`` gives for the
    source's tokens. The structure of every block that opens a top-level construct is recorded
    for ``text_structure``.
    """
    units = split_units(lines)
    if not units:
        return []
    unit_of_line = [-1] * len(lines)
    for u, (a, b) in enumerate(units):
        unit_of_line[a:b] = [u] * (b - a)

    # kind of the top-level construct each line belongs to, and heading level per line
    kind_of_line = ["other"] * len(lines)
    level_of_line = [0] * len(lines)
    top_start = [False] * len(lines)  # a top-level construct starts on the line
    item_of: dict[int, Span] = {}  # line -> the top-level list of which an item starts there
    top: Span | None = None
    # union-find-lite: merge_to[u] = first unit of the group u belongs to
    merge_to = list(range(len(units)))
    n_lines = len(lines)
    for span in spans:
        a, b = span.start, span.end
        end = min(b, n_lines)
        if span.level == 0:
            top = span
            kind_of_line[a:end] = [_KIND_OF_TOKEN.get(span.type, "other")] * (end - a)
            if a < n_lines:
                top_start[a] = True
            if span.type == "heading_open":
                level_of_line[a] = int(span.tag[1:])
        elif span.level == 1 and span.type == "list_item_open" and top is not None:
            item_of[a] = top
        if span.type in _ATOMIC_TYPES:
            covered = [u for u in unit_of_line[a:end] if u >= 0]
            if covered and covered[0] != covered[-1]:
                first = merge_to[covered[0]]
                for u in range(covered[0], covered[-1] + 1):
                    merge_to[u] = first

    starts = [span.start for span in spans]
    anchor, anchor_index = -1, -1  # first line and index of the last block that reads as alone
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # enclosing headings: (level, text)
    headings: tuple[str, ...] = ()  # the stack's texts and levels, as tuples (they change at headings only)
    heading_levels: tuple[int, ...] = ()
    section_start = -1
    rule_before = -1
    u = 0
    while u < len(units):
        group_end = u
        while group_end + 1 < len(units) and merge_to[group_end + 1] == merge_to[u]:
            group_end += 1
        start, end = units[u][0], units[group_end][1]
        kind = kind_of_line[start]
        level = level_of_line[start] if kind == "heading" else 0
        index = len(blocks)
        if kind == "heading":
            while stack and stack[-1][0] >= level:
                stack.pop()
            headings, heading_levels = tuple(text for _, text in stack), tuple(lvl for lvl, _ in stack)
        block_text = "\n".join(lines[start:end])
        blocks.append(
            Block(
                index=index,
                kind=kind,
                text=block_text,
                start=start,
                end=end,
                units=tuple(range(u, group_end + 1)),
                level=level,
                headings=headings,
                heading_levels=heading_levels,
                section_start=section_start,
                rule_before=rule_before,
            )
        )
        if top_start[start] or start in item_of:
            anchor, anchor_index = start, index
        if anchor >= 0 and index - anchor_index <= _RUN_BLOCKS:
            # From the anchor's first line on, the lines read as they do alone (an item of a
            # list opened before it as the first item of a list of its own): record the block
            # when it is the anchor, else the run of blocks from the anchor (which rendering
            # meets when it joins an item's indented paragraphs to it, ``fixes.render_blocks``).
            run_text = block_text if anchor == start else "\n".join(lines[anchor:end])
            if run_text not in _STRUCTURES:  # (a text's structure is one: no need to record it twice)
                first, last = bisect_left(starts, anchor), bisect_left(starts, end)
                opener = item_of.get(anchor) if not top_start[anchor] else None
                opened = () if opener is None else (opener._replace(start=0, end=min(opener.end, end) - anchor),)
                remember_structure(run_text, opened + tuple(
                    Span(span.type, span.start - anchor, min(span.end, end) - anchor, span.level, span.tag, span.markup)
                    for span in spans[first:last]
                ))
        if kind == "heading":
            stack.append((level, _heading_text(lines[start])))
            headings, heading_levels = tuple(text for _, text in stack), tuple(lvl for lvl, _ in stack)
            section_start = index
        elif kind == "rule":
            section_start = index
            rule_before = index
        u = group_end + 1
    return blocks
