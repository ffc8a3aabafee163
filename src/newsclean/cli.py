"""The ``newsclean`` command: ``predict``, ``convert``, ``train``, ``evaluate``, ``audit`` and ``info``.

``main`` holds all the logic and returns the exit code: 0 ok, 1 failure (bad input, bad model,
a file that could not be cleaned), 2 usage error, 130 interrupted. Results go to stdout (or to
``-o``), diagnostics to stderr. scikit-learn and skops are imported inside the handlers only,
so ``newsclean --help`` is instant.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import logging
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsclean import __version__
from newsclean.errors import NewscleanError
from newsclean.io import (
    BINARY_SNIFF_BYTES,
    DEFAULT_MAX_BYTES,
    ERROR_HANDLERS,
    FORMAT_OF_SUFFIX,
    INPUT_FORMATS,
    available_cpus,
    check_encoding,
    detect_format,
    is_dir,
    iter_markdown_files,
    iter_mbox,
    read_document,
    same_file,
    write_atomic,
)

if TYPE_CHECKING:
    from newsclean.features.email import Converted
    from newsclean.features.history import History
    from newsclean.model.cleaner import Cleaner
    from newsclean.model.pipeline import Explained

log = logging.getLogger("newsclean")

# Leave-one-publisher-out: fold processes when --jobs is not given (training.evaluate.MAX_AUTO_FOLD_JOBS; not
# imported from there, which loads scikit-learn, to keep `newsclean predict` quick to start)
MAX_AUTO_FOLD_JOBS = 4
# The CPUs folder mode counts (a name of this module: tests set it)
_available_cpus = available_cpus
# Folder mode: workers when --jobs is not given (one per CPU, at most this many) ...
MAX_AUTO_JOBS = 4
# ... and only with at least this many files for each (a worker costs a fork and a little memory).
MIN_FILES_PER_JOB = 4

# Characters of a block shown by --explain.
EXPLAIN_SNIPPET_CHARS = 60
_STDIO = "-"


# -- argument types --------------------------------------------------------------------------
def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:  # also false for NaN
        raise argparse.ArgumentTypeError(f"must be a number between 0 and 1, not {value!r}")
    return number


def _weight(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 < number < math.inf:  # also false for NaN
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {value!r}")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {value!r}")
    return number


def _scheduler(value: str) -> str:
    from newsclean.dask import parse_scheduler  # imports no Dask: checked on use, not when parsing

    try:
        return parse_scheduler(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _OutputAction(argparse.Action):
    """``-o``: a Path, and the text as typed in ``output_url`` (Path turns ``s3://b/x`` into ``s3:/b/x``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        namespace.output, namespace.output_url = Path(values), str(values)


def _seed(value: str) -> int:
    """``--seed``: what scikit-learn takes as a random_state (0 to 2**32 - 1), checked before any work."""
    try:
        seed = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= seed < 2**32:
        raise argparse.ArgumentTypeError(f"{seed} is outside 0..{2**32 - 1}")
    return seed


def _encoding(value: str) -> str:
    try:
        check_encoding(value)
    except NewscleanError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


# -- parser ----------------------------------------------------------------------------------
PAIRS_PATH = "a folder of pairs (or one pair folder), or a JSONL/Parquet file"
TRAIN_DESCRIPTION = """\
Fit a model on labelled pairs and save it.

A pair folder holds input.md (the raw newsletter) and output.md (its cleaned version), and
optionally labels.json (drop categories) and meta.json (with a "publisher"). A JSONL or Parquet
file has one pair per row: columns "input" and "output", and optionally "name" (default:
<file stem>-<row>) and "publisher" (default: the name without a trailing issue number, so rows
without names are one publisher). The printed figures say how the fit's folds were grouped: by
publisher, or by document when all pairs have one publisher (in-sample with a single pair)."""
EXTRA_HELP = ("more pairs to learn from that are never scored (repeatable): the trees are fitted on them with weight "
              "--extra-weight and the vocabulary counts them as any pair, but the threshold, the out-of-fold and "
              "leave-one-publisher-out figures are the --pairs' alone; a fold leaves out the extras of its held-out "
              "publisher, and an extra pair with the input of a --pairs pair is left out")
# Placeholder in predict's help, replaced by the shipped model's threshold when the help is shown.
_MODEL_THRESHOLD = "{shipped model threshold}"


class _ModelHelp(argparse.HelpFormatter):
    """Help that names the shipped model's threshold, read from the model file only when help is shown."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if _MODEL_THRESHOLD in text:
            from newsclean.model.info import default_threshold_text

            text = text.replace(_MODEL_THRESHOLD, default_threshold_text())
        return text


def _add_verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="store_const", dest="verbosity", const=1, default=default,
                       help="more diagnostics on stderr")
    group.add_argument("-q", "--quiet", action="store_const", dest="verbosity", const=-1, default=default,
                       help="errors only on stderr")


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=INPUT_FORMATS, metavar="FORMAT",
                        help=f"read the input as {', '.join(INPUT_FORMATS)} (default: from the file name's "
                             "ending, else from its first bytes)")
    parser.add_argument("--encoding", type=_encoding, default="utf-8",
                        help="encoding of Markdown and HTML input, and of an email's text part that names no "
                             "charset (default: utf-8; HTML that is not UTF-8 is read in the charset its <meta> "
                             "declares); output is always UTF-8")
    parser.add_argument("--errors", choices=ERROR_HANDLERS, default="strict",
                        help="undecodable input bytes and unknown email charsets: refuse (strict, the default) "
                             "or replace with U+FFFD")
    parser.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES, metavar="N",
                        help="refuse inputs (each message of an mbox) larger than N bytes "
                             f"(default: {DEFAULT_MAX_BYTES})")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``newsclean`` command."""
    parser = argparse.ArgumentParser(
        prog="newsclean", description="Clean newsletters converted to Markdown with a trained model.")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    _add_verbosity(parser, 0)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    predict = sub.add_parser("predict", help="clean a file, standard input or a folder of files",
                             description="Clean a newsletter: Markdown, an email's HTML, an .eml, an mbox or a "
                                         "Gmail API message (FILE, '-' for stdin, or a folder with -o).",
                             formatter_class=_ModelHelp)
    _add_verbosity(predict, argparse.SUPPRESS)
    predict.add_argument("input", metavar="FILE", help="a newsletter file, '-' for standard input, or a folder")
    predict.add_argument("-o", "--output", metavar="OUT", action=_OutputAction,
                         help="output file (default: stdout); the output folder when FILE is a folder or an mbox")
    predict.add_argument("--model", metavar="PATH", type=Path, help="model file (default: the shipped model)")
    predict.add_argument("--threshold", type=_probability, metavar="FLOAT",
                         help="drop blocks whose probability reaches this, 0..1 (default: the model's own; "
                              f"the shipped model's is {_MODEL_THRESHOLD}): higher drops less")
    predict.add_argument("--explain", action="store_true",
                         help="print one line per input block instead of the cleaned text: its final decision "
                              "(keep = in the output), probability, category, lines, text, and the pass and rule "
                              "that decided")
    _add_input_options(predict)
    predict.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                         help="folder mode: clean N files at a time in worker processes (default: one per CPU, "
                              f"at most {MAX_AUTO_JOBS}, and 1 for fewer than {MIN_FILES_PER_JOB} files a worker)")
    predict.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS",
                         help="folder mode on a Dask cluster: a running scheduler (tcp://host:8786) or local:N "
                              "for N worker processes here; FILE and OUT may then be fsspec URLs (s3://, gs://, "
                              "memory://). Needs pip install 'newsclean[dask]'")
    predict.add_argument("--history", metavar="PATH", type=Path, action="append",
                         help="earlier issues (a folder of newsletters, or one file: an mbox's messages; "
                              "repeatable): blocks that recur in them are likely furniture. In folder mode the "
                              "folder's other files are history too")
    predict.add_argument("--no-history", action="store_true",
                         help="folder mode: clean each file on its own, without the others as history")
    predict.set_defaults(handler=_predict, output_url=None)

    convert = sub.add_parser("convert", help="convert an email to Markdown, without cleaning",
                             description="Convert an email (HTML, .eml, mbox, Gmail API JSON) to the raw Markdown "
                                         "that predict cleans (FILE, '-' for stdin, or a folder with -o).")
    _add_verbosity(convert, argparse.SUPPRESS)
    convert.add_argument("input", metavar="FILE", help="an email file, '-' for standard input, or a folder")
    convert.add_argument("-o", "--output", metavar="OUT", type=Path,
                         help="output file (default: stdout); the output folder when FILE is a folder or an mbox")
    _add_input_options(convert)
    convert.set_defaults(handler=_predict, explain=False, threshold=None, model=None, jobs=1, scheduler=None,
                         history=None, no_history=True,
                         output_url=None)

    train = sub.add_parser("train", help="fit a model on labelled pairs", description=TRAIN_DESCRIPTION,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_verbosity(train, argparse.SUPPRESS)
    train.add_argument("--pairs", action="append", type=Path, required=True, metavar="PATH",
                       help=f"pairs to learn from: {PAIRS_PATH} (repeatable)")
    train.add_argument("--out", type=Path, required=True, metavar="MODEL", help="model file to write")
    train.add_argument("--allow-additions", action="store_true",
                       help="accept pairs whose output adds text the input does not have")
    train.add_argument("--card", type=Path, metavar="PATH", help="also write a model card here")
    train.add_argument("--seed", type=_seed, metavar="INT", help="random seed (default: the training config's)")
    train.add_argument("--holdout", type=Path, metavar="FILE",
                       help="with --card: a JSON list of publishers (a frozen split) to also fit without and score, "
                            "reported in the card next to the leave-one-publisher-out figures")
    train.add_argument("--extra", action="append", type=Path, metavar="PATH", help=EXTRA_HELP)
    train.add_argument("--extra-weight", type=_weight, metavar="FLOAT",
                       help="sample weight of the --extra pairs' blocks, above 0 (default: the training config's, "
                            "TrainConfig.extra_weight)")
    train.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                       help="with --card: processes fitting the leave-one-publisher-out folds at once (default: one "
                            f"per CPU, at most {MAX_AUTO_FOLD_JOBS}); the figures do not depend on it")
    train.set_defaults(handler=_train)

    evaluate = sub.add_parser("evaluate", help="score a model on labelled pairs",
                              description="Score a model on pairs, or cross-validate training by publisher.")
    _add_verbosity(evaluate, argparse.SUPPRESS)
    evaluate.add_argument("--pairs", action="append", type=Path, required=True, metavar="PATH",
                          help=f"pairs to score on: {PAIRS_PATH} (repeatable)")
    evaluate.add_argument("--model", type=Path, metavar="M", help="model file (default: the shipped model)")
    evaluate.add_argument("--allow-additions", action="store_true",
                          help="accept pairs whose output adds text the input does not have")
    evaluate.add_argument("--cv", choices=["publisher"],
                          help="instead of scoring a model, train and score leaving one publisher out at a time")
    evaluate.add_argument("--json", type=Path, metavar="OUT",
                          help="also write the scores as JSON here ('-': print the JSON instead of the tables)")
    evaluate.add_argument("--report", type=Path, metavar="OUT.html",
                          help="also write a self-contained HTML report here (tables, baselines, curve, documents)")
    evaluate.add_argument("--threshold", type=_probability, metavar="FLOAT",
                          help="drop threshold, 0..1 (default: the model's)")
    evaluate.add_argument("--no-history", action="store_true",
                          help="decide each pair on its own, as a single file is cleaned (default: with the other "
                               "pairs' inputs as history, as a folder is cleaned, and the figures without it beside)")
    evaluate.add_argument("--extra", action="append", type=Path, metavar="PATH",
                          help="with --cv publisher: " + EXTRA_HELP)
    evaluate.add_argument("--extra-weight", type=_weight, metavar="FLOAT",
                          help="sample weight of the --extra pairs' blocks, above 0 (default: the training "
                               "config's, TrainConfig.extra_weight)")
    evaluate.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                          help="with --cv publisher: processes fitting the folds at once (default: one per CPU, at "
                               f"most {MAX_AUTO_FOLD_JOBS}); the figures do not depend on it")
    evaluate.set_defaults(handler=_evaluate)

    audit = sub.add_parser("audit", help="list blocks whose label the cross-validated model doubts",
                           description="List blocks of labelled pairs whose reference label the cross-validated "
                                       "model confidently disagrees with (confident learning), so you can fix "
                                       "the pairs. Findings are not errors: the exit code is 0.")
    _add_verbosity(audit, argparse.SUPPRESS)
    audit.add_argument("--pairs", action="append", type=Path, required=True, metavar="PATH",
                       help=f"pairs to audit: {PAIRS_PATH} (repeatable)")
    audit.add_argument("--json", type=Path, metavar="OUT", help="also write the findings as JSON here")
    audit.add_argument("--min-confidence", type=_probability, default=0.8, metavar="FLOAT",
                       help="least probability of the other label a suspect needs, 0..1 (default: 0.8)")
    audit.set_defaults(handler=_audit)

    info = sub.add_parser("info", help="show the installed version and the model in use",
                          description="Show the installed newsclean version and what the model file says about "
                                      "itself: its training data, threshold, feature-set stamp and "
                                      "leave-one-publisher-out figures (from its card).")
    _add_verbosity(info, argparse.SUPPRESS)
    info.add_argument("--model", metavar="PATH", type=Path, help="model file (default: the shipped model)")
    info.set_defaults(handler=_info)
    return parser


