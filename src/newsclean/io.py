"""Safe reading and writing of newsletters: size limit, binary refusal, atomic writes.

Every failure is a ``NewscleanError`` whose message is one line starting with the file it is
about, so the CLI can print it as ``Error: <file>: <problem>``.

Binary rule: the input is refused as binary when its first 8 KiB (``BINARY_SNIFF_BYTES``)
contain a NUL byte, or when more than 30 % of them (``BINARY_CONTROL_SHARE``) are control
bytes other than tab, line feed, vertical tab, form feed, carriage return, backspace and
escape. That is git's and grep's test plus a guard for NUL-free binary. A NUL after the first
8 KiB is treated as (pathological) text and cleaned. The NUL test is skipped for UTF-16 and
UTF-32 input, where NUL bytes are normal.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from newsclean.errors import NewscleanError

# How much of the start of the input the binary test looks at (git and grep look at 8 KiB).
BINARY_SNIFF_BYTES = 8192
# Share of control bytes in that sample above which NUL-free input is still binary. The 18 corpus
# inputs have 0 %; executables and shared libraries have 30-90 %. (Compressed data has about 10 %
# but always a NUL within 8 KiB, so the NUL test catches it.)
BINARY_CONTROL_SHARE = 0.30
# The default size limit: the largest newsletter in the corpus is under 1 MB.
DEFAULT_MAX_BYTES = 20_000_000
# File name endings that folder mode cleans.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
ERROR_HANDLERS = ("strict", "replace")

_ALLOWED_CONTROLS = frozenset(b"\t\n\v\f\r\b\x1b")
_CONTROL_BYTES = frozenset(range(0x20)) - _ALLOWED_CONTROLS | {0x7F}
_STDIN_NAME = "<stdin>"


def check_encoding(encoding: str) -> str:
    """The canonical name of a text encoding.

    Raises:
        NewscleanError: the name is not a text encoding Python knows.
    """
    problem = f"unknown text encoding {encoding!r} (use a Python codec name such as utf-8, cp1252 or latin-1)"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise NewscleanError(problem) from None
    # Bytes-to-bytes codecs (base64, zlib, rot13...) are codecs but not text encodings.
    if not getattr(info, "_is_text_encoding", True):
        raise NewscleanError(problem)
    return info.name


def _binary_problem(sample: bytes, encoding: str) -> str | None:
    """Why ``sample`` (the start of the input) looks binary, or None when it looks like text."""
    if not sample:
        return None
    wide = encoding.startswith(("utf-16", "utf-32"))
    if not wide and b"\0" in sample:
        return f"looks like binary data (NUL byte at offset {sample.index(0)}), not Markdown"
    if not wide:
        controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
        if controls / len(sample) > BINARY_CONTROL_SHARE:
            share = f"{controls} of the first {len(sample)} bytes are control characters"
            return f"looks like binary data ({share}), not Markdown"
    return None


def too_large(name: str, max_bytes: int, size: int | None = None) -> NewscleanError:
    """The error for input over the size limit: with its size when known (a file), else without."""
    limit = f"larger than the limit of {max_bytes} bytes (raise it with --max-bytes)"
    if size is None:
        return NewscleanError(f"{name}: {'input' if name == _STDIN_NAME else 'file'} is {limit}")
    return NewscleanError(f"{name}: file is {size} bytes, {limit}")


def _read_bytes(path: Path | None, max_bytes: int) -> tuple[str, bytes]:
    """The raw input and the name to report it under; refuses missing, non-file and oversized input."""
    if path is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise NewscleanError(f"{_STDIN_NAME}: standard input is not available")
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_large(_STDIN_NAME, max_bytes)
        return _STDIN_NAME, data
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise NewscleanError(f"{name}: no such file") from None
    except OSError as exc:
        raise NewscleanError(f"{name}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise NewscleanError(f"{name}: is a directory, expected a Markdown file")
    if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
        raise too_large(name, max_bytes, st.st_size)
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise NewscleanError(f"{name}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:  # grew since stat, or not a regular file
        raise too_large(name, max_bytes)
    return name, data


def read_markdown(
    path: Path | None,
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """Read one newsletter, refusing input that is not Markdown text.

    Args:
        path: the file; standard input (its bytes) when None.
        encoding: the input's text encoding.
        errors: ``"strict"`` (refuse undecodable bytes) or ``"replace"`` (decode them as U+FFFD).
        max_bytes: refuse input larger than this (checked before reading).

    Returns:
        The decoded text; "" for empty input.

    Raises:
        NewscleanError: missing file, a directory, too large, binary, undecodable, unknown
            encoding. The message starts with the file name (``<stdin>`` for standard input).
    """
    if errors not in ERROR_HANDLERS:
        raise NewscleanError(f"errors must be one of {', '.join(ERROR_HANDLERS)}, not {errors!r}")
    if max_bytes < 0:
        raise NewscleanError(f"max_bytes must be 0 or more, not {max_bytes}")
    check_encoding(encoding)
    name, data = _read_bytes(path, max_bytes)
    return decode_markdown(data, name, encoding=encoding, errors=errors)


def decode_markdown(data: bytes, name: str, *, encoding: str = "utf-8", errors: str = "strict") -> str:
    """Decode the bytes of one newsletter, refusing binary data and (with ``errors="strict"``) bad bytes.

    Args:
        data: the raw input (already checked against the size limit).
        name: the file name that error messages start with.
        encoding: the input's text encoding.
        errors: ``"strict"`` or ``"replace"``, as in ``read_markdown``.

    Returns:
        The decoded text.

    Raises:
        NewscleanError: binary, undecodable, unknown encoding; the message starts with ``name``.
    """
    canonical = check_encoding(encoding)
    problem = _binary_problem(data[:BINARY_SNIFF_BYTES], canonical)
    if problem:
        raise NewscleanError(f"{name}: {problem}")
    try:
        return data.decode(canonical, errors=errors)
    except UnicodeDecodeError as exc:
        raise NewscleanError(
            f"{name}: not valid {encoding} at byte {exc.start} ({exc.reason}); "
            f"pass --encoding (e.g. --encoding cp1252) or --errors replace"
        ) from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file or folder (same real path, or same inode through a hard link)."""
    # os.path.realpath, not Path.resolve: on Python 3.11 resolve raises RuntimeError on a symlink loop.
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist, or cannot be reached
        return False


