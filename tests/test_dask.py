"""Tests for ``newsclean.dask``: ``predict --scheduler`` on a LocalCluster and on real dask processes.

Every cluster run is compared byte for byte with serial folder mode (``predict DIR -o OUT -j 1``)
over a few corpus newsletters plus one bad file. Skipped without the ``dask`` extra, except the
test of the error line that its absence gives.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsclean.cli import build_parser, main

HAS_DASK = all(importlib.util.find_spec(m) is not None for m in ("distributed", "fsspec"))
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="the dask extra is not installed: pip install 'newsclean[dask]'")

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pairs"
# Six newsletters of different publishers and sizes, one of them in a subfolder.
PAIRS = ("tldr-ai-1", "bytebytego-ep168", "every-1", "nyrb-1", "milk-road-1", "semafor-dc-1")
BAD_NAME, BAD_BYTES = "bad.md", b"# Caf\xe9\n"
BAD_ERROR = ("not valid utf-8 at byte 5 (invalid continuation byte); "
             "pass --encoding (e.g. --encoding cp1252) or --errors replace")
BINARY_NAME, BINARY_BYTES = "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
BINARY_ERROR = "looks like binary data (NUL byte at offset 8), not Markdown"
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
STARTUP_TIMEOUT = 60.0

Capsys = pytest.CaptureFixture[str]


# -- fixtures --------------------------------------------------------------------------------
def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS}")
    return CORPUS


def _stage(folder: Path) -> Path:
    """PAIRS' inputs as <pair>.md (the last in sub/), BAD_NAME and BINARY_NAME under ``folder``."""
    corpus = _corpus()
    (folder / "sub").mkdir(parents=True)
    for i, pair in enumerate(PAIRS):
        where = folder / "sub" if i == len(PAIRS) - 1 else folder
        shutil.copyfile(corpus / pair / "input.md", where / f"{pair}.md")
    (folder / BAD_NAME).write_bytes(BAD_BYTES)
    (folder / BINARY_NAME).write_bytes(BINARY_BYTES)
    return folder


def _serial(src: Path, out: Path) -> tuple[int, str]:
    """``predict src -o out -j 1`` in process: exit code and stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["predict", str(src), "-o", str(out), "-j", "1"])
    return code, err.getvalue()


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too: a left-over temporary file is a failure) by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _stage(tmp_path_factory.mktemp("dask") / "in")


@pytest.fixture(scope="module")
def serial(inputs: Path) -> tuple[dict[str, bytes], str]:
    """The outputs and stderr of serial folder mode over ``inputs``."""
    out = inputs.parent / "serial"
    code, err = _serial(inputs, out)
    assert code == 1  # the bad files
    assert f"Error: {inputs / BAD_NAME}: {BAD_ERROR}\nError: {inputs / BINARY_NAME}: {BINARY_ERROR}\n" in err
    expected = _tree(out)
    assert sorted(expected) == sorted([*(f"{p}.md" for p in PAIRS[:-1]), f"sub/{PAIRS[-1]}.md"])
    return expected, err


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A LocalCluster of two worker processes (one thread each) and a client of it."""
    if not HAS_DASK:
        pytest.skip("the dask extra is not installed")
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


def _cli(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _assert_like_serial(err: str, src: str, dst: str, serial_err: str, serial_src: Path) -> None:
    """The error line and summary of a cluster run are those of serial mode, with its names."""
    assert err == serial_err.replace(str(serial_src), src).replace(str(serial_src.parent / "serial"), dst)


# -- without the extra -----------------------------------------------------------------------
def test_scheduler_without_dask_is_one_error_line(capsys: Capsys, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    import newsclean.model.pipeline as pipeline

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    monkeypatch.setattr(pipeline, "load_model", lambda *a: pytest.fail("the model was loaded"))
    code, out, err = _cli(capsys, "predict", str(tmp_path), "-o", str(tmp_path / "out"), "--scheduler", "local:2")
    assert (code, out, err) == (
        1, "", "Error: --scheduler needs Dask, which is not installed (distributed): pip install 'newsclean[dask]'\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["local:0", "local:x", "local:", "two workers", "tcp://", "tcp://h:p",
                                   # tcp and tls without their port (Dask needs one)
                                   "bogus", "localhost", "tcp://host", "tls://host"])
def test_bad_scheduler_is_a_usage_error(capsys: Capsys, value: str) -> None:
    code, out, err = _cli(capsys, "predict", "in", "-o", "out", "--scheduler", value)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "newsclean predict: error: argument --scheduler: must be local:N (N worker processes on this machine) "
        f"or a scheduler address such as tcp://host:8786, not {value!r}")


