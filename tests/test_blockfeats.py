"""The shortcuts of the per-block stats give what the full scans give."""

from __future__ import annotations

import bisect
import random
from pathlib import Path

import numpy as np
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
    "![Sponsored by Acme](https://i.test/a.png) news", "![İ](https://i.test/b.png) Sponsored", "plain text",
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
        assert s.sponsor == blockfeats._SPONSOR.count(both, fold(both)), text
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


def _template_columns_reference(sig: list[tuple[object, ...]]) -> np.ndarray:
    """The template columns as first written: codes, np.unique counts of the coded pairs and triples."""
    n = len(sig)
    ids: dict[tuple[object, ...], int] = {}
    code = np.array([ids.setdefault(t, len(ids)) for t in sig], dtype=np.int64)
    ones = np.bincount(code)[code] - 1
    prev = np.concatenate([[-1], code[:-1]])
    nxt = np.concatenate([code[1:], [-1]])
    k = len(ids) + 1
    pair = (prev + 1) * k + code
    triple = pair * k + (nxt + 1)
    _, pair_inv, pair_counts = np.unique(pair, return_inverse=True, return_counts=True)
    _, triple_inv, triple_counts = np.unique(triple, return_inverse=True, return_counts=True)
    last: dict[int, int] = {}
    period = np.full(n, float(blockfeats.MAX_DIST))
    for i, c in enumerate(code.tolist()):
        if c in last:
            period[i] = min(i - last[c], blockfeats.MAX_DIST)
        last[c] = i
    return np.column_stack([
        np.minimum(ones, blockfeats.MAX_DIST),
        np.minimum(pair_counts[pair_inv] - 1, blockfeats.MAX_DIST),
        np.minimum(triple_counts[triple_inv] - 1, blockfeats.MAX_DIST),
        period,
    ]).astype(np.float64)


def test_template_columns_and_median_equal_their_numpy_definitions(corpus_dir: Path) -> None:
    docs = [parse_blocks(p.read_text(encoding="utf-8")) for p in sorted(corpus_dir.glob("*/input.md"))[:12]]
    rng = random.Random(3)
    # made-up documents: few slots, so that pairs and triples repeat (and more than MAX_DIST times)
    pieces = ["# T", "para", "![a](https://i.test/a.png)", "[x](https://a.test)", "- a", "---"]
    fake = [[parse_blocks(rng.choice(pieces))[0] for _ in range(rng.randrange(1, 90))] for _ in range(40)]
    for blocks in docs + fake:
        stats = [blockfeats.block_stats(b) for b in blocks]
        want = _template_columns_reference([blockfeats._template(b, s) for b, s in zip(blocks, stats, strict=True)])
        got = blockfeats._template_columns(blocks, stats)
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
        words = [s.words for s in stats]
        assert blockfeats._median(words) == float(np.median(np.array(words, dtype=np.float64)))
    for _ in range(500):
        values = [rng.randrange(0, 3000) for _ in range(rng.randrange(1, 40))]
        assert blockfeats._median(values) == float(np.median(np.array(values, dtype=np.float64)))
    for words in range(60):  # the word bucket of a template: how many bounds the count reaches
        assert bisect.bisect_right(blockfeats._WORD_BUCKETS, words) == sum(words >= b for b in blockfeats._WORD_BUCKETS)


def test_alt_in_footer_names_the_publication_again_and_never_matches_itself() -> None:
    from newsclean.features.blockfeats import alt_in_footer, block_stats

    md = ("![The Daybreak Ledger](https://x.y/logo.png)\n\n![A harbor at dawn](https://x.y/h.png)\n\nStory text.\n\n"
          "![© 2026 Acme unsubscribe](https://x.y/f.png)\n\n© 2026 The Daybreak Ledger. Unsubscribe.")
    stats = [block_stats(b) for b in parse_blocks(md)]
    assert alt_in_footer(stats).tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    # two footer lines do not join into a name across their boundary
    split = "![Daybreak Ledger](https://x.y/logo.png)\n\nText.\n\n© 2026 Daybreak\n\nLedger, unsubscribe here."
    assert alt_in_footer([block_stats(b) for b in parse_blocks(split)]).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_host_share_tells_a_stores_own_links_from_a_slot_named_once() -> None:
    """link_host_share: the share of the issue's other linking blocks that link to one of the block's hosts."""
    from newsclean.features.blockfeats import FEATURE_NAMES, block_stats, document_features

    md = ("[Book one](https://shop.example/b/1)\n\n[![Cover](https://cdn.example/c2.jpg)](https://shop.example/b/2)\n\n"
          "Plain prose with no link at all.\n\n[Book three](https://www.shop.example/b/3)\n\n"
          "[Try Acme free](https://acme.example/?utm=x) ![](https://ads.example/slot.png)")
    blocks = parse_blocks(md)
    X = document_features(blocks, [block_stats(b) for b in blocks])
    links = X[:, FEATURE_NAMES.index("link_host_share")].tolist()
    images = X[:, FEATURE_NAMES.index("image_host_share")].tolist()
    # four blocks link somewhere: the store's three share shop.example (www. dropped) with two others
    assert links == [2 / 3, 2 / 3, -1.0, 2 / 3, 0.0]
    # two blocks load pictures, each from a host the other does not use
    assert images == [-1.0, 0.0, -1.0, -1.0, 0.0]
    # a lone linking block shares with nobody; no block at all gives no row
    one = parse_blocks("[Only](https://a.example/)\n\nText.")
    X1 = document_features(one, [block_stats(b) for b in one])
    assert X1[:, FEATURE_NAMES.index("link_host_share")].tolist() == [0.0, -1.0]
    assert document_features([], []).shape == (0, len(FEATURE_NAMES))
