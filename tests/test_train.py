"""Tests for newsclean.training.labels (dedupe, labelled documents) and training.train (fit, card)."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import stat
from argparse import Namespace
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest
from newsclean.data.pairs import Pair, load_pairs
from newsclean.features.segment import parse_blocks
from newsclean.model.cleaner import Cleaner, TrainConfig
from newsclean.training import train as train_mod
from newsclean.training.labels import Merge, PairReport, content_key, dedupe, labelled_docs, load_dedupe
from newsclean.training.train import reproduce_command, train, train_command

from newsclean.errors import NewscleanError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "pairs"
SEEDS = REPO / "data" / "seeds"

# Four small pairs, four publishers. Label counts come from their labels.json.
SMALL_PAIRS = ("creator-science-1", "culture-study-1", "it-brew-1", "mailbrew-1")
SMALL_PUBLISHERS = ["Creator Science (Jay Clouse)", "Culture Study (Anne Helen Petersen)",
                    "IT Brew (Morning Brew Inc.)", "Mailbrew Daily Digest"]
# Few trees, two inner folds: a fit takes seconds. Not meant to clean well.
SMALL_CONFIG = TrainConfig(max_iter=30, inner_folds=2)

INPUT = "# Weekly News\n\nStory one is about things.\n\n**Sponsored:** Buy our widget now.\n\nUnsubscribe here.\n"
OUTPUT = "# Weekly News\n\nStory one is about things.\n"


@pytest.fixture(scope="module")
def corpus() -> Path:
    """The labelled corpus beside the repo, or skip."""
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS} (tests that read the shared corpus skipped)")
    return CORPUS


def write_pair(folder: Path, output_md: str = OUTPUT, labels: dict[str, str] | None = None) -> Path:
    """A pair folder with INPUT, the given output and optional labels.json."""
    folder.mkdir(parents=True)
    (folder / "input.md").write_text(INPUT, encoding="utf-8")
    (folder / "output.md").write_text(output_md, encoding="utf-8")
    if labels is not None:
        (folder / "labels.json").write_text(json.dumps({"drop": labels}), encoding="utf-8")
    return folder


# --- labels -------------------------------------------------------------------------------------


def test_labels_json_gives_drops_and_categories(tmp_path: Path) -> None:
    (pair,) = load_pairs(write_pair(tmp_path / "news-1", labels={"2": "ad", "3": "footer"}))
    docs, reports = labelled_docs([pair], allow_additions=False)

    assert docs[0].y.tolist() == [0, 0, 1, 1]
    assert docs[0].categories == (None, None, "ad", "footer")
    assert (docs[0].group, docs[0].name) == ("news", "news-1")
    assert reports == [PairReport("news-1", "news", str(tmp_path / "news-1"), "labels.json", 4, 2,
                                  {"ad": 1, "footer": 1})]


def test_labels_json_wins_over_output(tmp_path: Path) -> None:
    # The output keeps the sponsored block; labels.json (hand-made by the rules) decides.
    (pair,) = load_pairs(write_pair(tmp_path / "news-1", output_md=INPUT, labels={"2": "ad"}))
    docs, _ = labelled_docs([pair], allow_additions=False)
    assert docs[0].y.tolist() == [0, 0, 1, 0]


def test_without_labels_alignment_decides_and_categories_are_unknown(tmp_path: Path) -> None:
    (pair,) = load_pairs(write_pair(tmp_path / "news-2"))
    docs, reports = labelled_docs([pair], allow_additions=False)

    assert docs[0].y.tolist() == [0, 0, 1, 1]
    assert docs[0].categories == (None, None, None, None)
    assert (reports[0].label_source, reports[0].dropped, reports[0].dropped_by_category) == ("alignment", 2, {})


def test_added_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "news-3", output_md="# Weekly News\n\nA brand new sentence nobody wrote.\n\n"
                                                       "Story one is about things.\n")
    (pair,) = load_pairs(folder)
    expected = (f'{folder}: output.md adds text not in input.md (line 3: "A brand new sentence nobody wrote."); '
                "fix the pair or pass --allow-additions")
    with pytest.raises(NewscleanError, match=f"^{re.escape(expected)}$"):
        labelled_docs([pair], allow_additions=False)


def test_added_line_allowed_warns_and_labels(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (pair,) = load_pairs(write_pair(tmp_path / "news-3", output_md=OUTPUT + "\nA brand new sentence.\n"))
    with caplog.at_level(logging.WARNING, logger="newsclean.training.labels"):
        docs, reports = labelled_docs([pair], allow_additions=True)

    assert docs[0].y.tolist() == [0, 0, 1, 1]
    assert [(a.line, a.text) for a in reports[0].additions] == [(5, "A brand new sentence.")]
    assert "news-3: output adds 1 line(s) not in the input (first: line 5)" in caplog.text


def test_many_additions_quoted_three_and_counted() -> None:
    pair = Pair("row", INPUT, "One new line.\n\nTwo new lines.\n\nThree.\n\nFour.\n\nFive.\n", None, "p", {}, "d.jsonl")
    with pytest.raises(NewscleanError, match=r'^d\.jsonl \(row\): output adds text not in input \(line 1: "One new '
                                             r'line\."; line 3: "Two new lines\."; line 5: "Three\."; and 2 more\)'):
        labelled_docs([pair], allow_additions=False)


def test_empty_input_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        docs, reports = labelled_docs([Pair("e", "\n\n", "", None, "p", {}, "e")], allow_additions=False)
    assert (docs, reports) == ([], [])
    assert "e: the input has no blocks; skipped" in caplog.text


def test_dedupe_sees_through_padding_and_whitespace(caplog: pytest.LogCaptureFixture) -> None:
    seed = Pair("seed", "Hi\u00ad\u034f\u200b there\r\n\r\nText.", "Hi there", None, "P", {}, "seeds/seed")
    other = Pair("other", "Something else", "", None, "P", {}, "x/other")
    labelled = Pair("corpus", "Hi there\n\n  Text.\n", "Hi there", {1: "footer"}, "P", {}, "corpus/corpus")
    assert content_key(seed.input) == content_key(labelled.input) == "HithereText."

    with caplog.at_level(logging.INFO, logger="newsclean.training.labels"):
        kept, merges = dedupe([seed, other, labelled])

    assert kept == [other, labelled]
    assert merges == [Merge("corpus", "corpus/corpus", "seed", "seeds/seed")]
    assert "merged duplicate pair seed (seeds/seed) into corpus (corpus/corpus)" in caplog.text


def test_seed_pairs_merge_into_labelled_corpus_pairs(corpus: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed pairs not found at {SEEDS}")
    kept, merges = load_dedupe([SEEDS, corpus])  # seeds first: the labelled corpus copy still wins

    assert len(kept) == len(load_pairs(corpus))
    assert sorted((m.kept, Path(m.kept_source).parent, Path(m.dropped_source).parent) for m in merges) == [
        (name, corpus, SEEDS) for name in ("bytebytego-ep168", "bytebytego-ep174", "bytebytego-spotify")
    ]
    assert all(pair.labels is not None for pair in kept)


def test_load_dedupe_needs_a_path() -> None:
    with pytest.raises(NewscleanError, match=r"^no pairs given; pass --pairs"):
        load_dedupe([])


# --- train ------------------------------------------------------------------------------------


def test_train_refuses_one_class(tmp_path: Path) -> None:
    (pair,) = load_pairs(write_pair(tmp_path / "all-kept", output_md=INPUT, labels={}))
    with pytest.raises(NewscleanError, match=r"^cannot fit on these pairs: the labels have one class only"):
        train([pair], config=SMALL_CONFIG)


def test_train_command_refuses_a_folder_as_out(tmp_path: Path) -> None:
    args = Namespace(pairs=[tmp_path], out=tmp_path, allow_additions=False, card=None, seed=None)
    with pytest.raises(NewscleanError, match=r"is a directory; --out takes the model file to write$"):
        train_command(args)


def test_reproduce_command_quotes_paths() -> None:
    args = Namespace(pairs=[Path("my pairs"), Path("seeds")], out=Path("m.skops"), allow_additions=True,
                     card=None, seed=None)
    assert reproduce_command(args, 0) == ("newsclean train --pairs 'my pairs' --pairs seeds --out m.skops "
                                          "--allow-additions --seed 0")
    args = Namespace(pairs=[Path("p")], out=Path("m.skops"), allow_additions=False, card=Path("c.md"),
                     holdout=Path("split.json"), seed=None)
    assert reproduce_command(args, 3) == ("newsclean train --pairs p --out m.skops --card c.md "
                                          "--holdout split.json --seed 3")


@pytest.fixture(scope="module")
def trained(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Namespace]:
    """`newsclean train --card` on the four small pairs with SMALL_CONFIG: exit code, stdout, args."""
    root = tmp_path_factory.mktemp("train")
    for name in SMALL_PAIRS:
        shutil.copytree(corpus / name, root / "pairs" / name)
    args = Namespace(pairs=[root / "pairs"], out=root / "model.skops", allow_additions=False,
                     card=root / "CARD.md", seed=7)
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, redirect_stdout(out):
        mp.setattr(train_mod, "DEFAULT_CONFIG", SMALL_CONFIG)
        code = train_command(args)
    return code, out.getvalue(), args


def test_train_command_prints_what_it_learned(trained: tuple[int, str, Namespace]) -> None:
    code, stdout, args = trained
    lines = stdout.splitlines()

    assert code == 0
    assert lines[0] == ("trained on 4 pairs from 4 publishers: 165 blocks, 90 dropped "
                        "(ad 29, self_promo 18, chrome 24, footer 15, tracking 4)")
    assert lines[1] == "labels: 4 from labels.json"
    assert lines[2] == f"publishers: {', '.join(SMALL_PUBLISHERS)}"
    assert lines[3] == "merged 0 duplicate pairs"
    assert lines[4].startswith("out of fold (inner folds grouped by publisher): drop precision ")
    assert lines[5].startswith("leave-one-publisher-out: drop precision ")
    assert lines[6:] == [f"saved model to {args.out}", f"wrote model card to {args.card}"]


def test_saved_model_carries_its_card(trained: tuple[int, str, Namespace]) -> None:
    _, _, args = trained
    cleaner = Cleaner.load(args.out)
    card = cleaner.card_

    assert list(card) == ["trained_on", "fit_report", "command", "lopo"]
    assert card["trained_on"] == {
        "pairs": [
            {"name": "creator-science-1", "publisher": SMALL_PUBLISHERS[0], "blocks": 68, "dropped": 29,
             "labels": "labels.json"},
            {"name": "culture-study-1", "publisher": SMALL_PUBLISHERS[1], "blocks": 27, "dropped": 16,
             "labels": "labels.json"},
            {"name": "it-brew-1", "publisher": SMALL_PUBLISHERS[2], "blocks": 22, "dropped": 22,
             "labels": "labels.json"},
            {"name": "mailbrew-1", "publisher": SMALL_PUBLISHERS[3], "blocks": 48, "dropped": 23,
             "labels": "labels.json"},
        ],
        "publishers": SMALL_PUBLISHERS,
        "documents": 4,
        "blocks": 165,
        "dropped": 90,
        "dropped_by_category": {"ad": 29, "self_promo": 18, "chrome": 24, "footer": 15, "tracking": 4},
        "label_sources": {"labels.json": 4},
        "merged": [],
    }
    assert card["command"] == (f"newsclean train --pairs {args.pairs[0]} --out {args.out} --card {args.card} "
                               "--seed 7")
    fit = card["fit_report"]
    assert (fit["documents"], fit["blocks"], fit["dropped"]) == (4, 165, 90)
    assert fit["config"] == {**fit["config"], "random_state": 7, "max_iter": 30, "inner_folds": 2}
    assert fit["threshold"] == cleaner.threshold_

    lopo = card["lopo"]
    assert [f["publisher"] for f in lopo["folds"]] == SMALL_PUBLISHERS
    block = lopo["totals"]["block"]
    assert block["tp"] + block["fn"] == 88  # scored dropped blocks (2 dropped rules are unscored)
    assert block["tp"] + block["fp"] + block["fn"] + block["tn"] == 161
    assert "snippet" not in json.dumps(lopo)  # the card keeps counts, not corpus text
    blocks = parse_blocks(load_pairs(args.pairs[0] / "it-brew-1")[0].input)
    decisions = cleaner.decide(blocks)
    assert [d.index for d in decisions] == list(range(len(blocks))) == list(range(22))


def test_model_card_markdown(trained: tuple[int, str, Namespace]) -> None:
    _, _, args = trained
    text = args.card.read_text(encoding="utf-8")
    cleaner = Cleaner.load(args.out)

    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# newsclean model card", "## Data", "## Model", f"### Features ({len(cleaner.feature_names_)})",
        "### Rules and what each is worth",
        "## Leave-one-publisher-out evaluation", "### Per held-out publisher", "### Recall per category",
        "### With and without history", "## Known weaknesses", "## Reproduce",
    ]
    assert "4 pairs from 4 publishers: 165 blocks, 90 dropped" in text
    assert "| games | - | 0 / 0 |" in text
    assert "| ad | " in text and "/ 29 |" in text
    assert all(f"| {publisher} | 1 | " in text for publisher in SMALL_PUBLISHERS)
    assert "Lowest-recall documents:" in text and "False drops (content lost;" in text
    assert text.endswith(f"```sh\n{cleaner.card_['command']}\n```\n")
    assert "`log_chars`" in text  # features are read from the fitted model


def test_jsonl_without_publisher_is_grouped_by_document_not_in_sample(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"input": (corpus / name / "input.md").read_text(encoding="utf-8"),
             "output": (corpus / name / "output.md").read_text(encoding="utf-8")} for name in SMALL_PAIRS]
    data = tmp_path / "pairs.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    seen: list[list[str]] = []
    real_fit = Cleaner.fit

    def spy(self: Cleaner, docs, progress=None, extra=()):  # type: ignore[no-untyped-def]
        seen.append([d.group for d in docs])
        return real_fit(self, docs, progress, extra)

    monkeypatch.setattr(Cleaner, "fit", spy)
    monkeypatch.setattr(train_mod, "DEFAULT_CONFIG", SMALL_CONFIG)
    args = Namespace(pairs=[data], out=tmp_path / "m.skops", allow_additions=False, card=None, seed=None)
    out = io.StringIO()
    with redirect_stdout(out):
        assert train_command(args) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("trained on 4 pairs from 1 publishers: ")
    assert lines[4].startswith("out of fold (inner folds grouped by document: all pairs have one publisher, so "
                               "expect less on another publisher's newsletters): drop precision ")
    assert len(seen) == 1 and len(set(seen[0])) == 4  # each document its own fold group: never scored in-sample
    card = Cleaner.load(args.out).card_
    assert card["fit_report"]["grouping"] == "document"
    assert card["fit_report"]["publishers"] == ["pairs"]  # the real one, not the fold groups
    assert stat.S_IMODE(args.out.stat().st_mode) == 0o666 & ~_umask()  # not mkstemp's 0600


def test_card_needs_two_publishers_before_fitting(tmp_path: Path) -> None:
    write_pair(tmp_path / "pairs" / "one-1", labels={"2": "ad", "3": "footer"})
    write_pair(tmp_path / "pairs" / "one-2", labels={"2": "ad", "3": "footer"})
    args = Namespace(pairs=[tmp_path / "pairs"], out=tmp_path / "m.skops", allow_additions=False,
                     card=tmp_path / "CARD.md", seed=None)
    with pytest.raises(NewscleanError, match=r"^--card needs pairs from 2 or more publishers .* got 1 \(one\)"):
        train_command(args)


def test_holdout_is_checked_before_fitting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad --holdout is refused before the long fit (it used to be read after the leave-one-publisher-out run)."""
    for name in ("one-1", "two-1"):
        pair = write_pair(tmp_path / "pairs" / name, labels={"2": "ad", "3": "footer"})
        with (pair / "input.md").open("a", encoding="utf-8") as f:  # two inputs, not one pair twice
            f.write(f"\nThe {name} issue.\n")

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("fitted before the --holdout was checked")

    monkeypatch.setattr(train_mod, "fit_docs", no_fit)

    def run(holdout: Path, card: Path | None = tmp_path / "CARD.md") -> None:
        train_command(Namespace(pairs=[tmp_path / "pairs"], out=tmp_path / "m.skops", allow_additions=False,
                                card=card, holdout=holdout, seed=None))

    with pytest.raises(NewscleanError, match=r"^--holdout adds the frozen split's figures .*: pass --card too$"):
        run(tmp_path / "split.json", card=None)
    with pytest.raises(NewscleanError, match=r"split\.json: cannot read the held-out publishers"):
        run(tmp_path / "split.json")
    for names in (["nobody"], ["one", "nobody"]):  # a typo is named, not ignored (a fresh-eyes review)
        (tmp_path / "split.json").write_text(json.dumps(names), encoding="utf-8")
        with pytest.raises(NewscleanError, match=r"^--holdout names publishers that none of the pairs has: nobody "
                                                 r"\(the pairs' publishers: one, two\)$"):
            run(tmp_path / "split.json")
    (tmp_path / "split.json").write_text(json.dumps(["one", "two"]), encoding="utf-8")
    with pytest.raises(NewscleanError, match=r"^--holdout must name some, but not all, of the pairs' publishers$"):
        run(tmp_path / "split.json")
    assert not (tmp_path / "m.skops").exists()