@needs_dask
def test_a_scheduler_dask_cannot_use_is_one_error_line(capsys: Capsys, tmp_path: Path) -> None:
    """An address the check lets through (any protocol: Dask finds them through plugins) but Dask cannot use."""
    code, out, err = _cli(capsys, "predict", str(tmp_path), "-o", str(tmp_path / "out"), "--scheduler", "udp://x:1")
    assert (code, out) == (1, "")
    assert err.startswith("Error: udp://x:1: cannot reach the Dask scheduler (") and err.count("\n") == 1


@pytest.mark.parametrize("value", ["local:1", "local:16", "tcp://127.0.0.1:8786", "localhost:8786",
                                   "tls://scheduler.example.org:8786", "tcp://[::1]:8786", "ucx://10.0.0.2", "ws://127.0.0.1",
                                   "ucxx://10.0.0.2:13337"])
def test_good_scheduler_values(value: str) -> None:
    assert build_parser().parse_args(["predict", "in", "-o", "out", "--scheduler", value]).scheduler == value


@needs_dask
@pytest.mark.parametrize(("argv", "message"), [
    (["-", "-o", "out"], "--scheduler cleans a folder (a path or URL), not standard input"),
    (["<in>"], "<in>: pass -o OUTDIR (a folder or URL) to write the cleaned files there"),
    (["<in>", "-o", "<out>", "-j", "2"], "--jobs does not apply with --scheduler: the cluster's workers clean the "
                                         "files (local:N starts N worker processes)"),
    (["<in>/missing", "-o", "<out>"], "<in>/missing: no such folder"),
    (["<in>/a.md", "-o", "<out>"], "<in>/a.md: is a file; --scheduler cleans a folder (drop --scheduler for one file)"),
    (["<in>", "-o", "<in>"], "<in>: the output folder must not be the input folder; choose another -o"),
    (["<in>", "-o", "<in>/a.md"], "<in>/a.md: is a file; with a folder as input, -o must be a folder"),
])
def test_bad_folders_fail_before_the_cluster_starts(capsys: Capsys, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path, argv: list[str], message: str) -> None:
    import newsclean.dask as on_dask

    monkeypatch.setattr(on_dask, "connect", lambda *a: pytest.fail("a cluster was started"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("# A\n", encoding="utf-8")
    argv = [a.replace("<in>", str(tmp_path / "in")).replace("<out>", str(tmp_path / "out")) for a in argv]
    code, out, err = _cli(capsys, "predict", *argv, "--scheduler", "local:2")
    assert (code, out, err) == (1, "", f"Error: {message}\n".replace("<in>", str(tmp_path / "in"))
                                .replace("<out>", str(tmp_path / "out")))


@needs_dask
def test_bad_model_is_one_line_before_the_cluster_starts(capsys: Capsys, monkeypatch: pytest.MonkeyPatch,
                                                         inputs: Path, tmp_path: Path) -> None:
    import newsclean.dask as on_dask

    monkeypatch.setattr(on_dask, "connect", lambda *a: pytest.fail("a cluster was started"))
    missing = tmp_path / "missing.skops"
    code, out, err = _cli(capsys, "predict", str(inputs), "-o", str(tmp_path / "out"), "--model", str(missing),
                          "--scheduler", "local:2")
    assert (code, out, err) == (1, "", f"Error: {missing}: no such model file\n")


# -- planning --------------------------------------------------------------------------------
@needs_dask
def test_plan_lists_like_folder_mode_and_batches(inputs: Path, tmp_path: Path) -> None:
    from newsclean.dask import batches, plan
    from newsclean.io import iter_markdown_files

    (inputs.parent / "in-extra").mkdir(exist_ok=True)
    tasks = plan(str(inputs), str(tmp_path / "out"))
    assert [t.name for t in tasks] == [str(p) for p in iter_markdown_files(inputs)]
    assert [t.target_name for t in tasks] == [str(tmp_path / "out" / Path(t.name).relative_to(inputs)) for t in tasks]
    assert all(t.data is None and t.error is None for t in tasks)
    assert [len(b) for b in batches(tasks, workers=2)] == [1] * 8  # 8 files: ~4 tasks a worker
    assert [len(b) for b in batches(tasks, workers=1)] == [2] * 4
    assert [len(b) for b in batches(tasks, workers=2, size=3)] == [3, 3, 2]
    assert [len(b) for b in batches(tasks * 20, workers=2)] == [16] * 10  # 160 files: at most 16 a task


# -- on a LocalCluster -----------------------------------------------------------------------
@needs_dask
def test_local_n_matches_serial(capsys: Capsys, inputs: Path, serial: tuple[dict[str, bytes], str],
                                tmp_path: Path) -> None:
    expected, serial_err = serial
    code, out, err = _cli(capsys, "predict", str(inputs), "-o", str(tmp_path / "out"), "--scheduler", "local:2")
    assert (code, out) == (1, "")
    _assert_like_serial(err, str(inputs), str(tmp_path / "out"), serial_err, inputs)
    assert _tree(tmp_path / "out") == expected


@needs_dask
def test_running_cluster_batches_and_loads_the_model_once_per_worker(
        inputs: Path, serial: tuple[dict[str, bytes], str], tmp_path: Path, cluster: Any) -> None:
    from newsclean.dask import CleanOptions, plan, run

    expected, _ = serial
    tasks = plan(str(inputs), str(tmp_path / "out"))
    results = list(run(cluster, tasks, str(inputs), str(tmp_path / "out"), CleanOptions(), batch_size=2))
    errors = {str(inputs / BAD_NAME): BAD_ERROR, str(inputs / BINARY_NAME): BINARY_ERROR}
    assert [(t.name, e) for t, e in results] == [
        (t.name, f"{t.name}: {errors[t.name]}" if t.name in errors else None) for t in tasks]
    assert _tree(tmp_path / "out") == expected
    loads = cluster.run(lambda: __import__("newsclean.model.pipeline", fromlist=["_load"])._load.cache_info().misses)
    assert sorted(loads.values()) in ([0, 1], [1, 1])  # 4 tasks: one worker may have done them all


@needs_dask
@pytest.mark.parametrize("where", ["memory-to-memory", "memory-to-disk", "disk-to-memory"])
def test_memory_urls(capsys: Capsys, inputs: Path, serial: tuple[dict[str, bytes], str], tmp_path: Path,
                     cluster: Any, where: str) -> None:
    import fsspec

    expected, serial_err = serial
    fs = fsspec.filesystem("memory")
    root = f"memory://newsclean-test-{uuid.uuid4().hex}"
    src = str(inputs)
    if where.startswith("memory"):
        src = f"{root}/in"
        for p in inputs.rglob("*"):
            if p.is_file():
                fs.pipe_file(f"{src}/{p.relative_to(inputs).as_posix()}", p.read_bytes())
    dst = f"{root}/out" if where.endswith("memory") else str(tmp_path / "out")
    try:
        code, out, err = _cli(capsys, "predict", src, "-o", dst, "--scheduler", cluster.scheduler_info()["address"])
        assert (code, out) == (1, "")
        _assert_like_serial(err, src, dst, serial_err, inputs)
        if dst.startswith("memory://"):
            prefix = fs._strip_protocol(dst) + "/"
            written = {p.removeprefix(prefix): fs.cat_file(p) for p in fs.find(dst)}
        else:
            written = _tree(tmp_path / "out")
        assert written == expected
    finally:
        fs.rm(root, recursive=True)


@needs_dask
def test_explain_on_a_cluster_matches_serial(capsys: Capsys, inputs: Path, tmp_path: Path, cluster: Any) -> None:
    address = cluster.scheduler_info()["address"]
    serial = _cli(capsys, "predict", str(inputs), "-o", str(tmp_path / "serial"), "--explain", "-j", "1")
    on_cluster = _cli(capsys, "predict", str(inputs), "-o", str(tmp_path / "out"), "--explain", "--scheduler", address)
    assert on_cluster[:2] == serial[:2] == (1, "")
    assert on_cluster[2] == serial[2].replace(str(tmp_path / "serial"), str(tmp_path / "out"))
    assert _tree(tmp_path / "out") == _tree(tmp_path / "serial")
    assert b"keep  " in _tree(tmp_path / "out")[f"{PAIRS[0]}.md"]


@needs_dask
def test_folder_of_emails_and_mboxes_matches_serial(capsys: Capsys, tmp_path: Path, cluster: Any) -> None:
    """HTML, .eml, Gmail JSON and an mbox (split on the client) are named and cleaned as in folder mode."""
    import mailbox

    from helpers import build_eml, build_gmail_json

    corpus = _corpus()
    html = [(corpus / pair / "email.html").read_text(encoding="utf-8") for pair in ("404-media-2", "bookshop-1")]
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copyfile(corpus / "nyrb-1" / "input.md", src / "a.md")
    (src / "a.html").write_text(html[0], encoding="utf-8")  # its output a.md is a.md's: an error
    (src / "b.html").write_text(html[1], encoding="utf-8")
    (src / "sub" / "c.eml").write_bytes(build_eml(html[0]))
    (src / "d.json").write_bytes(build_gmail_json(html[1]))
    box = mailbox.mbox(src / "box.mbox")
    for subject, body in (("One", html[0]), ("Two", html[1])):
        box.add(build_eml(body, subject=subject))
    box.close()
    serial = _cli(capsys, "predict", str(src), "-o", str(tmp_path / "serial"), "-j", "1")
    assert serial[0] == 1 and "is already the output of" in serial[2]
    on_cluster = _cli(capsys, "predict", str(src), "-o", str(tmp_path / "out"), "--scheduler",
                      cluster.scheduler_info()["address"])
    assert on_cluster == (serial[0], serial[1], serial[2].replace(str(tmp_path / "serial"), str(tmp_path / "out")))
    assert sorted(_tree(tmp_path / "out")) == ["a.md", "b.md", "box/2026-04-24-one.md", "box/2026-04-24-two.md",
                                               "d.md", "sub/c.md"]
    assert _tree(tmp_path / "out") == _tree(tmp_path / "serial")


@needs_dask
def test_clean_bag_and_clean_partition(inputs: Path, serial: tuple[dict[str, bytes], str], cluster: Any) -> None:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from newsclean.features.history import History
    from newsclean.model.pipeline import clean, load_model

    from newsclean.dask import clean_bag, clean_partition

    expected, _ = serial
    names = sorted(expected)
    texts = [(inputs / name).read_text(encoding="utf-8") for name in names]
    # with the bag's own texts as history, counted out of their own: folder mode's bytes
    folder = [expected[name].decode("utf-8") for name in names]
    history = History.from_texts(texts)
    bag = db.from_sequence(texts, npartitions=3)
    assert clean_bag(bag, history=history, exclude_self=True).compute() == folder
    # without history: each text on its own
    want = [clean(text, cleaner=load_model(None)) for text in texts]
    assert clean_bag(bag).compute() == want
    frame = pd.DataFrame({"id": range(len(texts)), "markdown": texts})
    ddf = dd.from_pandas(frame, npartitions=2)
    got = ddf.map_partitions(clean_partition, meta=frame.head(0).assign(clean="")).compute()
    assert got["clean"].tolist() == want
    assert got["markdown"].tolist() == texts
    # In place, and a missing value stays missing (no cluster: a plain pandas call).
    one = clean_partition(pd.DataFrame({"md": [texts[0], None]}), column="md", out_column="md")
    assert one["md"].tolist()[0] == want[0]
    assert one["md"].isna().tolist() == [False, True]


# -- real processes: a dask scheduler and two dask workers -----------------------------------
def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def dask_processes(tmp_path: Path) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1 (free ports); the scheduler's address."""
    if not HAS_DASK:
        pytest.skip("the dask extra is not installed")
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, *argv: str) -> None:
        with (tmp_path / f"{name}.log").open("wb") as log:  # the child keeps its own descriptor
            processes.append(subprocess.Popen([*dask, *argv], env=ENV, stdout=log, stderr=subprocess.STDOUT))

    def logs() -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}"
                         for log in sorted(tmp_path.glob("*.log")))

    try:
        # Port 0: the system picks a free port, and the scheduler writes its address to the file.
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(scheduler_file))
        deadline = time.monotonic() + STARTUP_TIMEOUT
        address = None
        while address is None:
            assert processes[0].poll() is None and time.monotonic() < deadline, f"no dask scheduler\n{logs()}"
            time.sleep(0.1)
            with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):  # not yet (completely) written
                address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        for i in range(2):
            start(f"worker-{i}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard")
        with Client(address, timeout="30s") as client:
            try:
                client.wait_for_workers(2, timeout=STARTUP_TIMEOUT)
            except TimeoutError:
                pytest.fail(f"the dask workers did not start\n{logs()}")
        yield address
    finally:
        for process in reversed(processes):  # workers first, then the scheduler
            _stop(process)


