"""Design-time cross-validation for issue 8: grouped folds over the design publishers only.

The frozen split (training/frozen_split.json) keeps 12 publishers out of all design work. This
script fits on the design publishers in K group folds (publisher families kept together, so
Semafor DC never trains the Semafor Flagship fold) and prints the figures the issue targets:
drop precision and recall by block, ad recall, news lost (characters of blocks labelled keep that
were dropped, over all characters labelled keep). ``--confirm`` instead fits once on every design
publisher and scores the confirm publishers (run it only on the final design).

    python notebooks/design_cv.py [--folds 6] [--confirm] [--no-history] [--misses] [--first-pass] [--dump FILE]

Documents are scored on what ``clean`` returns (every pass; ``--first-pass``: the first only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pairs"
FAMILIES = ("Semafor", "Axios", "Cooper Press")


def family(publisher: str) -> str:
    return next((f for f in FAMILIES if f in publisher), publisher)


def main(argv: list[str] | None = None) -> int:
    from newsclean.data.pairs import load_pairs
    from newsclean.model.cleaner import Cleaner, TrainConfig
    from newsclean.training.evaluate import _decide, _score
    from newsclean.training.labels import dedupe, labelled_docs

    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=6)
    ap.add_argument("--confirm", action="store_true")
    ap.add_argument("--no-history", action="store_true")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--first-pass", action="store_true",
                    help="score the first pass's decisions only (clean() runs passes until the model keeps its output)")
    ap.add_argument("--ablate", action="store_true", help="also score with each shape rule left out")
    ap.add_argument("--json", type=Path, help="write each rule set's figures here (training/rule_study.json)")
    ap.add_argument("--dump", type=Path,
                    help="write every block's label, probability, length and decision here (JSON lines)")
    ap.add_argument("--config", default="{}", help="TrainConfig overrides as JSON")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="pairs added to every training fold, never scored (repeatable)")
    args = ap.parse_args(argv)
    confirm = set(json.loads((ROOT / "training" / "frozen_split.json").read_text())["confirm_publishers"])
    kept, _ = dedupe(load_pairs(CORPUS))
    docs, _ = labelled_docs(kept, allow_additions=False)
    design = [d for d in docs if d.group not in confirm]
    held = [d for d in docs if d.group in confirm]
    cfg = TrainConfig(**json.loads(args.config))
    extra = []
    for path in args.extra:
        extra_kept, _ = dedupe(load_pairs(path))
        extra += labelled_docs(extra_kept, allow_additions=False)[0]
    start = time.perf_counter()
    if args.confirm:
        splits = [(design, held)]
    else:
        fams = sorted({family(d.group) for d in design})
        # deterministic round-robin of families by size, so folds are balanced
        sizes = sorted(fams, key=lambda f: (-sum(family(d.group) == f for d in design), f))
        fold_of = {f: i % args.folds for i, f in enumerate(sizes)}
        splits = [([d for d in design if fold_of[family(d.group)] != k],
                   [d for d in design if fold_of[family(d.group)] == k]) for k in range(args.folds)]
    from dataclasses import replace

    from newsclean.features.history import History
    from newsclean.model.cleaner import prepare
    from newsclean.model.revise import ALL_RULES, LABELLING_RULES, revise

    folder = None if args.no_history else History.from_documents(d.blocks for d in docs)
    rule_sets = {"all": ALL_RULES, "labelling": LABELLING_RULES}
    if args.ablate:
        ablated = sorted(ALL_RULES - LABELLING_RULES | {"stories", "wordmark"})
        rule_sets.update({f"-{r}": ALL_RULES - {r} for r in ablated})
    results: dict[str, list] = {k: [] for k in rule_sets}
    dumped: list[dict] = []
    later = 0  # blocks the first pass kept and a later pass dropped
    for train, test in splits:
        c = Cleaner(config=cfg)
        with threadpool_limits(limits=1):
            c.fit(train, extra=extra)
        oof_docs, p2, offsets = c.oof_
        probs = [c._stage2(prepare(d.blocks, d.stats, history=folder, exclude_self=True))[0] for d in test]
        for name, rules in rule_sets.items():
            c.config = replace(cfg, rules=tuple(sorted(rules)))
            thr = c._choose_threshold(oof_docs, p2, offsets)
            for d, p in zip(test, probs, strict=True):
                dec = revise(d.blocks, d.stats, p, thr, frozenset(rules))
                if not args.first_pass:  # what clean() returns: every pass
                    final = _decide(c, d, thr, folder)
                    later += sum(k and not f.keep for (k, _), f in zip(dec, final, strict=True)) if name == "all" else 0
                    dec = [(f.keep, f.reason) for f in final]
                shown = [_D(k, r, float(pp)) for (k, r), pp in zip(dec, p, strict=True)]
                if args.dump is not None and name == "all":
                    dumped.extend(_records(d, dec, p, thr))
                results[name].append((d, _score(d, [k for k, _ in dec]), shown))
    if args.dump is not None:
        args.dump.write_text("".join(json.dumps(r) + "\n" for r in dumped), encoding="utf-8")
    study = {}
    for name in rule_sets:
        print(f"== rules: {name}")
        study[name] = _summary(results[name], args)
    if args.json is not None:
        what = "confirm split" if args.confirm else f"{args.folds}-fold design cross-validation"
        args.json.write_text(json.dumps({
            "protocol": f"notebooks/design_cv.py --ablate: {what} over the design publishers (publisher families "
                        "kept together), history " + ("off" if args.no_history else "on") + "; scored on "
                        + ("the first pass's decisions" if args.first_pass else "clean()'s output (every pass)")
                        + "; one fit per fold, "
                        "each rule set's threshold chosen out of fold as in training",
            "documents": len(results["all"]), "rule_sets": study}, indent=2) + "\n", encoding="utf-8")
    if not args.first_pass:
        print(f"blocks the first pass kept and a later pass dropped (all rules): {later}")
    print(f"{time.perf_counter() - start:.0f} s")
    return 0


def _records(doc, dec, p, thr) -> list[dict]:
    """One record per block: what the threshold studies need (label, category, probability, length, decision)."""
    from newsclean.training.metrics import is_scored

    return [{"doc": doc.name, "publisher": doc.group, "index": i, "y": int(doc.y[i]), "category": doc.categories[i],
             "p": round(float(p[i]), 5), "chars": len(b.text), "scored": is_scored(b.text), "keep": bool(k),
             "reason": r, "threshold": thr}
            for i, (b, (k, r)) in enumerate(zip(doc.blocks, dec, strict=True))]


class _D:
    def __init__(self, keep, reason, proba):
        self.keep, self.reason, self.proba = keep, reason, proba


def _summary(scores, args) -> dict:
    from newsclean.training.metrics import category_totals, totals

    s_only = [s for _, s, _ in scores]
    by_block, by_char = totals(s_only)
    cats = category_totals(s_only)
    print(f"{'confirm' if args.confirm else f'{args.folds}-fold design'}: {len(s_only)} docs")
    print(f"block P {by_block.precision:.3f} R {by_block.recall:.3f} F1 {by_block.f1:.3f} "
          f"(tp {by_block.tp} fp {by_block.fp} fn {by_block.fn}); "
          f"char P {by_char.precision:.3f} R {by_char.recall:.3f}")
    print(f"news lost {100 * by_char.lost:.2f}%; "
          + " ".join(f"{k} {c.recall:.2f}({c.dropped}/{c.total})" for k, c in cats.items() if c.recall is not None))
    figures = {"precision": round(by_block.precision, 4), "recall": round(by_block.recall, 4),
               "f1": round(by_block.f1, 4), "news_lost": round(by_char.lost, 4),
               "ad_recall": None if cats["ad"].recall is None else round(cats["ad"].recall, 4)}
    per = sorted(((s.by_block.f1, d.name, s) for d, s, _ in scores), key=lambda t: t[0])
    print("worst:", ", ".join(f"{n} {s.by_block.precision:.2f}/{s.by_block.recall:.2f}" for _, n, s in per[:8]))
    if args.misses:
        for d, s, dec in scores:
            for e in s.false_drops:
                print(f"FALSE {d.name}[{e.index}] {dec[e.index].reason}: {e.snippet}")
            for e in s.missed:
                why = dec[e.index]
                print(f"MISS  {d.name}[{e.index}] {e.category} p={why.proba:.2f} ({why.reason}): {e.snippet}")
    return figures


if __name__ == "__main__":
    sys.exit(main())
