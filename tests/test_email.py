"""Tests for newsclean.features.email: the corpus's HTML conversion, the text-loss check, messages."""

from __future__ import annotations

import json
import logging
import mailbox
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import SENDER, build_eml, build_gmail_json
from newsclean.features.email import (
    LOST_RUN_WORDS,
    Converted,
    convert_html,
    corpus_markdown,
    from_eml,
    from_gmail_json,
    lost_runs,
    message_file_name,
    slug,
    strip_data_urls,
    visible_text,
)

from newsclean.cli import main
from newsclean.errors import NewscleanError

Capsys = pytest.CaptureFixture[str]
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pairs"
CONVERTER = "html-to-markdown, layout tables unwrapped"
# Non-UTF-8 charsets the built emails use where the HTML fits: a single-byte one and a full-Unicode one.
CHARSETS = ("utf-8", "windows-1252", "gb18030")


def _emails() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/email.html")) if CORPUS.is_dir() else []


def _converter(folder: Path) -> str:
    return str(json.loads((folder / "meta.json").read_text(encoding="utf-8"))["converter"])


def _same_converter() -> list[Path]:
    """The corpus emails converted by html-to-markdown, whose input.md is the conversion's own output."""
    return [p for p in _emails() if _converter(p.parent) == CONVERTER]


@pytest.fixture(scope="module")
def corpus_emails() -> list[Path]:
    emails = _same_converter()
    if not emails:
        pytest.skip(f"no corpus emails converted by {CONVERTER} under {CORPUS}")
    return emails


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _charset_for(html: str, i: int) -> str:
    """One of CHARSETS in turn, skipping windows-1252 when the HTML has characters it lacks."""
    charset = CHARSETS[i % len(CHARSETS)]
    try:
        html.encode(charset)
    except UnicodeEncodeError:
        return "gb18030"
    return charset


def cli(capsys: Capsys, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture(autouse=True)
def _one_thread() -> Iterator[None]:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


@pytest.fixture(autouse=True)
def _forget_cli_logging() -> Iterator[None]:
    """``main`` points the newsclean logger at this test's stderr: detach it before the next test."""
    yield
    from newsclean.cli import _StderrHandler

    logger = logging.getLogger("newsclean")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)


# -- the corpus: byte for byte, no lost text, same clean output ------------------------------
def test_corpus_emails_convert_byte_for_byte(corpus_emails: list[Path], capsys: Capsys) -> None:
    mismatches = [p.parent.name for p in corpus_emails if convert_html(_read(p)) != _read(p.parent / "input.md")]
    assert mismatches == []
    for path in corpus_emails:  # and through the command, bytes on stdout
        assert cli(capsys, "convert", path) == (0, _read(path.parent / "input.md"), "")


def test_no_corpus_email_loses_visible_text(caplog: pytest.LogCaptureFixture) -> None:
    emails = _emails()
    if not emails:
        pytest.skip(f"corpus not found at {CORPUS}")
    with caplog.at_level(logging.WARNING, logger="newsclean"):
        longest = max(max(map(len, lost_runs(visible_text(_read(p)), convert_html(_read(p)))), default=0)
                      for p in emails)
    assert caplog.records == []
    assert longest < LOST_RUN_WORDS // 2  # a wide margin: 2 words when tuned


def test_predict_email_html_is_predict_input_md(corpus_emails: list[Path], capsys: Capsys) -> None:
    for path in corpus_emails:
        from_html = cli(capsys, "predict", path)
        assert from_html == cli(capsys, "predict", path.parent / "input.md"), path.parent.name
        assert from_html[0] == 0


