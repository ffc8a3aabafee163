"""Tests for newsclean.training.report: the self-contained HTML report and the baselines in JSON."""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import write_pair
from newsclean.data.pairs import Pair, load_pairs
from newsclean.features.segment import Block
from newsclean.model.cleaner import Cleaner, Decision, TrainConfig
from newsclean.training import evaluate as evaluate_mod
from newsclean.training.baselines import trafilatura_available
from newsclean.training.evaluate import evaluate
from newsclean.training.report import threshold_for_precision, to_html

from newsclean.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "pairs"
LOPO_PAIRS = ("culture-study-1", "it-brew-1", "mailbrew-1")  # three small pairs of three publishers
SMALL_CONFIG = TrainConfig(max_iter=30, inner_folds=2)  # a fit in seconds; not meant to clean well

SCRIPT = '<script>alert("pwned")</script>'
EVIL_IMG = '<img src="https://evil.example.com/x.png" onerror="alert(1)">'


class Sponsorless(Cleaner):
    """A stand-in model: drops blocks with "Sponsored" or "Unsubscribe", probability 0.9, else 0.2."""

    def __init__(self) -> None:
        super().__init__()
        self.threshold_ = 0.5

    def decide(self, blocks: Sequence[Block], threshold: float | None = None, *,
               categories: bool = False, history: object = None, exclude_self: bool = False) -> list[Decision]:
        out = []
        for b in blocks:
            p = 0.9 if ("Sponsored" in b.text or "Unsubscribe" in b.text) else 0.2
            out.append(Decision(b.index, p < 0.5, p, None, "stub"))
        return out


@pytest.fixture
def evil_pairs(tmp_path: Path) -> list[Pair]:
    """Two hand-labelled pairs; one carries a script and an image tag in its text."""
    write_pair(tmp_path / "alpha-1", f"# Weekly News\n\nStory one is about things.\n\n{SCRIPT}\n\n{EVIL_IMG}\n\n"
               "**Sponsored:** Buy our widget now.\n\nUnsubscribe here.\n", {"4": "ad", "5": "footer"}, "Alpha")
    write_pair(tmp_path / "beta-1", "# Beta\n\nA story that is kept.\n\nSponsored quiz: what is 2+2?\n",
               {"2": "games"}, "Beta")
    return load_pairs(tmp_path)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def assert_self_contained(page: str) -> None:
    tags = parse(page)
    names = [t for t, _ in tags.tags]
    assert "script" not in names and "link" not in names and "iframe" not in names
    for tag, attrs in tags.tags:
        for key in ("src", "href"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)  # no event handlers
    style = "".join(tags.styles)
    assert "@import" not in style and "url(" not in style


def test_html_is_self_contained_and_escapes_newsletter_text(evil_pairs: list[Pair]) -> None:
    page = to_html(evaluate(evil_pairs, model=Sponsorless()))
    assert_self_contained(page)
    assert html_escaped(SCRIPT) in page and html_escaped(EVIL_IMG) in page
    assert SCRIPT not in page and "evil.example.com/x.png\"" not in page
    assert "<svg xmlns='http://www.w3.org/2000/svg'" in page and "<polyline" in page  # the curve, inline
    assert "<table class=headline>" in page
    for row in ("newsclean model", "baseline: keep-all", "baseline: rules"):
        assert f"<td class=l>{row}</td>" in page
    for category in ("ad", "self_promo", "chrome", "footer", "tracking", "games"):
        assert f"<th>{category}</th>" in page
    assert "<del>" not in page.split("<h2>Documents</h2>")[1].split("</p>", 1)[1]  # blocks use CSS, not <del>


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_html_lists_false_drops_before_missed_with_probabilities(evil_pairs: list[Pair]) -> None:
    page = to_html(evaluate(evil_pairs, model=Sponsorless()))
    beta = page.split("<section id='doc-beta-1'>")[1].split("</section>")[0]
    # beta: the games block is dropped (a labelled drop): no mistakes
    assert "no mistakes." in beta
    alpha = page.split("<section id='doc-alpha-1'>")[1].split("</section>")[0]
    assert "no mistakes." in alpha
    assert "p=0.90" in alpha and "p=0.20" in alpha
    assert alpha.count("class='blk dropped'") == 2


def test_mistakes_are_listed_false_drops_first(tmp_path: Path) -> None:
    write_pair(tmp_path / "gamma-1", "# Gamma\n\nSponsored by nobody: a real story.\n\nBuy now.\n",
               {"2": "ad"}, "Gamma")
    page = to_html(evaluate(load_pairs(tmp_path), model=Sponsorless()))
    errors = re.search(r"<ol class=err>(.*?)</ol>", page, re.S)
    assert errors is not None
    items = re.findall(r"<li>(.*?)</li>", errors.group(1))
    assert items[0].startswith("<b>false drop</b> #1 p=0.900")
    assert items[1].startswith("missed ad #2 p=0.200")


def test_threshold_for_precision() -> None:
    assert threshold_for_precision([1, 1, 0, 1], [0.9, 0.8, 0.7, 0.6]) == (0.8, 1.0, 2 / 3)
    assert threshold_for_precision([0, 1], [0.9, 0.1]) is None


