"""Tests for the ``newsclean`` command, in process: ``main([...])`` with tmp_path and capsys."""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import re
import subprocess
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsclean.model import persist

from newsclean import __version__
from newsclean.cli import build_parser, main

Capsys = pytest.CaptureFixture[str]
MonkeyPatch = pytest.MonkeyPatch
DOC = "# Weekly\n\nSome real content here.\nSecond line.\n\n" + "Long " * 20 + "\n\n[Unsubscribe](https://x.example/u)\n"
# Bad input: (bytes, extra options, the problem after "<file>: ").
BAD_INPUT = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], r"looks like binary data \(NUL byte at offset 8\), "
                                                           r"not Markdown"),
    "invalid-utf8": (b"# Caf\xe9\n", [], r"not valid utf-8 at byte 5 \(invalid continuation byte\); "
                                          r"pass --encoding \(e\.g\. --encoding cp1252\) or --errors replace"),
    "too-large": (b"# big\n" * 50, ["--max-bytes", "200"], r"(file is 300 bytes, |input is )larger than the limit "
                                                           r"of 200 bytes \(raise it with --max-bytes\)"),
}


def _stdin(data: bytes) -> types.SimpleNamespace:
    return types.SimpleNamespace(buffer=io.BytesIO(data))  # all that reading uses of sys.stdin


