"""Benchmark training: one leave-one-publisher-out fold's fit, stage by stage, and optionally a whole
leave-one-publisher-out evaluation in one process and in several.

Usage::

    python bench/bench_train.py [--pairs DIR] [--extra DIR ...] [--extra-weight W] [--lopo] [--jobs 1,2]

Prints a table of numbers; asserts nothing. See bench/README.md for what each number means.

The defaults are the quality gate's recipe (``tests/quality_gate.json``: the corpus pairs, the shipped
model's extra pairs and weight), so the fold timed here is one of the gate's folds: the one of the
first publisher by name, fitted on all the others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

# One OpenMP thread (as `newsclean` itself does), set before numpy/scikit-learn are imported.
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
GATE = REPO / "tests" / "quality_gate.json"
DEFAULT_PAIRS = REPO.parent / "shared" / "corpus" / "pairs"


def main(argv: list[str] | None = None) -> int:
    gate = json.loads(GATE.read_text(encoding="utf-8"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="labelled pairs (default: the corpus)")
    ap.add_argument("--extra", type=Path, action="append", default=None,
                    help="extra pairs (repeatable; default: the quality gate's, as the shipped model)")
    ap.add_argument("--extra-weight", type=float, default=gate.get("extra_weight", 0.25))
    ap.add_argument("--lopo", action="store_true",
                    help="also time a whole leave-one-publisher-out evaluation per --jobs value (long: minutes)")
    ap.add_argument("--jobs", default="1,2", help="worker counts for --lopo, comma-separated (default: 1,2)")
    ap.add_argument("--json", type=Path, help="also write every number as JSON here")
    args = ap.parse_args(argv)
    if not args.pairs.is_dir():
        print(f"error: {args.pairs}: no such folder of pairs", file=sys.stderr)
        return 2

    from newsclean.data.pairs import load_pairs
    from newsclean.model.cleaner import THRESHOLD_GRID, Cleaner, TrainConfig
    from newsclean.training.evaluate import evaluate_docs, load_extra
    from newsclean.training.train import labelled
    from threadpoolctl import threadpool_limits

    extra_paths = args.extra if args.extra is not None else [REPO / p for p in gate.get("extra", [])]
    started = time.perf_counter()
    pairs = load_pairs(args.pairs)
    docs, _ = labelled(pairs, allow_additions=False)
    extra = load_extra(extra_paths, pairs)[0] if extra_paths else []
    loaded = time.perf_counter() - started
    config = replace(TrainConfig(), extra_weight=args.extra_weight)
    publishers = sorted({d.group for d in docs})
    held = publishers[0]
    train = [d for d in docs if d.group != held]
    results: dict[str, object] = {
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "pairs": len(docs), "publishers": len(publishers), "extra_pairs": len(extra), "load_s": loaded}
    print(f"{len(docs)} pairs of {len(publishers)} publishers, {len(extra)} extra pairs "
          f"(weight {args.extra_weight:g}); read and labelled in {loaded:.1f} s")

    # one fold's fit, stage by stage (the stage names are Cleaner.fit's progress messages)
    stages: list[tuple[str, float]] = []
    cleaner = Cleaner(config=config)
    start = time.perf_counter()
    with threadpool_limits(limits=1, user_api="openmp"):
        cleaner.fit(train, progress=lambda step: stages.append((step, time.perf_counter())),
                    extra=[e for e in extra if e.group != held])
    end = time.perf_counter()
    marks = [("history", start), *stages, ("end", end)]
    print(f"\none fold's fit (held out: {held}; {len(train)} pairs): {end - start:.1f} s")
    fold: dict[str, float] = {}
    for (step, at), (_, until) in pairwise(marks):
        fold[step] = until - at
        print(f"  {step:<28} {until - at:7.1f} s")
    results["fold_fit_s"] = end - start
    results["fold_stages_s"] = fold

    # the threshold choice: the rules once per threshold and document, against once per signature
    oof_docs, p2, offsets = cleaner.oof_
    start = time.perf_counter()
    for thr in THRESHOLD_GRID:
        cleaner._apply_rules(oof_docs, p2, offsets, thr)
    every = time.perf_counter() - start
    memo: dict[tuple[int, bytes], list[bool]] = {}
    start = time.perf_counter()
    for thr in THRESHOLD_GRID:
        cleaner._apply_rules(oof_docs, p2, offsets, thr, memo)
    once = time.perf_counter() - start
    runs = len(THRESHOLD_GRID) * len(oof_docs)
    print(f"\nthe rules at {len(THRESHOLD_GRID)} thresholds on the {len(oof_docs)} out-of-fold documents: "
          f"{every:.1f} s run every time, "
          f"{once:.1f} s once per signature ({len(memo)} of {runs} runs)")
    results["threshold_rules_s"] = {"every": every, "per_signature": once, "runs": runs, "signatures": len(memo)}

    if args.lopo:
        lopo: dict[str, float] = {}
        print()
        for jobs in [int(j) for j in args.jobs.split(",") if j.strip()]:
            start = time.perf_counter()
            with threadpool_limits(limits=1, user_api="openmp"):
                report = evaluate_docs(docs, cv="publisher", config=config, extra=extra, jobs=jobs)
            lopo[str(jobs)] = seconds = time.perf_counter() - start
            print(f"leave-one-publisher-out, {jobs} process(es): {seconds:.0f} s "
                  f"(P {report.by_block.precision:.3f} R {report.by_block.recall:.3f})")
        results["lopo_s"] = lopo
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
