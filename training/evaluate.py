"""Score a cleaner on labelled pairs, or estimate one honestly by leaving one publisher out.

Two modes:

- ``cv="publisher"`` (mode ``"cv-publisher"``): for each publisher, a fresh ``Cleaner`` is fitted
  on the other publishers' pairs and decides the held-out publisher's pairs. Every figure is then
  on newsletters from a publisher the model never saw: the headline number.
- ``cv=None`` (mode ``"model"``): a given fitted model decides every pair. The figures are on
  whatever pairs were given; if the model was trained on them, they are training-set figures.

Scoring is :mod:`newsclean.training.metrics`: drop is the positive class, by block and by
character, blocks without letters or digits unscored.

``EvalReport.to_json()`` writes this object (keys always present, in this order)::

    {
      "schema": "newsclean-evaluate/1",
      "mode": "cv-publisher" | "model",
      "model": str,              # what decided: "fresh Cleaner per fold (...)" or the model file
      "note": str,               # what the figures mean (training-set warning in "model" mode)
      "thresholds": {str: float},  # per held-out publisher (cv) or {"model": t}
      "pairs": {"count": int, "publishers": [str],
                "merged": [{"kept": str, "kept_source": str, "dropped": str, "dropped_source": str}]},
      "unscored_blocks": int,    # blocks with no letters or digits, left out of every figure
      "totals": {"block": COUNTS, "char": COUNTS},
      "news_lost": float,        # characters of blocks labelled keep that were dropped / all labelled keep
      "without_history": {"block": COUNTS, "char": COUNTS, "news_lost": float, "categories": {...}} | null,
                                 # the same decisions taken with no history (each pair on its own)
      "categories": {"ad" | "self_promo" | "chrome" | "footer" | "tracking" | "games":
                     {"recall": float | null, "dropped": int, "total": int}},  # all six, in order
      "folds": [{"publisher": str, "documents": [str], "train_documents": int,
                 "threshold": float, "block": COUNTS, "char": COUNTS}],   # [] in "model" mode
      "documents": [{"name": str, "publisher": str, "threshold": float,
                     "scored": int, "unscored": int, "block": COUNTS, "char": COUNTS,
                     "categories": {category: {"recall", "dropped", "total"}},  # present ones
                     "false_drops": [{"index": int, "snippet": str}],
                     "missed": [{"index": int, "category": str | null, "snippet": str}]}],
      "baselines": {"keep-all" | "rules" | "trafilatura":     # trafilatura only when installed
                    {"totals": {"block": COUNTS, "char": COUNTS}, "categories": {category: ...},
                     "documents": [{"name": str, "block": COUNTS, "char": COUNTS}]}}
    }

    COUNTS = {"precision": float, "recall": float, "f1": float,
              "tp": int, "fp": int, "fn": int, "tn": int}   # blocks, or characters

Floats are rounded to 4 decimals; the zero-division rules are in ``metrics``. Block indices are
0-based positions in ``parse_blocks(input.md)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsclean.data.pairs import Pair, load_pairs
from newsclean.features.history import History
from newsclean.model.cleaner import Cleaner, Decision, Doc, TrainConfig
from newsclean.training.labels import Merge, PairReport, content_key, dedupe, labelled_docs
from newsclean.training.metrics import CategoryRecall, Counts, DocScore, category_totals, score_document, totals

from newsclean.errors import NewscleanError
from newsclean.io import available_cpus, is_dir, write_atomic

log = logging.getLogger(__name__)

SCHEMA = "newsclean-evaluate/1"
# The settings the fold models of `newsclean evaluate --cv publisher` are fitted with.
DEFAULT_CONFIG = TrainConfig()
CV_MODES = ("publisher",)
DECIMALS = 4

# OpenMP threads per fit. The corpus is ~1,300 rows: one thread loses nothing, and on a busy
# machine several threads made a fit 10-20x slower (measured on 2 shared cores: 131 s vs 12 s).
FIT_THREADS = 1
# Leave-one-publisher-out worker processes when the caller does not say (one per CPU, at most this many): each
# fits one fold at a time with one thread, and holds its own copy of the documents.
MAX_AUTO_FOLD_JOBS = 4

NOTE_PASSES = (" Decisions are those of clean()'s output: every pass (a block a later pass dropped counts as "
               "dropped), not the first pass alone.")
NOTE_HISTORY = (NOTE_PASSES + " History: each pair was decided with the other pairs' inputs as history "
                "(as a folder is cleaned).")
NOTE_NO_HISTORY = NOTE_PASSES + " History: none (each pair was decided on its own, as a single file is cleaned)."
NOTE_CV = ("leave-one-publisher-out: every document was decided by a model fitted without its "
           "publisher, so these figures estimate quality on a new publisher's newsletters.")
NOTE_MODEL = ("these figures are on the pairs given, whatever they are: if the model was trained "
              "on them, they are training-set figures, not an estimate for new newsletters "
              "(use --cv publisher for that).")


@dataclass(frozen=True)
class FoldScore:
    """One leave-one-publisher-out fold: the held-out publisher and how its documents scored."""

    publisher: str
    documents: tuple[str, ...]
    train_documents: int
    threshold: float
    by_block: Counts
    by_char: Counts


@dataclass(frozen=True)
class DocDetail:
    """One document's blocks, labels and the model's decisions: what the HTML report draws."""

    name: str
    publisher: str
    texts: tuple[str, ...]
    y: tuple[int, ...]  # 1 = should be dropped
    categories: tuple[str | None, ...]
    keep: tuple[bool, ...]
    proba: tuple[float, ...]  # the model's drop probability (before the section rules)
    threshold: float
    reasons: tuple[str, ...] = ()  # per block, why it was kept or dropped (the rule, or "model p=…")


@dataclass(frozen=True)
class BaselineScore:
    """A baseline cleaner's figures on the same documents."""

    name: str
    by_block: Counts
    by_char: Counts
    categories: dict[str, CategoryRecall]
    documents: tuple[DocScore, ...]
    keep: tuple[tuple[bool, ...], ...] = ()  # per document, per block


