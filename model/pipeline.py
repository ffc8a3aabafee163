"""The cleaning pipeline users call: parse once → decide → render, confirmed on the rendered blocks.

``clean(x)`` parses the newsletter once into blocks, lets the model decide each block, and renders
the kept blocks with the deterministic fixes (``render_blocks``), which also returns the blocks of
the rendered Markdown exactly as ``parse_blocks`` would read them, built in memory from the one
parse (no render → re-parse round trip). The confirming pass decides those blocks: when the model
keeps them all, the output is a fixed point and ``clean(clean(x)) == clean(x)``, since a second
``clean`` parses the output into those same blocks and takes the same decisions.

The model's context features (position, neighbours' probabilities, sections) read a block
differently once the furniture around it is gone; the model is fitted on each labelled document's
clean view too (``Cleaner.fit``), so the confirming pass seldom drops more: on the 54 corpus
newsletters, 52 take the two passes. When it does drop more ("erosion"), passes repeat, in memory,
until the model keeps its own output; they are not capped, since stopping early would return text
the next ``clean`` cuts again. Every pass but the last drops a block, so the loop ends after at most
one pass per block (tests/test_pathological.py measures eroding documents).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from newsclean.features.fixes import fix_block, render, render_blocks
from newsclean.features.history import History
from newsclean.features.segment import Block, normalise_newlines, parse_blocks
from newsclean.model.cleaner import Cleaner, Decision

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Explained:
    """A block of the input with its final decision: kept iff some of it is in ``clean``'s output.

    ``decision.reason`` names the pass and the rule or probability that decided: a block dropped
    by the first pass has the model's reason as it is; one dropped later reads ``"pass 2: model
    p=0.97"``; one whose text the fixes removed entirely (an HTML comment, a dangling rule) says so.
    """

    block: Block
    decision: Decision


@dataclass(frozen=True)
class _Pass:
    """One cleaning pass: the blocks it decided, its decisions, the Markdown it rendered and that Markdown's blocks."""

    blocks: list[Block]
    decisions: list[Decision]
    output: str
    rendered: list[Block]


def clear_caches() -> None:
    """Forget the memoised per-block work (stats, tokens, fixes, parses): frees memory in a long run."""
    from newsclean.features import blockfeats, fixes, history, markup, segment, vocabulary
    from newsclean.model import revise

    for cached in (blockfeats._stats, blockfeats._local_row, fixes.fix_block, fixes._fixed, segment.block_tokens,
                   vocabulary.block_tokens, history.keys, markup.host_of):
        cached.cache_clear()
    segment.clear_structures()
    revise.clear_caches()


@lru_cache(maxsize=4)
def _load(path: str | None) -> Cleaner:
    return Cleaner.load(path)


def load_model(path: str | Path | None = None) -> Cleaner:
    """The cleaner stored at ``path``, or the shipped default model (cached per path)."""
    return _load(None if path is None else str(path))


def clean_once(markdown: str, cleaner: Cleaner, threshold: float | None = None, *,
               history: History | None = None, exclude_self: bool = False) -> str:
    """One pass: parse, decide, render the kept blocks."""
    blocks = parse_blocks(markdown)
    decisions = cleaner.decide(blocks, threshold, history=history, exclude_self=exclude_self)
    return render([b for b, d in zip(blocks, decisions, strict=True) if d.keep])


def _passes(blocks: list[Block], model: Cleaner, threshold: float | None, *, categories: bool = False,
            history: History | None = None, exclude_self: bool = False
            ) -> Iterator[_Pass]:
    """The passes of ``clean`` over a parsed newsletter, first to last; the last one's output is the clean Markdown.

    Later passes decide the blocks of the previous pass's output as a second ``clean`` would read
    them (the model is fitted on such clean views too, so that they rarely lose more).
    """

    def decide(blocks: list[Block]) -> list[Decision]:
        # clean() calls decide() exactly as ever (stand-in models need not know ``categories``)
        context = {} if history is None else {"history": history, "exclude_self": exclude_self}
        if categories:
            return model.decide(blocks, threshold, categories=True, **context)
        return model.decide(blocks, threshold, **context)

    current = ""
    # Every pass after the first but the last drops a block of the previous output, which has at most
    # as many blocks as the input: the bound is never reached and only makes termination evident.
    limit = len(blocks) + 2
    for number in range(limit):
        decisions = decide(blocks)
        if number and all(d.keep for d in decisions):
            # ``current`` is rendered output, and rendering is idempotent: when the model keeps every
            # block of it, it is the fixed point and needs no second rendering.
            yield _Pass(blocks, decisions, current, blocks)
            return
        current, following = render_blocks([b for b, d in zip(blocks, decisions, strict=True) if d.keep])
        yield _Pass(blocks, decisions, current, following)
        blocks = following
    log.warning("no fixed point after %d passes; cleaning the result again may change it", limit)


