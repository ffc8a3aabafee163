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

One parse per document: the fixes read a block's structure (which lines are code, which are
runs of inline text or raw HTML) from the parse ``parse_blocks`` made of the whole document
(``segment.text_structure``), and ``render_blocks`` builds the output's blocks from the fixed
texts' structures instead of parsing the output. A text is parsed alone only where its
structure is not known that way, each parse counted in ``segment.FALLBACK_PARSES`` by reason:

- ``"block"``: a kept block that does not read alone as it does in its document and is not
  plainly one paragraph or a tight bullet list (an item's indented quote or code, lines
  without a token of their own such as reference definitions);
- ``"fixed block"``: a pass of the fixes changed a block in a way that may change its structure
  (``_same_structure``: a tag or padding removed where it hid a marker, a changed raw HTML
  block or table, a line of a comment spanning lines);
- ``"render join"``: in the output, an indented text after a list or indented code that was
  not so in the document (blocks between them dropped, or changed by the fixes), parsed with
  the text before it;
- ``"render"``: the texts may not read one after the other (``_render_in_memory``): the
  fixed texts are re-parsed as one document, as before.

Measured on the corpus (54 pairs and 3 seeds, 1 parse each for ``parse_blocks``): with the
shipped model's kept blocks, one "fixed block" parse in the 57 documents (``**\u200b**``,
which the fixes turn into ``****``, a rule): 58 parses in all, 528 before (fixes,
re-segmenting, piece cutting and re-parsing the output); with every block kept, the same one;
with 20 random subsets of blocks per document, 76 parses in 1,140 renders of 40,775 blocks (66
"render join", 10 "fixed block"), never "render".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from markdown_it.token import Token

