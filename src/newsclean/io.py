"""Safe reading and writing of newsletters: size limit, binary refusal, atomic writes.

Every failure is a ``NewscleanError`` whose message is one line starting with the file it is
about, so the CLI can print it as ``Error: <file>: <problem>``.

Binary rule: the input is refused as binary when its first 8 KiB (``BINARY_SNIFF_BYTES``)
contain a NUL byte, or when more than 30 % of them (``BINARY_CONTROL_SHARE``) are control
bytes other than tab, line feed, vertical tab, form feed, carriage return, backspace and
escape. That is git's and grep's test plus a guard for NUL-free binary. A NUL after the first
8 KiB is treated as (pathological) text and cleaned. The NUL test is skipped for UTF-16 and
UTF-32 input, where NUL bytes are normal.

Input formats (``INPUT_FORMATS``): Markdown, an email's HTML, an RFC 5322 message (``.eml``), an
mbox of messages and a Gmail API message (JSON). The file name's ending says which
(``detect_format``); without a known ending (standard input too) the first bytes do. Emails are
converted to Markdown by ``newsclean.features.email``.
"""

from __future__ import annotations

import codecs
import contextlib
import mailbox
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from newsclean.errors import NewscleanError
from newsclean.features.email import Converted, convert_html, from_eml, from_gmail_json

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
# What --input-format accepts, and the file name endings that say which format a file is in.
INPUT_FORMATS = ("markdown", "html", "eml", "mbox", "gmail-json")
FORMAT_OF_SUFFIX = {
    **dict.fromkeys(MARKDOWN_SUFFIXES, "markdown"),
    ".html": "html", ".htm": "html", ".eml": "eml", ".mbox": "mbox", ".json": "gmail-json",
}
# Sniffing the first bytes (standard input, unknown endings): a JSON object, an mbox "From " line,
# a block of RFC 5322 headers naming at least two of these, or an HTML document's first tag.
_MAIL_HEADERS = frozenset({"from", "to", "subject", "date", "mime-version", "message-id", "received",
                           "return-path", "delivered-to", "content-type", "reply-to"})
_HEADER_LINE_RE = re.compile(rb"[!-9;-~]+:")
# (a saved body alone, "<body style=…>", or a "<head>" without its <html>, is HTML too: Markdown opens with neither)
_HTML_START_RE = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
# an mbox's separator line: "From " and a sender's address (not followed by a colon), MAILER-DAEMON, or any sender
# ("-", a quoted name, nothing) and a date with a weekday and a time ("From 1789@xxx Mon Jan 01 00:00:00 +0000
# 2024", "From - Mon, 1 Jan 2024 10:00"); not a Markdown line "From the editor: …" or "From jane@example.com: hello"
_MBOX_FROM_RE = re.compile(rb"From (?:[^\s@]+@[^\s:,;]+(?:[ \t]|\r?\n|$)|MAILER-DAEMON\b"
                           rb"|[^\r\n]*?\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b[^\r\n]*?\b\d{1,2}:\d\d\b)")

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
    utf8 = encoding.replace("_", "-") in ("utf-8", "utf-8-sig")  # (another single-byte encoding reads any byte)
    if utf8 and sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "looks like UTF-32 text (it opens with a byte-order mark); pass --encoding utf-32"
    if utf8 and sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "looks like UTF-16 text (it opens with a byte-order mark); pass --encoding utf-16"
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
    path: str | os.PathLike[str] | None,
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """Read one newsletter, refusing input that is not Markdown text.

    Args:
        path: the file (a ``Path`` or a string); standard input (its bytes) when None.
        encoding: the input's text encoding.
        errors: ``"strict"`` (refuse undecodable bytes) or ``"replace"`` (decode them as U+FFFD).
        max_bytes: refuse input larger than this (checked before reading).

    Returns:
        The decoded text; "" for empty input.

    Raises:
        NewscleanError: missing file, a directory, too large, binary, undecodable, unknown
            encoding. The message starts with the file name (``<stdin>`` for standard input).
    """
    _check_errors(errors, max_bytes)
    check_encoding(encoding)
    name, data = _read_bytes(None if path is None else Path(path), max_bytes)
    return decode_markdown(data, name, encoding=encoding, errors=errors)


def _check_errors(errors: str, max_bytes: int) -> None:
    if errors not in ERROR_HANDLERS:
        raise NewscleanError(f"errors must be one of {', '.join(ERROR_HANDLERS)}, not {errors!r}")
    if max_bytes < 0:
        raise NewscleanError(f"max_bytes must be 0 or more, not {max_bytes}")


