"""Label blocks keep/drop by aligning a raw newsletter with its cleaned version.

The cleaned version may or may not have the deterministic fixes applied (``\\$``, heading
levels, entities, HTML tags and comments, invisible padding, whitespace), and an LLM-made one may
have cut or edited lines of a block it kept. So:

1. both sides are normalised line by line (:func:`normalise`), which makes a line and its fixed
   version equal; lines left empty (padding, markup) are set aside;
2. the normalised lines are aligned with ``difflib.SequenceMatcher`` (``autojunk=False``); where
   two equal lines compete for one output line, the earlier input line is taken;
3. the input and output lines left between two aligned lines are aligned again, token by token
   (whitespace-separated), so a reflowed, cut or edited line still finds most of its text;
4. a block is kept when at least :data:`KEEP_SHARE` of its weight (its normalised characters,
   a link destination counting as 2) was found; a kept block that lost letters or digits is
   *edited*; an output line with less than :data:`EDIT_SHARE` of its letters and digits found
   is an *addition*.

Each step is linear in the document but for the two ``SequenceMatcher`` passes, whose cost is
bounded by :data:`MAX_EQUAL_PAIRS`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsclean.features.segment import Block, normalise_newlines

# Share of a block's weight (normalised characters, link destinations counted as 2) that must be
# found in order in the output for the block to count as kept: "most of the block". Tuned on the
# 18 corpus pairs (kept blocks 1.0, dropped blocks 0.0), the 3 seed pairs and the 5 llm_output.md
# files (kept blocks >= 0.816 but for the ChinAI footer, whose "© 2025 Jeffrey Ding" line alone
# was kept: 0.556; dropped blocks 0.0): any value in (0, 0.555] gives the same decisions.
KEEP_SHARE = 0.5

# An output line with letters or digits is an addition when less than this share of them was
# found in the input. Every such line of the corpus outputs, seeds and llm_output.md files is
# found whole (1.0); a hand-made added line scores 0.
EDIT_SHARE = 0.5

# difflib's longest-match search costs about (pairs of equal items) x (number of matches), which
# explodes on long, repetitive sequences. Above this many equal pairs (4x the largest whole
# document of the corpus, ~22,000 token pairs) difflib's popularity heuristic (autojunk) is
# switched on: items that make up over 1% of the output side no longer anchor a match.
MAX_EQUAL_PAIRS = 100_000

_INVISIBLE_RE = re.compile("[\u034f\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_CLOSING_HASHES_RE = re.compile(r"\s+#+\s*$")
_BULLET_RE = re.compile(r"^[*+]\s+")
_RULE_RE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_SETEXT_H1_RE = re.compile(r"^=+$")
_EMPHASIS_RE = re.compile(r"\*\*|__")
_SPACE_RE = re.compile(r"\s+")
# Link and image destinations, and bare URLs: they weigh next to nothing in a block's share.
_URL_RE = re.compile(r"\(<?[a-z][a-z0-9+.-]*:[^\s)]*\)")
_BARE_URL_RE = re.compile(r"[a-z][a-z0-9+.-]*://\S+")


@dataclass(frozen=True)
class Addition:
    """An output line with content that is not in the input."""

    line: int  # 1-based line number in the output
    text: str


@dataclass(frozen=True)
class Alignment:
    """Which input blocks the output keeps, which of those it edited, and what it added."""

    keep: tuple[bool, ...]  # one per block
    edited: tuple[int, ...]  # positions of kept blocks that lost letters/digits in the output
    additions: tuple[Addition, ...]  # output lines that are not in the input
    share: tuple[float, ...] = ()  # per block: share of its weight found (1.0/0.0 if no text)


def normalise(line: str) -> str:
    """One line with the deterministic fixes undone or applied, so both versions compare equal.

    HTML comments and tags go, entities are decoded, backslash escapes (``\\$``) are removed,
    invisible padding goes, heading hashes and ``**``/``__`` are dropped, ``*``/``+`` bullets
    become ``-``, any rule becomes ``---``, a ``===`` underline goes, whitespace is collapsed
    and the text casefolded. A line of padding or markup only becomes "".
    """
    text = _COMMENT_RE.sub(" ", line)
    text = _TAG_RE.sub(" ", text)
    text = html.unescape(text)
    text = _INVISIBLE_RE.sub("", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    text = _SPACE_RE.sub(" ", text).strip()
    if _RULE_RE.match(text):
        return "---"
    if _SETEXT_H1_RE.match(text):  # the underline of a heading that may be renumbered to "# "
        return ""
    if _HEADING_RE.match(text):
        text = _CLOSING_HASHES_RE.sub("", _HEADING_RE.sub("", text))
    text = _BULLET_RE.sub("- ", text)
    text = _EMPHASIS_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip().casefold()


def _weigh(token: str) -> tuple[int, int]:
    """A token's weight (its length, link destinations counted as 2, plus a space) and alnums."""
    visible = _BARE_URL_RE.sub("u", _URL_RE.sub("()", token))
    return len(visible) + 1, sum(ch.isalnum() for ch in visible)


