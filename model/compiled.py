"""The fitted boosted trees as plain NumPy arrays, and prediction from them.

Importing scikit-learn and skops takes seconds; cleaning one newsletter takes milliseconds. So a
model file also carries each fitted pipeline (unweighted binner + HistGradientBoosting) compiled
to arrays, and ``newsclean predict`` scores blocks from those with NumPy alone (the trees as leaf
bit masks, ``_Masks``; the splits on binned columns turned into raw-value splits). The arithmetic is
scikit-learn's: a sample goes left where ``x <= threshold`` (or where ``x`` is NaN and the node
sends missing values left), a tree's output is its leaf value, the raw score is the baseline
plus the sum over trees, and probabilities are the logistic (binary) or softmax (multiclass) of it.
"""

from __future__ import annotations

import math
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


def _binned(c: Compiled, X: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``X`` as the binner passes it to the trees, but for the bins of the columns not in ``columns``.

    Those the trees read raw (see ``_raw_thresholds``): the same splits, without the binning.
    """
    X = np.array(X, dtype=np.float64, copy=True)
    if "bin_all_missing" in c:
        X[:, c["bin_all_missing"]] = 0.0  # as UnweightedBinner.transform
    for j in columns:
        col = X[:, j]
        X[:, j] = np.where(np.isnan(col), np.nan,
                           np.searchsorted(c["bin_thresholds"][j, : c["bin_counts"][j]], col, side="left"))
    return X


def _raw_thresholds(c: Compiled) -> tuple[np.ndarray, dict[tuple[int, float], float]]:
    """The binned columns whose splits compare raw values, and the raw threshold of each such split.

    A binned value is the number of the column's bin thresholds below ``x`` (``searchsorted``,
    left). With strictly increasing thresholds ``b``, that number exceeds a split's threshold ``t >= 0``
    exactly when it is at least ``m = floor(t) + 1``, that is when ``x > b[m - 1]`` (never when
    ``m`` passes the last bin: ``x > inf``); NaN stays NaN either way. A column with another split
    (``t < 0`` or NaN) or with thresholds not strictly increasing is binned as before.
    """
    counts, bins = c["bin_counts"], c["bin_thresholds"]
    inner = ~c["is_leaf"]
    feature, threshold = c["feature"][inner], c["threshold"][inner]
    raw: dict[tuple[int, float], float] = {}
    binned = []
    for j in np.flatnonzero(counts).tolist():
        b = bins[j, : counts[j]]
        splits = np.unique(threshold[feature == j])
        if not (np.all(b[1:] > b[:-1]) and np.all(splits >= 0)):  # (NaN compares false)
            binned.append(j)
            continue
        for t in splits.tolist():
            raw[j, t] = float(b[math.floor(t)]) if t < len(b) else math.inf  # m <= len(b): t < len(b)
    return np.asarray(binned, dtype=np.intp), raw


@dataclass(frozen=True)
class _Masks:
    """A model's trees as leaf bit masks: every sample's leaves from a few array operations (``_add_leaf_values``).

    A tree's leaves are numbered left to right (bit 0: the leftmost); a split's mask has the bits of
    the leaves under its left child. OR the masks of every split a sample goes right at, on its
    path or not: the lowest bit left clear is the leaf its path ends in (QuickScorer, Lucchese et
    al., SIGIR 2015). Its own leaf is under the right child of the path's splits it went right at
    and under no other split's left child; a leaf left of it is under the left child of their
    lowest common split, where the path went right.

    Splits are stored slot-major: slot ``k`` of tree ``t`` at ``k * trees + t``; a tree with fewer
    splits than the most has empty ones (mask 0). Columns address ``X`` as it is (``feature``,
    ``threshold``) or, when a chunk has missing values, ``[X, NaN as -inf | X, NaN as +inf |
    isnan(X)]`` (``nan_feature``, ``nan_threshold``), where ``>`` alone tells where NaN goes.
    """

    binned: np.ndarray  # the columns to bin before walking (the splits of the others compare raw values)
    trees: int
    slots: int  # splits per tree, the most of any tree
    feature: np.ndarray
    threshold: np.ndarray
    nan_feature: np.ndarray
    nan_threshold: np.ndarray
    mask: np.ndarray  # the leaves under the split's left child, cleared when the sample goes right
    leaf_node: np.ndarray  # leaf j of tree t at t * width + j (width: the most leaves of a tree)
    leaf_value: np.ndarray  # the value of each of them
    offset: np.ndarray  # t * width - 1 for tree t: where its leaf j is, less j + 1


# Masks of the models in use, by the identity of their "feature" array (kept here, so the id stays theirs).
_MASKS: dict[int, tuple[np.ndarray, _Masks]] = {}
MAX_LEAVES = 64  # bits of the widest mask


def _splits(c: Compiled, root: int) -> tuple[list[int], list[tuple[int, int]]]:
    """A tree's leaves left to right, and each split with the mask of the leaves under its left child."""
    is_leaf, left, right = c["is_leaf"], c["left"], c["right"]
    leaves: list[int] = []
    splits: list[tuple[int, int]] = []
    stack: list[tuple[int, int]] = [(root, -1)]  # depth first, left subtree first
    while stack:
        node, lo = stack.pop()
        if lo >= 0:  # its left subtree is done: its leaves are lo .. len(leaves) - 1
            splits.append((node, (1 << len(leaves)) - (1 << lo)))
            stack.append((int(right[node]), -1))
        elif is_leaf[node]:
            leaves.append(node)
        else:
            stack += [(node, len(leaves)), (int(left[node]), -1)]
    return leaves, splits


