"""Fitting and cleaning give the same result in every process, whatever Python's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import hashlib, json, sys
from pathlib import Path
from newsclean.features.segment import parse_blocks
from newsclean.model.cleaner import Cleaner, TrainConfig, make_doc
from newsclean.model.pipeline import clean
corpus = Path(sys.argv[1])
docs = []
for name in ("tldr-ai-1", "every-1", "the-batch-1", "lennys-newsletter-1"):
    d = corpus / name
    blocks = parse_blocks((d / "input.md").read_text(encoding="utf-8"))
    drop = {int(k): v for k, v in json.loads((d / "labels.json").read_text())["drop"].items()}
    y = [int(all(u in drop for u in b.units)) for b in blocks]
    docs.append(make_doc(blocks, y, [drop.get(b.units[0]) for b in blocks], name, name))
cleaner = Cleaner(config=TrainConfig(max_iter=30, inner_folds=2))
cleaner.fit(docs)
text = (corpus / "tldr-ai-2" / "input.md").read_text(encoding="utf-8")
from newsclean.model.cleaner import prepare
blocks = parse_blocks(text)
probas = [f"{d.proba:.15f}" for d in cleaner.decide(blocks)]
features = cleaner._stage2(prepare(blocks))[1].tobytes()  # every column, to the last bit
digest = hashlib.sha256((",".join(probas) + clean(text, cleaner=cleaner)).encode() + features).hexdigest()
print(cleaner.threshold_, digest)
"""


def test_same_model_and_output_under_any_hash_seed(corpus_dir: Path) -> None:
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "OMP_NUM_THREADS": "1"}
        run = subprocess.run([sys.executable, "-c", SCRIPT, str(corpus_dir)], env=env,
                             capture_output=True, text=True, check=True)
        outputs.add(run.stdout.strip())
    assert len(outputs) == 1, outputs
