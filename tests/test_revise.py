"""Each rule of model/revise.py, on hand-made newsletters with hand-set model probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from newsclean.features.blockfeats import block_stats
from newsclean.features.segment import parse_blocks
from newsclean.model.revise import revise

THRESHOLD = 0.9


def decide(markdown: str, probas: list[float]) -> list[tuple[bool, str]]:
    blocks = parse_blocks(markdown)
    assert len(blocks) == len(probas), [b.text for b in blocks]
    return revise(blocks, [block_stats(b) for b in blocks], np.array(probas), THRESHOLD)


def kept(markdown: str, probas: list[float]) -> list[bool]:
    return [k for k, _ in decide(markdown, probas)]


def test_model_decides_when_no_rule_applies() -> None:
    assert kept("Story one.\n\nStory two.", [0.2, 0.95]) == [True, False]


def test_explicit_sponsor_marker_drops_its_section_whatever_the_model_says() -> None:
    md = ("## [Build faster with Acme (Sponsored)](https://x.y/r)\n\nAcme does things.\n\n"
          "[Try Acme](https://x.y/r)\n\n## Real story\n\nNews text.")
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.1]) == [False, False, False, True, True]
    assert decide(md, [0.1] * 5)[0][1].startswith("explicit sponsor marker")


def test_short_banner_drops_to_the_next_heading_but_a_sentence_does_not() -> None:
    assert kept("Together with Acme\n\nAcme copy.\n\n# Issue title\n\nNews.", [0.5] * 4) == [False, False, True, True]
    long = "Together with our readers we looked at why " + "city budgets grow " * 5 + "every year."
    assert kept(f"{long}\n\nMore news.", [0.1, 0.1]) == [True, True]


def test_whole_issue_of_paid_content_is_dropped() -> None:
    md = "# Webinar\n\nJoin us Tuesday.\n\n*This paid content was created with our sponsor and Brew.*"
    assert kept(md, [0.0, 0.0, 0.0]) == [False, False, False]


@pytest.mark.parametrize(("text", "keep"), [
    ("[![](https://cdn.x/icon/share.png)](https://x.y/s) [![](https://cdn.x/w_36/like.png)](https://x.y/l)", False),
    ("[View in browser](https://x.y/v)", False),
    ("[Sign up for our free briefings](https://x.y/s)", False),
    ("[![](https://ads.doubleclick.net/i.gif)](https://ads.doubleclick.net/c)", False),
    ("![A chart of rates](https://cdn.x/w_1100/chart.png)", True),  # a real picture, model keeps it
])
def test_block_rules(text: str, keep: bool) -> None:
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.5, 0.0]) == [True, keep, True]


def test_credit_line_is_kept_even_when_the_model_drops_it() -> None:
    assert kept("News.\n\nThanks for reading,  \nJane Doe", [0.0, 0.99]) == [True, True]


def test_picture_between_kept_blocks_is_kept() -> None:
    md = "A long story paragraph.\n\n![](https://cdn.x/w_1100/diagram.png)\n\nThe story goes on."
    assert kept(md, [0.0, 0.97, 0.0]) == [True, True, True]
    assert kept(md, [0.0, 0.97, 0.95]) == [True, False, False]  # not when a neighbour goes


def test_section_that_discloses_itself_as_paid_is_dropped() -> None:
    md = ("**Recommended**\n\nI switched tools and love it.\n\n- It is fast\n\n"
          "*Disclosure: I'm an investor and affiliate for Acme.*\n\n**Next story**\n\nNews.")
    assert kept(md, [0.1] * 6) == [False, False, False, False, True, True]


def test_quiz_sections_and_questions_but_never_the_issue_title() -> None:
    md = ("# Weekly Wisdom Quiz\n\nDear reader, today's essay.\n\nAre you ready for the quiz?\n\n"
          "**1. Who won?**  \nA. Rome  \nB. Athens  \nC. Sparta\n\n### Answers\n\n1. **A) Rome**\n\n### Essay\n\nText.")
    assert kept(md, [0.0] * 8) == [True, True, False, False, False, False, True, True]
