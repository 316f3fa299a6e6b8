"""Every sentence a student sees speaks about the evidence in the kit's own voice.

The student-facing text columns of data/ and the markdown of every notebook carry no
first person ("I could read", "we think", "our sources") and no words of the research
process ("seed", "corpus", "search", "found page"). Words inside quotation marks are the
sources' own (the declaration's "many of us", a signer's "I share") and are not checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import decl46

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# The columns of data/ that a student reads (in notebooks, the explorer, the reading).
STUDENT_COLUMNS = {
    "signatories": ["fate_note", "identity_note", "later_path", "post_1923"],
    "events": ["title", "description"],
    "annotations": ["body"],
    "glossary": ["definition"],
}

# First person (the initial "I." of a name, as in "I. N. Smirnov", is not a pronoun), and
# the words of the research process.
FORBIDDEN = re.compile(
    r"\b(I(?![.\w])|me|my|we|us|our|ours)\b"
    r"|\b(seeds?|corpus|search\w*|found pages?|pages? I could)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|(?<!\w)'[^']*'(?!\w)|`[^`]*`")


def offending(text: str) -> list[str]:
    """The forbidden words of ``text``, with their context, outside quotations."""
    bare = QUOTED.sub(" ", text)
    return [
        bare[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
        for m in FORBIDDEN.finditer(bare)
    ]


@pytest.mark.parametrize("table", list(STUDENT_COLUMNS))
def test_student_facing_data_speaks_about_the_evidence(table):
    frame = getattr(decl46, f"load_{table}")()
    found = []
    for column in STUDENT_COLUMNS[table]:
        for key, text in zip(frame.iloc[:, 0], frame[column], strict=True):
            if isinstance(text, str):
                found += [f"{key}.{column}: ...{hit}..." for hit in offending(text)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_prose_speaks_about_the_evidence(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for number, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            found += [f"cell {number}: ...{hit}..." for hit in offending("".join(cell["source"]))]
    assert found == [], "\n".join(found)


def test_the_check_catches_what_the_issue_quotes():
    for text in [
        "None of the pages I could read gives the cause.",
        "No page found in the stored corpus.",
        "The seed article quotes him.",
        "In this notebook we test that sentence against our sources.",
    ]:
        assert offending(text), text
    for text in ["I. N. Smirnov was arrested.", 'The authors admit that "many of us" had.']:
        assert not offending(text), text
