"""Labelled pairs (raw newsletter, cleaned newsletter) from pair folders, JSONL or Parquet.

A *pair folder* holds ``input.md`` and ``output.md``, and optionally ``labels.json`` (the dropped
blank-line units with their category, see ``LABELLING.md``) and ``meta.json`` (``publisher``,
``platform``, ...). Without ``input.md``, the input is the email beside ``output.md``
(``email.html``, else ``email.eml``) converted as ``newsclean convert`` does. A dataset file
(``.jsonl``/``.json``/``.parquet``) has one pair per row with ``input`` (or ``html``: an email's
HTML, converted) and ``output`` columns and optional ``name`` and ``publisher`` columns; it is
read with the ``datasets`` library, offline.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclean.features.email import Converted, convert_html, from_eml
from newsclean.features.segment import normalise_newlines, split_units

from newsclean.errors import NewscleanError

logger = logging.getLogger(__name__)

CATEGORIES = ("ad", "self_promo", "chrome", "footer", "tracking", "games")

INPUT_FILE = "input.md"
# The email a pair's input is converted from when it has no input.md, in order of preference.
EMAIL_FILES = ("email.html", "email.eml")
OUTPUT_FILE = "output.md"
LABELS_FILE = "labels.json"
META_FILE = "meta.json"

_DATASET_FORMATS = {".jsonl": "json", ".json": "json", ".parquet": "parquet"}
_REQUIRED_COLUMNS = ("input", "output")
_RESERVED_COLUMNS = frozenset({"input", "output", "name", "publisher", "html"})

# A trailing issue number: "tldr-ai-2" -> "tldr-ai", "bytebytego-ep168" -> "bytebytego".
_ISSUE_SUFFIX_RE = re.compile(r"-(?:ep)?\d+$", re.IGNORECASE)
_DIGITS_RE = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Pair:
    """One labelled newsletter: the raw Markdown, its cleaned version and what we know of it.

    ``labels`` maps a blank-line unit index of ``input`` to its drop category (``labels.json``
    ``"drop"``), or is None when the pair has no labels. ``publisher`` comes from ``meta.json`` or
    the ``publisher`` column; without one it is the name with a trailing issue number
    (``-<digits>`` or ``-ep<digits>``) stripped. ``source`` is the folder or file it came from.
    """

    name: str
    input: str
    output: str
    labels: dict[int, str] | None
    publisher: str
    meta: dict[str, str]
    source: str


def publisher_from_name(name: str) -> str:
    """The pair name without a trailing ``-<digits>`` or ``-ep<digits>`` issue number."""
    stripped = _ISSUE_SUFFIX_RE.sub("", name)
    return stripped or name


def _natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing digit runs as numbers, so ``x-2`` sorts before ``x-10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in _DIGITS_RE.split(name)
        if part
    )


def _read_text(path: Path) -> str:
    """A file's text, decoded as strict UTF-8, exactly as stored (line ends kept)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NewscleanError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewscleanError(
            f"{path} is not UTF-8 (bad byte at offset {exc.start}); re-save it as UTF-8"
        ) from exc


def _read_json(path: Path) -> Any:
    """A JSON file's value, with a one-line error naming the file."""
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise NewscleanError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc


def parse_labels(value: Any, *, n_units: int, where: str) -> dict[int, str]:
    """Validate a ``labels.json`` value and return its ``drop`` map as unit index -> category.

    Args:
        value: the parsed JSON: an object with a ``"drop"`` object of ``"<unit>": "<category>"``.
        n_units: how many blank-line units the input has (indices must be below it).
        where: the file or row named in error messages.

    Returns:
        The dropped units and their categories, sorted by unit index.
    """
    if not isinstance(value, dict) or not isinstance(value.get("drop"), dict):
        raise NewscleanError(
            f'{where}: expected an object with a "drop" object of "<unit index>": "<category>"'
        )
    drop: dict[int, str] = {}
    for key, category in value["drop"].items():
        if not (isinstance(key, str) and key.isdigit()):
            raise NewscleanError(f"{where}: unit index {key!r} is not a non-negative integer")
        index = int(key)
        if index >= n_units:
            raise NewscleanError(
                f"{where}: unit index {index} is out of range; the input has {n_units} units"
            )
        if category not in CATEGORIES:
            raise NewscleanError(
                f"{where}: unknown category {category!r} for unit {index}; "
                f"allowed: {', '.join(CATEGORIES)}"
            )
        drop[index] = category
    return dict(sorted(drop.items()))


