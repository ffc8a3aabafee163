"""Does cleaning stay linear in the size of a newsletter? One newsletter repeated 1x, 4x, 16x, 64x.

    python bench/bench_scale.py [--pair semafor-flagship-1] [--pairs DIR] [--factors 1,4,16,64]
                                [--repeat 3] [--model PATH] [--json OUT]

Each factor runs in a fresh child interpreter (so that peak memory is that factor's alone): it
loads the model, builds the document (the pair's ``input.md`` repeated, blank line between copies),
cleans it once untimed to warm the caches of the imports, clears newsclean's own caches
(``pipeline.clear_caches``), then times ``clean`` (best of ``--repeat``, caches cleared before each)
and reports the peak resident memory of the child (``ru_maxrss``), how many decision passes the
clean took and how many markdown-it parses. It prints a table and the issue-10 targets (64x within
70x the 1x time, peak memory at most 150 MB); it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAIRS = ROOT.parent / "shared" / "corpus" / "pairs"
TIME_TARGET = 70.0  # 64x the document within 70x the 1x time
MEMORY_TARGET_MB = 150.0

_CHILD = r"""
import json, resource, sys, time
from markdown_it import MarkdownIt
from newsclean.features.segment import parse_blocks
from newsclean.model import pipeline

path, factor, repeat, model_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] or None
model = pipeline.load_model(model_path)
text = "\n\n".join([open(path, encoding="utf-8").read()] * factor)
pipeline.clean(open(path, encoding="utf-8").read(), cleaner=model)  # warm the imports, not the caches
counts = {"parses": 0, "decides": 0}
parse = MarkdownIt.parse
def counting_parse(self, src, env=None):
    counts["parses"] += 1
    return parse(self, src, env)
MarkdownIt.parse = counting_parse
decide = model.decide
def counting_decide(*args, **kwargs):
    counts["decides"] += 1
    return decide(*args, **kwargs)
model.decide = counting_decide
best = float("inf")
for run in range(repeat):
    pipeline.clear_caches()
    counts["parses"] = counts["decides"] = 0
    start = time.perf_counter()
    out = pipeline.clean(text, cleaner=model)
    best = min(best, time.perf_counter() - start)
print(json.dumps({"factor": factor, "blocks": len(parse_blocks(text)), "chars": len(text), "seconds": best,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "passes": counts["decides"], "parses": counts["parses"], "output_chars": len(out)}))
"""


def run_factor(path: Path, factor: int, repeat: int, model: Path | None) -> dict[str, Any]:
    """One child interpreter: clean the document repeated ``factor`` times; its figures."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(factor), str(repeat), str(model or "")],
                          capture_output=True, text=True, check=False, env={**os.environ, "OMP_NUM_THREADS": "1"})
    if done.returncode != 0:
        raise SystemExit(f"factor {factor}: the child failed: {done.stderr.strip().splitlines()[-1:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(rows: list[dict[str, Any]]) -> str:
    """The table and the targets."""
    base = rows[0]
    lines = [f"{'factor':>6} {'blocks':>7} {'seconds':>9} {'x 1x time':>10} {'per copy':>9} {'peak MB':>8} "
             f"{'passes':>6} {'parses':>6}"]
    for r in rows:
        ratio = r["seconds"] / base["seconds"]
        lines.append(f"{r['factor']:>6} {r['blocks']:>7} {r['seconds']:>9.3f} {ratio:>10.1f} "
                     f"{ratio / r['factor'] * base['factor']:>9.2f} {r['peak_mb']:>8.0f} {r['passes']:>6} "
                     f"{r['parses']:>6}")
    last = rows[-1]
    if last["factor"] == 64 and base["factor"] == 1:
        ratio = last["seconds"] / base["seconds"]
        lines.append(f"64x within {TIME_TARGET:.0f}x the 1x time: {ratio:.1f}x "
                     f"{'PASS' if ratio <= TIME_TARGET else 'FAIL'}")
        lines.append(f"peak memory at 64x at most {MEMORY_TARGET_MB:.0f} MB: {last['peak_mb']:.0f} MB "
                     f"{'PASS' if last['peak_mb'] <= MEMORY_TARGET_MB else 'FAIL'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="folder of pair folders")
    ap.add_argument("--pair", default="semafor-flagship-1", help="the pair whose input.md is repeated (151 blocks)")
    ap.add_argument("--factors", default="1,4,16,64", help="comma-separated repetition factors")
    ap.add_argument("--repeat", type=int, default=3, help="timed cleans per factor; the best is reported")
    ap.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    path = args.pairs / args.pair / "input.md"
    if not path.is_file():
        print(f"bench_scale: {path} not found (--pairs, --pair)", file=sys.stderr)
        return 2
    rows = []
    for factor in (int(f) for f in args.factors.split(",")):
        rows.append(run_factor(path, factor, args.repeat, args.model))
        print(f"factor {factor}: {rows[-1]['seconds']:.3f} s", file=sys.stderr)
    print(f"bench_scale: {args.pair} repeated, in-process clean (best of {args.repeat}), one child per factor")
    print(report(rows))
    if args.json is not None:
        args.json.write_text(json.dumps({"pair": args.pair, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
