"""A lesson as a handout needs it, read from its notebook by tags and headings only (never by
a cell's position, since the notebooks are rewritten):

- the title (the first ``# `` heading) and the question (the cell tagged
  ``central-question``);
- the sourcing step (the cell tagged ``sourcing``);
- the numbered sections (``## 1. ...``) with their cells, for the documents and figures
  they show;
- the exercises: each markdown cell's ``**Exercise N.**`` onwards, its skill (the cell's
  ``skill-*`` tag), its *Without code* route, and the code cells under it: scaffolds
  (untagged) and solutions (tagged ``solution``);
- the answer to the question (tagged ``answer``), the discussion questions and the
  sources (the ``## Discussion questions`` and ``## Sources`` parts of the last cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

EXERCISE = re.compile(r"\*\*Exercise (\d+)\.\*\*")
ROUTE = re.compile(r"^\*Without code:\*\s*", re.M)
SECTION = re.compile(r"^## (\d+)\. (.+)$")
# A link into the kit (the glossary, another notebook): on paper, its words alone.
RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:|mailto:)[^)]*\)")
# A hint about code inside an exercise, e.g. "(Hint: `person_ids` holds ids ...)".
CODE_HINT = re.compile(r"\s*\((?:Hint|use|Use)\b[^()]*`[^()]*\)")


class LessonError(ValueError):
    """A notebook that lacks what a handout is built from; the message names the file."""


@dataclass
class Section:
    number: int | None  # None: an unnumbered part (overview, imports, exercises, ...)
    title: str
    cells: list[int] = field(default_factory=list)  # indices of its cells


@dataclass
class Exercise:
    number: int
    skill: str  # "data", "close-reading", ... ("" when the cell has no skill tag)
    statement: str  # Markdown, for paper: without the route and hints about code
    route: str | None  # the *Without code* route (Markdown), if any
    scaffolds: list[int]  # code cells under it that are not solutions
    solutions: list[int]  # code cells tagged "solution"


@dataclass
class Lesson:
    path: Path
    number: str  # "00", "01", ...
    title: str
    question: str | None  # Markdown; None for the explorer, which has none
    intro: str  # the first paragraph after the title
    sourcing: str | None
    sections: list[Section]
    exercises: list[Exercise]
    answer: str | None
    discussion: str | None
    sources: str | None
    cells: list  # the notebook's cells

    @property
    def stem(self) -> str:
        return self.path.stem

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def section_of(self, index: int) -> Section | None:
        return next((s for s in self.sections if index in s.cells), None)

    def code_cells(self) -> list[int]:
        return [i for i, c in enumerate(self.cells) if c.cell_type == "code"]


def for_paper(markdown: str) -> str:
    """Markdown as printed: links into the kit become their words."""
    return RELATIVE_LINK.sub(r"\1", markdown).strip()


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _part(source: str, heading: str) -> str | None:
    """The text under ``## heading`` up to the next ``## `` heading, or None."""
    match = re.search(rf"^## {re.escape(heading)}\s*$", source, re.M)
    if match is None:
        return None
    rest = source[match.end() :]
    end = re.search(r"^## ", rest, re.M)
    return (rest[: end.start()] if end else rest).strip()


def _without_heading(source: str) -> str:
    return re.sub(r"\A##+ [^\n]*\n", "", source.strip()).strip()


def read_lesson(path: Path) -> Lesson:
    """Read one lesson notebook; :class:`LessonError` names what is missing."""
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    number = path.name[:2]
    if not number.isdigit():
        raise LessonError(f"{path}: a lesson's file name starts with its number (00_...)")
    title = intro = None
    question = sourcing = answer = discussion = sources = None
    sections: list[Section] = []
    exercises: list[Exercise] = []
    current: Section | None = None
    for index, cell in enumerate(cells):
        source = cell.source.strip()
        cell_tags = tags(cell)
        if cell.cell_type == "markdown":
            if title is None and source.startswith("# "):
                title, _, rest = source.partition("\n")
                title = title[2:].strip()
                intro = rest.strip().split("\n\n")[0]
            elif not intro and title and not source.startswith("#"):
                intro = source.split("\n\n")[0]  # the title stands alone in its cell
            if "central-question" in cell_tags:
                question = re.sub(r"\A\*\*[^*]+\*\*\s*", "", source)
            if "sourcing" in cell_tags:
                sourcing = _without_heading(source)
            if "answer" in cell_tags:
                answer = _without_heading(source)
            discussion = _part(source, "Discussion questions") or discussion
            sources = _part(source, "Sources") or sources
            heading = re.search(r"^## (.+)$", source, re.M)
            if heading and source.startswith("## "):
                numbered = SECTION.match(heading.group(0))
                current = Section(
                    int(numbered.group(1)) if numbered else None,
                    numbered.group(2).strip() if numbered else heading.group(1).strip(),
                )
                sections.append(current)
            marker = EXERCISE.search(source)
            if marker:
                exercises.append(_exercise(path, source[marker.start() :], cell_tags, marker))
        elif exercises and _under_last_exercise(cells, index):
            target = exercises[-1].solutions if "solution" in cell_tags else exercises[-1].scaffolds
            target.append(index)
        if current is not None:
            current.cells.append(index)
    if title is None:
        raise LessonError(f"{path}: no title (a markdown cell starting with '# ')")
    if question is None and "app-hide" not in {t for c in cells for t in tags(c)}:
        raise LessonError(f"{path}: no cell tagged 'central-question'")
    numbers = [e.number for e in exercises]
    if numbers != list(range(1, len(numbers) + 1)):
        raise LessonError(f"{path}: the exercises are numbered {numbers}, not 1, 2, 3, ...")
    return Lesson(
        path, number, title, question, intro or "", sourcing, sections, exercises, answer,
        discussion, sources, cells,
    )  # fmt: skip


def _under_last_exercise(cells, index: int) -> bool:
    """Whether the code cell at ``index`` follows an exercise's markdown with only code
    cells between them."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            return bool(EXERCISE.search(cell.source))
    return False


def _exercise(path: Path, text: str, cell_tags: list[str], marker) -> Exercise:
    skills = [t.removeprefix("skill-") for t in cell_tags if t.startswith("skill-")]
    body = EXERCISE.sub("", text, count=1).strip()
    route = None
    split = ROUTE.search(body)
    if split:
        body, route = body[: split.start()].strip(), body[split.end() :].strip()
    return Exercise(
        number=int(marker.group(1)),
        skill=skills[0] if skills else "",
        statement=CODE_HINT.sub("", body),
        route=route,
        scaffolds=[],
        solutions=[],
    )
