"""Tests for newsclean.data.pairs (loading and deduplicating pairs) and data.extract_seeds."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from newsclean.data.extract_seeds import main as extract_main
from newsclean.data.extract_seeds import parse_prompt
from newsclean.data.pairs import Pair, dedupe_pairs, load_pairs, publisher_from_name
from newsclean.model.cleaner import CATEGORIES

from newsclean.errors import NewscleanError

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "data" / "seeds"


@pytest.fixture
def corpus() -> Path:
    """The labelled corpus shipped beside the repo, or skip."""
    path = SHARED / "corpus"
    if not (path / "pairs").is_dir():
        pytest.skip(f"corpus not found at {path} (tests that read the shared corpus skipped)")
    return path


def write_pair(folder: Path, input_md: str = "# A\n\nText.\n", output_md: str = "# A\n",
               labels: object = None, meta: object = None) -> Path:
    """Write a pair folder; labels/meta are dumped as JSON when given."""
    folder.mkdir(parents=True)
    (folder / "input.md").write_text(input_md, encoding="utf-8")
    (folder / "output.md").write_text(output_md, encoding="utf-8")
    if labels is not None:
        (folder / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    if meta is not None:
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


# --- pair folders -----------------------------------------------------------------------------


def test_folder_of_pairs_sorted_with_labels_meta_and_publisher_fallback(tmp_path: Path) -> None:
    write_pair(tmp_path / "news-10")
    write_pair(tmp_path / "news-2", labels={"drop": {"1": "footer"}, "notes": "x"})
    write_pair(tmp_path / "zine-ep7", meta={"publisher": "Zine Inc.", "issue": 7})
    (tmp_path / "README.md").write_text("not a pair", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()

    pairs = load_pairs(tmp_path)

    assert [p.name for p in pairs] == ["news-2", "news-10", "zine-ep7"]
    assert pairs[0] == Pair(
        name="news-2",
        input="# A\n\nText.\n",
        output="# A\n",
        labels={1: "footer"},
        publisher="news",
        meta={},
        source=str(tmp_path / "news-2"),
    )
    assert pairs[1].labels is None
    assert pairs[2].publisher == "Zine Inc."
    assert pairs[2].meta == {"publisher": "Zine Inc.", "issue": "7"}


def test_single_pair_folder_keeps_bytes(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "solo", input_md="a\r\nb\u034f\n", output_md="a\r\n")
    (pair,) = load_pairs(str(folder))
    assert (pair.name, pair.input, pair.output) == ("solo", "a\r\nb\u034f\n", "a\r\n")


@pytest.mark.parametrize(
    ("name", "publisher"),
    [("tldr-ai-2", "tldr-ai"), ("bytebytego-ep168", "bytebytego"), ("bytebytego-spotify",
     "bytebytego-spotify"), ("it-brew-1", "it-brew"), ("42", "42")],
)
def test_publisher_from_name(name: str, publisher: str) -> None:
    assert publisher_from_name(name) == publisher


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(NewscleanError, match=r"nope does not exist; give a folder of pairs"):
        load_pairs(tmp_path / "nope")


def test_folder_without_pairs(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(NewscleanError, match=r"holds no pairs: expected input\.md and output\.md"):
        load_pairs(tmp_path)


def test_pair_folder_missing_output(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "p-1")
    (folder / "output.md").unlink()
    with pytest.raises(NewscleanError, match=r"pair folder .*p-1 has no output\.md"):
        load_pairs(tmp_path)


def test_pair_folder_missing_input(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "p-1")
    (folder / "input.md").unlink()
    with pytest.raises(NewscleanError, match=r"pair folder .*p-1 has no input\.md; a pair needs input\.md \(or "
                                             r"email\.html or email\.eml\) and output\.md"):
        load_pairs(tmp_path)


EMAIL_HTML = "<html><body><table><tr><td><h1>A</h1><p>Text.</p></td></tr></table></body></html>"


def test_pair_folder_from_email_html_or_eml(tmp_path: Path) -> None:
    from helpers import build_eml

    html_pair = write_pair(tmp_path / "p-1", labels={"drop": {"1": "ad"}}, meta={"publisher": "Pub"})
    (html_pair / "input.md").unlink()
    (html_pair / "email.html").write_text(EMAIL_HTML, encoding="utf-8")
    eml_pair = write_pair(tmp_path / "p-2")
    (eml_pair / "input.md").unlink()
    (eml_pair / "email.eml").write_bytes(build_eml(EMAIL_HTML, charset="windows-1252"))
    assert load_pairs(tmp_path) == [
        Pair("p-1", "# A\n\nText.\n", "# A\n", {1: "ad"}, "Pub", {"publisher": "Pub"}, str(html_pair)),
        Pair("p-2", "# A\n\nText.\n", "# A\n", None, "p", {"sender": "news@weekly.example"}, str(eml_pair)),
    ]


def test_corpus_pairs_load_the_same_from_their_email(corpus: Path, tmp_path: Path) -> None:
    converter = "html-to-markdown, layout tables unwrapped"
    folders = [p.parent for p in sorted((corpus / "pairs").glob("*/email.html"))
               if json.loads((p.parent / "meta.json").read_text(encoding="utf-8"))["converter"] == converter]
    assert folders
    for folder in folders:
        copy = tmp_path / folder.name
        copy.mkdir()
        for name in ("email.html", "output.md", "labels.json", "meta.json"):
            (copy / name).write_bytes((folder / name).read_bytes())
    from_email = {p.name: p for p in load_pairs(tmp_path)}
    for original in load_pairs(corpus / "pairs"):
        if original.name in from_email:
            assert from_email[original.name].input == original.input, original.name
            assert from_email[original.name].labels == original.labels, original.name


def test_jsonl_html_column(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [{"html": EMAIL_HTML, "output": "# A\n", "name": "h"}, {"input": "b\n", "html": None, "output": ""}]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert load_pairs(path) == [
        Pair("h", "# A\n\nText.\n", "# A\n", None, "h", {}, str(path)),
        Pair("rows-1", "b\n", "", None, "rows", {}, str(path)),
    ]
    (tmp_path / "html.jsonl").write_text(json.dumps({"html": "no tags", "output": ""}) + "\n", encoding="utf-8")
    with pytest.raises(NewscleanError, match=r"html\.jsonl row 0 column 'html': does not look like HTML"):
        load_pairs(tmp_path / "html.jsonl")


def test_non_utf8_file(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "p-1")
    (folder / "input.md").write_bytes(b"caf\xe9\n")
    with pytest.raises(NewscleanError, match=r"input\.md is not UTF-8 \(bad byte at offset 3\)"):
        load_pairs(folder)


def test_labels_not_json(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "p-1")
    (folder / "labels.json").write_text("{drop:", encoding="utf-8")
    with pytest.raises(NewscleanError, match=r"labels\.json is not valid JSON \(line 1, column 2"):
        load_pairs(folder)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"drop": {"1": "spam"}}, r"unknown category 'spam' for unit 1; allowed: ad, self_promo, "
         r"chrome, footer, tracking, games"),
        ({"drop": {"5": "ad"}}, r"unit index 5 is out of range; the input has 2 units"),
        ({"drop": {"x": "ad"}}, r"unit index 'x' is not a non-negative integer"),
        ({"keep": {}}, r'expected an object with a "drop" object'),
        (["ad"], r'expected an object with a "drop" object'),
    ],
)
def test_bad_labels(tmp_path: Path, labels: object, message: str) -> None:
    folder = write_pair(tmp_path / "p-1", labels=labels)
    with pytest.raises(NewscleanError, match=message):
        load_pairs(folder)


def test_meta_not_an_object(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "p-1", meta=["x"])
    with pytest.raises(NewscleanError, match=r"meta\.json: expected a JSON object"):
        load_pairs(folder)


# --- JSONL and Parquet ------------------------------------------------------------------------


def test_jsonl_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [
        {"input": "b in\n", "output": "b out\n", "name": "b", "publisher": "Pub", "date": "x"},
        {"input": "a in\n", "output": "a out\n", "name": None, "publisher": None, "date": "y"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    pairs = load_pairs(path)

    assert pairs == [
        Pair("b", "b in\n", "b out\n", None, "Pub", {"date": "x"}, str(path)),
        Pair("rows-1", "a in\n", "a out\n", None, "rows", {"date": "y"}, str(path)),
    ]


def test_parquet_rows(tmp_path: Path) -> None:
    path = tmp_path / "set.parquet"
    pq.write_table(pa.table({"input": ["x", "y"], "output": ["x", ""]}), path)
    pairs = load_pairs(path)
    assert [(p.name, p.input, p.output, p.publisher) for p in pairs] == [
        ("set-0", "x", "x", "set"), ("set-1", "y", "", "set"),
    ]


def test_jsonl_without_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a"}\n', encoding="utf-8")
    with pytest.raises(NewscleanError, match=r"bad\.jsonl lacks the column\(s\) input, output; "
                       r"pairs need input \(or html\) and output \(name, publisher optional\); "
                       r"columns found: text"):
        load_pairs(path)


def test_jsonl_broken(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"input": 1\n', encoding="utf-8")
    with caplog.at_level(logging.DEBUG), pytest.raises(NewscleanError, match=r"cannot read .*broken\.jsonl as json: "):
        load_pairs(path)
    # the error is the one line users see: the library's own log of the same failure stays quiet
    assert [r for r in caplog.records if r.name.startswith("datasets") and r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.jsonl", b"", r"holds no rows \(the file is empty or blank\)"),
    ("blank.jsonl", b"\n\n  \n", r"holds no rows \(the file is empty or blank\)"),
    ("latin.jsonl", b'{"input": "Caf\xe9", "output": ""}\n', r"is not UTF-8 \(bad byte at offset 14\); re-save it "
                                                              r"as UTF-8"),
    ("empty.parquet", b"", r"holds no rows \(the file is empty\)"),
])
def test_empty_or_undecodable_dataset_files(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    """One error line, not the traceback `datasets` raises on them (a fresh-eyes review)."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(NewscleanError, match=rf"^{re.escape(str(path))}: {problem}$"):
        load_pairs(path)