@needs_dask
def test_dask_scheduler_and_workers_match_serial(capsys: Capsys, inputs: Path, serial: tuple[dict[str, bytes], str],
                                                 tmp_path: Path, dask_processes: str) -> None:
    expected, serial_err = serial
    dst = f"file://{tmp_path / 'out'}"
    code, out, err = _cli(capsys, "predict", str(inputs), "-o", dst, "--scheduler", dask_processes)
    assert (code, out) == (1, "")
    _assert_like_serial(err, str(inputs), dst, serial_err, inputs)
    assert _tree(tmp_path / "out") == expected


# -- a worker dies mid-run -------------------------------------------------------------------
@needs_dask
def test_killed_worker_loses_nothing(tmp_path: Path, cluster: Any) -> None:
    """Kill a worker while it holds tasks of the run: every file is still cleaned exactly once."""
    from newsclean.dask import CleanOptions, plan, run

    # 32 larger files (six newsletters each, ~0.15 s to clean) so that the run outlasts the kill.
    corpus = _corpus()
    pairs = sorted(p.name for p in corpus.iterdir() if (p / "input.md").is_file())[:48]
    src = tmp_path / "in"
    src.mkdir()
    for i in range(32):
        group = pairs[(i % 8) * 6:(i % 8) * 6 + 6]
        text = "".join((corpus / p / "input.md").read_text(encoding="utf-8") for p in group)
        (src / f"{i:02d}.md").write_text(text + f"\n{i}\n", encoding="utf-8")
    (src / BAD_NAME).write_bytes(BAD_BYTES)
    assert _serial(src, tmp_path / "serial")[0] == 1
    expected = _tree(tmp_path / "serial")

    # A watcher thread polls the scheduler from the moment the run is submitted and kills the first worker
    # that holds one of its tasks. (Checking only when a result arrives raced with the run: on a loaded
    # machine the whole run could finish before the first result reached the loop.)
    killed: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            busy = [w for w, keys in cluster.processing().items()
                    if any(str(k).startswith("clean_batch") for k in keys)]
            if busy:
                pid = cluster.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(busy[0])
                return
            done.wait(0.005)

    tasks = plan(str(src), str(tmp_path / "out"))
    seen: list[str] = []
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        for task, error in run(cluster, tasks, str(src), str(tmp_path / "out"), CleanOptions(), batch_size=1):
            seen.append(task.name)
            assert error == (f"{task.name}: {BAD_ERROR}" if task.name.endswith(BAD_NAME) else None)
    finally:
        done.set()
        watcher.join(30)
    assert killed, "the run ended before a worker could be killed"
    assert seen == [t.name for t in tasks]  # every file reported once, in order
    assert _tree(tmp_path / "out") == expected  # every output written, complete, no temporary file left
    cluster.wait_for_workers(2, timeout=STARTUP_TIMEOUT)  # the nanny restarted it
