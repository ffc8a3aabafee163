"""Shared fixtures: the labelled corpus beside the repo and a small fitted model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pairs"
# A few pairs from different publishers: enough for both classes and several categories.
TINY_MODEL_PAIRS = ("tldr-ai-1", "bytebytego-ep168", "the-batch-1", "every-1", "lennys-newsletter-1")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of labelled pairs (../shared/corpus/pairs), or skip."""
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def tiny_model(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model file fitted on five corpus pairs: fast to fit, not meant to clean well."""
    from newsclean.features.segment import parse_blocks
    from newsclean.model.cleaner import Cleaner, TrainConfig, make_doc
    from threadpoolctl import threadpool_limits

    docs = []
    for name in TINY_MODEL_PAIRS:
        d = corpus_dir / name
        blocks = parse_blocks((d / "input.md").read_text(encoding="utf-8"))
        drop = {int(k): v for k, v in json.loads((d / "labels.json").read_text(encoding="utf-8"))["drop"].items()}
        y = [int(all(u in drop for u in b.units)) for b in blocks]
        cats = [drop.get(b.units[0]) if yy else None for b, yy in zip(blocks, y, strict=True)]
        publisher = json.loads((d / "meta.json").read_text(encoding="utf-8"))["publisher"]
        docs.append(make_doc(blocks, y, cats, publisher, name))
    path = tmp_path_factory.mktemp("model") / "tiny.skops"
    # Few trees and folds, one thread: OpenMP threads on a busy machine made this fit 20x slower.
    cleaner = Cleaner(config=TrainConfig(max_iter=40, inner_folds=2))
    with threadpool_limits(limits=1):
        cleaner.fit(docs)
    cleaner.save(path)
    return path
