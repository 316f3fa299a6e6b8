"""Every term one click from its meaning: the glossary page is what the glossary table
says, and each lesson links every glossary term it uses at its first use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import decl46
from decl46.glossary import anchor, first_uses, glossary_markdown, link_terms

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "glossary.md"
LESSONS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


def markdown_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_the_glossary_page_is_the_glossary_table():
    assert PAGE.read_text(encoding="utf-8") == glossary_markdown() + "\n", (
        "docs/glossary.md is out of date: run make data-readme"
    )
    for term in decl46.load_glossary().term:
        assert f'<a id="{anchor(term)}"></a>' in PAGE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_glossary_term_is_linked_at_its_first_use(path):
    unlinked = {
        term: words
        for term, (_, words, linked) in first_uses(markdown_cells(path)).items()
        if not linked
    }
    assert unlinked == {}, f"run make notebooks (tools/link_glossary.py) for {path.name}"


def test_the_check_finds_an_unlinked_first_use_and_linking_is_idempotent():
    texts = ["A plenum met.", "The plenum [plenum](../docs/glossary.md#plenum) again."]
    assert first_uses(texts)["plenum"][2] is False
    linked = link_terms(texts)
    assert linked[0] == "A [plenum](../docs/glossary.md#plenum) met."
    assert first_uses(linked)["plenum"][2] is True
    assert link_terms(linked) == linked
    # Code, headings and links are not prose: nothing is linked inside them.
    assert link_terms(["## The plenum\n`plenum` and [a plenum](x)"]) == [
        "## The plenum\n`plenum` and [a plenum](x)"
    ]
    # A whole word only, and the longer of two overlapping terms wins.
    assert link_terms(["plenumx and xplenum"]) == ["plenumx and xplenum"]
