"""Cleaning on a Dask cluster: ``predict --scheduler``, and ``clean_bag`` / ``clean_partition``.

Needs the optional extra ``pip install 'newsclean[dask]'`` (``dask[distributed]`` and ``fsspec``).

``predict SRC -o DST --scheduler ADDRESS`` lists the input files under ``SRC`` (a folder or any
fsspec URL: ``s3://``, ``gs://``, ``file://``, ``memory://``) as folder mode does (Markdown, HTML,
``.eml``, Gmail JSON, converted on the workers; an mbox is split into messages on the client,
from a local disk), cuts the list into batches of a few files, and submits one task per batch to
the cluster (a running scheduler, or ``local:N`` for a ``LocalCluster`` of N worker processes).
Each worker loads the model once (a per-process cache
keyed by model path) and reads, cleans and writes its files itself; outputs are written atomically
where the file system allows (temporary file, fsync, rename on a local disk; one put on an object
store), so a task that runs again after its worker died rewrites the same bytes and no reader
ever sees half a file. A bad file is reported, in file order, with the ``Error: <file>: …`` line
of folder mode, and the others are cleaned.

``memory://`` lives inside one process, which the workers cannot see: with a ``memory://`` source
the client reads the files and the tasks carry their bytes; with a ``memory://`` destination the
tasks return the clean text and the client writes it.

Every file is cleaned by ``_clean_text``, which calls the same function as folder mode
(``newsclean.cli._process``), so both give the same bytes. A run has two phases, as folder mode:
``_history`` first counts the block fingerprints of every input (a map over the batches, one
reduce; ``features.history``), and that one value goes to every cleaning task, so each newsletter
is cleaned with the others as its history and a cluster run gives the bytes of a one-machine run.
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from newsclean.errors import NewscleanError
from newsclean.io import (
    BINARY_SNIFF_BYTES,
    DEFAULT_MAX_BYTES,
    FORMAT_OF_SUFFIX,
    convert_document,
    detect_format,
    too_large,
    write_atomic,
)

if TYPE_CHECKING:
    import dask.bag
    import pandas as pd
    from distributed import Client, Future
    from fsspec import AbstractFileSystem

    from newsclean.features.email import Converted
    from newsclean.features.history import History
    from newsclean.model.cleaner import Cleaner

log = logging.getLogger("newsclean")

INSTALL_HINT = "pip install 'newsclean[dask]'"
# Batches: about this many tasks per worker (so a slow or lost worker delays little) ...
TASKS_PER_WORKER = 4
# ... of at most this many files (a task's result and retry stay small).
MAX_FILES_PER_TASK = 16
# Retries of a task that raised (a flaky object store); a task whose worker died is rescheduled by
# the scheduler on its own, up to distributed.scheduler.allowed-failures times.
TASK_RETRIES = 2
# How long to wait for a remote scheduler before giving up.
CONNECT_TIMEOUT = "10s"

_LOCAL = re.compile(r"local:(\d+)")
# The file name endings a run lists: every input format, as folder mode.
_SUFFIXES = tuple(FORMAT_OF_SUFFIX)
# A scheduler address: [protocol://]host[:port], the host a name, an IPv4 or a bracketed IPv6 address. Dask
# finds protocols through plugins (ucxx, ...), so any is let through to it; but tcp and tls (and a bare host,
# which is tcp) need their port: Dask refuses them without one.
_ADDRESS = re.compile(r"([a-z][a-z0-9+.-]*://)?(\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+)(:\d+)?")
_PORT_NEEDED = (None, "tcp://", "tls://")


# -- options and the one cleaning function ---------------------------------------------------
@dataclass(frozen=True)
class CleanOptions:
    """What a worker needs to clean a file as ``newsclean predict`` would (small, picklable)."""

    model: str | None = None
    threshold: float | None = None
    explain: bool = False
    encoding: str = "utf-8"
    errors: str = "strict"
    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str | None = None  # None: by the file name's ending, as folder mode
    use_history: bool = True  # the run's inputs are each other's history (predict --no-history: False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CleanOptions:
        """The options of a parsed ``predict`` command line (the model path made absolute)."""
        model = None if args.model is None else str(Path(args.model).absolute())
        return cls(model=model, threshold=args.threshold, explain=args.explain, encoding=args.encoding,
                   errors=args.errors, max_bytes=args.max_bytes, input_format=args.input_format,
                   use_history=not getattr(args, "no_history", False))


_CLEANERS: dict[str | None, Cleaner] = {}
_CLEANERS_LOCK = threading.Lock()


def _cleaner(model: str | None) -> Cleaner:
    """The model at ``model`` (None: the shipped one), loaded once per worker process."""
    with _CLEANERS_LOCK:  # a worker with several threads starts several tasks at once
        if model not in _CLEANERS:
            from newsclean.model.pipeline import load_model

            _CLEANERS[model] = load_model(model)
        return _CLEANERS[model]


def _clean_text(markdown: Converted | str, cleaner: Cleaner, options: CleanOptions,
                history: History | None = None) -> str:
    """Clean (or explain) one newsletter exactly as folder mode does: every file goes through here.

    ``history`` is phase one's value (``_history``): the run's inputs (each counted out of its own
    history, unless ``use_history`` is off and it holds only ``--history`` folders).
    """
    from newsclean.cli import _process
    from newsclean.model.pipeline import clear_caches

    try:
        return _process(markdown, cleaner, argparse.Namespace(**asdict(options)), history,
                        exclude_self=history is not None and options.use_history)
    finally:
        clear_caches()  # as folder mode: constant memory over many files


# -- reading and writing through fsspec ------------------------------------------------------
def _is_local(fs: AbstractFileSystem) -> bool:
    return "file" in _protocols(fs)


def _in_process(fs: AbstractFileSystem) -> bool:
    """Whether the file system lives in one process's memory (workers cannot see the client's)."""
    return "memory" in _protocols(fs)


def _protocols(fs: AbstractFileSystem) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _read_bytes(fs: AbstractFileSystem, path: str, name: str, max_bytes: int) -> bytes:
    """The raw bytes of one input, refusing missing and oversized files (the messages of io.read_markdown)."""
    try:
        size = fs.size(path)
        if size is not None and size > max_bytes:
            raise too_large(name, max_bytes, size)
        with fs.open(path, "rb") as f:
            data: bytes = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise NewscleanError(f"{name}: no such file") from None
    except OSError as exc:
        raise NewscleanError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise too_large(name, max_bytes)
    return data


def _write(fs: AbstractFileSystem, path: str, name: str, text: str) -> None:
    """Write one output atomically where the file system allows it.

    Local disk: temporary file in the same folder, fsync, rename (``io.write_atomic``). Elsewhere
    one ``pipe_file``: a single put, which object stores (S3, GCS, Azure) make visible whole or not
    at all.
    """
    if _is_local(fs):
        try:
            fs.makedirs(fs._parent(path), exist_ok=True)
        except OSError as exc:
            raise NewscleanError(f"{name}: cannot create its folder ({exc.strerror or exc})") from None
        try:
            write_atomic(Path(path), text)
        except NewscleanError as exc:  # name the file as the user wrote it, not by its absolute path
            message = str(exc)
            raise NewscleanError(name + message.removeprefix(path) if message.startswith(path) else message) from None
        return
    try:
        fs.pipe_file(path, text.encode("utf-8"))
    except OSError as exc:
        raise NewscleanError(f"{name}: cannot write ({exc.strerror or exc})") from None


# -- the task --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FileTask:
    """One file of a run: its name in messages, where it is read and written, its bytes if shipped."""

    name: str
    source: str
    target: str
    target_name: str
    data: bytes | None = None
    error: str | None = None  # found while the client read the file to ship it
    doc: Converted | None = None  # a message the client read from an mbox


@dataclass(frozen=True)
class FileResult:
    """What became of one file: an error message, or the clean text when the client writes it."""

    error: str | None = None
    text: str | None = None


def _load_text(task: FileTask, src_fs: AbstractFileSystem | None, options: CleanOptions) -> Converted:
    """One input as Markdown (emails converted), from the task or read from ``src_fs`` (also for phase one)."""
    if task.error is not None:
        raise NewscleanError(task.error)
    if task.doc is not None:
        return task.doc
    if task.data is not None:
        data = task.data
    elif src_fs is not None:
        data = _read_bytes(src_fs, task.source, task.name, options.max_bytes)
    else:
        raise NewscleanError(f"{task.name}: no file system to read it from")  # not reached by run()
    fmt = options.input_format or detect_format(Path(task.source), data[:BINARY_SNIFF_BYTES])
    return convert_document(data, task.name, fmt, encoding=options.encoding, errors=options.errors)


def clean_batch(tasks: Sequence[FileTask], options: CleanOptions, src_fs: AbstractFileSystem | None,
                dst_fs: AbstractFileSystem | None, history: History | None = None) -> list[FileResult]:
    """Clean a batch of files on a worker: read (unless shipped), clean, write (unless returned).

    Args:
        tasks: the files.
        options: how to clean them.
        src_fs: the file system to read from; None when every task carries its bytes.
        dst_fs: the file system to write to; None to return the clean texts instead.
        history: phase one's value (``_history``).

    Returns:
        One result per task, in order; a bad file gives its error and does not stop the others.
    """
    try:
        cleaner = _cleaner(options.model)
    except NewscleanError as exc:  # a model missing on this worker, or corrupt: every file fails
        return [FileResult(error=str(exc)) for _ in tasks]
    results = []
    for task in tasks:
        try:
            text = _clean_text(_load_text(task, src_fs, options), cleaner, options, history)
            if dst_fs is None:
                results.append(FileResult(text=text))
            else:
                _write(dst_fs, task.target, task.target_name, text)
                results.append(FileResult())
        except NewscleanError as exc:
            results.append(FileResult(error=str(exc)))
    return results


# -- planning a run --------------------------------------------------------------------------
def _url_to_fs(url: str) -> tuple[AbstractFileSystem, str]:
    from fsspec.core import url_to_fs

    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:  # unknown protocol, or its package (s3fs, gcsfs) missing
        raise NewscleanError(f"{url}: cannot open this location ({exc})") from None
    return fs, path


def _join(base: str, rel: str) -> str:
    """``base`` and a relative POSIX path, the way the user wrote ``base`` (a URL or a plain path)."""
    if "://" in base:
        return base.rstrip("/") + "/" + rel
    return str(Path(base) / rel)


def _list_inputs(fs: AbstractFileSystem, root: str, exclude: str | None) -> list[str]:
    """Input files (every format) under ``root``, relative to it: sorted, hidden ones and ``exclude`` skipped."""
    found = []
    for path in fs.find(root, withdirs=False):
        rel = PurePosixPath(path).relative_to(PurePosixPath(root))
        if exclude is not None and (path == exclude or path.startswith(exclude.rstrip("/") + "/")):
            continue
        if any(part.startswith(".") for part in rel.parts) or not rel.name.lower().endswith(_SUFFIXES):
            continue
        found.append(rel)
    return [rel.as_posix() for rel in sorted(found, key=lambda r: r.parts)]


def plan(src: str, dst: str, options: CleanOptions | None = None) -> list[FileTask]:
    """The files a run over ``src`` cleans into ``dst``, checking both first; named as folder mode names them.

    A Markdown file keeps its name, an email's output is named ``.md``, and the messages of an mbox
    (read here, on the client, from a local disk only) go to a folder named after it. From a
    ``memory://`` source the client reads the files (up to ``options.max_bytes`` each) into the tasks.

    Raises:
        NewscleanError: ``src`` is not a folder, ``dst`` is ``src`` or a file.
    """
    options = options or CleanOptions()
    src_fs, src_path = _url_to_fs(src)
    dst_fs, dst_path = _url_to_fs(dst)
    same_fs = _protocols(src_fs) == _protocols(dst_fs)
    if not src_fs.isdir(src_path):
        if src_fs.isfile(src_path):
            raise NewscleanError(f"{src}: is a file; --scheduler cleans a folder (drop --scheduler for one file)")
        raise NewscleanError(f"{src}: no such folder")
    if same_fs and src_path.rstrip("/") == dst_path.rstrip("/"):
        raise NewscleanError(f"{dst}: the output folder must not be the input folder; choose another -o")
    if dst_fs.isfile(dst_path):
        raise NewscleanError(f"{dst}: is a file; with a folder as input, -o must be a folder")
    tasks: list[FileTask] = []
    owner: dict[str, str] = {}
    for rel in _list_inputs(src_fs, src_path, dst_path if same_fs else None):
        fmt = options.input_format or FORMAT_OF_SUFFIX[PurePosixPath(rel).suffix.lower()]
        name, source = _join(src, rel), src_path.rstrip("/") + "/" + rel
        if fmt == "mbox":
            tasks.extend(_mbox_tasks(src_fs, source, name, _join(dst, rel), dst_path.rstrip("/") + "/" + rel,
                                     options))
            continue
        out_rel = rel if fmt == "markdown" else PurePosixPath(rel).with_suffix(".md").as_posix()
        task = FileTask(name=name, source=source, target=dst_path.rstrip("/") + "/" + out_rel,
                        target_name=_join(dst, out_rel))
        if task.target in owner:
            task = replace(task, error=f"{name}: its output {task.target_name} is already the output of "
                                       f"{owner[task.target]}; rename one of them")
        elif _in_process(src_fs):  # workers cannot see this memory: ship the bytes
            owner[task.target] = name
            try:
                task = replace(task, data=_read_bytes(src_fs, task.source, task.name, options.max_bytes))
            except NewscleanError as exc:
                task = replace(task, error=str(exc))
        else:
            owner[task.target] = name
        tasks.append(task)
    return tasks


def _mbox_tasks(fs: AbstractFileSystem, source: str, name: str, target_name: str, target: str,
                options: CleanOptions) -> list[FileTask]:
    """One task per message of an mbox, read and converted here, named as folder mode names them."""
    from newsclean.cli import _mbox_tasks as folder_mode_tasks

    folder = target.removesuffix(PurePosixPath(target).suffix)
    folder_name = target_name.removesuffix(PurePosixPath(target_name).suffix)
    if not _is_local(fs):
        return [FileTask(name=name, source=source, target=folder, target_name=folder_name,
                         error=f"{name}: an mbox is split on the client, from a local disk only; "
                               "copy it to one or split it first (newsclean convert)")]
    try:
        messages = folder_mode_tasks(Path(source), Path(folder), argparse.Namespace(**asdict(options)))
    except NewscleanError as exc:
        return [FileTask(name=name, source=source, target=folder, target_name=folder_name, error=str(exc))]
    return [FileTask(name=name, source=source, target=str(out), target_name=_join(folder_name, out.name),
                     error=given if isinstance(given, str) else None,
                     doc=None if isinstance(given, str) else given) for _, out, given in messages]


def batches(tasks: Sequence[FileTask], workers: int, size: int | None = None) -> list[list[FileTask]]:
    """``tasks`` cut into consecutive batches: ``size`` files each, or about TASKS_PER_WORKER per worker."""
    if size is None:
        size = min(MAX_FILES_PER_TASK, max(1, math.ceil(len(tasks) / (max(1, workers) * TASKS_PER_WORKER))))
    return [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]


def count_batch(tasks: Sequence[FileTask], options: CleanOptions, src_fs: AbstractFileSystem | None) -> History:
    """Phase one on a worker: the fingerprint counts of a batch's files (a bad file is skipped, as
    folder mode does: cleaning reports it)."""
    from newsclean.features.history import History

    def texts() -> Iterator[str]:
        for task in tasks:
            try:
                yield _load_text(task, src_fs, options).markdown
            except NewscleanError:
                continue

    return History.from_texts(texts())


def merge_histories(*parts: History | None) -> History:
    """The reduce of phase one: all partial counts in one history."""
    from newsclean.features.history import History

    total = History(0)
    for part in parts:
        if part is not None:
            total = total.merged(part)
    return total


def _history(client: Client, batches: Sequence[Sequence[FileTask]], options: CleanOptions,
             src_fs: AbstractFileSystem | None, earlier: History | None = None) -> Future | None:
    """Phase one of a run: the fingerprint counts of every input (and of ``earlier`` issues).

    A ``count_batch`` task per batch, one ``merge_histories`` task over them; its future goes to
    every ``clean_batch`` task, so the counts move to each worker once, and a cluster run gives the
    bytes of a one-machine folder run over the same inputs. None when there is no history to count.
    """
    if not options.use_history and earlier is None:
        return None
    parts = [client.submit(count_batch, batch, options, src_fs, pure=False, retries=TASK_RETRIES)
             for batch in batches] if options.use_history else []
    return client.submit(merge_histories, *parts, earlier, pure=False, retries=TASK_RETRIES)


# -- running ---------------------------------------------------------------------------------
def parse_scheduler(value: str) -> str:
    """Check a ``--scheduler`` value: ``local:N`` (N ≥ 1) or a scheduler address; returns it unchanged.

    Raises:
        ValueError: neither (the message says what is allowed).
    """
    local = _LOCAL.fullmatch(value)
    if local and int(local.group(1)) >= 1:
        return value
    address = None if value.startswith("local:") else _ADDRESS.fullmatch(value)
    if address and (address.group(3) or address.group(1) not in _PORT_NEEDED):
        return value
    raise ValueError("must be local:N (N worker processes on this machine) or a scheduler address "
                     f"such as tcp://host:8786, not {value!r}")


def require_dask() -> None:
    """Check that the optional extra is installed, before any work starts.

    Raises:
        NewscleanError: dask.distributed or fsspec cannot be imported.
    """
    try:
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        raise NewscleanError(f"--scheduler needs Dask, which is not installed ({exc.name}): "
                             f"{INSTALL_HINT}") from None


def connect(scheduler: str) -> Client:
    """A client of the running scheduler at ``scheduler``, or of a new LocalCluster for ``local:N``.

    A LocalCluster is the client's own: ``client.close()`` stops it.

    Raises:
        NewscleanError: the scheduler cannot be reached.
    """
    from distributed import Client

    local = _LOCAL.fullmatch(scheduler)
    if local:
        # Processes, one thread each: cleaning holds the GIL. No dashboard (no fixed port to clash).
        return Client(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except Exception as exc:  # unreachable, unparsable, or a protocol whose plugin is missing or broken
        # (ValueError for an unknown protocol, TypeError for ucx:// in recent Dask): one error line, whatever it is
        raise NewscleanError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None


def _worker_count(client: Client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def run(client: Client, tasks: Sequence[FileTask], src: str, dst: str, options: CleanOptions, *,
        batch_size: int | None = None, earlier: History | None = None) -> Iterator[tuple[FileTask, str | None]]:
    """Clean the files of ``plan(src, dst)`` on the cluster of ``client``.

    Args:
        client: a connected Dask client.
        tasks: the files, from ``plan(src, dst, options)``.
        src: the input folder: a path or fsspec URL.
        dst: the output folder: a path or fsspec URL (created where needed).
        options: how to clean.
        batch_size: files per task (default: about TASKS_PER_WORKER tasks per worker, at most
            MAX_FILES_PER_TASK files each).
        earlier: the ``--history`` folders' counts, read here, added to the inputs' own.

    Yields:
        Each file with its error message or None, in file order, as the batches finish.

    Raises:
        NewscleanError: the output folder cannot be created (before any task is submitted).
    """
    from concurrent.futures import CancelledError

    from distributed import KilledWorker

    src_fs, _ = _url_to_fs(src)
    dst_fs, dst_path = _url_to_fs(dst)
    ship, collect = _in_process(src_fs), _in_process(dst_fs)
    if _is_local(dst_fs):
        try:
            dst_fs.makedirs(dst_path, exist_ok=True)
        except OSError as exc:
            raise NewscleanError(f"{dst}: cannot create the folder ({exc.strerror or exc})") from None
    cut = batches(tasks, _worker_count(client), batch_size)
    history = _history(client, cut, options, None if ship else src_fs, earlier)
    futures = [client.submit(clean_batch, batch, options, None if ship else src_fs, None if collect else dst_fs,
                             history, pure=False, retries=TASK_RETRIES) for batch in cut]
    try:
        for batch, future in zip(cut, futures, strict=True):
            try:
                results = future.result()
            except KilledWorker:  # it killed worker after worker: report its files, go on with the rest
                results = [FileResult(error=f"{t.name}: not cleaned: every worker that tried it died "
                                            "(distributed.scheduler.allowed-failures)") for t in batch]
            except CancelledError:  # the scheduler went away, or forgot the run
                raise NewscleanError(f"{batch[0].name}: the Dask scheduler cancelled the run "
                                     "(lost connection?); files before it were cleaned") from None
            for task, result in zip(batch, results, strict=True):
                error = result.error
                if error is None and result.text is not None:
                    try:
                        _write(dst_fs, task.target, task.target_name, result.text)
                    except NewscleanError as exc:
                        error = str(exc)
                yield task, error
    finally:
        client.cancel(futures)


# -- for users who already hold a bag or a dataframe -----------------------------------------
def _clean_strings(texts: Iterable[str], options: CleanOptions, history: History | None = None) -> list[str]:
    """Clean a partition of Markdown strings on a worker (the model loaded once per process)."""
    cleaner = _cleaner(options.model)
    return [_clean_text(text, cleaner, options, history) for text in texts]


def clean_bag(bag: dask.bag.Bag, *, model: str | Path | None = None, threshold: float | None = None,
              history: History | None = None, exclude_self: bool = False) -> dask.bag.Bag:
    """Clean a Dask bag of Markdown strings.

    Args:
        bag: a ``dask.bag.Bag`` of newsletters as ``str``.
        model: a model file that every worker can read; the shipped model when None.
        threshold: drop blocks whose probability reaches it; the model's own by default.
        history: other issues (``History.from_texts``), e.g. counted over the bag itself.
        exclude_self: ``history`` holds the bag's own newsletters: each is counted out of it.

    Returns:
        A bag of the clean strings, in the same partitions and order (lazy, as any bag).
    """
    options = CleanOptions(model=None if model is None else str(model), threshold=threshold, use_history=exclude_self)
    return bag.map_partitions(_clean_strings, options, history)


def clean_partition(df: pd.DataFrame, column: str = "markdown", out_column: str = "clean", *,
                    model: str | Path | None = None, threshold: float | None = None,
                    history: History | None = None, exclude_self: bool = False) -> pd.DataFrame:
    """Clean the Markdown in one column of a pandas DataFrame (a partition, a Spark or Ray batch).

    Works with ``dask.dataframe``'s ``map_partitions``, Spark's ``mapInPandas`` and Ray Data's
    ``map_batches`` (see README). The model is loaded once per process.

    Args:
        df: the frame; ``df[column]`` holds newsletters as ``str`` (missing values stay missing).
        column: the column to clean.
        out_column: the column the clean text goes to (may be ``column`` itself).
        model: a model file every worker can read; the shipped model when None.
        threshold: drop blocks whose probability reaches it; the model's own by default.
        history: other issues (``History.from_texts``); None: each newsletter on its own.
        exclude_self: ``history`` holds these newsletters: each is counted out of it.

    Returns:
        A copy of ``df`` with ``out_column`` set.
    """
    options = CleanOptions(model=None if model is None else str(model), threshold=threshold, use_history=exclude_self)
    values = df[column].tolist()
    texts = [v for v in values if isinstance(v, str)]
    clean = iter(_clean_strings(texts, options, history))
    out = df.copy()
    out[out_column] = [next(clean) if isinstance(v, str) else None for v in values]
    return out
