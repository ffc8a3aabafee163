"""The fitted boosted trees as plain NumPy arrays, and prediction from them.

Importing scikit-learn and skops takes seconds; cleaning one newsletter takes milliseconds. So a
model file also carries each fitted pipeline (unweighted binner + HistGradientBoosting) compiled
to arrays, and ``newsclean predict`` scores blocks from those with NumPy alone. The arithmetic is
scikit-learn's: a sample goes left where ``x <= threshold`` (or where ``x`` is NaN and the node
sends missing values left), a tree's output is its leaf value, the raw score is the baseline
plus the sum over trees, and probabilities are the logistic (binary) or softmax (multiclass) of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

Compiled = dict[str, np.ndarray]


def compile_pipeline(pipe: Any) -> Compiled:
    """Arrays of a fitted ``Pipeline([("bins", UnweightedBinner), ("boost", HistGradientBoostingClassifier)])``."""
    binner = pipe.named_steps["bins"]
    boost = pipe.named_steps["boost"]
    features, thresholds, lefts, rights, leaves, values, missing_left = [], [], [], [], [], [], []
    roots, tree_class = [], []
    offset = 0
    for iteration in boost._predictors:  # the fitted trees have no public accessor
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if np.any(nodes["is_categorical"]):
                raise ValueError("categorical splits are not supported by the compiled predictor")
            roots.append(offset)
            tree_class.append(k)
            features.append(nodes["feature_idx"].astype(np.int64))
            thresholds.append(nodes["num_threshold"].astype(np.float64))
            lefts.append(nodes["left"].astype(np.int64) + offset)
            rights.append(nodes["right"].astype(np.int64) + offset)
            leaves.append(nodes["is_leaf"].astype(bool))
            values.append(nodes["value"].astype(np.float64))
            missing_left.append(nodes["missing_go_to_left"].astype(bool))
            offset += len(nodes)
    classes = np.asarray(boost.classes_)
    return {
        "bin_thresholds": np.asarray(binner.thresholds_, dtype=np.float64),
        "bin_counts": np.asarray(binner.n_thresholds_, dtype=np.int64),
        "bin_all_missing": np.asarray(binner.all_missing_, dtype=bool),
        "feature": np.concatenate(features),
        "threshold": np.concatenate(thresholds),
        "left": np.concatenate(lefts),
        "right": np.concatenate(rights),
        "is_leaf": np.concatenate(leaves),
        "value": np.concatenate(values),
        "missing_left": np.concatenate(missing_left),
        "roots": np.asarray(roots, dtype=np.int64),
        "tree_class": np.asarray(tree_class, dtype=np.int64),
        "baseline": np.asarray(boost._baseline_prediction, dtype=np.float64).ravel(),
        "classes": classes.astype(np.str_) if classes.dtype.kind in "OUS" else classes.astype(np.int64),
    }


def _binned(c: Compiled, X: np.ndarray) -> np.ndarray:
    X = np.array(X, dtype=np.float64, copy=True)
    if "bin_all_missing" in c:
        X[:, c["bin_all_missing"]] = 0.0  # as UnweightedBinner.transform
    for j in np.flatnonzero(c["bin_counts"]):
        col = X[:, j]
        X[:, j] = np.where(np.isnan(col), np.nan,
                           np.searchsorted(c["bin_thresholds"][j, : c["bin_counts"][j]], col, side="left"))
    return X


@dataclass(frozen=True)
class _Walk:
    """A model's trees arranged for walking all samples in lockstep (see ``raw_scores``)."""

    order: np.ndarray  # tree positions, deepest tree first
    back: np.ndarray  # inverse of ``order``
    roots: np.ndarray  # root node of each tree, in ``order``
    feature: np.ndarray  # per node; a leaf reads column 0
    child: np.ndarray  # node k's left child at 2k, its right child at 2k + 1; a leaf is its own child
    active: tuple[int, ...]  # per step, how many trees (of ``order``) are deeper than the step


# Walks of the models in use, by the identity of their "feature" array (kept here, so the id stays theirs).
_WALKS: dict[int, tuple[np.ndarray, _Walk]] = {}