def _masks(c: Compiled) -> _Masks:
    """The masks of a compiled model, computed on first use."""
    known = _MASKS.get(id(c["feature"]))
    if known is not None and known[0] is c["feature"]:
        return known[1]
    trees = [_splits(c, root) for root in c["roots"].tolist()]
    width = max((len(leaves) for leaves, _ in trees), default=1)
    if width > MAX_LEAVES:
        raise ValueError(f"a tree has {width} leaves: the compiled predictor takes {MAX_LEAVES} at most")
    n_trees, slots = len(trees), max((len(splits) for _, splits in trees), default=0) or 1
    n_cols = len(c["bin_counts"])
    dtype = next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(t).bits >= width)
    feature = np.zeros(slots * n_trees, dtype=np.intp)
    threshold = np.full(slots * n_trees, np.inf)
    nan_feature, nan_threshold = feature.copy(), threshold.copy()
    mask = np.zeros(slots * n_trees, dtype=dtype)
    binned, raw = _raw_thresholds(c)
    for t, (_, splits) in enumerate(trees):
        for k, (node, bits) in enumerate(splits):
            at = k * n_trees + t
            col, thr, nan_right = int(c["feature"][node]), float(c["threshold"][node]), not c["missing_left"][node]
            thr = raw.get((col, thr), thr)
            feature[at], threshold[at], mask[at] = col, thr, bits
            if thr < np.inf:  # NaN as +inf goes right, NaN as -inf does not (not even past -inf)
                nan_feature[at], nan_threshold[at] = col + (n_cols if nan_right else 0), thr
            else:  # +inf or NaN: no value goes right, NaN does when the split sends it so
                nan_feature[at], nan_threshold[at] = 2 * n_cols + col, 0.5 if nan_right else np.inf
    padded = [leaves + [leaves[-1]] * (width - len(leaves)) for leaves, _ in trees]
    leaf_node = np.asarray(padded, dtype=np.intp).reshape(-1)
    packed = _Masks(
        binned=binned, trees=n_trees, slots=slots, feature=feature, threshold=threshold, nan_feature=nan_feature,
        nan_threshold=nan_threshold, mask=mask,
        leaf_node=leaf_node,
        leaf_value=c["value"][leaf_node],
        offset=np.arange(n_trees, dtype=np.intp) * width - 1,
    )
    _MASKS[id(c["feature"])] = (c["feature"], packed)
    return packed


# Samples scored at once. Every split of every tree reads a value of each row of the chunk: a chunk
# that stays in the CPU caches keeps the cost per sample flat however long the document is. On the
# corpus's stage-two rows repeated to 12,000: 3.7 / 3.6 / 3.9 / 4.2 / 5.7 us a row with chunks of
# 64 / 128 / 256 / 512 / 1,024 rows (the node-by-node walk before the masks: 9.8 us at 256); 256
# keeps the per-chunk overhead low for mid-sized documents.
CHUNK_ROWS = 256


def raw_scores(c: Compiled, X: np.ndarray) -> np.ndarray:
    """Baseline plus the sum of leaf values, one column per output (1 for binary)."""
    masks = _masks(c)
    X = _binned(c, X, masks.binned)
    n = X.shape[0]
    n_out = len(c["baseline"])
    raw = np.tile(c["baseline"], (n, 1))
    if n == 0:
        return np.zeros((0, n_out))
    # Each row's sum is over its own leaf values, in model order, and NumPy adds them up the same
    # way for any number of rows but one (a single row is summed pairwise): so no chunk has one row
    # unless the document has, and chunking does not change a bit (tests/test_compiled.py).
    starts = list(range(0, n, CHUNK_ROWS))
    if len(starts) > 1 and n - starts[-1] == 1:
        starts.pop()
    for lo, hi in zip(starts, [*starts[1:], n], strict=True):
        _add_leaf_values(c, masks, X[lo:hi], raw[lo:hi])
    return raw


def _leaves(masks: _Masks, X: np.ndarray) -> np.ndarray:
    """Where the leaf of each row of ``X`` (binned but for the raw columns) in each tree is in ``masks.leaf_node``."""
    # A sample goes left where x <= threshold, or where x is NaN and the node sends missing values
    # left: right where x > threshold (False for NaN), or where x is NaN and the node sends them right.
    missing = np.isnan(X)
    if missing.any():
        wide = np.hstack([np.where(missing, -np.inf, X), np.where(missing, np.inf, X), missing])
        go_right = wide[:, masks.nan_feature] > masks.nan_threshold
    else:
        go_right = X[:, masks.feature] > masks.threshold
    cleared = np.bitwise_or.reduce((go_right * masks.mask).reshape(len(X), masks.slots, masks.trees), axis=1)
    lowest = (cleared + 1) & ~cleared  # the leftmost leaf left (there is one: the path's)
    return np.frexp(lowest.astype(np.float64))[1] + masks.offset  # leaf j's bit 2**j is 0.5 * 2**(j + 1)


def _add_leaf_values(c: Compiled, masks: _Masks, X: np.ndarray, raw: np.ndarray) -> None:
    """Add the values of the leaves of the rows ``X`` in every tree to ``raw`` (in place)."""
    # samples by trees in model order, C-contiguous: the sums below add in the same order as ever
    leaf_values = masks.leaf_value[_leaves(masks, X)]
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
