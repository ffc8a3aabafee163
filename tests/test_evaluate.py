"""Tests for newsclean.training.evaluate: scoring a model, leave-one-publisher-out, text and JSON."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import stat
from argparse import Namespace
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers import write_pair
from newsclean.data.pairs import Pair, load_pairs
from newsclean.features.segment import Block
from newsclean.model.cleaner import Cleaner, Decision, TrainConfig
from newsclean.training import evaluate as evaluate_mod
from newsclean.training.evaluate import (
    NOTE_CV,
    NOTE_HISTORY,
    NOTE_MODEL,
    ThresholdFallbacks,
    evaluate,
    evaluate_command,
    write_text_atomic,
)

from newsclean.errors import NewscleanError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "pairs"

# Three small pairs of three publishers; their labels give 96 scored blocks, 60 of them drops.
LOPO_PAIRS = ("culture-study-1", "it-brew-1", "mailbrew-1")
LOPO_PUBLISHERS = ["Culture Study (Anne Helen Petersen)", "IT Brew (Morning Brew Inc.)", "Mailbrew Daily Digest"]
SMALL_CONFIG = TrainConfig(max_iter=30, inner_folds=2)  # a fit in seconds; not meant to clean well

JSON_KEYS = ["schema", "mode", "model", "note", "thresholds", "pairs", "unscored_blocks", "totals", "news_lost",
             "without_history", "categories", "folds", "documents", "baselines"]
COUNT_KEYS = ["precision", "recall", "f1", "tp", "fp", "fn", "tn"]
CATEGORY_ORDER = ["ad", "self_promo", "chrome", "footer", "tracking", "games"]


class DropAll(Cleaner):
    """A stand-in model that drops every block: figures follow from the labels alone."""

    def __init__(self) -> None:
        super().__init__()
        self.threshold_ = 0.4
        self.card_ = {"trained_on": {"pairs": ["x", "y"]}}

    def decide(self, blocks: Sequence[Block], threshold: float | None = None, *,
               categories: bool = False, history: object = None, exclude_self: bool = False) -> list[Decision]:
        return [Decision(b.index, False, 1.0, None, "stub") for b in blocks]


@pytest.fixture
def tiny_pairs(tmp_path: Path) -> list[Pair]:
    """Two hand-labelled pairs of two publishers (one rule, unscored)."""
    write_pair(tmp_path / "alpha-1", "# Weekly News\n\nStory one is about things.\n\n"
               "**Sponsored:** Buy our widget now.\n\nUnsubscribe here.\n", {"2": "ad", "3": "footer"}, "Alpha")
    write_pair(tmp_path / "beta-1", "# Beta\n\n---\n\nQuiz: what is 2+2?\n", {"1": "chrome", "2": "games"}, "Beta")
    return load_pairs(tmp_path)


# Drop everything: alpha tp 2 (34+17 chars) fp 2 (13+26); beta tp 1 (18) fp 1 (6), its rule unscored.
EXPECTED_TEXT = """\
newsclean evaluate: scoring a given model (trained on 2 pairs)
these figures are on the pairs given, whatever they are: if the model was trained on them, they are \
training-set figures, not an estimate for new newsletters (use --cv publisher for that). Decisions are those \
of clean()'s output: every pass (a block a later pass dropped counts as dropped), not the first pass alone. \
History: each pair was decided with the other pairs' inputs as history (as a folder is cleaned).
pairs: 2 from 2 publishers; threshold: 0.40; unscored blocks (no letters or digits): 1

drop       precision  recall     F1      tp     fp     fn
by block       0.500   1.000  0.667       3      3      0
by char        0.605   1.000  0.754      69     45      0
news lost  100.00% of the characters labelled keep were dropped (45 of 45)
without history (each pair on its own, as one file is cleaned): precision 0.500, recall 1.000, F1 0.667 by block; \
news lost 100.00%; ad recall 1.00

recall by category (blocks)
category    recall  (dropped/all)
ad            1.00          (1/1)
self_promo       -          (0/0)
chrome           -          (0/0)
footer        1.00          (1/1)
tracking         -          (0/0)
games         1.00          (1/1)