@dataclass(frozen=True)
class Alone:
    """The headline figures of the same decisions taken without history (each pair on its own)."""

    by_block: Counts
    by_char: Counts
    categories: dict[str, CategoryRecall]

    @classmethod
    def of(cls, scores: Sequence[DocScore]) -> Alone:
        """Totals of the documents' scores."""
        by_block, by_char = totals(scores)
        return cls(by_block, by_char, category_totals(scores))

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``without_history`` entry."""
        return {"block": _counts_dict(self.by_block), "char": _counts_dict(self.by_char),
                "news_lost": _round(self.by_char.lost), "categories": _categories_dict(self.categories)}


@dataclass(frozen=True)
class EvalReport:
    """Every figure of one evaluation; ``to_text`` for people, ``to_json`` for machines."""

    mode: str  # "cv-publisher" or "model"
    model: str
    note: str
    thresholds: dict[str, float]
    publishers: tuple[str, ...]
    merged: tuple[Merge, ...]
    by_block: Counts
    by_char: Counts
    categories: dict[str, CategoryRecall]
    documents: tuple[DocScore, ...]
    folds: tuple[FoldScore, ...] = ()
    baselines: dict[str, BaselineScore] = field(default_factory=dict)
    details: tuple[DocDetail, ...] = ()  # per document, for the HTML report (not in the JSON)
    alone: Alone | None = None  # the same evaluation without history, when it was run with history

    def threshold_of(self, score: DocScore) -> float:
        """The threshold a document was decided with."""
        return self.thresholds.get(score.publisher, self.thresholds.get("model", float("nan")))

    def to_text(self) -> str:
        """Aligned plain-text tables: headline, per-category recall, per fold, per document."""
        return format_report(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object described in the module docstring."""
        return {
            "schema": SCHEMA,
            "mode": self.mode,
            "model": self.model,
            "note": self.note,
            "thresholds": {key: _round(value) for key, value in self.thresholds.items()},
            "pairs": {
                "count": len(self.documents),
                "publishers": list(self.publishers),
                "merged": [
                    {"kept": m.kept, "kept_source": m.kept_source, "dropped": m.dropped,
                     "dropped_source": m.dropped_source}
                    for m in self.merged
                ],
            },
            "unscored_blocks": sum(score.unscored for score in self.documents),
            "totals": {"block": _counts_dict(self.by_block), "char": _counts_dict(self.by_char)},
            "news_lost": _round(self.by_char.lost),
            "without_history": None if self.alone is None else self.alone.to_dict(),
            "categories": _categories_dict(self.categories),
            "folds": [
                {"publisher": fold.publisher, "documents": list(fold.documents),
                 "train_documents": fold.train_documents, "threshold": _round(fold.threshold),
                 "block": _counts_dict(fold.by_block), "char": _counts_dict(fold.by_char)}
                for fold in self.folds
            ],
            "documents": [
                {"name": score.name, "publisher": score.publisher, "threshold": _round(self.threshold_of(score)),
                 "scored": score.scored, "unscored": score.unscored,
                 "block": _counts_dict(score.by_block), "char": _counts_dict(score.by_char),
                 "categories": _categories_dict(score.categories),
                 "false_drops": [{"index": e.index, "snippet": e.snippet} for e in score.false_drops],
                 "missed": [{"index": e.index, "category": e.category, "snippet": e.snippet} for e in score.missed]}
                for score in self.documents
            ],
            "baselines": {
                name: {"totals": {"block": _counts_dict(b.by_block), "char": _counts_dict(b.by_char)},
                       "categories": _categories_dict(b.categories),
                       "documents": [{"name": s.name, "block": _counts_dict(s.by_block),
                                      "char": _counts_dict(s.by_char)} for s in b.documents]}
                for name, b in self.baselines.items()
            },
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON (non-ASCII kept), ending with a newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _round(value: float) -> float:
    return round(float(value), DECIMALS)


def _counts_dict(counts: Counts) -> dict[str, float | int]:
    return {"precision": _round(counts.precision), "recall": _round(counts.recall), "f1": _round(counts.f1),
            "tp": counts.tp, "fp": counts.fp, "fn": counts.fn, "tn": counts.tn}


def _categories_dict(categories: dict[str, CategoryRecall]) -> dict[str, dict[str, float | int | None]]:
    return {
        name: {"recall": None if c.recall is None else _round(c.recall), "dropped": c.dropped, "total": c.total}
        for name, c in categories.items()
    }


# -- text ------------------------------------------------------------------------------------
def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 1) -> list[str]:
    """Lines of an aligned table: the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        parts = [cell.ljust(w) if i < left else cell.rjust(w) for i, (cell, w) in pairs]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _prf(counts: Counts) -> list[str]:
    return [f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}"]


def _recall_cells(c: CategoryRecall) -> list[str]:
    return ["-" if c.recall is None else f"{c.recall:.2f}", f"({c.dropped}/{c.total})"]


def _short(name: str, limit: int = 28) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def format_report(report: EvalReport) -> str:
    """The report as aligned plain text, headline first."""
    if report.mode == "cv-publisher":
        title = f"leave-one-publisher-out over {len(report.folds)} publishers ({report.model})"
        thresholds = sorted(set(report.thresholds.values()))
        thr = (f"{thresholds[0]:.2f}" if len(thresholds) == 1
               else f"per fold, {thresholds[0]:.2f}–{thresholds[-1]:.2f}")
    else:
        title = f"scoring {report.model}"
        thr = f"{report.thresholds['model']:.2f}"
    unscored = sum(score.unscored for score in report.documents)
    lines = [
        f"newsclean evaluate: {title}",
        f"{report.note}",
        f"pairs: {len(report.documents)} from {len(report.publishers)} publishers"
        + (f", {len(report.merged)} duplicate(s) merged" if report.merged else "")
        + f"; threshold: {thr}; unscored blocks (no letters or digits): {unscored}",
        "",
        "drop       precision  recall     F1      tp     fp     fn",
    ]
    for label, counts in (("by block", report.by_block), ("by char", report.by_char)):
        lines.append(f"{label:<9}  {counts.precision:>9.3f}  {counts.recall:>6.3f}  {counts.f1:>5.3f}  "
                     f"{counts.tp:>6}  {counts.fp:>5}  {counts.fn:>5}")
    lines.append(f"news lost  {100 * report.by_char.lost:.2f}% of the characters labelled keep were dropped "
                 f"({report.by_char.fp} of {report.by_char.fp + report.by_char.tn})")
    if report.alone is not None:
        a = report.alone
        ad = a.categories["ad"].recall
        lines.append(f"without history (each pair on its own, as one file is cleaned): precision "
                     f"{a.by_block.precision:.3f}, recall {a.by_block.recall:.3f}, F1 {a.by_block.f1:.3f} by block; "
                     f"news lost {100 * a.by_char.lost:.2f}%; ad recall {'-' if ad is None else f'{ad:.2f}'}")
    lines += ["", "recall by category (blocks)"]
    lines += table(["category", "recall", "(dropped/all)"],
                   [[name, *_recall_cells(c)] for name, c in report.categories.items()])
    if report.folds:
        lines += ["", "per held-out publisher (P R F1 by block, then by char)"]
        lines += table(
            ["publisher", "docs", "train", "thr", "P", "R", "F1", "P chr", "R chr", "F1 chr"],
            [[_short(f.publisher), str(len(f.documents)), str(f.train_documents), f"{f.threshold:.2f}",
              *_prf(f.by_block), *_prf(f.by_char)] for f in report.folds],
        )
    lines += ["", "per document (P R F1 by block, then by char; false = kept blocks dropped, "
                  "missed = drops kept)"]
    lines += table(
        ["document", "blocks", "drops", "P", "R", "F1", "P chr", "R chr", "F1 chr", "false", "missed"],
        [[_short(s.name), str(s.scored), str(s.by_block.actual), *_prf(s.by_block), *_prf(s.by_char),
          str(len(s.false_drops)), str(len(s.missed))] for s in report.documents],
    )
    return "\n".join(lines) + "\n"


# -- evaluation ------------------------------------------------------------------------------
def _score(doc: Doc, keep: Sequence[bool]) -> DocScore:
    return score_document(doc.name, doc.group, [b.text for b in doc.blocks], [int(v) for v in doc.y],
                          [int(not k) for k in keep], doc.categories)


def _decide(cleaner: Cleaner, doc: Doc, threshold: float | None, history: History | None = None) -> list[Decision]:
    """Every block's final decision, as in ``clean``'s output (all passes); ``history`` holds the document
    (the evaluated folder) and it is counted out."""
    from newsclean.model.pipeline import FIXES_LEFT_NOTHING, final_decisions

    decisions = final_decisions(doc.blocks, cleaner=cleaner, threshold=threshold, history=history,
                                exclude_self=history is not None)[1]
    # a block the model kept and the fixes emptied (an HTML tag, a comment) is no drop: the labelled
    # output loses it to the same fixes
    return [replace(d, keep=True) if not d.keep and FIXES_LEFT_NOTHING in d.reason else d for d in decisions]


def _keep(decisions: Sequence[Decision]) -> list[bool]:
    return [d.keep for d in decisions]


def _detail(doc: Doc, decisions: Sequence[Decision], threshold: float) -> DocDetail:
    return DocDetail(doc.name, doc.group, tuple(b.text for b in doc.blocks), tuple(int(v) for v in doc.y),
                     tuple(doc.categories), tuple(d.keep for d in decisions), tuple(float(d.proba) for d in decisions),
                     float(threshold), tuple(d.reason for d in decisions))


def run_baselines(docs: Sequence[Doc]) -> dict[str, BaselineScore]:
    """Score every available baseline (``training.baselines``) on the documents."""
    from newsclean.training.baselines import available_baselines

    found: dict[str, BaselineScore] = {}
    for name, decide in available_baselines().items():
        keeps = [tuple(decide(list(doc.blocks))) for doc in docs]
        scores = [_score(doc, keep) for doc, keep in zip(docs, keeps, strict=True)]
        by_block, by_char = totals(scores)
        found[name] = BaselineScore(name, by_block, by_char, category_totals(scores), tuple(scores), tuple(keeps))
    return found


def describe_model(cleaner: Cleaner) -> str:
    """A short description of a fitted model from its card: what it was trained on."""
    card = getattr(cleaner, "card_", None) or {}
    trained = card.get("trained_on") if isinstance(card, dict) else None
    if isinstance(trained, dict) and "pairs" in trained:
        return f"a given model (trained on {len(trained['pairs'])} pairs)"
    return "a given model"


class _Progress:
    """Per-fold progress: a tqdm bar on stderr when it is a terminal, else INFO log lines."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="leave-one-publisher-out", unit="fold", file=sys.stderr)

    def start(self, n: int, publisher: str, held_out: int, train: int) -> Callable[[str], None]:
        if self.bar is not None:
            bar = self.bar
            bar.set_postfix_str(_short(publisher))
            return lambda step: bar.set_postfix_str(f"{_short(publisher)}: {step}")
        log.info("fold %d/%d: %s held out (%d pair(s)); fitting on %d pair(s)", n, self.total, publisher,
                 held_out, train)
        return lambda step: log.debug("fold %d/%d: %s", n, self.total, step)

    def done(self, n: int, fold: FoldScore) -> None:
        if self.bar is not None:
            self.bar.update(1)
            return
        log.info("fold %d/%d: %s precision %.3f recall %.3f F1 %.3f (threshold %.2f)", n, self.total,
                 fold.publisher, fold.by_block.precision, fold.by_block.recall, fold.by_block.f1, fold.threshold)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class ThresholdFallbacks(logging.Filter):
    """Counts, and holds back, the fitting's "no threshold reaches drop precision" lines (one per fit).

    A cross-validation fits one model per fold; the fallback message of every fold said the same
    thing many times over. Used as a context manager, it reports them once, with the count.
    """

    MESSAGE = "no threshold reaches drop precision"

    def __init__(self, what: str, fits: int) -> None:
        super().__init__()
        self.what = what
        self.count = 0
        self.fits = fits
        self.target: object = None
        self.bound = ""  # " with news lost at most 1%", as the fitting said it
        self._logger = logging.getLogger("newsclean.model.cleaner")

    def filter(self, record: logging.LogRecord) -> bool:
        """False (held back) for the fallback message, counted; True for every other record."""
        if str(record.msg).startswith(self.MESSAGE):
            self.count += 1
            if isinstance(record.args, tuple) and record.args:
                self.target = record.args[0]
                self.bound = record.args[1] if len(record.args) > 1 and isinstance(record.args[1], str) else ""
            return False
        return True

    def add(self, count: int, target: object, bound: str) -> None:
        """Count ``count`` fallback messages held back elsewhere (a fold's worker process)."""
        if count:
            self.count += count
            self.target, self.bound = target, bound

    def __enter__(self) -> ThresholdFallbacks:
        self._logger.addFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeFilter(self)
        if self.count:
            target = f"{self.target:.2f}" if isinstance(self.target, float) else "the target"
            log.info("no threshold reaches drop precision %s%s out of fold in %d of %d %ss: those use the threshold "
                     "with the best F0.5 (see the thresholds per %s)", target, self.bound, self.count, self.fits,
                     self.what, self.what)


