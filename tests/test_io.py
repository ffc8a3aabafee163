"""Tests for newsclean.io: reading with refusals, atomic writes, listing a folder."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest

from newsclean.errors import NewscleanError
from newsclean.io import BINARY_SNIFF_BYTES, check_encoding, iter_markdown_files, read_markdown, write_atomic


class _Stdin:
    """Stands in for sys.stdin: only ``.buffer`` is used."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- read_markdown ---------------------------------------------------------------------------
def test_read_keeps_bytes_exactly(tmp_path: Path) -> None:
    text = "# Café\r\n\r\nA line\u00a0with NBSP.\n\n\t- item\n"
    assert read_markdown(_write(tmp_path / "a.md", text.encode())) == text


def test_read_empty_file_is_empty_text(tmp_path: Path) -> None:
    assert read_markdown(_write(tmp_path / "a.md", b"")) == ""


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NewscleanError, match=r"^.*nope\.md: no such file$"):
        read_markdown(tmp_path / "nope.md")


def test_read_directory(tmp_path: Path) -> None:
    folder = tmp_path / "dir.md"
    folder.mkdir()
    with pytest.raises(NewscleanError, match=r"^.*dir\.md: is a directory, expected a Markdown file$"):
        read_markdown(folder)


def test_read_size_limit_is_checked(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", b"x" * 11)
    with pytest.raises(NewscleanError, match=r"a\.md: file is 11 bytes, larger than the limit of 10 bytes "
                                             r"\(raise it with --max-bytes\)$"):
        read_markdown(path, max_bytes=10)
    assert read_markdown(path, max_bytes=11) == "x" * 11


def test_read_binary_nul_in_first_8k(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", b"PK\x03\x04\x00\x00 rest")
    with pytest.raises(NewscleanError, match=r"a\.md: looks like binary data \(NUL byte at offset 4\), not Markdown$"):
        read_markdown(path)


def test_read_nul_after_8k_is_text(tmp_path: Path) -> None:
    data = b"a" * BINARY_SNIFF_BYTES + b"\x00tail\n"
    assert read_markdown(_write(tmp_path / "a.md", data)) == data.decode()


def test_read_binary_by_control_share(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", b"\x01\x02\x03\x04abcdef")
    with pytest.raises(NewscleanError, match=r"binary data \(4 of the first 10 bytes are control characters\)"):
        read_markdown(path)


def test_read_some_control_characters_are_text(tmp_path: Path) -> None:
    text = "Page one\f\n\x1b[1mbold\x1b[0m\n\x01 stray\n" * 3
    assert read_markdown(_write(tmp_path / "a.md", text.encode())) == text


def test_read_utf16_is_not_binary(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", "# Hi\n\nthere\n".encode("utf-16"))
    assert read_markdown(path, encoding="utf-16") == "# Hi\n\nthere\n"


def test_read_invalid_utf8_names_the_offset(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", b"caf\xe9 au lait\n")
    with pytest.raises(NewscleanError, match=r"a\.md: not valid utf-8 at byte 3 \(invalid continuation byte\); "
                                             r"pass --encoding \(e\.g\. --encoding cp1252\) or --errors replace$"):
        read_markdown(path)
    assert read_markdown(path, errors="replace") == "caf\ufffd au lait\n"
    assert read_markdown(path, encoding="cp1252") == "café au lait\n"


@pytest.mark.parametrize("name", ["bogus", "rot13", "base64"])
def test_read_unknown_encoding(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / "a.md", b"x")
    with pytest.raises(NewscleanError, match=rf"^unknown text encoding '{name}' \(use a Python codec name"):
        read_markdown(path, encoding=name)


def test_check_encoding_canonical_name() -> None:
    assert check_encoding("UTF8") == "utf-8"


def test_read_bad_errors_value(tmp_path: Path) -> None:
    with pytest.raises(NewscleanError, match=r"^errors must be one of strict, replace, not 'ignore'$"):
        read_markdown(_write(tmp_path / "a.md", b"x"), errors="ignore")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_read_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", b"x")
    path.chmod(0)
    with pytest.raises(NewscleanError, match=r"a\.md: cannot read \(Permission denied\)$"):
        read_markdown(path)


def test_read_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin("# Hé\n".encode()))
    assert read_markdown(None) == "# Hé\n"


def test_read_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    assert read_markdown(None) == ""


def test_read_stdin_reads_at_most_limit_plus_one(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = _Stdin(b"y" * 1000)
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(NewscleanError, match=r"^<stdin>: input is larger than the limit of 10 bytes "
                                             r"\(raise it with --max-bytes\)$"):
        read_markdown(None, max_bytes=10)
    assert stdin.buffer.tell() == 11


def test_read_stdin_binary_and_invalid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\x00\x01"))
    with pytest.raises(NewscleanError, match=r"^<stdin>: looks like binary data \(NUL byte at offset 0\)"):
        read_markdown(None)
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\xff"))
    with pytest.raises(NewscleanError, match=r"^<stdin>: not valid utf-8 at byte 0 \(invalid start byte\)"):
        read_markdown(None)


def test_read_stdin_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(NewscleanError, match=r"^<stdin>: standard input is not available$"):
        read_markdown(None)


# -- write_atomic ----------------------------------------------------------------------------
def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_exact_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_atomic(target, "# É\r\nline\n")
    assert target.read_bytes() == "# É\r\nline\n".encode()
    assert _leftovers(tmp_path) == []


def test_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = _write(tmp_path / "out.md", b"old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_new_file_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "out.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.md").stat().st_mode) == 0o640


def test_write_refuses_the_input_file(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.md", b"input")
    (tmp_path / "sub").mkdir()
    for spelling in (source, tmp_path / "sub" / ".." / "in.md"):
        with pytest.raises(NewscleanError, match=r"in\.md: refusing to overwrite the input file; "
                                                 r"write the output elsewhere$"):
            write_atomic(spelling, "output", forbid=source)
    assert source.read_bytes() == b"input"


def test_write_refuses_a_hard_link_to_the_input(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.md", b"input")
    link = tmp_path / "link.md"
    os.link(source, link)
    with pytest.raises(NewscleanError, match=r"refusing to overwrite the input file"):
        write_atomic(link, "output", forbid=source)
    assert source.read_bytes() == b"input"


def test_write_to_directory_or_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NewscleanError, match=r": is a directory, expected an output file$"):
        write_atomic(tmp_path, "x")
    with pytest.raises(NewscleanError, match=r"a\.md: the folder .*nope does not exist$"):
        write_atomic(tmp_path / "nope" / "a.md", "x")


def test_write_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _write(tmp_path / "out.md", b"old content")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(NewscleanError, match=r"out\.md: cannot write \(No space left on device\)$"):
        write_atomic(target, "new content")
    assert target.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


def test_write_interrupted_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _write(tmp_path / "out.md", b"old content")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content")
    assert target.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


# -- iter_markdown_files ---------------------------------------------------------------------
def test_iter_markdown_files(tmp_path: Path) -> None:
    for rel in ["b.md", "a.MARKDOWN", "c.txt", "d.rst", ".hidden.md", ".git/x.md", "sub/e.md",
                "sub/.h/f.md", "out/g.md", "z/y.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    (tmp_path / "linked-dir.md").symlink_to(tmp_path / "sub", target_is_directory=True)
    os.mkfifo(tmp_path / "pipe.md")
    found = iter_markdown_files(tmp_path, exclude=tmp_path / "out")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.MARKDOWN", "b.md", "c.txt", "dangling.md", "sub/e.md", "z/y.md",
    ]


def test_iter_markdown_files_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NewscleanError, match=r"nope: no such folder$"):
        iter_markdown_files(tmp_path / "nope")
