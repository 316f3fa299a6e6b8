"""The printed handouts (`make handouts`, tools/build_handouts.py), built from the current
notebooks, guide and data into a temporary folder and read back as text, as a reader's PDF
software reads them (pypdf).

What is checked against the sources, read here independently of the builder:

- every lesson's question (the cell tagged ``central-question``) is in both copies; the
  explorer, which has none, prints its title;
- nothing of a solution is in a student's copy: no value that only a solution cell's stored
  output shows, no sentence of the guide's model answers, no line of the lesson's answer to
  its question, no line of code; all of these are in the teacher's copy (the solutions'
  values, the model answers, the answer);
- the Cyrillic words the exercises print come out as text, in DejaVu Sans embedded in the
  file;
- every page is A4 (595×842 pt) or US Letter (612×792 pt), as the file's name says.

Text is compared with all whitespace taken out: a table cell or a line may wrap anywhere.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

import decl46

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
GUIDE = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
PAPER = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF]+")
FOOTER = re.compile(r"Lesson \d\d: .*copy\.$|Declaration text: |page \d+ of \d+$")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plain(markdown: str) -> str:
    """Markdown's words as a page prints them."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*`]", "", text)


# The documents themselves (the declaration, the statements, Trotsky's letter) are printed
# for everyone: a solution that quotes them gives nothing away.
@functools.cache
def documents() -> str:
    return "".join(
        squeeze(" ".join(map(str, table[column].dropna())))
        for table, column in [
            (decl46.load_paragraphs(), "text"),
            (decl46.load_blocks(), "statement"),
            (decl46.load_trotsky_letter(), "text"),
        ]
    )


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    build = subprocess.run(
        [sys.executable, "tools/build_handouts.py", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return out


_texts: dict[Path, str] = {}


def text_of(pdf: Path) -> str:
    if pdf not in _texts:
        assert pdf.is_file(), f"{pdf.name} was not built"
        lines = [
            line
            for page in PdfReader(pdf).pages
            for line in page.extract_text().splitlines()
            if not FOOTER.match(line)  # a paragraph cut by a page reads on as one
        ]
        _texts[pdf] = squeeze("\n".join(lines))
    return _texts[pdf]


def copies(handouts: Path, lesson: Path, audience: str) -> list[Path]:
    return [handouts / f"{lesson.stem}-{audience}-{paper}.pdf" for paper in PAPER]


def cells(lesson: Path):
    return nbformat.read(lesson, as_version=4).cells


def tagged(cell, tag: str) -> bool:
    return tag in cell.metadata.get("tags", [])


def output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        for mime in ("text/plain", "text/markdown", "text/html"):
            parts.append(output.get("data", {}).get(mime, ""))
    return "\n".join(parts)


def solution_values(lesson: Path) -> list[str]:
    """Values (table cells, printed lines, list items) that a solution cell's stored output
    shows and nothing else of the lesson does."""
    notebook = cells(lesson)
    rest = squeeze(
        "\n".join(plain(c.source) + output_text(c) for c in notebook if not tagged(c, "solution"))
        + documents()
    )
    values = []
    for cell in notebook:
        if not tagged(cell, "solution"):
            continue
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            for value in re.split(r"\n|\s{2,}|', '|\[|\]", text):
                value = re.sub(r"^[-•]\s+", "", plain(value).strip(" '\","))
                if (
                    len(value) >= 12
                    and "dtype:" not in value
                    and re.search(r"[A-Za-z]{3}", value)
                    and not value.endswith("...")
                    and squeeze(value) not in rest
                ):
                    values.append(value)
    return values


def guide_section(number: str) -> str:
    match = re.search(rf"^## {number} .+?(?=^## |^---\s*$|\Z)", GUIDE, re.M | re.S)
    assert match, f"the teacher guide has no section for lesson {number}"
    return match.group(0)


def model_answers(number: str) -> list[str]:
    """The opening words of each model answer in the guide's section of the lesson."""
    section = guide_section(number)
    answers = []
    for label in ("Model answers to the discussion questions.", "Model answers to the exercises."):
        block = section.partition(f"**{label}**")[2]
        block = re.split(r"\n\*\*[^*\n]+\*\*", block)[0]
        for item in re.split(r"^(?:\d+\.|-) ", block, flags=re.M)[1:]:
            words = plain(re.sub(r"\A\*\*\d\d\.[\d–-]+\*\*\s*(\([^)]*\))?", "", item.strip()))
            if words.startswith("See the answer"):
                continue
            answers.append(" ".join(words.split()[:12]))
    return answers


def answer_of(lesson: Path) -> str | None:
    for cell in cells(lesson):
        if tagged(cell, "answer"):
            body = re.sub(r"\A##+ [^\n]*\n", "", cell.source.strip()).strip()
            return " ".join(plain(body).split()[:15])
    return None


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_question_in_both_copies(handouts, lesson):
    notebook = cells(lesson)
    question = [c.source for c in notebook if tagged(c, "central-question")]
    if question:
        expected = plain(re.sub(r"\A\*\*[^*]+\*\*", "", question[0]))
    else:  # the explorer: its station sheet carries its title
        expected = notebook[0].source.splitlines()[0].removeprefix("# ")
    for audience in ("student", "teacher"):
        for pdf in copies(handouts, lesson, audience):
            assert squeeze(expected) in text_of(pdf), f"{pdf.name} lacks {expected!r}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_solution_for_the_student_all_for_the_teacher(handouts, lesson):
    number = lesson.name[:2]
    secrets = {
        "a solution's output": solution_values(lesson),
        "a model answer of the guide": model_answers(number),
        "the lesson's answer to its question": [a for a in [answer_of(lesson)] if a],
    }
    code = [
        line.strip()
        for cell in cells(lesson)
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line.strip()) >= 20 and not line.strip().startswith("#")
    ]
    assert any(secrets.values()), f"{lesson.name}: nothing of a solution to look for"
    pairs = zip(
        copies(handouts, lesson, "student"), copies(handouts, lesson, "teacher"), strict=True
    )
    for student, teacher in pairs:
        for what, strings in secrets.items():
            for string in strings:
                assert squeeze(string) not in text_of(student), (
                    f"{student.name}: {what}: {string!r}"
                )
                assert squeeze(string) in text_of(teacher), (
                    f"{teacher.name} lacks {what}: {string!r}"
                )
        for line in code:
            assert squeeze(line) not in text_of(student), f"{student.name} prints code: {line!r}"
        assert squeeze("# Complete") not in text_of(student)


def test_cyrillic_comes_out_as_text(handouts):
    found = 0
    for lesson in LESSONS:
        words = {
            word
            for cell in cells(lesson)
            if cell.cell_type == "markdown" and "**Exercise" in cell.source
            for word in CYRILLIC_WORD.findall(cell.source)
        }
        for pdf in copies(handouts, lesson, "student") + copies(handouts, lesson, "teacher"):
            for word in words:
                assert word in text_of(pdf), f"{pdf.name} lacks the Cyrillic {word!r}"
                found += 1
    assert found, "no lesson's exercise prints a Cyrillic word any more: pick another check"


def test_paper_sizes_and_fonts(handouts):
    pdfs = sorted(handouts.glob("*.pdf"))
    assert len(pdfs) == len(LESSONS) * 2 * len(PAPER)
    for pdf in pdfs:
        paper = pdf.stem.rsplit("-", 1)[1]
        reader = PdfReader(pdf)
        for number, page in enumerate(reader.pages, 1):
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(PAPER[paper], abs=1), f"{pdf.name} p. {number}: {size}"
        fonts = {
            str(font.get_object()["/BaseFont"])
            for page in reader.pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert any("DejaVuSans" in f for f in fonts), f"{pdf.name}: fonts {fonts}"


def test_figures_at_print_resolution(handouts):
    """Every figure is saved at 300 dpi (a notebook column, 5.9 in, is then 1770 px wide;
    the notebooks store 590 px) and printed with its text version."""
    from PIL import Image

    figures = sorted((handouts / "figures").glob("*.png"))
    assert figures
    for figure in figures:
        with Image.open(figure) as picture:
            width = picture.width
        assert width >= 1500, f"{figure.name} is {width} px wide"
    for page in handouts.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        shown = html.count('<figure class="figure">')
        assert shown == html.count('<div class="text-version">'), page.name