def test_output_paths_are_checked_before_fitting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A card path that is a folder, a model under a file, one file for both: refused before the long fit."""
    write_pair(tmp_path / "pairs" / "one-1", labels={"2": "ad", "3": "footer"})
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("fitted before the output paths were checked")

    monkeypatch.setattr(train_mod, "fit_docs", no_fit)
    for out, card, problem in (
            (tmp_path / "m.skops", tmp_path / "adir", r"adir: is a directory; --card takes a file to write$"),
            (tmp_path / "afile" / "m.skops", None, r"m\.skops: .*afile is not a folder; --out cannot write there$"),
            (tmp_path / "m.skops", tmp_path / "afile" / "c.md", r"c\.md: .*afile is not a folder; --card cannot "
                                                                r"write there$"),
            (tmp_path / "m.skops", tmp_path / "m.skops", r"--out and --card name the same file; give the card "
                                                         r"another name$")):
        with pytest.raises(NewscleanError, match=problem):
            train_command(Namespace(pairs=[tmp_path / "pairs"], out=out, allow_additions=False, card=card,
                                    seed=None))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_clean_view_is_the_kept_blocks_rendered_all_kept() -> None:
    from newsclean.features.fixes import render
    from newsclean.model.cleaner import clean_view, make_doc

    src = "# News &amp; notes\n\nStory one costs $5.\n\n**Sponsored:** Buy.\n\n## Later\n\nStory two.\n\nUnsubscribe.\n"
    blocks = parse_blocks(src)
    doc = make_doc(blocks, [0, 0, 1, 0, 0, 1], [None, None, "ad", None, None, "footer"], "Alpha", "alpha-1")
    view = clean_view(doc)
    assert view is not None and view.view and not doc.view
    expected = render([b for b, y in zip(blocks, doc.y, strict=True) if not y])
    assert [b.text for b in view.blocks] == [b.text for b in parse_blocks(expected)]
    assert view.blocks[1].text == "Story one costs \\$5." and view.y.tolist() == [0] * 4
    assert (view.group, view.name, view.categories) == ("Alpha", "alpha-1", (None,) * 4)
    assert clean_view(make_doc(blocks, [1] * 6, ["ad"] * 6, "Alpha", "alpha-1")) is None


def test_publishers_weigh_alike_by_the_balance_power() -> None:
    """A publisher's blocks share a weight divided by (its block count) ** publisher_balance; mean 1."""
    from newsclean.model.cleaner import Cleaner, TrainConfig, make_doc

    big = parse_blocks("".join(f"Story {k} is here.\n\n" for k in range(16)))
    small = parse_blocks("One story.\n\nUnsubscribe.\n\nAnother story.\n\nThe end.\n")
    docs = [make_doc(big, [0] * 16, [None] * 16, "Big", "big-1"),
            make_doc(small, [0, 1, 0, 0], [None, "footer", None, None], "Small", "small-1")]
    flat = Cleaner(config=TrainConfig(publisher_balance=0.0))._weights(docs)
    assert flat.tolist() == [1.0] * 20
    w = Cleaner(config=TrainConfig(publisher_balance=0.5))._weights(docs)
    assert len(w) == 20 and abs(w.mean() - 1.0) < 1e-12
    assert len(set(w[:16].tolist())) == 1 and len(set(w[16:].tolist())) == 1
    assert abs(w[16] / w[0] - 2.0) < 1e-12  # (16 / 4) ** 0.5
    full = Cleaner(config=TrainConfig(publisher_balance=1.0))._weights(docs)
    assert abs(full[:16].sum() - full[16:].sum()) < 1e-9  # each publisher weighs the same in all