def _check_text(markdown: object, what: str, threshold: float | None = None) -> None:
    if not isinstance(markdown, str):
        raise TypeError(f"{what}() takes the newsletter as str, not {type(markdown).__name__}: decode it first, or "
                        "read a file with newsclean.io.read_document(path).markdown")
    if threshold is not None and not 0.0 <= threshold <= 1.0:  # also NaN
        raise ValueError(f"{what}(): threshold {threshold} is outside 0..1")


def clean(markdown: str, *, cleaner: Cleaner | None = None, threshold: float | None = None,
          history: History | None = None, exclude_self: bool = False) -> str:
    """Clean one newsletter.

    Args:
        markdown: the newsletter as Markdown.
        cleaner: a fitted ``Cleaner``; the shipped default model when None.
        threshold: drop blocks whose probability reaches it; the model's own by default.
        history: other issues (``History.from_texts``): blocks that recur in them are likely
            furniture. None: no history (the recurrence features are missing).
        exclude_self: ``history`` was built with this newsletter among its documents (a folder
            cleaned with its own files as history): count it out.

    Returns:
        The clean Markdown ("" when nothing is kept), a fixed point of cleaning.

    Raises:
        TypeError: ``markdown`` is not a ``str`` (bytes: decode them first).
        ValueError: ``threshold`` is outside 0..1.
    """
    _check_text(markdown, "clean", threshold)
    model = cleaner if cleaner is not None else load_model()
    current = ""
    for step in _passes(parse_blocks(markdown), model, threshold, history=history, exclude_self=exclude_self):
        current = step.output
    return current


def clean_explained(markdown: str, *, cleaner: Cleaner | None = None, threshold: float | None = None,
                    history: History | None = None, exclude_self: bool = False
                    ) -> tuple[str, list[Explained]]:
    """Clean one newsletter and say, for every input block, whether the output keeps it and why.

    Runs the passes of ``clean`` and follows each later-pass block back to the input blocks it
    came from (by aligning the rendered lines with the kept blocks' fixed lines): a block is kept
    when some line of it is in the output; a dropped one carries the pass and the reason that
    removed its last line.

    Args:
        markdown: the newsletter as Markdown.
        cleaner: a fitted ``Cleaner``; the shipped default model when None.
        threshold: drop blocks whose probability reaches it; the model's own by default.
        history: other issues (``History.from_texts``): blocks that recur in them are likely
            furniture. None: no history (the recurrence features are missing).
        exclude_self: ``history`` was built with this newsletter among its documents (a folder
            cleaned with its own files as history): count it out.

    Returns:
        The clean Markdown (exactly ``clean``'s) and one ``Explained`` per input block, in order.
    """
    _check_text(markdown, "clean_explained", threshold)
    blocks = parse_blocks(markdown)
    output, decisions = final_decisions(blocks, cleaner=cleaner, threshold=threshold, history=history,
                                        exclude_self=exclude_self)
    return output, [Explained(b, d) for b, d in zip(blocks, decisions, strict=True)]


