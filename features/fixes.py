"""Deterministic fixes on kept blocks, and the Markdown they render to.

``fix_block`` cleans one kept block's exact source text: HTML tags and comments go (their text
stays), entities become characters, ``$`` is escaped, invisible padding characters go. Code
(code blocks, code spans) and addresses (link destinations, autolinks, bare URLs, reference
definitions) are left alone. ``render`` joins the fixed blocks into the final Markdown:
headings renumbered from ``#`` with no level skipped, dangling rules removed, exactly one blank
line between blocks.

Idempotence is the contract: ``render(parse_blocks(out)) == out`` for every output ``out``.
Removing markup can change what the rest of the text means to a Markdown parser (a removed
comment turns the indented line below it from code into paragraph text; a dropped block puts an
indented code block right after a list, where it becomes list content), so both functions
apply their one-pass fixes until the result is stable: in practice one pass, two when a fix
changed something. Every pass is linear in the input (no regex can backtrack beyond a bounded
window: possessive quantifiers, bounded repetitions).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt

from .segment import Block, block_tokens, normalise_newlines, parse_blocks

# Block structure only (markdown-it's inline rule off): the same CommonMark + tables + raw HTML
# configuration as segment.py, so block tokens and line maps agree with parse_blocks.
_BLOCK_MD = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")

# Passes before giving up on reaching a fixed point. Each pass that changes a text removes
# markup or escapes a character; realistic input is stable after the second pass. Only text
# built to nest markup inside markup (``<<<b>b>b>``) needs more.
_MAX_PASSES = 8

# fix_block is pure: the verifying second cleaning pass sees the blocks the first pass fixed.
FIX_CACHE_SIZE = 4096

# Invisible characters used as padding in email templates (U+2800 is the braille blank).
_PADDING = "\u034f\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2800"
_ZWJ = "\u200d"
# Text without "<" (tags, comments), "&" (entities), "$" or a padding character is left as it is.
_NOTHING_TO_FIX_RE = re.compile(f"[^<&$\\{_PADDING}]*\\Z")
# All but the zero-width joiner, which stays inside an emoji sequence (🧑‍💻 is one glyph; without
# the joiner it falls apart into 🧑💻).
_DROP_PADDING = dict.fromkeys(ord(c) for c in _PADDING if c != _ZWJ)
_ZWJ_RE = re.compile(_ZWJ)
_EMOJI_CATEGORIES = frozenset({"So", "Sk"})  # symbols, and modifiers such as skin tones
_EMOJI_VARIATION = "\ufe0f"

# ---- inline markup -------------------------------------------------------------------------

# Where the markup scanner must look: a backslash run that may escape what follows, a backtick
# run, a "<" that may open raw HTML or an autolink, a "](" or a bare URL.
_MARKUP_START_RE = re.compile(
    r"(?=[\\`<\]hH])"  # a quick filter on the first character
    r"(?:(?<!\\)\\++(?=[`<\]])|`++|<(?=[A-Za-z/!?])|\](?=\()|[hH][tT][tT][pP][sS]?://)"
)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BACKTICKS_RE = re.compile(r"`+")
# A bare URL runs to whitespace or an unescaped "<" (a tag right after a URL is still a tag).
_URL_RE = re.compile(r"[hH][tT][tT][pP][sS]?://(?:\\<|[^\s<])*+")
# CommonMark autolinks: <scheme:...> and <local@domain>.
_AUTOLINK_RE = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*+"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]++@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*+)>"
)
# CommonMark raw HTML tags (attribute whitespace may include line ends).
_ATTRIBUTE = (
    r"(?:[ \t\n]++[A-Za-z_:][A-Za-z0-9_.:-]*+"
    r"""(?:[ \t\n]*+=[ \t\n]*+(?:[^ \t\n"'=<>`]++|'[^']*+'|"[^"]*+"))?+)"""
)
_OPEN_TAG_RE = re.compile(rf"<([A-Za-z][A-Za-z0-9-]*+){_ATTRIBUTE}*+[ \t\n]*+/?>")
_CLOSE_TAG_RE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*+)[ \t\n]*+>")
# Other raw HTML: (opening, terminator). A comment may be "<!-->" or "<!--->" (CommonMark 0.31),
# hence the search for "-->" from the opening's third character.
_HTML_SPANS = (("<!--", "-->", 2), ("<?", "?>", 2), ("<![CDATA[", "]]>", 9))
_DECLARATION_RE = re.compile(r"<![A-Za-z]")
# Tags that separate words when rendered: removing one between two words leaves a space.
_BREAKING_TAGS = frozenset(
    {
        *("br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "hr"),
        *("table", "thead", "tbody", "tfoot", "ul", "ol", "dl", "dt", "dd", "blockquote"),
        *("section", "article", "header", "footer", "center"),
    }
)
# Link and image tails "(dest "title")", pieces of.
_LINK_SPACE_RE = re.compile(r"[ \t]*+(?:\n[ \t]*+)?")
_POINTY_DEST_RE = re.compile(r"<(?:\\[^\n]|[^\n<>\\])*+>")
_RAW_DEST_CHUNK_RE = re.compile(r"(?:\\[!-/:-@\[-`{-~]|[^\x00-\x20()\\\x7f]|\\)*+")
_TITLE_RE = re.compile(r'"(?:\\.|[^"\\])*+"|\'(?:\\.|[^\'\\])*+\'|\((?:\\.|[^()\\])*+\)', re.DOTALL)
# Parentheses, escapes and what ends a destination (space, controls): to pair parentheses.
_PAREN_SCAN_RE = re.compile(r"\\[!-/:-@\[-`{-~]|[()\x00-\x20\x7f]")

# ---- text ----------------------------------------------------------------------------------

# An entity terminated by ";" (the lengths bound the names and numbers html.unescape knows).
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
# A "$" after an even, non-empty run of backslashes (the run captured), and after none.
_DOLLAR_AFTER_PAIRS_RE = re.compile(r"(?<!\\)((?:\\\\)++)\$")
_BARE_DOLLAR_RE = re.compile(r"(?<!\\)\$")
# What an "&" followed by this would be: an entity again (so "&amp;lt;" stays as it is).
_ENTITY_BODY_RE = re.compile(r"#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};")
# ASCII results of an entity that are decoded; any other ASCII character (Markdown syntax such
# as "<", "*", "`", "[", whitespace, controls, letters) keeps its entity, which is how Markdown
# writes it literally. "&" and "$" are handled apart.
_DECODED_ASCII = frozenset({'"', "'"})

# ---- headings ------------------------------------------------------------------------------

_ATX_HASHES_RE = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_CLOSING_HASHES_RE = re.compile(r"(?:^|(?<=[ \t]))#+$")


@lru_cache(maxsize=FIX_CACHE_SIZE)
def fix_block(text: str, kind: str) -> str:
    """Apply the per-block fixes to a kept block's exact source text.

    HTML tags and comments go (their text stays; a ``<br>`` or block-level tag between two
    non-space characters leaves a space); entities terminated by ``;`` become characters,
    except those that would become Markdown syntax (``&lt;``, ``&gt;``, ``&#42;``...) and an
    ``&amp;`` whose result would read as an entity again; ``$`` becomes ``\\$``; invisible
    padding characters go, and lines left blank by the fixes are removed. Code blocks, code
    spans, link and image destinations, autolinks, bare URLs and reference definitions are left
    as they are. Fixes are applied until the text is stable.

    Args:
        text: the block's source lines joined by ``\\n`` (``Block.text``).
        kind: ``Block.kind``. Code is found by parsing ``text`` itself, whatever the kind: the
            lines of a ``"code"`` block stay as they are, and so would the code inside a list;
            lines of the same unit after a code block (``# Title`` right under the fence) are
            fixed like any other text.

    Returns:
        The fixed text, without leading or trailing blank lines; ``""`` when nothing is left.
    """
    del kind  # the structure is read from the text (see Args)
    if _NOTHING_TO_FIX_RE.match(text) and text[:1] not in ("\n", "") and text.split("\n", 1)[0].strip() \
            and text.rsplit("\n", 1)[-1].strip():
        return text  # no character any fix acts on, no blank edge line: skip the parse
    for _ in range(_MAX_PASSES):
        fixed = _fix_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def render(blocks: Sequence[Block]) -> str:
    """Turn the kept blocks into the final Markdown.

    Each block is fixed (``fix_block``) and blocks left empty are dropped; the result is
    re-segmented and re-fixed until stable (a block's meaning can depend on its new
    neighbours). Then every top-level heading and thematic break becomes a block of its own
    (a blank line before and after it), heading levels are renumbered so that the top level is
    ``#`` and no level is skipped (ATX headings keep everything after their opening hashes,
    closing hashes included; a setext heading whose level changes is rewritten as ATX), and
    rules at the start, at the end or right after another rule are removed.

    Args:
        blocks: the kept blocks, in document order, as produced by ``parse_blocks``.

    Returns:
        The Markdown: blocks separated by exactly one blank line, ending with one ``\\n``;
        ``""`` when nothing is kept.
    """
    texts = [fixed for fixed in (fix_block(b.text, b.kind) for b in blocks) if fixed.strip()]
    for _ in range(_MAX_PASSES):
        segments = parse_blocks("\n\n".join(texts))
        # fix_block is idempotent: a segment that is one of its outputs needs no second look
        done = set(texts)
        refixed = [b.text if b.text in done else fix_block(b.text, b.kind) for b in segments]
        texts = [fixed for fixed in refixed if fixed.strip()]
        if all(fixed == b.text for fixed, b in zip(refixed, segments, strict=True)):
            break
    pieces = _drop_dangling_rules(_renumber_headings(_split_pieces(texts)))
    if not pieces:
        return ""
    return "\n\n".join("\n".join(lines) for _, lines in pieces) + "\n"


# ---- one pass over a block -----------------------------------------------------------------


def _fix_once(text: str) -> str:
    """One pass of the per-block fixes, with the block's structure read from ``text``."""
    lines = text.split("\n")
    code = [False] * len(lines)
    runs: dict[int, int] = {}  # first line -> end of a run of inline text or raw HTML
    for tok in _BLOCK_MD.parse(text):
        if tok.map is None:
            continue
        start, end = tok.map
        if tok.type in ("fence", "code_block"):
            code[start:end] = [True] * (end - start)
        elif tok.type in ("inline", "html_block"):
            runs.setdefault(start, end)  # table cells of one row share the row's line
    out: list[str] = []
    i = 0
    while i < len(lines):
        if code[i]:
            out.append(lines[i])
            i += 1
        elif i in runs:
            end = runs[i]
            out.extend(_fix_run(lines[i:end]))
            i = end
        else:  # reference definitions, setext underlines, table delimiter rows, rules
            line = _drop_padding(lines[i])
            if line.strip() or line == lines[i]:
                out.append(line)
            i += 1
    while out and not out[-1].strip():
        out.pop()
    first = 0
    while first < len(out) and not out[first].strip():
        first += 1
    return "\n".join(out[first:])


def _fix_run(lines: list[str]) -> list[str]:
    """Fix the lines of one paragraph, heading, table row or HTML block; drop those left blank."""
    fixed = _fix_inline("\n".join(_drop_padding(line) for line in lines)).split("\n")
    if len(fixed) != len(lines):  # a comment or tag spanning lines went: no line is untouched
        return [line for line in fixed if line.strip()]
    return [new for new, old in zip(fixed, lines, strict=True) if new.strip() or new == old]


def _drop_padding(line: str) -> str:
    """Remove padding characters; on a line that ended with one, the whitespace left at its end."""
    dropped = line.translate(_DROP_PADDING)
    if _ZWJ in dropped:
        dropped = _ZWJ_RE.sub(_joiner_or_nothing, dropped)
    if line and line[-1] in _PADDING:
        return dropped.rstrip()
    return dropped


def _joiner_or_nothing(match: re.Match[str]) -> str:
    """Keep a zero-width joiner between two parts of an emoji, drop it anywhere else."""
    text, i = match.string, match.start()
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    joins = (
        bool(before)
        and (before == _EMOJI_VARIATION or unicodedata.category(before) in _EMOJI_CATEGORIES)
        and bool(after)
        and unicodedata.category(after) == "So"
    )
    return _ZWJ if joins else ""


# ---- inline --------------------------------------------------------------------------------


def _fix_inline(src: str) -> str:
    """Remove raw HTML, then decode entities and escape ``$`` in what is text."""
    out: list[str] = []
    text: list[str] = []
    for verbatim, piece in _strip_html(src):
        if verbatim:
            out.append(_fix_text("".join(text)))
            text.clear()
            out.append(piece)
        else:
            text.append(piece)
    out.append(_fix_text("".join(text)))
    return "".join(out)


def _fix_text(text: str) -> str:
    """Decode entities and escape ``$`` in plain text (escaped characters stay as they are)."""
    if "&" in text:
        text = _decode_entities(text)
    if "$" in text:
        text = _escape_dollars(text)
    return text


def _decode_entities(text: str) -> str:
    """Replace the entities that are safe to decode by their characters."""
    out: list[str] = []
    start = 0
    amp = text.find("&")
    while amp >= 0:
        match = _ENTITY_RE.match(text, amp)
        if match is None or _escaped(text, amp):
            amp = text.find("&", amp + 1)
            continue
        out.append(text[start:amp])
        out.append(_decoded(match))
        start = match.end()
        amp = text.find("&", start)
    out.append(text[start:])
    return "".join(out)


def _decoded(match: re.Match[str]) -> str:
    """An entity's replacement: its characters, or the entity itself when unsafe to decode."""
    entity = match.group()
    decoded = html.unescape(entity)
    if decoded == "&":
        return entity if _ENTITY_BODY_RE.match(match.string, match.end()) else "&"
    if decoded == "$":
        return "$"  # escaped with the others
    if decoded and (decoded in _DECODED_ASCII or not any(c.isascii() for c in decoded)):
        return decoded  # a decoded padding character goes in the next pass
    return entity


def _escape_dollars(text: str) -> str:
    """Put a backslash before every ``$`` that has none (an odd run of backslashes)."""
    if "\\" not in text:
        return text.replace("$", "\\$")
    text = _DOLLAR_AFTER_PAIRS_RE.sub(r"\1\\$", text)  # rare: "\\$" and the like
    return _BARE_DOLLAR_RE.sub(r"\\$", text)


def _escaped(text: str, pos: int) -> bool:
    """Whether ``text[pos]`` follows an odd run of backslashes."""
    start = pos
    while start and text[start - 1] == "\\":
        start -= 1
    return (pos - start) % 2 == 1


def _strip_html(src: str) -> list[tuple[bool, str]]:
    """Split inline text into (verbatim, piece) pairs, with raw HTML removed.

    Verbatim pieces are code spans, autolinks, link destinations with their titles and bare
    URLs; the other pieces are text. A removed ``<br>`` or block-level tag between two
    non-space characters leaves a space; a tag removed at a line's end takes the spaces before
    it (they would otherwise become a hard line break).
    """
    out: list[tuple[bool, str]] = []
    pending_space = False
    last_char = ""
    closers = _CodeSpanClosers(src)
    parens = _ParenPairs(src)
    unterminated: dict[str, int] = {}  # terminator -> a position after which it never occurs

    def emit(verbatim: bool, piece: str) -> None:
        """Append a piece, after the space a removed tag left pending."""
        nonlocal pending_space, last_char
        if not piece:
            return
        if pending_space and last_char and not last_char.isspace() and not piece[0].isspace():
            out.append((False, " "))
        pending_space = False
        out.append((verbatim, piece))
        last_char = piece[-1]

    def remove(end: int, breaking: bool) -> None:
        """Account for raw HTML removed up to ``end``."""
        nonlocal pending_space, last_char
        if end >= len(src) or src[end] == "\n":
            while out and not out[-1][0]:
                trimmed = out[-1][1].rstrip(" \t")
                if trimmed:
                    out[-1] = (False, trimmed)
                    break
                out.pop()
            last_char = out[-1][1][-1] if out else ""
            pending_space = False
        elif breaking:
            pending_space = True

    def html_end(pos: int) -> tuple[int, bool]:
        """End of the raw HTML at ``pos`` (or -1), and whether it separates words."""
        if src[pos + 1] not in "!?":
            match = _OPEN_TAG_RE.match(src, pos) or _CLOSE_TAG_RE.match(src, pos)
            if match is None:
                return -1, False
            return match.end(), match.group(1).lower() in _BREAKING_TAGS
        for opening, terminator, skip in _HTML_SPANS:
            if src.startswith(opening, pos):
                if unterminated.get(terminator, len(src)) <= pos:
                    return -1, False
                found = src.find(terminator, pos + skip)
                if found < 0:
                    unterminated[terminator] = pos
                    return -1, False
                return found + len(terminator), False
        if _DECLARATION_RE.match(src, pos):
            found = -1 if unterminated.get(">", len(src)) <= pos else src.find(">", pos)
            if found < 0:
                unterminated[">"] = pos
                return -1, False
            return found + 1, False
        return -1, False

    pos = 0
    while (match := _MARKUP_START_RE.search(src, pos)) is not None:
        i = match.start()
        emit(False, src[pos:i])
        pos = match.end()
        char = src[i]
        if char == "\\":  # an odd run escapes the punctuation character after it
            if (pos - i) % 2 and src[pos : pos + 1] in _ASCII_PUNCTUATION:
                pos += 1
            emit(False, src[i:pos])
        elif char == "`":
            close = closers.find(pos - i, pos)
            if close >= 0:
                pos = close + (pos - i)
            emit(close >= 0, src[i:pos])
        elif char == "<":
            autolink = _AUTOLINK_RE.match(src, i)
            if autolink is not None:
                pos = autolink.end()
                emit(True, src[i:pos])
                continue
            end, breaking = html_end(i)
            if end < 0:
                emit(False, "<")
            else:
                remove(end, breaking)
                pos = end
        elif char == "]":
            end = _link_tail_end(src, pos, parens)
            emit(False, "]")
            if end > 0:
                emit(True, src[pos:end])
                pos = end
        else:
            pos = _match_end(_URL_RE, src, i)
            emit(True, src[i:pos])
    emit(False, src[pos:])
    return out


def _match_end(regex: re.Pattern[str], src: str, pos: int) -> int:
    """End of a match of ``regex`` at ``pos``, for patterns that cannot fail there."""
    match = regex.match(src, pos)
    if match is None:  # pragma: no cover - the callers' patterns match the empty string, or
        # (a bare URL) their start was just found by the scanner
        raise AssertionError(f"{regex.pattern!r} did not match at {pos}")
    return match.end()


class _CodeSpanClosers:
    """Backtick runs of a text by length, to find a code span's closing run in linear time."""

    def __init__(self, src: str) -> None:
        self._starts: dict[int, list[int]] = {}
        for match in _BACKTICKS_RE.finditer(src):
            self._starts.setdefault(match.end() - match.start(), []).append(match.start())
        self._next: dict[int, int] = {}

    def find(self, length: int, after: int) -> int:
        """Start of the first run of exactly ``length`` backticks at or after ``after``, or -1.

        Calls must come with non-decreasing ``after`` (the scanner only moves forward).
        """
        starts = self._starts.get(length, [])
        k = self._next.get(length, 0)
        while k < len(starts) and starts[k] < after:
            k += 1
        self._next[length] = k
        return starts[k] if k < len(starts) else -1


class _ParenPairs:
    """Matching parentheses of a text that could lie inside one link destination (computed
    on first use): a destination holds no space or control character and may nest balanced
    parentheses, so following a pair jumps over a nested group in one step."""

    def __init__(self, src: str) -> None:
        self._src = src
        self._pairs: dict[int, int] | None = None

    def closing(self, pos: int) -> int:
        """Position of the ")" matching the "(" at ``pos``, or -1."""
        if self._pairs is None:
            self._pairs = {}
            opened: list[int] = []
            for match in _PAREN_SCAN_RE.finditer(self._src):
                token = match.group()
                if token == "(":
                    opened.append(match.start())
                elif token == ")":
                    if opened:
                        self._pairs[opened.pop()] = match.start()
                elif len(token) == 1:  # space or control: no destination goes on
                    opened.clear()
        return self._pairs.get(pos, -1)


def _link_tail_end(src: str, pos: int, parens: _ParenPairs) -> int:
    """End of a link tail ``(dest "title")`` starting at ``src[pos] == "("``, or -1."""
    k = _match_end(_LINK_SPACE_RE, src, pos + 1)
    if src.startswith("<", k):
        pointy = _POINTY_DEST_RE.match(src, k)
        if pointy is None:
            return -1
        k = pointy.end()
    else:
        while True:
            k = _match_end(_RAW_DEST_CHUNK_RE, src, k)
            if not src.startswith("(", k):
                break
            k = parens.closing(k)
            if k < 0:
                return -1
            k += 1
    spaced = _match_end(_LINK_SPACE_RE, src, k)
    title = _TITLE_RE.match(src, spaced) if spaced > k else None
    if title is not None:
        spaced = _match_end(_LINK_SPACE_RE, src, title.end())
    return spaced + 1 if src.startswith(")", spaced) else -1


# ---- document ------------------------------------------------------------------------------

# A piece of the output: (kind, lines), kind "text", "rule" or a heading's "h<level><marker>".
_Piece = tuple[str, list[str]]


def _split_pieces(texts: list[str]) -> list[_Piece]:
    """Cut the fixed blocks at top-level headings and rules, each becoming a piece of its own.

    A heading piece's kind is ``"h<level><marker>"``, marker ``#`` (ATX), ``=`` or ``-``.
    """
    cuts: dict[int, tuple[int, str]] = {}  # first line in the document -> (end, kind)
    for tok in block_tokens(normalise_newlines("\n\n".join(texts))):
        if tok.level == 0 and tok.map is not None:
            if tok.type == "heading_open":
                cuts[tok.map[0]] = (tok.map[1], f"{tok.tag}{tok.markup[0]}")
            elif tok.type == "hr":
                cuts[tok.map[0]] = (tok.map[1], "rule")
    pieces: list[_Piece] = []
    offset = 0  # first line of the current block in the document
    for text in texts:
        lines = text.split("\n")
        start = i = 0
        while i < len(lines):
            cut = cuts.get(offset + i)
            if cut is None:
                i += 1
                continue
            _append_text(pieces, lines[start:i])
            end, kind = cut
            pieces.append((kind, lines[i : end - offset]))
            start = i = end - offset
        _append_text(pieces, lines[start:])
        offset += len(lines) + 1
    return pieces


def _append_text(pieces: list[_Piece], lines: list[str]) -> None:
    """Append a text piece, without its leading and trailing blank lines, unless empty."""
    first, last = 0, len(lines)
    while first < last and not lines[first].strip():
        first += 1
    while last > first and not lines[last - 1].strip():
        last -= 1
    if first < last:
        pieces.append(("text", lines[first:last]))


def _renumber_headings(pieces: list[_Piece]) -> list[_Piece]:
    """Renumber heading levels: the top level becomes 1 and no level is skipped."""
    stack: list[int] = []
    out: list[_Piece] = []
    for kind, lines in pieces:
        if not kind.startswith("h"):
            out.append((kind, lines))
            continue
        old, marker = int(kind[1]), kind[2]
        while stack and stack[-1] >= old:
            stack.pop()
        new = len(stack) + 1
        stack.append(old)
        out.append(("heading", _relevel(lines, old, new, marker)))
    return out


def _relevel(lines: list[str], old: int, new: int, marker: str) -> list[str]:
    """A heading's lines at its new level (ATX: only the opening hashes change)."""
    if new == old:
        return lines
    if marker == "#":
        return [_ATX_HASHES_RE.sub(lambda m: m.group(1) + "#" * new, lines[0], count=1)]
    content = " ".join(line.strip() for line in lines[:-1])
    closing = _CLOSING_HASHES_RE.search(content)
    if closing is not None:  # would read as an ATX closing sequence: escape it
        content = content[: closing.start()] + "\\" + content[closing.start() :]
    return ["#" * new + " " + content]


def _drop_dangling_rules(pieces: list[_Piece]) -> list[_Piece]:
    """Remove rules at the start, at the end, or right after another rule."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece[0] == "rule" and (not out or out[-1][0] == "rule"):
            continue
        out.append(piece)
    while out and out[-1][0] == "rule":
        out.pop()
    return out
