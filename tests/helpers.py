"""Checks and builders shared by several test files (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from newsclean.features.fixes import fix_block
from newsclean.features.segment import Block, parse_blocks


def unheaded(text: str) -> str:
    """Text with heading markers removed (renumbering changes only those)."""
    return "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in text.split("\n"))


def matched_input_blocks(src: str, out: str) -> list[tuple[Block, Block, bool]]:
    """Assert every output block is an input block after the documented fixes, in input order.

    Returns:
        (output block, input block it comes from, whether the whole input block is kept) per output block.
    """
    inputs = parse_blocks(src)
    fixed = [unheaded(fix_block(b.text, b.kind)) for b in inputs]
    matched = []
    pos = 0
    for block in parse_blocks(out):
        text = unheaded(block.text)
        while pos < len(fixed) and text not in fixed[pos]:
            pos += 1
        assert pos < len(fixed), f"output block not found in order among the fixed input blocks: {block.text[:80]!r}"
        matched.append((block, inputs[pos], text == fixed[pos]))
    return matched


def write_pair(folder: Path, input_md: str, labels: dict[str, str], publisher: str) -> None:
    """A pair folder with an empty output.md, labels.json and meta.json."""
    folder.mkdir(parents=True)
    (folder / "input.md").write_text(input_md, encoding="utf-8")
    (folder / "output.md").write_text("", encoding="utf-8")
    (folder / "labels.json").write_text(json.dumps({"drop": labels}), encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"publisher": publisher}), encoding="utf-8")


# -- emails built with the standard library (tests of features/email.py, io.py and the CLI) ----
SENDER = "Weekly News <news@weekly.example>"


def build_eml(html: str | None, *, subject: str = "Weekly issue", charset: str = "utf-8",
              date: str = "Fri, 24 Apr 2026 09:30:00 -0400", plain: str | None = "Read it in HTML.",
              sender: str = SENDER) -> bytes:
    """A multipart/alternative message (text and HTML parts, quoted-printable) with CRLF line ends."""
    import email.policy
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "reader@example.org", subject, date
    if plain is not None:
        msg.set_content(plain, charset=charset, cte="quoted-printable")
    if html is not None:
        if plain is None:
            msg.set_content(html, subtype="html", charset=charset, cte="quoted-printable")
        else:
            msg.add_alternative(html, subtype="html", charset=charset, cte="quoted-printable")
    return msg.as_bytes(policy=email.policy.SMTP)


def _gmail_part(mime_type: str, data: bytes, charset: str = "utf-8") -> dict[str, object]:
    import base64

    return {"partId": "0", "mimeType": mime_type, "filename": "",
            "headers": [{"name": "Content-Type", "value": f'{mime_type}; charset="{charset}"'},
                        {"name": "Content-Transfer-Encoding", "value": "quoted-printable"}],
            "body": {"size": len(data), "data": base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")}}


def build_gmail_json(html: str, *, subject: str = "Weekly issue", charset: str = "utf-8",
                     date: str = "Fri, 24 Apr 2026 09:30:00 -0400") -> bytes:
    """A Gmail API message (users.messages.get, format=full): mixed > alternative > text, HTML; a PDF."""
    alternative = {"partId": "0", "mimeType": "multipart/alternative", "filename": "", "body": {"size": 0},
                   "headers": [{"name": "Content-Type", "value": 'multipart/alternative; boundary="b2"'}],
                   "parts": [_gmail_part("text/plain", b"Read it in HTML."),
                             _gmail_part("text/html", html.encode(charset), charset)]}
    attachment = {"partId": "1", "mimeType": "application/pdf", "filename": "issue.pdf",
                  "body": {"attachmentId": "ANGjdJ8", "size": 1234}}
    headers = [{"name": "From", "value": SENDER}, {"name": "To", "value": "reader@example.org"},
               {"name": "Subject", "value": subject}, {"name": "Date", "value": date}]
    message = {"id": "19dc4bf63faed072", "threadId": "19dc4bf63faed072", "labelIds": ["INBOX"],
               "snippet": "Weekly", "internalDate": "1777037400000", "sizeEstimate": 2048,
               "payload": {"partId": "", "mimeType": "multipart/mixed", "filename": "", "headers": headers,
                           "body": {"size": 0}, "parts": [alternative, attachment]}}
    return json.dumps(message).encode("utf-8")


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Wrap ``owner.<name>`` (a method of a class or of one instance) so that each call adds one to
    the returned counter; the monkeypatch undoes it."""
    calls = [0]
    original = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls
