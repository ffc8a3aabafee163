"""Extract the example (input, output) pairs from the user's LLM prompt files into pair folders.

The prompt files (``seeds/*.txt``) hold sections ``## EXAMPLE <n>:``. In a section, the example
input is a fenced block (```` ```md ````) between ``<START_EXAMPLE_INPUT>`` and
``<END_EXAMPLE_INPUT>``, or, where the tags are missing, the fenced block under a ``### Input…``
heading; the output likewise with ``OUTPUT`` / ``### Output…``. Sections with no such pair (the
``PATTERN/SECTION TO BE REMOVED`` sections) are skipped. Identical examples found in several files
are written once.

Usage: ``python -m newsclean.data.extract_seeds SEEDS_DIR OUT_DIR [--corpus CORPUS_DIR]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsclean.errors import NewscleanError

logger = logging.getLogger(__name__)

PUBLISHER = "ByteByteGo"

NOTE = (
    "input.md is the user's example input, byte for byte; output.md is the user's own LLM "
    "cleaning from the prompt example, not a hand label: it breaks LABELLING.md in places "
    "(kept '(Sponsored)' sections and the © footer, cut lines out of kept blocks). For labels, "
    "prefer the corpus pair of the same issue."
)

_SECTION_RE = re.compile(r"^##\s+example\s+(\d+)\b", re.IGNORECASE)
_FENCE_OPEN_RE = re.compile(r"^```[\w-]*\s*$")
_FENCE_CLOSE_RE = re.compile(r"^```\s*$")
_TAG_RE = re.compile(r"^<(START|END)_EXAMPLE_(INPUT|OUTPUT)>\s*$")
_ROLE_HEADING_RE = re.compile(r"^###\s+(input|output)\b", re.IGNORECASE)
_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EPISODE_RE = re.compile(r"^EP\s*(\d+)\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[a-z0-9]+")
# Words skipped when a title is shortened to one word for a slug ("How Spotify Uses…" -> spotify).
_SLUG_STOPWORDS = frozenset(
    {"a", "an", "the", "how", "what", "why", "when", "where", "who", "which", "is", "are", "do"}
    | {"does", "to", "of", "in", "on", "for", "and", "with", "vs"}
)


@dataclass(frozen=True)
class Example:
    """One example pair found in a prompt file."""

    input: str
    output: str
    title: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class _Fence:
    """A fenced block of a prompt file: its content and the role the text around it gives it."""

    text: str
    role: str | None  # "input", "output" or None


def _fences_by_section(text: str) -> dict[int, list[_Fence]]:
    """The fenced blocks of each ``## EXAMPLE <n>`` section, with their input/output role."""
    sections: dict[int, list[_Fence]] = {}
    section: int | None = None
    role: str | None = None
    fence_lines: list[str] | None = None
    for line in text.split("\n"):
        if fence_lines is not None:
            if _FENCE_CLOSE_RE.match(line):
                if section is not None:
                    sections[section].append(_Fence("\n".join(fence_lines), role))
                fence_lines, role = None, None
            else:
                fence_lines.append(line)
            continue
        if match := _SECTION_RE.match(line):
            section, role = int(match.group(1)), None
            sections.setdefault(section, [])
        elif match := _TAG_RE.match(line):
            role = match.group(2).lower() if match.group(1) == "START" else None
        elif match := _ROLE_HEADING_RE.match(line):
            role = match.group(1).lower()
        elif _FENCE_OPEN_RE.match(line):
            fence_lines = []
    if fence_lines is not None:
        raise NewscleanError("a fenced block is not closed: every ```md needs a closing ```")
    return sections


def title_of(markdown: str) -> str:
    """The text of the first ``#`` heading, links reduced to their text; "" when there is none."""
    for line in markdown.split("\n"):
        if match := _H1_RE.match(line):
            return _LINK_RE.sub(r"\1", match.group(1)).strip()
    return ""


def parse_prompt(text: str, source: str) -> list[Example]:
    """The example pairs of one prompt file, in order.

    Args:
        text: the prompt file's text.
        source: how to name the file and section in ``Example.sources``.

    Returns:
        One example per section that holds exactly one input and one output block.
    """
    examples = []
    for number, fences in _fences_by_section(text).items():
        inputs = [fence.text for fence in fences if fence.role == "input"]
        outputs = [fence.text for fence in fences if fence.role == "output"]
        if len(inputs) != 1 or len(outputs) != 1:
            logger.info(
                "%s example %d: skipped, %d input and %d output blocks (not a pair)",
                source, number, len(inputs), len(outputs),
            )
            continue
        examples.append(
            Example(inputs[0], outputs[0], title_of(inputs[0]), (f"{source} example {number}",))
        )
    return examples