def _meta_strings(value: Any, where: str) -> dict[str, str]:
    """``meta.json`` as a str -> str dict; non-string values are kept as their JSON text."""
    if not isinstance(value, dict):
        raise NewscleanError(f"{where}: expected a JSON object of metadata fields")
    return {
        str(key): item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
        for key, item in value.items()
    }


def _count_units(markdown: str) -> int:
    """Number of blank-line units (``labels.json`` numbering) in a newsletter."""
    return len(split_units(normalise_newlines(markdown).split("\n")))


def _is_pair_folder(folder: Path) -> bool:
    """A folder holding ``input.md`` or ``output.md``."""
    return (folder / INPUT_FILE).is_file() or (folder / OUTPUT_FILE).is_file()


def _folder_input(folder: Path) -> Converted:
    """A pair folder's input: ``input.md``, else its email converted to Markdown."""
    if (folder / INPUT_FILE).is_file():
        return Converted(_read_text(folder / INPUT_FILE))
    html_file, eml_file = (folder / name for name in EMAIL_FILES)
    if html_file.is_file():
        return Converted(convert_html(_read_text(html_file), where=str(html_file)))
    if eml_file.is_file():
        try:
            data = eml_file.read_bytes()
        except OSError as exc:
            raise NewscleanError(f"cannot read {eml_file}: {exc.strerror}") from exc
        return from_eml(data, where=str(eml_file))
    raise NewscleanError(
        f"pair folder {folder} has no {INPUT_FILE}; a pair needs {INPUT_FILE} (or {' or '.join(EMAIL_FILES)}) "
        f"and {OUTPUT_FILE} ({LABELS_FILE} and {META_FILE} are optional)"
    )


def _load_pair_folder(folder: Path) -> Pair:
    """One pair folder as a :class:`Pair` (an email's sender goes to ``meta["sender"]``)."""
    if not (folder / OUTPUT_FILE).is_file():
        raise NewscleanError(
            f"pair folder {folder} has no {OUTPUT_FILE}; a pair needs {INPUT_FILE} (or "
            f"{' or '.join(EMAIL_FILES)}) and {OUTPUT_FILE} ({LABELS_FILE} and {META_FILE} are optional)"
        )
    converted = _folder_input(folder)
    input_md = converted.markdown
    output_md = _read_text(folder / OUTPUT_FILE)
    labels = None
    labels_path = folder / LABELS_FILE
    if labels_path.is_file():
        labels = parse_labels(
            _read_json(labels_path), n_units=_count_units(input_md), where=str(labels_path)
        )
    meta: dict[str, str] = {}
    meta_path = folder / META_FILE
    if meta_path.is_file():
        meta = _meta_strings(_read_json(meta_path), str(meta_path))
    if converted.sender is not None:
        meta.setdefault("sender", converted.sender)
    return Pair(
        name=folder.name,
        input=input_md,
        output=output_md,
        labels=labels,
        publisher=meta.get("publisher") or publisher_from_name(folder.name),
        meta=meta,
        source=str(folder),
    )


