"""Baselines the model is compared with: blocks -> keep (True) / drop (False), deterministic.

- ``keep_all``: the cleaner that does nothing (drop precision 1.0 by convention, recall 0.0).
- ``rules``: the obvious regex cleaner a user would write in an afternoon: a heading with a
  sponsor word drops its section; "unsubscribe" and "©"/"copyright" drop the block; a block made
  only of icon images (``w_36``), 1x1 images or tracking pixels drops.
- ``trafilatura``: a general-purpose web-page extractor on the newsletter rendered to HTML, only
  when the optional extra ``newsclean[peers]`` is installed (:func:`trafilatura_available`).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence

from newsclean.features.segment import Block

SPONSOR_HEADING_RE = re.compile(
    r"\b(?:sponsor(?:ed|s)?|presented by|together with|in partnership with|brought to you by|"
    r"advertisement|advertis(?:e|ing)|partner(?:ed)? (?:content|post)|paid post)\b", re.IGNORECASE)
FOOTER_RE = re.compile(r"unsubscribe|©|\bcopyright\b|\(c\) \d{4}", re.IGNORECASE)
_IMAGE_RE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?[^)\n]*\)")
ICON_URL_RE = re.compile(r"[,/_]w_(?:[1-9]|[1-4]\d)\b|\b1x1\b|[?&](?:w|width|h|height)=1\b|/o/|open\?|pixel|"
                         r"/track(?:ing)?/|\.gif\b", re.IGNORECASE)


def _only_icons(text: str) -> bool:
    """The block has images, all of them icons or pixels, and no other letters or digits."""
    images = list(_IMAGE_RE.finditer(text))
    if not images or not all(ICON_URL_RE.search(m.group(2)) for m in images):
        return False
    rest = _IMAGE_RE.sub(" ", text)
    rest = re.sub(r"\]\([^)\n]*\)", "]", rest)  # link targets around the images
    return not any(ch.isalnum() for ch in rest)


def rules(blocks: Sequence[Block]) -> list[bool]:
    """The regex cleaner: keep (True) or drop (False) for each block, in order."""
    keep = [True] * len(blocks)
    section_level = 0  # > 0 while inside a sponsored section opened by a heading of that level
    for i, block in enumerate(blocks):
        if block.kind == "rule" or (block.kind == "heading" and section_level and block.level <= section_level):
            section_level = 0
        if block.kind == "heading" and SPONSOR_HEADING_RE.search(block.text):
            section_level = max(block.level, 1)
        if section_level or FOOTER_RE.search(block.text) or _only_icons(block.text):
            keep[i] = False
    return keep


def keep_all(blocks: Sequence[Block]) -> list[bool]:
    """Keep every block."""
    return [True] * len(blocks)


def trafilatura_available() -> bool:
    """Whether the optional ``trafilatura`` peer (``newsclean[peers]``) can be imported."""
    return importlib.util.find_spec("trafilatura") is not None


_WORD_RE = re.compile(r"[^\W_]+")
KEPT_SHARE = 0.5  # a block counts as kept by trafilatura when more than half its words are in its output


def _visible_words(markdown: str) -> list[str]:
    """The words a reader sees in a Markdown block (link targets and image URLs left out)."""
    text = re.sub(r"\]\([^)\n]*\)", "]", markdown)
    text = re.sub(r"<[^<>\n]*>", " ", text)
    return [w.lower() for w in _WORD_RE.findall(text)]


def trafilatura_keep(blocks: Sequence[Block]) -> list[bool]:
    """Render the blocks to HTML (markdown-it), extract with trafilatura, keep blocks it kept most of."""
    import trafilatura
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render("\n\n".join(b.text for b in blocks))
    page = f"<html><head><title></title></head><body><article>{html}</article></body></html>"
    out = trafilatura.extract(page, output_format="markdown", include_links=True, include_images=True) or ""
    seen = set(_visible_words(out))
    keep = []
    for block in blocks:
        words = _visible_words(block.text)
        keep.append(not words or sum(w in seen for w in words) > KEPT_SHARE * len(words))
    return keep


def available_baselines() -> dict[str, Callable[[Sequence[Block]], list[bool]]]:
    """The baselines to run, by name: keep-all and rules always, trafilatura when installed."""
    found: dict[str, Callable[[Sequence[Block]], list[bool]]] = {"keep-all": keep_all, "rules": rules}
    if trafilatura_available():
        found["trafilatura"] = trafilatura_keep
    return found
