"""Markdown → blocks: the unit newsclean keeps or drops whole.

A *unit* is a maximal run of lines that are not blank by ``str.strip()`` (a line of only
no-break spaces counts as blank). That is how ``labels.json`` in a pair folder numbers
blocks. markdown-it-py (CommonMark + tables) then says what each unit is, and units that one
markdown construct spans (a fenced code block with blank lines inside, a paragraph continued
across a no-break-space line) are merged into one block, so a block is never cut in the middle
of a construct. Each block keeps its exact source lines: a kept block is rendered from them,
never re-rendered from tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# CommonMark with tables (the html-to-markdown converter emits pipe tables); raw HTML allowed.
# Only block structure is read, so the inline pass (the costly part of a parse) is switched off.
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")

# Cleaning parses the same text more than once (segmenting, rendering, the verifying pass).
PARSE_CACHE_SIZE = 8

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


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def block_tokens(source: str) -> tuple[Token, ...]:
    """markdown-it's block tokens of a normalised source (memoised; callers must not modify them)."""
    return tuple(_MD.parse(source))


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
    units = split_units(lines)
    if not units:
        return []
    unit_of_line = [-1] * len(lines)
    for u, (a, b) in enumerate(units):
        unit_of_line[a:b] = [u] * (b - a)

    tokens = block_tokens(source)
    # kind of the top-level construct each line belongs to, and heading level per line
    kind_of_line = ["other"] * len(lines)
    level_of_line = [0] * len(lines)
    # union-find-lite: merge_to[u] = first unit of the group u belongs to
    merge_to = list(range(len(units)))
    n_lines = len(lines)
    for tok in tokens:
        if tok.map is None or tok.nesting < 0:
            continue
        a, b = tok.map
        end = min(b, n_lines)
        if tok.level == 0:
            kind_of_line[a:end] = [_KIND_OF_TOKEN.get(tok.type, "other")] * (end - a)
            if tok.type == "heading_open":
                level_of_line[a] = int(tok.tag[1:])
        if tok.type in _ATOMIC_TYPES:
            covered = [u for u in unit_of_line[a:end] if u >= 0]
            if covered and covered[0] != covered[-1]:
                first = merge_to[covered[0]]
                for u in range(covered[0], covered[-1] + 1):
                    merge_to[u] = first

    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # enclosing headings: (level, text)
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
        blocks.append(
            Block(
                index=index,
                kind=kind,
                text="\n".join(lines[start:end]),
                start=start,
                end=end,
                units=tuple(range(u, group_end + 1)),
                level=level,
                headings=tuple(text for _, text in stack),
                heading_levels=tuple(lvl for lvl, _ in stack),
                section_start=section_start,
                rule_before=rule_before,
            )
        )
        if kind == "heading":
            stack.append((level, _heading_text(lines[start])))
            section_start = index
        elif kind == "rule":
            section_start = index
            rule_before = index
        u = group_end + 1
    return blocks