@dataclass(frozen=True)
class _Lines:
    """The lines of a document that keep some text once normalised, cut into weighed tokens."""

    source: tuple[int, ...]  # per line: 0-based line number in the document
    text: tuple[str, ...]  # per line: the normalised text
    tokens: tuple[tuple[str, ...], ...]  # per line: its whitespace tokens
    weights: tuple[tuple[int, ...], ...]  # per line, per token: weight (see _weigh)
    alnums: tuple[tuple[int, ...], ...]  # per line, per token: letters and digits shown


def _lines(lines: Sequence[str]) -> _Lines:
    """The lines that keep some text once normalised, with their tokens weighed."""
    source: list[int] = []
    texts: list[str] = []
    tokens: list[tuple[str, ...]] = []
    weights: list[tuple[int, ...]] = []
    alnums: list[tuple[int, ...]] = []
    for number, line in enumerate(lines):
        text = normalise(line)
        if not text:
            continue
        words = tuple(text.split(" "))
        weighed = [_weigh(word) for word in words]
        source.append(number)
        texts.append(text)
        tokens.append(words)
        weights.append(tuple(weight for weight, _ in weighed))
        alnums.append(tuple(alnum for _, alnum in weighed))
    return _Lines(tuple(source), tuple(texts), tuple(tokens), tuple(weights), tuple(alnums))


@dataclass
class _Found:
    """Running tally, per line of one side, of the weight and letters/digits found on the other.

    Mutable on purpose: a private accumulator filled by :func:`_match`, never returned.
    """

    weight: list[int]
    alnum: list[int]

    @classmethod
    def empty(cls, n: int) -> _Found:
        """A tally of n lines with nothing found."""
        return cls([0] * n, [0] * n)


def _matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """difflib's matching blocks of two sequences, bounded in cost (see MAX_EQUAL_PAIRS)."""
    counts = Counter(b)
    equal_pairs = sum(counts[item] for item in a)
    matcher = SequenceMatcher(None, a, b, autojunk=equal_pairs > MAX_EQUAL_PAIRS)
    return [(block.a, block.b, block.size) for block in matcher.get_matching_blocks()]


def _match_gap(
    a: _Lines, a_span: range, b: _Lines, b_span: range, a_found: _Found, b_found: _Found
) -> None:
    """Credit the tokens that align, in order, between two unaligned runs of lines."""
    a_tokens = [(i, k) for i in a_span for k in range(len(a.tokens[i]))]
    b_tokens = [(j, k) for j in b_span for k in range(len(b.tokens[j]))]
    for x, y, size in _matching_blocks(
        [a.tokens[i][k] for i, k in a_tokens], [b.tokens[j][k] for j, k in b_tokens]
    ):
        for n in range(size):
            (i, k), (j, m) = a_tokens[x + n], b_tokens[y + n]
            a_found.weight[i] += a.weights[i][k]
            a_found.alnum[i] += a.alnums[i][k]
            b_found.weight[j] += b.weights[j][m]
            b_found.alnum[j] += b.alnums[j][m]


