"""Tests for newsclean.model.info: a model file's header, read from schema.json alone."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from newsclean.model.info import ModelInfo, default_threshold_text, describe, feature_stamp, read_info

from newsclean.errors import NewscleanError


def test_default_model_header_matches_a_full_load() -> None:
    from newsclean.model.cleaner import Cleaner

    info = read_info(None)
    cleaner = Cleaner.load(None)
    assert info.threshold == cleaner.threshold_
    assert info.feature_names == cleaner.feature_names_
    assert info.card == cleaner.card_
    assert info.format == 2 and info.stamp == feature_stamp(cleaner.feature_names_)
    assert default_threshold_text() == f"{cleaner.threshold_:.2f}"


def test_reading_the_header_imports_no_numpy_nor_scikit_learn() -> None:
    probe = ("import sys; from newsclean.model.info import read_info; read_info(None); "
             "print(sorted(m for m in ('numpy', 'sklearn', 'skops') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_stamp_is_short_stable_and_order_sensitive() -> None:
    assert feature_stamp(["a", "b"]) == feature_stamp(("a", "b")) != feature_stamp(["b", "a"])
    assert len(feature_stamp(["a"])) == 12


@pytest.mark.parametrize(("content", "message"), [
    (None, r"no such model file$"),
    (b"not a zip", r"not a readable newsclean model file \(File is not a zip file\)$"),
    ({"schema.json": '{"content": {"magic": {"__loader__": "JsonNode", "content": "\\"other\\""}}}'},
     r"not a newsclean model file$"),
])
def test_bad_files(tmp_path: Path, content: object, message: str) -> None:
    path = tmp_path / "m.skops"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in content.items():
                archive.writestr(name, text)
    with pytest.raises(NewscleanError, match=message):
        read_info(path)


def test_describe_without_a_card() -> None:
    info = ModelInfo(Path("m.skops"), 2, "0.1.0", "1.9.1", 0.5, ("a",))
    text = describe(info, version="9.9", current_stamp="000000000000", default=False)
    assert text.splitlines() == [
        "newsclean 9.9",
        "model: m.skops",
        "  written by newsclean 0.1.0 with scikit-learn 1.9.1 (model format 2)",
        "  threshold: 0.50 (a block is dropped when its drop probability reaches it; predict --threshold overrides "
        "it: higher drops less)",
        f"  feature set: 1 columns, stamp {feature_stamp(['a'])} (this newsclean computes 000000000000: the model "
        "must be retrained)",
        "  trained on: not recorded (the file has no card)",
        "  leave-one-publisher-out: not in the card (newsclean train --card computes it)",
    ]


def test_describe_names_the_grouping_of_the_fit() -> None:
    card = {"fit_report": {"oof_precision": 1.0, "oof_recall": 0.5, "oof_f1": 2 / 3, "grouping": "document"}}
    info = ModelInfo(Path("m.skops"), 2, "0.1.0", "1.9.1", 0.5, ("a",), card)
    text = describe(info, version="9.9", current_stamp=info.stamp, default=True)
    assert ("  fit (out of fold, inner folds grouped by document (one publisher)): drop precision 1.000, "
            "recall 0.500, F1 0.667") in text.splitlines()


def test_readme_states_the_shipped_threshold() -> None:
    """README.md names the shipped model's threshold twice; a retrained model must not leave it stale."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    stated = re.findall(r"shipped model's (\d\.\d\d)|(\d\.\d\d) for the shipped model", readme)
    assert len(stated) == 2, "README.md should state the shipped threshold in the usage block and the text under it"
    assert {a or b for a, b in stated} == {default_threshold_text()}


def test_counts_agree_with_their_nouns() -> None:
    from newsclean.model.info import _count

    assert [_count(1, "pair"), _count(54, "pair"), _count(None, "publisher")] == ["1 pair", "54 pairs", "? publishers"]