def test_fit_learns_from_clean_views_but_reports_on_the_labelled_documents(corpus: Path) -> None:
    from newsclean.model.cleaner import Cleaner, TrainConfig
    from threadpoolctl import threadpool_limits

    docs, _ = labelled_docs([p for p in load_pairs(corpus) if p.name in (
        "tldr-ai-1", "bytebytego-ep168", "the-batch-1", "every-1")], allow_additions=False)
    with threadpool_limits(limits=1):
        with_views = Cleaner(config=TrainConfig(max_iter=20, inner_folds=2, clean_view_weight=0.5))
        report = with_views.fit(docs)
        without = Cleaner(config=TrainConfig(max_iter=20, inner_folds=2, clean_views=False))
        without.fit(docs)
    assert report.documents == len(docs) and report.blocks == sum(len(d.blocks) for d in docs)
    oof_docs, p2, offsets = with_views.oof_
    assert list(oof_docs) == list(docs) and len(p2) == offsets[-1] == report.blocks
    # the views changed the fit: the two models score a clean newsletter differently
    view_blocks = parse_blocks((corpus / "tldr-ai-1" / "output.md").read_text(encoding="utf-8"))
    assert [d.proba for d in with_views.decide(view_blocks)] != [d.proba for d in without.decide(view_blocks)]


