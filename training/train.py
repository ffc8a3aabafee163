"""Fit a cleaner on labelled pairs and save it with a card saying what it learned from.

``train`` is the library call (pairs in, fitted ``Cleaner`` out); ``train_command`` is
``newsclean train``: it prints what the model learned from and its out-of-fold figures, saves the
model file, and with ``--card`` also runs the leave-one-publisher-out evaluation and writes a model
card. The model file holds no timestamp, so the same pairs and seed give the same card.
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from newsclean.data.pairs import Pair
from newsclean.model import persist
from newsclean.model.cleaner import Cleaner, Doc, FitReport, TrainConfig
from newsclean.training.evaluate import (
    FIT_THREADS,
    EvalReport,
    check_output_path,
    distinct_extras,
    evaluate_docs,
    extra_docs,
    fold_jobs,
    load_extra,
    load_many,
    write_text_atomic,
)
from newsclean.training.labels import Merge, PairReport, dedupe, labelled_docs
from newsclean.training.metrics import CATEGORIES

from newsclean.errors import NewscleanError

log = logging.getLogger(__name__)

# The training settings `newsclean train` uses; --seed replaces only random_state.
DEFAULT_CONFIG = TrainConfig()


@dataclass(frozen=True)
class TrainSummary:
    """What a model learned from: the pairs used (with their counts) and the duplicates merged."""

    pairs: tuple[PairReport, ...]
    merged: tuple[Merge, ...]

    @property
    def publishers(self) -> list[str]:
        """Distinct publishers, sorted."""
        return sorted({p.publisher for p in self.pairs})

    @property
    def blocks(self) -> int:
        """Blocks over all pairs."""
        return sum(p.blocks for p in self.pairs)

    @property
    def dropped(self) -> int:
        """Dropped blocks over all pairs."""
        return sum(p.dropped for p in self.pairs)

    def dropped_by_category(self) -> dict[str, int]:
        """Dropped blocks per category (labelled pairs only), in category order."""
        counts: Counter[str] = Counter()
        for p in self.pairs:
            counts.update(p.dropped_by_category)
        ordered = [c for c in CATEGORIES if c in counts] + sorted(c for c in counts if c not in CATEGORIES)
        return {c: counts[c] for c in ordered}

    def to_dict(self) -> dict[str, Any]:
        """The card's ``trained_on`` entry."""
        sources = Counter(p.label_source for p in self.pairs)
        return {
            "pairs": [
                {"name": p.name, "publisher": p.publisher, "blocks": p.blocks, "dropped": p.dropped,
                 "labels": p.label_source}
                for p in self.pairs
            ],
            "publishers": self.publishers,
            "documents": len(self.pairs),
            "blocks": self.blocks,
            "dropped": self.dropped,
            "dropped_by_category": self.dropped_by_category(),
            "label_sources": dict(sorted(sources.items())),
            "merged": [{"kept": m.kept, "dropped": m.dropped, "dropped_source": m.dropped_source}
                       for m in self.merged],
        }


def train(pairs: Sequence[Pair], *, config: TrainConfig | None = None, allow_additions: bool = False,
          progress: Callable[[str], None] | None = None, extra: Sequence[Pair] = ()
          ) -> tuple[Cleaner, FitReport, TrainSummary]:
    """Fit a cleaner on labelled pairs.

    Args:
        pairs: the pairs (deduplicated here, see ``labels.dedupe``).
        config: training settings; ``DEFAULT_CONFIG`` when None.
        allow_additions: accept unlabelled pairs whose output adds text (see ``labelled_docs``).
        progress: called with a short message before each fitting step (INFO log by default).
        extra: more pairs to fit on, never scored (``--extra``; see ``evaluate.load_extra``).

    Returns:
        The fitted cleaner, its fit report (out-of-fold figures, threshold) and a summary of
        the pairs it learned from.

    Raises:
        NewscleanError: no usable pairs, a pair that adds text, or labels of one class only.
    """
    docs, summary = labelled(pairs, allow_additions=allow_additions)
    extras, _ = extra_docs(extra, pairs, allow_additions=allow_additions)
    cleaner, fit_report = fit_docs(docs, config=config, progress=progress, extra=extras)
    return cleaner, fit_report, summary


