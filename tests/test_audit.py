"""newsclean audit: confident-learning thresholds, a planted wrong label, the seeds' Postman ad."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from newsclean.data.pairs import load_pairs
from newsclean.model.cleaner import TrainConfig
from newsclean.training import audit as audit_module
from newsclean.training.audit import audit, confident_suspects, confident_thresholds

from newsclean.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
# Few trees and inner folds: the audits below fit three fold models each.
TINY = TrainConfig(max_iter=30, inner_folds=2)


def test_confident_learning_thresholds_and_suspects_exact() -> None:
    # labelled drop: p = 1, .75, .75, 0; labelled keep: p = 0, 0, .25, .875, .625; one unscored keep
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    p = np.array([1.0, 0.75, 0.75, 0.0, 0.0, 0.0, 0.25, 0.875, 0.625, 1.0])
    scored = np.array([True] * 9 + [False])
    t_drop, t_keep = confident_thresholds(y, p, scored)
    assert t_drop == 0.625  # (1 + .75 + .75 + 0) / 4
    assert t_keep == 0.65  # (1 + 1 + .75 + .125 + .375) / 5
    found = confident_suspects(y, p, t_drop=t_drop, t_keep=t_keep, min_confidence=0.5, scored=scored)
    # keep with p >= .625 (.875 and .625 exactly), drop with 1 - p >= .65 (p = 0); unscored never
    assert found.tolist() == [False, False, False, True, False, False, False, True, True, False]
    found = confident_suspects(y, p, t_drop=t_drop, t_keep=t_keep, min_confidence=0.9, scored=scored)
    assert found.tolist() == [False, False, False, True] + [False] * 6
    assert confident_thresholds([0, 0], [0.25, 0.5]) == (None, 0.625)


def test_seed_outputs_postman_sponsored_section_found(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setattr(audit_module, "DEFAULT_CONFIG", TINY)
    out = tmp_path / "audit.json"
    assert main(["audit", "--pairs", str(SEEDS), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "leave-one-document-out" in text
    head = "bytebytego-ep168  blocks 36-42  lines 86-98  labelled keep"
    assert head in text, text
    paragraph = text[text.index(head):].split("\n\n")[0]
    assert 'under "(Sponsored)" heading at line 86' in paragraph
    assert "explicit sponsor marker" in paragraph
    assert "Postman" in paragraph
    report = json.loads(out.read_text(encoding="utf-8"))
    assert list(report) == ["schema", "method", "model", "note", "min_confidence", "thresholds", "pairs",
                            "scored_blocks", "findings"]
    postman = [f for f in report["findings"] if f["pair"] == "bytebytego-ep168" and 36 in f["blocks"]]
    assert len(postman) == 1
    assert postman[0]["blocks"] == list(range(36, 43))
    assert postman[0]["lines"] == [86, 98]
    assert postman[0]["label"] == "keep"
    assert postman[0]["rule"] == "explicit sponsor marker"
    assert report["findings"][0] == postman[0]  # rule-backed findings come first


def test_planted_wrong_label_found(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs"
    shutil.copytree(SEEDS, pairs)
    # Label "Forwarded this email? Subscribe here" (chrome in every seed) keep in one pair, by hand.
    pair = pairs / "bytebytego-ep174"
    lines = (pair / "input.md").read_text(encoding="utf-8").split("\n")
    assert lines[6].startswith("Forwarded this email? [Subscribe here]")
    output = (pair / "output.md").read_text(encoding="utf-8").split("\n")
    output[1:1] = ["", lines[6]]
    (pair / "output.md").write_text("\n".join(output), encoding="utf-8")

    report = audit(load_pairs(pairs), config=TINY)
    planted = [f for f in report.findings if f.pair == "bytebytego-ep174" and 3 in f.blocks]
    assert len(planted) == 1, report.to_text()
    finding = planted[0]
    assert (finding.label, finding.lines, finding.rule) == ("keep", (7, 7), None)
    assert finding.snippet.startswith("Forwarded this email?")
    assert finding.why.startswith("labelled keep, but the model confidently drops it")
    assert finding.proba is not None and finding.proba >= max(report.t_drop or 0.0, report.min_confidence)
    assert "bytebytego-ep174  block 3  line 7  labelled keep" in report.to_text()


def test_one_pair_falls_back_to_the_default_model_and_says_so() -> None:
    report = audit(load_pairs(SEEDS / "bytebytego-ep168"))
    assert report.method == "default-model"
    assert "not out of fold" in report.to_text()


def test_min_confidence_outside_0_1_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--pairs", str(SEEDS), "--min-confidence", "1.5"]) == 2
    assert "must be a number between 0 and 1" in capsys.readouterr().err


def test_credit_rule_backs_a_keep_label() -> None:
    from newsclean.features.segment import parse_blocks
    from newsclean.model.cleaner import make_doc
    from newsclean.training.audit import _Scored, doc_findings, sponsor_rule_reasons

    blocks = parse_blocks("Thanks for reading, Jane Doe\n\nA story about databases.\n")
    doc = make_doc(blocks, [0, 0], [None, None], "P", "pair")
    suspect = np.array([True, False])

    def findings(keep: bool, reason: str) -> list[tuple[int, ...]]:
        s = _Scored(doc, np.array([0.99, 0.1]), (keep, True), 0.5, (reason, "model p=0.10"))
        return [f.blocks for f in doc_findings(s, suspect, sponsor_rule_reasons(s), t_drop=0.9, t_keep=0.9,
                                               min_confidence=0.8)]

    assert findings(True, "credit or sign-off line, kept (model p=0.99)") == []
    assert findings(False, "model p=0.99") == [(0,)]
