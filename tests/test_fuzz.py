"""A short fuzzing run of the whole cleaning path (fuzz/fuzz_clean.py) under atheris.

CI runs it for FUZZ_SECONDS; the long run is described in fuzz/README.md. A crash, an exception
or a broken output contract makes atheris exit non-zero and leaves the input under tmp_path
(printed below): add it to tests/test_pathological.py as a regression test.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "fuzz" / "fuzz_clean.py"
# Length of the CI run; NEWSCLEAN_FUZZ_SECONDS overrides it (0 skips the run).
FUZZ_SECONDS = int(os.environ.get("NEWSCLEAN_FUZZ_SECONDS", "60"))


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install atheris; it ships wheels for CPython on x86-64 Linux)",
)
@pytest.mark.skipif(FUZZ_SECONDS <= 0, reason="NEWSCLEAN_FUZZ_SECONDS=0")
def test_fuzz_clean_finds_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cmd = [
        sys.executable, str(HARNESS), str(corpus), str(ROOT / "fuzz" / "seeds"),
        f"-dict={ROOT / 'fuzz' / 'markdown.dict'}", f"-max_total_time={FUZZ_SECONDS}",
        "-max_len=4096", "-timeout=30", "-rss_limit_mb=4096", f"-artifact_prefix={tmp_path}/", "-print_final_stats=1",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=FUZZ_SECONDS + 300, check=False)
    findings = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    report = "\n".join(line for line in run.stderr.splitlines() if not line.startswith("INFO: Instrumenting"))
    assert run.returncode == 0 and not findings, f"fuzzing found {findings} (exit {run.returncode}):\n{report[-4000:]}"
    assert "Done" in run.stderr, report[-2000:]