def test_eml_mbox_and_gmail_json_clean_like_the_html(corpus_emails: list[Path], capsys: Capsys,
                                                     tmp_path: Path) -> None:
    inbox, gmail = tmp_path / "inbox", tmp_path / "gmail"
    inbox.mkdir()
    gmail.mkdir()
    box = mailbox.mbox(tmp_path / "export.mbox")
    expected: dict[str, str] = {}
    for i, path in enumerate(corpus_emails):
        html, name = _read(path), path.parent.name
        charset = _charset_for(html, i)
        eml = build_eml(html, subject=f"Issue {name}", charset=charset)
        (inbox / f"{name}.eml").write_bytes(eml)
        (gmail / f"{name}.json").write_bytes(build_gmail_json(html, subject=f"Issue {name}", charset=charset))
        box.add(eml)
        expected[name] = cli(capsys, "predict", path)[1]
    box.close()
    assert {_charset_for(_read(p), i) for i, p in enumerate(corpus_emails)} == set(CHARSETS)
    # --no-history: each message on its own, as the single HTML file was cleaned (with history, the
    # folder's other messages would change the decisions: tests/test_cli.py checks that)
    for folder in (inbox, gmail):
        code, out, err = cli(capsys, "predict", folder, "-o", tmp_path / f"{folder.name}-clean", "-j", "1",
                             "--no-history")
        assert (code, out, err) == (0, "", f"cleaned {len(expected)} of {len(expected)} files into "
                                           f"{tmp_path / f'{folder.name}-clean'}\n")
        for name, text in expected.items():
            assert _read(tmp_path / f"{folder.name}-clean" / f"{name}.md") == text, (folder.name, name)
    code, out, err = cli(capsys, "predict", tmp_path / "export.mbox", "-o", tmp_path / "mbox-clean", "-j", "1",
                         "--no-history")
    assert (code, err) == (0, f"cleaned {len(expected)} of {len(expected)} messages into {tmp_path / 'mbox-clean'}\n")
    for name, text in expected.items():
        assert _read(tmp_path / "mbox-clean" / f"2026-04-24-issue-{slug(name)}.md") == text, name


# -- a malformed email whose html.parser pass loses its first section -----------------------
PARAGRAPH = "Paragraph {} of the first story tells the reader what happened this week in the council and why."
NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# A <style> in the body closed with a stray "/>" ("</style />"): html.parser never leaves the
# style's raw text until the next "</style>", so the nine paragraphs become CSS and are dropped;
# an HTML5 parser (html-to-markdown's own) ends the style at "</style />" and keeps them.
MALFORMED = (
    "<!DOCTYPE html><html><head><title>Weekly</title><style>p{margin:0}</style></head><body>"
    '<div style="display:none">The week in four words</div>'
    "<style>.mobile{display:block}</style />"
    "<table><tr><td><h1>The first story</h1></td></tr>"
    + "".join(f"<tr><td><p>{PARAGRAPH.format(n)}</p></td></tr>" for n in NUMBERS)
    + "</table><style>.footer{color:gray}</style>"
    "<table><tr><td><h2>Second story</h2><p>The second story stays whatever happens above.</p></td></tr></table>"
    '<p>You are receiving this because you subscribed. <a href="https://x.example/u">Unsubscribe</a></p>'
    "</body></html>"
)
RECOVERED = (
    "# The first story\n\n"
    + "".join(PARAGRAPH.format(n) + "\n\n" for n in NUMBERS)
    + "## Second story\n\nThe second story stays whatever happens above.\n\n"
    "You are receiving this because you subscribed. [Unsubscribe](https://x.example/u)\n"
)
LOSS_WARNING = ("<html>: the html.parser conversion lost 165 words of visible text (from 'the first story "
                "paragraph one of the first'); converted the raw HTML directly instead")


@pytest.fixture
def lossy_parser() -> None:
    """Skip where html.parser ends a style at ``</style />`` as HTML5 does (a Python that fixed it)."""
    if "Paragraph one" in corpus_markdown(MALFORMED):
        pytest.skip("this Python's html.parser ends a <style> at </style />: the malformed email loses nothing")


