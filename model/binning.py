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
        thresholds = []
        for j in range(X.shape[1]):
            col = X[:, j]
            col = col[~np.isnan(col)]
            distinct = np.unique(col)
            if len(distinct) <= self.max_bins:
                thresholds.append(np.zeros(0))
                continue
            percentiles = np.linspace(0, 100, num=self.max_bins + 1)[1:-1]
            thresholds.append(np.unique(np.percentile(col, percentiles, method="midpoint")))
        self.thresholds_ = thresholds
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Bin numbers for many-valued columns, values as they are for the others."""
        check_is_fitted(self, "thresholds_")
        X = np.array(X, dtype=np.float64, copy=True)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected {self.n_features_in_} columns, got {X.shape[1]}")
        for j, thr in enumerate(self.thresholds_):
            if len(thr):
                X[:, j] = np.searchsorted(thr, X[:, j], side="left")
        return X
