"""markup.words: the rewritten word alternations find exactly what ``\\b(?:...)\\b`` finds."""

from __future__ import annotations

import random
import re

import pytest
from newsclean.features.markup import (
    _ADSERVER,
    _ADSERVER_LITERALS,
    _SHARE_LITERALS,
    _count_urls,
    _is_share_url,
    _spoken,
    analyse,
    count_adserver_urls,
    fold,
    host_of,
    is_adserver_url,
    may_hold,
    required_literals,
    words,
)

BODIES = [
    r"you|your|you'?re|yours",
    r"we|our|us|we'?re|we'?ve",
    r"try (?:it )?(?:for )?free|book a (?:demo|call)|get (?:a )?demo|% off|try [a-z]+ (?:free|today|now)",
    r"subscribe[ds]?|subscription|refer(?:ral|rals)?|members?-only|share (?:this|the) (?:post|issue)|s",
    r"quiz(?:zes)?|brain ?teasers?|answers?:|the answer|guess|games?|x|ab[|(]c|a[^]]b|a[]|]c",
]
PIECES = ["you", "your", "you're", "youre", "yours", "we", "we've", "weve", "our", "us", "try", "it", "for",
          "free", "book", "a", "demo", "call", "get", "%", "off", "15", "subscribe", "subscribed", "referral",
          "member", "members", "-only", "share", "this", "post", "s", "quiz", "quizzes", "brain", "teasers",
          "answer", "answers:", "guess", "games", "x", "ab|c", "a]b", "a|c", "ſ", "\u212a", "ı", "İ", "é", "_"]
SEPARATORS = [" ", "", "  ", "-", "'", "(", ".", "\n", "1", "é", "’"]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randrange(1, 16)):
            piece = rng.choice(PIECES)
            parts.append("".join(c.upper() if rng.random() < 0.25 else c for c in piece))
            parts.append(rng.choice(SEPARATORS))
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("body", BODIES)
def test_words_matches_the_word_alternation(body: str) -> None:
    for flags in (re.IGNORECASE, 0):
        plain = re.compile(r"\b(?:" + body + r")\b", flags)
        rewritten = re.compile(words(body), flags)
        for text in _texts(len(body), 3000):
            target = text if flags else (fold(text) or text.lower())
            assert [m.span() for m in rewritten.finditer(target)] == [m.span() for m in plain.finditer(target)]


def test_words_opens_every_alternative_with_a_literal() -> None:
    assert words(r"you|your|you'?re|yours") == r"y(?<=\by)(?:ou|our|ou'?re|ours)\b"
    assert words(r"ab|c|ad") == r"a(?<=\ba)(?:b|d)\b|c(?<=\bc)(?:)\b"


@pytest.mark.parametrize("body", [r"[a-z]x|y", r"\dx|y", r"s?x|y", r"(?:a|b)c", r"a|", r"a||b"])
def test_words_refuses_what_it_cannot_rewrite(body: str) -> None:
    with pytest.raises(ValueError, match="plain, required character"):
        words(body)


def test_spoken_is_the_punctuation_regex_substitution() -> None:
    """``_spoken`` gives what substituting runs of markdown punctuation with a space, then split/join, gives."""
    rng = random.Random(3)
    alphabet = "ab *_`#>|~\t\n\u00a0\u2028\x1c-.[]"
    texts = ["", "**bold** _it_ `code`", "> quote | pipe ~strike~", " ### ", *(
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(2000))]
    for text in texts:
        assert _spoken(text) == " ".join(re.sub(r"[*_`#>|~]+", " ", text).split()), repr(text)


# One URL per ad-server alternative (in odd case, with a long s or a Kelvin sign where they fit), and near misses.
AD_URLS = [f"https://X.test/p/{lit.upper() if k % 3 == 0 else lit}?q=1"
           for k, lit in enumerate(_ADSERVER_LITERALS or ())] + [
    "https://cdn.test/ads/banner.png", "https://cdn.test/ad/x.gif", "https://cdn.test/ADS/x", "https://e.test/x?li=3",
    "https://e.test/x?xli=3", "https://e.test/x?fli=3", "https://sponſor.test/", "https://\u212aevel.test/",
    "https://a.test/ads", "https://a.test/adsx/", "https://news.test/story", "mailto:a@b.test", "#", "",
    "https://a.test/spon\nsor", "https://İ.test/x", "https://a.test/é/sponsored", "https://a.test/adverb",
    "https://ads.techcrunch.test/serve/1/600x200.png", "https://ad.test/x", "https://roads.test/x",
    "https://uploads.test/ads.png", "https://adserve.test/display?z=1",
]


def test_required_literals_are_the_alternatives_as_text() -> None:
    assert required_literals(r"ab|c(?<=\bc)d|e\.f|gh?i|x") == ("ab", "cd", "e.f", "g", "x")
    pattern = r"m(?<=^m)ailto:\?|/share\b|\.gif(?:\?|$)|/s/[a-z0-9]{6,}|/ads?/|a+b|ab{0,2}c|(?=x)xy"
    assert required_literals(pattern) == (
        "mailto:?", "/share", ".gif", "/s/", "/ad", "a", "xy")  # (once each)
    assert required_literals(r"a(?:b|c)d|e[|]f") == ("a", "e")  # "|" inside a group or a class splits nothing
    for refused in (r"[ab]c", r"(?:ab)", r"\dx", r"?a", r"a|", r"^a", r".a", r"b?c"):
        assert required_literals(refused) is None, refused
    for literals in (_ADSERVER_LITERALS, _SHARE_LITERALS):
        assert literals is not None


