"""Unweighted binning in front of the boosted trees.

With class weights, scikit-learn 1.9's HistGradientBoosting bins every column of more than
``max_bins`` distinct values with weighted percentiles, which takes seconds per fit. This
transformer bins such columns first, unweighted, exactly as HistGradientBoosting itself does
(midpoint percentiles); columns with few distinct values pass through unchanged, so the trees
then take the fast path. It follows the scikit-learn estimator contract.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted


class UnweightedBinner(TransformerMixin, BaseEstimator):  # type: ignore[misc]  # sklearn has no stubs
    """Replace each value of a many-valued column by its bin number; leave the other columns."""

    def __init__(self, *, max_bins: int = 255) -> None:
        self.max_bins = max_bins

    def fit(self, X: np.ndarray, y: object = None) -> UnweightedBinner:
        """Learn, per column, the bin thresholds (an empty array: the column passes through)."""
        X = np.asarray(X, dtype=np.float64)
        if not 2 <= self.max_bins <= 255:
            raise ValueError(f"max_bins must be in [2, 255], got {self.max_bins}")
        per_column = []
        # A column missing in every row (the recurrence features when no document had a history)
        # reads as a constant: scikit-learn cannot bin a column without one value.
        self.all_missing_ = np.isnan(X).all(axis=0) if len(X) else np.zeros(X.shape[1], dtype=bool)
        for j in range(X.shape[1]):
            col = X[:, j]
            col = col[~np.isnan(col)]
            distinct = np.unique(col)
            if len(distinct) <= self.max_bins:
                per_column.append(np.zeros(0))
                continue
            percentiles = np.linspace(0, 100, num=self.max_bins + 1)[1:-1]
            per_column.append(np.unique(np.percentile(col, percentiles, method="midpoint")))
        # one padded 2-D array (+inf past each column's count): one entry in a model file, not one per column
        width = max((len(t) for t in per_column), default=0)
        self.thresholds_ = np.full((X.shape[1], width), np.inf)
        for j, t in enumerate(per_column):
            self.thresholds_[j, : len(t)] = t
        self.n_thresholds_ = np.array([len(t) for t in per_column], dtype=np.int64)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Bin numbers for many-valued columns, values as they are for the others."""
        check_is_fitted(self, "thresholds_")
        X = np.array(X, dtype=np.float64, copy=True)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected {self.n_features_in_} columns, got {X.shape[1]}")
        X[:, self.all_missing_] = 0.0
        for j in np.flatnonzero(self.n_thresholds_):
            col = X[:, j]
            # NaN stays NaN (missing: the trees learn where it goes) instead of sorting past the last bin
            X[:, j] = np.where(np.isnan(col), np.nan,
                               np.searchsorted(self.thresholds_[j, : self.n_thresholds_[j]], col, side="left"))
        return X
