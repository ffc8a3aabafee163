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


def _walked_leaves(c: compiled.Compiled, X: np.ndarray) -> np.ndarray:
    """Each row's leaf node in each tree, walked node by node on the fully binned rows (the definition)."""
    Xb = compiled._binned(c, X, np.flatnonzero(c["bin_counts"]))
    out = np.zeros((len(X), len(c["roots"])), dtype=np.intp)
    for i, row in enumerate(Xb):
        for t, node in enumerate(c["roots"].tolist()):
            while not c["is_leaf"][node]:
                x, right = row[c["feature"][node]], c["right"][node]
                go_right = x > c["threshold"][node] or (np.isnan(x) and not c["missing_left"][node])
                node = right if go_right else c["left"][node]
            out[i, t] = node
    return out


def _edge_rows(c: compiled.Compiled, n: int, rng: np.random.Generator) -> np.ndarray:
    """Random rows with NaN, infinities, signed zeros and values exactly on the bin thresholds."""
    width = len(c["bin_counts"])
    X = rng.normal(0, 3, size=(n, width))
    X[rng.random(X.shape) < 0.1] = np.nan
    X[rng.random(X.shape) < 0.03] = np.inf
    X[rng.random(X.shape) < 0.03] = -np.inf
    X[rng.random(X.shape) < 0.03] = -0.0
    for j in np.flatnonzero(c["bin_counts"]):
        on = rng.random(n) < 0.5
        X[on, j] = rng.choice(c["bin_thresholds"][j, : c["bin_counts"][j]], size=int(on.sum()))
    return X


def test_leaves_are_those_of_a_walk(tiny_model: Path) -> None:
    """The bit-mask leaves (unbinned splits included) are the leaves a node-by-node walk reaches."""
    cleaner = Cleaner.load(tiny_model)
    rng = np.random.default_rng(2)
    for name in ("stage1", "stage2", "category"):
        c = cleaner.compiled_[name]
        X = _edge_rows(c, 60, rng)
        masks = compiled._masks(c)
        found = masks.leaf_node[compiled._leaves(masks, compiled._binned(c, X, masks.binned))]
        assert np.array_equal(found, _walked_leaves(c, X)), name
        X = np.where(np.isnan(X), 0.5, X)  # rows without NaN take the other path
        found = masks.leaf_node[compiled._leaves(masks, compiled._binned(c, X, masks.binned))]
        assert np.array_equal(found, _walked_leaves(c, X)), name


def test_leaves_of_odd_trees() -> None:
    """One-leaf trees, splits at +inf and NaN (NaN either way), raw-compared bins, a split below 0 (binned)."""
    leaf = (0, 0.0, 0, 0, True, True)
    nodes = [  # feature, threshold, left, right, leaf, missing_left
        leaf,  # tree 0: one leaf
        (0, np.inf, 2, 3, False, False), leaf, (1, 1.5, 4, 5, False, True), leaf, leaf,  # tree 1 (node 1)
        (1, -0.5, 7, 8, False, True), leaf, (0, np.nan, 9, 10, False, False), leaf, leaf,  # tree 2 (node 6)
        (2, np.inf, 12, 13, False, True), leaf, leaf,  # tree 3 (node 11)
        (2, 1.0, 15, 18, False, False), (2, 0.5, 16, 17, False, True), leaf, leaf, leaf,  # tree 4 (node 14)
        (2, 0.0, 20, 21, False, False), leaf, (2, 2.0, 22, 23, False, True), leaf, leaf,  # tree 5 (node 19)
    ]
    cols = list(zip(*nodes, strict=True))
    c = {
        "bin_thresholds": np.array([[np.inf] * 3, [-1.0, 0.5, 2.0], [0.0, 1.0, np.inf]]),
        "bin_counts": np.array([0, 3, 2]),
        "bin_all_missing": np.zeros(3, dtype=bool),
        "feature": np.array(cols[0], dtype=np.int64), "threshold": np.array(cols[1], dtype=np.float64),
        "left": np.array(cols[2], dtype=np.int64), "right": np.array(cols[3], dtype=np.int64),
        "is_leaf": np.array(cols[4], dtype=bool), "value": np.arange(len(nodes), dtype=np.float64),
        "missing_left": np.array(cols[5], dtype=bool), "roots": np.array([0, 1, 6, 11, 14, 19]),
        "tree_class": np.zeros(6, dtype=np.int64), "baseline": np.zeros(1), "classes": np.array([0, 1]),
    }
    masks = compiled._masks(c)
    assert masks.binned.tolist() == [1]  # column 1 has a split below 0; column 2's splits compare raw values
    values = [np.nan, np.inf, -np.inf, -1.0, -0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0]
    X = np.array([[a, b, d] for a in values for b in values for d in values])
    found = masks.leaf_node[compiled._leaves(masks, compiled._binned(c, X, masks.binned))]
    assert np.array_equal(found, _walked_leaves(c, X))


def test_training_refuses_trees_wider_than_the_leaf_masks() -> None:
    """The compiled predictor's leaf masks hold 64 leaves: a wider setting fails when the config is made, not
    when the trained model first cleans."""
    import pytest
    from newsclean.model.cleaner import TrainConfig

    assert TrainConfig(max_leaf_nodes=compiled.MAX_LEAVES).max_leaf_nodes == compiled.MAX_LEAVES
    for bad in (1, compiled.MAX_LEAVES + 1):
        with pytest.raises(ValueError, match="max_leaf_nodes must be between 2 and 64"):
            TrainConfig(max_leaf_nodes=bad)
