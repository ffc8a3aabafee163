"""What repeats from issue to issue: fingerprint counts of blocks over other newsletters.

Furniture (view-online bars, subscribe boxes, sponsor slots, footers) comes back in every issue
of a newsletter with the same words and other link targets, dates or counts; stories change. A
``History`` holds, for each block fingerprint, the number of documents it occurs in, so that a
block can be asked "in how many other issues does this occur?". The answer is a signal, not a
verdict (category headings and bylines recur too): the model weighs it with everything else.

A fingerprint is the block's text with link and image destinations masked (image paths keep
their shape: a logo's URL recurs, a story photo's does not), digits masked, long tokens masked,
case and whitespace folded. Lines are fingerprinted too, so a footer whose date line changes
still matches near-verbatim.

The history is a value passed in (``History.from_documents``); leave-self-out counts
(``exclude_self``) keep a document from matching itself when it is part of its own history.
"""

from __future__ import annotations

import contextlib
import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import blake2b

import numpy as np

from .memo import OnceMemo
from .segment import Block

# ![alt](dest), then ](dest) of links: destinations with balanced parentheses one level deep.
_DEST = r"\(\s*<?((?:[^\s()<>]|\([^\s()<>]{0,400}\)){0,4000}+)>?"
_IMAGE_DEST_RE = re.compile(r"!\[([^\[\]\n]{0,400})\]" + _DEST)
_LINK_DEST_RE = re.compile(r"\]" + _DEST)
_URL_RE = re.compile(r"https?://[^\s<>()\[\]]{1,4000}")
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,}")  # ids, hashes, tracking tokens
_DIGITS_RE = re.compile(r"\d+")
# What the deterministic fixes change (features/fixes.py) is folded away, so that a kept block
# and its fixed rendering have one fingerprint: tags and comments, entities, backslash escapes,
# padding characters, heading marks.
_TAG_RE = re.compile(r"<!--.{0,2000}?-->|</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,2000})?/?>", re.DOTALL)
_ESCAPE_RE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}(?=\s|$)", re.MULTILINE)
_PADDING_RE = re.compile("[\u034f\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2800]+")

# Fingerprints are pure: the history pass of a folder and the verifying cleaning pass reuse them.
KEYS_CACHE_SIZE = 8192
# Recurrence counts are capped here (more issues say nothing new).
MAX_COUNT = 5

HISTORY_NAMES: tuple[str, ...] = (
    "recur_docs",  # other documents holding the block's fingerprint (capped), NaN without history
    "recur_share",  # the same over the documents of the history
    "recur_lines",  # share of the block's lines that occur in another document
    "recur_section",  # share of the blocks of the block's section that recur
    "recur_prev",  # recur_docs of the block before and after
    "recur_next",
)


def _image_path(url: str) -> str:
    """An image URL's host and path with digits and tokens masked, without its query."""
    path = url.split("?", 1)[0].split("#", 1)[0].split("://", 1)[-1]  # no scheme: the URL pass leaves it
    return _DIGITS_RE.sub("0", _TOKEN_RE.sub("#", path.lower()))


def _mask_image(match: re.Match[str]) -> str:
    return f"![{match.group(1)}]{{{_image_path(match.group(2))}}}"  # no "](": the link pass leaves it


def normalise(text: str) -> str:
    """The fingerprint text of a block or line: destinations, digits and tokens masked, case folded."""
    if _PADDING_RE.search(text):
        text = _PADDING_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if "#" in text:
        text = _HEADING_RE.sub("", text)
    if "\\" in text:
        text = _ESCAPE_RE.sub("", text)
    if "](" in text:
        text = _LINK_DEST_RE.sub("](@", _IMAGE_DEST_RE.sub(_mask_image, text))
    if "://" in text:
        text = _URL_RE.sub("@", text)
    text = _DIGITS_RE.sub("0", _TOKEN_RE.sub("#", text).lower())
    return " ".join(text.split())


def _key(text: str) -> bytes:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _normal_lines(text: str) -> list[str]:
    """The normalised lines of a block that carry letters or digits."""
    out = []
    for line in text.split("\n"):
        norm = normalise(line)
        if any(c.isalnum() for c in norm):
            out.append(norm)
    return out


@lru_cache(maxsize=KEYS_CACHE_SIZE)
def keys(text: str) -> tuple[bytes, tuple[bytes, ...]]:
    """The fingerprint of a block's text and those of its lines (lines without letters or digits left out)."""
    lines = _normal_lines(text)
    return _key("\n".join(lines)), tuple(_key(line) for line in lines)


def block_key(text: str) -> bytes:
    """The fingerprint of a block's text."""
    return keys(text)[0]


# The keys of whole documents fingerprinted earlier in a run (``remembered_keys``): a folder's history
# pass fingerprints every file's blocks before the file is cleaned with its recurrence columns.
KEYS_MEMO_SIZE = 1024
_DOCUMENT_KEYS: OnceMemo[list[tuple[bytes, tuple[bytes, ...]]]] = OnceMemo()