def labelled(pairs: Sequence[Pair], *, allow_additions: bool) -> tuple[list[Doc], TrainSummary]:
    """Deduplicate and label pairs (``labels.dedupe``, ``labels.labelled_docs``)."""
    kept, merged = dedupe(pairs)
    docs, reports = labelled_docs(kept, allow_additions=allow_additions)
    if not docs:
        raise NewscleanError("no pairs with blocks to train on")
    return docs, TrainSummary(tuple(reports), tuple(merged))


# How the out-of-fold figures of a fit were grouped (the card's ``fit_report.grouping``), and
# what ``newsclean train`` prints before them.
GROUPING_LABELS = {
    "publisher": "out of fold (inner folds grouped by publisher)",
    "document": "out of fold (inner folds grouped by document: all pairs have one publisher, so expect less "
                "on another publisher's newsletters)",
    "none": "in-sample (one pair only: no out-of-fold estimate; these figures flatter the model)",
}


def fold_groups(docs: Sequence[Doc]) -> tuple[list[Doc], str]:
    """The documents grouped for the fit's inner folds, and the grouping's name (``GROUPING_LABELS``).

    By publisher when there are two or more; else each document its own group (a JSONL or Parquet
    file without a ``publisher`` column is one publisher), so that the inner folds, and the
    out-of-fold figures and threshold they give, never see the document they score; with a single
    document there are no folds and the figures are in-sample.
    """
    if len({d.group for d in docs}) >= 2:
        return list(docs), "publisher"
    if len(docs) >= 2:
        return [replace(d, group=f"{d.name or 'document'}#{i}") for i, d in enumerate(docs)], "document"
    return list(docs), "none"


def fit_docs(docs: Sequence[Doc], *, config: TrainConfig | None = None,
             progress: Callable[[str], None] | None = None, extra: Sequence[Doc] = ()) -> tuple[Cleaner, FitReport]:
    """Fit a fresh cleaner on labelled documents, one OpenMP thread (see ``FIT_THREADS``).

    The inner folds are grouped by ``fold_groups``; the report's ``publishers`` are the real ones.
    ``extra`` documents are fitted on and never scored (``Cleaner.fit``).
    """
    from threadpoolctl import threadpool_limits

    cleaner = Cleaner(config=config or DEFAULT_CONFIG)
    say = progress or (lambda step: log.info("fitting: %s", step))
    grouped, _ = fold_groups(docs)
    try:
        with threadpool_limits(limits=FIT_THREADS, user_api="openmp"):
            fit_report = cleaner.fit(grouped, progress=say, extra=extra)
    except ValueError as exc:
        raise NewscleanError(f"cannot fit on these pairs: {exc}") from exc
    return cleaner, replace(fit_report, publishers=sorted({d.group for d in docs}))


def reproduce_command(args: argparse.Namespace, seed: int, extra_weight: float | None = None) -> str:
    """The ``newsclean train`` command line that rebuilds this model.

    With ``--extra`` pairs it names the weight they were fitted with (``extra_weight``, else
    ``args.extra_weight``) in full, so that a later change of the default does not change the model it builds.
    """
    parts = ["newsclean", "train"]
    for path in args.pairs:
        parts += ["--pairs", str(path)]
    extra = getattr(args, "extra", None) or []
    for path in extra:
        parts += ["--extra", str(path)]
    weight = extra_weight if extra_weight is not None else getattr(args, "extra_weight", None)
    if extra and weight is not None:
        parts += ["--extra-weight", repr(float(weight))]
    parts += ["--out", str(args.out)]
    if args.allow_additions:
        parts.append("--allow-additions")
    if args.card is not None:
        parts += ["--card", str(args.card)]
        if getattr(args, "holdout", None) is not None:
            parts += ["--holdout", str(args.holdout)]
    parts += ["--seed", str(seed)]
    return shlex.join(parts)


def lopo_card(report: EvalReport) -> dict[str, Any]:
    """The card's ``lopo`` entry: the evaluation JSON without the quoted block snippets."""
    full = report.to_dict()
    documents = [
        {key: value for key, value in doc.items() if key not in ("false_drops", "missed")}
        | {"false_drops": len(doc["false_drops"]), "missed": len(doc["missed"])}
        for doc in full["documents"]
    ]
    keep = ("schema", "mode", "note", "thresholds", "unscored_blocks", "totals", "categories", "folds")
    return {key: full[key] for key in keep} | {"documents": documents}


