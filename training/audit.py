"""Label audit: blocks whose reference label the cross-validated model confidently disagrees with.

A user's pairs are only as good as their ``output.md`` (or ``labels.json``). This module finds the
blocks whose label is probably wrong, with the confident-learning recipe of Northcutt et al.
("Confident Learning: Estimating Uncertainty in Dataset Labels", 2021), reduced to two classes:

1. **Out-of-fold probabilities.** Every block's drop probability comes from a model that did not
   see its document: leave-one-publisher-out when the pairs have 2 or more publishers, else
   leave-one-document-out when there are 2 or more documents, else (one document) the shipped
   default model, which is not out of fold and the report says so.
2. **Per-class thresholds** (the "self-confidence" averages): ``t_drop`` is the mean drop
   probability of the blocks labelled drop, ``t_keep`` the mean keep probability ``1 - p`` of the
   blocks labelled keep (:func:`confident_thresholds`).
3. **Suspects**: a block labelled keep with ``p >= max(t_drop, min_confidence)``, or labelled drop
   with ``1 - p >= max(t_keep, min_confidence)`` (:func:`confident_suspects`). Blocks with no
   letters or digits are not scored (LABELLING.md) and never suspects.
4. **The rules too**: a block labelled keep that the final decision drops by the sponsor-section
   rule of ``model/revise.py`` ("explicit sponsor marker", "in sponsored section") is a suspect
   whatever its probability: LABELLING.md says the rules win over a pair's output. A block
   labelled drop that the rule drops is never one: the rule backs its label; nor is a block
   labelled keep that the credit rule keeps ("Thanks for reading, <writers>").

Consecutive suspects of one pair with the same label become one :class:`Finding` (a section).
Output lines that ``output.md`` adds to the input are findings too (kind ``"addition"``).

``AuditReport.to_json()`` writes this object (keys always present, in this order)::

    {
      "schema": "newsclean-audit/1",
      "method": "leave-one-publisher-out" | "leave-one-document-out" | "default-model",
      "model": str,                 # what gave the probabilities
      "note": str,                  # what the probabilities mean
      "min_confidence": float,
      "thresholds": {"drop": float | null, "keep": float | null},  # null: no block of that label
      "pairs": {"count": int, "publishers": [str], "merged": [{"kept", "kept_source", "dropped",
                "dropped_source"}]},
      "scored_blocks": int,
      "findings": [{"kind": "label" | "addition", "pair": str, "publisher": str,
                    "label": "keep" | "drop" | null, "category": str | null,
                    "blocks": [int], "lines": [int, int], "proba": float | null,
                    "confidence": float, "rule": str | null, "snippet": str, "why": str}]
    }

Block indices are 0-based positions in ``parse_blocks(input.md)``; ``lines`` are 1-based and
inclusive, in ``input.md`` (in ``output.md`` for additions). Findings are in report order:
rule-backed first, then by confidence, most suspicious first, then additions.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from newsclean.data.pairs import Pair
from newsclean.features.blockfeats import BANNER_RE, MARKER_RE
from newsclean.model.cleaner import Cleaner, Doc, TrainConfig
from newsclean.model.revise import revise
from newsclean.training.evaluate import ThresholdFallbacks
from newsclean.training.labels import Merge, PairReport, dedupe, labelled_docs

from newsclean.errors import NewscleanError

log = logging.getLogger(__name__)

SCHEMA = "newsclean-audit/1"
DEFAULT_MIN_CONFIDENCE = 0.8
# The settings the fold models are fitted with (as `newsclean evaluate --cv publisher`).
DEFAULT_CONFIG = TrainConfig()
FIT_THREADS = 1  # see training/evaluate.py: one OpenMP thread per fit
DECIMALS = 4
SNIPPET_CHARS = 70

# Reasons of model/revise.py for the sponsor-section rule (LABELLING.md "Hard cases, decided").
SPONSOR_REASONS = ("explicit sponsor marker", "in sponsored section", "in the section under the sponsor banner",
                   "in the display ad under the sponsor banner")
# The reasons of the rule keeping credits, sign-offs and authors' bios whatever the model says (LABELLING.md).
CREDIT_REASON = ("credit or sign-off line, kept", "author's bio, kept")
_MODEL_P_RE = re.compile(r"\s*\(model p=[0-9.]+\)$")
_HEAD_RE = re.compile(r"in sponsored section of block (\d+)")

METHODS = ("leave-one-publisher-out", "leave-one-document-out", "default-model")
NOTES = {
    "leave-one-publisher-out": "every probability comes from a model fitted without the block's publisher.",
    "leave-one-document-out": "one publisher only: every probability comes from a model fitted on the other "
                              "documents (of the same publisher, so they may share its mistakes).",
    "default-model": "one document only, so no model can be fitted without it: the probabilities come from "
                     "the shipped default model, not out of fold (it may have been trained on this very pair).",
}


# -- confident learning ----------------------------------------------------------------------
def confident_thresholds(y: Sequence[int] | np.ndarray, p: Sequence[float] | np.ndarray,
                         scored: Sequence[bool] | np.ndarray | None = None) -> tuple[float | None, float | None]:
    """Per-class self-confidence thresholds of confident learning, for two classes.

    Args:
        y: reference labels, 1 = drop.
        p: out-of-fold drop probabilities.
        scored: which blocks count (all when None).

    Returns:
        ``(t_drop, t_keep)``: the mean ``p`` of the scored blocks labelled drop and the mean
        ``1 - p`` of those labelled keep; None for a class with no scored block.
    """
    yy = np.asarray(y, dtype=np.int64)
    pp = np.asarray(p, dtype=np.float64)
    mask = np.ones(len(yy), dtype=bool) if scored is None else np.asarray(scored, dtype=bool)
    drop, keep = mask & (yy == 1), mask & (yy == 0)
    t_drop = float(math.fsum(pp[drop]) / drop.sum()) if drop.any() else None
    t_keep = float(math.fsum(1.0 - pp[keep]) / keep.sum()) if keep.any() else None
    return t_drop, t_keep


def confident_suspects(y: Sequence[int] | np.ndarray, p: Sequence[float] | np.ndarray, *,
                       t_drop: float | None, t_keep: float | None, min_confidence: float,
                       scored: Sequence[bool] | np.ndarray | None = None) -> np.ndarray:
    """Which blocks the model confidently gives the other label (a missing threshold counts as 0).

    A block labelled keep is a suspect when ``p >= max(t_drop, min_confidence)``; labelled drop,
    when ``1 - p >= max(t_keep, min_confidence)``; unscored blocks never are.
    """
    yy = np.asarray(y, dtype=np.int64)
    pp = np.asarray(p, dtype=np.float64)
    mask = np.ones(len(yy), dtype=bool) if scored is None else np.asarray(scored, dtype=bool)
    need_drop = max(t_drop or 0.0, min_confidence)
    need_keep = max(t_keep or 0.0, min_confidence)
    return mask & (((yy == 0) & (pp >= need_drop)) | ((yy == 1) & (1.0 - pp >= need_keep)))


# -- records ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One suspect section of a pair (kind ``"label"``) or one line its output adds (``"addition"``)."""

    kind: str
    pair: str
    publisher: str
    label: str | None  # the reference label, "keep" or "drop"; None for an addition
    category: str | None  # the reference drop category (labels.json pairs)
    blocks: tuple[int, ...]
    lines: tuple[int, int]  # 1-based, inclusive
    proba: float | None  # mean out-of-fold drop probability of the blocks
    confidence: float  # mean probability the model gives the other label (1.0 for an addition)
    rule: str | None  # the revise rule that drops them, if any
    snippet: str
    why: str

    def to_dict(self) -> dict[str, Any]:
        """The finding's JSON object (see the module docstring)."""
        return {
            "kind": self.kind, "pair": self.pair, "publisher": self.publisher, "label": self.label,
            "category": self.category, "blocks": list(self.blocks), "lines": list(self.lines),
            "proba": None if self.proba is None else round(self.proba, DECIMALS),
            "confidence": round(self.confidence, DECIMALS), "rule": self.rule,
            "snippet": self.snippet, "why": self.why,
        }