def test_the_frozen_split_says_what_was_studied_of_it_since(tmp_path: Path) -> None:
    """``studied_since`` of a split file is printed under the split's figures on the card; none, nothing."""
    from types import SimpleNamespace

    from newsclean.training.model_card import _holdout_section
    from newsclean.training.train import read_holdout, read_holdout_notes

    split = tmp_path / "split.json"
    split.write_text(json.dumps({"confirm_publishers": ["A", "B"], "studied_since": ["One rule came from A."]}))
    assert (read_holdout(split), read_holdout_notes(split)) == (["A", "B"], ["One rule came from A."])
    counts = SimpleNamespace(precision=0.9, recall=0.8, f1=0.85)
    report = SimpleNamespace(by_block=counts, by_char=SimpleNamespace(lost=0.01), publishers=["A", "B"],
                             categories={"ad": SimpleNamespace(recall=1.0)})
    lines = _holdout_section(report, read_holdout_notes(split))  # type: ignore[arg-type]
    assert lines[-1] == "- One rule came from A." and "Studied since the split was frozen" in lines[-3]
    assert not any("Studied" in line for line in _holdout_section(report))  # type: ignore[arg-type]
    split.write_text(json.dumps(["A", "B"]))
    assert read_holdout_notes(split) == []
    split.write_text(json.dumps({"confirm_publishers": ["A"], "studied_since": "not a list"}))
    with pytest.raises(NewscleanError, match="studied_since"):
        read_holdout_notes(split)


