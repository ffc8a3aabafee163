"""The compiled trees predict exactly what scikit-learn predicts, and cleaning needs no scikit-learn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from newsclean.model import compiled
from newsclean.model.cleaner import Cleaner


def test_compiled_trees_match_scikit_learn(tiny_model: Path) -> None:
    cleaner = Cleaner.load(tiny_model, full=True)
    rng = np.random.default_rng(0)
    width = len(cleaner.feature_names_)
    n1 = cleaner.stage1_.named_steps["boost"].n_features_in_
    for name, pipe, n in (("stage1", cleaner.stage1_, n1), ("stage2", cleaner.stage2_, width),
                          ("category", cleaner.category_, width)):
        X = rng.normal(0, 3, size=(300, n))
        X[::7, 3] = np.nan  # missing values take the side the node sends them to
        packed = cleaner.compiled_[name]
        np.testing.assert_allclose(compiled.predict_proba(packed, X), pipe.predict_proba(X), rtol=0, atol=1e-12)
        if name == "category":
            assert (compiled.predict(packed, X) == pipe.predict(X)).all()


def test_light_load_gives_the_same_decisions(tiny_model: Path, corpus_dir: Path) -> None:
    from newsclean.features.segment import parse_blocks

    light, full = Cleaner.load(tiny_model), Cleaner.load(tiny_model, full=True)
    assert light.stage1_ is None and full.stage1_ is not None
    blocks = parse_blocks((corpus_dir / "tldr-ai-2" / "input.md").read_text(encoding="utf-8"))
    assert light.decide(blocks, categories=True) == full.decide(blocks, categories=True)


def test_cleaning_imports_neither_scikit_learn_nor_skops() -> None:
    code = ("import sys; from newsclean.model.pipeline import clean; clean('# Hi\\n\\nSome text.\\n'); "
            "print(sorted(m for m in ('sklearn', 'skops') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_chunked_walk_gives_the_same_bits(tiny_model: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Long documents are walked in chunks of rows; the scores are bit for bit those of one walk."""
    cleaner = Cleaner.load(tiny_model)
    width = len(cleaner.feature_names_)
    rng = np.random.default_rng(1)
    X = rng.normal(0, 3, size=(2 * compiled.CHUNK_ROWS + 5, width))
    X[::5, 7] = np.nan
    for name in ("stage2", "category"):
        packed = cleaner.compiled_[name]
        for n in (1, 2, compiled.CHUNK_ROWS, compiled.CHUNK_ROWS + 1, compiled.CHUNK_ROWS + 2,
                  2 * compiled.CHUNK_ROWS + 1, len(X)):
            chunked = compiled.raw_scores(packed, X[:n])
            with monkeypatch.context() as m:
                m.setattr(compiled, "CHUNK_ROWS", 10**9)
                whole = compiled.raw_scores(packed, X[:n])
            assert np.array_equal(chunked, whole), (name, n)