def _slide_up(texts: Sequence[str], anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move each run of dropped input lines down past equal lines, so the earlier copy is kept.

    Where the output keeps one of two equal lines around a dropped run (a rule before and after
    a sponsored section), the alignment is ambiguous; the earlier line is taken, as the labels do.
    """
    slid: list[tuple[int, int]] = []
    for i, j in anchors:
        i_prev, j_prev = slid[-1] if slid else (-1, -1)
        if j == j_prev + 1 and i > i_prev + 1 and texts[i_prev + 1] == texts[i]:
            i = i_prev + 1
        slid.append((i, j))
    return slid


def _match(a: _Lines, b: _Lines) -> tuple[_Found, _Found, list[tuple[int, int]]]:
    """Align input and output lines; what each line found, and the exactly aligned line pairs."""
    a_found, b_found = _Found.empty(len(a.text)), _Found.empty(len(b.text))
    anchors = _slide_up(
        a.text,
        [(i + n, j + n) for i, j, size in _matching_blocks(a.text, b.text) for n in range(size)],
    )
    i_prev = j_prev = -1
    for i, j in [*anchors, (len(a.text), len(b.text))]:
        if i > i_prev + 1 and j > j_prev + 1:
            _match_gap(a, range(i_prev + 1, i), b, range(j_prev + 1, j), a_found, b_found)
        if i < len(a.text):
            a_found.weight[i] = sum(a.weights[i])
            a_found.alnum[i] = sum(a.alnums[i])
            b_found.weight[j] = sum(b.weights[j])
            b_found.alnum[j] = sum(b.alnums[j])
        i_prev, j_prev = i, j
    return a_found, b_found, anchors


def _in_window(block_lines: Sequence[str], window: Sequence[str]) -> bool:
    """Whether the stripped block lines occur, consecutively, among the window's stripped lines."""
    wanted = [line.strip() for line in block_lines if line.strip()]
    have = [line.strip() for line in window if line.strip()]
    return any(have[k : k + len(wanted)] == wanted for k in range(len(have) - len(wanted) + 1))


def align(blocks: Sequence[Block], output_md: str) -> Alignment:
    """Decide for each input block whether the cleaned output keeps it.

    Args:
        blocks: the input's blocks, from ``parse_blocks(input_md)``; their ``start``/``end``
            must be line numbers in one document (the input), in order.
        output_md: the cleaned newsletter, with or without the deterministic fixes.

    Returns:
        ``keep`` per block (at least :data:`KEEP_SHARE` of its normalised text found in order in
        the output; a block with no text once normalised, such as padding or an HTML comment, is
        kept when its lines appear verbatim between its aligned neighbours), ``edited`` kept
        blocks that lost letters or digits, ``additions``: output lines with letters or digits
        of which less than :data:`EDIT_SHARE` is found in the input, and ``share`` per block.
    """
    in_lines = [""] * max((block.end for block in blocks), default=0)
    for block in blocks:
        in_lines[block.start : block.end] = block.text.split("\n")
    out_lines = normalise_newlines(output_md).split("\n")
    a, b = _lines(in_lines), _lines(out_lines)
    a_found, b_found, anchors = _match(a, b)

    # Per input line number: weight found, weight in all, letters/digits lost.
    found = [0] * len(in_lines)
    total = [0] * len(in_lines)
    lost = [0] * len(in_lines)
    for i, number in enumerate(a.source):
        total[number] = sum(a.weights[i])
        found[number] = a_found.weight[i]
        lost[number] = max(sum(a.alnums[i]) - a_found.alnum[i], 0)
    out_of_line = [-1] * len(in_lines)  # the output line an input line aligned to exactly
    for i, j in anchors:
        out_of_line[a.source[i]] = b.source[j]

    keep: list[bool] = []
    edited: list[int] = []
    shares: list[float] = []
    for position, block in enumerate(blocks):
        lines = range(block.start, block.end)
        block_total = sum(total[n] for n in lines)
        if block_total == 0:
            window = out_lines[_window(out_of_line, block.start, block.end, len(out_lines))]
            keep.append(_in_window(block.text.split("\n"), window))
            shares.append(1.0 if keep[-1] else 0.0)
            continue
        share = sum(found[n] for n in lines) / block_total
        keep.append(share >= KEEP_SHARE)
        shares.append(share)
        if keep[-1] and any(lost[n] for n in lines):
            edited.append(position)

    additions = []
    for j, number in enumerate(b.source):
        letters = sum(b.alnums[j])
        if letters and b_found.alnum[j] < EDIT_SHARE * letters:
            additions.append(Addition(line=number + 1, text=out_lines[number]))
    return Alignment(
        keep=tuple(keep), edited=tuple(edited), additions=tuple(additions), share=tuple(shares)
    )


def _window(out_of_line: Sequence[int], start: int, end: int, n_out: int) -> slice:
    """The output lines between the aligned input lines just before and just after a span."""
    before = next((out_of_line[n] for n in range(start - 1, -1, -1) if out_of_line[n] >= 0), -1)
    after = next(
        (out_of_line[n] for n in range(end, len(out_of_line)) if out_of_line[n] >= 0), n_out
    )
    return slice(before + 1, after)


def block_labels(blocks: Sequence[Block], labels: Mapping[int, str]) -> list[str | None]:
    """The drop category of each block, from ``labels.json`` unit numbering.

    Args:
        blocks: the input's blocks, from ``parse_blocks``.
        labels: unit index -> category (``Pair.labels``).

    Returns:
        Per block, None when it is kept (some unit of it is not dropped), else the most common
        category among its units (the first unit's on a tie).
    """
    result: list[str | None] = []
    for block in blocks:
        categories = [labels.get(unit) for unit in block.units]
        if any(category is None for category in categories):
            result.append(None)
        else:
            result.append(Counter(categories).most_common(1)[0][0])
    return result
