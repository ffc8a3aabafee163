"""markup.words: the rewritten word alternations find exactly what ``\\b(?:...)\\b`` finds."""

from __future__ import annotations

import random
import re

import pytest
from newsclean.features.markup import _spoken, fold, words

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