per document (P R F1 by block, then by char; false = kept blocks dropped, missed = drops kept)
document  blocks  drops      P      R     F1  P chr  R chr  F1 chr  false  missed
alpha-1        4      2  0.500  1.000  0.667  0.567  1.000   0.723      2       0
beta-1         2      1  0.500  1.000  0.667  0.750  1.000   0.857      1       0
"""


def test_model_mode_text_is_exact(tiny_pairs: list[Pair]) -> None:
    report = evaluate(tiny_pairs, model=DropAll())
    assert report.to_text() == EXPECTED_TEXT


def test_model_mode_json(tiny_pairs: list[Pair]) -> None:
    data = json.loads(evaluate(tiny_pairs, model=DropAll(), threshold=0.25).to_json())

    assert list(data) == JSON_KEYS
    assert (data["schema"], data["mode"], data["note"]) == ("newsclean-evaluate/1", "model", NOTE_MODEL + NOTE_HISTORY)
    assert data["thresholds"] == {"model": 0.25}
    assert data["pairs"] == {"count": 2, "publishers": ["Alpha", "Beta"], "merged": []}
    assert data["unscored_blocks"] == 1
    assert data["totals"]["block"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 3, "fp": 3, "fn": 0,
                                       "tn": 0}
    assert list(data["totals"]["char"]) == COUNT_KEYS
    assert data["news_lost"] == 1.0  # everything was dropped: all that should be kept is lost
    assert data["categories"] == {
        "ad": {"recall": 1.0, "dropped": 1, "total": 1},
        "self_promo": {"recall": None, "dropped": 0, "total": 0},
        "chrome": {"recall": None, "dropped": 0, "total": 0},
        "footer": {"recall": 1.0, "dropped": 1, "total": 1},
        "tracking": {"recall": None, "dropped": 0, "total": 0},
        "games": {"recall": 1.0, "dropped": 1, "total": 1},
    }
    assert data["folds"] == []
    assert data["documents"][1] == {
        "name": "beta-1", "publisher": "Beta", "threshold": 0.25, "scored": 2, "unscored": 1,
        "block": {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0, "tn": 0},
        "char": {"precision": 0.75, "recall": 1.0, "f1": 0.8571, "tp": 18, "fp": 6, "fn": 0, "tn": 0},
        "categories": {"games": {"recall": 1.0, "dropped": 1, "total": 1}},
        "false_drops": [{"index": 0, "snippet": "# Beta"}],
        "missed": [],
    }


class ErodesOnce(DropAll):
    """Drops the sponsored block; drops "Unsubscribe" only once no sponsored block is left (a later pass)."""

    def decide(self, blocks: Sequence[Block], threshold: float | None = None, *,
               categories: bool = False, history: object = None, exclude_self: bool = False) -> list[Decision]:
        sponsored = any("Sponsored" in b.text for b in blocks)
        return [Decision(b.index, not ("Sponsored" in b.text or (not sponsored and "Unsubscribe" in b.text)),
                         0.0, None, "stub") for b in blocks]


def test_figures_are_those_of_cleans_output_every_pass(tiny_pairs: list[Pair]) -> None:
    # alpha-1: the first pass drops the ad, the second the footer; clean()'s output has neither
    data = json.loads(evaluate(tiny_pairs[:1], model=ErodesOnce()).to_json())
    block = data["totals"]["block"]
    assert (block["tp"], block["fp"], block["fn"]) == (2, 0, 0)


def test_duplicates_are_merged_and_reported(tiny_pairs: list[Pair]) -> None:
    copy = Pair("copy", tiny_pairs[1].input.replace("Beta", "Be\u00adta"), "", None, "Beta", {}, "elsewhere/copy")
    report = evaluate([copy, *tiny_pairs], model=DropAll())
    assert [s.name for s in report.documents] == ["alpha-1", "beta-1"]
    assert report.to_dict()["pairs"]["merged"] == [
        {"kept": "beta-1", "kept_source": tiny_pairs[1].source, "dropped": "copy", "dropped_source": "elsewhere/copy"}
    ]
    assert "2 from 2 publishers, 1 duplicate(s) merged;" in report.to_text()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cv": "folds"}, r"^unknown cross-validation 'folds'; allowed: publisher$"),
        ({"cv": "publisher", "model": DropAll()}, r"^--cv publisher fits a fresh model per held-out publisher"),
        ({"model": DropAll(), "threshold": 1.5}, r"^threshold 1\.5 is outside 0\.\.1$"),
    ],
)
def test_bad_arguments(tiny_pairs: list[Pair], kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(NewscleanError, match=message):
        evaluate(tiny_pairs, **kwargs)


def test_cv_needs_two_publishers(tiny_pairs: list[Pair]) -> None:
    with pytest.raises(NewscleanError, match=r"^--cv publisher needs pairs from 2 or more publishers; got 1 \(Beta\)$"):
        evaluate(tiny_pairs[1:], cv="publisher")


def test_command_scores_the_given_model_file(tiny_pairs: list[Pair], monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import newsclean.model.pipeline as pipeline

    asked: list[object] = []

    def load_model(path: object) -> Cleaner:
        asked.append(path)
        return DropAll()

    monkeypatch.setattr(pipeline, "load_model", load_model)
    folder = Path(tiny_pairs[0].source).parent
    args = Namespace(pairs=[folder], model=Path("some/model.skops"), cv=None, json=None, threshold=0.3)

    assert evaluate_command(args) == 0
    out = capsys.readouterr().out
    assert asked == [Path("some/model.skops")]
    assert out.splitlines()[:2] == ["newsclean evaluate: scoring some/model.skops", NOTE_MODEL + NOTE_HISTORY]
    assert "; threshold: 0.30;" in out


def test_command_refuses_model_with_cv(tmp_path: Path) -> None:
    args = Namespace(pairs=[tmp_path], model=Path("m.skops"), cv="publisher", json=None, threshold=None)
    with pytest.raises(NewscleanError, match=r"^--cv publisher fits a fresh model per held-out publisher"):
        evaluate_command(args)


def test_write_text_atomic(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "scores.json"
    write_text_atomic(target, "one\n")
    write_text_atomic(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    assert [p.name for p in target.parent.iterdir()] == ["scores.json"]  # no temporary file left
    with pytest.raises(NewscleanError, match=r"is a directory, expected a file to write$"):
        write_text_atomic(tmp_path, "x")


def test_write_text_atomic_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "r.html", "<p>x</p>\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == 0o644  # not mkstemp's 0600


def test_threshold_fallbacks_are_reported_once_with_the_count(caplog: pytest.LogCaptureFixture) -> None:
    cleaner_log = logging.getLogger("newsclean.model.cleaner")
    with caplog.at_level(logging.INFO, logger="newsclean"), ThresholdFallbacks("fold", 5):
        for _ in range(3):
            cleaner_log.info("no threshold reaches drop precision %.2f out of fold; using %.2f (best F0.5 %.3f)",
                             0.97, 0.5, 0.8)
        cleaner_log.info("another message")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["another message",
                        "no threshold reaches drop precision 0.97 out of fold in 3 of 5 folds: those use the threshold "
                        "with the best F0.5 (see the thresholds per fold)"]
    assert not cleaner_log.filters  # the filter is gone afterwards


# --- leave-one-publisher-out on corpus pairs ----------------------------------------------------


@pytest.fixture(scope="module")
def lopo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, dict[str, Any], str]:
    """`newsclean evaluate --cv publisher --json` on three small pairs: exit code, stdout, JSON, log."""
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS} (tests that read the shared corpus skipped)")
    root = tmp_path_factory.mktemp("lopo")
    for name in LOPO_PAIRS:
        shutil.copytree(CORPUS / name, root / "pairs" / name)
    args = Namespace(pairs=[root / "pairs"], model=None, cv="publisher", json=root / "out" / "scores.json",
                     threshold=None, jobs=1)
    records: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("newsclean.training.evaluate")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    stdout = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, redirect_stdout(stdout):
        mp.setattr(evaluate_mod, "DEFAULT_CONFIG", SMALL_CONFIG)
        try:
            code = evaluate_command(args)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
    data = json.loads(args.json.read_text(encoding="utf-8"))
    return code, stdout.getvalue(), data, "\n".join(records)


def test_lopo_text_headline_first(lopo_run: tuple[int, str, dict[str, Any], str]) -> None:
    code, stdout, _, _ = lopo_run
    lines = stdout.splitlines()
    assert code == 0
    assert lines[0] == ("newsclean evaluate: leave-one-publisher-out over 3 publishers "
                        "(a fresh Cleaner per fold, TrainConfig random_state=0)")
    assert lines[1] == NOTE_CV + NOTE_HISTORY
    assert lines[2].startswith("pairs: 3 from 3 publishers; threshold: ")
    assert lines[4].split() == ["drop", "precision", "recall", "F1", "tp", "fp", "fn"]
    assert lines[5].startswith("by block ") and lines[6].startswith("by char ")
    assert lines[7].startswith("news lost ")
    assert lines[8].startswith("without history (each pair on its own")
    assert lines[10] == "recall by category (blocks)"
    assert "per held-out publisher (P R F1 by block, then by char)" in lines
    assert [line.split()[0] for line in lines[-3:]] == list(LOPO_PAIRS)


def test_lopo_json_keys_and_per_fold_figures(lopo_run: tuple[int, str, dict[str, Any], str]) -> None:
    _, _, data, _ = lopo_run
    assert list(data) == JSON_KEYS
    assert (data["mode"], data["note"]) == ("cv-publisher", NOTE_CV + NOTE_HISTORY)
    assert list(data["thresholds"]) == LOPO_PUBLISHERS
    assert list(data["categories"]) == CATEGORY_ORDER
    folds = data["folds"]
    assert [(f["publisher"], f["documents"], f["train_documents"]) for f in folds] == [
        (publisher, [name], 2) for publisher, name in zip(LOPO_PUBLISHERS, LOPO_PAIRS, strict=True)
    ]
    for fold in folds:
        assert list(fold) == ["publisher", "documents", "train_documents", "threshold", "block", "char"]
        assert list(fold["block"]) == COUNT_KEYS and list(fold["char"]) == COUNT_KEYS
        assert fold["threshold"] == data["thresholds"][fold["publisher"]]
    block = data["totals"]["block"]
    # The labels fix what should be dropped, whatever the model does: 96 scored blocks, 60 drops.
    assert (block["tp"] + block["fn"], block["tp"] + block["fp"] + block["fn"] + block["tn"]) == (60, 96)
    for key in ("tp", "fp", "fn", "tn"):
        assert block[key] == sum(f["block"][key] for f in folds)
    assert [d["name"] for d in data["documents"]] == list(LOPO_PAIRS)
    assert sum(c["total"] for c in data["categories"].values()) == 60


def test_lopo_progress_is_logged_per_fold(lopo_run: tuple[int, str, dict[str, Any], str]) -> None:
    _, _, _, log_text = lopo_run
    assert "fold 1/3: Culture Study (Anne Helen Petersen) held out (1 pair(s)); fitting on 2 pair(s)" in log_text
    assert "fold 3/3: Mailbrew Daily Digest precision " in log_text
    assert "wrote " in log_text


def test_lopo_in_worker_processes_gives_the_same_report(caplog: pytest.LogCaptureFixture) -> None:
    """Folds fitted in two worker processes (``jobs=2``): every figure, threshold and decision is the serial run's,
    each fold's progress is logged under its own number, and a worker's threshold fallbacks are reported once."""
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS} (tests that read the shared corpus skipped)")
    pairs = [p for name in LOPO_PAIRS for p in load_pairs(CORPUS / name)]
    # a precision no fold reaches: every fit falls back (its message is counted in the worker, reported here)
    config = replace(SMALL_CONFIG, target_precision=1.01)
    serial = evaluate(pairs, cv="publisher", config=config, jobs=1)
    with caplog.at_level(logging.INFO, logger="newsclean.training.evaluate"):
        parallel = evaluate(pairs, cv="publisher", config=config, jobs=2)
    assert parallel.to_json() == serial.to_json()
    assert [d.proba for d in parallel.details] == [d.proba for d in serial.details]
    messages = [r.getMessage() for r in caplog.records if r.name == "newsclean.training.evaluate"]
    assert "leave-one-publisher-out: 3 folds in 2 worker processes" in messages
    done = sorted(m.split(":")[0] for m in messages if m.startswith("fold ") and " precision " in m)
    assert done == ["fold 1/3", "fold 2/3", "fold 3/3"]
    assert sum("no threshold reaches drop precision 1.01" in m and "in 3 of 3 folds" in m for m in messages) == 1


@pytest.mark.parametrize(("requested", "folds", "cpus", "expected"),
                         [(None, 37, 2, 2), (None, 37, 16, 4), (None, 3, 16, 3), (None, 37, 1, 1), (8, 3, 2, 3),
                          (1, 37, 16, 1)])
def test_fold_jobs(monkeypatch: pytest.MonkeyPatch, requested: int | None, folds: int, cpus: int,
                   expected: int) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)), raising=False)
    assert evaluate_mod.fold_jobs(requested, folds) == expected


def test_jobs_needs_cross_validation() -> None:
    args = Namespace(pairs=[Path("p")], model=None, cv=None, json=None, threshold=None, jobs=2)
    with pytest.raises(NewscleanError, match=r"^--jobs sets the processes fitting the folds of --cv publisher"):
        evaluate_command(args)


def test_the_command_line_names_the_same_automatic_fold_jobs() -> None:
    from newsclean import cli

    assert cli.MAX_AUTO_FOLD_JOBS == evaluate_mod.MAX_AUTO_FOLD_JOBS