@dataclass(frozen=True)
class _FoldResult:
    """What one fold of ``leave_one_publisher_out`` gives back (from a worker process too)."""

    held_at: tuple[int, ...]  # positions in ``docs`` of the held-out publisher's documents
    fold: FoldScore
    scores: tuple[DocScore, ...]
    details: tuple[DocDetail, ...]
    alone: tuple[DocScore, ...]  # with history: the same documents decided without it
    fallbacks: int = 0  # a worker's fit fell back from the precision target (counted there, reported here)
    target: object = None
    bound: str = ""


# What a fold worker fits and scores: set by ``_init_fold_worker`` in each worker process.
_FOLD: dict[str, Any] = {}


def _init_fold_worker(docs: Sequence[Doc], config: TrainConfig, threshold: float | None, history: History | None,
                      extra: Sequence[Doc]) -> None:
    """Worker set-up: the documents, once per worker, and a counter of its fits' threshold fallbacks."""
    fallbacks = ThresholdFallbacks("fold", 0)
    fallbacks._logger.addFilter(fallbacks)  # counted and held back here, reported once by the parent
    fallbacks._logger.setLevel(logging.INFO)  # (a fresh process logs warnings only: the message would not reach it)
    _FOLD.update(docs=docs, config=config, threshold=threshold, history=history, extra=extra, fallbacks=fallbacks)