def test_threshold_needs_precision_and_little_news_lost_out_of_fold() -> None:
    """The lowest threshold whose drop precision reaches the target *and* whose news lost (characters of
    blocks labelled keep that were dropped) stays within its bound; without the bound, precision alone."""
    from newsclean.model.cleaner import make_doc

    long_story = "A long story paragraph that a reader came for, told at length. " * 20
    src = "".join(f"Footer line {k}.\n\n" for k in range(40)) + long_story + "\n\n" + "Short kept line.\n\n" * 9
    blocks = parse_blocks(src)
    y = [1] * 40 + [0] * 10
    doc = make_doc(blocks, y, ["footer"] * 40 + [None] * 10, "Alpha", "alpha-1")
    p = np.array([0.99] * 40 + [0.6] + [0.05] * 9)  # the long story scores 0.6: dropped below 0.61
    offsets = np.array([0, len(blocks)])
    bounded = Cleaner(config=TrainConfig(rules=(), target_precision=0.97, target_news_lost=0.01))
    assert bounded._choose_threshold([doc], p, offsets) == 0.61  # precision 40/41 = 0.976 below, but 89% lost
    precision_only = Cleaner(config=TrainConfig(rules=(), target_precision=0.97, target_news_lost=None))
    assert precision_only._choose_threshold([doc], p, offsets) == 0.30


