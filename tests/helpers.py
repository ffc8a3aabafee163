"""Checks and builders shared by several test files (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import json
from pathlib import Path

from newsclean.features.fixes import fix_block
from newsclean.features.segment import Block, parse_blocks


def unheaded(text: str) -> str:
    """Text with heading markers removed (renumbering changes only those)."""
    return "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in text.split("\n"))


def matched_input_blocks(src: str, out: str) -> list[tuple[Block, Block, bool]]:
    """Assert every output block is an input block after the documented fixes, in input order.

    Returns:
        (output block, input block it comes from, whether the whole input block is kept) per output block.
    """
    inputs = parse_blocks(src)
    fixed = [unheaded(fix_block(b.text, b.kind)) for b in inputs]
    matched = []
    pos = 0
    for block in parse_blocks(out):
        text = unheaded(block.text)
        while pos < len(fixed) and text not in fixed[pos]:
            pos += 1
        assert pos < len(fixed), f"output block not found in order among the fixed input blocks: {block.text[:80]!r}"
        matched.append((block, inputs[pos], text == fixed[pos]))
    return matched


def write_pair(folder: Path, input_md: str, labels: dict[str, str], publisher: str) -> None:
    """A pair folder with an empty output.md, labels.json and meta.json."""
    folder.mkdir(parents=True)
    (folder / "input.md").write_text(input_md, encoding="utf-8")
    (folder / "output.md").write_text("", encoding="utf-8")
    (folder / "labels.json").write_text(json.dumps({"drop": labels}), encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"publisher": publisher}), encoding="utf-8")