# -- logging ---------------------------------------------------------------------------------
class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Our handler on the ``newsclean`` logger (a class, so main can replace its own one)."""


def _configure_logging(verbosity: int, command: str) -> None:
    chatty = command in ("train", "evaluate", "audit")  # their progress messages are INFO
    level = {-1: logging.ERROR, 0: logging.INFO if chatty else logging.WARNING, 1: logging.DEBUG}[verbosity]
    for handler in [h for h in log.handlers if isinstance(h, _StderrHandler)]:
        log.removeHandler(handler)
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(level)


# -- predict ---------------------------------------------------------------------------------
def _snippet(text: str) -> str:
    """The start of a block on one line: newlines as ⏎, other control characters as U+FFFD."""
    short = text[:EXPLAIN_SNIPPET_CHARS]
    shown = "".join(
        "⏎" if ch == "\n" else "\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in short
    )
    return shown + ("…" if len(text) > EXPLAIN_SNIPPET_CHARS else "")


def format_explanation(explained: Sequence[Explained], sender: str | None = None) -> str:
    """One line per block: decision, probability, category guess, 1-based line span, text, reason.

    An email's sender comes first, on a ``sender: <address>`` line.
    """
    lines = [] if sender is None else [f"sender: {sender}"]
    for item in explained:
        d, b = item.decision, item.block
        span = f"{b.start + 1}-{b.end}"
        lines.append(f"{'keep' if d.keep else 'drop'}  {d.proba:.2f}  {d.category or '-':<10}  {span:<9}  "
                     f"{_snippet(b.text)}  ({d.reason})")
    return "".join(line + "\n" for line in lines)


def _process(doc: Converted | str, cleaner: Cleaner | None, args: argparse.Namespace,
             history: History | None = None, exclude_self: bool = False) -> str:
    """The output for one document (Markdown text, or a converted email): as is (``convert``: no
    cleaner), cleaned, or explained with the email's sender on the first line. ``history``: other
    issues (``exclude_self``: this one is among them)."""
    markdown, sender = (doc, None) if isinstance(doc, str) else (doc.markdown, doc.sender)
    if cleaner is None:
        return markdown
    if args.explain:
        from newsclean.model.pipeline import explain

        return format_explanation(explain(markdown, cleaner=cleaner, threshold=args.threshold, history=history,
                                          exclude_self=exclude_self), sender)
    from newsclean.model.pipeline import clean

    return clean(markdown, cleaner=cleaner, threshold=args.threshold, history=history, exclude_self=exclude_self)


def _history(markdowns: Iterable[str]) -> History:
    from newsclean.features.history import History

    return History.from_texts(markdowns)


def _readable(sources: Iterable[tuple[Path, Converted | str | None]], args: argparse.Namespace) -> Iterator[str]:
    """The Markdown of every document of the run that reads (a bad one is reported when it is cleaned)."""
    for source, given in sources:
        if isinstance(given, str):
            continue  # an error message: reported with the results
        try:
            yield (_read(source, args) if given is None else given).markdown
        except NewscleanError as exc:
            log.debug("history: skipping %s", exc)


def _earlier_readable(files: Iterable[Path], args: argparse.Namespace) -> Iterator[str]:
    """The Markdown of every ``--history`` document (an mbox's messages one by one). Their format is told by
    their names or first bytes, not by ``--input-format`` (which is the input's); a file named by ``--history``
    that does not read is never cleaned, so it is reported here, as a warning (one found in a history folder,
    a pair's labels.json say, only with -v)."""
    own = argparse.Namespace(**{**vars(args), "input_format": None})
    named = {path for path in args.history or [] if path.is_file()}
    for source in files:
        say = log.warning if source in named else log.debug
        try:
            if not _is_mbox(source, own):
                yield _read(source, own).markdown
                continue
            for where, message in iter_mbox(source, errors=own.errors, max_bytes=own.max_bytes,
                                            encoding=own.encoding):
                if isinstance(message, NewscleanError):
                    say("history: skipping %s", message)
                else:
                    log.debug("history: %s", where)
                    yield message.markdown
        except NewscleanError as exc:
            say("history: skipping %s", exc)


def _earlier_issues(args: argparse.Namespace, exclude: Path | None = None) -> list[Path]:
    """The files of the ``--history`` folders, and the ``--history`` files themselves (an mbox, one issue)."""
    found: list[Path] = []
    for given in args.history or []:
        if not os.path.lexists(given):
            raise NewscleanError(f"{given}: no such file or folder (--history)")
        if given.is_file():
            found.append(given)
        else:
            found.extend(iter_markdown_files(given, exclude=exclude, suffixes=tuple(FORMAT_OF_SUFFIX)))
    return found


def _load_cleaner(args: argparse.Namespace) -> Cleaner | None:
    """The model ``predict`` cleans with; None for ``convert``, which does not clean."""
    if args.command == "convert":
        return None
    from newsclean.model.pipeline import load_model

    log.debug("loading model %s", args.model or "(shipped default)")
    return load_model(args.model)


def _write_stdout(text: str) -> None:
    """Write UTF-8 to stdout whatever the locale says (bytes when the stream has a buffer)."""
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise NewscleanError("standard output is closed; pass -o FILE")
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            buffer.write(text.encode("utf-8"))
            buffer.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): main() ends quietly
    except OSError as exc:  # a full disk, a closed or read-only descriptor
        _quiet_stdout()
        raise NewscleanError(f"standard output: cannot write ({exc.strerror or exc})") from None


def _quiet_stdout() -> None:
    """Point stdout at devnull, so that the flush at exit of what could not be written fails quietly."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)


def _read(path: Path | None, args: argparse.Namespace) -> Converted:
    """One input document, converted to Markdown when it is an email."""
    return read_document(path, input_format=args.input_format, encoding=args.encoding, errors=args.errors,
                         max_bytes=args.max_bytes)


def _is_mbox(path: Path, args: argparse.Namespace) -> bool:
    """Whether a file is read as an mbox (by --input-format, its name, or its first bytes)."""
    if args.input_format is not None:
        return bool(args.input_format == "mbox")
    if path.suffix.lower() in FORMAT_OF_SUFFIX:
        return FORMAT_OF_SUFFIX[path.suffix.lower()] == "mbox"
    try:
        with path.open("rb") as f:
            return detect_format(path, f.read(BINARY_SNIFF_BYTES)) == "mbox"  # a long bounce sender is no limit
    except OSError:
        return False  # reading it again reports the problem


def _predict(args: argparse.Namespace) -> int:
    """``predict`` and ``convert``: one file or standard input, an mbox, or a folder."""
    if args.scheduler is not None:
        return _predict_cluster(args)
    output: Path | None = None if args.output is None or str(args.output) == _STDIO else args.output
    if args.input != _STDIO and is_dir(Path(args.input)):
        return _predict_folder(Path(args.input), output, args)
    source = None if args.input == _STDIO else Path(args.input)
    if source is not None and _is_mbox(source, args):
        return _predict_mbox(source, output, args)
    doc = _read(source, args)
    earlier = _earlier_issues(args)
    history = _history(_earlier_readable(earlier, args)) if earlier else None
    # the file may sit in a --history folder: it is then counted out of its own history
    exclude_self = source is not None and any(same_file(source, f) for f in earlier)
    # Output problems are found before the slow model load (write_atomic checks them again).
    if source is not None and output is not None and same_file(output, source):
        raise NewscleanError(f"{output}: refusing to overwrite the input file; write the output elsewhere")
    if output is not None and is_dir(output):
        raise NewscleanError(f"{output}: is a directory, expected an output file")
    result = _process(doc, _load_cleaner(args), args, history, exclude_self)
    if output is None:
        _write_stdout(result)
    else:
        write_atomic(output, result, forbid=source, follow_links=True)
    return 0


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewscleanError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from None


class _NoBar:
    """What the folder loop uses of a tqdm bar, when there is no bar to draw (no terminal)."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        """Like ``tqdm.update``: nothing to draw."""

    @staticmethod
    def write(text: str, file: TextIO | None = None) -> None:
        """Like ``tqdm.write``: the text and a newline."""
        if file is not None:
            file.write(text)
            file.write("\n")


def _progress(files: Sequence[Any]) -> Any:
    """A progress bar over ``files`` on stderr when it is a terminal (tqdm is imported only then: ~20 ms)."""
    if not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=len(files), desc="cleaning", unit="file", file=sys.stderr)


def _jobs(requested: int | None, files: int) -> int:
    """Worker processes for ``files`` files: as requested, else one per CPU when there is enough work."""
    if requested is not None:
        return max(1, min(requested, files))
    return max(1, min(_available_cpus(), MAX_AUTO_JOBS, files // MIN_FILES_PER_JOB))


# What each folder-mode worker cleans with: set in the parent before the pool starts (a forked
# worker inherits it, model loaded) or by _init_worker (a spawned worker loads the model itself).
_WORKER: dict[str, Any] = {}


def _init_worker(args: argparse.Namespace, history: History | None) -> None:
    if "cleaner" not in _WORKER:
        _WORKER.update(cleaner=_load_cleaner(args), args=args, history=history)


# One output file of folder and mbox mode: the source file, the target, and what to write: read from
# the source (None), a message already read from an mbox, or the error message of one that failed.
_Task = tuple[Path, Path, "Converted | str | None"]


def _clean_file(task: _Task) -> str | None:
    """Clean one file of a folder into its target; the error message, or None when it worked."""
    from newsclean.model.pipeline import clear_caches

    source, target, given = task
    if isinstance(given, str):
        return given
    args = _WORKER["args"]
    history = _WORKER.get("history")
    try:
        # the folder's files are the history: each is counted out of its own
        result = _process(_read(source, args) if given is None else given, _WORKER["cleaner"], args, history,
                          exclude_self=history is not None and not args.no_history)
        _make_folder(target.parent)
        write_atomic(target, result, forbid=source)
    except NewscleanError as exc:
        return str(exc)
    finally:
        # The memoised per-block work helps within a file (the verifying pass), rarely across
        # files: forgetting it keeps a run over thousands of files at constant memory (measured on
        # 180 corpus files in one process: peak 168 MB with the caches kept, 47 MB without, as fast).
        clear_caches()
    return None


@contextlib.contextmanager
def _pool(jobs: int, cleaner: Cleaner | None, args: argparse.Namespace, history: History | None = None
          ) -> Iterator[Any]:
    """A process pool of ``jobs`` workers, or None for one job (the files are cleaned here).

    Workers are forked where the platform allows it, so they share the loaded model; results come
    back in file order, so messages and exit codes are those of a run in one process.
    """
    _WORKER.update(cleaner=cleaner, args=args, history=history)
    try:
        if jobs == 1:
            yield None
            return
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = multiprocessing.get_context(method).Pool(jobs, initializer=_init_worker,
                                                                 initargs=(args, history))
        try:
            yield pool
            pool.close()
        except BaseException:
            pool.terminate()  # Ctrl-C or a crash: stop the workers (their outputs are atomic)
            raise
        finally:
            pool.join()
    finally:
        _WORKER.clear()


def _check_out_folder(source: Path, out: Path | None, what: str, args: argparse.Namespace) -> Path:
    """The output folder of folder and mbox mode, refused when missing, the input itself, or a file."""
    if out is None:
        done = "converted" if args.command == "convert" else "cleaned"
        raise NewscleanError(f"{source}: is {what}; pass -o OUTDIR to write the {done} files there")
    if same_file(out, source):
        raise NewscleanError(f"{out}: the output folder must not be the input {what.split()[-1]}; choose another -o")
    if out.exists() and not is_dir(out):
        raise NewscleanError(f"{out}: is a file; with {what} as input, -o must be a folder")
    return out


def _mbox_tasks(source: Path, folder: Path, args: argparse.Namespace) -> list[_Task]:
    """One task per message of an mbox, named ``<date>-<subject slug>.md`` in ``folder``."""
    from newsclean.features.email import message_file_name

    taken: set[str] = set()
    tasks: list[_Task] = []
    messages = iter_mbox(source, errors=args.errors, max_bytes=args.max_bytes, encoding=args.encoding)
    for n, (where, result) in enumerate(messages, start=1):
        if isinstance(result, NewscleanError):
            tasks.append((source, folder / f"message-{n}", str(result)))
        else:
            tasks.append((source, folder / message_file_name(result, taken), result))
        log.debug("%s: read", where)
    return tasks


def _folder_tasks(folder: Path, out: Path, args: argparse.Namespace) -> list[_Task]:
    """One task per input file under ``folder`` (per message for an mbox), targets mirrored under ``out``.

    A Markdown input keeps its name, an email's output is named ``.md``, an mbox's messages go to a
    folder named after it; a file whose output another input already claims is an error.
    """
    tasks: list[_Task] = []
    owner: dict[Path, Path] = {}
    for source in iter_markdown_files(folder, exclude=out, suffixes=tuple(FORMAT_OF_SUFFIX)):
        rel = source.relative_to(folder)
        if _is_mbox(source, args):
            try:
                found = _mbox_tasks(source, out / rel.with_suffix(""), args)
            except NewscleanError as exc:
                tasks.append((source, out / rel, str(exc)))
                continue
        else:
            markdown = (args.input_format or FORMAT_OF_SUFFIX[source.suffix.lower()]) == "markdown"
            found = [(source, out / (rel if markdown else rel.with_suffix(".md")), None)]
        for task in found:
            source, target, given = task
            if isinstance(given, str):  # a message of an mbox that failed: it writes nothing
                tasks.append(task)
            elif target in owner:  # an mbox's messages and a subfolder's files may claim one name too
                tasks.append((source, target, f"{source}: its output {target} is already the output of "
                                              f"{owner[target]}; rename one of them"))
            else:
                owner[target] = source
                tasks.append(task)
    return tasks


def _run_tasks(tasks: list[_Task], out: Path, args: argparse.Namespace, noun: str) -> int:
    """Clean (or convert) every task into its target, report failures in order, and sum up."""
    from newsclean.features.history import remembered_keys
    from newsclean.features.memo import serve_all
    from newsclean.features.segment import remembered_parses

    cleaner = _load_cleaner(args)
    _make_folder(out)
    jobs = _jobs(args.jobs, len(tasks))
    history = None
    # The history pass parses and fingerprints the run's files before they are cleaned: both are kept
    # for the cleaning (a forked worker inherits them), so that each file is parsed once, not twice.
    remember = contextlib.ExitStack()
    if cleaner is not None and not args.no_history:
        remember.enter_context(remembered_parses())
        remember.enter_context(remembered_keys())
    with remember:
        if cleaner is not None:
            # What recurs from issue to issue is furniture: the other documents of the run (unless
            # --no-history) and the --history folders are the history each one is cleaned with.
            sources = [] if args.no_history else [(source, given) for source, _, given in tasks]
            earlier = _earlier_issues(args, exclude=out)
            history = (_history(itertools.chain(_readable(sources, args), _earlier_readable(earlier, args)))
                       if sources or earlier else None)
        serve_all()  # the history pass is done: what it kept now serves the cleaning
        log.debug("processing %d %s with %d worker(s)%s", len(tasks), noun, jobs,
                  "" if history is None else f", history of {history.documents} documents")
        failed = _clean_tasks(tasks, jobs, cleaner, args, history)
    if args.verbosity >= 0:
        verb = "converted" if cleaner is None else "cleaned"
        summary = f"{verb} {len(tasks) - failed} of {len(tasks)} {noun} into {out}"
        print(summary + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _clean_tasks(tasks: list[_Task], jobs: int, cleaner: Cleaner | None, args: argparse.Namespace,
                 history: History | None) -> int:
    """Clean every task with ``jobs`` workers, with a progress bar and each failure reported; how many failed."""
    failed = 0
    with _progress(tasks) as bar, _pool(jobs, cleaner, args, history) as pool:
        results = map(_clean_file, tasks) if pool is None else pool.imap(_clean_file, tasks)
        for error in results:
            bar.update(1)
            if error is not None:
                failed += 1
                bar.write(f"Error: {error}", file=sys.stderr)
    return failed


def _predict_cluster(args: argparse.Namespace) -> int:
    """``predict SRC -o DST --scheduler ADDRESS``: folder mode with the files cleaned on a Dask cluster."""
    from newsclean import dask as on_dask  # this module imports no Dask; require_dask checks for it

    on_dask.require_dask()
    src, dst = args.input, args.output_url
    if src == _STDIO:
        raise NewscleanError("--scheduler cleans a folder (a path or URL), not standard input")
    if dst is None or dst == _STDIO:
        raise NewscleanError(f"{src}: pass -o OUTDIR (a folder or URL) to write the cleaned files there")
    if args.jobs is not None:
        raise NewscleanError("--jobs does not apply with --scheduler: the cluster's workers clean the files "
                             "(local:N starts N worker processes)")
    options = on_dask.CleanOptions.from_args(args)
    tasks = on_dask.plan(src, dst, options)  # checks SRC and DST before the cluster starts
    if args.model is not None:
        _load_cleaner(args)  # a bad model file: one error line now, not one per file from the workers
    earlier_files = _earlier_issues(args)
    earlier = _history(_earlier_readable(earlier_files, args)) if earlier_files else None
    failed = 0
    client = on_dask.connect(args.scheduler)
    try:
        log.debug("cleaning %d files on %s", len(tasks), args.scheduler)
        with _progress(tasks) as bar:
            for _task, error in on_dask.run(client, tasks, src, dst, options, earlier=earlier):
                bar.update(1)
                if error is not None:
                    failed += 1
                    bar.write(f"Error: {error}", file=sys.stderr)
    finally:
        client.close()  # and the LocalCluster of local:N
    if args.verbosity >= 0:
        summary = f"cleaned {len(tasks) - failed} of {len(tasks)} files into {dst}"
        print(summary + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _predict_folder(folder: Path, out: Path | None, args: argparse.Namespace) -> int:
    out = _check_out_folder(folder, out, "a folder", args)
    tasks = _folder_tasks(folder, out, args)
    if not tasks:
        log.warning("%s: no newsletter files in it (files ending %s, in subfolders too)", folder,
                    " ".join(sorted(FORMAT_OF_SUFFIX)))
    return _run_tasks(tasks, out, args, "files")


def _predict_mbox(source: Path, out: Path | None, args: argparse.Namespace) -> int:
    """Every message of an mbox into ``<date>-<subject slug>.md`` in the ``-o`` folder."""
    out = _check_out_folder(source, out, "an mbox", args)
    return _run_tasks(_mbox_tasks(source, out, args), out, args, "messages")


# -- info ------------------------------------------------------------------------------------
def _info(args: argparse.Namespace) -> int:
    """``newsclean info``: the installed version and the model file's header and card."""
    from newsclean.model.info import DEFAULT_MODEL, describe, feature_stamp, read_info

    info = read_info(args.model)
    from newsclean.model.cleaner import current_feature_names

    default = args.model is None or same_file(args.model, DEFAULT_MODEL)
    sys.stdout.write(describe(info, version=__version__, current_stamp=feature_stamp(current_feature_names()),
                              default=default))
    return 0


# -- train and evaluate ----------------------------------------------------------------------
def _lazy_command(module: str, function: str, what: str) -> Callable[[argparse.Namespace], int]:
    """A handler that imports ``module.function`` only when run (training pulls in scikit-learn)."""

    def handler(args: argparse.Namespace) -> int:
        try:
            command = getattr(importlib.import_module(module), function)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise NewscleanError(f"{what} needs the Python module {exc.name!r}, which is not installed; "
                                     f"{REINSTALL}") from None
            raise NewscleanError(f"{what} is not available in this installation ({module})") from None
        return int(command(args))

    return handler


_train = _lazy_command("newsclean.training.train", "train_command", "training")
_evaluate = _lazy_command("newsclean.training.evaluate", "evaluate_command", "evaluation")
_audit = _lazy_command("newsclean.training.audit", "audit_command", "the label audit")


# -- dependencies ----------------------------------------------------------------------------
# What each command imports beyond the standard library (module -> the package that installs it),
# checked before any work starts, so that a broken installation gives one Error line, never a
# traceback halfway through. All are dependencies of newsclean (tests/test_dependencies.py checks
# that pyproject.toml declares every import); optional extras are checked where they are used
# (--scheduler: newsclean[dask]; trafilatura, newsclean[peers], is skipped when absent).
_CONVERTING = {"bs4": "beautifulsoup4", "html_to_markdown": "html-to-markdown"}  # email input
_CLEANING = {"numpy": "numpy", "markdown_it": "markdown-it-py", "tqdm": "tqdm", **_CONVERTING}
_TRAINING = {**_CLEANING, "sklearn": "scikit-learn", "skops": "skops", "threadpoolctl": "threadpoolctl",
             "datasets": "datasets", "pyarrow": "pyarrow"}
REQUIRED_MODULES: dict[str, dict[str, str]] = {
    "predict": _CLEANING, "convert": _CONVERTING, "info": _CLEANING, "train": _TRAINING, "evaluate": _TRAINING,
    "audit": _TRAINING,
}
REINSTALL = "reinstall newsclean with its dependencies: pip install --force-reinstall newsclean"


def check_requirements(command: str) -> None:
    """Refuse to start ``command`` when a package it needs is not installed.

    Raises:
        NewscleanError: naming the missing packages and how to install them.
    """
    import importlib.util

    missing = sorted({package for module, package in REQUIRED_MODULES.get(command, {}).items()
                      if importlib.util.find_spec(module) is None})
    if missing:
        raise NewscleanError(f"newsclean {command} needs {', '.join(missing)}, not installed; {REINSTALL}")


# -- entry points ----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Run the ``newsclean`` command.

    Args:
        argv: the arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit code: 0 ok, 1 failure, 2 usage error, 130 interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) and usage errors (2): return, don't exit
        return exc.code if isinstance(exc.code, int) else 2
    _configure_logging(args.verbosity, args.command)
    # One OpenMP thread unless the user says otherwise: the boosted trees see a few hundred rows at
    # a time, where thread start-up costs more than it saves, and on a busy two-core machine
    # OpenMP's spinning threads made fitting and prediction 10-20 times slower (measured here).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        check_requirements(args.command)
        return int(args.handler(args))
    except NewscleanError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # stdout closed early (`newsclean predict x.md | head`)
        # As the Python docs advise: point stdout at devnull so that the flush at exit fails quietly.
        _quiet_stdout()
        return 1
    except OSError as exc:  # the last resort (a summary printed to a full disk): one line, never a traceback
        _quiet_stdout()
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"Error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