def test_ad_server_count_skips_only_urls_without_a_match() -> None:
    """count_adserver_urls equals the per-URL scans, for any few of the URLs above."""
    assert sum(map(is_adserver_url, AD_URLS)) >= len(_ADSERVER_LITERALS or ())  # each alternative is there
    rng = random.Random(5)
    groups = [[u] for u in AD_URLS] + [rng.sample(AD_URLS, rng.randrange(0, 5)) for _ in range(2000)]
    for urls in groups:
        assert count_adserver_urls(urls) == sum(1 for u in urls if is_adserver_url(u)), urls
    for lit in _ADSERVER_LITERALS or ():
        assert _ADSERVER.found(lit, fold(lit)) or lit in ("/ad", "li=", "//ad"), lit


SHARE_URLS = [
    f"https://X.test/p/{lit.upper() if k % 2 else lit}?q=1"
    for k, lit in enumerate(_SHARE_LITERALS or ())] + [
    "mailto:?subject=x", "MAILTO:?body=y", "xmailto:?subject=x", "https://a.test/share", "https://a.test/shared",
    "https://a.test/x.gif", "https://a.test/x.GIF?a=1", "https://a.test/x.gifx", "https://a.test/1X1.png",
    "https://a.test/SPACER.png", "https://a.test/ſpacer", "https://\u212a.test/pixel", "https://a.test/pixels",
    "https://a.test/apixel", "https://news.test/story", "", "#",
]


def test_share_count_skips_only_urls_without_a_match() -> None:
    rng = random.Random(9)
    groups = [[u] for u in SHARE_URLS] + [
        rng.sample(SHARE_URLS, rng.randrange(0, 5)) for _ in range(2000)]
    for urls in groups:
        assert _count_urls(urls, _is_share_url, _SHARE_LITERALS) == sum(1 for u in urls if _is_share_url(u)), urls
    m = analyse(" ".join(f"[s](https://a.test/{k}/share) ![t](https://a.test/{k}/open.aspx)" for k in range(3)))
    assert (m.share_links, m.tracking_images) == (3, 3)


def test_may_hold_is_false_only_without_the_literals() -> None:
    assert not may_hold("nothing here", ("follow",))
    assert may_hold("FOLLOW us", ("follow",)) and may_hold("Kelvin \u212a", ("zz",)) and may_hold("x", None)


HOST_URLS = [
    "https://www.example.com/a", "http://example.com", "https://example.com?x=1", "https://example.com#top",
    "https://Example.com/a", "https://user@example.com/", "https://example.com:8080/", "https://[::1]:80/x",
    "https://[::1/x", "https:///path", "https://", "https://ex%41mple.com/", "https://exämple.com/",
    " https://example.com/", "https://exa\tmple.com/", "https://example.com\n/x", "HTTPS://example.com/",
    "httpss://example.com/", "https:/example.com/", "ftp://example.com/", "//example.com/x", "example.com/x",
    "https://a-b.c0.example./x", "https://www./", "https://www.", "mailto:a@b.test", "https://x.test/a:b@c",
    "https://example.com\\x", "data:image/png;base64,xx", "#", "",
]


def test_host_of_is_urlsplit_hostname(corpus_dir) -> None:
    """The plain-host shortcut gives urlsplit's hostname (less www.), on odd URLs and the corpus's links."""
    from urllib.parse import urlsplit

    from newsclean.features.segment import parse_blocks

    urls = HOST_URLS + [u for p in sorted(corpus_dir.glob("*/input.md"))[:20]
                        for b in parse_blocks(p.read_text(encoding="utf-8"))
                        for u in (*analyse(b.text).links, *analyse(b.text).images)]
    for url in urls:
        if url.startswith("mailto:"):
            want = "mailto"
        else:
            try:
                want = urlsplit(url).hostname or ""
            except ValueError:
                want = ""
            want = want[4:] if want.startswith("www.") else want
        assert host_of.__wrapped__(url) == want, url



def test_outside_links_leaves_what_a_block_says_beside_its_links_and_pictures() -> None:
    from newsclean.features.markup import outside_links

    text = ("Judge sentences ex-CFO. By **Dana** [![Share](https://e.com/s.png)](https://x.com/intent/tweet?u=a) "
            "[Read more](https://e.com/a) ![](https://e.com/p.gif)")
    plain, worded = outside_links(text)
    assert plain.split() == ["Judge", "sentences", "ex-CFO.", "By", "**Dana**"]
    assert worded == 1  # "Read more"; the icon link has no words of its own
    assert outside_links("No links here.") == ("No links here.", 0)


def test_character_references_are_read_as_their_characters() -> None:
    """A block's visible and link text decode ``&#8217;`` (whose "#" is Markdown punctuation) and ``&amp;``."""
    m = analyse("It&#8217;s [Q&amp;A &#x2014; live](https://x.example/?a=1&amp;b=2) &lt;3")
    assert m.visible == "It\u2019s Q&A \u2014 live <3"
    assert m.link_text == "Q&A \u2014 live"
    assert m.links == ("https://x.example/?a=1&amp;b=2",)  # URLs are left as written