@pytest.fixture(autouse=True)
def _one_thread() -> Iterator[None]:
    """scikit-learn's OpenMP threads made prediction 10x slower on a busy two-core machine."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def cli(capsys: Capsys, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def expected_clean(model: Path, markdown: str, folder: list[str] | None = None) -> str:
    """``clean`` of one document; ``folder``: the texts of the folder it is cleaned in (its history)."""
    from newsclean.features.history import History
    from newsclean.model.pipeline import clean, load_model

    if folder is None:
        return clean(markdown, cleaner=load_model(model))
    return clean(markdown, cleaner=load_model(model), history=History.from_texts(folder), exclude_self=True)


# -- usage -----------------------------------------------------------------------------------
def test_version_and_no_command(capsys: Capsys) -> None:
    assert cli(capsys, "--version") == (0, f"newsclean {__version__}\n", "")
    code, _, err = cli(capsys)
    assert (code, err.splitlines()[-1]) == (2, "newsclean: error: the following arguments are required: COMMAND")


@pytest.mark.parametrize(("option", "message"), [
    *((["--threshold", v], f"argument --threshold: must be a number between 0 and 1, not '{v}'")
      for v in ("1.5", "-0.1", "nan", "half")),
    (["--max-bytes", "0"], "argument --max-bytes: must be a whole number of 1 or more, not '0'"),
    (["--encoding", "bogus"], "argument --encoding: unknown text encoding 'bogus'"),
    (["--errors", "ignore"], "argument --errors: invalid choice: 'ignore'"),
])
def test_bad_option_values(capsys: Capsys, option: list[str], message: str) -> None:
    code, out, err = cli(capsys, "predict", "a.md", *option)
    assert (code, out) == (2, "")
    assert f"newsclean predict: error: {message}" in err


def test_help_is_cheap_and_python_m_works() -> None:
    probe = "import sys, newsclean.cli; print(sorted(m for m in ('sklearn', 'skops', 'numpy') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
    done = subprocess.run([sys.executable, "-m", "newsclean", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"newsclean {__version__}\n")


# -- predict: good input ---------------------------------------------------------------------
def test_predict(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "in.md"
    source.write_text(DOC, encoding="utf-8")
    assert cli(capsys, "predict", source, "--model", tiny_model) == (0, expected_clean(tiny_model, DOC), "")
    monkeypatch.setattr(sys, "stdin", _stdin(DOC.encode()))
    assert cli(capsys, "predict", "-", "--model", tiny_model) == (0, expected_clean(tiny_model, DOC), "")
    assert cli(capsys, "predict", source, "-o", tmp_path / "out.md", "--model", tiny_model) == (0, "", "")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == expected_clean(tiny_model, DOC)


def test_predict_empty_input(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.md").write_bytes(b"")
    assert cli(capsys, "predict", tmp_path / "in" / "empty.md", "--model", tiny_model) == (0, "", "")
    monkeypatch.setattr(sys, "stdin", _stdin(b""))
    assert cli(capsys, "predict", "-", "--model", tiny_model) == (0, "", "")
    code, _, err = cli(capsys, "predict", tmp_path / "in", "-o", tmp_path / "out", "--model", tiny_model)
    assert (code, err) == (0, f"cleaned 1 of 1 files into {tmp_path / 'out'}\n")
    assert (tmp_path / "out" / "empty.md").read_bytes() == b""


def test_predict_explain(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    from newsclean.model.pipeline import explain, load_model

    (tmp_path / "in.md").write_text(DOC, encoding="utf-8")
    code, out, err = cli(capsys, "predict", tmp_path / "in.md", "--explain", "--model", tiny_model)
    decisions = [e.decision for e in explain(DOC, cleaner=load_model(tiny_model))]
    spans_and_text = [("1-1", "# Weekly"), ("3-4", "Some real content here.⏎Second line."),
                      ("6-6", "Long " * 12 + "…"), ("8-8", "[Unsubscribe](https://x.example/u)")]
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{'keep' if d.keep else 'drop'}  {d.proba:.2f}  {d.category or '-':<10}  {span:<9}  {text}  ({d.reason})"
        for d, (span, text) in zip(decisions, spans_and_text, strict=True)
    ]


# -- predict: bad input, in each mode --------------------------------------------------------
def test_missing_or_unreachable_file(capsys: Capsys, tmp_path: Path) -> None:
    missing, long, loop = tmp_path / "nope.md", tmp_path / ("a" * 5000), tmp_path / "loop.md"
    loop.symlink_to(loop)
    assert cli(capsys, "predict", missing) == (1, "", f"Error: {missing}: no such file\n")
    assert cli(capsys, "predict", long) == (1, "", f"Error: {long}: cannot read (File name too long)\n")
    assert cli(capsys, "predict", loop) == (1, "", f"Error: {loop}: cannot read (Too many levels of symbolic links)\n")


@pytest.mark.parametrize("mode", ["file", "stdin"])
@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path, tiny_model: Path, case: str,
                   mode: str) -> None:
    data, options, problem = BAD_INPUT[case]
    source = tmp_path / "bad.md"
    source.write_bytes(data)
    monkeypatch.setattr(sys, "stdin", _stdin(data))
    name = "<stdin>" if mode == "stdin" else str(source)
    code, out, err = cli(capsys, "predict", "-" if mode == "stdin" else source, "--model", tiny_model, *options)
    assert (code, out) == (1, "")
    assert re.fullmatch(rf"Error: {re.escape(name)}: {problem}\n", err), err


@pytest.mark.parametrize("case", [*sorted(BAD_INPUT), "dangling-link"])
def test_bad_file_in_folder(capsys: Capsys, tmp_path: Path, tiny_model: Path, case: str) -> None:
    src, dst = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "a.md").write_text(DOC, encoding="utf-8")
    (src / "sub" / "c.md").write_text(DOC, encoding="utf-8")
    bad = src / "b.md"
    if case == "dangling-link":
        bad.symlink_to(src / "gone.md")
        options: list[str] = []
        problem = "no such file"
    else:
        data, options, problem = BAD_INPUT[case]
        bad.write_bytes(data)
    code, out, err = cli(capsys, "predict", src, "-o", dst, "--model", tiny_model, *options)
    assert (code, out) == (1, "")
    assert re.fullmatch(rf"Error: {re.escape(str(bad))}: {problem}\n"
                        rf"cleaned 2 of 3 files into {re.escape(str(dst))}; 1 failed\n", err), err
    assert sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file()) == ["a.md", "sub/c.md"]


def test_invalid_utf8_with_errors_replace(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "in.md").write_bytes(b"# Caf\xe9\n\nText.\n")
    code, out, err = cli(capsys, "predict", tmp_path / "in.md", "--errors", "replace", "--model", tiny_model)
    assert (code, out, err) == (0, expected_clean(tiny_model, "# Caf\ufffd\n\nText.\n"), "")


# -- predict: folders and outputs ------------------------------------------------------------
def test_folder_mirrors_names(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    src, dst = tmp_path / "in", tmp_path / "in" / "clean"
    for rel in ["a.md", "b.markdown", "deep/er/c.txt", ".hidden.md", "notes.rst", "clean/old.md"]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(DOC, encoding="utf-8")
    code, out, err = cli(capsys, "predict", src, "-o", dst, "--model", tiny_model)
    assert (code, out, err) == (0, "", f"cleaned 3 of 3 files into {dst}\n")  # no progress bar: not a TTY
    written = sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file())
    assert written == ["a.md", "b.markdown", "deep/er/c.txt", "old.md"]  # old.md was there: not an input
    assert (dst / "deep" / "er" / "c.txt").read_text(encoding="utf-8") == expected_clean(tiny_model, DOC, [DOC] * 3)


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_folder_with_workers_matches_one_process(capsys: Capsys, tmp_path: Path, tiny_model: Path, jobs: str) -> None:
    src, dst = tmp_path / "in", tmp_path / f"out{jobs}"
    src.mkdir()
    docs = {f"{i:02d}.md": DOC.replace("Story", f"Story {i}") for i in range(9)}
    for name, text in docs.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "03.md").write_bytes(b"\xff\xfe binary \x00")
    (src / "07.md").write_bytes(b"# Caf\xe9\n")
    code, out, err = cli(capsys, "predict", src, "-o", dst, "--model", tiny_model, "--jobs", jobs)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert [line.split(":")[1].strip() for line in lines[:2]] == [str(src / "03.md"), str(src / "07.md")]  # file order
    assert lines[2:] == [f"cleaned 7 of 9 files into {dst}; 2 failed"]
    written = sorted(p.name for p in dst.iterdir())
    assert written == sorted(set(docs) - {"03.md", "07.md"})
    readable = [docs[name] for name in written]  # the folder's history: the files that read
    for name in written:
        assert (dst / name).read_text(encoding="utf-8") == expected_clean(tiny_model, docs[name], readable)


def test_folder_history_is_the_other_files(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    src, earlier = tmp_path / "in", tmp_path / "earlier"
    docs = {f"{i}.md": DOC.replace("Story", f"Story {i}") for i in range(4)}
    for folder, names in ((src, ["0.md", "1.md", "2.md"]), (earlier, ["3.md"])):
        folder.mkdir()
        for name in names:
            (folder / name).write_text(docs[name], encoding="utf-8")
    inputs = [docs[n] for n in ("0.md", "1.md", "2.md")]
    for out, extra, folder_texts in ((tmp_path / "a", [], inputs), (tmp_path / "b", ["--no-history"], None),
                                     (tmp_path / "c", ["--history", earlier], [*inputs, docs["3.md"]])):
        assert cli(capsys, "predict", src, "-o", out, "--model", tiny_model, "-j", "1", *extra)[0] == 0
        for name in ("0.md", "1.md", "2.md"):
            assert (out / name).read_text(encoding="utf-8") == expected_clean(tiny_model, docs[name], folder_texts)
    # the same files and history give the same bytes
    assert cli(capsys, "predict", src, "-o", tmp_path / "again", "--model", tiny_model, "-j", "1")[0] == 0
    assert all((tmp_path / "again" / n).read_bytes() == (tmp_path / "a" / n).read_bytes() for n in docs if n != "3.md")


def test_a_folder_run_parses_each_file_once(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path,
                                            corpus_dir: Path, tiny_model: Path) -> None:
    """The history pass parses the folder's files; the cleaning builds their blocks from those parses."""
    from helpers import count_calls
    from markdown_it import MarkdownIt
    from newsclean.features import segment

    src = tmp_path / "in"
    src.mkdir()
    names = sorted(p.parent.name for p in corpus_dir.glob("*/input.md"))[:5]
    for name in names:
        (src / f"{name}.md").write_text((corpus_dir / name / "input.md").read_text(encoding="utf-8"), encoding="utf-8")
    parses = count_calls(monkeypatch, MarkdownIt, "parse")
    for out, extra in ((tmp_path / "a", []), (tmp_path / "b", ["--no-history"])):
        parses[0] = 0
        before = segment.FALLBACK_PARSES.copy()
        assert cli(capsys, "predict", src, "-o", out, "--model", tiny_model, "-j", "1", *extra)[0] == 0
        assert parses[0] == len(names) + (segment.FALLBACK_PARSES - before).total(), extra
    assert not segment.PARSES.active  # on for the run only
    texts = [(src / f"{n}.md").read_text(encoding="utf-8") for n in names]
    for name, text in zip(names, texts, strict=True):
        assert (tmp_path / "a" / f"{name}.md").read_text(encoding="utf-8") == expected_clean(tiny_model, text, texts)