def dedupe_examples(examples: Sequence[Example]) -> list[Example]:
    """One example per distinct (input, output), its sources merged, in first-seen order."""
    merged: dict[tuple[str, str], Example] = {}
    for example in examples:
        key = (example.input, example.output)
        if key in merged:
            first = merged[key]
            merged[key] = Example(
                first.input, first.output, first.title, first.sources + example.sources
            )
        else:
            merged[key] = example
    return list(merged.values())


def _slugify(text: str) -> str:
    """Lowercase ASCII words joined by ``-``."""
    return "-".join(_WORD_RE.findall(text.lower()))


def default_slug(title: str, publisher: str = PUBLISHER) -> str:
    """``<publisher>-ep<n>`` for an episode title, else ``<publisher>-<first key word>``."""
    if match := _EPISODE_RE.match(title):
        key = f"ep{match.group(1)}"
    else:
        words = [word for word in _WORD_RE.findall(title.lower()) if word not in _SLUG_STOPWORDS]
        key = words[0] if words else "example"
    return f"{_slugify(publisher)}-{key}"


def corpus_titles(corpus: Path) -> dict[str, str]:
    """Casefolded issue title -> pair name, for the pairs in ``corpus/pairs`` or ``corpus``."""
    root = corpus / "pairs" if (corpus / "pairs").is_dir() else corpus
    titles: dict[str, str] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "input.md").is_file()):
        title = title_of((folder / "input.md").read_text(encoding="utf-8"))
        meta_path = folder / "meta.json"
        if meta_path.is_file():
            title = json.loads(meta_path.read_text(encoding="utf-8")).get("title") or title
        if title:
            titles.setdefault(title.casefold(), folder.name)
    return titles


def name_examples(examples: Sequence[Example], titles: dict[str, str]) -> list[str]:
    """A folder name per example: the corpus pair with the same title, else :func:`default_slug`."""
    names: list[str] = []
    for example in examples:
        base = titles.get(example.title.casefold()) or default_slug(example.title)
        name, n = base, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def write_example(example: Example, folder: Path, corpus_pair: str | None) -> None:
    """Write ``input.md``, ``output.md`` (text plus one final newline) and ``meta.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "input.md").write_bytes((example.input + "\n").encode("utf-8"))
    (folder / "output.md").write_bytes((example.output + "\n").encode("utf-8"))
    meta = {
        "publisher": PUBLISHER,
        "title": example.title,
        "source": "; ".join(example.sources),
        "note": NOTE,
    }
    if corpus_pair:
        meta["corpus_pair"] = corpus_pair
    text = json.dumps(meta, indent=1, ensure_ascii=False) + "\n"
    (folder / "meta.json").write_bytes(text.encode("utf-8"))


def extract(seeds_dir: Path, out_dir: Path, corpus: Path | None = None) -> list[Path]:
    """Extract every example pair of ``seeds_dir/*.txt`` into ``out_dir/<slug>/``.

    Args:
        seeds_dir: folder of prompt files.
        out_dir: where the pair folders go (created; existing files overwritten).
        corpus: a corpus folder; an example whose title is a corpus pair's title takes its name.

    Returns:
        The pair folders written, in order.
    """
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise NewscleanError(f"{seeds_dir} holds no prompt files (*.txt)")
    found: list[Example] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise NewscleanError(f"{path} is not UTF-8; re-save it as UTF-8") from exc
        try:
            found.extend(parse_prompt(text, f"{seeds_dir.name}/{path.name}"))
        except NewscleanError as exc:
            raise NewscleanError(f"{path}: {exc}") from exc
    examples = dedupe_examples(found)
    if not examples:
        raise NewscleanError(f"no example input/output pairs found in {seeds_dir}/*.txt")
    titles = corpus_titles(corpus) if corpus is not None else {}
    written = []
    for example, name in zip(examples, name_examples(examples, titles), strict=True):
        corpus_pair = titles.get(example.title.casefold())
        write_example(example, out_dir / name, corpus_pair)
        written.append(out_dir / name)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: extract the seed pairs; print the folders written.

    Args:
        argv: the arguments (default ``sys.argv[1:]``).

    Returns:
        0 on success, 1 on bad input (2 for usage errors, from argparse).
    """
    parser = argparse.ArgumentParser(
        prog="python -m newsclean.data.extract_seeds", description=__doc__.splitlines()[0]
    )
    parser.add_argument("seeds_dir", type=Path, help="folder of prompt files (*.txt)")
    parser.add_argument("out_dir", type=Path, help="where to write <slug>/input.md, output.md")
    parser.add_argument(
        "--corpus", type=Path, help="corpus folder: examples of a corpus issue take its pair name"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is skipped")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    if not args.seeds_dir.is_dir():
        print(f"Error: {args.seeds_dir} is not a folder of prompt files", file=sys.stderr)
        return 1
    if args.corpus is not None and not args.corpus.is_dir():
        print(f"Error: corpus {args.corpus} is not a folder", file=sys.stderr)
        return 1
    try:
        written = extract(args.seeds_dir, args.out_dir, args.corpus)
    except NewscleanError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for folder in written:
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
