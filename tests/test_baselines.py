"""Tests for newsclean.training.baselines: keep-all, the regex cleaner, the optional trafilatura peer."""

from __future__ import annotations

import pytest
from newsclean.features.segment import parse_blocks
from newsclean.training.baselines import available_baselines, keep_all, rules, trafilatura_available

# One block per line of the expected decisions below (blank-line separated).
NEWSLETTER = """\
# Weekly Digest

Chipmakers raced to ship new accelerators this week.

## Together with Acme

Acme makes widgets for teams. Try it free today.

![Acme logo](https://cdn.example.com/acme.png)

## Research

A new paper shows small models can clean newsletters.

![diagram](https://substackcdn.com/image/fetch/w_1456,c_limit/diagram.png)

[![like](https://substackcdn.com/image/fetch/w_36,h_36/like.png)](https://x.substack.com/like) [![share](https://substackcdn.com/image/fetch/w_36,h_36/share.png)](https://x.substack.com/share)

### Sponsored

Buy the course.

---

A court ruled on a copyright case against an AI lab.

![](https://email.example.com/o/abc123.gif)

© 2026 Example Media, 1 Main St

[Unsubscribe](https://example.com/unsub) | [Manage preferences](https://example.com/prefs)
"""

EXPECTED = [
    ("heading", True),     # issue title
    ("paragraph", True),   # story
    ("heading", False),    # "Together with" heading: the section goes
    ("paragraph", False),  # ... its copy
    ("paragraph", False),  # ... its logo
    ("heading", True),     # a heading of the same level closes the sponsored section
    ("paragraph", True),
    ("paragraph", True),   # a content image (w_1456) stays
    ("paragraph", False),  # only icons (w_36)
    ("heading", False),    # "### Sponsored"
    ("paragraph", False),
    ("rule", True),        # a rule closes the section; rules are not scored
    ("paragraph", False),  # the naive "copyright" rule drops news about copyright: a real weakness
    ("paragraph", False),  # tracking pixel
    ("paragraph", False),  # ©
    ("paragraph", False),  # unsubscribe
]


def test_rules_exact_decisions_on_a_hand_made_newsletter() -> None:
    blocks = parse_blocks(NEWSLETTER)
    assert [(b.kind, keep) for b, keep in zip(blocks, rules(blocks), strict=True)] == EXPECTED


def test_rules_are_deterministic_and_empty_safe() -> None:
    blocks = parse_blocks(NEWSLETTER)
    assert rules(blocks) == rules(blocks)
    assert rules([]) == []


def test_keep_all() -> None:
    blocks = parse_blocks(NEWSLETTER)
    assert keep_all(blocks) == [True] * len(blocks)


def test_available_baselines_order() -> None:
    names = list(available_baselines())
    assert names[:2] == ["keep-all", "rules"]
    assert ("trafilatura" in names) == trafilatura_available()


@pytest.mark.skipif(not trafilatura_available(), reason="optional peer trafilatura (newsclean[peers]) not installed")
def test_trafilatura_gives_one_decision_per_block() -> None:
    from newsclean.training.baselines import trafilatura_keep

    blocks = parse_blocks(NEWSLETTER)
    keep = trafilatura_keep(blocks)
    assert len(keep) == len(blocks) and all(isinstance(k, bool) for k in keep)
    assert keep == trafilatura_keep(blocks)


def test_trafilatura_left_out_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean.training import baselines

    monkeypatch.setattr(baselines, "trafilatura_available", lambda: False)
    assert list(baselines.available_baselines()) == ["keep-all", "rules"]