def remembered_keys(size: int = KEYS_MEMO_SIZE) -> contextlib.AbstractContextManager[None]:
    """Within the block, the block keys of up to ``size`` documents are kept and served once to
    ``history_features`` (or ``DocPrints.of``) of the same blocks."""
    return _DOCUMENT_KEYS.on(size)


def document_keys(blocks: Sequence[Block]) -> list[tuple[bytes, tuple[bytes, ...]]]:
    """``keys`` of every block of a document."""
    if not _DOCUMENT_KEYS.active:  # no folder run: no digest of the document to take
        return [keys(b.text) for b in blocks]
    return _DOCUMENT_KEYS.get("\0".join(b.text for b in blocks), lambda: [keys(b.text) for b in blocks])


@dataclass(frozen=True)
class DocPrints:
    """The distinct fingerprints of one document (blocks and lines)."""

    blocks: frozenset[bytes]
    lines: frozenset[bytes]

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> DocPrints:
        """Fingerprints of a parsed document."""
        return cls.of_keys(document_keys(blocks))

    @classmethod
    def of_keys(cls, block_keys: Sequence[tuple[bytes, tuple[bytes, ...]]]) -> DocPrints:
        """Fingerprints of a document from its blocks' ``keys``."""
        return cls(frozenset(k for k, _ in block_keys), frozenset(k for _, ls in block_keys for k in ls))


@dataclass(frozen=True)
class History:
    """Document counts of fingerprints over a set of newsletters."""

    documents: int
    blocks: Counter[bytes] = field(default_factory=Counter)
    lines: Counter[bytes] = field(default_factory=Counter)

    @classmethod
    def from_prints(cls, prints: Iterable[DocPrints]) -> History:
        """The history of documents given by their fingerprints."""
        blocks: Counter[bytes] = Counter()
        lines: Counter[bytes] = Counter()
        n = 0
        for p in prints:
            n += 1
            blocks.update(p.blocks)
            lines.update(p.lines)
        return cls(n, blocks, lines)

    @classmethod
    def from_documents(cls, documents: Iterable[Sequence[Block]]) -> History:
        """The history of parsed documents."""
        return cls.from_prints(DocPrints.of(blocks) for blocks in documents)

    @classmethod
    def from_texts(cls, markdowns: Iterable[str]) -> History:
        """The history of Markdown newsletters."""
        from .segment import parse_blocks

        return cls.from_documents(parse_blocks(m) for m in markdowns)

    def merged(self, other: History) -> History:
        """Both histories together."""
        return History(self.documents + other.documents, self.blocks + other.blocks, self.lines + other.lines)

    def to_state(self) -> dict[str, object]:
        """Plain data (for a worker or a file)."""
        return {"documents": self.documents,
                "blocks": {k.hex(): v for k, v in self.blocks.items()},
                "lines": {k.hex(): v for k, v in self.lines.items()}}

    @classmethod
    def from_state(cls, state: dict[str, object]) -> History:
        """Inverse of ``to_state``."""
        blocks = state["blocks"]
        lines = state["lines"]
        assert isinstance(blocks, dict) and isinstance(lines, dict)
        return cls(int(state["documents"]),  # type: ignore[call-overload]
                   Counter({bytes.fromhex(k): int(v) for k, v in blocks.items()}),
                   Counter({bytes.fromhex(k): int(v) for k, v in lines.items()}))


def history_features(blocks: Sequence[Block], sections: Sequence[int], history: History | None,
                     *, exclude_self: bool = False) -> np.ndarray:
    """The recurrence columns (``HISTORY_NAMES``) of one document; NaN everywhere without history.

    Args:
        blocks: the document's blocks.
        sections: each block's section (``stacking.section_ids``).
        history: fingerprint counts of other documents, or None.
        exclude_self: the history contains this document: count it out.
    """
    n = len(blocks)
    out = np.full((n, len(HISTORY_NAMES)), np.nan)
    if n == 0 or history is None:
        return out
    block_keys = document_keys(blocks)
    own = DocPrints.of_keys(block_keys) if exclude_self else DocPrints(frozenset(), frozenset())
    documents = history.documents - int(exclude_self)
    if documents <= 0:
        return out
    docs = np.array([min(history.blocks.get(k, 0) - (k in own.blocks), MAX_COUNT) for k, _ in block_keys],
                    dtype=np.float64)
    lines = np.zeros(n)
    for i, (_, ks) in enumerate(block_keys):
        if ks:
            lines[i] = sum(1 for k in ks if history.lines.get(k, 0) - (k in own.lines) > 0) / len(ks)
    out[:, 0] = docs
    out[:, 1] = docs / min(documents, MAX_COUNT)
    out[:, 2] = lines
    sec = np.asarray(sections) + 1
    recurs = (docs > 0).astype(np.float64)
    count = np.bincount(sec, minlength=n + 1)
    out[:, 3] = np.bincount(sec, weights=recurs, minlength=n + 1)[sec] / count[sec]
    out[:, 4] = np.concatenate([[math.nan], docs[:-1]])
    out[:, 5] = np.concatenate([docs[1:], [math.nan]])
    return out
