"""Email → Markdown: the ``convert`` stage, run before segmenting when the input is an email.

HTML is converted exactly as the corpus was (``../shared/corpus/README.md``, converter
``html-to-markdown, layout tables unwrapped``): beautifulsoup4's ``html.parser`` drops ``<style>``,
``<script>``, ``<head>``, ``<title>`` and ``<meta>`` and turns every layout-table tag into a
``<div>``; ``html-to-markdown`` converts ``str(soup.body or soup)``; runs of blank lines collapse,
the text is stripped and ends with one newline. A newsletter then reaches the model in the shape it
was trained on (all 35 corpus emails of that converter convert byte for byte).

Malformed markup can make the ``html.parser`` pass lose text (a ``<style>`` in the body closed by
``</style />`` swallows everything up to the next ``</style>``). ``convert_html`` therefore
compares the visible text of the HTML (html-to-markdown's own HTML5 parse as plain text: hidden
elements, scripts and styles excluded) with the Markdown, and when a whole run of it is missing it
warns and converts again without the ``html.parser`` pass.

Messages: an RFC 5322 message (``.eml``, one message of an mbox) and a Gmail API message
(``users.messages.get``, ``format=full`` or ``raw``) give a :class:`Converted` record with the
sender (the ``From:`` address), subject and date. The record's ``sender`` is what per-sender
history (recurrence features) keys on.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import email
import email.errors
import email.policy
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage, Message, MIMEPart
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any

from newsclean.errors import NewscleanError

log = logging.getLogger(__name__)

# Tags removed with their content before conversion, and layout tags unwrapped into <div>.
DROPPED_TAGS = ("style", "script", "head", "title", "meta")
LAYOUT_TAGS = ("table", "tbody", "thead", "tr", "td", "th", "center")

# A conversion has lost text when a run of at least this many consecutive visible words (none of
# whose 4-word shingles is in the Markdown, link targets left out) is missing, or half the words of
# a short email. Tuned on the 46 corpus emails: the longest such run there is 2 words (words the
# HTML runs together, "appstart writing"); the malformed email of tests/test_email.py loses 165.
LOST_RUN_WORDS = 20
# Shingle length of the comparison (shorter ones find words out of place, longer ones break on
# every link or image that splits a sentence).
SHINGLE_WORDS = 4
# How many words of a lost run the warning quotes.
QUOTED_WORDS = 8

# mbox output names: at most this many characters of the subject slug.
SLUG_CHARS = 60

_BLANK_RUNS_RE = re.compile(r"\n{3,}")
_WORD_RE = re.compile(r"\w+")
# Anything that starts an HTML element, comment or doctype (used to refuse text that is no HTML).
_HTML_TAG_RE = re.compile(
    r"<(?:!doctype\b|!--|/?(?:html|head|body|div|p|span|table|tr|td|a|img|br|h[1-6]|ul|ol|li|center|font|b|i|"
    r"strong|em|meta|style|title)\b)",
    re.IGNORECASE,
)
# <img> elements whose source is an inline data: URL, and any other attribute holding one.
_DATA_IMG_RE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?\s*data:[^>]*>""", re.IGNORECASE)
_DATA_ATTR_RE = re.compile(r"""(=\s*)(["'])\s*data:[^"']*\2""", re.IGNORECASE)
_LAYOUT_TAG_RE = re.compile(r"<(/?)(?:" + "|".join(LAYOUT_TAGS) + r")\b", re.IGNORECASE)
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_NEWLINES_RE = re.compile(r"\r\n?")
_BOM = b"\xef\xbb\xbf"  # a UTF-8 byte-order mark some tools write before a saved message or JSON
# A Markdown link or image target, ``](url)`` or ``](<url> "title")``: its words are no visible text.
_LINK_TARGET_RE = re.compile(r"""\]\((?:<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\)""")


@dataclass(frozen=True)
class Converted:
    """A newsletter as Markdown, with what its email said about it.

    ``sender`` is the ``From:`` address (``name@example.com``), None when the input was no email;
    ``subject`` and ``date`` (timezone-aware when the message said its zone) likewise.
    """

    markdown: str
    sender: str | None = None
    subject: str | None = None
    date: datetime | None = None