def _fold_in_worker(publisher: str) -> _FoldResult:
    fallbacks: ThresholdFallbacks = _FOLD["fallbacks"]
    before = fallbacks.count
    result = _run_fold(publisher, _FOLD["docs"], config=_FOLD["config"], threshold=_FOLD["threshold"],
                       history=_FOLD["history"], extra=_FOLD["extra"], say=lambda step: None)
    return replace(result, fallbacks=fallbacks.count - before, target=fallbacks.target, bound=fallbacks.bound)


def _run_fold(publisher: str, docs: Sequence[Doc], *, config: TrainConfig, threshold: float | None,
              history: History | None, extra: Sequence[Doc], say: Callable[[str], None]) -> _FoldResult:
    """Fit a fresh cleaner without ``publisher`` and score its documents."""
    from threadpoolctl import threadpool_limits

    held_at = tuple(i for i, doc in enumerate(docs) if doc.group == publisher)
    held = [docs[i] for i in held_at]
    train = [doc for doc in docs if doc.group != publisher]
    cleaner = Cleaner(config=config)
    try:
        with threadpool_limits(limits=FIT_THREADS, user_api="openmp"):
            cleaner.fit(train, progress=say, extra=[e for e in extra if e.group != publisher])
    except ValueError as exc:
        raise NewscleanError(f"fold {publisher}: cannot fit on the other publishers' pairs: {exc}") from exc
    thr = cleaner.threshold_ if threshold is None else threshold
    decided = [_decide(cleaner, doc, thr, history) for doc in held]
    alone = tuple(_score(doc, _keep(_decide(cleaner, doc, thr))) for doc in held) if history is not None else ()
    fold_scores = tuple(_score(doc, _keep(d)) for doc, d in zip(held, decided, strict=True))
    details = tuple(_detail(doc, d, thr) for doc, d in zip(held, decided, strict=True))
    by_block, by_char = totals(fold_scores)
    fold = FoldScore(publisher, tuple(s.name for s in fold_scores), len(train), float(thr), by_block, by_char)
    return _FoldResult(held_at, fold, fold_scores, details, alone)