def test_extra_documents_weigh_by_extra_weight_and_views_keep_the_flag() -> None:
    from dataclasses import replace

    from newsclean.model.cleaner import Cleaner, TrainConfig, clean_view, make_doc

    blocks = parse_blocks("One story.\n\nUnsubscribe.\n\nAnother story.\n")
    real = make_doc(blocks, [0, 1, 0], [None, "footer", None], "Real", "real-1")
    extra = replace(make_doc(blocks, [0, 1, 0], [None, "footer", None], "Made", "made-1"), extra=True)
    view = clean_view(extra)
    assert view is not None and view.view and view.extra
    w = Cleaner(config=TrainConfig(extra_weight=0.25, clean_view_weight=0.5))._weights([real, extra, view])
    assert w.tolist() == [1.0] * 3 + [0.25] * 3 + [0.125] * 2


def test_extra_documents_are_fitted_on_but_never_scored(corpus: Path) -> None:
    """``fit(extra=...)``: the threshold, the out-of-fold figures and the categories are the labelled documents'."""
    from newsclean.model.cleaner import Cleaner, TrainConfig
    from threadpoolctl import threadpool_limits

    docs, _ = labelled_docs([p for p in load_pairs(corpus) if p.name in (
        "tldr-ai-1", "bytebytego-ep168", "the-batch-1", "every-1")], allow_additions=False)
    extra, _ = labelled_docs([p for p in load_pairs(corpus) if p.name in ("lennys-newsletter-1",)],
                             allow_additions=False)
    with threadpool_limits(limits=1):
        plain = Cleaner(config=TrainConfig(max_iter=20, inner_folds=2))
        plain.fit(docs)
        more = Cleaner(config=TrainConfig(max_iter=20, inner_folds=2))
        report = more.fit(docs, extra=extra)
    assert report.documents == len(docs) and report.blocks == sum(len(d.blocks) for d in docs)
    oof_docs, p2, offsets = more.oof_
    assert list(oof_docs) == list(docs) and len(p2) == offsets[-1] == report.blocks
    # the extra document changed the fit
    view_blocks = parse_blocks((corpus / "tldr-ai-1" / "output.md").read_text(encoding="utf-8"))
    assert [d.proba for d in more.decide(view_blocks)] != [d.proba for d in plain.decide(view_blocks)]