def test_json_has_baselines_with_keep_all_and_rules(evil_pairs: list[Pair]) -> None:
    data = json.loads(evaluate(evil_pairs, model=Sponsorless()).to_json())
    baselines = data["baselines"]
    assert list(baselines)[:2] == ["keep-all", "rules"]
    keep_all = baselines["keep-all"]
    assert keep_all["totals"]["block"]["recall"] == 0.0 and keep_all["totals"]["block"]["fp"] == 0
    assert [d["name"] for d in keep_all["documents"]] == ["alpha-1", "beta-1"]
    assert list(keep_all["categories"]) == ["ad", "self_promo", "chrome", "footer", "tracking", "games"]
    rules = baselines["rules"]["totals"]["block"]
    assert (rules["tp"], rules["fp"], rules["fn"]) == (1, 0, 2)  # "Unsubscribe" only


@pytest.fixture(scope="module")
def lopo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    """`newsclean evaluate --cv publisher --report --json` on three small corpus pairs (tiny config)."""
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS}")
    root = tmp_path_factory.mktemp("report")
    for name in LOPO_PAIRS:
        shutil.copytree(CORPUS / name, root / "pairs" / name)
    logger = logging.getLogger("newsclean")  # main() configures it: put it back for the other tests
    level, handlers = logger.level, list(logger.handlers)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(evaluate_mod, "DEFAULT_CONFIG", SMALL_CONFIG)
            code = main(["evaluate", "--pairs", str(root / "pairs"), "--cv", "publisher", "-q",
                         "--report", str(root / "out" / "r.html"), "--json", str(root / "out" / "r.json")])
    finally:
        logger.setLevel(level)
        logger.handlers[:] = handlers
    assert code == 0
    return ((root / "out" / "r.html").read_text(encoding="utf-8"),
            json.loads((root / "out" / "r.json").read_text(encoding="utf-8")))


def test_cli_lopo_report(lopo_report: tuple[str, dict[str, object]]) -> None:
    page, data = lopo_report
    assert_self_contained(page)
    assert "leave-one-publisher-out over 3 publishers" in page
    for name in LOPO_PAIRS:
        assert f"<section id='doc-{name}'>" in page
    assert re.search(r"a user needs threshold <b>[0-9.]+</b>|No threshold reaches drop precision", page)
    baselines = data["baselines"]
    assert isinstance(baselines, dict)
    assert list(baselines) == ["keep-all", "rules", *(["trafilatura"] if trafilatura_available() else [])]
    assert ("baseline: trafilatura" in page) == trafilatura_available()


class Ruled(Sponsorless):
    """Sponsorless, with a section rule's reason on drops of the block after a "Sponsored" one."""

    def decide(self, blocks: Sequence[Block], threshold: float | None = None, *,
               categories: bool = False, history: object = None, exclude_self: bool = False) -> list[Decision]:
        out = super().decide(blocks, threshold, categories=categories)
        for i in range(1, len(out)):
            if "Sponsored" in blocks[i - 1].text:
                out[i] = Decision(i, False, 0.3, None, f"in sponsored section of block {i - 1} (model p=0.30)")
        return out


def test_section_rule_drops_show_the_rule_not_only_the_probability(tmp_path: Path) -> None:
    write_pair(tmp_path / "delta-1", "# Delta\n\nSponsored: a widget.\n\nStory about a widget.\n", {"1": "ad"},
               "Delta")
    page = to_html(evaluate(load_pairs(tmp_path), model=Ruled()))
    assert "<li><b>false drop</b> #2 p=0.300, in sponsored section of block 1: <code>Story" in page
    assert "<br><i>in sponsored section of block 1</i>" in page  # beside the block too


def test_documents_worst_first_and_only_the_worst_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean.training import report as report_mod

    monkeypatch.setattr(report_mod, "OPEN_DOCUMENTS", 1)
    write_pair(tmp_path / "a-clean-1", "# A\n\nA story.\n\nUnsubscribe here.\n", {"2": "footer"}, "A")
    write_pair(tmp_path / "b-missed-1", "# B\n\nA story.\n\nBuy now.\n", {"2": "ad"}, "B")
    write_pair(tmp_path / "c-false-1", "# C\n\nSponsored by nobody: a story.\n\nBuy it.\n", {"2": "ad"}, "C")
    page = to_html(evaluate(load_pairs(tmp_path), model=Sponsorless()))
    docs = page.split("<h2>Documents</h2>")[1]
    order = re.findall(r"<section id='doc-([\w-]+)'>", docs)
    assert order == ["c-false-1", "b-missed-1", "a-clean-1"]  # false drops, then missed, then none
    table_order = re.findall(r"<a href='#doc-([\w-]+)'>", page)
    assert table_order == order
    assert docs.count("<details open>") == 1 and "<section id='doc-c-false-1'>" in docs.split("<details open>")[0]


def test_keep_all_figures_without_meaning_read_n_a(evil_pairs: list[Pair]) -> None:
    page = to_html(evaluate(evil_pairs, model=Sponsorless()))
    keep_all = re.search(r"<td class=l>baseline: keep-all</td>(.*?)</tr>", page)
    assert keep_all is not None
    cells = re.findall(r"<td>([^<]*)", keep_all.group(1))
    assert cells[:6] == ["n/a", "0.000", "n/a", "n/a", "0.000", "n/a"]  # P R F1 by block, by char
    per_doc = page.split("<h2>Per document</h2>")[1].split("</table>")[0]
    assert "<th>F1 keep-all</th>" in per_doc
    rows = re.findall(r"<tr>(<td class=l><a.*?)</tr>", per_doc)
    assert rows and all(re.findall(r"<td>([^<]*)</td>", row)[-2] == "n/a" for row in rows)  # the keep-all column