def test_remembered_parses_give_the_same_blocks_once_each_and_stay_bounded() -> None:
    from newsclean.features import segment

    docs = [f"{DOC}\nIssue {i}.\n" for i in range(4)]
    with segment.remembered_parses(size=2):
        first = [segment.parse_blocks(d) for d in docs]
        assert len(segment.PARSES) == 2  # the first two are kept, the rest parsed as usual
        assert segment.parse_blocks(docs[0]) == first[0]  # met again while keeping: kept for two cleanings
        segment.PARSES.serve()
        assert segment.parse_blocks(docs[0]) == first[0]
        assert [segment.parse_blocks(d) for d in docs[:2]] == first[:2]
        assert len(segment.PARSES) == 0  # each kept structure served once, then forgotten
    assert first == [segment.parse_blocks(d) for d in docs]


def test_one_file_with_a_history_folder(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    past = [DOC.replace("Story", f"Old story {i}") for i in range(2)]
    for i, text in enumerate(past):
        (earlier / f"{i}.md").write_text(text, encoding="utf-8")
    issue = tmp_path / "issue.md"
    issue.write_text(DOC, encoding="utf-8")
    code, out, _ = cli(capsys, "predict", issue, "--model", tiny_model, "--history", earlier)
    from newsclean.features.history import History
    from newsclean.model.pipeline import clean, load_model

    assert code == 0
    assert out == clean(DOC, cleaner=load_model(tiny_model), history=History.from_texts(past))
    # a file inside its own history folder is counted out of it
    code, inside, _ = cli(capsys, "predict", earlier / "0.md", "--model", tiny_model, "--history", earlier)
    assert inside == expected_clean(tiny_model, past[0], past)


def test_an_mbox_as_history_counts_message_by_message(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path,
                                                     tiny_model: Path) -> None:
    """--history box.mbox, or an mbox inside a --history folder: each message is one earlier issue (review)."""
    from helpers import build_eml
    from newsclean.features.email import from_eml

    from newsclean import cli as cli_module

    seen: list[list[str]] = []
    real = cli_module._history
    monkeypatch.setattr(cli_module, "_history", lambda texts: real(seen.append(list(texts)) or seen[-1]))

    past = [DOC.replace("Story", f"Old story {i}").replace("# Weekly", f"# Weekly {i}") for i in range(2)]
    messages = [build_eml(None, plain=text, subject=f"Issue {i}") for i, text in enumerate(past)]
    box = _mbox(tmp_path / "box.mbox", messages)
    (tmp_path / "folder").mkdir()
    _mbox(tmp_path / "folder" / "old.mbox", messages)
    issue = tmp_path / "issue.md"
    issue.write_text(DOC, encoding="utf-8")
    texts = [from_eml(m).markdown for m in messages]
    expected = expected_clean(tiny_model, DOC, [DOC, *texts])
    for history in (box, tmp_path / "folder"):
        code, out, err = cli(capsys, "predict", issue, "--model", tiny_model, "--history", history)
        assert (code, out, err) == (0, expected, "")
        assert seen.pop() == texts  # the two messages, not the mbox skipped
    # the history's format is its own, not the input's --input-format (a review); a byte-order mark before the
    # mbox loses no message
    box.write_bytes(b"\xef\xbb\xbf" + box.read_bytes())
    stdin_input = tmp_path / "issue.txt"
    stdin_input.write_text(DOC, encoding="utf-8")
    code, out, err = cli(capsys, "predict", stdin_input, "--input-format", "markdown", "--model", tiny_model,
                         "--history", box)
    assert (code, out, err) == (0, expected, "")
    assert seen.pop() == texts
    # a named history file that does not read is said, not skipped in silence; a missing one is an error
    (tmp_path / "empty.mbox").write_bytes(b"")
    code, out, err = cli(capsys, "predict", issue, "--model", tiny_model, "--history", tmp_path / "empty.mbox")
    assert (code, err) == (0, f"history: skipping {tmp_path / 'empty.mbox'}: holds no messages (an mbox starts with "
                              "a 'From ' line)\n")
    assert cli(capsys, "predict", issue, "--model", tiny_model, "--history", tmp_path / "gone") == (
        1, "", f"Error: {tmp_path / 'gone'}: no such file or folder (--history)\n")


@pytest.mark.parametrize(("requested", "files", "cpus", "jobs"), [
    (None, 100, 2, 2), (None, 7, 2, 1), (None, 8, 2, 2), (None, 1000, 64, 4), (None, 0, 2, 1),
    (3, 100, 2, 3), (8, 2, 2, 2), (1, 100, 8, 1),
])
def test_jobs_default_one_per_cpu_when_there_is_work(monkeypatch: MonkeyPatch, requested: int | None, files: int,
                                                     cpus: int, jobs: int) -> None:
    from newsclean import cli as cli_module

    monkeypatch.setattr(cli_module, "_available_cpus", lambda: cpus)
    assert cli_module._jobs(requested, files) == jobs


def test_folder_progress_on_a_tty(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(DOC, encoding="utf-8")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = cli(capsys, "predict", tmp_path / "in", "-o", tmp_path / "out", "--model", tiny_model)
    assert code == 0
    assert "cleaning: 100%" in err
    assert err.endswith(f"cleaned 1 of 1 files into {tmp_path / 'out'}\n")


def test_folder_and_output_mismatch(capsys: Capsys, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DOC, encoding="utf-8")
    assert cli(capsys, "predict", tmp_path) == (
        1, "", f"Error: {tmp_path}: is a folder; pass -o OUTDIR to write the cleaned files there\n")
    assert cli(capsys, "predict", tmp_path / "a.md", "-o", tmp_path) == (
        1, "", f"Error: {tmp_path}: is a directory, expected an output file\n")
    assert cli(capsys, "predict", tmp_path, "-o", tmp_path / "." / "x" / "..") == (
        1, "", f"Error: {tmp_path}/x/..: the output folder must not be the input folder; choose another -o\n")
    assert cli(capsys, "predict", tmp_path, "-o", tmp_path / "a.md") == (
        1, "", f"Error: {tmp_path}/a.md: is a file; with a folder as input, -o must be a folder\n")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == DOC


def test_output_must_not_be_the_input(capsys: Capsys, tmp_path: Path) -> None:
    source = tmp_path / "in.md"
    source.write_text(DOC, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    for spelling in (source, tmp_path / "sub" / ".." / "in.md"):
        assert cli(capsys, "predict", source, "-o", spelling) == (
            1, "", f"Error: {spelling}: refusing to overwrite the input file; write the output elsewhere\n")
    assert source.read_text(encoding="utf-8") == DOC


def test_failed_write(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "in.md").write_text(DOC, encoding="utf-8")
    target = tmp_path / "out.md"
    target.write_text("old output", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert cli(capsys, "predict", tmp_path / "in.md", "-o", target, "--model", tiny_model) == (
        1, "", f"Error: {target}: cannot write (No space left on device)\n")
    assert target.read_text(encoding="utf-8") == "old output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.md", "out.md"]


def test_stdout_write_error_is_one_line(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path,
                                        tiny_model: Path) -> None:
    """A full disk or a closed descriptor behind stdout (``> /dev/full``): one error line, exit 1."""
    (tmp_path / "in.md").write_text(DOC, encoding="utf-8")

    class Full(io.BytesIO):
        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    class Out:
        buffer = Full()

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            raise ValueError("no descriptor")  # so the test's own stdout is left alone

    monkeypatch.setattr(sys, "stdout", Out())
    assert main(["predict", str(tmp_path / "in.md"), "--model", str(tiny_model)]) == 1
    assert capsys.readouterr().err == "Error: standard output: cannot write (No space left on device)\n"


def test_any_os_error_is_one_line(capsys: Capsys, monkeypatch: MonkeyPatch) -> None:
    """The last resort: an OSError no command turned into its own message (``info > /dev/full``)."""
    def full(args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newsclean.cli._info", full)
    assert cli(capsys, "info") == (1, "", "Error: No space left on device\n")


def test_closed_stdout_is_one_line(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path,
                                   tiny_model: Path) -> None:
    """Started with stdout closed (``>&-``: Python's sys.stdout is None): one error line, exit 1."""
    (tmp_path / "in.md").write_text(DOC, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["predict", str(tmp_path / "in.md"), "--model", str(tiny_model)]) == 1
    assert capsys.readouterr().err == "Error: standard output is closed; pass -o FILE\n"


def test_evaluate_takes_the_allow_additions_its_error_suggests(capsys: Capsys, tmp_path: Path) -> None:
    pair = tmp_path / "pairs" / "news-1"
    pair.mkdir(parents=True)
    (pair / "input.md").write_text("# News\n\nA story about the harbour.\n\nSponsored by Acme.\n", encoding="utf-8")
    (pair / "output.md").write_text("# News\n\nA story about the harbour.\n\nAn added line.\n", encoding="utf-8")
    code, out, err = cli(capsys, "evaluate", "--pairs", tmp_path / "pairs", "--no-history")
    assert (code, out) == (1, "") and err.endswith("fix the pair or pass --allow-additions\n")
    code, out, err = cli(capsys, "evaluate", "--pairs", tmp_path / "pairs", "--no-history", "--allow-additions")
    assert code == 0 and "precision" in out


def test_evaluate_json_on_stdout_and_output_paths_checked_first(capsys: Capsys, tmp_path: Path) -> None:
    pair = tmp_path / "pairs" / "news-1"
    pair.mkdir(parents=True)
    (pair / "input.md").write_text("# News\n\nA story about the harbour.\n\nSponsored by Acme.\n", encoding="utf-8")
    (pair / "output.md").write_text("# News\n\nA story about the harbour.\n", encoding="utf-8")
    code, out, _ = cli(capsys, "evaluate", "--pairs", tmp_path / "pairs", "--no-history", "--json", "-")
    assert code == 0 and json.loads(out)["schema"] == "newsclean-evaluate/1"
    assert not (Path.cwd() / "-").exists()
    (tmp_path / "adir").mkdir()
    for argv, problem in ((["--report", tmp_path / "adir"], f"{tmp_path / 'adir'}: is a directory; --report takes a "
                                                            "file to write"),
                          (["--json", tmp_path / "s.json", "--report", tmp_path / "s.json"],
                           f"{tmp_path / 's.json'}: --json and --report name the same file; give them two names"),
                          (["--report", "-"], "--report writes an HTML file: name one ('-', standard output, is for "
                                              "--json)")):
        assert cli(capsys, "evaluate", "--pairs", tmp_path / "nowhere", *argv) == (1, "", f"Error: {problem}\n")


def test_interrupt_exits_130(capsys: Capsys, monkeypatch: MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("newsclean.cli.read_document", interrupted)
    assert cli(capsys, "predict", "x.md") == (130, "", "Interrupted.\n")


# -- predict: bad model files ----------------------------------------------------------------
class Evil:  # writes a marker file if a loader ever rebuilds it
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __setstate__(self, state: dict[str, str]) -> None:
        Path(state["marker"]).write_text("pwned")

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


NOT_SKOPS = r"not a newsclean model file \(not a skops archive\)"
UNTRUSTED = r"refusing to load a model file that contains untrusted types: "
# What `predict --model` says about each kind of bad model file, after "Error: <file>: ".
BAD_MODELS = {
    "random-bytes": NOT_SKOPS,
    "truncated": NOT_SKOPS,
    "bit-flips": r"corrupt model file \(Bad CRC-32 for file .+\)",
    "foreign-zip": r"corrupt model file \(\"There is no item named 'schema\.json' in the archive\"\)",
    "other-skops": r"not a newsclean model file",
    "other-format": rf"model format 99 \(written by newsclean {re.escape(__version__)}\) does not match this "
                    rf"newsclean's format {persist.MODEL_FORMAT}; retrain it with `newsclean train`",
    "pickle": NOT_SKOPS,
    "pickle-in-zip": r"corrupt model file \(\"There is no item named 'schema\.json' in the archive\"\)",
    "skops-custom-class": UNTRUSTED + r"(\w+\.)*Evil",
    "skops-eval": UNTRUSTED + r"builtins\.eval",
    "skops-os-system": UNTRUSTED + r"(posix|nt|os)\.system",
    "list-schema": r"corrupt model file \(.+\)",
}


def _build_bad_model(case: str, path: Path, marker: Path, tiny_model: Path, monkeypatch: MonkeyPatch) -> None:
    import skops.io as sio
    from newsclean.model import persist

    good = tiny_model.read_bytes()
    match case:
        case "random-bytes":
            path.write_bytes(bytes(range(256)) * 16)
        case "truncated":
            path.write_bytes(good[:5000])
        case "bit-flips":
            middle = len(good) // 2
            path.write_bytes(good[:middle] + bytes(b ^ 0xFF for b in good[middle : middle + 64]) + good[middle + 64 :])
        case "foreign-zip":
            _zip(path, {"hello.txt": b"hi"})
        case "other-skops":
            sio.dump({"weights": [1, 2, 3]}, path)
        case "other-format":
            state = {k: v for k, v in persist.load(tiny_model).items() if k not in ("magic", "format")}
            with monkeypatch.context() as m:
                m.setattr(persist, "MODEL_FORMAT", 99)
                persist.save(state, path)
        case "pickle":
            path.write_bytes(pickle.dumps(Evil(str(marker))))  # dumped only: never unpickled here
        case "pickle-in-zip":
            _zip(path, {"data.pkl": pickle.dumps(Evil(str(marker)))})
        case "skops-custom-class":
            sio.dump({"magic": "newsclean-model", "format": 1, "x": Evil(str(marker))}, path)
        case "skops-eval":
            sio.dump({"magic": "newsclean-model", "format": 1, "f": eval}, path)
        case "skops-os-system":
            sio.dump({"magic": "newsclean-model", "format": 1, "f": os.system}, path)
        case "list-schema":
            _zip(path, {"schema.json": b"[1, 2]"})


@pytest.mark.parametrize("case", sorted(BAD_MODELS))
def test_bad_model(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path, tiny_model: Path, case: str) -> None:
    model, marker = tmp_path / "model.skops", tmp_path / "pwned"
    _build_bad_model(case, model, marker, tiny_model, monkeypatch)
    (tmp_path / "in.md").write_text(DOC, encoding="utf-8")
    code, out, err = cli(capsys, "predict", tmp_path / "in.md", "--model", model)
    assert (code, out) == (1, "")
    assert re.fullmatch(rf"Error: {re.escape(str(model))}: {BAD_MODELS[case]}\n", err), err
    assert not marker.exists()


# -- train and evaluate ----------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "expected"), [
    (["train", "--pairs", "a", "--pairs", "b", "--out", "m", "--allow-additions", "--card", "c.md", "--seed", "7"],
     {"pairs": [Path("a"), Path("b")], "out": Path("m"), "allow_additions": True, "card": Path("c.md"), "seed": 7}),
    (["train", "--pairs", "a", "--out", "m"],
     {"pairs": [Path("a")], "out": Path("m"), "allow_additions": False, "card": None, "seed": None}),
    (["evaluate", "--pairs", "a", "--model", "m", "--cv", "publisher", "--json", "s.json", "--threshold", "0.4"],
     {"pairs": [Path("a")], "model": Path("m"), "cv": "publisher", "json": Path("s.json"), "threshold": 0.4}),
    (["evaluate", "--pairs", "a"], {"pairs": [Path("a")], "model": None, "cv": None, "json": None, "threshold": None,
                                    "no_history": False, "extra": None, "extra_weight": None,
                                    "allow_additions": False}),
    (["evaluate", "--pairs", "a", "--allow-additions"], {"allow_additions": True}),
    (["evaluate", "--pairs", "a", "--cv", "publisher", "--no-history", "--extra", "x", "--extra", "y",
      "--extra-weight", "0.5"],
     {"cv": "publisher", "no_history": True, "extra": [Path("x"), Path("y")], "extra_weight": 0.5}),
    (["train", "--pairs", "a", "--out", "m", "--extra", "x", "--extra-weight", "2"],
     {"extra": [Path("x")], "extra_weight": 2.0}),
    (["evaluate", "--pairs", "a", "--cv", "publisher", "-j", "2"], {"jobs": 2}),
    (["evaluate", "--pairs", "a", "--cv", "publisher"], {"jobs": None}),
    (["train", "--pairs", "a", "--out", "m", "--card", "c.md", "--jobs", "3"], {"jobs": 3}),
])
def test_train_evaluate_arguments(argv: list[str], expected: dict[str, object]) -> None:
    args = vars(build_parser().parse_args(argv))
    assert {k: args[k] for k in expected} == expected


@pytest.mark.parametrize(("argv", "message"), [
    (["train", "--out", "m"], "the following arguments are required: --pairs"),
    (["train", "--pairs", "a"], "the following arguments are required: --out"),
    (["evaluate"], "the following arguments are required: --pairs"),
    (["evaluate", "--pairs", "a", "--cv", "random"], "argument --cv: invalid choice: 'random'"),
    (["evaluate", "--pairs", "a", "--threshold", "2"], "argument --threshold: must be a number between 0 and 1"),
    (["train", "--pairs", "a", "--out", "m", "--extra-weight", "0"],
     "argument --extra-weight: must be a number above 0"),
    (["evaluate", "--pairs", "a", "--extra-weight", "nan"], "argument --extra-weight: must be a number above 0"),
    (["train", "--pairs", "a", "--out", "m", "--seed", "-5"], "argument --seed: -5 is outside 0..4294967295"),
    (["train", "--pairs", "a", "--out", "m", "--seed", str(2**32)], "argument --seed: 4294967296 is outside"),
    (["train", "--pairs", "a", "--out", "m", "--seed", "x"], "argument --seed: not a whole number: 'x'"),
    (["evaluate", "--pairs", "a", "--cv", "publisher", "-j", "0"], "argument --jobs/-j: "),
    (["train", "--pairs", "a", "--out", "m", "--card", "c.md", "--jobs", "many"], "argument --jobs/-j: "),
])
def test_train_evaluate_usage_errors(capsys: Capsys, argv: list[str], message: str) -> None:
    code, _, err = cli(capsys, *argv)
    assert code == 2
    assert message in err


@pytest.mark.parametrize(("command", "module", "function"), [
    ("train", "newsclean.training.train", "train_command"),
    ("evaluate", "newsclean.training.evaluate", "evaluate_command"),
])
def test_wiring(capsys: Capsys, monkeypatch: MonkeyPatch, command: str, module: str, function: str) -> None:
    seen: list[argparse.Namespace] = []
    fake = types.ModuleType(module)

    def fake_command(args: argparse.Namespace) -> int:
        seen.append(args)
        return 3

    setattr(fake, function, fake_command)
    monkeypatch.setitem(sys.modules, module, fake)
    extra = ["--out", "m.skops"] if command == "train" else []
    assert cli(capsys, command, "--pairs", "p", *extra) == (3, "", "")
    assert [a.pairs for a in seen] == [[Path("p")]]


def test_a_missing_dependency_inside_a_command_is_one_error_line(capsys: Capsys, monkeypatch: MonkeyPatch) -> None:
    def broken(name: str) -> types.ModuleType:
        raise ModuleNotFoundError("No module named 'skops'", name="skops")

    monkeypatch.setattr("newsclean.cli.importlib.import_module", broken)
    assert cli(capsys, "audit", "--pairs", "p") == (
        1, "", "Error: the label audit needs the Python module 'skops', which is not installed; reinstall newsclean "
               "with its dependencies: pip install --force-reinstall newsclean\n")


# -- help and info ---------------------------------------------------------------------------
def test_predict_help_names_the_shipped_models_threshold(capsys: Capsys) -> None:
    from newsclean.model.info import read_info

    code, out, _ = cli(capsys, "predict", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert (f"(default: the model's own; the shipped model's is {read_info(None).threshold:.2f}): higher drops less"
            in flat)


@pytest.mark.parametrize("command", ["train", "evaluate", "audit"])
def test_pairs_take_a_folder_or_a_dataset_file(capsys: Capsys, command: str) -> None:
    code, out, _ = cli(capsys, command, "--help")
    flat = " ".join(out.split())
    assert code == 0 and "--pairs PATH" in flat and "--pairs DIR" not in flat
    assert "a folder of pairs (or one pair folder), or a JSONL/Parquet file (repeatable)" in flat


def test_train_help_documents_the_optional_columns(capsys: Capsys) -> None:
    _, out, _ = cli(capsys, "train", "--help")
    flat = " ".join(out.split())
    assert 'optionally "name" (default: <file stem>-<row>) and "publisher"' in flat
    assert "by document when all pairs have one publisher" in flat


def test_info_describes_the_model_in_use(capsys: Capsys, tiny_model: Path) -> None:
    from newsclean.model.cleaner import Cleaner

    code, out, err = cli(capsys, "info")
    lines = out.splitlines()
    assert (code, err, lines[0]) == (0, "", f"newsclean {__version__}")
    assert lines[1] == f"model: {persist.DEFAULT_MODEL} (the shipped default; --model chooses another)"
    threshold = Cleaner.load(None).threshold_
    assert lines[3].startswith(f"  threshold: {threshold:.2f} (")
    assert "(the same as this newsclean computes)" in lines[4]
    assert any(line.startswith("  leave-one-publisher-out (") and " by block; " in line for line in lines)
    code, out, _ = cli(capsys, "info", "--model", tiny_model)
    assert code == 0 and out.splitlines()[1] == f"model: {tiny_model}"
    assert "  trained on: not recorded (the file has no card)" in out.splitlines()
    assert cli(capsys, "info", "--model", tiny_model.parent / "nope.skops") == (
        1, "", f"Error: {tiny_model.parent / 'nope.skops'}: no such model file\n")
    assert cli(capsys, "info", "--model", tiny_model.parent) == (
        1, "", f"Error: {tiny_model.parent}: not a model file\n")


# -- email input and convert -----------------------------------------------------------------
HTML = "<!DOCTYPE html><html><head><title>T</title></head><body><table><tr><td><h1>Weekly</h1>" \
       "<p>Some real content here.</p></td></tr></table></body></html>"
HTML_MD = "# Weekly\n\nSome real content here.\n"


def test_convert(capsys: Capsys, monkeypatch: MonkeyPatch, tmp_path: Path) -> None:
    from helpers import build_eml

    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "a.eml").write_bytes(build_eml(HTML))
    assert cli(capsys, "convert", tmp_path / "a.html") == (0, HTML_MD, "")
    assert cli(capsys, "convert", tmp_path / "a.eml", "-o", tmp_path / "out.md") == (0, "", "")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == HTML_MD
    monkeypatch.setattr(sys, "stdin", _stdin(HTML.encode()))
    assert cli(capsys, "convert", "-") == (0, HTML_MD, "")
    monkeypatch.setattr(sys, "stdin", _stdin(b"<p>x</p>"))
    assert cli(capsys, "convert", "-", "--input-format", "html") == (0, "x\n", "")
    assert cli(capsys, "convert", tmp_path / "a.html", "--input-format", "markdown") == (0, HTML, "")


def test_convert_usage(capsys: Capsys) -> None:
    code, out, err = cli(capsys, "convert", "a.html", "--input-format", "pdf")
    assert (code, out) == (2, "")
    assert "argument --input-format: invalid choice: 'pdf'" in err


def test_predict_email_explains_with_the_sender(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    from helpers import build_eml

    (tmp_path / "a.eml").write_bytes(build_eml(HTML))
    (tmp_path / "a.md").write_text(HTML_MD, encoding="utf-8")
    code, out, err = cli(capsys, "predict", tmp_path / "a.eml", "--explain", "--model", tiny_model)
    assert (code, err) == (0, "")
    assert out == "sender: news@weekly.example\n" + cli(capsys, "predict", tmp_path / "a.md", "--explain",
                                                         "--model", tiny_model)[1]
    assert cli(capsys, "predict", tmp_path / "a.eml", "--model", tiny_model) == (
        0, expected_clean(tiny_model, HTML_MD), "")


def _mbox(path: Path, messages: list[bytes]) -> Path:
    import mailbox

    box = mailbox.mbox(path)
    for message in messages:
        box.add(message)
    box.close()
    return path


def test_mbox_with_a_bad_message(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    from helpers import build_eml

    bad = b"From: a@b.example\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n"
    box = _mbox(tmp_path / "export.mbox", [build_eml(HTML, subject="Hello!"), bad, build_eml(HTML, subject="Hello!")])
    code, out, err = cli(capsys, "predict", box, "-o", tmp_path / "out", "--model", tiny_model)
    assert (code, out) == (1, "")
    assert err == (f"Error: {box} message 2: the email has neither an HTML nor a text part (its type is image/png)\n"
                   f"cleaned 2 of 3 messages into {tmp_path / 'out'}; 1 failed\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2026-04-24-hello-2.md", "2026-04-24-hello.md"]
    assert (tmp_path / "out" / "2026-04-24-hello.md").read_text(encoding="utf-8") == expected_clean(tiny_model, HTML_MD)
    assert cli(capsys, "predict", box) == (
        1, "", f"Error: {box}: is an mbox; pass -o OUTDIR to write the cleaned files there\n")
    assert cli(capsys, "convert", box, "-o", box) == (
        1, "", f"Error: {box}: the output folder must not be the input mbox; choose another -o\n")


def test_folder_of_mixed_inputs(capsys: Capsys, tmp_path: Path) -> None:
    from helpers import build_eml, build_gmail_json

    src, dst = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "a.md").write_text(HTML_MD, encoding="utf-8")
    (src / "b.html").write_text(HTML, encoding="utf-8")
    (src / "sub" / "c.eml").write_bytes(build_eml(HTML))
    (src / "d.json").write_bytes(build_gmail_json(HTML))
    (src / "a.html").write_text(HTML, encoding="utf-8")  # its output a.md is a.md's
    _mbox(src / "box.mbox", [build_eml(HTML, subject="One"), build_eml(HTML, subject="Two")])
    code, out, err = cli(capsys, "convert", src, "-o", dst)
    assert (code, out) == (1, "")
    assert err == (f"Error: {src / 'a.md'}: its output {dst / 'a.md'} is already the output of {src / 'a.html'}; "
                   f"rename one of them\nconverted 6 of 7 files into {dst}; 1 failed\n")
    written = sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file())
    assert written == ["a.md", "b.md", "box/2026-04-24-one.md", "box/2026-04-24-two.md", "d.md", "sub/c.md"]
    assert {(dst / w).read_text(encoding="utf-8") for w in written} == {HTML_MD}


def test_a_folder_without_newsletters_says_so(capsys: Capsys, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes").write_text("no ending", encoding="utf-8")
    (src / "a.png").write_bytes(b"\x89PNG")
    code, out, err = cli(capsys, "convert", src, "-o", tmp_path / "out")
    assert (code, out) == (0, "")
    assert err == (f"{src}: no newsletter files in it (files ending .eml .htm .html .json .markdown .mbox .md .txt, "
                   f"in subfolders too)\nconverted 0 of 0 files into {tmp_path / 'out'}\n")


def test_an_mbox_without_its_ending_and_with_a_long_sender_is_an_mbox(capsys: Capsys, tmp_path: Path) -> None:
    """A spool file's bounce sender runs past 64 bytes before the date (a review): still an mbox."""
    from helpers import build_eml

    box = _mbox(tmp_path / "spool.mbox", [build_eml(HTML, subject="One"), build_eml(HTML, subject="Two")])
    text = box.read_bytes().replace(b"From MAILER-DAEMON ",
                                    b"From newsletter-bounces+reader=example.com@lists.example-newsletter.org ")
    spool = tmp_path / "spool"
    spool.write_bytes(text)
    code, _, err = cli(capsys, "convert", spool, "-o", tmp_path / "out")
    assert (code, err) == (0, f"converted 2 of 2 messages into {tmp_path / 'out'}\n")


def test_an_mbox_and_a_subfolder_claiming_one_output_is_an_error(capsys: Capsys, tmp_path: Path) -> None:
    """sub.mbox's messages go to out/sub/, where sub/'s own files go too: one of them is refused, none overwritten."""
    from helpers import build_eml

    src, dst = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    _mbox(src / "sub.mbox", [build_eml(HTML, subject="Hello"), build_eml(HTML, subject="Other")])
    (src / "sub" / "2026-04-24-hello.md").write_text("# Mine\n\nMy own text.\n", encoding="utf-8")
    code, out, err = cli(capsys, "convert", src, "-o", dst)
    assert (code, out) == (1, "")
    first, second = sorted([src / "sub" / "2026-04-24-hello.md", src / "sub.mbox"])
    assert err == (f"Error: {second}: its output {dst / 'sub' / '2026-04-24-hello.md'} is already the output of "
                   f"{first}; rename one of them\nconverted 2 of 3 files into {dst}; 1 failed\n")
    written = sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file())
    assert written == ["sub/2026-04-24-hello.md", "sub/2026-04-24-other.md"]


def test_big_html_with_inline_images(capsys: Capsys, tmp_path: Path, tiny_model: Path) -> None:
    image = '<img src="data:image/png;base64,' + "iVBORw0KGgoAAAANSUhEUgAA" * 45_000 + '">'
    source = tmp_path / "big.html"
    source.write_text("<html><body><h1>Weekly</h1><p>Some real content here.</p>" + image * 20 + "</body></html>",
                      encoding="ascii")
    size = source.stat().st_size
    assert size > 20_000_000
    assert cli(capsys, "predict", source, "-o", tmp_path / "out.md", "--model", tiny_model) == (
        1, "", f"Error: {source}: file is {size} bytes, larger than the limit of 20000000 bytes "
               "(raise it with --max-bytes)\n")
    assert not (tmp_path / "out.md").exists()
    assert cli(capsys, "convert", source, "--max-bytes", "30000000") == (0, HTML_MD, "")