def build_card(summary: TrainSummary, fit_report: FitReport, command: str,
               lopo: EvalReport | None = None, grouping: str = "publisher",
               extra: TrainSummary | None = None) -> dict[str, Any]:
    """The card stored in the model file: data, fit report (with its folds' ``grouping``), command, LOPO figures.

    ``extra``: the pairs fitted on and never scored (``--extra``), under ``trained_on.extra``.
    """
    fit = asdict(fit_report) | {"grouping": grouping}
    trained_on = summary.to_dict()
    if extra is not None and extra.pairs:
        trained_on["extra"] = extra.to_dict()
    card: dict[str, Any] = {"trained_on": trained_on, "fit_report": fit, "command": command}
    if lopo is not None:
        card["lopo"] = lopo_card(lopo)
    return card


def format_summary(summary: TrainSummary, fit_report: FitReport, grouping: str = "publisher",
                   extra: TrainSummary | None = None) -> str:
    """What ``newsclean train`` prints: the data it learned from, then the figures of the fit, named by grouping."""
    by_category = ", ".join(f"{c} {n}" for c, n in summary.dropped_by_category().items()) or "no categories"
    sources = Counter(p.label_source for p in summary.pairs)
    lines = [
        f"trained on {len(summary.pairs)} pairs from {len(summary.publishers)} publishers: "
        f"{summary.blocks} blocks, {summary.dropped} dropped ({by_category})",
        "labels: " + ", ".join(f"{n} from {s}" for s, n in sorted(sources.items())),
        f"publishers: {', '.join(summary.publishers)}",
    ]
    if summary.merged:
        merged = ", ".join(f"{m.dropped_source} into {m.kept}" for m in summary.merged)
        lines.append(f"merged {len(summary.merged)} duplicate pair(s): {merged}")
    else:
        lines.append("merged 0 duplicate pairs")
    if extra is not None and extra.pairs:
        lines.append(f"also fitted on {len(extra.pairs)} extra pairs from {len(extra.publishers)} publishers "
                     f"(never scored): {extra.blocks} blocks, {extra.dropped} dropped, weight "
                     f"{fit_report.config.get('extra_weight', 1.0):g}")
    lines.append(
        f"{GROUPING_LABELS[grouping]}: drop precision {fit_report.oof_precision:.3f}, "
        f"recall {fit_report.oof_recall:.3f}, F1 {fit_report.oof_f1:.3f}; threshold {fit_report.threshold:.2f}"
    )
    return "\n".join(lines) + "\n"


def read_holdout(path: str | Path) -> list[str]:
    """The publishers of a frozen split file: a JSON list, or an object with ``confirm_publishers``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NewscleanError(f"{path}: cannot read the held-out publishers ({exc})") from None
    names = data.get("confirm_publishers") if isinstance(data, dict) else data
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise NewscleanError(f"{path}: expected a JSON list of publisher names (or {{\"confirm_publishers\": [...]}})")
    return names


def read_holdout_notes(path: str | Path) -> list[str]:
    """What a frozen split file says was studied of its publishers after it was frozen (``studied_since``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))  # read_holdout has checked it reads
    notes = data.get("studied_since", []) if isinstance(data, dict) else []
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise NewscleanError(f"{path}: \"studied_since\" must be a list of sentences")
    return notes


def holdout_evaluation(docs: Sequence[Doc], publishers: Sequence[str], config: TrainConfig,
                       extra: Sequence[Doc] = ()) -> EvalReport:
    """Fit on every publisher but ``publishers`` and score those: the frozen split's honest figures.

    ``extra`` documents of other publishers are fitted on too (``--extra``).
    """
    held = [d for d in docs if d.group in set(publishers)]
    rest = [d for d in docs if d.group not in set(publishers)]
    if not held or not rest:
        raise NewscleanError("--holdout must name some, but not all, of the pairs' publishers")
    log.info("frozen split: fitting on %d pairs, scoring %d held-out pairs", len(rest), len(held))
    extra = distinct_extras([e for e in extra if e.group not in set(publishers)], held)
    cleaner, _ = fit_docs(rest, config=config, extra=extra)
    return evaluate_docs(held, model=cleaner)