def _load_folder_of_pairs(folder: Path) -> list[Pair]:
    """Every pair folder directly inside ``folder`` (hidden and ``_`` folders skipped)."""
    children = [
        child
        for child in folder.iterdir()
        if child.is_dir() and not child.name.startswith((".", "_")) and _is_pair_folder(child)
    ]
    if not children:
        datasets = sorted(child.name for child in folder.iterdir()
                          if child.is_file() and child.suffix.lower() in _DATASET_FORMATS)
        hint = (f"; to read the dataset file{'s' if len(datasets) > 1 else ''} in it, pass "
                f"{' '.join('--pairs ' + str(folder / name) for name in datasets)}" if datasets else
                ", or pass a .jsonl/.json/.parquet dataset file itself")
        raise NewscleanError(
            f"{folder} holds no pairs: expected {INPUT_FILE} and {OUTPUT_FILE} in it or in its "
            f"subfolders{hint}"
        )
    return [_load_pair_folder(child) for child in children]


def _row_string(row: dict[str, Any], column: str, where: str) -> str:
    """A required text column of a dataset row."""
    value = row[column]
    if not isinstance(value, str):
        raise NewscleanError(f"{where}: column {column!r} must be text, got {type(value).__name__}")
    return value


def _row_input(row: dict[str, Any], where: str) -> str:
    """A dataset row's input: its ``input`` text, else its ``html`` converted to Markdown."""
    if isinstance(row.get("input"), str) or not isinstance(row.get("html"), str):
        return _row_string(row, "input" if "input" in row else "html", where)
    return convert_html(row["html"], where=f"{where} column 'html'")


def _check_dataset_bytes(path: Path, builder: str) -> None:
    """Refuse an empty dataset file, and a JSON one that is not UTF-8, before ``datasets`` meets them."""
    try:
        if builder != "json":
            if path.stat().st_size == 0:
                raise NewscleanError(f"{path}: holds no rows (the file is empty)")
            return
        decoder = codecs.getincrementaldecoder("utf-8")()
        blank, offset = True, 0
        with path.open("rb") as f:  # in chunks: a large file is not held twice
            while chunk := f.read(1 << 20):
                try:
                    blank = blank and not decoder.decode(chunk).strip()
                except UnicodeDecodeError as exc:
                    raise NewscleanError(f"{path}: is not UTF-8 (bad byte at offset {offset + exc.start}); re-save "
                                         "it as UTF-8") from None
                offset += len(chunk)
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise NewscleanError(f"{path}: is not UTF-8 (it ends inside a character); re-save it as UTF-8"
                                     ) from None
    except OSError as exc:
        raise NewscleanError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if blank:
        raise NewscleanError(f"{path}: holds no rows (the file is empty or blank)")


def _load_dataset_file(path: Path) -> list[Pair]:
    """Pairs from a JSONL/JSON/Parquet file with ``input`` and ``output`` columns."""
    # `datasets` must never reach for the Hub: these variables are read when it is imported.
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets  # slow to import: only when a dataset file is actually loaded
    import pyarrow

    builder = _DATASET_FORMATS[path.suffix.lower()]
    _check_dataset_bytes(path, builder)
    bars_were_on = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # a small file loads in a blink; keep stderr for diagnostics
    # A throwaway cache: the rows are copied into Pairs, nothing is reused across calls.
    # `datasets` logs a file it cannot parse at ERROR level before raising; the raised error becomes
    # newsclean's one error line, so its log line would only say the same thing twice.
    hub_log = logging.getLogger("datasets")
    log_level = hub_log.level
    with tempfile.TemporaryDirectory(prefix="newsclean-datasets-") as cache_dir:
        try:
            hub_log.setLevel(logging.CRITICAL)
            table = datasets.load_dataset(
                builder, data_files=str(path), split="train", cache_dir=cache_dir
            )
        except (datasets.exceptions.DatasetGenerationError, pyarrow.ArrowException, ValueError, StopIteration,
                UnicodeDecodeError) as exc:  # ValueError: "corresponds to no data"; StopIteration: no rows at all
            reason = (str(exc.__cause__ or exc).strip().splitlines() or [type(exc).__name__])[0]
            raise NewscleanError(f"cannot read {path} as {builder}: {reason}") from exc
        finally:
            hub_log.setLevel(log_level)
            if bars_were_on:
                datasets.enable_progress_bars()
        missing = [column for column in _REQUIRED_COLUMNS if column not in table.column_names]
        if "html" in table.column_names and missing == ["input"]:
            missing = []
        if missing:
            raise NewscleanError(
                f"{path} lacks the column(s) {', '.join(missing)}; pairs need input (or html) and output "
                f"(name, publisher optional); columns found: {', '.join(table.column_names)}"
            )
        rows = list(table)
    pairs = []
    for i, row in enumerate(rows):
        where = f"{path} row {i}"
        name = row.get("name")
        name = name if isinstance(name, str) and name else f"{path.stem}-{i}"
        publisher = row.get("publisher")
        meta = {
            key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            for key, value in row.items()
            if key not in _RESERVED_COLUMNS and value is not None
        }
        pairs.append(
            Pair(
                name=name,
                input=_row_input(row, where),
                output=_row_string(row, "output", where),
                labels=None,
                publisher=publisher
                if isinstance(publisher, str) and publisher
                else publisher_from_name(name),
                meta=meta,
                source=str(path),
            )
        )
    return pairs


