"""Benchmark ``newsclean predict`` against markdown-it-py parsing the same newsletters.

Usage::

    python bench/bench_predict.py [--pairs DIR] [--copies N] [--model PATH] [--repeat R] [--json OUT]

Prints a table of numbers; asserts nothing. See bench/README.md for what each number means.

The inputs are the ``input.md`` of every pair folder under ``DIR`` (default:
``../shared/corpus/pairs`` next to the repository), or, when ``DIR`` holds no pair folders, the
Markdown files under it. They are copied into a temporary folder once (N=1) and ``N`` times
under distinct names (``--copies N``), so that the child's start-up is paid once per folder
and its share shrinks as the folder grows.

Only the standard library and the project's own dependencies (markdown-it-py, newsclean) are used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# One OpenMP thread unless the caller says otherwise (as `newsclean` itself does); set before
# anything imports numpy/scikit-learn in this process, and inherited by every child.
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PAIRS = REPO.parent / "shared" / "corpus" / "pairs"

# The project's targets: cleaning at most 4x the parse time (later 1.5x); peak memory under 500 MB.
RATIO_TARGET = 4.0
RATIO_TARGET_LATER = 1.5
PEAK_MB_TARGET = 500.0

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")

# What a user would run to parse the folder with markdown-it-py alone (full parse, inline included).
PARSE_CHILD = r"""
import os, sys
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
folder = sys.argv[1]
n = 0
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), encoding="utf-8") as fh:
        md.parse(fh.read())
    n += 1
print(n)
"""


# -- inputs ----------------------------------------------------------------------------------
def find_inputs(folder: Path) -> list[Path]:
    """``input.md`` of every pair folder under ``folder``, else every Markdown file under it."""
    pairs = sorted(p / "input.md" for p in folder.iterdir() if (p / "input.md").is_file())
    if pairs:
        return pairs
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def input_name(source: Path, root: Path) -> str:
    """A flat, unique name for one input: its pair folder's name, or its path under ``root``."""
    rel = source.relative_to(root)
    stem = rel.parent.as_posix() if rel.name == "input.md" else rel.with_suffix("").as_posix()
    return stem.replace("/", "__")


def stage(sources: Sequence[Path], root: Path, copies: int, dest: Path) -> Path:
    """Copy every source ``copies`` times into ``dest`` (flat, distinct ``.md`` names, distinct texts)."""
    dest.mkdir(parents=True)
    for source in sources:
        name = input_name(source, root)
        text = source.read_text(encoding="utf-8")
        for k in range(copies):
            # Copy k > 0 gets a marker on every non-blank line: newsclean memoises per-block work,
            # so byte-identical copies would be cleaned faster than new newsletters are.
            body = text if k == 0 else "\n".join(f"{line} ~{k}" if line.strip() else line for line in text.split("\n"))
            (dest / f"{name}--{k:04d}.md").write_text(body, encoding="utf-8")
    return dest


# -- measuring -------------------------------------------------------------------------------
@dataclass
class ChildRun:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str
    tree_peak_mb: float = 0.0  # summed over the process and its workers


def _gnu_time() -> str | None:
    """``/usr/bin/time`` if it is GNU time (``-f %M`` prints the child's peak RSS in KiB)."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    try:
        probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    last = probe.stderr.strip().splitlines()[-1:]
    return path if probe.returncode == 0 and last and last[0].isdigit() else None


GNU_TIME = _gnu_time()
# How a child's peak RSS is measured. wait4's ru_maxrss counts the RSS the child inherits from
# the process that spawned it (Linux accounts the pre-exec memory), so it is a floor of this
# script's own RSS; /usr/bin/time spawns from a tiny process, so it measures the child alone.
RSS_METHOD = "/usr/bin/time -f %M" if GNU_TIME else "wait4 ru_maxrss (includes the bench process's RSS at spawn)"


# How often the summed RSS of a child's process tree is sampled (worker processes of
# ``predict --jobs``: GNU time and wait4 report the largest single process, not the sum).
TREE_SAMPLE_S = 0.01


def _children(pid: int) -> list[int]:
    """Child processes of ``pid`` (Linux /proc/PID/task/TID/children), [] when it is gone."""
    found: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def _tree_rss_mb(root: int) -> float | None:
    """Summed resident memory of ``root``'s descendants (not ``root``) from /proc; None without it."""
    if not os.path.exists(f"/proc/{root}/task"):
        return None
    total, frontier = 0, _children(root)
    while frontier:
        pid = frontier.pop()
        total += _own_rss_pages(pid)
        frontier += _children(pid)
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