def test_extra_pairs_that_repeat_a_scored_pair_are_left_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from newsclean.training.evaluate import extra_docs, load_extra

    scored = load_pairs(write_pair(tmp_path / "scored-1", labels={"2": "ad", "3": "footer"}))
    other = tmp_path / "extra" / "other-1"
    other.mkdir(parents=True)
    (other / "input.md").write_text("# Other\n\nA story.\n\nUnsubscribe.\n", encoding="utf-8")
    (other / "output.md").write_text("# Other\n\nA story.\n", encoding="utf-8")
    write_pair(tmp_path / "extra" / "same-as-scored-1", labels={"2": "ad", "3": "footer"})

    with caplog.at_level(logging.INFO, logger="newsclean.training.evaluate"):
        docs, reports = load_extra([tmp_path / "extra"], scored)
    assert [r.name for r in reports] == [d.name for d in docs] == ["other-1"]
    assert "extra pair same-as-scored-1" in caplog.text and "left out of the extras" in caplog.text
    assert load_extra([], scored) == ([], [])
    with pytest.raises(NewscleanError, match=r"^the extra pairs have no blocks to learn from"):
        extra_docs(load_pairs(tmp_path / "extra" / "same-as-scored-1"), scored)


def test_reproduce_command_names_the_extra_pairs_and_their_weight() -> None:
    args = Namespace(pairs=[Path("p")], out=Path("m.skops"), allow_additions=False, card=None, seed=None,
                     extra=[Path("made up"), Path("more")], extra_weight=0.5)
    assert reproduce_command(args, 0) == ("newsclean train --pairs p --extra 'made up' --extra more "
                                          "--extra-weight 0.5 --out m.skops --seed 0")
    # the weight used is named in full even when it was the default: a later default builds another model
    args.extra_weight = None
    assert reproduce_command(args, 0, 0.1234567) == ("newsclean train --pairs p --extra 'made up' --extra more "
                                                     "--extra-weight 0.1234567 --out m.skops --seed 0")
    args.extra = None
    assert reproduce_command(args, 0, 0.25) == "newsclean train --pairs p --out m.skops --seed 0"


@pytest.mark.parametrize(("extra_groups", "fitted"), [(("A", "Z"), ["xZ-1"]), (("B", "Z"), ["xB-1", "xZ-1"])])
def test_each_fold_fits_on_the_extras_but_those_of_its_held_out_publisher(
        monkeypatch: pytest.MonkeyPatch, extra_groups: tuple[str, str], fitted: list[str]) -> None:
    """Leave-one-publisher-out with ``extra``: a fold never learns from its held-out publisher's pairs."""
    from newsclean.model.cleaner import make_doc
    from newsclean.training import evaluate as evaluate_mod

    blocks = parse_blocks("One story.\n\nUnsubscribe.\n\nAnother story.\n")
    docs = [make_doc(blocks, [0, 1, 0], [None, "footer", None], group, f"{group}-1") for group in ("A", "B", "C")]
    other = parse_blocks("Other story.\n\nUnsubscribe.\n\nMore.\n")  # (an extra that repeats a scored pair goes)
    extra = [make_doc(other, [0, 1, 0], [None, "footer", None], group, f"x{group}-1") for group in extra_groups]
    seen: list[tuple[list[str], list[str]]] = []

    def fit(self: Cleaner, train: list, progress: object = None, extra: list = ()) -> None:
        seen.append(([d.group for d in train], [d.name for d in extra]))
        raise ValueError("stop here")  # the first fold's (publisher A's) fit is all this test looks at

    monkeypatch.setattr(Cleaner, "fit", fit)
    with pytest.raises(NewscleanError, match=r"^fold A: cannot fit"):
        evaluate_mod.evaluate_docs(docs, cv="publisher", config=SMALL_CONFIG, extra=extra, history=False)
    assert seen == [(["B", "C"], fitted)]


def test_the_frozen_split_fit_leaves_out_the_held_out_publishers_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean.model.cleaner import make_doc

    blocks = parse_blocks("One story.\n\nUnsubscribe.\n\nAnother story.\n")
    docs = [make_doc(blocks, [0, 1, 0], [None, "footer", None], group, f"{group}-1") for group in ("A", "B", "C")]
    other = parse_blocks("Other story.\n\nUnsubscribe.\n\nMore.\n")
    extra = [make_doc(other, [0, 1, 0], [None, "footer", None], group, f"x{group}-1") for group in ("A", "B", "Z")]
    extra.append(make_doc(blocks, [0, 1, 0], [None, "footer", None], "Y", "same-as-A-1"))  # repeats held-out A-1
    seen: list[tuple[list[str], list[str]]] = []

    def fit_docs(rest: list, *, config: object = None, extra: list = ()) -> None:
        seen.append(([d.group for d in rest], [d.name for d in extra]))
        raise NewscleanError("stop here")

    monkeypatch.setattr(train_mod, "fit_docs", fit_docs)
    with pytest.raises(NewscleanError, match="stop here"):
        train_mod.holdout_evaluation(docs, ["A"], SMALL_CONFIG, extra)
    assert seen == [(["B", "C"], ["xB-1", "xZ-1"])]