def _folds_in_workers(publishers: Sequence[str], jobs: int, docs: Sequence[Doc], *, config: TrainConfig,
                      threshold: float | None, history: History | None, extra: Sequence[Doc]) -> Iterator[_FoldResult]:
    """Each publisher's fold (``_run_fold``), fitted in ``jobs`` fresh worker processes, as they finish."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # the largest held-out publishers first: the last fold to finish is a short one
    order = sorted(publishers, key=lambda p: (-sum(len(d.blocks) for d in docs if d.group == p), p))
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_fold_worker,
                             initargs=(list(docs), config, threshold, history, list(extra))) as pool:
        futures = {pool.submit(_fold_in_worker, publisher): publisher for publisher in order}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: order.index(futures[f])):
                    yield future.result()
        except BrokenProcessPool as exc:
            raise NewscleanError("a leave-one-publisher-out worker process died (out of memory?); run again with "
                                 "fewer --jobs") from exc
        finally:
            for future in pending:
                future.cancel()


def fold_jobs(requested: int | None, folds: int) -> int:
    """Worker processes for ``folds`` folds: as requested, else one per available CPU (at most
    ``MAX_AUTO_FOLD_JOBS``)."""
    if requested is not None:
        return max(1, min(requested, folds))
    return max(1, min(available_cpus(), MAX_AUTO_FOLD_JOBS, folds))


def leave_one_publisher_out(docs: Sequence[Doc], *, config: TrainConfig, threshold: float | None,
                            history: History | None = None, extra: Sequence[Doc] = (), jobs: int = 1
                            ) -> tuple[list[FoldScore], list[DocScore], list[DocDetail], list[DocScore]]:
    """Fit a fresh cleaner without each publisher and score that publisher's documents.

    ``extra`` documents (``load_extra``) are fitted on in every fold but the one of their own
    publisher, and never scored. With ``jobs`` above 1 the folds are fitted in that many worker
    processes (started fresh, not forked: a forked OpenMP runtime can hang); every fold is fitted
    and scored as in one process, so the figures are the same.

    Returns:
        One fold per publisher (sorted by name), each document's score and its decisions, in
        ``docs`` order; with ``history``, also each document's score decided without it.
    """
    publishers = sorted({doc.group for doc in docs})
    if len(publishers) < 2:
        raise NewscleanError(f"--cv publisher needs pairs from 2 or more publishers; got {len(publishers)} "
                             f"({', '.join(publishers)})")
    jobs = max(1, min(jobs, len(publishers)))
    results: dict[str, _FoldResult] = {}
    progress = _Progress(len(publishers))
    with ThresholdFallbacks("fold", len(publishers)) as fallbacks:
        try:
            if jobs == 1:
                for n, publisher in enumerate(publishers, start=1):
                    held = sum(doc.group == publisher for doc in docs)
                    say = progress.start(n, publisher, held, len(docs) - held)
                    results[publisher] = _run_fold(publisher, docs, config=config, threshold=threshold,
                                                   history=history, extra=extra, say=say)
                    progress.done(n, results[publisher].fold)
            else:
                log.info("leave-one-publisher-out: %d folds in %d worker processes", len(publishers), jobs)
                for result in _folds_in_workers(publishers, jobs, docs, config=config, threshold=threshold,
                                                history=history, extra=extra):
                    results[result.fold.publisher] = result
                    fallbacks.add(result.fallbacks, result.target, result.bound)
                    progress.done(publishers.index(result.fold.publisher) + 1, result.fold)  # (its number)
        finally:
            progress.close()
    scores: dict[int, DocScore] = {}  # position in docs -> score
    details: dict[int, DocDetail] = {}
    alone: dict[int, DocScore] = {}
    for publisher in publishers:
        result = results[publisher]
        scores.update(zip(result.held_at, result.scores, strict=True))
        details.update(zip(result.held_at, result.details, strict=True))
        alone.update(zip(result.held_at, result.alone, strict=False))
    return ([results[p].fold for p in publishers], [scores[i] for i in range(len(docs))],
            [details[i] for i in range(len(docs))], [alone[i] for i in sorted(alone)])


def evaluate(pairs: Sequence[Pair], *, model: Cleaner | None = None, cv: str | None = None,
             threshold: float | None = None, config: TrainConfig | None = None,
             allow_additions: bool = False, history: bool = True, extra: Sequence[Doc] = (), jobs: int = 1
             ) -> EvalReport:
    """Score drop decisions against the pairs' labels.

    Args:
        pairs: labelled pairs (deduplicated here, see ``labels.dedupe``).
        model: the fitted cleaner to score when ``cv`` is None; the shipped default model when
            None. Must be None with ``cv="publisher"`` (each fold fits its own).
        cv: ``"publisher"`` for leave-one-publisher-out, or None to score ``model``.
        threshold: drop threshold for every decision; each model's own fitted one when None.
        config: training settings for the fold models (``DEFAULT_CONFIG`` when None).
        allow_additions: accept unlabelled pairs whose output adds text (see ``labelled_docs``).
        history: decide each pair with the other pairs' inputs as history (as ``predict DIR`` does
            with a folder); False: each pair on its own, as a single file is cleaned.
        extra: with ``cv``, labelled documents (``load_extra``) every fold also fits on, never scored.
        jobs: with ``cv``, worker processes fitting the folds (``fold_jobs``); the figures do not depend on it.

    Returns:
        The report: totals by block and character, per category, per fold and per document.

    Raises:
        NewscleanError: unknown ``cv``, ``model`` given with ``cv``, ``extra`` without ``cv``, fewer
            than 2 publishers for ``cv``, a pair that adds text, no pairs, or a missing default model.
    """
    kept, merged = dedupe(pairs)
    docs, _ = labelled_docs(kept, allow_additions=allow_additions)
    return evaluate_docs(docs, model=model, cv=cv, threshold=threshold, config=config, merged=merged,
                         history=history, extra=extra, jobs=jobs)


def evaluate_docs(docs: Sequence[Doc], *, model: Cleaner | None = None, cv: str | None = None,
                  threshold: float | None = None, config: TrainConfig | None = None,
                  merged: Sequence[Merge] = (), history: bool = True, extra: Sequence[Doc] = (), jobs: int = 1
                  ) -> EvalReport:
    """:func:`evaluate` on documents already labelled (``labelled_docs``); ``merged`` is reported."""
    if cv is not None and cv not in CV_MODES:
        raise NewscleanError(f"unknown cross-validation {cv!r}; allowed: {', '.join(CV_MODES)}")
    if extra and cv is None:
        raise NewscleanError("--extra pairs are fitted on, never scored: they need --cv publisher (a model is "
                             "scored as it is)")
    extra = distinct_extras(extra, docs)
    if cv is not None and model is not None:
        raise NewscleanError("--cv publisher fits a fresh model per held-out publisher; do not also pass --model")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise NewscleanError(f"threshold {threshold} is outside 0..1")
    if not docs:
        raise NewscleanError("no pairs with blocks to evaluate on")
    publishers = tuple(sorted({doc.group for doc in docs}))
    folder = History.from_documents(doc.blocks for doc in docs) if history else None
    if cv == "publisher":
        config = config or DEFAULT_CONFIG
        folds, scores, details, alone = leave_one_publisher_out(docs, config=config, threshold=threshold,
                                                                history=folder, extra=extra, jobs=jobs)
        thresholds = {fold.publisher: fold.threshold for fold in folds}
        mode, note = "cv-publisher", NOTE_CV
        what = f"a fresh Cleaner per fold, TrainConfig random_state={config.random_state}"
        if extra:
            what += (f", each also fitted on {len(extra)} extra pairs (weight {config.extra_weight:g}; "
                     "none of the held-out publisher's)")
    else:
        if model is None:
            from newsclean.model.pipeline import load_model

            model = load_model(None)
            what = "the shipped default model"
        else:
            what = describe_model(model)
        thr = model.threshold_ if threshold is None else threshold
        decided = [_decide(model, doc, thr, folder) for doc in docs]
        alone = [_score(doc, _keep(_decide(model, doc, thr))) for doc in docs] if folder is not None else []
        scores = [_score(doc, _keep(d)) for doc, d in zip(docs, decided, strict=True)]
        details = [_detail(doc, d, thr) for doc, d in zip(docs, decided, strict=True)]
        folds, thresholds, mode, note = [], {"model": float(thr)}, "model", NOTE_MODEL
    by_block, by_char = totals(scores)
    note += NOTE_HISTORY if history else NOTE_NO_HISTORY
    return EvalReport(mode=mode, model=what, note=note, thresholds=thresholds, publishers=publishers,
                      merged=tuple(merged), by_block=by_block, by_char=by_char,
                      categories=category_totals(scores), documents=tuple(scores), folds=tuple(folds),
                      baselines=run_baselines(docs), details=tuple(details),
                      alone=Alone.of(alone) if alone else None)


# -- command ---------------------------------------------------------------------------------
def check_output_path(path: str | Path, flag: str) -> None:
    """Refuse, before any work, an output file that cannot be written: a folder, or under a file."""
    path = Path(path)
    if is_dir(path):
        raise NewscleanError(f"{path}: is a directory; {flag} takes a file to write")
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not is_dir(parent):
                raise NewscleanError(f"{path}: {parent} is not a folder; {flag} cannot write there")
            break


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text atomically (``io.write_atomic``: the umask's mode), creating missing folders."""
    path = Path(path)
    if is_dir(path):
        raise NewscleanError(f"{path}: is a directory, expected a file to write")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewscleanError(f"{path}: cannot create the folder {path.parent} ({exc.strerror or exc})") from None
    write_atomic(path, text)