# -- HTML ------------------------------------------------------------------------------------
def _tidy(markdown: str | None) -> str:
    """Runs of blank lines collapsed, stripped, one final newline ("" stays "")."""
    text = _BLANK_RUNS_RE.sub("\n\n", markdown or "").strip()
    return text + "\n" if text else ""


def corpus_markdown(html: str) -> str:
    """The corpus's conversion: html.parser pass (tags dropped, layout unwrapped), then html-to-markdown."""
    import html_to_markdown
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(list(DROPPED_TAGS)):
        tag.decompose()
    for tag in soup.find_all(list(LAYOUT_TAGS)):
        tag.name = "div"
    return _tidy(html_to_markdown.convert(str(soup.body or soup)).content)


def direct_markdown(html: str) -> str:
    """The conversion that keeps the text: layout tags renamed in the raw HTML, html-to-markdown's own parse."""
    import html_to_markdown

    options = html_to_markdown.ConversionOptions(extract_metadata=False)
    return _tidy(html_to_markdown.convert(_LAYOUT_TAG_RE.sub(r"<\1div", html), options).content)


def visible_text(html: str) -> str:
    """The text a reader sees: html-to-markdown's HTML5 parse as plain text (hidden elements, scripts, styles out)."""
    import html_to_markdown

    options = html_to_markdown.ConversionOptions(output_format="plain", extract_metadata=False)
    return html_to_markdown.convert(html, options).content or ""


def lost_runs(visible: str, markdown: str) -> list[list[str]]:
    """Runs of consecutive visible words none of whose shingles appears in the Markdown, in order.

    Words are ``\\w+`` runs, lowercased; a word is found when one of the 4-word shingles it is part
    of occurs in the Markdown (link and image targets left out: a long URL would split the words
    around it). Returns every maximal run of words not found.
    """
    seen = [w.lower() for w in _WORD_RE.findall(visible)]
    found_in = [w.lower() for w in _WORD_RE.findall(_LINK_TARGET_RE.sub("]", markdown))]
    n = SHINGLE_WORDS
    shingles = {tuple(found_in[i:i + n]) for i in range(len(found_in) - n + 1)}
    covered = [False] * len(seen)
    if len(seen) < n:  # too short for shingles: word by word
        covered = [w in found_in for w in seen]
    for i in range(len(seen) - n + 1):
        if tuple(seen[i:i + n]) in shingles:
            covered[i:i + n] = [True] * n
    runs: list[list[str]] = []
    start: int | None = None
    for i, ok in enumerate([*covered, True]):
        if not ok and start is None:
            start = i
        elif ok and start is not None:
            runs.append(seen[start:i])
            start = None
    return runs