def test_a_folder_holding_only_a_dataset_file_says_how_to_read_it(tmp_path: Path) -> None:
    (tmp_path / "ds.jsonl").write_text('{"input": "a", "output": "a"}\n', encoding="utf-8")
    with pytest.raises(NewscleanError, match=rf"^{re.escape(str(tmp_path))} holds no pairs: expected input\.md and "
                                             rf"output\.md in it or in its subfolders; to read the dataset file in "
                                             rf"it, pass --pairs {re.escape(str(tmp_path / 'ds.jsonl'))}$"):
        load_pairs(tmp_path)


def test_unsupported_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("input,output\n", encoding="utf-8")
    with pytest.raises(NewscleanError, match=r"allowed suffixes: \.json, \.jsonl, \.parquet"):
        load_pairs(path)


# --- dedupe -----------------------------------------------------------------------------------


def test_dedupe_prefers_labelled_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    plain = Pair("seed", "# A\r\n\r\nText.", "# A", None, "P", {}, "seeds/seed")
    labelled = Pair("corpus", "\n# A\n\nText.\n\n", "# A\n", {1: "ad"}, "P", {}, "corpus/x")
    other = Pair("other", "# B\n", "# B\n", None, "P", {}, "o")
    again = Pair("again", "# B", "", None, "P", {}, "o2")

    with caplog.at_level(logging.INFO, logger="newsclean.data.pairs"):
        kept = dedupe_pairs([plain, other, labelled, again])

    assert kept == [other, labelled]
    assert caplog.messages == [
        "dropped duplicate pair seed (seeds/seed): same input as corpus (corpus/x)",
        "dropped duplicate pair again (o2): same input as other (o)",
    ]