def load_pairs(path: str | Path) -> list[Pair]:
    """Load labelled pairs from a folder of pair folders, one pair folder, or a dataset file.

    Args:
        path: a folder whose subfolders each hold ``input.md`` (or ``email.html``/``email.eml``)
            and ``output.md`` (and optionally ``labels.json``, ``meta.json``); a single such pair
            folder; or a ``.jsonl``, ``.json`` or ``.parquet`` file with ``input`` (or ``html``)
            and ``output`` columns (optional ``name`` and ``publisher``; rows get no labels, other
            columns go to ``meta``).

    Returns:
        The pairs sorted by name (digit runs compared as numbers; equal names keep file order).
        A dataset row without a name is named ``<file stem>-<row index>``.

    Raises:
        NewscleanError: the path is missing, holds no pairs, a pair folder lacks a file, a file
            is not UTF-8, a ``labels.json`` is malformed, or a dataset lacks a column.
    """
    path = Path(path)
    if not path.exists():
        raise NewscleanError(
            f"{path} does not exist; give a folder of pairs, a pair folder, "
            "or a .jsonl/.parquet file"
        )
    if path.is_dir():
        pairs = [_load_pair_folder(path)] if _is_pair_folder(path) else _load_folder_of_pairs(path)
    elif path.suffix.lower() in _DATASET_FORMATS:
        pairs = _load_dataset_file(path)
    else:
        raise NewscleanError(
            f"{path} is not a folder or a dataset file; allowed suffixes: "
            f"{', '.join(sorted(_DATASET_FORMATS))}"
        )
    return sorted(pairs, key=lambda pair: _natural_key(pair.name))


def _dedupe_key(markdown: str) -> str:
    """The input text compared by :func:`dedupe_pairs`: LF line ends, outer whitespace stripped."""
    return normalise_newlines(markdown).strip()


def dedupe_pairs(pairs: list[Pair]) -> list[Pair]:
    """Keep one pair per distinct input text.

    Args:
        pairs: pairs in any order.

    Returns:
        The pairs in their given order, minus duplicates: among pairs whose inputs are equal
        after normalising line ends and stripping, the first one with labels is kept (labels are
        hand-made by the rules), else the first one. Each dropped pair is logged at INFO.
    """
    chosen: dict[str, int] = {}  # input key -> index of the pair kept for it
    for i, pair in enumerate(pairs):
        key = _dedupe_key(pair.input)
        current = chosen.get(key)
        if current is None or (pairs[current].labels is None and pair.labels is not None):
            chosen[key] = i
    kept_indices = set(chosen.values())
    result = []
    for i, pair in enumerate(pairs):
        if i in kept_indices:
            result.append(pair)
            continue
        kept = pairs[chosen[_dedupe_key(pair.input)]]
        logger.info(
            "dropped duplicate pair %s (%s): same input as %s (%s)",
            pair.name, pair.source, kept.name, kept.source,
        )
    return result