from .segment import (
    FALLBACK_PARSES,
    Block,
    Span,
    block_tokens,
    blocks_from_spans,
    normalise_newlines,
    opens_plain_text,
    parse_blocks,
    remember_structure,
    text_structure,
)

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
        kind: ``Block.kind``. Code is found in the structure of ``text`` read alone (as the
            document's parse recorded it, else parsed), whatever the kind: the lines of a
            ``"code"`` block stay as they are, and so would the code inside a list; lines of the
            same unit after a code block (``# Title`` right under the fence) are fixed like any
            other text.

    Returns:
        The fixed text, without leading or trailing blank lines; ``""`` when nothing is left.
    """
    del kind  # the structure is read from the text (see Args)
    return _fixed(text)[0]


@lru_cache(maxsize=FIX_CACHE_SIZE)
def _fixed(text: str) -> tuple[str, tuple[Span, ...] | None]:
    """``fix_block``'s text, with its block structure (None: the text is unchanged, not looked up).

    The structure comes from ``text_structure`` (the document's parse, in the common case); a
    pass that changed the text keeps it when ``_same_structure`` shows the change cannot alter
    it, else the changed text is parsed alone (a fallback ``text_structure`` counts).
    """
    if _NOTHING_TO_FIX_RE.match(text) and text[:1] not in ("\n", "") and text.split("\n", 1)[0].strip() \
            and text.rsplit("\n", 1)[-1].strip():
        return text, None  # no character any fix acts on, no blank edge line: skip the parse
    spans = text_structure(text, "block")
    for _ in range(_MAX_PASSES):
        fixed, origin = _fix_once(text, spans)
        if fixed == text:
            break
        kept = () if not fixed else _same_structure(text, spans, fixed, origin)
        if kept is None:
            spans = text_structure(fixed, "fixed block")
        else:
            spans = kept
            remember_structure(fixed, spans)
        text = fixed
    return text, spans


def render(blocks: Sequence[Block]) -> str:
    """Turn the kept blocks into the final Markdown (``render_blocks`` without the blocks).

    Args:
        blocks: the kept blocks, in document order, as produced by ``parse_blocks``.

    Returns:
        The Markdown: blocks separated by exactly one blank line, ending with one ``\\n``;
        ``""`` when nothing is kept.
    """
    return render_blocks(blocks)[0]


def render_blocks(blocks: Sequence[Block]) -> tuple[str, list[Block]]:
    """Turn the kept blocks into the final Markdown, and the blocks ``parse_blocks`` reads in it.

    Each block is fixed (``fix_block``) and blocks left empty are dropped; the result is
    re-segmented and re-fixed until stable (a block's meaning can depend on its new
    neighbours). Then every top-level heading and thematic break becomes a block of its own
    (a blank line before and after it), heading levels are renumbered so that the top level is
    ``#`` and no level is skipped (ATX headings keep everything after their opening hashes,
    closing hashes included; a setext heading whose level changes is rewritten as ATX), and
    rules at the start, at the end or right after another rule are removed.

    The output is not parsed again: its blocks are built from the block structure of the fixed
    texts (``_fixed``), which is the output's own wherever each fixed text starts afresh, which
    is the common case. Where it may not (``_render_in_memory`` says when: a fixed text that
    falls apart into several blocks, one that may continue a list, code or raw HTML of the text
    before it, a piece whose edge lines are blank to Python but not to Markdown), the fixed
    texts are joined, re-parsed and re-fixed until stable as one document, counted in
    ``segment.FALLBACK_PARSES["render"]``.

    Args:
        blocks: the kept blocks, in document order, as produced by ``parse_blocks``.

    Returns:
        The Markdown: blocks separated by exactly one blank line, ending with one ``\\n``
        (``""`` when nothing is kept), and ``parse_blocks`` of it.
    """
    items: list[tuple[str, tuple[Span, ...]]] = []
    for block in blocks:
        fixed, spans = _fixed(block.text)
        if fixed.strip():
            items.append((fixed, text_structure(fixed, "block") if spans is None else spans))
    rendered = _render_in_memory(items)
    if rendered is not None:
        return rendered
    FALLBACK_PARSES["render"] += 1
    output = _render_reparsed([text for text, _ in items])
    return output, parse_blocks(output)


def _render_reparsed(texts: list[str]) -> str:
    """``render`` of fixed texts by re-parsing them as one document until stable."""
    for _ in range(_MAX_PASSES):
        segments = parse_blocks("\n\n".join(texts))
        # fix_block is idempotent: a segment that is one of its outputs needs no second look
        done = set(texts)
        refixed = [b.text if b.text in done else fix_block(b.text, b.kind) for b in segments]
        texts = [fixed for fixed in refixed if fixed.strip()]
        if all(fixed == b.text for fixed, b in zip(refixed, segments, strict=True)):
            break
    tokens = block_tokens(normalise_newlines("\n\n".join(texts)))
    pieces = _drop_dangling_rules(_renumber_headings(_split_pieces(texts, tokens)))
    if not pieces:
        return ""
    return "\n\n".join("\n".join(lines) for _, lines, _ in pieces) + "\n"


# ---- one pass over a block -----------------------------------------------------------------


def _fix_once(text: str, spans: tuple[Span, ...]) -> tuple[str, list[int] | None]:
    """One pass of the per-block fixes, with the block's structure (``text`` parsed alone).

    Returns the fixed text and, for each of its lines, the line of ``text`` it comes from (None
    when a tag or comment spanning lines went, so that lines do not correspond).
    """
    lines = text.split("\n")
    code = [False] * len(lines)
    runs: dict[int, int] = {}  # first line -> end of a run of inline text or raw HTML
    for tok in spans:
        start, end = tok.start, tok.end
        if tok.type in ("fence", "code_block"):
            code[start:end] = [True] * (end - start)
        elif tok.type in ("inline", "html_block"):
            runs.setdefault(start, end)  # table cells of one row share the row's line
    out: list[str] = []
    origin: list[int] | None = []
    i = 0
    while i < len(lines):
        if code[i]:
            out.append(lines[i])
            if origin is not None:
                origin.append(i)
            i += 1
        elif i in runs:
            end = runs[i]
            fixed, kept = _fix_run(lines[i:end])
            out.extend(fixed)
            if origin is not None:
                origin = None if kept is None else [*origin, *(i + k for k in kept)]
            i = end
        else:  # reference definitions, setext underlines, table delimiter rows, rules
            line = _drop_padding(lines[i])
            if line.strip() or line == lines[i]:
                out.append(line)
                if origin is not None:
                    origin.append(i)
            i += 1
    last = len(out)
    while last and not out[last - 1].strip():
        last -= 1
    first = 0
    while first < last and not out[first].strip():
        first += 1
    return "\n".join(out[first:last]), None if origin is None else origin[first:last]


# What opens a line before its text: indentation, blockquote markers, list markers, ATX hashes.
_LINE_HEAD_RE = re.compile(r"(?:[ \t]*+(?:>|(?:[-+*]|[0-9]{1,9}[.)]|#{1,6})(?=[ \t])))*+[ \t]*+")


def _same_structure(text: str, spans: tuple[Span, ...], fixed: str, origin: list[int] | None
                    ) -> tuple[Span, ...] | None:
    """``fixed``'s block structure when a pass of the fixes over ``text`` surely kept it, else None.

    ``origin`` is ``_fix_once``'s line correspondence. The structure is kept when the pass
    changed or removed only lines of paragraph or heading text (no raw HTML block, no table, no
    pipe that could make one, no reference definition in sight); a removed line was not the
    first of its paragraph (so what follows it still follows paragraph text); and each changed
    line kept its opening (indentation, container markers) and opens its text as plain text
    (``_plain_opening``): such a line starts, continues or interrupts nothing that it
    did not before. Line numbers are then moved up over
    the removed lines. Anything else (a tag removed at a line's start, a changed HTML block, a
    line of a comment spanning lines) is re-parsed by the caller.
    """
    if origin is None or "]:" in text or "]:" in fixed or "|" in text or "|" in fixed:
        return None
    old_lines, new_lines = text.split("\n"), fixed.split("\n")
    inline = [False] * len(old_lines)
    starts = set()
    for span in spans:
        if span.type in ("html_block", "table_open"):
            return None
        if span.type == "inline":
            inline[span.start : span.end] = [True] * (span.end - span.start)
        starts.add(span.start)
    if len(origin) != len(old_lines):
        kept = set(origin)
        if any(i not in kept and (not inline[i] or i in starts) for i in range(len(old_lines))):
            return None
    for i, new in zip(origin, new_lines, strict=True):
        old = old_lines[i]
        if old != new and not (inline[i] and _plain_opening(old, new)):
            return None
    if len(origin) == len(old_lines):
        return spans
    moved = [0] * (len(old_lines) + 1)  # old line -> new line number (first kept line at or after it)
    n = len(origin)
    k = n
    for i in range(len(old_lines), -1, -1):
        while k and origin[k - 1] >= i:
            k -= 1
        moved[i] = k
    return tuple(span._replace(start=moved[span.start], end=moved[span.end]) for span in spans)


def _plain_opening(old: str, new: str) -> bool:
    """Whether ``old`` and ``new`` open alike (indentation, container markers) and each opens
    its text with what settles that it is plain text (``segment.opens_plain_text``)."""
    head = _match_end(_LINE_HEAD_RE, old, 0)
    return (_match_end(_LINE_HEAD_RE, new, 0) == head and new[:head] == old[:head]
            and opens_plain_text(old, head) and opens_plain_text(new, head))


def _fix_run(lines: list[str]) -> tuple[list[str], list[int] | None]:
    """Fix the lines of one paragraph, heading, table row or HTML block; drop those left blank.

    Returns the fixed lines and which of ``lines`` each is (None when a comment or tag spanning
    lines went: no line is untouched).
    """
    fixed = _fix_inline("\n".join(_drop_padding(line) for line in lines)).split("\n")
    if len(fixed) != len(lines):
        return [line for line in fixed if line.strip()], None
    kept = [k for k, (new, old) in enumerate(zip(fixed, lines, strict=True)) if new.strip() or new == old]
    return [fixed[k] for k in kept], kept


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

# A piece of the output: (kind, lines, structure), kind "text", "rule" or a heading's
# "h<level><marker>"; the structure is the piece's block structure when known (in-memory
# rendering), else empty.
_Piece = tuple[str, list[str], tuple[Span, ...]]

# What a text that opens with this may continue, after a blank line, of a list or indented code
# before it: the content of a list item, the code. (A text at the margin ends them, or is an item
# of that list, which reads as it does in a list of its own.)
_INDENTED_RE = re.compile(r"[ \t]")
# Raw HTML blocks that a blank line does not end (CommonMark kinds 1-5).
_HTML_SPANNING_RE = re.compile(r" {0,3}(?:<(?:script|pre|style|textarea)(?:[ \t>]|$)|<!|<\?)", re.IGNORECASE)
_CLOSING_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*\Z")


def _render_in_memory(items: list[tuple[str, tuple[Span, ...]]]) -> tuple[str, list[Block]] | None:
    """``render_blocks`` of fixed texts with their structures, or None when not known this way.

    The texts joined by blank lines read as the texts one after the other wherever a text starts
    afresh (``_starts_afresh``). A text that may not (an indented text after a list or indented
    code) is parsed together with the texts before it back to one that does, and with the
    indented texts after it (one parse per such run, counted in
    ``segment.FALLBACK_PARSES["render join"]``). None (the caller re-parses everything) when a
    text is more than one block, alone or in its run, or when a piece would lose edge lines
    that Markdown reads.
    """
    runs: list[tuple[str, tuple[Span, ...]]] = []
    members: list[list[str]] = []
    for k, (text, spans) in enumerate(items):
        if k and _INDENTED_RE.match(text) and (len(members[-1]) > 1 or not _starts_afresh(items[k - 1], text)):
            members[-1].append(text)
            continue
        if members and len(members[-1]) > 1:
            run = _parsed_run(members[-1])
            if run is None:
                return None
            runs[-1] = run
        if runs and not _starts_afresh(runs[-1], text):
            return None
        if not _one_block(text, spans):
            return None  # re-segmenting would cut it: the general loop re-fixes the parts
        runs.append((text, spans))
        members.append([text])
    if members and len(members[-1]) > 1:
        run = _parsed_run(members[-1])
        if run is None:
            return None
        runs[-1] = run
    pieces = _cut_pieces(runs)
    if pieces is None:
        return None
    pieces = _drop_dangling_rules(_renumber_headings(pieces))
    if not pieces:
        return "", []
    lines: list[str] = []
    out_spans: list[Span] = []
    for _, piece_lines, piece_spans in pieces:
        if lines:
            lines.append("")
        offset = len(lines)
        out_spans.extend(Span(span.type, span.start + offset, span.end + offset, span.level, span.tag, span.markup)
                         for span in piece_spans)
        lines.extend(piece_lines)
    lines.append("")
    output = "\n".join(lines)
    if normalise_newlines(output) != output:  # pragma: no cover - fixed texts are normalised
        return None
    return output, blocks_from_spans(lines, out_spans)


def _one_block(text: str, spans: tuple[Span, ...]) -> bool:
    """Whether ``parse_blocks`` reads ``text`` (with its structure ``spans``) as one block."""
    lines = text.split("\n")
    return all(line.strip() for line in lines) or len(blocks_from_spans(lines, spans)) == 1


def _parsed_run(texts: list[str]) -> tuple[str, tuple[Span, ...]] | None:
    """Texts joined by blank lines, with their structure (parsed); None unless each is one block."""
    joined = "\n\n".join(texts)
    spans = text_structure(joined, "render join")
    if [block.text for block in blocks_from_spans(joined.split("\n"), spans)] != texts:
        return None
    return joined, spans


def _starts_afresh(before: tuple[str, tuple[Span, ...]], text: str) -> bool:
    """Whether ``text`` after a blank line after ``before`` reads as ``text`` alone, and leaves
    ``before`` as it reads alone: no list, indented code, open fence or raw HTML of ``before``
    can take it in."""
    before_text, spans = before
    last = next((span for span in reversed(spans) if span.level == 0), None)
    if last is None:
        return True
    before_lines = before_text.split("\n")
    if last.end < len(before_lines):
        return True
    if last.type in ("bullet_list_open", "ordered_list_open", "code_block"):
        return _INDENTED_RE.match(text) is None
    if last.type == "fence":
        opening = before_lines[last.start].lstrip(" ")
        closing = _CLOSING_FENCE_RE.match(before_lines[-1]) if last.end - last.start > 1 else None
        return closing is not None and closing.group(1)[0] == opening[0] and len(closing.group(1)) >= len(last.markup)
    if last.type == "html_block":
        return _HTML_SPANNING_RE.match(before_lines[last.start]) is None
    return True


def _cut_pieces(items: list[tuple[str, tuple[Span, ...]]]) -> list[_Piece] | None:
    """``_split_pieces`` from the texts' own structures; None when a text piece has edge lines
    blank to ``str.strip`` (its structure without them is not known)."""
    pieces: list[_Piece] = []
    for text, spans in items:
        lines = text.split("\n")
        cuts = {span.start: (span.end, _cut_kind(span)) for span in spans
                if span.level == 0 and span.type in ("heading_open", "hr")}
        start = i = 0
        while i < len(lines):
            cut = cuts.get(i)
            if cut is None:
                i += 1
                continue
            if not _append_known(pieces, lines, spans, start, i):
                return None
            end, kind = cut
            pieces.append((kind, lines[i:end], _spans_within(spans, i, end)))
            start = i = end
        if not _append_known(pieces, lines, spans, start, len(lines)):
            return None
    return pieces


def _cut_kind(span: Span) -> str:
    """A cut's piece kind: ``"rule"`` or ``"h<level><marker>"``."""
    return "rule" if span.type == "hr" else f"{span.tag}{span.markup[0]}"


def _spans_within(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """The spans that start within lines ``start:end``, relative to ``start`` and cut at ``end``."""
    if start == 0 and all(span.end <= end for span in spans):
        return spans  # the whole text
    return tuple(
        Span(span.type, span.start - start, min(span.end, end) - start, span.level, span.tag, span.markup)
        for span in spans
        if start <= span.start < end
    )


def _append_known(pieces: list[_Piece], lines: list[str], spans: tuple[Span, ...], start: int, end: int) -> bool:
    """Append lines ``start:end`` as a text piece with their structure, unless empty; False when
    ``_append_text`` would trim edge lines off them."""
    if start == end:
        return True
    if not lines[start].strip() or not lines[end - 1].strip():
        return False
    pieces.append(("text", lines[start:end], _spans_within(spans, start, end)))
    return True


def _split_pieces(texts: list[str], tokens: Sequence[Token]) -> list[_Piece]:
    """Cut the fixed blocks at top-level headings and rules, each becoming a piece of its own.

    ``tokens`` are the block tokens of the texts joined by blank lines. A heading piece's kind
    is ``"h<level><marker>"``, marker ``#`` (ATX), ``=`` or ``-``.
    """
    cuts: dict[int, tuple[int, str]] = {}  # first line in the document -> (end, kind)
    for tok in tokens:
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
            pieces.append((kind, lines[i : end - offset], ()))
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
        pieces.append(("text", lines[first:last], ()))


def _renumber_headings(pieces: list[_Piece]) -> list[_Piece]:
    """Renumber heading levels: the top level becomes 1 and no level is skipped."""
    stack: list[int] = []
    out: list[_Piece] = []
    for kind, lines, spans in pieces:
        if not kind.startswith("h"):
            out.append((kind, lines, spans))
            continue
        old, marker = int(kind[1]), kind[2]
        while stack and stack[-1] >= old:
            stack.pop()
        new = len(stack) + 1
        stack.append(old)
        relevelled = _relevel(lines, old, new, marker)
        if spans and new != old:  # an ATX heading of its new level: one line
            spans = (Span("heading_open", 0, 1, 0, f"h{new}", "#" * new), Span("inline", 0, 1, 1, "", ""))
        out.append(("heading", relevelled, spans))
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