def _loss(visible: str, markdown: str) -> list[list[str]]:
    """The runs that count as lost text: long ones, or half of a short email's words."""
    words = len(_WORD_RE.findall(visible))
    least = min(LOST_RUN_WORDS, max(SHINGLE_WORDS + 1, words // 2))
    return [run for run in lost_runs(visible, markdown) if len(run) >= least]


def strip_data_urls(html: str) -> str:
    """``<img>`` with inline ``data:`` sources removed, other ``data:`` attribute values emptied."""
    return _DATA_ATTR_RE.sub(r"\1\2\2", _DATA_IMG_RE.sub("", html))


def convert_html(html: str, *, where: str = "<html>", part: str | None = None) -> str:
    """An email's HTML body as the Markdown the model was trained on.

    Args:
        html: the HTML.
        where: the input named in the warning and errors (a file name).
        part: what of the input the HTML is, in errors ("the email's text/html part"); None: the whole file.

    Returns:
        The Markdown ("" for empty or blank input), ending with one newline. Inline ``data:``
        images are removed first. When the corpus conversion loses a run of visible text, a
        warning is logged and the direct conversion (no html.parser pass) is returned instead.

    Raises:
        NewscleanError: the text holds no HTML tag, or html-to-markdown refuses it.
    """
    import html_to_markdown

    if not html.strip():
        return ""
    if not _HTML_TAG_RE.search(html):
        if part is not None:  # an email that says HTML and is not: no option of ours reads it otherwise
            raise NewscleanError(f"{where}: {part} does not look like HTML (no HTML tags)")
        raise NewscleanError(f"{where}: does not look like HTML (no HTML tags); "
                             "if it is Markdown, pass --input-format markdown")
    try:
        return _convert_checked(strip_data_urls(html), where)
    except (html_to_markdown.ConversionError, UnicodeEncodeError) as exc:  # e.g. a lone surrogate from JSON
        raise NewscleanError(f"{where}: html-to-markdown cannot convert it ({type(exc).__name__}: {exc})") from None


_UNSEEN_OPEN_RE = re.compile(r"<(script|style|title|template)\b|<!--", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>|&#?\w+;")  # tags, and entities (an "&nbsp;" spacer is no word)


def _unseen_out(html: str) -> str:
    """The HTML without its scripts, styles, titles, templates and comments. An element never closed loses its
    opening tag only (not the rest of the page); a comment never closed runs to the end, as in a browser. In one
    pass: a regex with a lazy ``.*?`` to the closing tag scanned to the end once per unclosed tag (a review: 25 s
    for 210 kB of ``<title>``), and a closing tag looked for once is not looked for again past where it is not."""
    kept: list[str] = []
    unclosed: set[str] = set()  # names with no closing tag from some point on: none further on either
    at = 0
    while (m := _UNSEEN_OPEN_RE.search(html, at)) is not None:
        kept.append(html[at:m.start()])
        name = m.group(1)
        if name is None:  # a comment
            end = html.find("-->", m.end())
            if end < 0:
                return "".join(kept)
            at = end + 3
        else:
            close = None if name.lower() in unclosed else re.compile(rf"</{name}\s*>", re.IGNORECASE).search(
                html, m.end())
            if close is None:
                unclosed.add(name.lower())
                at = m.end()
            else:
                at = close.end()
        kept.append(" ")
    kept.append(html[at:])
    return "".join(kept)


def _has_words(html: str) -> bool:
    """Whether the HTML, its scripts, styles, head and comments left out, holds a word outside its tags and
    entities."""
    return _WORD_RE.search(_TAG_RE.sub(" ", _unseen_out(html))) is not None


def _convert_checked(html: str, where: str) -> str:
    """The corpus conversion, or the direct one when the corpus conversion lost visible text."""
    markdown = corpus_markdown(html)
    visible = visible_text(html)
    if not markdown and not visible and _has_words(html):
        # html-to-markdown's HTML5 parse gives up on elements nested thousands deep: nothing comes back
        raise NewscleanError(f"{where}: html-to-markdown converts it to nothing, though it holds text "
                             "(elements nested too deeply?)")
    lost = _loss(visible, markdown)
    if not lost:
        return markdown
    direct = direct_markdown(html)
    still_lost = _loss(visible, direct)
    words = sum(len(run) for run in lost)
    quote = " ".join(lost[0][:QUOTED_WORDS])
    if sum(len(run) for run in still_lost) >= words:
        log.warning("%s: the conversion lost %d words of visible text (from %r); no other conversion keeps them",
                    where, words, quote)
        return markdown
    log.warning("%s: the html.parser conversion lost %d words of visible text (from %r); "
                "converted the raw HTML directly instead", where, words, quote)
    return direct


# -- email messages --------------------------------------------------------------------------
def _decode(data: bytes, charset: str | None, *, errors: str, where: str, named: bool = True) -> str:
    """Bytes of a text part in their charset (UTF-8 when none is given or, with errors=replace, unknown);
    ``named``: the part names that charset (else it is ``--encoding``'s, and the error says so)."""
    name = (charset or "utf-8").strip().strip('"').lower() or "utf-8"
    try:
        return data.decode(name, errors=errors)
    except UnicodeDecodeError as exc:
        hint = ("pass --errors replace" if named else
                "the part names no charset: pass --encoding (e.g. --encoding cp1252) or --errors replace")
        raise NewscleanError(f"{where}: not valid {name} at byte {exc.start} of the body ({exc.reason}); "
                             f"{hint}") from None
    except (LookupError, ValueError):  # no such codec, not a text codec, a NUL in the name, "undefined"
        if errors == "replace":
            return data.decode("utf-8", errors="replace")
        raise NewscleanError(f"{where}: unknown charset {name!r}; pass --errors replace to read it as UTF-8") from None


def _header(message: Message, name: str) -> str | None:
    """A header's decoded value, None when absent or unreadable."""
    try:
        value = message.get(name)
    except (email.errors.HeaderParseError, ValueError, IndexError, TypeError):  # a malformed header
        return None
    return None if value is None else str(value).strip() or None


def _date(value: str | None) -> datetime | None:
    """A ``Date:`` value as a datetime, None when absent or unparseable."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _sender(value: str | None) -> str | None:
    """The address of a ``From:`` value (``Name <a@b>`` → ``a@b``)."""
    return parseaddr(value or "")[1] or None


def _body(markdown_or_html: str, subtype: str, where: str) -> str:
    """The Markdown of a text part: HTML converted, plain text taken as Markdown (mail's CRLF line ends as LF)."""
    if subtype == "html":
        return convert_html(markdown_or_html, where=where, part="the email's text/html part")
    return _NEWLINES_RE.sub("\n", markdown_or_html)


def from_eml(data: bytes, *, where: str = "<eml>", errors: str = "strict", charset: str = "utf-8") -> Converted:
    """An RFC 5322 message as Markdown: its HTML part, else its text part; attachments ignored.

    Args:
        data: the message's bytes.
        where: the input named in errors.
        errors: ``"strict"`` refuses undecodable bodies and unknown charsets, ``"replace"`` reads them.
        charset: the charset of a text part that names none (``--encoding``; mail's default is ASCII, so
            UTF-8 reads what a mailer writes without naming it).

    Returns:
        The converted body with the sender, subject and date from the headers.

    Raises:
        NewscleanError: no headers, broken MIME, neither an HTML nor a text part, an undecodable body.
    """
    try:
        return _from_eml(data, where=where, errors=errors, charset=charset)
    except RecursionError:  # parts in parts, thousands deep: no mail client sends that
        raise NewscleanError(f"{where}: broken MIME structure (parts nested too deeply)") from None


def _from_eml(data: bytes, *, where: str, errors: str, charset: str) -> Converted:
    message = email.message_from_bytes(data.removeprefix(_BOM), policy=email.policy.default)
    if not message.keys():
        raise NewscleanError(f"{where}: not an email message (no headers); "
                             "pass --input-format to read it as html or markdown")
    assert isinstance(message, EmailMessage)  # the default policy's message class
    try:
        part = message.get_body(preferencelist=("html", "plain"))
        if part is None or _words_of_part(part) <= FORWARD_NOTE_MAX_WORDS:
            # a newsletter forwarded as an attachment under a short note (plain or HTML): its HTML, not the
            # note; a newsletter of its own that carries an attached message (a reader's letter) stays itself
            forwarded = _forwarded_html(message)
            if forwarded is not None:
                message, part = forwarded
    except (email.errors.MessageError, LookupError, ValueError) as exc:
        raise NewscleanError(f"{where}: broken MIME structure ({exc})") from None
    if part is None:
        broken = [type(d).__name__ for d in message.defects]
        if broken:
            raise NewscleanError(f"{where}: broken MIME structure ({', '.join(broken)}); "
                                 "no HTML or text part found")
        raise NewscleanError(f"{where}: the email has neither an HTML nor a text part "
                             f"(its type is {message.get_content_type()})")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise NewscleanError(f"{where}: broken MIME structure (the {part.get_content_type()} part has no body)")
    raw = part.get_payload(decode=False)
    if not payload and part.defects and isinstance(raw, str) and raw.strip():  # e.g. base64 of invalid characters
        defects = ", ".join(type(d).__name__ for d in part.defects)
        raise NewscleanError(f"{where}: broken MIME structure (the {part.get_content_type()} part's "
                             f"{part.get('Content-Transfer-Encoding', '7bit')} body does not decode: {defects})")
    text = _decode(payload, part.get_content_charset() or charset, errors=errors, where=where,
                   named=part.get_content_charset() is not None)
    if _cut_short(message):
        log.warning("%s: the message looks cut short (a MIME part's closing boundary is missing); cleaned what "
                    "is there", where)
    return Converted(
        markdown=_body(text, part.get_content_subtype(), where),
        sender=_sender(_header(message, "From")),
        subject=_header(message, "Subject"),
        date=_date(_header(message, "Date")),
    )


def _cut_short(message: EmailMessage) -> bool:
    """A multipart whose closing boundary never came: a message saved or sent incomplete."""
    return any(isinstance(d, email.errors.CloseBoundaryNotFoundDefect) for part in message.walk() for d in part.defects)


FORWARD_NOTE_MAX_WORDS = 100  # "FYI, this week's issue is worth a read." with a signature, not a newsletter


def _words_of_part(part: MIMEPart) -> int:
    """About how many words a text part says (tags, styles and scripts of an HTML part left out)."""
    defects = list(part.defects)  # decoding notes its defects on the part: the reading proper notes them again
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError, KeyError):  # an unknown charset, a broken body
        return FORWARD_NOTE_MAX_WORDS + 1  # read as it is, with its own errors
    finally:
        part.defects[:] = defects
    if not isinstance(text, str):
        return FORWARD_NOTE_MAX_WORDS + 1
    if part.get_content_subtype() == "html":
        text = _TAG_RE.sub(" ", _unseen_out(text))
    return len(_WORD_RE.findall(text))


def _forwarded_html(message: EmailMessage) -> tuple[EmailMessage, MIMEPart] | None:
    """The first message attached to ``message`` (``message/rfc822``, a forward) that has an HTML body, with it."""
    for attached in message.iter_attachments():
        if attached.get_content_type() != "message/rfc822":
            continue
        inner = attached.get_payload(0) if attached.is_multipart() else None
        if not isinstance(inner, EmailMessage):
            continue
        body = inner.get_body(preferencelist=("html",))
        if body is not None:
            return inner, body
    return None


def _b64url(data: str, where: str) -> bytes:
    """Gmail's base64url body data (padding optional)."""
    try:
        # validate: characters outside the alphabet are an error, not skipped (an empty or partial body)
        data = "".join(data.split())  # (a pretty-printed export may wrap it)
        return base64.b64decode(data + "=" * (-len(data) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise NewscleanError(f"{where}: a body's data is not base64url") from None


def _gmail_headers(part: dict[str, Any]) -> dict[str, str]:
    """A Gmail part's headers by lowercased name (first value wins)."""
    found: dict[str, str] = {}
    for header in part.get("headers") or []:
        if isinstance(header, dict) and isinstance(header.get("name"), str) and isinstance(header.get("value"), str):
            found.setdefault(header["name"].lower(), header["value"])
    return found


def _gmail_parts(part: dict[str, Any]) -> list[dict[str, Any]]:
    """Every leaf part under ``part``, depth first (nested multiparts walked)."""
    children = part.get("parts")
    if not isinstance(children, list) or not children:
        return [part]
    return [leaf for child in children if isinstance(child, dict) for leaf in _gmail_parts(child)]


def _gmail_text_part(leaves: list[dict[str, Any]], mime_type: str, *, attached: bool = False
                     ) -> dict[str, Any] | None:
    """The first inline (not attached) leaf part of this type that carries its data (``attached``: whose body
    Gmail left out, naming its ``attachmentId`` instead)."""
    for part in leaves:
        body = part.get("body")
        if (part.get("mimeType") == mime_type and not part.get("filename") and isinstance(body, dict)
                and isinstance(body.get("attachmentId" if attached else "data"), str)
                and (not attached or not isinstance(body.get("data"), str))):
            return part
    return None


def _charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value."""
    message = Message()
    message["Content-Type"] = content_type or "text/plain"
    return message.get_content_charset()


def from_gmail_json(data: bytes, *, where: str = "<gmail-json>", errors: str = "strict", charset: str = "utf-8"
                    ) -> Converted:
    """A Gmail API message (``users.messages.get``, format ``full`` or ``raw``) as Markdown.

    Args:
        data: the JSON's bytes (UTF-8).
        where: the input named in errors.
        errors: as for :func:`from_eml`.
        charset: as for :func:`from_eml`.

    Returns:
        The converted HTML part (else the text part) with sender, subject and date from the headers.

    Raises:
        NewscleanError: not JSON, no ``payload`` (nor ``raw``), neither an HTML nor a text part.
    """
    try:
        value = json.loads(data.removeprefix(_BOM).decode("utf-8", errors=errors))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NewscleanError(f"{where}: not valid JSON ({exc})") from None
    except RecursionError:
        raise NewscleanError(f"{where}: not a Gmail API message (JSON nested too deeply)") from None
    if isinstance(value, dict) and isinstance(value.get("raw"), str) and "payload" not in value:
        return from_eml(_b64url(value["raw"], where), where=where, errors=errors, charset=charset)
    payload = value.get("payload") if isinstance(value, dict) else None
    if not isinstance(payload, dict):
        raise NewscleanError(f'{where}: not a Gmail API message: no "payload" object '
                             "(expected users.messages.get with format=full or raw)")
    headers = _gmail_headers(payload)
    try:
        leaves = _gmail_parts(payload)
    except RecursionError:
        raise NewscleanError(f"{where}: not a Gmail API message (parts nested too deeply)") from None
    for mime_type in ("text/html", "text/plain"):
        part = _gmail_text_part(leaves, mime_type)
        if part is None:
            if mime_type == "text/html" and _gmail_text_part(leaves, mime_type, attached=True) is not None:
                # users.messages.get leaves a large body out: it is fetched apart (messages.attachments.get)
                raise NewscleanError(f"{where}: the HTML part's body is not in the message (it has an "
                                     "attachmentId); fetch the message with format=raw, or put the body's data in")
            continue
        raw = _b64url(part["body"]["data"], where)
        named = _charset(_gmail_headers(part).get("content-type"))
        text = _decode(raw, named or charset, errors=errors, where=where, named=named is not None)
        return Converted(
            markdown=_body(text, mime_type.split("/")[1], where),
            sender=_sender(headers.get("from")),
            subject=headers.get("subject"),
            date=_date(headers.get("date")) or _internal_date(value.get("internalDate")),
        )
    raise NewscleanError(f"{where}: the Gmail message has neither an HTML nor a text part with data "
                         f"(its type is {payload.get('mimeType') or 'not given'})")


def _internal_date(value: object) -> datetime | None:
    """Gmail's ``internalDate`` (milliseconds since the epoch, as text) as a UTC datetime."""
    if not isinstance(value, str | int) or not str(value).isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):  # beyond the platform's or datetime's years
        return None


# -- mbox output names -----------------------------------------------------------------------
def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens, at most ``SLUG_CHARS`` long."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")[:SLUG_CHARS].rstrip("-")


def message_file_name(converted: Converted, taken: set[str]) -> str:
    """``<date>-<subject slug>.md`` for one message, unique among ``taken`` (which it joins).

    The date is the message's UTC day (``undated`` without one), the slug comes from the subject
    (``no-subject`` without one); a name already taken gets ``-2``, ``-3``, ... Names use only
    ``[a-z0-9-]``, so they are safe and distinct on every file system, case-insensitive ones too.
    """
    day = "undated"
    if converted.date is not None:
        moment = converted.date
        with contextlib.suppress(OverflowError, ValueError):  # the first or last day datetime knows
            moment = moment.astimezone(UTC) if moment.tzinfo else moment
        day = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    stem = f"{day}-{slug(converted.subject or '') or 'no-subject'}"
    name, n = f"{stem}.md", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.md"
    taken.add(name)
    return name