def train_command(args: argparse.Namespace) -> int:
    """``newsclean train``: fit, print what was learned, save the model (and a card with --card).

    Args:
        args: ``pairs`` (list of paths), ``out`` (model path), ``allow_additions`` (bool),
            ``card`` (path or None), ``seed`` (int or None: the default config's).

    Returns:
        0.
    """
    config = DEFAULT_CONFIG if args.seed is None else replace(DEFAULT_CONFIG, random_state=args.seed)
    if getattr(args, "extra_weight", None) is not None:
        if not getattr(args, "extra", None):
            raise NewscleanError("--extra-weight weighs the --extra pairs: pass --extra too")
        config = replace(config, extra_weight=args.extra_weight)
    out = Path(args.out)
    if out.is_dir():
        raise NewscleanError(f"{out}: is a directory; --out takes the model file to write")
    check_output_path(out, "--out")
    if args.card is not None:  # checked before the long fit, not after it
        check_output_path(args.card, "--card")
        if Path(args.card).resolve() == out.resolve():
            raise NewscleanError(f"{out}: --out and --card name the same file; give the card another name")
    if getattr(args, "jobs", None) is not None and args.card is None:
        raise NewscleanError("--jobs sets the processes fitting the folds of the model card's leave-one-publisher-out "
                             "evaluation: pass --card too (the model itself is fitted in one process)")
    held_out: list[str] | None = None
    holdout_notes: list[str] = []
    if getattr(args, "holdout", None) is not None:  # checked before the long fit, not after it
        if args.card is None:
            raise NewscleanError("--holdout adds the frozen split's figures to the model card: pass --card too")
        held_out = read_holdout(args.holdout)
        holdout_notes = read_holdout_notes(args.holdout)
    pairs = load_many(args.pairs)
    docs, summary = labelled(pairs, allow_additions=args.allow_additions)
    extra, extra_reports = load_extra(getattr(args, "extra", None) or [], pairs, allow_additions=args.allow_additions)
    extra_summary = TrainSummary(tuple(extra_reports), ()) if extra else None
    if args.card is not None and len(summary.publishers) < 2:
        raise NewscleanError(f"--card needs pairs from 2 or more publishers for its leave-one-publisher-out figures; "
                             f"got {len(summary.publishers)} ({', '.join(summary.publishers)}): add a 'publisher' "
                             "column (JSONL/Parquet) or meta.json, or train without --card")
    groups = {d.group for d in docs}
    if held_out is not None and (unknown := sorted(set(held_out) - groups)):
        raise NewscleanError(f"--holdout names publishers that none of the pairs has: {', '.join(unknown)} "
                             f"(the pairs' publishers: {', '.join(sorted(groups))})")
    if held_out is not None and not 0 < len(set(held_out) & groups) < len(groups):
        raise NewscleanError("--holdout must name some, but not all, of the pairs' publishers")
    grouping = fold_groups(docs)[1]
    cleaner, fit_report = fit_docs(docs, config=config, extra=extra)
    sys.stdout.write(format_summary(summary, fit_report, grouping, extra_summary))
    sys.stdout.flush()
    lopo = None
    if args.card is not None:
        log.info("leave-one-publisher-out evaluation for the model card")
        lopo = evaluate_docs(docs, cv="publisher", config=config, merged=summary.merged, extra=extra,
                             jobs=fold_jobs(getattr(args, "jobs", None), len(summary.publishers)))
        sys.stdout.write(
            f"leave-one-publisher-out: drop precision {lopo.by_block.precision:.3f}, "
            f"recall {lopo.by_block.recall:.3f}, F1 {lopo.by_block.f1:.3f} by block; "
            f"F1 {lopo.by_char.f1:.3f} by char\n"
        )
    holdout = None
    if held_out is not None:
        holdout = holdout_evaluation(docs, held_out, config, extra)
        sys.stdout.write(f"held-out publishers (frozen split): drop precision {holdout.by_block.precision:.3f}, "
                         f"recall {holdout.by_block.recall:.3f}, F1 {holdout.by_block.f1:.3f} by block\n")
    card = build_card(summary, fit_report, reproduce_command(args, config.random_state, config.extra_weight), lopo,
                      grouping, extra_summary)
    cleaner.card_ = card
    persist.save(cleaner.to_state(card=card), out)
    sys.stdout.write(f"saved model to {out}\n")
    if args.card is not None and lopo is not None:
        from newsclean.training.model_card import render_card

        write_text_atomic(args.card, render_card(card, lopo, cleaner.feature_names_, holdout, holdout_notes,
                                                  str(args.holdout) if held_out is not None else ""))
        sys.stdout.write(f"wrote model card to {args.card}\n")
    return 0