@dataclass(frozen=True)
class AuditReport:
    """Every finding of one audit and how the probabilities were obtained."""

    method: str
    model: str
    note: str
    min_confidence: float
    t_drop: float | None
    t_keep: float | None
    pairs: tuple[str, ...]
    publishers: tuple[str, ...]
    merged: tuple[Merge, ...]
    scored_blocks: int
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object described in the module docstring."""
        return {
            "schema": SCHEMA,
            "method": self.method,
            "model": self.model,
            "note": self.note,
            "min_confidence": self.min_confidence,
            "thresholds": {"drop": _round(self.t_drop), "keep": _round(self.t_keep)},
            "pairs": {"count": len(self.pairs), "publishers": list(self.publishers),
                      "merged": [{"kept": m.kept, "kept_source": m.kept_source, "dropped": m.dropped,
                                  "dropped_source": m.dropped_source} for m in self.merged]},
            "scored_blocks": self.scored_blocks,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON with a final newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """Plain text: how the audit was run, then one paragraph per finding, most suspicious first."""
        return format_report(self)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_report(report: AuditReport) -> str:
    """The report as plain text."""
    n_pub = len(report.publishers)
    lines = [
        f"newsclean audit: {len(report.pairs)} pair(s) from {n_pub} publisher{'s' if n_pub != 1 else ''}, "
        f"{report.method} ({report.model})",
        report.note,
        f"thresholds: blocks labelled drop average p={_fmt(report.t_drop)}, blocks labelled keep average "
        f"1-p={_fmt(report.t_keep)}; a suspect also needs {report.min_confidence:.2f}; "
        f"{report.scored_blocks} blocks scored",
    ]
    labels = [f for f in report.findings if f.kind == "label"]
    additions = [f for f in report.findings if f.kind == "addition"]
    lines.append(f"{len(labels)} suspect section(s), {len(additions)} added line(s)"
                 if report.findings else "no findings: the model does not confidently disagree with any label")
    for f in report.findings:
        lines.append("")
        if f.kind == "addition":
            lines.append(f"{f.pair}  output.md line {f.lines[0]}  added text")
        else:
            span = f"block {f.blocks[0]}" if len(f.blocks) == 1 else f"blocks {f.blocks[0]}-{f.blocks[-1]}"
            where = f"line {f.lines[0]}" if f.lines[0] == f.lines[1] else f"lines {f.lines[0]}-{f.lines[1]}"
            label = f.label if f.category is None else f"{f.label} ({f.category})"
            lines.append(f"{f.pair}  {span}  {where}  labelled {label}  p={_fmt(f.proba)}"
                         + (f"  rule: {f.rule}" if f.rule else ""))
        lines.append(f"  {f.why}")
        lines.append(f"  {f.snippet}")
    return "\n".join(lines) + "\n"


# -- out-of-fold decisions -------------------------------------------------------------------
@dataclass(frozen=True)
class _Scored:
    """One document's out-of-fold probabilities and final decisions."""

    doc: Doc
    proba: np.ndarray
    keep: tuple[bool, ...]
    threshold: float
    reasons: tuple[str, ...] = ()  # the final decisions' reasons


