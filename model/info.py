"""What a model file says about itself, read cheaply: ``newsclean info`` and ``predict --help``.

Only the archive's ``schema.json`` is parsed, as JSON: no NumPy array is loaded, no object is
built, neither skops nor scikit-learn is imported (the default model's schema reads in well under
0.1 s). Full validation stays with ``persist.load``/``load_light`` when a model is used.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsclean.errors import NewscleanError

DEFAULT_MODEL = Path(__file__).with_name("default.skops")  # as persist.DEFAULT_MODEL, without its imports
_MAGIC = "newsclean-model"
STAMP_CHARS = 12  # hex digits of the feature-set stamp


@dataclass(frozen=True)
class ModelInfo:
    """The header of a model file: who wrote it, its threshold, its feature set and its card."""

    path: Path
    format: int | None
    newsclean_version: str
    sklearn_version: str
    threshold: float
    feature_names: tuple[str, ...]
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def stamp(self) -> str:
        """The feature-set stamp: a short hash of the feature names, in order."""
        return feature_stamp(self.feature_names)


def feature_stamp(names: Sequence[str]) -> str:
    """A short, stable hash of feature names in order: two models with the same stamp read the same columns."""
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:STAMP_CHARS]


def _json_value(node: Any) -> Any:
    """The plain value of a skops schema node made of JSON, lists, tuples and dicts only."""
    if not isinstance(node, dict):
        raise ValueError("schema node is not an object")
    loader, content = node.get("__loader__"), node.get("content")
    if loader == "JsonNode" and isinstance(content, str):
        return json.loads(content)
    if loader in ("ListNode", "TupleNode") and isinstance(content, list):
        return [_json_value(n) for n in content]
    if loader == "DictNode" and isinstance(content, dict):
        return {k: _json_value(v) for k, v in content.items()}
    raise ValueError(f"unexpected {loader} node")


def read_info(path: str | Path | None = None) -> ModelInfo:
    """Read a model file's header.

    Args:
        path: the model file; the shipped default model when None.

    Returns:
        Its format, versions, threshold, feature names and card (``{}`` when it has none).

    Raises:
        NewscleanError: missing, not a skops archive, or not a newsclean model file.
    """
    target = DEFAULT_MODEL if path is None else Path(path)
    if not target.is_file():
        raise NewscleanError(f"{target}: {'not a model file' if target.exists() else 'no such model file'}")
    try:
        with zipfile.ZipFile(target) as archive:
            schema = json.loads(archive.read("schema.json"))
        content = schema["content"] if isinstance(schema, dict) else None
        if not isinstance(content, dict) or _json_value(content.get("magic")) != _MAGIC:
            raise NewscleanError(f"{target}: not a newsclean model file")
        card = _json_value(content["card"]) if "card" in content else {}
        return ModelInfo(
            path=target,
            format=_json_value(content["format"]),
            newsclean_version=str(_json_value(content.get("newsclean_version", {"__loader__": "JsonNode",
                                                                                 "content": '"?"'}))),
            sklearn_version=str(_json_value(content.get("sklearn_version", {"__loader__": "JsonNode",
                                                                             "content": '"?"'}))),
            threshold=float(_json_value(content["threshold"])),
            feature_names=tuple(str(n) for n in _json_value(content["feature_names"])),
            card=card if isinstance(card, dict) else {},
        )
    except NewscleanError:
        raise
    except (OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
        raise NewscleanError(f"{target}: not a readable newsclean model file ({exc})") from None


def default_threshold_text() -> str:
    """The shipped model's threshold for help texts ("0.95"), or "?" when it cannot be read."""
    try:
        return f"{read_info(None).threshold:.2f}"
    except NewscleanError:
        return "?"


_GROUPING = {  # the card's fit_report.grouping (training/train.py GROUPING_LABELS, shorter)
    "publisher": "out of fold, inner folds grouped by publisher",
    "document": "out of fold, inner folds grouped by document (one publisher)",
    "none": "in-sample (one pair: no out-of-fold estimate)",
}


def _figures(counts: Any) -> str:
    if not isinstance(counts, dict):
        return "?"
    return f"drop precision {counts.get('precision', 0):.3f}, recall {counts.get('recall', 0):.3f}, " \
           f"F1 {counts.get('f1', 0):.3f}"


def _count(n: object, noun: str) -> str:
    """The count and its noun: "1 pair", "54 pairs", "? pairs" when the card does not say."""
    return f"{n} {noun}" if n == 1 else f"{'?' if n is None else n} {noun}s"


def describe(info: ModelInfo, *, version: str, current_stamp: str, default: bool) -> str:
    """What ``newsclean info`` prints: the installed version, then what the model file says about itself.

    Args:
        info: the model file's header.
        version: the installed newsclean's version.
        current_stamp: the stamp of the feature set this newsclean computes.
        default: whether the file is the shipped default model.
    """
    same = "the same as this newsclean computes" if info.stamp == current_stamp else \
        f"this newsclean computes {current_stamp}: the model must be retrained"
    lines = [
        f"newsclean {version}",
        f"model: {info.path}" + (" (the shipped default; --model chooses another)" if default else ""),
        f"  written by newsclean {info.newsclean_version} with scikit-learn {info.sklearn_version} "
        f"(model format {info.format})",
        f"  threshold: {info.threshold:.2f} (a block is dropped when its drop probability reaches it; "
        "predict --threshold overrides it: higher drops less)",
        f"  feature set: {len(info.feature_names)} columns, stamp {info.stamp} ({same})",
    ]
    card = info.card
    trained = card.get("trained_on")
    if isinstance(trained, dict):
        lines.append(f"  trained on: {_count(trained.get('documents'), 'pair')} from "
                     f"{_count(len(trained.get('publishers', [])), 'publisher')}, "
                     f"{_count(trained.get('blocks'), 'block')}, {trained.get('dropped', '?')} dropped")
        extra = trained.get("extra")
        if isinstance(extra, dict) and extra.get("documents"):
            lines.append(f"    and {_count(extra.get('documents'), 'extra pair')} (--extra: fitted on, never scored), "
                         f"{_count(extra.get('blocks'), 'block')}, {extra.get('dropped', '?')} dropped")
    else:
        lines.append("  trained on: not recorded (the file has no card)")
    fit = card.get("fit_report")
    if isinstance(fit, dict) and "oof_precision" in fit:
        grouping = _GROUPING.get(str(fit.get("grouping", "publisher")), str(fit.get("grouping")))
        lines.append(f"  fit ({grouping}): drop precision {fit['oof_precision']:.3f}, "
                     f"recall {fit['oof_recall']:.3f}, F1 {fit['oof_f1']:.3f}")
    lopo = card.get("lopo")
    if isinstance(lopo, dict) and isinstance(lopo.get("totals"), dict):
        totals = lopo["totals"]
        lines.append(f"  leave-one-publisher-out ({len(lopo.get('folds', []))} publishers): "
                     f"{_figures(totals.get('block'))} by block; {_figures(totals.get('char'))} by character")
    else:
        lines.append("  leave-one-publisher-out: not in the card (newsclean train --card computes it)")
    if card.get("command"):
        lines.append(f"  reproduce: {card['command']}")
    return "\n".join(lines) + "\n"
