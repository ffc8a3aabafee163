"""What a block shows a reader: its visible text, its links and its images.

Regexes here are bounded (no nested quantifiers, capped repetition) so that a 1 MB line or
thousands of brackets are scanned in linear time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

HOST_CACHE_SIZE = 8192
_ASCII = frozenset(map(chr, range(128)))
# Dotless i and long s: of all non-ASCII code points whose lower() is themselves, the only two that
# re.IGNORECASE matches with an ASCII letter (i, s) (checked over all of Unicode, Python 3.11).
_IGNORECASE_ALIASES = ("\u0131", "\u017f")


def fold(text: str) -> str | None:
    """``text.lower()`` when matching it case-sensitively is exactly IGNORECASE matching of ``text``.

    That holds when lowering changes ASCII letters only (no non-ASCII character of ``text`` has
    another lower case, so lengths, word characters and every other character stay) and no dotless
    i or long s is there. None otherwise: the caller then matches ``text`` itself with IGNORECASE.
    """
    if not text.isascii():
        for c in set(text).difference(_ASCII):
            if c.lower() != c or c in _IGNORECASE_ALIASES:
                return None
    return text.lower()


class Caseless:
    """A case-insensitive regex written in lower case, with a case-sensitive twin for folded text.

    Python's ``re`` takes no literal shortcut in IGNORECASE alternations, so a vocabulary regex
    scans several times faster case-sensitively over lower-cased text. ``count`` and ``found``
    give what ``pattern`` gives on ``text``, whichever way they match (see ``fold``).

    Faster still when every alternative opens with a literal character: ``re`` then jumps from one
    candidate character to the next. Hence ``p(?<=\\bp)ixel`` for ``\\bpixel``, ``m(?<=^m)ailto``
    for ``^mailto`` and ``\\?j=|&j=`` for ``[?&]j=`` in the patterns below (the same matches).
    """

    __slots__ = ("pattern", "twin")

    def __init__(self, source: str) -> None:
        if re.search(r"[A-Z]", re.sub(r"\\.", "", source)):
            raise ValueError(f"write the pattern in lower case (escapes aside): {source!r}")
        self.pattern = re.compile(source, re.IGNORECASE)
        self.twin = re.compile(source)

    def count(self, text: str, folded: str | None) -> int:
        """Number of non-overlapping matches in ``text`` (``folded``: ``fold(text)``)."""
        return len(self.twin.findall(folded) if folded is not None else self.pattern.findall(text))

    def found(self, text: str, folded: str | None) -> bool:
        """Whether ``text`` has a match (``folded``: ``fold(text)``)."""
        return (self.twin.search(folded) if folded is not None else self.pattern.search(text)) is not None


def words(body: str) -> str:
    """``\\b(?:body)\\b`` rewritten so that every alternative opens with a literal character.

    ``body`` is an alternation of words and phrases, each opening with a plain character (a
    letter, a digit, ``%``, ``'``...). The alternatives are grouped by that character, in their
    order, as ``t(?<=\\bt)(?:ry|ake)\\b|...``: at any position only the group of the character
    there can match, and it tries the same alternatives in the same order with the same ``\\b``
    checks, so every match (and so every count) is the original pattern's. But ``re`` now jumps
    from one candidate character to the next instead of trying ``\\b`` at every position (see
    ``Caseless``). Over the corpus's blocks the vocabularies of features/blockfeats.py take a
    quarter less time (``you`` words 7x less; words opening with common letters gain little).
    The result is an alternation: wrap it in ``(?:...)`` to use it inside a longer pattern.
    """
    alternatives: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: its "|" and parentheses are characters; it ends at the first "]"
            i += 2 if body[i + 1 : i + 2] == "^" else 1  # that is not its first character or escaped
            i += 1 if body[i : i + 1] == "]" else 0
            while body[i] != "]":
                i += 2 if body[i] == "\\" else 1
            i += 1
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "|" and depth == 0:
            alternatives.append(body[start:i])
            start = i + 1
        i += 1
    alternatives.append(body[start:])
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        if not alt or alt[0] in "\\()[]{}|?*+.^$" or alt[1:2] in ("?", "*", "+", "{"):
            raise ValueError(f"each alternative must open with a plain, required character: {alt!r}")
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{c}(?<=\\b{c})(?:{'|'.join(rests)})\\b" for c, rests in groups.items())


# ![alt](url "title") — alt and url capped so a pathological line stays linear.
# A destination may hold balanced parentheses one level deep, as CommonMark allows
# (``…banners%20(86).png``); each step of the possessive repetition is one character or one
# parenthesised run, told apart by their first character, so the scan stays linear.
_DESTINATION = r"((?:[^\s()<>]|\([^\s()<>]{0,400}\)){0,4000}+)"
_IMAGE_RE = re.compile(r"!\[([^\[\]\n]{0,400})\]\(\s*<?" + _DESTINATION + r">?(?:\s+\"[^\"\n]{0,400}\")?\s*\)")
# [text](url "title") once images are replaced by a marker.
_LINK_RE = re.compile(r"\[([^\[\]\n]{0,1000})\]\(\s*<?" + _DESTINATION + r">?(?:\s+\"[^\"\n]{0,400}\")?\s*\)")
_WORD_CHAR_RE = re.compile(r"[^\W_]")
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^\s<>]{1,4000})>")
_BARE_URL_RE = re.compile(r"https?://[^\s<>()\[\]]{1,4000}")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>\n]{0,2000})?/?>|<!--")
_IMG_MARK = "\x01"  # stands for an image inside link text while links are parsed
_MD_PUNCT = "*_`#>|~"

# Image widths that mean an icon: Substack's w_36 / w_24 crops, width=20 attributes, 1x1 sizes.
_ICON_SIZE_RE = re.compile(r"(?:[,/_]w_(\d{1,4})\b)|(?:[?&](?:w|width)=(\d{1,4})\b)|(?:\b(\d{1,2})x(\d{1,2})\b)")
_TRACKING_URL = Caseless(
    r"/open\?|/o/|open\.aspx|/imp\?|/track|/pixel|p(?<=\bp)ixel\b|/beacon|\.gif(?:\?|$)|/e/o/|/oo/|/ss/o/"
    r"|/ci0/|/wf/open|/mo/|eotrx\.|/q/|/t/|li_coord|/ci\?"
)
# Image file names of buttons and furniture: share/social icons, logos, avatars, arrows.
_ICON_NAME = Caseless(
    r"(?:icon|logo|share|social|twitter|facebook|linkedin|instagram|youtube|tiktok|threads|x-post|"
    r"email|mail|link|avatar|badge|button|btn|arrow|spacer|divider|heart|comment|restack|like|"
    r"sunny|cloudy|weather|check|pencil|sparkle)[^/]{0,40}\.(?:png|gif|svg|jpe?g|webp)"
)
_SHARE = Caseless(r"m(?<=^m)ailto:\?|/share\b|sharer|/intent/tweet|sharearticle|action=share|/restack")
# ([a-z] under IGNORECASE is any ASCII letter.)
_REDIRECT_URL = Caseless(
    r"/redirect/|/click|/c/|/cl0/|/l/|/r/|/ls/click|/emails/click|utm_|\?j=|&j=|\?token=|&token=|/s/[a-z0-9]{6,}"
)
# Ad servers and ad exchanges that serve display and native ads into emails (LABELLING.md: "doubleclick /
# ad-server images"), named by host whether or not the corpus has them: an ad slot from any of them is an ad.
_ADSERVER = Caseless(
    r"doubleclick|adserve|googlesyndication|googleadservices|/adclick|liveintent|liadm\.|l(?<=\bl)i=|zedo|sli\.|adsrv|"
    r"//ads?\.|"
    r"advertis|/ads?/|sponsor|passendo|powerinbox|jeeng\.|bidr\.|adspeed|adbutler|servedby|adzerk|kevel\.|"
    r"adnxs\.|criteo\.|taboola|outbrain|amazon-adsystem|lijit\.|nativo\.|ntv\.io|email-x\.|moatads|"
    r"rubiconproject|pubmatic|sharethrough|triplelift|smartadserver|adroll\.|rs-stripe\."
)


def required_literals(source: str) -> tuple[str, ...] | None:
    """For an alternation, a literal that every match of each alternative holds; None if one has none.

    An alternative's literal is its opening run of plain and escaped punctuation characters
    (``\\.``, ``\\?``), passing over what matches no character (lookarounds, ``\\b``), up to the
    first other syntax (a class, a group, ``\\d``, an anchor); a character made optional (``s?``)
    is left out, one repeated (``+``) is its last. An alternative without one gives None: then
    nothing can be skipped. A text holding none of the literals has no match.
    """
    literals = []
    for alternative in _alternatives(source):
        lit = _opening_literal(alternative)
        if not lit:
            return None
        literals.append(lit)
    return tuple(dict.fromkeys(literals))


def _alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern (its ``|`` outside groups and classes)."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if source[i + 1 : i + 2] in ("]", "^") else 1  # a leading ] or ^ is the class's own
            continue
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


def _opening_literal(alternative: str) -> str:
    """The literal that opens ``alternative`` (see ``required_literals``)."""
    out: list[str] = []
    i = 0
    while i < len(alternative):
        c = alternative[i]
        if alternative.startswith(("(?<=", "(?<!", "(?=", "(?!"), i):  # zero-width: step over it
            depth = 0
            while i < len(alternative):
                depth += {"(": 1, ")": -1}.get(alternative[i], 0)
                i += 2 if alternative[i] == "\\" else 1
                if depth == 0:
                    break
            continue
        if c == "\\":
            escaped = alternative[i + 1 : i + 2]
            if escaped in ("b", "B"):
                i += 2
                continue
            if not escaped or escaped.isalnum():  # \d, \w, \s, \1...
                break
            char, i = escaped, i + 2
        elif c in "()[]{}.^$|?*+":
            break
        else:
            char, i = c, i + 1
        if alternative.startswith(("?", "*", "{0"), i):
            break
        out.append(char)
        if alternative.startswith(("+", "{"), i):
            break
    return "".join(out)


def may_hold(text: str, literals: tuple[str, ...] | None) -> bool:
    """False only when ``text``, matched case-insensitively, holds none of ``literals`` (lower case).

    ``fold``: where it lowers the text, a case-insensitive match is a case-sensitive one there.
    """
    if literals is None:
        return True
    folded = fold(text)
    return folded is None or any(lit in folded for lit in literals)


_ADSERVER_LITERALS = required_literals(_ADSERVER.twin.pattern)
_SHARE_LITERALS = required_literals(_SHARE.twin.pattern)


@dataclass(frozen=True, slots=True, weakref_slot=True)  # weak references: vocabulary rows live as long as it
class Markup:
    """The parts of a block a reader sees and the places it points to."""

    visible: str  # text with link destinations, image URLs and markdown punctuation removed
    link_text: str  # text of the links only
    links: tuple[str, ...]  # link destinations (not images)
    images: tuple[str, ...]  # image URLs
    image_alts: tuple[str, ...]
    image_links: int  # links whose text is only images
    icon_images: int  # images whose URL says they are tiny
    tracking_images: int  # images whose URL looks like an open-tracking pixel
    icon_named_images: int  # images whose file name says button, logo or share icon
    share_links: int  # mailto:?subject= share links and share-intent URLs
    html_tags: int


def _is_icon(url: str) -> bool:
    """True when the image URL carries a size of at most 48 px."""
    for m in _ICON_SIZE_RE.finditer(url):
        w = m.group(1) or m.group(2)
        if w is not None and int(w) <= 48:
            return True
        if m.group(3) is not None and int(m.group(3)) <= 2 and int(m.group(4)) <= 2:
            return True
    return False


# An http(s) URL whose host is plain: lower-case letters, digits, dots and hyphens up to the path,
# query or fragment (no user, port, brackets, percent or capitals). urlsplit's netloc is then that
# run and its hostname the same text ('' when empty).
_PLAIN_HOST_RE = re.compile(r"https?://([a-z0-9.-]*)(?=[/?#]|\Z)")


@lru_cache(maxsize=HOST_CACHE_SIZE)
def host_of(url: str) -> str:
    """The host of a URL, lower-cased, without ``www.``; '' when there is none (memoised: links recur)."""
    if url.startswith("mailto:"):
        return "mailto"
    plain = _PLAIN_HOST_RE.match(url)
    if plain is not None:  # what urlsplit would find, without its work (most links)
        host = plain.group(1)
    else:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return ""
    return host[4:] if host.startswith("www.") else host


def is_tracking_url(url: str) -> bool:
    """True when the URL has the shape of an open-tracking pixel."""
    return _TRACKING_URL.found(url, fold(url))


def is_redirect_url(url: str) -> bool:
    """True when the URL has the shape of a click-tracking redirect."""
    return _REDIRECT_URL.found(url, fold(url))


def is_adserver_url(url: str) -> bool:
    """True when the URL points at an ad server or a sponsor path."""
    return _ADSERVER.found(url, fold(url))


def count_adserver_urls(urls: Sequence[str]) -> int:
    """How many of ``urls`` point at an ad server (``is_adserver_url``)."""
    return _count_urls(urls, is_adserver_url, _ADSERVER_LITERALS)


def _count_urls(urls: Sequence[str], test: Callable[[str], bool], literals: tuple[str, ...] | None) -> int:
    """How many of ``urls`` pass ``test``, a case-insensitive match whose matches hold one of ``literals``.

    Most blocks' URLs hold none of them (``required_literals``): one look for each in all the URLs
    joined (``may_hold``) answers 0 without a scan of each URL.
    """
    if not urls or not may_hold("\n".join(urls), literals):
        return 0
    return sum(1 for u in urls if test(u))


def outside_links(text: str) -> tuple[str, int]:
    """A block's Markdown without its pictures and links (each left as a space), and how many of its links have words
    of their own (not only pictures): what a block says beside its links and icons."""
    body = _IMAGE_RE.sub(_IMG_MARK, text) if "![" in text else text
    worded = 0

    def _link(m: re.Match[str]) -> str:
        nonlocal worded
        worded += bool(_WORD_CHAR_RE.search(m.group(1).replace(_IMG_MARK, "")))
        return " "

    plain = _LINK_RE.sub(_link, body) if "](" in body else body
    return plain.replace(_IMG_MARK, " "), worded


def analyse(text: str) -> Markup:
    """Split a block's Markdown into what is shown and what is linked."""
    images: list[str] = []
    alts: list[str] = []

    def _image(m: re.Match[str]) -> str:
        images.append(m.group(2))
        alts.append(m.group(1))
        return _IMG_MARK + m.group(1)

    # Each pattern needs a literal that most blocks lack ("![", "](", "<", "http"): a block without
    # it is not scanned (the scan would find nothing and leave the text as it is).
    body = _IMAGE_RE.sub(_image, text) if "![" in text else text
    links: list[str] = []
    link_texts: list[str] = []
    image_links = 0

    def _link(m: re.Match[str]) -> str:
        nonlocal image_links
        label = m.group(1)
        links.append(m.group(2))
        if _IMG_MARK in label and not label.replace(_IMG_MARK, "").strip(" *_"):
            image_links += 1
        link_texts.append(label.replace(_IMG_MARK, ""))
        return label

    if "](" in body:
        body = _LINK_RE.sub(_link, body)
    html_tags = 0
    if "<" in body:
        for m in _AUTOLINK_RE.finditer(body):
            links.append(m.group(1))
        body = _AUTOLINK_RE.sub(" ", body)
        html_tags = len(_HTML_TAG_RE.findall(body))
        body = _HTML_TAG_RE.sub(" ", body)
    if "http" in body:
        for m in _BARE_URL_RE.finditer(body):
            links.append(m.group(0))
    if "&" in body:  # character references decoded before the Markdown punctuation goes ("&#8217;" has a "#")
        body = html.unescape(body)
    visible = _spoken(body.replace(_IMG_MARK, ""))
    link_text = " ".join(link_texts) if link_texts else ""
    link_text = _spoken(html.unescape(link_text) if "&" in link_text else link_text)
    return Markup(
        visible=visible,
        link_text=link_text,
        links=tuple(links),
        images=tuple(images),
        image_alts=tuple(alts),
        image_links=image_links,
        icon_images=sum(1 for u in images if _is_icon(u)) if images else 0,
        tracking_images=sum(1 for u in images if is_tracking_url(u) or _is_icon_pixel(u)) if images else 0,
        html_tags=html_tags,
        icon_named_images=sum(1 for u in images if _is_icon_named(u.rsplit("/", 1)[-1])) if images else 0,
        share_links=_count_urls(links, _is_share_url, _SHARE_LITERALS),
    )


def _spoken(text: str) -> str:
    """``text`` with markdown punctuation (``_MD_PUNCT``) and whitespace runs made one space, no edge spaces.

    (Each punctuation character becomes a space and ``split`` joins the runs: ``str.replace`` of
    the few present is a few times faster than a regex substitution.)
    """
    for c in _MD_PUNCT:
        if c in text:
            text = text.replace(c, " ")
    return " ".join(text.split())


def _is_icon_named(name: str) -> bool:
    """An image file name that says button, logo or share icon."""
    return _ICON_NAME.found(name, fold(name))


def _is_share_url(url: str) -> bool:
    return _SHARE.found(url, fold(url))


def _is_icon_pixel(url: str) -> bool:
    """A 1x1 image named as such."""
    return "1x1" in url or "spacer" in url.lower()
