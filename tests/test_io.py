"""Tests for newsclean.io: reading with refusals, atomic writes, listing a folder."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from helpers import build_eml, build_gmail_json
from newsclean.features.email import Converted

from newsclean.errors import NewscleanError
from newsclean.io import (
    BINARY_SNIFF_BYTES,
    FORMAT_OF_SUFFIX,
    check_encoding,
    detect_format,
    iter_markdown_files,
    iter_mbox,
    read_document,
    read_markdown,
    sniff_format,
    write_atomic,
)


class _Stdin:
    """Stands in for sys.stdin: only ``.buffer`` is used."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- read_markdown ---------------------------------------------------------------------------
def test_read_takes_a_string_path(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.md", b"# Hi\n")
    assert read_markdown(str(path)) == read_document(str(path)).markdown == "# Hi\n"


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
    for encoding in ("utf-16", "utf-32"):  # without --encoding: a hint, not "binary data"
        path = _write(tmp_path / "a.md", "# Hi\n".encode(encoding))
        with pytest.raises(NewscleanError, match=rf"looks like {encoding.upper()} text \(it opens with a byte-order "
                                                 rf"mark\); pass --encoding {encoding}$"):
            read_markdown(path)


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


def test_write_in_a_folder_that_is_a_file(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", b"a file")
    with pytest.raises(NewscleanError, match=r"x\.md: .*a\.md is not a folder$"):
        write_atomic(tmp_path / "a.md" / "x.md", "x")


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    """One output file the user named (follow_links): the link stays, the file it points to is written."""
    target = _write(tmp_path / "target.md", b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, "new", follow_links=True)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "made.md")  # as a shell's ">" does: the file pointed to is made
    write_atomic(dangling, "made", follow_links=True)
    assert dangling.is_symlink() and (tmp_path / "made.md").read_bytes() == b"made"
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    with pytest.raises(NewscleanError, match=r"loop-a: cannot follow the link \(a loop of links\?\)$"):
        write_atomic(tmp_path / "loop-a", "x", follow_links=True)
    assert _leftovers(tmp_path) == []


def test_write_replaces_a_link_unless_told_to_follow_it(tmp_path: Path) -> None:
    """Folder outputs: a link in the output folder is replaced, never written through (into an input)."""
    source = _write(tmp_path / "input.md", b"input")
    link = tmp_path / "out.md"
    link.symlink_to(source)
    write_atomic(link, "output")
    assert not link.is_symlink() and link.read_bytes() == b"output"
    assert source.read_bytes() == b"input"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_write_to_a_descriptor_link_appends(tmp_path: Path) -> None:
    """``-o /dev/stdout >> log``: a link through /proc/self/fd is written into, appended to, not replaced."""
    log = _write(tmp_path / "log", b"prior\n")
    with log.open("ab") as f:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{f.fileno()}")
        write_atomic(link, "new\n", follow_links=True)
    assert log.read_bytes() == b"prior\nnew\n"
    assert link.is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_write_into_a_named_pipe_does_not_replace_it(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(30)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


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
    _write(tmp_path / "a.md", b"a file")
    with pytest.raises(NewscleanError, match=r"a\.md: not a folder$"):
        iter_markdown_files(tmp_path / "a.md")


def test_iter_markdown_files_other_suffixes(tmp_path: Path) -> None:
    for rel in ["a.md", "b.HTML", "c.htm", "d.eml", "e.mbox", "f.json", "g.pdf"]:
        (tmp_path / rel).write_text("x")
    found = iter_markdown_files(tmp_path, suffixes=tuple(FORMAT_OF_SUFFIX))
    assert [p.name for p in found] == ["a.md", "b.HTML", "c.htm", "d.eml", "e.mbox", "f.json"]


# -- input formats ---------------------------------------------------------------------------
EML = build_eml("<html><body><p>Hi</p></body></html>")


@pytest.mark.parametrize(("sample", "fmt"), [
    (b"# Weekly\n\nText.\n", "markdown"),
    (b"From: someone\n\nA Markdown line that only looks like a header.\n", "markdown"),
    (b"Note: this\nTo: there\n\nbody\n", "markdown"),  # one mail header only
    (b"<p>A paragraph of Markdown's inline HTML</p>\n", "markdown"),
    (b"\xef\xbb\xbf  <!-- saved -->\n<!DOCTYPE html>\n<html>", "html"),
    (b"<HTML><body>", "html"),
    (b'<body style="margin:0"><table><tr><td>News</td></tr></table></body>', "html"),
    (EML, "eml"),
    (b"Received: from x\r\n\tby y\r\nFrom: a@b\r\n\r\nbody", "eml"),
    (b"From news@x.example Fri Apr 24 09:30:00 2026\nFrom: a@b\n", "mbox"),
    (b"From MAILER-DAEMON Fri Apr 24 09:30:00 2026\nFrom: a@b\n", "mbox"),
    (b"From 1789 Fri Apr 24 09:30:00 +0000 2026\nFrom: a@b\n", "mbox"),
    # a Markdown newsletter whose first line starts with "From " (a stdin user's review)
    (b"From the editor: a note on our new look\n\nText.\n", "markdown"),
    (b"From Kyiv to Gaza, 10:30 Fri Apr 24 2026\n\nText.\n", "markdown"),
    (b"From jane@example.com: hello, and thanks for the note\n\nText.\n", "markdown"),
    (b"From  Mon Jan  1 00:00:00 2024\nFrom: a@b\n", "mbox"),  # no sender (a review)
    (b'From "John Smith" Fri Dec 28 10:00:00 2007\r\nFrom: a@b\r\n', "mbox"),  # older readpst
    (b"From - Mon Jan 01 00:00:00 2024\nX-Mozilla-Status: 0001\n", "mbox"),  # Thunderbird
    # looser separator lines that mail tools write (a review): no seconds, an RFC 2822 date, no date at all
    (b"From a@x.example Mon Jan  1 00:00 2024\nFrom: a@b\n", "mbox"),
    (b"From - Mon, 1 Jan 2024 10:00:00 +0000\nFrom: a@b\n", "mbox"),
    (b"From a@x.example\nFrom: a@b\n", "mbox"),
    (b"From Monday to Friday: 9:30 yoga in the park\n\nText.\n", "markdown"),
    # a byte-order mark before a saved message or a JSON export
    (b"\xef\xbb\xbf" + EML, "eml"),
    (b'\xef\xbb\xbf{"id": "1", "payload": {}}', "gmail-json"),
    (b'  {"id": "1", "payload": {}}', "gmail-json"),
    (b"", "markdown"),
])
def test_sniff_format(sample: bytes, fmt: str) -> None:
    assert sniff_format(sample) == fmt


def test_detect_format_by_name_then_content() -> None:
    assert [detect_format(Path(n), b"<html>") for n in ("a.md", "a.TXT", "a.htm", "a.eml", "a.mbox", "a.json")] == [
        "markdown", "markdown", "html", "eml", "mbox", "gmail-json"]
    assert detect_format(Path("message"), EML) == "eml"
    assert detect_format(None, b"<!doctype html><p>x") == "html"


def test_read_document_each_format(tmp_path: Path) -> None:
    html = "<html><body><h1>Caf\u00e9</h1><p>Story.</p></body></html>"
    md = "# Café\n\nStory.\n"
    sender = {"sender": "news@weekly.example", "subject": "Weekly issue"}
    (tmp_path / "a.md").write_text(md, encoding="utf-8")
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    (tmp_path / "a.eml").write_bytes(build_eml(html, charset="windows-1252"))
    (tmp_path / "a.json").write_bytes(build_gmail_json(html))
    (tmp_path / "no-suffix").write_bytes(build_eml(html))
    assert read_document(tmp_path / "a.md") == Converted(md)
    assert read_document(tmp_path / "a.html") == Converted(md)
    assert read_document(tmp_path / "a.html", input_format="markdown") == Converted(html)
    for name in ("a.eml", "a.json", "no-suffix"):
        converted = read_document(tmp_path / name)
        assert (converted.markdown, converted.sender, converted.subject) == (md, *sender.values())


def test_html_in_the_charset_its_meta_declares(tmp_path: Path) -> None:
    """A saved email page in windows-1252 says so in a <meta>: read as a browser reads it (review)."""
    page = tmp_path / "p.html"
    for meta in ('<meta charset="windows-1252">',
                 '<meta http-equiv="content-type" content="text/html;charset=cp1252">'):
        page.write_bytes(f"<html><head>{meta}</head><body><p>Caf\u00e9 \u201cnews\u201d</p></body></html>"
                         .encode("cp1252"))
        assert read_document(page).markdown == "Café “news”\n"
    # UTF-8 that decodes stays UTF-8, whatever the meta says; an explicit --encoding wins; no meta: the error
    page.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>Café</p></body></html>'.encode())
    assert read_document(page).markdown == "Café\n"
    # labels a browser reads as windows-1252 (the WHATWG mapping; Python's latin-1 would give C1 controls)
    for label in ("iso-8859-1", "us-ascii"):
        page.write_bytes(f'<html><head><meta charset="{label}"></head><body><p>It\u2019s \u2014 ok</p></body></html>'
                         .encode("cp1252"))
        assert read_document(page).markdown == "It’s — ok\n", label
    for codec in ("hex", "undefined", "unicode_escape"):  # codecs, not charsets: ignored
        page.write_bytes(f'<html><head><meta charset="{codec}"></head><body><p>Caf\u00e9</p></body></html>'
                         .encode("cp1252"))
        with pytest.raises(NewscleanError, match=r"p\.html: not valid utf-8 at byte \d+"):
            read_document(page)
    page.write_bytes("<html><body><p>Caf\u00e9</p></body></html>".encode("cp1252"))
    assert read_document(page, encoding="latin-1").markdown == "Café\n"
    with pytest.raises(NewscleanError, match=r"p\.html: not valid utf-8 at byte \d+"):
        read_document(page)


def test_read_document_from_stdin_sniffs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(build_eml("<p>Hi</p>")))
    assert read_document(None).markdown == "Hi\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(b"<p>Hi</p>\n"))
    assert read_document(None).markdown == "<p>Hi</p>\n"  # Markdown: no doctype or <html> at the start
    monkeypatch.setattr(sys, "stdin", _Stdin(b"From x@y Fri Apr 24 09:30:00 2026\nFrom: x@y\n\nHi\n"))
    with pytest.raises(NewscleanError, match=r"^<stdin>: holds an mbox; save it to a file and pass that with "
                                             r"-o OUTDIR$"):
        read_document(None)


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("a.html", b"\x89PNG\r\n\x1a\n\x00\x00", r"looks like binary data \(NUL byte at offset 8\), not HTML"),
    ("a.html", b"just text", r"does not look like HTML \(no HTML tags\); if it is Markdown, pass --input-format "
                             r"markdown"),
    ("a.html", b"<p>caf\xe9</p>", r"not valid utf-8 at byte 6 \(invalid continuation byte\); pass --encoding "
                                  r"\(e\.g\. --encoding cp1252\) or --errors replace"),
    ("a.json", b'{"id": "1"}', r'not a Gmail API message: no "payload" object \(expected users\.messages\.get '
                               r"with format=full or raw\)"),
    ("a.mbox", b"From x\n", r"is an mbox of many messages; pass -o OUTDIR to write one file per message"),
])
def test_read_document_refusals(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = _write(tmp_path / name, data)
    with pytest.raises(NewscleanError, match=rf"^{re.escape(str(path))}: {problem}$"):
        read_document(path)


def test_big_html_with_inline_images(tmp_path: Path) -> None:
    image = '<img src="data:image/jpeg;base64,' + "/9j/4AAQSkZJRgABAQ" * 60_000 + '" alt="photo">'
    html = "<html><body><p>Lead story.</p>" + image * 20 + "<p>Last story.</p></body></html>"
    path = _write(tmp_path / "big.html", html.encode("ascii"))
    assert path.stat().st_size > 20_000_000
    with pytest.raises(NewscleanError, match=rf"^{re.escape(str(path))}: file is {len(html)} bytes, larger than "
                                             r"the limit of 20000000 bytes \(raise it with --max-bytes\)$"):
        read_document(path)
    assert read_document(path, max_bytes=30_000_000) == Converted("Lead story.\n\nLast story.\n")


def test_iter_mbox_reports_a_bad_message_and_reads_the_rest(tmp_path: Path) -> None:
    import mailbox

    box = mailbox.mbox(tmp_path / "m.mbox")
    box.add(build_eml("<p>First</p>", subject="One"))
    box.add(b"From: a@b.example\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n")
    box.add(build_eml("<p>Third</p>", subject="Three"))
    box.close()
    results = list(iter_mbox(tmp_path / "m.mbox"))
    assert [where for where, _ in results] == [f"{tmp_path / 'm.mbox'} message {n}" for n in (1, 2, 3)]
    assert [r.markdown if isinstance(r, Converted) else str(r) for _, r in results] == [
        "First\n", f"{tmp_path / 'm.mbox'} message 2: the email has neither an HTML nor a text part "
                   "(its type is image/png)", "Third\n"]
    assert next(str(r) for _, r in iter_mbox(tmp_path / "m.mbox", max_bytes=100)) == (
        f"{tmp_path / 'm.mbox'} message 1: message is {len(build_eml('<p>First</p>', subject='One'))} bytes, "
        "larger than the limit of 100 bytes (raise it with --max-bytes)")


def test_iter_mbox_refusals(tmp_path: Path) -> None:
    with pytest.raises(NewscleanError, match=r"nope\.mbox: no such file$"):
        list(iter_mbox(tmp_path / "nope.mbox"))
    with pytest.raises(NewscleanError, match=r"empty\.mbox: holds no messages \(an mbox starts with a 'From ' line\)$"):
        list(iter_mbox(_write(tmp_path / "empty.mbox", b"no from line\n")))