def load_many(paths: Sequence[str | Path]) -> list[Pair]:
    """Pairs from every path, concatenated in the order given."""
    if not paths:
        raise NewscleanError("no pairs given; pass --pairs with a folder of pairs or a dataset file")
    return [pair for path in paths for pair in load_pairs(path)]


def _doc_key(doc: Doc) -> str:
    """``content_key`` of a labelled document's text (its blocks, as parsed from its input)."""
    return content_key("\n\n".join(b.text for b in doc.blocks))


def distinct_extras(extra: Sequence[Doc], scored: Sequence[Doc]) -> list[Doc]:
    """The extra documents whose text is none of the ``scored`` documents' (a repeat is left out, logged)."""
    if not extra:
        return []
    keys = {_doc_key(d) for d in scored}
    kept = []
    for doc in extra:
        if _doc_key(doc) in keys:
            log.info("extra pair %s is also among the scored pairs: left out of the extras", doc.name)
        else:
            kept.append(doc)
    return kept


def extra_docs(extra: Sequence[Pair], scored: Sequence[Pair], *, allow_additions: bool = False
               ) -> tuple[list[Doc], list[PairReport]]:
    """Labelled documents of the ``--extra`` pairs: fitted on, never scored.

    Duplicates among them are merged (``dedupe``), and an extra pair whose input is one of the
    ``scored`` pairs' is left out (logged), so that no document is both fitted on and scored.

    Returns:
        The documents and what each pair contributed (``labelled_docs``), in the given order.
    """
    if not extra:
        return [], []
    scored_keys = {content_key(p.input) for p in scored}
    fresh = []
    for pair in dedupe(extra)[0]:
        if content_key(pair.input) in scored_keys:
            log.info("extra pair %s (%s) is also among the scored pairs: left out of the extras", pair.name,
                     pair.source)
        else:
            fresh.append(pair)
    docs, reports = labelled_docs(fresh, allow_additions=allow_additions)
    if not docs:
        raise NewscleanError("the extra pairs have no blocks to learn from (or all are among the scored pairs)")
    return docs, reports


