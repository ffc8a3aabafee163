"""Saving and loading a fitted cleaner without executing code from the file.

The model file is a skops archive holding a plain dict: scikit-learn estimators, NumPy arrays,
strings and numbers. Loading checks, before anything is built, that every type the file names
is on ``TRUSTED_TYPES`` (an explicit list, never the file's own list fed back), and that the
file was written by a compatible newsclean (``MODEL_FORMAT``).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from newsclean.features.vocabulary import Vocabulary

from newsclean.errors import NewscleanError
from newsclean.io import new_file_mode

# Bumped whenever the features, the file layout or the meaning of a stored field changes: a
# model from another format must be retrained.
MODEL_FORMAT = 2  # 2: compiled trees stored beside the estimators
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

# The fitted estimators: what only a full (skops) load builds. The rest of a model file is plain
# data (strings, numbers, lists, dicts, NumPy arrays), enough to clean with (model/compiled.py).
ESTIMATOR_KEYS = frozenset({"stage1", "stage2", "category"})
# skops schema nodes that hold plain data; a light load reads only these.
_PLAIN_LOADERS = frozenset({"JsonNode", "ListNode", "DictNode", "TupleNode", "NdArrayNode"})
# Objects a newsclean model file may also describe (never built by a light load): TRUSTED_TYPES
# and what scikit-learn's fitted estimators hold that skops itself trusts.
_ALLOWED_OBJECTS = frozenset({
    *TRUSTED_TYPES,
    "sklearn.preprocessing._label.LabelEncoder",
    "numpy.random._generator.Generator",
    "numpy.uint64", "numpy.int64", "numpy.float64",
    # types named by TypeNodes (a dtype's Python type, an estimator's `dtype` parameter)
    "builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.bytes",
    "numpy.float32", "numpy.int32", "numpy.uint8", "numpy.bool_",
})


def save(state: dict[str, Any], path: str | Path) -> None:
    """Write a model state atomically (temporary file in the same folder, then rename)."""
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"magic": _MAGIC, "format": MODEL_FORMAT, **state}
    mode = new_file_mode(path)  # mkstemp's 0600 would outlive the rename
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        sio.dump(payload, tmp)
        os.chmod(tmp, mode)
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

    path = _archive(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
        raise NewscleanError(f"{path}: corrupt model file ({exc})") from exc
    _refuse_untrusted(path, set(untrusted) - set(TRUSTED_TYPES))
    try:
        state = sio.load(path, trusted=TRUSTED_TYPES)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
        raise NewscleanError(f"{path}: corrupt model file ({type(exc).__name__}: {exc})") from exc
    _check_header(path, state)
    return state


def load_light(path: str | Path) -> dict[str, Any]:
    """Read a model file's plain data (everything but the fitted estimators) without skops or scikit-learn.

    The skops archive is read as data: its ``schema.json`` is parsed as JSON and its arrays with
    ``numpy.load(allow_pickle=False)``; no object is built and no code from the file runs. A file
    that names a type outside the allowed list is refused, as ``load`` refuses it.

    Raises:
        NewscleanError: missing, unreadable, foreign, unsafe or incompatible file.
    """
    path = _archive(path)
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
            if not isinstance(schema, dict):
                raise ValueError("schema.json is not an object")
            if schema.get("__loader__") != "DictNode":
                raise NewscleanError(f"{path}: not a newsclean model file")
            _refuse_untrusted(path, _object_types(schema) - _ALLOWED_OBJECTS)
            content = schema.get("content")
            if not isinstance(content, dict):
                raise NewscleanError(f"{path}: not a newsclean model file")
            state = {k: _plain(v, archive) for k, v in content.items() if k not in ESTIMATOR_KEYS}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
        raise NewscleanError(f"{path}: corrupt model file ({exc})") from exc
    _check_header(path, state)
    return state


def _archive(path: str | Path) -> Path:
    """The path, if it is an existing zip archive (as every skops file is)."""
    path = Path(path)
    if not path.is_file():
        raise NewscleanError(f"{path}: {'not a model file' if path.exists() else 'no such model file'}")
    if not zipfile.is_zipfile(path):
        raise NewscleanError(f"{path}: not a newsclean model file (not a skops archive)")
    return path


def _refuse_untrusted(path: Path, unknown: set[str]) -> None:
    """One error line naming (up to three of) the types a file may not contain."""
    if unknown:
        names = sorted(unknown)
        shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        raise NewscleanError(f"{path}: refusing to load a model file that contains untrusted types: {shown}")


def _object_types(node: Any) -> set[str]:
    """``module.class`` of every schema node that is not plain data."""
    found: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            loader = n.get("__loader__")
            if loader is not None and loader not in _PLAIN_LOADERS:
                found.add(f"{n.get('__module__')}.{n.get('__class__')}")
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
    return found


def _plain(node: dict[str, Any], archive: zipfile.ZipFile) -> Any:
    """Plain data of one schema node; anything else is refused."""
    loader = node.get("__loader__")
    content: Any = node.get("content")  # its type depends on the loader, checked by use
    if loader == "JsonNode":
        return json.loads(content)
    if loader == "ListNode":
        return [_plain(n, archive) for n in content]
    if loader == "TupleNode":
        return tuple(_plain(n, archive) for n in content)
    if loader == "DictNode":
        return {k: _plain(v, archive) for k, v in content.items()}
    if loader == "NdArrayNode" and node.get("type") == "numpy":
        return np.load(io.BytesIO(archive.read(node["file"])), allow_pickle=False)
    raise ValueError(f"unexpected {loader} node for {node.get('__module__')}.{node.get('__class__')}")


def _check_header(path: Path, state: Any) -> None:
    """The magic string and the format number, with the error a user can act on."""
    if not isinstance(state, dict) or state.get("magic") != _MAGIC:
        raise NewscleanError(f"{path}: not a newsclean model file")
    if state.get("format") != MODEL_FORMAT:
        raise NewscleanError(
            f"{path}: model format {state.get('format')} (written by newsclean "
            f"{state.get('newsclean_version', '?')}) does not match this newsclean's format "
            f"{MODEL_FORMAT}; retrain it with `newsclean train`"
        )


def vocabulary_from_state(state: dict[str, Any]) -> Vocabulary:
    """The learned vocabulary stored in a model state."""
    return Vocabulary.from_state(state["vocabulary"])
