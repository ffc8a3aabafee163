"""Labelled pairs → labelled documents: deduplicate, then a keep/drop label (and category) per block.

Two sources of labels, in order of trust:

1. ``labels.json`` (hand-made by the rules of ``LABELLING.md``): a block is dropped when all its
   blank-line units are, with their most common category (:func:`block_labels`);
2. otherwise the cleaned ``output.md`` is aligned with the input (:func:`align`): a block is
   dropped when the output does not keep it; its category is unknown (None).

An output that *adds* text the input does not have breaks the rules (nothing is ever added or
reworded), so it is refused unless the caller allows it.

Pairs are deduplicated first on their input with invisible padding and all whitespace removed
(:func:`content_key`): the seed pairs in ``data/seeds`` are the corpus ByteByteGo issues with the
soft-hyphen preheader padding stripped, which ``dedupe_pairs`` (line ends and outer whitespace
only) does not see.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsclean.data.pairs import Pair, load_pairs
from newsclean.features.segment import parse_blocks
from newsclean.model.cleaner import Doc, make_doc
from newsclean.training.align import Addition, align, block_labels

from newsclean.errors import NewscleanError

log = logging.getLogger(__name__)

# Characters that show nothing: soft hyphen, combining grapheme joiner, Mongolian vowel separator,
# zero-width space/non-joiner/joiner, LTR/RTL marks, word joiner and invisible operators, BOM.
_INVISIBLE_RE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_WHITESPACE_RE = re.compile(r"\s+")

# How many offending output lines an additions error quotes, and how much of each.
ADDITIONS_SHOWN = 3
SNIPPET_CHARS = 60

LABEL_SOURCES = ("labels.json", "alignment")


@dataclass(frozen=True)
class Merge:
    """Two pairs with the same content: ``kept`` is used, ``dropped`` is not."""

    kept: str
    kept_source: str
    dropped: str
    dropped_source: str


@dataclass(frozen=True)
class PairReport:
    """What one pair contributed: its blocks, its drops and where its labels came from.

    ``label_source`` is ``"labels.json"`` or ``"alignment"``; ``dropped_by_category`` counts the
    dropped blocks per category (aligned pairs have no categories, so it is empty for them);
    ``additions`` are the output lines the input does not have (aligned pairs, additions allowed).
    """

    name: str
    publisher: str
    source: str
    label_source: str
    blocks: int
    dropped: int
    dropped_by_category: dict[str, int] = field(default_factory=dict)
    additions: tuple[Addition, ...] = ()


def content_key(markdown: str) -> str:
    """A newsletter's text with invisible padding characters and all whitespace removed."""
    return _WHITESPACE_RE.sub("", _INVISIBLE_RE.sub("", markdown))


def dedupe(pairs: Sequence[Pair]) -> tuple[list[Pair], list[Merge]]:
    """Keep one pair per content (:func:`content_key` of the input).

    Args:
        pairs: pairs in any order, e.g. the corpus and the seeds concatenated.

    Returns:
        The pairs kept, in their given order (the first with ``labels.json`` among equals, else the
        first), and one :class:`Merge` per pair left out, each also logged at INFO.
    """
    chosen: dict[str, int] = {}  # content key -> index of the pair kept for it
    keys = [content_key(pair.input) for pair in pairs]
    for i, (pair, key) in enumerate(zip(pairs, keys, strict=True)):
        current = chosen.get(key)
        if current is None or (pairs[current].labels is None and pair.labels is not None):
            chosen[key] = i
    kept_indices = set(chosen.values())
    kept: list[Pair] = []
    merges: list[Merge] = []
    for i, (pair, key) in enumerate(zip(pairs, keys, strict=True)):
        if i in kept_indices:
            kept.append(pair)
            continue
        winner = pairs[chosen[key]]
        merges.append(Merge(winner.name, winner.source, pair.name, pair.source))
        log.info("merged duplicate pair %s (%s) into %s (%s): same input once invisible padding "
                 "and whitespace are removed", pair.name, pair.source, winner.name, winner.source)
    return kept, merges