def test_dedupe_nothing_to_drop() -> None:
    pairs = [Pair(str(i), str(i), "", None, "P", {}, "s") for i in range(3)]
    assert dedupe_pairs(pairs) == pairs


# --- the shared corpus and the seed pairs in the repo -----------------------------------------


def test_corpus_loads(corpus: Path) -> None:
    pairs = load_pairs(corpus / "pairs")
    # the corpus grows: check what every pair must have, never its size
    assert pairs
    assert all(p.labels is not None for p in pairs)
    assert all(p.publisher for p in pairs)
    assert len({p.name for p in pairs}) == len(pairs)
    assert all(set(c for c in (p.labels or {}).values()) <= set(CATEGORIES) for p in pairs)
    assert dedupe_pairs(pairs) == pairs


def test_seed_pairs_load() -> None:
    pairs = load_pairs(SEEDS)
    assert [(p.name, p.publisher, p.labels) for p in pairs] == [
        ("bytebytego-ep168", "ByteByteGo", None),
        ("bytebytego-ep174", "ByteByteGo", None),
        ("bytebytego-spotify", "ByteByteGo", None),
    ]
    for pair in pairs:
        assert pair.input.endswith(")\n") and not pair.input.endswith("\n\n")
        assert pair.meta["corpus_pair"] == pair.name