def decode_markdown(data: bytes, name: str, *, encoding: str = "utf-8", errors: str = "strict",
                    what: str = "Markdown") -> str:
    """Decode the bytes of one newsletter, refusing binary data and (with ``errors="strict"``) bad bytes.

    Args:
        data: the raw input (already checked against the size limit).
        name: the file name that error messages start with.
        encoding: the input's text encoding.
        errors: ``"strict"`` or ``"replace"``, as in ``read_markdown``.
        what: what the input should be, in the binary-data message ("Markdown", "HTML").

    Returns:
        The decoded text.

    Raises:
        NewscleanError: binary, undecodable, unknown encoding; the message starts with ``name``.
    """
    canonical = check_encoding(encoding)
    problem = _binary_problem(data[:BINARY_SNIFF_BYTES], canonical)
    if problem:
        raise NewscleanError(f"{name}: {problem.replace('Markdown', what)}")
    try:
        return data.decode(canonical, errors=errors)
    except UnicodeDecodeError as exc:
        raise NewscleanError(
            f"{name}: not valid {encoding} at byte {exc.start} ({exc.reason}); "
            f"pass --encoding (e.g. --encoding cp1252) or --errors replace"
        ) from None


def _looks_like_email(sample: bytes) -> bool:
    """The sample starts with a block of RFC 5322 header lines naming at least two mail headers."""
    names: set[str] = set()
    for line in sample.replace(b"\r\n", b"\n").split(b"\n"):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):  # a folded header's continuation
            if not names:
                return False
            continue
        match = _HEADER_LINE_RE.match(line)
        if match is None:
            return False
        names.add(match.group()[:-1].decode("ascii").lower())
    return len(names & _MAIL_HEADERS) >= 2


def sniff_format(sample: bytes) -> str:
    """The input format the first bytes of an input show (``markdown`` when nothing else fits)."""
    sample = sample.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark
    start = sample.lstrip()
    if start.startswith(b"{"):
        return "gmail-json"
    if _MBOX_FROM_RE.match(sample):
        return "mbox"
    if _looks_like_email(sample):
        return "eml"
    if _HTML_START_RE.match(start):
        return "html"
    return "markdown"


def detect_format(path: Path | None, sample: bytes) -> str:
    """An input's format: from its file name's ending, else (standard input too) from its first bytes."""
    if path is not None and path.suffix.lower() in FORMAT_OF_SUFFIX:
        return FORMAT_OF_SUFFIX[path.suffix.lower()]
    return sniff_format(sample)


def read_document(
    path: str | os.PathLike[str] | None,
    *,
    input_format: str | None = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Converted:
    """Read one newsletter in any single-document format, converted to Markdown.

    Args:
        path: the file (a ``Path`` or a string); standard input when None.
        input_format: one of ``INPUT_FORMATS`` but ``mbox`` (see :func:`iter_mbox`); None to detect it.
        encoding: the text encoding of Markdown and HTML input (emails name their own charsets).
        errors: ``"strict"`` or ``"replace"``, for undecodable text and unknown charsets.
        max_bytes: refuse input larger than this.

    Returns:
        The Markdown, with the sender, subject and date when the input was an email.

    Raises:
        NewscleanError: what :func:`read_markdown` refuses, an mbox, and any email or HTML the
            conversion refuses (the message starts with the file name).
    """
    _check_errors(errors, max_bytes)
    check_encoding(encoding)
    path = None if path is None else Path(path)
    name, data = _read_bytes(path, max_bytes)
    fmt = input_format or detect_format(path, data[:BINARY_SNIFF_BYTES])
    if fmt == "mbox":
        if path is None:
            raise NewscleanError(f"{name}: holds an mbox; save it to a file and pass that with -o OUTDIR")
        raise NewscleanError(f"{name}: is an mbox of many messages; pass -o OUTDIR to write one file per message")
    return convert_document(data, name, fmt, encoding=encoding, errors=errors)


def convert_document(data: bytes, name: str, fmt: str, *, encoding: str = "utf-8", errors: str = "strict",
                     ) -> Converted:
    """The bytes of one document in format ``fmt`` (one of ``INPUT_FORMATS`` but ``mbox``) as Markdown.

    What :func:`read_document` does once it has the bytes (the Dask workers call it on theirs);
    error messages start with ``name``.
    """
    if fmt == "markdown":
        return Converted(decode_markdown(data, name, encoding=encoding, errors=errors))
    if fmt == "html":
        return Converted(convert_html(_decode_html(data, name, encoding=encoding, errors=errors), where=name))
    if fmt == "eml":
        return from_eml(data, where=name, errors=errors, charset=encoding)
    if fmt == "gmail-json":
        return from_gmail_json(data, where=name, errors=errors, charset=encoding)
    raise NewscleanError(f"unknown input format {fmt!r}; allowed: {', '.join(INPUT_FORMATS)}")


_META_CHARSET_RE = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE)
META_CHARSET_BYTES = 4096  # where a page declares its charset (the HTML standard looks at the first 1,024)