@pytest.mark.usefixtures("lossy_parser")
def test_the_malformed_email_really_loses_its_first_section() -> None:
    lossy = corpus_markdown(MALFORMED)
    assert lossy == ("## Second story\n\nThe second story stays whatever happens above.\n\n"
                     "You are receiving this because you subscribed. [Unsubscribe](https://x.example/u)\n")
    # the heading and the nine paragraphs
    assert [len(run) for run in lost_runs(visible_text(MALFORMED), lossy)] == [3 + 9 * 18]
    assert "four words" not in visible_text(MALFORMED)  # the hidden preheader is no visible text


@pytest.mark.usefixtures("lossy_parser")
def test_lost_text_is_recovered_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsclean"):
        assert convert_html(MALFORMED) == RECOVERED
    assert [r.getMessage() for r in caplog.records] == [LOSS_WARNING]


@pytest.mark.usefixtures("lossy_parser")
def test_lost_text_warning_on_the_command_line(capsys: Capsys, tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text(MALFORMED, encoding="utf-8")
    code, out, err = cli(capsys, "convert", tmp_path / "bad.html")
    assert (code, out, err) == (0, RECOVERED, LOSS_WARNING.replace("<html>", str(tmp_path / "bad.html")) + "\n")


def test_short_email_losing_half_its_words_counts() -> None:
    html = "<html><body><p>Only twelve words here and all of them are really quite important.</p></body></html>"
    assert lost_runs(visible_text(html), "Only twelve words here\n") == [
        ["and", "all", "of", "them", "are", "really", "quite", "important"]]


# -- HTML edge cases -------------------------------------------------------------------------
def test_empty_html_is_empty_markdown() -> None:
    assert convert_html("") == ""
    assert convert_html("  \n") == ""


def test_html_nested_too_deeply_for_the_converter_is_an_error_not_silence() -> None:
    """html-to-markdown returns nothing for elements nested thousands deep: an error, not an empty newsletter."""
    def nested(depth: int) -> str:
        return "<html><body>" + "<div>" * depth + "<p>deep words</p>" + "</div>" * depth + "</body></html>"

    assert convert_html(nested(500)) == "deep words\n"
    with pytest.raises(NewscleanError, match=r"^d\.html: html-to-markdown converts it to nothing, though it "
                                             r"holds text \(elements nested too deeply\?\)$"):
        convert_html(nested(5000), where="d.html")
    # nothing to read is still nothing: a head, a style, a comment, a spacer entity, a picture
    assert convert_html("<html><head><title>T</title><style>p {}</style></head><body><!-- c -->&nbsp;"
                        "</body></html>") == ""


def test_unseen_parts_are_left_out_even_unclosed() -> None:
    from newsclean.features.email import _has_words

    assert _has_words("<title>" * 3000 + "words after unclosed titles")  # linear; an unclosed element is a tag
    assert not _has_words("<title>" * 3000 + "<!-- an unclosed comment runs to the end")
    assert _has_words("<html><head><title>T</title><body><header>Masthead</header><p>Words</p>")  # no </head>
    assert not _has_words("<!-- a comment --><script>var x = 1;</script><STYLE>p {}</style >&nbsp;")
    assert _has_words("<title>T</title><p>A word</p>") and _has_words("<!-- c -->After<script>")


def test_text_that_is_not_html_is_refused() -> None:
    with pytest.raises(NewscleanError, match=r"^x\.html: does not look like HTML \(no HTML tags\); if it is "
                                             r"Markdown, pass --input-format markdown$"):
        convert_html("# A heading\n\nJust Markdown, 3 < 4.\n", where="x.html")


def test_html_the_converter_refuses() -> None:
    with pytest.raises(NewscleanError, match=r"^x\.html: html-to-markdown cannot convert it \(UnicodeEncodeError: "
                                             r"'utf-8' codec can't encode character '\\ud800'"):
        convert_html("<p>\ud800</p>", where="x.html")


def test_data_images_never_reach_the_output() -> None:
    image = "data:image/png;base64," + "iVBORw0KGgo" * 1000
    html = (f'<html><body><p>Hello <img src="{image}" alt="logo"> world</p>'
            f'<a href="{image}">link</a><img src="https://x.example/a.png" alt="kept"></body></html>')
    assert strip_data_urls(html) == ('<html><body><p>Hello  world</p><a href="">link</a>'
                                     '<img src="https://x.example/a.png" alt="kept"></body></html>')
    assert convert_html(html) == "Hello world\n\nlink![kept](https://x.example/a.png)\n"


# -- .eml ------------------------------------------------------------------------------------
def test_eml_prefers_html_and_reads_the_headers() -> None:
    converted = from_eml(build_eml("<html><body><p>Caf\u00e9 news</p></body></html>", charset="windows-1252"))
    assert converted == Converted(markdown="Café news\n", sender="news@weekly.example", subject="Weekly issue",
                                  date=datetime.fromisoformat("2026-04-24T09:30:00-04:00"))


def test_eml_falls_back_to_the_text_part_as_markdown() -> None:
    converted = from_eml(build_eml(None, plain="# Plain\n\n*Markdown* as is.\n", sender="a@b.example"))
    assert (converted.markdown, converted.sender) == ("# Plain\n\n*Markdown* as is.\n", "a@b.example")


def test_eml_ignores_attachments() -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = SENDER
    msg.set_content("<html><body><p>Body</p></body></html>", subtype="html")
    msg.add_attachment(b"<html><body><p>Attached</p></body></html>", maintype="text", subtype="html",
                       filename="attached.html")
    assert from_eml(msg.as_bytes()).markdown == "Body\n"


def test_a_forwarded_newsletter_is_read_not_the_forwarders_note() -> None:
    """A newsletter forwarded as an attachment (message/rfc822) under a plain note: its HTML and headers."""
    from email import message_from_bytes
    from email.message import EmailMessage
    from email.policy import default

    note = EmailMessage()
    note["From"] = "friend@mail.example"
    note["Subject"] = "Fwd: Weekly issue"
    note.set_content("Check this out, forwarded below.")
    forwarded = message_from_bytes(build_eml("<html><body><p>The story</p></body></html>"), policy=default)
    note.add_attachment(forwarded)
    converted = from_eml(note.as_bytes())
    assert (converted.markdown, converted.sender, converted.subject) == (
        "The story\n", "news@weekly.example", "Weekly issue")
    # a note in HTML, as Gmail and Outlook forward (a review): the attached newsletter still
    html_note = EmailMessage()
    html_note["From"] = "friend@mail.example"
    html_note.set_content("<html><body><p>FYI, <b>worth a read</b>.</p></body></html>", subtype="html")
    html_note.add_attachment(forwarded)
    assert from_eml(html_note.as_bytes()).markdown == "The story\n"
    # a newsletter of its own (plain text, long) carrying a reader's letter as a message: itself (a review)
    letter = EmailMessage()
    letter["From"] = "editor@weekly.example"
    body = "\n\n".join(f"Story {i}: the council voted again on the harbour plan and the budget." for i in range(12))
    letter.set_content(body)
    letter.add_attachment(message_from_bytes(build_eml("<p>Dear editor, great issue.</p>"), policy=default))
    assert from_eml(letter.as_bytes()).markdown.startswith("Story 0:")
    # an issue whose HTML leaves out </head> (valid HTML) is counted whole, not as nothing (a review)
    issue = EmailMessage()
    issue["From"] = "editor@weekly.example"
    issue.set_content("<html><head><title>Weekly</title><body>" + "".join(f"<p>{line}</p>" for line in body.split(
        "\n\n")) + "</body></html>", subtype="html")
    issue.add_attachment(message_from_bytes(build_eml("<p>Dear editor, great issue.</p>"), policy=default))
    assert from_eml(issue.as_bytes()).markdown.startswith("Story 0:")
    # a forward of plain text only: the note, as before (no HTML anywhere to prefer)
    plain = EmailMessage()
    plain["From"] = "friend@mail.example"
    plain.set_content("My note.")
    plain.add_attachment(message_from_bytes(build_eml(None, plain="Their text."), policy=default))
    assert from_eml(plain.as_bytes()).markdown.strip() == "My note."


def test_a_part_without_a_charset_is_read_in_the_given_one() -> None:
    """--encoding cp1252 reads an 8-bit body whose Content-Type names no charset (a fresh-eyes review)."""
    raw = b"From: a@b.example\r\nContent-Type: text/html\r\n\r\n<p>Caf\xe9 \x93news\x94</p>\r\n"
    assert from_eml(raw, charset="cp1252").markdown == "Café “news”\n"
    with pytest.raises(NewscleanError, match=r"not valid utf-8 at byte"):
        from_eml(raw)
    named = raw.replace(b"text/html", b"text/html; charset=utf-8")  # a part's own charset wins
    with pytest.raises(NewscleanError, match=r"not valid utf-8 at byte \d+ of the body \(.*\); pass --errors replace$"):
        from_eml(named, charset="cp1252")
    with pytest.raises(NewscleanError, match=r"the part names no charset: pass --encoding \(e\.g\. --encoding cp1252\) "
                                             r"or --errors replace$"):
        from_eml(raw)


def test_a_byte_order_mark_before_an_eml_or_a_gmail_json() -> None:
    bom = b"\xef\xbb\xbf"
    assert from_eml(bom + build_eml("<p>Marked</p>")).markdown == "Marked\n"
    assert from_gmail_json(bom + build_gmail_json("<p>Marked</p>")).markdown == "Marked\n"


def _nested_eml(depth: int) -> bytes:
    head = b"From: a@b.example\r\nMIME-Version: 1.0\r\n"
    body = b"Content-Type: text/html\r\n\r\n<p>deep</p>\r\n"
    for n in range(depth):
        body = (f"Content-Type: multipart/mixed; boundary=b{n}\r\n\r\n--b{n}\r\n".encode() + body
                + f"--b{n}--\r\n".encode())
    return head + body


def test_parts_nested_thousands_deep_are_one_error() -> None:
    """No mail client nests so deep; the parser's recursion is an error line, not a traceback (review)."""
    assert from_eml(_nested_eml(20)).markdown == "deep\n"
    with pytest.raises(NewscleanError, match=r"^m\.eml: broken MIME structure \(parts nested too deeply\)$"):
        from_eml(_nested_eml(3000), where="m.eml")
    leaf = '{"mimeType": "text/html", "body": {"data": "PHA-ZGVlcDwvcD4"}}'
    for depth, works in ((20, True), (3000, False)):
        data = ('{"payload": ' + '{"mimeType": "multipart/mixed", "parts": [' * depth + leaf + "]}" * depth
                + "}").encode()
        if works:
            assert from_gmail_json(data).markdown == "deep\n"
            continue
        with pytest.raises(NewscleanError, match=r"^g\.json: not a Gmail API message \(.*nested too deeply\)$"):
            from_gmail_json(data, where="g.json")


def test_a_message_cut_short_is_cleaned_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    whole = build_eml("<html><body><p>First</p><p>Second</p></body></html>", plain="First Second")
    assert b"--\n" in whole or b"--\r\n" in whole  # the closing boundary
    cut = whole[:whole.rindex(b"</body>")]
    with caplog.at_level(logging.WARNING):
        assert from_eml(whole, where="w.eml").markdown == "First\n\nSecond\n"
        assert caplog.messages == []
        assert from_eml(cut, where="c.eml").markdown == "First\n\nSecond\n"
    assert caplog.messages == ["c.eml: the message looks cut short (a MIME part's closing boundary is missing); "
                               "cleaned what is there"]


def test_eml_base64_and_encoded_headers() -> None:
    raw = (b"From: =?utf-8?q?Caf=C3=A9?= <cafe@news.example>\r\nSubject: =?utf-8?b?w6l0w6k=?=\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"PHA+w6l0w6k8L3A+\r\n")
    assert from_eml(raw) == Converted(markdown="été\n", sender="cafe@news.example", subject="été")


def test_a_quoted_printable_body_of_soft_breaks_is_empty_not_broken() -> None:
    raw = (b"From: a@b.example\r\nContent-Type: text/plain; charset=utf-8\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\n\r\n=\r\n=\r\n")
    assert from_eml(raw).markdown.strip() == ""


BAD_EML = {
    # a part that says HTML and holds none: no --input-format reads an email's part otherwise (review)
    "html-part-without-tags": (b"From: a@b.example\r\nContent-Type: text/html; charset=utf-8\r\n\r\njust text\r\n",
                               r"the email's text/html part does not look like HTML \(no HTML tags\)"),
    "no-headers": (b"\x00\x01 just bytes", r"not an email message \(no headers\); pass --input-format to read it "
                                           r"as html or markdown"),
    "no-text-part": (b"From: a@b.example\r\nMIME-Version: 1.0\r\nContent-Type: image/png\r\n"
                     b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n",
                     r"the email has neither an HTML nor a text part \(its type is image/png\)"),
    "broken-mime": (b"From: a@b.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative\r\n\r\n"
                    b"--x\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--x--\r\n",
                    r"broken MIME structure \(NoBoundaryInMultipartDefect, MultipartInvariantViolationDefect\); "
                    r"no HTML or text part found"),
    "unknown-charset": (b"From: a@b.example\r\nContent-Type: text/html; charset=x-klingon\r\n\r\n<p>hi</p>\r\n",
                        r"unknown charset 'x-klingon'; pass --errors replace to read it as UTF-8"),
    "undecodable": (b"From: a@b.example\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>caf\xe9</p>\r\n",
                    r"not valid utf-8 at byte 6 of the body \(invalid continuation byte\); pass --errors replace"),
    # nothing of the base64 body decodes: an error, not an empty newsletter (a body with a few stray
    # characters or missing padding still decodes, as mail readers read it)
    "bad-base64": (b"From: a@b.example\r\nContent-Type: text/html; charset=utf-8\r\n"
                   b"Content-Transfer-Encoding: base64\r\n\r\n!!!!\r\n",
                   r"broken MIME structure \(the text/html part's base64 body does not decode: "
                   r"InvalidBase64CharactersDefect\)"),
}


@pytest.mark.parametrize("case", sorted(BAD_EML))
def test_bad_eml(case: str) -> None:
    data, problem = BAD_EML[case]
    with pytest.raises(NewscleanError, match=rf"^m\.eml: {problem}$"):
        from_eml(data, where="m.eml")


def test_errors_replace_reads_bad_charsets() -> None:
    assert from_eml(BAD_EML["unknown-charset"][0], errors="replace").markdown == "hi\n"
    assert from_eml(BAD_EML["undecodable"][0], errors="replace").markdown == "caf\ufffd\n"


# -- Gmail API JSON --------------------------------------------------------------------------
def test_gmail_json_nested_parts_and_headers() -> None:
    converted = from_gmail_json(build_gmail_json("<html><body><h1>Caf\u00e9</h1></body></html>",
                                                 charset="windows-1252"))
    assert converted == Converted(markdown="# Café\n", sender="news@weekly.example", subject="Weekly issue",
                                  date=datetime.fromisoformat("2026-04-24T09:30:00-04:00"))


def test_gmail_json_body_data_may_be_wrapped() -> None:
    """Whitespace in the base64url data (a pretty-printed export) is not an error; other characters are."""
    import base64

    data = base64.urlsafe_b64encode(b"<p>Wrapped</p>").decode().rstrip("=")
    message = {"payload": {"mimeType": "text/html", "body": {"data": f"{data[:6]}\n  {data[6:]}\n"}}}
    assert from_gmail_json(json.dumps(message).encode()).markdown == "Wrapped\n"


def test_gmail_json_raw_format_and_internal_date() -> None:
    import base64

    eml = build_eml("<p>Raw</p>", date="not a date")
    raw = json.dumps({"id": "1", "raw": base64.urlsafe_b64encode(eml).decode().rstrip("=")}).encode()
    assert from_gmail_json(raw) == Converted(markdown="Raw\n", sender="news@weekly.example", subject="Weekly issue")
    full = json.loads(build_gmail_json("<p>Full</p>", date="not a date"))
    assert from_gmail_json(json.dumps(full).encode()).date == datetime(2026, 4, 24, 13, 30, tzinfo=UTC)
    full["internalDate"] = "9" * 30  # beyond any calendar
    assert from_gmail_json(json.dumps(full).encode()).date is None


BAD_GMAIL = {
    "not-json": (b"{nope", r"not valid JSON \(Expecting property name enclosed in double quotes: line 1 column 2 "
                           r"\(char 1\)\)"),
    "no-payload": (b'{"id": "1", "snippet": "hi"}', r'not a Gmail API message: no "payload" object \(expected '
                                                    r"users\.messages\.get with format=full or raw\)"),
    "no-text-part": (b'{"payload": {"mimeType": "multipart/mixed", "parts": [{"mimeType": "image/png", '
                     b'"body": {"attachmentId": "x"}}]}}',
                     r"the Gmail message has neither an HTML nor a text part with data \(its type is "
                     r"multipart/mixed\)"),
    "bad-base64": (b'{"payload": {"mimeType": "text/html", "body": {"data": "a"}}}',
                   r"a body's data is not base64url"),
    # Gmail leaves a large HTML body out (messages.attachments.get fetches it): not the text part instead
    "html-body-left-out": (b'{"payload": {"mimeType": "multipart/alternative", "parts": [{"mimeType": "text/plain", '
                           b'"body": {"data": "aGk"}}, {"mimeType": "text/html", "body": {"attachmentId": "A1", '
                           b'"size": 50000}}]}}',
                           r"the HTML part's body is not in the message \(it has an attachmentId\); fetch the "
                           r"message with format=raw, or put the body's data in"),
    # characters outside the alphabet are refused, not skipped (they gave an empty newsletter)
    "bad-base64-characters": (b'{"payload": {"mimeType": "text/html", "body": {"data": "@@@###"}}}',
                              r"a body's data is not base64url"),
}


@pytest.mark.parametrize("case", sorted(BAD_GMAIL))
def test_bad_gmail_json(case: str) -> None:
    data, problem = BAD_GMAIL[case]
    with pytest.raises(NewscleanError, match=rf"^g\.json: {problem}$"):
        from_gmail_json(data, where="g.json")


# -- mbox ------------------------------------------------------------------------------------
def test_message_file_names_are_safe_unique_and_stable() -> None:
    taken: set[str] = set()
    day = datetime.fromisoformat("2026-04-24T23:30:00-04:00")  # already the 25th in UTC
    names = [message_file_name(Converted("", subject=s, date=d), taken) for s, d in [
        ("Hello, World! Ça va?", day), ("Hello, World! Ça va?", day), (None, None), ("../../etc/passwd", None),
        ("🎉🎉", day), ("A" * 100, datetime(2026, 1, 2))]]
    assert names == ["2026-04-25-hello-world-ca-va.md", "2026-04-25-hello-world-ca-va-2.md", "undated-no-subject.md",
                     "undated-etc-passwd.md", "2026-04-25-no-subject.md", "2026-01-02-" + "a" * 60 + ".md"]
    assert all(re.fullmatch(r"[a-z0-9-]+\.md", n) for n in names)
