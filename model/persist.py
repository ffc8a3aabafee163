"""Saving and loading a fitted cleaner without executing code from the file.

The model file is a skops archive holding a plain dict: scikit-learn estimators, NumPy arrays,
strings and numbers. Loading checks, before anything is built, that every type the file names
is on ``TRUSTED_TYPES`` (an explicit list, never the file's own list fed back), and that the
file was written by a compatible newsclean (``MODEL_FORMAT``).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from newsclean.features.vocabulary import Vocabulary

from newsclean.errors import NewscleanError

# Bumped whenever the features, the file layout or the meaning of a stored field changes: a
# model from another format must be retrained.
MODEL_FORMAT = 1
_MAGIC = "newsclean-model"

# Every non-primitive type a newsclean model file may contain. skops refuses anything else.
TRUSTED_TYPES = [
    "newsclean.model.binning.UnweightedBinner",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.pipeline.Pipeline",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.loss.HalfMultinomialLoss",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.link.MultinomialLogit",
    "sklearn._loss.link.Interval",
    "sklearn._loss._loss.CyHalfBinomialLoss",
    "sklearn._loss._loss.CyHalfMultinomialLoss",
    "numpy.dtype",
    "builtins.slice",
]

DEFAULT_MODEL = Path(__file__).with_name("default.skops")


def save(state: dict[str, Any], path: str | Path) -> None:
    """Write a model state atomically (temporary file in the same folder, then rename)."""
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"magic": _MAGIC, "format": MODEL_FORMAT, **state}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        sio.dump(payload, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load(path: str | Path) -> dict[str, Any]:
    """Read a model state, refusing files that are not newsclean models of this format.

    Args:
        path: the model file.

    Returns:
        The stored state (``magic`` and ``format`` included).

    Raises:
        NewscleanError: missing, unreadable, foreign, unsafe or incompatible file.
    """
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise NewscleanError(f"{path}: no such model file")
    if not zipfile.is_zipfile(path):
        raise NewscleanError(f"{path}: not a newsclean model file (not a skops archive)")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
        raise NewscleanError(f"{path}: corrupt model file ({exc})") from exc
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
        raise NewscleanError(f"{path}: refusing to load a model file that contains untrusted types: {shown}")
    try:
        state = sio.load(path, trusted=TRUSTED_TYPES)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
        raise NewscleanError(f"{path}: corrupt model file ({type(exc).__name__}: {exc})") from exc
    if not isinstance(state, dict) or state.get("magic") != _MAGIC:
        raise NewscleanError(f"{path}: not a newsclean model file")
    if state.get("format") != MODEL_FORMAT:
        raise NewscleanError(
            f"{path}: model format {state.get('format')} (written by newsclean "
            f"{state.get('newsclean_version', '?')}) does not match this newsclean's format "
            f"{MODEL_FORMAT}; retrain it with `newsclean train`"
        )
    return state


def vocabulary_from_state(state: dict[str, Any]) -> Vocabulary:
    """The learned vocabulary stored in a model state."""
    return Vocabulary.from_state(state["vocabulary"])