def _fit(train: Sequence[Doc], config: TrainConfig, held: str) -> Cleaner:
    from threadpoolctl import threadpool_limits

    cleaner = Cleaner(config=config)
    try:
        with threadpool_limits(limits=FIT_THREADS, user_api="openmp"):
            cleaner.fit(list(train))
    except ValueError as exc:
        raise NewscleanError(f"fold {held}: cannot fit on the other pairs: {exc}") from exc
    return cleaner


def _decide(cleaner: Cleaner, doc: Doc) -> _Scored:
    decisions = cleaner.decide(list(doc.blocks))
    return _Scored(doc, np.array([d.proba for d in decisions], dtype=np.float64),
                   tuple(d.keep for d in decisions), float(cleaner.threshold_), tuple(d.reason for d in decisions))


def out_of_fold(docs: Sequence[Doc], config: TrainConfig) -> tuple[str, str, list[_Scored]]:
    """Decide every document with a model that did not see it (see the module docstring).

    Returns:
        The method, a description of the model(s) and each document's decisions, in ``docs`` order.
    """
    publishers = sorted({d.group for d in docs})
    if len(publishers) >= 2:
        method, fold_of = "leave-one-publisher-out", [d.group for d in docs]
        fit_docs = list(docs)
    elif len(docs) >= 2:
        method = "leave-one-document-out"
        # each document its own group, so that the fold model's inner folds have groups to split
        fold_of = [f"{d.name or 'document'}#{i}" for i, d in enumerate(docs)]
        fit_docs = [replace(d, group=g) for d, g in zip(docs, fold_of, strict=True)]
    else:
        from newsclean.model.pipeline import load_model

        return "default-model", "the shipped default model", [_decide(load_model(None), docs[0])]
    folds = sorted(set(fold_of))
    scored: dict[int, _Scored] = {}
    with ThresholdFallbacks("fold", len(folds)):
        for n, held in enumerate(folds, start=1):
            held_at = [i for i, g in enumerate(fold_of) if g == held]
            train = [d for d, g in zip(fit_docs, fold_of, strict=True) if g != held]
            log.info("fold %d/%d: %s held out; fitting on %d pair(s)", n, len(folds), held.split("#")[0], len(train))
            cleaner = _fit(train, config, held)
            scored.update((i, _decide(cleaner, docs[i])) for i in held_at)
    what = f"a fresh Cleaner per fold, TrainConfig max_iter={config.max_iter} random_state={config.random_state}"
    return method, what, [scored[i] for i in range(len(docs))]