# Python text codecs that no web page is written in (browsers know none of them): a <meta> naming one is ignored
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7",
                           "utf-32", "utf-32-le", "utf-32-be", "mbcs", "oem", "charmap", "palmos"})


def _browser_charset(label: str) -> str | None:
    """The codec a browser reads a declared charset label with (the WHATWG Encoding Standard's mapping where
    Python's differs: Latin-1 and ASCII labels are windows-1252; a UTF-16 label in a page read as bytes is UTF-8);
    None for a label that names no text encoding."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:  # "hex", "zlib", "undefined"
        return None
    if info.name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if info.name.startswith("utf-16") or info.name == "utf-8-sig":
        return "utf-8"
    return info.name


def _decode_html(data: bytes, name: str, *, encoding: str, errors: str) -> str:
    """An HTML file's text: in ``encoding``; when that is UTF-8 and the bytes are not, in the charset the page
    declares (``<meta charset="windows-1252">``, as a browser reads a saved email), if it declares one."""
    if check_encoding(encoding) != "utf-8":
        return decode_markdown(data, name, encoding=encoding, errors=errors, what="HTML")
    try:
        return decode_markdown(data, name, encoding=encoding, errors="strict", what="HTML")
    except NewscleanError:
        match = _META_CHARSET_RE.search(data[:META_CHARSET_BYTES])
        declared = _browser_charset(match.group(1).decode("ascii", "replace")) if match else None
        if declared is None or declared == "utf-8":
            return decode_markdown(data, name, encoding=encoding, errors=errors, what="HTML")
        return decode_markdown(data, name, encoding=declared, errors=errors, what="HTML")


def iter_mbox(path: Path, *, errors: str = "strict", max_bytes: int = DEFAULT_MAX_BYTES, encoding: str = "utf-8",
              ) -> Iterator[tuple[str, Converted | NewscleanError]]:
    """Every message of an mbox file, converted, or the error that message gave.

    Args:
        path: the mbox file (``mailbox.mbox``).
        errors: as for :func:`read_document`.
        max_bytes: refuse a message larger than this (the limit applies to each message).
        encoding: the charset of a text part that names none.

    Yields:
        ``(where, result)`` per message in file order: ``where`` names the message
        (``<file> message <n>``), ``result`` is its conversion or the error it gave.

    Raises:
        NewscleanError: the file is missing, not a file, or holds no message.
    """
    name = str(path)
    if not path.is_file():
        raise NewscleanError(f"{name}: no such file" if not path.exists() else f"{name}: is not a file")
    with contextlib.ExitStack() as cleanup:
        try:
            with path.open("rb") as f:
                if f.read(3) == b"\xef\xbb\xbf":
                    # a byte-order mark: mailbox.mbox would not see the first "From " line, and lose that message
                    folder = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="newsclean-mbox-"))
                    copy = Path(folder) / "box.mbox"
                    with copy.open("wb") as out:
                        shutil.copyfileobj(f, out)
                    path = copy
            box = mailbox.mbox(path, create=False)
            keys = box.keys()
        except OSError as exc:
            raise NewscleanError(f"{name}: cannot read ({exc.strerror or exc})") from None
        if not keys:
            raise NewscleanError(f"{name}: holds no messages (an mbox starts with a 'From ' line)")
        yield from _mbox_messages(box, keys, name, errors=errors, max_bytes=max_bytes, encoding=encoding)


def _mbox_messages(box: mailbox.mbox, keys: list[str], name: str, *, errors: str, max_bytes: int, encoding: str,
                   ) -> Iterator[tuple[str, Converted | NewscleanError]]:
    try:
        for n, key in enumerate(keys, start=1):
            where = f"{name} message {n}"
            data = box.get_bytes(key)
            if len(data) > max_bytes:
                yield where, NewscleanError(f"{where}: message is {len(data)} bytes, larger than the limit of "
                                            f"{max_bytes} bytes (raise it with --max-bytes)")
                continue
            try:
                yield where, from_eml(data, where=where, errors=errors, charset=encoding)
            except NewscleanError as exc:
                yield where, exc
    finally:
        box.close()


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


def _is_special(path: Path) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (``/dev/null``, a named pipe, a socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


_MAX_LINK_HOPS = 40  # as the kernel's own limit on nested links


def _through_descriptor(path: Path) -> bool:
    """Whether ``path`` is a link whose chain passes through a descriptor (``/dev/stdout`` → ``/proc/self/fd/1``)."""
    seen = 0
    current = str(path)
    while os.path.islink(current) and seen < _MAX_LINK_HOPS:
        target = os.path.join(os.path.dirname(current), os.readlink(current))
        if target.startswith(("/proc/", "/dev/fd/")):
            return True
        current, seen = target, seen + 1
    return False


def write_atomic(path: Path, text: str, *, forbid: Path | None = None, follow_links: bool = False) -> None:
    """Write ``text`` as UTF-8 so that ``path`` is either the old file or the complete new one.

    The text goes to a temporary file in the same folder, is flushed to disk, and replaces
    ``path`` in one rename. On any failure, KeyboardInterrupt included, the temporary file is
    removed and ``path`` is untouched. A device, named pipe or socket (``/dev/null``, a FIFO)
    cannot be replaced atomically and is not replaced at all: the text is written into it, as a
    shell's ``>`` does; so is a descriptor's link (``/dev/stdout``, ``/dev/fd/3``), appended to, so
    that ``-o /dev/stdout >> log`` keeps the log.

    Args:
        path: the file to write.
        text: its new content (written byte for byte, no newline translation).
        forbid: a file that must not be overwritten (the input): refused when ``path`` names it.
        follow_links: a symbolic link at ``path`` is kept and the file it points to is written (one
            output file the user named); otherwise the link itself is replaced (folder outputs,
            which must never write through a link into the inputs).

    Raises:
        NewscleanError: ``path`` is ``forbid``, a directory, in a missing folder (or one that is a
            file), a link loop, or unwritable.
    """
    name = str(path)
    if forbid is not None and same_file(path, forbid):
        raise NewscleanError(f"{name}: refusing to overwrite the input file; write the output elsewhere")
    if is_dir(path):
        raise NewscleanError(f"{name}: is a directory, expected an output file")
    data = text.encode("utf-8")
    descriptor = _through_descriptor(path)
    if descriptor or _is_special(path):  # written into, never renamed over
        try:
            with open(path, "ab" if descriptor else "wb") as f:
                f.write(data)
        except OSError as exc:
            raise NewscleanError(f"{name}: cannot write ({exc.strerror or exc})") from None
        return
    if follow_links and os.path.islink(path):  # the link stays; the file it points to is written
        path = Path(os.path.realpath(path))
        if os.path.islink(path):
            raise NewscleanError(f"{name}: cannot follow the link (a loop of links?)")
    folder = path.parent
    if not is_dir(folder):
        if os.path.lexists(folder):
            raise NewscleanError(f"{name}: {folder} is not a folder")
        raise NewscleanError(f"{name}: the folder {folder} does not exist")
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


def iter_markdown_files(
    folder: Path, *, exclude: Path | None = None, suffixes: tuple[str, ...] = MARKDOWN_SUFFIXES
) -> list[Path]:
    """The Markdown files under ``folder``, recursively, sorted, hidden files and folders skipped.

    Args:
        folder: the folder to list.
        exclude: a folder inside ``folder`` to leave out (the output folder).
        suffixes: the file name endings to list (``tuple(FORMAT_OF_SUFFIX)``: every input format).

    Returns:
        Regular files ending in one of ``suffixes`` (any case; by default ``.md``, ``.markdown``,
        ``.txt``), dangling links included so that reading them reports the problem. Links to folders are not followed.

    Raises:
        NewscleanError: ``folder`` is missing or not a folder.
    """
    if not is_dir(folder):
        raise NewscleanError(f"{folder}: {'not a folder' if os.path.lexists(folder) else 'no such folder'}")
    skip = os.path.realpath(exclude) if exclude is not None else None
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.realpath(here / d) != skip)
        for f in files:
            path = here / f
            if f.startswith(".") or not f.lower().endswith(suffixes):
                continue
            # Regular files, and dangling links (reading reports them); never a FIFO, which would block.
            if path.is_file() or (path.is_symlink() and not path.exists()):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the platform says, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1