def final_decisions(blocks: Sequence[Block], *, cleaner: Cleaner | None = None, threshold: float | None = None,
                    history: History | None = None, exclude_self: bool = False
                    ) -> tuple[str, list[Decision]]:
    """``clean_explained`` for a newsletter already parsed: the output and every block's final decision.

    Evaluation scores these, so that its figures are those of what ``clean`` returns, every pass
    included (not of the first pass's decisions alone).
    """
    model = cleaner if cleaner is not None else load_model()
    inputs = list(blocks)
    final: list[Decision] = []
    owners: list[frozenset[int]] = []
    current = ""
    for number, step in enumerate(_passes(inputs, model, threshold, categories=True, history=history,
                                          exclude_self=exclude_self), start=1):
        if number == 1:
            final = list(step.decisions)
            owners = [frozenset({i}) for i in range(len(inputs))]
        current = step.output
        if all(d.keep for d in step.decisions) and number > 1:
            break  # the confirming pass: its blocks are the output's
        kept = [j for j, d in enumerate(step.decisions) if d.keep]
        next_owners = trace_blocks([step.blocks[j] for j in kept], [owners[j] for j in kept], step.output,
                                   step.rendered)
        alive = frozenset().union(*next_owners)
        for j, d in enumerate(step.decisions):
            for i in owners[j] - alive:
                if final[i].keep or number == 1:
                    final[i] = _dropped(final[i], d, number)
        owners = next_owners
    return current, final


# The reason of a block the model kept and the deterministic fixes emptied (an HTML comment, a tag).
FIXES_LEFT_NOTHING = "but the fixes left nothing of it"


def _dropped(before: Decision, by: Decision, number: int) -> Decision:
    """The decision for an input block whose last line left the output in pass ``number`` (block ``by``)."""
    if not by.keep:
        reason = by.reason if number == 1 else f"pass {number}: {by.reason}"
        return replace(before, keep=False, proba=by.proba, category=by.category or before.category, reason=reason)
    if number == 1 and not before.keep:
        return before
    return replace(before, keep=False, reason=f"pass {number}: kept ({by.reason}), {FIXES_LEFT_NOTHING} "
                                               "(markup, padding, a dangling rule)")


_HASHES_RE = re.compile(r"^#+")


def _line_key(line: str) -> str:
    """A line as rendering may leave it: one heading hash whatever the level (renumbered), no edge whitespace."""
    return _HASHES_RE.sub("#", line.strip())


def trace_blocks(kept: Sequence[Block], kept_owners: Sequence[frozenset[int]], output: str,
                 output_blocks: Sequence[Block] | None = None) -> list[frozenset[int]]:
    """For each block of ``parse_blocks(output)``, the input blocks it came from.

    ``output`` is ``render(kept)``: the kept blocks' fixed lines in order, with headings
    renumbered, setext headings rewritten, dangling rules and blank lines removed. The output's
    lines are aligned with the fixed lines (difflib); a line the alignment cannot place (text the
    fixes changed again in context) belongs with the line before it.

    Args:
        kept: the blocks that were rendered, in order.
        kept_owners: for each, the input blocks it stands for.
        output: ``render(kept)``.
        output_blocks: ``parse_blocks(output)`` when the caller has them (``render_blocks``).

    Returns:
        One set of input block indices per block of ``parse_blocks(output)``.
    """
    source: list[str] = []
    source_owner: list[frozenset[int]] = []
    for block, own in zip(kept, kept_owners, strict=True):
        for line in fix_block(block.text, block.kind).split("\n"):
            if line.strip():
                source.append(_line_key(line))
                source_owner.append(own)
    lines = normalise_newlines(output).split("\n")
    line_owner: list[frozenset[int] | None] = [None] * len(lines)
    # Blank lines are left out on both sides: the source has none, and with them in the output
    # no two lines could match in a row, so difflib's longest-match search would pair a repeated
    # line ("---") with the wrong copy and shift every owner after it.
    filled = [j for j, line in enumerate(lines) if line.strip()]
    matcher = SequenceMatcher(None, source, [_line_key(lines[j]) for j in filled], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(j2 - j1):
                line_owner[filled[j1 + k]] = source_owner[min(i1 + k, i2 - 1)]
    traced: list[frozenset[int]] = []
    previous: frozenset[int] = frozenset()
    for block in parse_blocks(output) if output_blocks is None else output_blocks:
        own = frozenset().union(*(o for o in line_owner[block.start:block.end] if o is not None))
        previous = own or previous
        traced.append(previous)
    return traced


def explain(markdown: str, *, cleaner: Cleaner | None = None, threshold: float | None = None,
            history: History | None = None, exclude_self: bool = False) -> list[Explained]:
    """Every input block with its final decision (as in ``clean``'s output), probability, reason and category."""
    return clean_explained(markdown, cleaner=cleaner, threshold=threshold, history=history,
                           exclude_self=exclude_self)[1]