def _walk(c: Compiled) -> _Walk:
    """The walk of a compiled model, computed on first use."""
    known = _WALKS.get(id(c["feature"]))
    if known is not None and known[0] is c["feature"]:
        return known[1]
    is_leaf, left, right, roots = c["is_leaf"], c["left"], c["right"], c["roots"]
    depth = np.zeros(len(is_leaf), dtype=np.int64)
    level, step = roots, 0
    while level.size:
        depth[level] = step
        inner = level[~is_leaf[level]]
        level, step = np.concatenate([left[inner], right[inner]]), step + 1
    tree_depth = np.maximum.reduceat(depth, roots) if len(roots) else depth[:0]
    order = np.argsort(-tree_depth, kind="stable")
    nodes = np.arange(len(is_leaf))
    walk = _Walk(
        order=order,
        back=np.argsort(order),
        roots=roots[order],
        feature=np.where(is_leaf, 0, c["feature"]),
        child=np.column_stack([np.where(is_leaf, nodes, left), np.where(is_leaf, nodes, right)]).ravel(),
        active=tuple(int(np.sum(tree_depth > k)) for k in range(int(tree_depth.max(initial=0)))),
    )
    _WALKS[id(c["feature"])] = (c["feature"], walk)
    return walk


# Samples walked at once. The walk gathers feature values from all rows of its chunk at every
# step: a chunk that stays in the CPU caches keeps the cost per sample flat however long the
# document is (one walk over 40,000 rows took 4.5x the time per row of 1,000). Tuned on the
# corpus's stage-two rows repeated to 12,000: 9.0 / 9.8 / 10.4 / 11.5 us a row with chunks of
# 128 / 256 / 512 / 1,024 rows; 256 keeps the per-chunk overhead low for mid-sized documents.
CHUNK_ROWS = 256


def raw_scores(c: Compiled, X: np.ndarray) -> np.ndarray:
    """Baseline plus the sum of leaf values, one column per output (1 for binary)."""
    X = _binned(c, X)
    n = X.shape[0]
    n_out = len(c["baseline"])
    raw = np.tile(c["baseline"], (n, 1))
    if n == 0:
        return np.zeros((0, n_out))
    walk = _walk(c)
    # Each row's sum is over its own leaf values, in model order, and NumPy adds them up the same
    # way for any number of rows but one (a single row is summed pairwise): so no chunk has one row
    # unless the document has, and chunking does not change a bit (tests/test_compiled.py).
    starts = list(range(0, n, CHUNK_ROWS))
    if len(starts) > 1 and n - starts[-1] == 1:
        starts.pop()
    for lo, hi in zip(starts, [*starts[1:], n], strict=True):
        _add_leaf_values(c, walk, X[lo:hi], raw[lo:hi])
    return raw


def _add_leaf_values(c: Compiled, walk: _Walk, X: np.ndarray, raw: np.ndarray) -> None:
    """Walk the binned rows ``X`` down every tree and add their leaf values to ``raw`` (in place)."""
    n = X.shape[0]
    threshold, missing_left = c["threshold"], c["missing_left"]
    flat = X.ravel()
    row_start = np.arange(n) * X.shape[1]
    has_nan = bool(np.isnan(flat).any())
    # One row per tree (trees deepest first), one column per sample: step k moves every sample one
    # level down the trees deeper than k, the first ``active[k]`` rows (a contiguous slice).
    node = np.repeat(walk.roots[:, None], n, axis=1)
    # A sample goes left where x <= threshold, or where x is NaN and the node sends missing values
    # left: right where x > threshold (False for NaN), or where x is NaN and the node sends them right.
    for m in walk.active:
        at = node[:m]
        x = flat[row_start + walk.feature[at]]
        go_right = x > threshold[at]
        if has_nan:
            go_right |= np.isnan(x) & ~missing_left[at]
        node[:m] = walk.child[2 * at + go_right]
    # samples by trees in model order, C-contiguous: the sums below add in the same order as ever
    leaf_values = c["value"][np.ascontiguousarray(node[walk.back].T)]
    for k in range(raw.shape[1]):
        raw[:, k] += leaf_values[:, c["tree_class"] == k].sum(axis=1)


def predict_proba(c: Compiled, X: np.ndarray) -> np.ndarray:
    """Class probabilities, columns in the order of ``c["classes"]``."""
    raw = raw_scores(c, X)
    if raw.shape[1] == 1:
        p1 = 1.0 / (1.0 + np.exp(-raw[:, 0]))
        return np.column_stack([1.0 - p1, p1])
    raw = raw - raw.max(axis=1, keepdims=True)
    e = np.exp(raw)
    return e / e.sum(axis=1, keepdims=True)


def predict(c: Compiled, X: np.ndarray) -> np.ndarray:
    """The most probable class of each row."""
    return c["classes"][np.argmax(predict_proba(c, X), axis=1)]