def is_dir(path: Path) -> bool:
    """``path.is_dir()`` that says False instead of raising (a name too long, a permission denied)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def new_file_mode(path: Path) -> int:
    """The permission bits a file written at ``path`` gets: the old file's, else what the umask allows.

    ``tempfile.mkstemp`` creates 0600 files; every atomic writer (text outputs, reports, model
    files) applies this mode before the rename, so all of them get what ``open()`` would give.
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str, *, forbid: Path | None = None) -> None:
    """Write ``text`` as UTF-8 so that ``path`` is either the old file or the complete new one.

    The text goes to a temporary file in the same folder, is flushed to disk, and replaces
    ``path`` in one rename. On any failure, KeyboardInterrupt included, the temporary file is
    removed and ``path`` is untouched.

    Args:
        path: the file to write.
        text: its new content (written byte for byte, no newline translation).
        forbid: a file that must not be overwritten (the input): refused when ``path`` names it.

    Raises:
        NewscleanError: ``path`` is ``forbid``, a directory, in a missing folder, or unwritable.
    """
    name = str(path)
    if forbid is not None and same_file(path, forbid):
        raise NewscleanError(f"{name}: refusing to overwrite the input file; write the output elsewhere")
    if is_dir(path):
        raise NewscleanError(f"{name}: is a directory, expected an output file")
    folder = path.parent
    if not is_dir(folder):
        raise NewscleanError(f"{name}: the folder {folder} does not exist")
    data = text.encode("utf-8")
    mode = new_file_mode(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise NewscleanError(f"{name}: cannot write ({exc.strerror})") from None
    try:
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:  # KeyboardInterrupt too: never leave the temporary file behind
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise NewscleanError(f"{name}: cannot write ({exc.strerror or exc})") from None


def iter_markdown_files(folder: Path, *, exclude: Path | None = None) -> list[Path]:
    """The Markdown files under ``folder``, recursively, sorted, hidden files and folders skipped.

    Args:
        folder: the folder to list.
        exclude: a folder inside ``folder`` to leave out (the output folder).

    Returns:
        Regular files ending in ``.md``, ``.markdown`` or ``.txt`` (any case), dangling links
        included so that reading them reports the problem. Links to folders are not followed.

    Raises:
        NewscleanError: ``folder`` is missing or not a folder.
    """
    if not is_dir(folder):
        raise NewscleanError(f"{folder}: no such folder")
    skip = os.path.realpath(exclude) if exclude is not None else None
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.realpath(here / d) != skip)
        for f in files:
            path = here / f
            if f.startswith(".") or not f.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            # Regular files, and dangling links (reading reports them); never a FIFO, which would block.
            if path.is_file() or (path.is_symlink() and not path.exists()):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)
