"""Benchmark the email → Markdown conversion against markdown-it-py parsing its output.

Usage::

    python bench/bench_convert.py [--pairs DIR] [--repeat R] [--json OUT]

For every ``email.html`` of a pair folder under ``DIR`` (default: ``../shared/corpus/pairs`` next
to the repository), or every ``.html``/``.htm`` file under it, in this process (files read into
memory first, reading not timed), best of R runs:

- ``convert``: ``newsclean.features.email.convert_html`` as ``newsclean convert`` runs it: data-URL
  stripping, the corpus conversion and the text-loss check;
- ``corpus pass``: the corpus conversion alone (html.parser pass + html-to-markdown);
- ``loss check``: the visible text (html-to-markdown's plain-text parse) and the comparison;
- ``parse``: ``MarkdownIt("commonmark").enable("table").parse`` of the converted Markdown, full
  parse with the inline pass (as ``bench_predict.py`` times it).

Prints one line per email and the totals; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PAIRS = REPO.parent / "shared" / "corpus" / "pairs"


def find_emails(folder: Path) -> list[Path]:
    """``email.html`` of every pair folder under ``folder``, else every HTML file under it."""
    pairs = sorted(folder.glob("*/email.html"))
    if pairs:
        return pairs
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".html", ".htm"))


def best_ms(work: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``work``, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


@dataclass(frozen=True)
class Timing:
    """One email's sizes and best times."""

    name: str
    html_bytes: int
    markdown_bytes: int
    convert_ms: float
    corpus_pass_ms: float
    loss_check_ms: float
    parse_ms: float


TIMES = ("convert_ms", "corpus_pass_ms", "loss_check_ms", "parse_ms")


def measure(path: Path, repeat: int) -> Timing:
    """The four timings of one email and its sizes."""
    from markdown_it import MarkdownIt
    from newsclean.features.email import _loss, convert_html, corpus_markdown, strip_data_urls, visible_text

    html = path.read_bytes().decode("utf-8", errors="replace")
    markdown = convert_html(html, where=str(path))
    stripped = strip_data_urls(html)
    parser = MarkdownIt("commonmark").enable("table")
    return Timing(
        name=path.parent.name if path.name == "email.html" else path.stem,
        html_bytes=len(html.encode("utf-8")),
        markdown_bytes=len(markdown.encode("utf-8")),
        convert_ms=best_ms(lambda: convert_html(html, where=str(path)), repeat),
        corpus_pass_ms=best_ms(lambda: corpus_markdown(stripped), repeat),
        loss_check_ms=best_ms(lambda: _loss(visible_text(stripped), markdown), repeat),
        parse_ms=best_ms(lambda: parser.parse(markdown), repeat),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, metavar="DIR")
    parser.add_argument("--repeat", type=int, default=5, metavar="R")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    emails = find_emails(args.pairs)
    if not emails:
        print(f"no email.html or .html files under {args.pairs}", file=sys.stderr)
        return 1
    import html_to_markdown
    from newsclean.features.email import convert_html

    convert_html("<p>warm-up</p>")  # imports bs4 and html-to-markdown outside the timings
    rows = [measure(path, args.repeat) for path in emails]
    print(f"python {platform.python_version()}, html-to-markdown {html_to_markdown.__version__}, "
          f"{len(rows)} emails, best of {args.repeat}")
    print(f"{'email':<26} {'HTML KB':>8} {'MD KB':>6} {'convert ms':>10} {'corpus ms':>9} {'check ms':>8} "
          f"{'parse ms':>8} {'convert/parse':>13}")
    for row in rows:
        print(f"{row.name:<26} {row.html_bytes / 1000:>8.1f} {row.markdown_bytes / 1000:>6.1f} "
              f"{row.convert_ms:>10.1f} {row.corpus_pass_ms:>9.1f} {row.loss_check_ms:>8.1f} "
              f"{row.parse_ms:>8.1f} {row.convert_ms / row.parse_ms:>13.1f}")
    summaries: tuple[tuple[str, Callable[[list[float]], float]], ...] = (
        ("total", lambda xs: sum(xs)), ("median", statistics.median))
    for label, pick in summaries:
        values = {key: pick([getattr(r, key) for r in rows]) for key in TIMES}
        print(f"{label:<26} {'':>8} {'':>6} {values['convert_ms']:>10.1f} {values['corpus_pass_ms']:>9.1f} "
              f"{values['loss_check_ms']:>8.1f} {values['parse_ms']:>8.1f} "
              f"{values['convert_ms'] / values['parse_ms']:>13.1f}")
    if args.json is not None:
        report = {"repeat": args.repeat, "emails": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