def test_evaluate_refuses_extra_pairs_without_cross_validation(tmp_path: Path) -> None:
    from newsclean.training.evaluate import evaluate_command

    write_pair(tmp_path / "pairs" / "a-1", labels={"2": "ad", "3": "footer"})
    args = Namespace(pairs=[tmp_path / "pairs"], model=None, cv=None, json=None, threshold=None,
                     extra=[tmp_path / "pairs"], extra_weight=None)
    with pytest.raises(NewscleanError, match=r"^--extra pairs are fitted on, never scored: they need --cv publisher"):
        evaluate_command(args)
    args.cv, args.extra, args.extra_weight = "publisher", None, 0.5
    with pytest.raises(NewscleanError, match=r"^--extra-weight weighs the --extra pairs: pass --extra too$"):
        evaluate_command(args)
    with pytest.raises(NewscleanError, match=r"^--extra-weight weighs the --extra pairs: pass --extra too$"):
        train_command(Namespace(pairs=[tmp_path / "pairs"], out=tmp_path / "m.skops", allow_additions=False,
                                card=None, seed=None, extra=None, extra_weight=0.5))
    with pytest.raises(NewscleanError, match=r"^--jobs sets the processes fitting the folds of the model card's"):
        train_command(Namespace(pairs=[tmp_path / "pairs"], out=tmp_path / "m.skops", allow_additions=False,
                                card=None, seed=None, extra=None, extra_weight=None, jobs=2))


@pytest.fixture(scope="module")
def trained_with_extra(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Namespace]:
    """`newsclean train --card --extra` on three small pairs, a fourth as the extra: stdout, args."""
    root = tmp_path_factory.mktemp("train-extra")
    for name in SMALL_PAIRS[:3]:
        shutil.copytree(corpus / name, root / "pairs" / name)
    shutil.copytree(corpus / SMALL_PAIRS[3], root / "extra" / SMALL_PAIRS[3])
    args = Namespace(pairs=[root / "pairs"], out=root / "model.skops", allow_additions=False,
                     card=root / "CARD.md", seed=7, extra=[root / "extra"], extra_weight=0.5)
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, redirect_stdout(out):
        mp.setattr(train_mod, "DEFAULT_CONFIG", SMALL_CONFIG)
        assert train_command(args) == 0
    return out.getvalue(), args


def test_train_with_extra_pairs_says_so_and_scores_the_pairs_alone(trained_with_extra: tuple[str, Namespace]) -> None:
    stdout, args = trained_with_extra
    lines = stdout.splitlines()
    assert lines[0].startswith("trained on 3 pairs from 3 publishers: 117 blocks")
    assert lines[4] == ("also fitted on 1 extra pairs from 1 publishers (never scored): 48 blocks, 23 dropped, "
                        "weight 0.5")
    card = Cleaner.load(args.out).card_
    extra = card["trained_on"]["extra"]
    assert [p["name"] for p in extra["pairs"]] == ["mailbrew-1"] and extra["publishers"] == [SMALL_PUBLISHERS[3]]
    assert card["fit_report"]["config"]["extra_weight"] == 0.5
    assert (card["fit_report"]["documents"], card["fit_report"]["blocks"]) == (3, 117)
    assert [f["publisher"] for f in card["lopo"]["folds"]] == SMALL_PUBLISHERS[:3]  # the extra is never scored
    assert "--extra " in card["command"] and "--extra-weight 0.5" in card["command"]
    assert "Also fitted on 1 extra pairs (`--extra`) from 1 publishers" in args.card.read_text(encoding="utf-8")


def test_threshold_grid_reaches_past_095_when_precision_asks_for_it() -> None:
    """A fit whose out-of-fold precision reaches the target only above 0.95 gets that threshold, not the
    best-F0.5 fallback at 0.95 (the grid stopped at 0.95 until session 27)."""
    from newsclean.model.cleaner import THRESHOLD_GRID, make_doc

    assert THRESHOLD_GRID[0] == 0.30 and THRESHOLD_GRID[-1] == 0.99 and len(THRESHOLD_GRID) == 70
    src = "".join(f"Footer line {k}.\n\n" for k in range(30)) + "Kept line.\n\n" * 10
    blocks = parse_blocks(src)
    doc = make_doc(blocks, [1] * 30 + [0] * 10, ["footer"] * 30 + [None] * 10, "Alpha", "alpha-1")
    p = np.array([0.99] * 30 + [0.965] * 2 + [0.05] * 8)  # two kept lines read 0.965: dropped up to 0.96
    offsets = np.array([0, len(blocks)])
    cleaner = Cleaner(config=TrainConfig(rules=(), target_precision=0.97, target_news_lost=None))
    assert cleaner._choose_threshold([doc], p, offsets) == 0.97  # 30/32 = 0.94 below