# --- extract_seeds ----------------------------------------------------------------------------

EP9_INPUT = "# [EP9: Nine](https://x.test/9)\n\n### Output in an example is content, not a marker"

PROMPT = """## EXAMPLE 1:

### Input Newsletter:

<START_EXAMPLE_INPUT>

```md
# [Issue one](https://x.test/1)

Body.
```

<END_EXAMPLE_INPUT>

### Output:

<START_EXAMPLE_OUTPUT>

```md
# [Issue one](https://x.test/1)
```

<END_EXAMPLE_OUTPUT>

## EXAMPLE 2:

### Input newsletter:

```md
# [EP9: Nine](https://x.test/9)

### Output in an example is content, not a marker
```

### Output cleaned newsletter

```md
# [EP9: Nine](https://x.test/9)
```

## Example 3: PATTERN/SECTION TO BE REMOVED REGARDLESS

```md
## SPONSOR US
```
"""


def test_parse_prompt_tagged_untagged_and_pattern_sections() -> None:
    examples = parse_prompt(PROMPT, "p.txt")
    assert [(e.title, e.input, e.output, e.sources) for e in examples] == [
        ("Issue one", "# [Issue one](https://x.test/1)\n\nBody.", "# [Issue one](https://x.test/1)",
         ("p.txt example 1",)),
        ("EP9: Nine", EP9_INPUT, "# [EP9: Nine](https://x.test/9)", ("p.txt example 2",)),
    ]


def test_extract_dedupes_across_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(PROMPT, encoding="utf-8")
    (seeds / "b.txt").write_text(PROMPT.split("## EXAMPLE 2")[0], encoding="utf-8")
    out = tmp_path / "out"

    assert extract_main([str(seeds), str(out)]) == 0

    assert capsys.readouterr().out.splitlines() == [
        str(out / "bytebytego-issue"), str(out / "bytebytego-ep9"),
    ]
    assert (out / "bytebytego-ep9" / "input.md").read_bytes() == (EP9_INPUT + "\n").encode()
    meta = json.loads((out / "bytebytego-issue" / "meta.json").read_text(encoding="utf-8"))
    assert meta["source"] == "seeds/a.txt example 1; seeds/b.txt example 1"
    assert meta["publisher"] == "ByteByteGo"


def test_extract_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert extract_main([str(tmp_path / "none"), str(tmp_path / "out")]) == 1
    missing = tmp_path / "none"
    assert capsys.readouterr().err == f"Error: {missing} is not a folder of prompt files\n"
    (tmp_path / "x.txt").write_text("no examples here\n", encoding="utf-8")
    assert extract_main([str(tmp_path), str(tmp_path / "out")]) == 1
    assert "Error: no example input/output pairs found in" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        extract_main([])
    assert exited.value.code == 2


def test_extract_reproduces_repo_seeds(tmp_path: Path, corpus: Path) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"prompt files not found at {seeds}")
    assert extract_main([str(seeds), str(tmp_path), "--corpus", str(corpus)]) == 0
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    in_repo = sorted(p.relative_to(SEEDS) for p in SEEDS.rglob("*") if p.is_file())
    assert written == in_repo
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (SEEDS / relative).read_bytes(), relative
    for name in ("bytebytego-ep168", "bytebytego-ep174", "bytebytego-spotify"):
        llm = (corpus / "pairs" / name / "llm_output.md").read_bytes()
        assert (SEEDS / name / "output.md").read_bytes() == llm