def _own_rss_pages(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def run_child(cmd: Sequence[str], workdir: Path) -> ChildRun:
    """Run ``cmd``; its wall time, its peak RSS (GNU time's %M, else wait4's rusage) and the peak
    summed RSS of its process tree (sampled every TREE_SAMPLE_S; 0 where there is no /proc)."""
    out_path, err_path, rss_path = workdir / "child.stdout", workdir / "child.stderr", workdir / "child.rss"
    rss_path.unlink(missing_ok=True)
    full = [GNU_TIME, "-f", "%M", "-o", str(rss_path), *cmd] if GNU_TIME else list(cmd)
    tree_peak = 0.0
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            # below the GNU time wrapper: the command and its workers
            sample = _tree_rss_mb(proc.pid) if GNU_TIME else _own_and_tree_rss_mb(proc.pid)
            tree_peak = max(tree_peak, sample or 0.0)
            time.sleep(TREE_SAMPLE_S)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    # ru_maxrss is KiB on Linux, bytes on macOS; GNU time reports KiB.
    peak_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    if GNU_TIME:
        last = rss_path.read_text().strip().splitlines()[-1:] if rss_path.exists() else []
        if last and last[0].isdigit():
            peak_bytes = int(last[0]) * 1024
    return ChildRun(seconds, peak_bytes / 1e6, proc.returncode, err_path.read_text(errors="replace"), tree_peak)


def _own_and_tree_rss_mb(pid: int) -> float | None:
    below = _tree_rss_mb(pid)
    return None if below is None else below + _own_rss_pages(pid) * os.sysconf("SC_PAGE_SIZE") / 1e6


@dataclass
class Best:
    """Best (minimum) of several runs, with all of them kept."""

    runs: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    tree_peak_mb: float = 0.0

    @property
    def best(self) -> float:
        return min(self.runs)

    def as_dict(self) -> dict[str, Any]:
        return {"best_s": self.best, "runs_s": self.runs, "peak_rss_mb": self.peak_mb or None,
                "peak_tree_rss_mb": self.tree_peak_mb or None}


def best_child(cmd: Sequence[str], repeat: int, workdir: Path, before: Callable[[], None] | None = None,
               what: str = "") -> Best:
    result = Best()
    for _ in range(repeat):
        if before is not None:
            before()
        run = run_child(cmd, workdir)
        if run.returncode != 0:
            sys.exit(f"bench: {what or cmd[0]} failed with exit code {run.returncode}:\n{run.stderr.strip()}")
        result.runs.append(run.seconds)
        result.peak_mb = max(result.peak_mb, run.peak_mb)
        result.tree_peak_mb = max(result.tree_peak_mb, run.tree_peak_mb)
    return result


def best_inprocess(fn: Callable[[], object], repeat: int) -> Best:
    from newsclean.model.pipeline import clear_caches

    result = Best()
    for _ in range(repeat):
        clear_caches()  # every repeat starts cold: memoised per-block work would flatter repeats
        start = time.perf_counter()
        fn()
        result.runs.append(time.perf_counter() - start)
    return result


# -- the benchmark ---------------------------------------------------------------------------
# Issue 8: the history features may add at most this share to `predict DIR` (one job, to compare like with like).
HISTORY_OVERHEAD_TARGET = 0.20


def bench_folder(folder: Path, n_files: int, model: Path | None, repeat: int, workdir: Path) -> dict[str, Any]:
    """Subprocess timings on one staged folder: ``newsclean predict`` and a markdown-it parse."""
    out = workdir / "out"

    def fresh_output() -> None:
        shutil.rmtree(out, ignore_errors=True)

    predict_cmd = [sys.executable, "-m", "newsclean", "predict", str(folder), "-o", str(out)]
    if model is not None:
        predict_cmd += ["--model", str(model)]
    timed: dict[str, Best] = {}
    for name, extra in (("predict", []), ("predict_1job", ["--jobs", "1"]),
                        ("predict_1job_nohist", ["--jobs", "1", "--no-history"])):
        timed[name] = best_child([*predict_cmd, *extra], repeat, workdir, before=fresh_output,
                                 what="newsclean predict")
        written = sum(1 for p in out.rglob("*.md")) if out.is_dir() else 0
        if written != n_files:
            print(f"bench: warning: predict wrote {written} files for {n_files} inputs", file=sys.stderr)
    fresh_output()
    parse = best_child([sys.executable, "-c", PARSE_CHILD, str(folder)], repeat, workdir, what="parse child")
    return {"files": n_files, "predict": timed["predict"].as_dict(), "predict_1job": timed["predict_1job"].as_dict(),
            "predict_1job_nohist": timed["predict_1job_nohist"].as_dict(),
            "parse": parse.as_dict(), "ratio": timed["predict"].best / parse.best,
            "ratio_1job": timed["predict_1job"].best / parse.best,
            "history_overhead": timed["predict_1job"].best / timed["predict_1job_nohist"].best - 1.0}


def bench_inprocess(texts: Sequence[str], model: Path | None, repeat: int) -> dict[str, Any]:
    """In-process timings over the distinct inputs: parse, model load, clean and clean_once."""
    start = time.perf_counter()
    from markdown_it import MarkdownIt
    import_md = time.perf_counter() - start

    start = time.perf_counter()
    from newsclean.model.cleaner import Cleaner
    from newsclean.model.pipeline import clean, clean_once
    import_pipeline = time.perf_counter() - start

    md = MarkdownIt("commonmark").enable("table")
    parse = best_inprocess(lambda: [md.parse(t) for t in texts], repeat)

    # The first load also imports what persistence needs (skops); later loads read the file only.
    # Cleaner.load bypasses load_model's cache so each load is a real one.
    start = time.perf_counter()
    cleaner = Cleaner.load(model)
    first_load = time.perf_counter() - start
    warm_load = best_inprocess(lambda: Cleaner.load(model), repeat)

    cleaned = best_inprocess(lambda: [clean(t, cleaner=cleaner) for t in texts], repeat)
    once = best_inprocess(lambda: [clean_once(t, cleaner) for t in texts], repeat)
    per_doc = [_per_document(t, md, cleaner, repeat) for t in texts]
    ratios = sorted(c / p for c, p, _ in per_doc)
    passes: dict[int, int] = {}
    for _, _, n in per_doc:
        passes[n] = passes.get(n, 0) + 1
    return {
        "import_markdown_it_s": import_md,
        "import_pipeline_s": import_pipeline,
        "parse": parse.as_dict(),
        "model_load_first_s": first_load,
        "model_load": warm_load.as_dict(),
        "clean": cleaned.as_dict(),
        "clean_once": once.as_dict(),
        "ratio_clean": cleaned.best / parse.best,
        "ratio_clean_once": once.best / parse.best,
        "per_document_ratio": {"median": statistics.median(ratios), "p90": ratios[int(0.9 * (len(ratios) - 1))],
                               "max": ratios[-1]},
        "passes": {str(k): v for k, v in sorted(passes.items())},
    }


def _per_document(text: str, md: Any, cleaner: Any, repeat: int) -> tuple[float, float, int]:
    """One document: best ``clean`` time, best full-parse time, and the decision passes of its clean."""
    from newsclean.model.pipeline import clean

    calls = [0]
    decide = cleaner.decide

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return decide(*args, **kwargs)

    parse_s = best_inprocess(lambda: md.parse(text), repeat).best
    clean_s = best_inprocess(lambda: clean(text, cleaner=cleaner), repeat).best
    cleaner.decide = counting
    try:
        clean(text, cleaner=cleaner)
    finally:
        del cleaner.decide  # the instance attribute goes; the method is the class's again
    return clean_s, parse_s, calls[0]


def bench_startup(model: Path | None, repeat: int, workdir: Path) -> dict[str, Any]:
    """Fixed costs paid by every ``newsclean predict`` process, measured as subprocesses."""
    path = None if model is None else str(model)
    load = f"from newsclean.model.pipeline import load_model; load_model({path!r})"
    cmds = {
        "python": [sys.executable, "-c", "pass"],
        "import_markdown_it": [sys.executable, "-c", "import markdown_it"],
        "import_pipeline": [sys.executable, "-c", "import newsclean.model.pipeline"],
        "import_and_load_model": [sys.executable, "-c", load],
    }
    return {name: best_child(cmd, repeat, workdir, what=name).as_dict() for name, cmd in cmds.items()}


def marginal(folders: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Cost per extra file between the smallest and the largest folder, and predict's fixed cost."""
    if len(folders) < 2:
        return None
    small, big = folders[0], folders[-1]
    extra = big["files"] - small["files"]
    per_predict = (big["predict"]["best_s"] - small["predict"]["best_s"]) / extra
    per_parse = (big["parse"]["best_s"] - small["parse"]["best_s"]) / extra
    return {
        "from_copies": small["copies"],
        "to_copies": big["copies"],
        "predict_s_per_file": per_predict,
        "parse_s_per_file": per_parse,
        "ratio": per_predict / per_parse if per_parse > 0 else None,
        "predict_fixed_s": small["predict"]["best_s"] - per_predict * small["files"],
    }


# -- report ----------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def ratio_line(label: str, ratio: float) -> str:
    return (f"  {label:<44} {ratio:7.2f}x   <= {RATIO_TARGET:g}x {verdict(ratio <= RATIO_TARGET)}"
            f"   <= {RATIO_TARGET_LATER:g}x (later) {verdict(ratio <= RATIO_TARGET_LATER)}")


def report(r: dict[str, Any]) -> str:
    lines: list[str] = []
    add = lines.append
    env = r["environment"]
    add(f"newsclean predict benchmark   (python {env['python']}, {env['cpus']} CPUs, "
        f"OMP_NUM_THREADS={env['omp_num_threads']}, load avg {env['load_before']} -> {env['load_after']})")
    add(f"inputs: {r['distinct_files']} distinct files from {r['source']}, {r['distinct_mb']:.3f} MB; "
        f"model: {r['model']}; best of {r['repeat']}")
    add(f"peak RSS of children: {env['peak_rss_method']}")
    add("")
    st = r["startup"]
    add("start-up (subprocess, best)")
    for key, label in (("python", "python -c pass"),
                       ("import_markdown_it", 'python -c "import markdown_it"'),
                       ("import_pipeline", 'python -c "import newsclean.model.pipeline"'),
                       ("import_and_load_model", "  ... and load the model")):
        add(f"  {label:<44} {st[key]['best_s']:8.3f} s   peak RSS {st[key]['peak_rss_mb']:6.1f} MB")
    add("")
    ip = r["inprocess"]
    n = r["distinct_files"]
    add(f"in-process ({n} files, {r['distinct_mb']:.3f} MB; imports and model load not in the timings)")
    add(f"  {'import newsclean.model.pipeline (here)':<44} {ip['import_pipeline_s']:8.3f} s")
    add(f"  {'model load, first (incl. lazy imports)':<44} {ip['model_load_first_s']:8.3f} s")
    add(f"  {'model load, again':<44} {ip['model_load']['best_s']:8.3f} s")
    for key, label in (("parse", "markdown-it parse (commonmark+table, full)"),
                       ("clean", "pipeline.clean"), ("clean_once", "pipeline.clean_once (one pass)")):
        best = ip[key]["best_s"]
        add(f"  {label:<44} {best:8.3f} s   {1000 * best / n:7.2f} ms/file   "
            f"{r['distinct_mb'] / best:6.2f} MB/s")
    per = ip["per_document_ratio"]
    add(f"  per document, clean / full parse: median {per['median']:.2f}x, p90 {per['p90']:.2f}x, "
        f"max {per['max']:.2f}x")
    add("  decision passes per clean: " + ", ".join(f"{k}: {v} files" for k, v in ip["passes"].items()))
    add("")
    add("subprocess, whole folder (wall clock, best; N = copies of each input; predict with its default")
    add("--jobs, one worker per CPU, and with --jobs 1; peak MB: largest process / whole process tree)")
    add(f"  {'N':>5} {'files':>6} {'MB':>8} {'jobs':>7} {'predict s':>10} {'parse s':>9} {'ratio':>7} "
        f"{'predict ms/file':>16} {'predict peak MB':>16} {'parse peak MB':>14}")
    for run in r["folders"]:
        for key, ratio, jobs in (("predict", "ratio", "default"), ("predict_1job", "ratio_1job", "1")):
            tree = run[key].get("peak_tree_rss_mb")
            peak = f"{run[key]['peak_rss_mb']:.1f} / {'n/a' if tree is None else format(tree, '.1f')}"
            add(f"  {run['copies']:>5} {run['files']:>6} {run['mb']:>8.3f} {jobs:>7} {run[key]['best_s']:>10.3f} "
                f"{run['parse']['best_s']:>9.3f} {run[ratio]:>6.2f}x "
                f"{1000 * run[key]['best_s'] / run['files']:>16.2f} {peak:>16} "
                f"{run['parse']['peak_rss_mb']:>14.1f}")
    m = r.get("marginal")
    if m:
        add(f"  from N={m['from_copies']} to N={m['to_copies']}: predict {1000 * m['predict_s_per_file']:.2f} ms "
            f"per extra file, parse {1000 * m['parse_s_per_file']:.2f} ms per extra file "
            f"(ratio {'n/a' if m['ratio'] is None else format(m['ratio'], '.2f') + 'x'}); "
            f"predict fixed cost ~{m['predict_fixed_s']:.2f} s")
    add("")
    add("against the targets (cleaning / parse time; peak memory of newsclean predict)")
    for run in r["folders"]:
        add(ratio_line(f"subprocess wall, N={run['copies']} ({run['files']} files)", run["ratio"]))
        add(ratio_line("  ... with --jobs 1", run["ratio_1job"]))
        overhead = run["history_overhead"]
        add(f"  {'  ... history (the folder) vs --no-history, -j 1':<44} {100 * overhead:+6.1f}%  <= +20% "
            f"{verdict(overhead <= HISTORY_OVERHEAD_TARGET)}")
    add(ratio_line("in-process, clean", ip["ratio_clean"]))
    add(ratio_line("in-process, clean_once (one pass)", ip["ratio_clean_once"]))
    add(ratio_line("in-process, clean, median document", ip["per_document_ratio"]["median"]))
    for run in r["folders"]:
        # all of predict's processes together (the workers' sum) where /proc tells it
        peak = run["predict"].get("peak_tree_rss_mb") or run["predict"]["peak_rss_mb"]
        add(f"  {'peak RSS, predict N=' + str(run['copies']) + ' (all processes)':<44} {peak:7.1f} MB  "
            f"< {PEAK_MB_TARGET:g} MB {verdict(peak < PEAK_MB_TARGET)}")
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Time `newsclean predict` against markdown-it-py on a corpus.")
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, metavar="DIR",
                        help=f"pair folders (their input.md) or a folder of Markdown files (default: {DEFAULT_PAIRS})")
    parser.add_argument("--copies", type=int, default=10, metavar="N",
                        help="also run on a folder with each input copied N times (default: 10; N=1 always runs)")
    parser.add_argument("--model", type=Path, metavar="PATH", help="model file (default: the shipped model)")
    parser.add_argument("--repeat", type=int, default=3, metavar="R", help="runs per timing, best kept (default: 3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers as JSON here")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.copies < 1 or args.repeat < 1:
        sys.exit("bench: --copies and --repeat must be 1 or more")
    if not args.pairs.is_dir():
        sys.exit(f"bench: {args.pairs}: no such folder")
    sources = find_inputs(args.pairs)
    if not sources:
        sys.exit(f"bench: no input.md or Markdown files under {args.pairs}")
    model = args.model.resolve() if args.model is not None else None
    if model is not None and not model.is_file():
        sys.exit(f"bench: {model}: no such model file")
    texts = [s.read_text(encoding="utf-8") for s in sources]
    distinct_bytes = sum(s.stat().st_size for s in sources)

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results: dict[str, Any] = {
        "source": str(args.pairs),
        "model": str(model) if model is not None else "(shipped default)",
        "repeat": args.repeat,
        "distinct_files": len(sources),
        "distinct_mb": distinct_bytes / 1e6,
        "targets": {"ratio_max": RATIO_TARGET, "ratio_max_later": RATIO_TARGET_LATER, "peak_mb_max": PEAK_MB_TARGET},
    }
    with tempfile.TemporaryDirectory(prefix="newsclean-bench-") as tmp:
        work = Path(tmp)
        folders = []
        for copies in sorted({1, args.copies}):
            print(f"bench: subprocess runs, N={copies} ...", file=sys.stderr)
            folder = stage(sources, args.pairs, copies, work / f"in-{copies}")
            run = bench_folder(folder, len(sources) * copies, model, args.repeat, work)
            run.update(copies=copies, mb=distinct_bytes * copies / 1e6)
            folders.append(run)
            shutil.rmtree(folder)
        results["folders"] = folders
        results["marginal"] = marginal(folders)
        print("bench: start-up ...", file=sys.stderr)
        results["startup"] = bench_startup(model, args.repeat, work)
    print("bench: in-process ...", file=sys.stderr)
    results["inprocess"] = bench_inprocess(texts, model, args.repeat)
    results["environment"] = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "peak_rss_method": RSS_METHOD,
    }
    print(report(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
