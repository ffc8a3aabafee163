"""The shortcuts of the per-block stats give what the full scans give."""

from __future__ import annotations

from pathlib import Path

from newsclean.features import blockfeats
from newsclean.features.markup import count_adserver_urls, fold, is_adserver_url
from newsclean.features.segment import parse_blocks

ODD = [
    "(Sponsored content) Try it", "(SPONSORED)", "Presented by Acme", "PRESENTED BY ACME", "(ad) buy now",
    "Thanks to our sponsors", "paid post", "A word from our partners (partner)", "Made possible by İstanbul",
    "sponſored by", "123 Main St, Suite 5, NY 10001", "4th floor", "١٢٣ Main Street", "Suite ٥", "no digits here",
    "", "[Twitter](https://twitter.com/x) ![X](https://img.test/x.png)", "(advertisement) 2 Ave",
    "© 2024", "(C) 2023 Acme", "COPYRIGHT", "P.O. Box 12", "Unsubscribe | Learn More", "LIKE · COMMENT · RESTACK",
    "Quiz time: the answer is", "Upgrade to paid", "20% OFF today", "You’re receiving this", "sent to you",
    "Sudoku ſhare", "Kelvin sign: \u212aeep", "unlike likes", "re-subscribed", "Try Notion free",
]


def _texts(corpus_dir: Path) -> list[str]:
    inputs = sorted(corpus_dir.glob("*/input.md"))[:12]
    return ODD + [b.text for p in inputs for b in parse_blocks(p.read_text(encoding="utf-8"))]


def test_skipped_scans_would_have_found_nothing(corpus_dir: Path) -> None:
    """The word counts, strong_sponsor, marker and social are what the scans they may skip say."""
    for text in _texts(corpus_dir):
        s = blockfeats._stats.__wrapped__(text, "paragraph")
        vis = s.markup.visible
        both = vis + " " + " ".join(s.markup.image_alts)
        assert s.strong_sponsor == blockfeats._STRONG_SPONSOR.found(both, fold(both)), text
        assert s.marker == bool(blockfeats._MARKER.found(both, fold(both)) or blockfeats.BANNER_RE.match(vis)), text
        assert s.address == blockfeats._ADDRESS.count(vis, fold(vis)), text
        for name in ("cta", "self_promo", "footer", "games", "chrome"):
            assert getattr(s, name) == getattr(blockfeats, f"_{name.upper()}").count(vis, fold(vis)), (name, text)
        assert s.social == sum(1 for u in s.markup.links if blockfeats.host_of(u) in blockfeats._SOCIAL_HOSTS) + sum(
            1 for t in (*s.markup.image_alts, *blockfeats._LINK_WORDS_RE.findall(text))
            if blockfeats._SOCIAL_NAME_RE.fullmatch(t)), text
        urls = s.markup.links + s.markup.images
        assert count_adserver_urls(urls) == sum(1 for u in urls if is_adserver_url(u)), text