def load_extra(paths: Sequence[str | Path], scored: Sequence[Pair], *, allow_additions: bool = False
               ) -> tuple[list[Doc], list[PairReport]]:
    """``extra_docs`` of the pairs at ``paths`` (none when ``paths`` is empty)."""
    return extra_docs(load_many(paths), scored, allow_additions=allow_additions) if paths else ([], [])


def evaluate_command(args: argparse.Namespace) -> int:
    """``newsclean evaluate``: print the report's tables on stdout, write ``--json`` if given.

    Args:
        args: ``pairs`` (list of paths), ``model`` (path or None), ``cv`` ("publisher" or None),
            ``json`` (path or None), ``threshold`` (float or None), ``report`` (HTML path or None,
            optional).

    Returns:
        0.
    """
    if args.cv is not None and args.model is not None:
        raise NewscleanError("--cv publisher fits a fresh model per held-out publisher; do not also pass --model")
    extra_paths = getattr(args, "extra", None) or []
    if extra_paths and args.cv is None:
        raise NewscleanError("--extra pairs are fitted on, never scored: they need --cv publisher (a model is "
                             "scored as it is)")
    if getattr(args, "extra_weight", None) is not None and not extra_paths:
        raise NewscleanError("--extra-weight weighs the --extra pairs: pass --extra too")
    if getattr(args, "jobs", None) is not None and args.cv is None:
        raise NewscleanError("--jobs sets the processes fitting the folds of --cv publisher: pass --cv publisher "
                             "too (a model is scored in one process)")
    json_to_stdout = args.json is not None and str(args.json) == "-"
    outputs = [(flag, Path(value)) for flag, value in (("--json", None if json_to_stdout else args.json),
                                                         ("--report", getattr(args, "report", None)))
               if value is not None]
    if getattr(args, "report", None) is not None and str(args.report) == "-":
        raise NewscleanError("--report writes an HTML file: name one ('-', standard output, is for --json)")
    for flag, path in outputs:  # checked before the work, not after it
        check_output_path(path, flag)
    if len(outputs) == 2 and outputs[0][1].resolve() == outputs[1][1].resolve():
        raise NewscleanError(f"{outputs[0][1]}: --json and --report name the same file; give them two names")
    pairs = load_many(args.pairs)
    model = None
    if args.cv is None:
        from newsclean.model.pipeline import load_model

        model = load_model(args.model)
    allow_additions = bool(getattr(args, "allow_additions", False))
    extra, _ = load_extra(extra_paths, pairs, allow_additions=allow_additions)
    config = None
    if extra and getattr(args, "extra_weight", None) is not None:
        config = replace(DEFAULT_CONFIG, extra_weight=args.extra_weight)
    report = evaluate(pairs, model=model, cv=args.cv, threshold=args.threshold, config=config,
                      allow_additions=allow_additions, history=not getattr(args, "no_history", False), extra=extra,
                      jobs=fold_jobs(getattr(args, "jobs", None), len({p.publisher for p in pairs})))
    if args.cv is None:
        report = replace(report, model=str(args.model) if args.model is not None else "the shipped default model")
    if json_to_stdout:  # --json -: the JSON instead of the tables, for a pipe
        sys.stdout.write(report.to_json().rstrip("\n") + "\n")
    else:
        sys.stdout.write(report.to_text())
    if args.json is not None and not json_to_stdout:
        write_text_atomic(args.json, report.to_json())
        log.info("wrote %s", args.json)
    if getattr(args, "report", None) is not None:
        from newsclean.training.report import to_html

        write_text_atomic(args.report, to_html(report))
        log.info("wrote %s", args.report)
    return 0
