"""Benchmark ``newsclean predict --scheduler`` (Dask) against folder mode with ``-j 1`` and ``-j 2``.

Usage::

    python bench/bench_dask.py [--pairs DIR] [--copies N] [--repeat R] [--workers 1,2]

Needs the ``dask`` extra. Prints a table of numbers; asserts nothing. See bench/README.md.

The inputs are the ``input.md`` of every pair folder under ``DIR`` (default: the corpus next to the
repository), copied ``N`` times under distinct names (copy k > 0 gets a marker line, so no two
files are the same text). Three kinds of figure, best of R runs each:

- **whole command**: wall time of ``python -m newsclean predict IN -o OUT`` with ``-j 1``, ``-j 2``,
  ``--scheduler local:1`` and ``--scheduler local:2`` (start-up, cluster start and model loads
  included: what a user waits for);
- **warm cluster**: in this process, a LocalCluster of W worker processes that has already cleaned
  a few files (model loaded on every worker); the time of ``newsclean.dask.run`` over all files;
- **scheduler overhead**: on the same warm cluster, a no-op task over the same batches (each task
  carries its list of files, as the real ones do, and returns at once): what Dask itself costs.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as newsclean itself; inherited by every worker

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PAIRS = REPO.parent / "shared" / "corpus" / "pairs"
WARM_UP_FILES = 4


def stage(pairs: Path, copies: int, dest: Path) -> int:
    """Copy every pair's input.md ``copies`` times into ``dest``; the number of files."""
    sources = sorted(p / "input.md" for p in pairs.iterdir() if (p / "input.md").is_file())
    dest.mkdir(parents=True)
    for k in range(copies):
        for source in sources:
            text = source.read_text(encoding="utf-8")
            marker = f"\n\ncopy {k} of {source.parent.name}\n" if k else ""
            (dest / f"{source.parent.name}-{k:03d}.md").write_text(text + marker, encoding="utf-8")
    return len(sources) * copies


def best(repeat: int, once: Callable[[], None]) -> float:
    """The least wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return min(times)


def command(folder: Path, out: Path, *options: str) -> Callable[[], None]:
    """A run of ``newsclean predict folder -o out options`` in a fresh interpreter (output emptied first)."""

    def once() -> None:
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "newsclean", "predict", str(folder), "-o", str(out), *options, "-q"],
                       check=True)

    return once


def _noop(batch: Sequence[Any], *args: Any) -> int:
    return len(batch)


def warm_cluster(folder: Path, out: Path, workers: int, repeat: int) -> tuple[float, float, int]:
    """On a warm LocalCluster of ``workers`` processes: seconds for all files, seconds for no-op tasks, tasks."""
    from distributed import Client, LocalCluster, wait

    from newsclean.dask import CleanOptions, batches, plan, run

    options = CleanOptions()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        tasks = plan(str(folder), str(out))
        # Warm up: every worker loads the model and cleans a file.
        list(run(client, tasks[:WARM_UP_FILES * workers], str(folder), str(out), options, batch_size=1))
        cut = batches(tasks, workers)

        def clean_all() -> None:
            shutil.rmtree(out, ignore_errors=True)
            errors = [e for _, e in run(client, tasks, str(folder), str(out), options)]
            assert not any(errors), errors

        def noop_all() -> None:
            futures = client.map(_noop, cut, [options] * len(cut), pure=False)
            wait(futures)
            client.cancel(futures)

        return best(repeat, clean_all), best(repeat, noop_all), len(cut)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="a folder of pair folders")
    parser.add_argument("--copies", type=int, default=4, help="copies of each input (default: 4)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing; the best is shown (default: 2)")
    parser.add_argument("--workers", default="1,2", help="LocalCluster sizes, comma-separated (default: 1,2)")
    args = parser.parse_args(argv)
    sizes = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        files = stage(args.pairs, args.copies, folder)
        load = os.getloadavg()[0]
        print(f"{files} files ({sum(p.stat().st_size for p in folder.iterdir()) / 1e6:.1f} MB), "
              f"{os.cpu_count()} CPUs, load average {load:.2f}, best of {args.repeat}")
        print(f"\n{'whole command':<34} {'seconds':>8} {'files/s':>8}")
        for label, options in [("predict -j 1", ["-j", "1"]), ("predict -j 2", ["-j", "2"]),
                               *((f"predict --scheduler local:{w}", ["--scheduler", f"local:{w}"]) for w in sizes)]:
            seconds = best(args.repeat, command(folder, out, *options))
            print(f"{label:<34} {seconds:>8.2f} {files / seconds:>8.1f}")
        print(f"\n{'warm LocalCluster (in process)':<34} {'seconds':>8} {'files/s':>8} {'tasks':>6} {'ms/task':>8}")
        for w in sizes:
            clean_s, noop_s, tasks = warm_cluster(folder, out, w, args.repeat)
            print(f"{f'{w} worker(s): clean':<34} {clean_s:>8.2f} {files / clean_s:>8.1f} {tasks:>6} "
                  f"{1000 * clean_s / tasks:>8.1f}")
            print(f"{f'{w} worker(s): no-op over the batches':<34} {noop_s:>8.2f} {files / noop_s:>8.1f} {tasks:>6} "
                  f"{1000 * noop_s / tasks:>8.1f}")
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