# -- findings --------------------------------------------------------------------------------
def sponsor_rule_reasons(s: _Scored) -> list[str | None]:
    """Per block, the sponsor-section rule's reason when the final decision drops it by that rule.

    The rules are run with the model's drops switched off (threshold infinite), so the reason is
    found even where the model drops the block on its own.
    """
    ruled = revise(s.doc.blocks, s.doc.stats, s.proba, math.inf)
    out: list[str | None] = []
    for keep_final, (keep_rule, reason) in zip(s.keep, ruled, strict=True):
        clean = _MODEL_P_RE.sub("", reason)
        out.append(clean if not keep_final and not keep_rule and clean.startswith(SPONSOR_REASONS) else None)
    return out


def _snippet(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= SNIPPET_CHARS else one[: SNIPPET_CHARS - 1] + "…"


def _marker(s: _Scored, head: int) -> str:
    """The sponsor words of a section's head block: "(Sponsored)", "Presented by", ..."""
    visible = s.doc.stats[head].markup.visible
    text = s.doc.blocks[head].text
    found = MARKER_RE.search(text) or MARKER_RE.search(visible) or BANNER_RE.match(visible)
    return found.group(0).strip() if found else "sponsor"


def _why(s: _Scored, label: int, category: str | None, proba: float, blocks: Sequence[int],
         rule: str | None, heads: Sequence[int], need: float) -> str:
    p_text = f"p={proba:.2f}" if len(blocks) == 1 else f"mean p={proba:.2f} over {len(blocks)} blocks"
    if label == 0 and rule is not None:
        head = heads[0]
        kind = "heading" if s.doc.blocks[head].kind == "heading" else "title"
        model = (f"the model drops it ({p_text}, {rule})" if all(s.proba[i] >= s.threshold for i in blocks)
                 else f"the rules drop it ({rule}; the model: {p_text}, its threshold {s.threshold:.2f})")
        return f'labelled keep, but under "{_marker(s, head)}" {kind} at line {s.doc.blocks[head].start + 1}: {model}'
    if label == 0:
        return f"labelled keep, but the model confidently drops it ({p_text}, suspect from p>={need:.2f})"
    what = "drop" if category is None else f"drop ({category})"
    return (f"labelled {what}, but the model confidently keeps it ({p_text}, 1-p={1 - proba:.2f}, "
            f"suspect from 1-p>={need:.2f})")


def _group(indices: Sequence[int], y: np.ndarray) -> list[list[int]]:
    """Runs of consecutive block indices with the same label."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1 and y[runs[-1][-1]] == y[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def doc_findings(s: _Scored, suspect: np.ndarray, rules: Sequence[str | None], *,
                 t_drop: float | None, t_keep: float | None, min_confidence: float) -> list[Finding]:
    """The findings of one document: its suspects grouped into sections."""
    doc = s.doc
    y = np.asarray(doc.y, dtype=np.int64)
    # the sponsor rule contradicts a keep label, and backs a drop label (a drop the rule makes is not
    # one the model "keeps", whatever its probability); the credit rule backs a keep label
    backed = [(rules[i] is not None and y[i] == 1)
              or (y[i] == 0 and s.keep[i] and s.reasons[i].startswith(CREDIT_REASON))
              for i in range(len(doc.blocks))]
    flagged = [i for i in range(len(doc.blocks))
               if (suspect[i] and not backed[i]) or (rules[i] is not None and y[i] == 0 and doc.stats[i].alnum)]
    found = []
    for run in _group(flagged, y):
        label = int(y[run[0]])
        scored = [i for i in run if doc.stats[i].alnum]
        proba = float(np.mean(s.proba[scored]))
        run_rules = [r for i in run if (r := rules[i]) is not None and label == 0]
        rule = next((r for r in run_rules if r.startswith(SPONSOR_REASONS[0])), run_rules[0] if run_rules else None)
        heads = []  # the blocks whose sponsor marker opened the section(s)
        for i in run:
            r = rules[i] or ""
            m = _HEAD_RE.match(r)
            if m or r.startswith(SPONSOR_REASONS[0]):
                heads.append(int(m.group(1)) if m else i)
        categories = sorted({c for i in run if (c := doc.categories[i]) is not None})
        category = ", ".join(categories) or None
        need = max((t_drop if label == 0 else t_keep) or 0.0, min_confidence)
        found.append(Finding(
            kind="label", pair=doc.name, publisher=doc.group, label="drop" if label else "keep",
            category=category, blocks=tuple(run),
            lines=(doc.blocks[run[0]].start + 1, doc.blocks[run[-1]].end),
            proba=proba, confidence=proba if label == 0 else 1.0 - proba, rule=rule,
            snippet=_snippet(doc.blocks[run[0]].text),
            why=_why(s, label, category, proba, scored, rule, heads, need),
        ))
    return found


def _additions(report: PairReport) -> list[Finding]:
    return [Finding(kind="addition", pair=report.name, publisher=report.publisher, label=None, category=None,
                    blocks=(), lines=(a.line, a.line), proba=None, confidence=1.0, rule=None,
                    snippet=_snippet(a.text),
                    why="output.md adds this line, which is not in input.md (nothing is ever added)")
            for a in report.additions]


def _order(f: Finding) -> tuple[int, bool, float, str, int]:
    """Report order: labels before additions; rule-backed first; most confident first."""
    return (f.kind != "label", f.rule is None, -f.confidence, f.pair, f.lines[0])


def audit(pairs: Sequence[Pair], *, config: TrainConfig | None = None,
          min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> AuditReport:
    """Find blocks whose reference label the out-of-fold model confidently disagrees with.

    Args:
        pairs: labelled pairs (deduplicated here); outputs that add text are accepted and their
            added lines reported as findings.
        config: training settings of the fold models (``DEFAULT_CONFIG`` when None).
        min_confidence: the least probability of the other label a suspect needs, 0..1.

    Returns:
        The report, findings in report order (see the module docstring).

    Raises:
        NewscleanError: ``min_confidence`` outside 0..1, no pairs with blocks, a fold that cannot
            be fitted (its training labels have one class), or a missing default model.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise NewscleanError(f"min-confidence {min_confidence} is outside 0..1")
    kept, merged = dedupe(pairs)
    docs, reports = labelled_docs(kept, allow_additions=True)
    if not docs:
        raise NewscleanError("no pairs with blocks to audit")
    method, what, scored = out_of_fold(docs, config or DEFAULT_CONFIG)
    y = np.concatenate([s.doc.y for s in scored])
    p = np.concatenate([s.proba for s in scored])
    alnum = np.array([st.alnum for s in scored for st in s.doc.stats], dtype=bool)
    t_drop, t_keep = confident_thresholds(y, p, alnum)
    suspects = confident_suspects(y, p, t_drop=t_drop, t_keep=t_keep, min_confidence=min_confidence, scored=alnum)
    findings: list[Finding] = []
    start = 0
    for s in scored:
        n = len(s.doc.blocks)
        findings += doc_findings(s, suspects[start : start + n], sponsor_rule_reasons(s),
                                 t_drop=t_drop, t_keep=t_keep, min_confidence=min_confidence)
        start += n
    for report in reports:
        findings += _additions(report)
    return AuditReport(
        method=method, model=what, note=NOTES[method], min_confidence=float(min_confidence),
        t_drop=t_drop, t_keep=t_keep, pairs=tuple(d.name for d in docs),
        publishers=tuple(sorted({d.group for d in docs})), merged=tuple(merged),
        scored_blocks=int(alnum.sum()), findings=tuple(sorted(findings, key=_order)),
    )


# -- command ---------------------------------------------------------------------------------
def audit_command(args: argparse.Namespace) -> int:
    """``newsclean audit``: print the findings on stdout, write ``--json`` if given.

    Args:
        args: ``pairs`` (list of paths), ``json`` (path or None), ``min_confidence`` (float).

    Returns:
        0: findings are not errors.
    """
    from newsclean.training.evaluate import load_many, write_text_atomic

    report = audit(load_many(args.pairs), min_confidence=args.min_confidence)
    sys.stdout.write(report.to_text())
    if args.json is not None:
        write_text_atomic(args.json, report.to_json())
        log.info("wrote %s", args.json)
    return 0