def load_dedupe(paths: Sequence[str | Path]) -> tuple[list[Pair], list[Merge]]:
    """Load pairs from every path (``load_pairs``), concatenated in order, then :func:`dedupe`."""
    if not paths:
        raise NewscleanError("no pairs given; pass --pairs with a folder of pairs or a dataset file")
    pairs = [pair for path in paths for pair in load_pairs(path)]
    return dedupe(pairs)


def _where(pair: Pair) -> str:
    """How an error names a pair: its folder, or its dataset file and row name."""
    return pair.source if Path(pair.source).name == pair.name else f"{pair.source} ({pair.name})"


def _snippet(text: str) -> str:
    """One output line, shortened for an error message."""
    text = text.strip()
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def additions_message(pair: Pair, additions: Sequence[Addition]) -> str:
    """The one-line error for a pair whose output adds text: the first offending lines, numbered."""
    shown = "; ".join(f'line {a.line}: "{_snippet(a.text)}"' for a in additions[:ADDITIONS_SHOWN])
    more = f"; and {len(additions) - ADDITIONS_SHOWN} more" if len(additions) > ADDITIONS_SHOWN else ""
    files = "output.md adds text not in input.md" if Path(pair.source).is_dir() else "output adds text not in input"
    return f"{_where(pair)}: {files} ({shown}{more}); fix the pair or pass --allow-additions"


def labelled_doc(pair: Pair, *, allow_additions: bool) -> tuple[Doc, PairReport]:
    """One pair as a labelled document (see :func:`labelled_docs`)."""
    blocks = parse_blocks(pair.input)
    additions: tuple[Addition, ...] = ()
    if pair.labels is not None:
        categories = block_labels(blocks, pair.labels)
        y = [int(category is not None) for category in categories]
        source = "labels.json"
    else:
        alignment = align(blocks, pair.output)
        if alignment.additions:
            if not allow_additions:
                raise NewscleanError(additions_message(pair, alignment.additions))
            additions = alignment.additions
            log.warning("%s: output adds %d line(s) not in the input (first: line %d); "
                        "using it anyway (--allow-additions)", _where(pair), len(additions), additions[0].line)
        y = [int(not keep) for keep in alignment.keep]
        categories = [None] * len(blocks)
        source = "alignment"
    counts = Counter(category for category in categories if category is not None)
    report = PairReport(
        name=pair.name,
        publisher=pair.publisher,
        source=pair.source,
        label_source=source,
        blocks=len(blocks),
        dropped=sum(y),
        dropped_by_category=dict(sorted(counts.items())),
        additions=additions,
    )
    return make_doc(blocks, y, categories, pair.publisher, pair.name), report


def labelled_docs(pairs: Sequence[Pair], *, allow_additions: bool) -> tuple[list[Doc], list[PairReport]]:
    """Label every block of every pair keep (0) or drop (1), with its drop category when known.

    Pass pairs through :func:`dedupe` first: this function labels what it is given.

    Args:
        pairs: the pairs; each becomes one document whose group is ``pair.publisher``.
        allow_additions: accept an unlabelled pair whose output has lines the input does not have
            (logged as a warning) instead of refusing it.

    Returns:
        One document and one report per pair that has at least one block, in the given order
        (a pair with an empty input is skipped with a warning).

    Raises:
        NewscleanError: an unlabelled pair's output adds text and ``allow_additions`` is False;
            the message names the pair and the first added lines with their line numbers.
    """
    docs: list[Doc] = []
    reports: list[PairReport] = []
    for pair in pairs:
        doc, report = labelled_doc(pair, allow_additions=allow_additions)
        if not doc.blocks:
            log.warning("%s: the input has no blocks; skipped", _where(pair))
            continue
        docs.append(doc)
        reports.append(report)
    return docs, reports
