"""The HTML of a handout, for a student or a teacher, from a lesson (:mod:`.lesson`), what
its code showed (:mod:`.execute`) and its section of the teacher guide (:mod:`.guide`).

A student's copy: the question, the sourcing step, the documents, the figures (with their
text versions) and the tables the exercises point to, the exercises with ruled space to
write, the discussion questions, the lesson's sources. No solution cell, no model answer,
no code cell, no scaffold; an exercise's route *without code* is kept, and where it names a
section of the lesson, the figures and tables of that section are printed and named.

A teacher's copy: the same, with the guide's notes on the lesson (goals, plan with its
timings, where students struggle, ...), the guide's model answers under each exercise and
discussion question, the solution cells' outputs (tables, figures, printed text), and the
lesson's own answer to its question; no ruled space.

The explorer (a lesson with no question of its own) gets a station sheet: its explorers,
the tasks of the other lessons whose route without code goes through it, its own exercises
and discussion questions.

Everything from the data or a notebook is escaped by Jinja2 (autoescape) unless it is HTML
that the kit's own functions or the Markdown renderer made.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from .guide import GuideSection, _numbered
from .lesson import Exercise, Lesson, for_paper, tags

HERE = Path(__file__).resolve().parent
SECTION_REFERENCE = re.compile(r"(notebook \d+,\s*)?\bsection (\d+)")
CELL_BELOW = re.compile(r"\bthe cell below\b")
AT_A_SCREEN = re.compile(r"\bexplorer\b|\bnotebook 05\b")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Figures are drawn a notebook column wide (150 mm at their stated size); printed at 85%
# their smallest text (11 pt) is still above 9 pt.
FIGURE_SCALE = 0.85
# Ruled lines a student gets to write on.
LINES = {"exercise": 6, "exercise_no_code": 10, "answer": 9, "discussion": 4}
SKILLS = {
    "data": "data",
    "sourcing": "sourcing",
    "contextualisation": "contextualisation",
    "corroboration": "corroboration",
    "close-reading": "close reading",
}


def markdown(text: str | None) -> Markup:
    """Markdown as HTML for paper (links into the kit become their words)."""
    return Markup(markdown2html_mistune(for_paper(text or "")))


def lookups(lesson: Lesson) -> list[str]:
    """The expressions an exercise names for a student to print: inline code that indexes
    a table (``x[...]``), e.g. ``blocks.set_index("block_id").statement["b13"]``."""
    found = []
    for exercise in lesson.exercises:
        for code in INLINE_CODE.findall(f"{exercise.statement}\n{exercise.route or ''}"):
            try:
                tree = ast.parse(code, mode="eval")
            except SyntaxError:
                continue
            if isinstance(tree.body, ast.Subscript) and code not in found:
                found.append(code)
    return found


@dataclass
class Item:
    """A document, figure or table printed in the handout, with its number."""

    kind: str  # "document", "figure", "table", "text"
    label: str  # "Figure 2"
    html: Markup = field(default_factory=Markup)
    caption: str = ""
    src: str = ""  # a figure's file, relative to the page
    alt: str = ""
    text_version: Markup = field(default_factory=Markup)
    width_mm: float = 0.0


@dataclass
class Group:
    title: str
    items: list[Item] = field(default_factory=list)
    number: int | None = None  # the lesson's section


class Numbering:
    def __init__(self):
        self.counts: dict[str, int] = {}

    def __call__(self, kind: str) -> str:
        name = {"document": "Document", "figure": "Figure"}.get(kind, "Table")
        self.counts[name] = self.counts.get(name, 0) + 1
        return f"{name} {self.counts[name]}"


class Figures:
    """Writes each figure's PNG once into the output folder's figures/."""

    def __init__(self, out: Path, stem: str):
        self.folder = out / "figures"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.stem, self.count = stem, 0

    def item(self, output: dict, label: str) -> Item:
        self.count += 1
        name = f"{self.stem}-{self.count}.png"
        (self.folder / name).write_bytes(output["png"])
        return Item(
            "figure",
            label,
            src=f"figures/{name}",
            alt=output["alt"],
            text_version=Markup(markdown2html_mistune(output["text_version"]))
            if output["text_version"]
            else Markup(""),
            width_mm=round(output["width"] * 25.4 * FIGURE_SCALE, 1),
        )


def output_item(output: dict, label: str, figures: Figures) -> Item | None:
    kind = output["kind"]
    if kind == "figure":
        return figures.item(output, label)
    if kind in {"table", "html"}:
        return Item("table", label, html=Markup(output["html"]))
    if kind == "markdown":
        return Item("table", label, html=markdown(output["text"]))
    if kind == "text" and output["text"].strip():
        return Item("text", label, html=Markup(f"<pre>{escape(output['text'].rstrip())}</pre>"))
    return None


def _volatile(lesson: Lesson, index: int) -> bool:
    """A cell whose output depends on the machine (a widget, the class's live folder)."""
    return "nbval-ignore-output" in tags(lesson.cells[index])


def _documents(lesson: Lesson, run: dict, number: Numbering) -> tuple[list[Group], set[int]]:
    """The documents the lesson shows, by section: quotations in its prose (Markdown
    blockquotes, with the paragraph that introduces them) and what its cells show."""
    groups: list[Group] = []
    shown: set[int] = set()
    for _, group, cells in _sections(lesson):
        for index, cell in cells:
            if cell.cell_type == "markdown":
                for intro, quote in _blockquotes(cell.source):
                    group.items.append(
                        Item(
                            "document",
                            number("document"),
                            html=markdown(quote),
                            caption=for_paper(intro),
                        )
                    )
                continue
            for document in run["documents"].get(index, []):
                shown.add(index)
                group.items.append(
                    Item("document", number("document"), html=_document_html(document))
                )
        if group.items:
            groups.append(group)
    return groups, shown


def _sections(lesson: Lesson):
    """Each numbered section of ``lesson``, with an empty group for what it will print and
    the cells it shows a student (index, cell), its solutions left out."""
    for section in lesson.sections:
        if section.number is None:
            continue
        group = Group(f"Section {section.number}. {section.title}", number=section.number)
        cells = [(i, lesson.cells[i]) for i in section.cells]
        yield section, group, [(i, c) for i, c in cells if "solution" not in tags(c)]


def _blockquotes(source: str) -> list[tuple[str, str]]:
    paragraphs = re.split(r"\n\s*\n", source.strip())
    found = []
    for i, paragraph in enumerate(paragraphs):
        if paragraph.lstrip().startswith(">"):
            intro = paragraphs[i - 1] if i and not paragraphs[i - 1].startswith("#") else ""
            found.append((intro, paragraph))
    return found


def _document_html(document: dict) -> Markup:
    if document["kind"] != "letter":
        return Markup(document["html"])
    rows = "".join(
        f'<blockquote class="letter"><p class="meta">Passage {escape(str(r["passage_id"]))}'
        + (
            f" · compare with {escape(', '.join(str(r['compare_with']).split(';')))}"
            if r["compare_with"] is not None and str(r["compare_with"]) not in {"", "<NA>"}
            else ""
        )
        + f"</p><p>{escape(str(r['text']))}</p></blockquote>"
        for r in document["rows"]
    )
    return Markup(f'<div class="decl46-letter">{rows}</div>')


def build_page(
    lesson: Lesson,
    run: dict,
    guide: GuideSection,
    audience: str,
    out: Path,
    colophon: dict,
    others: list[Lesson] | None = None,
) -> str:
    """The handout's HTML page (``audience``: "student" or "teacher")."""
    teacher = audience == "teacher"
    number = Numbering()
    figures = Figures(out, f"{lesson.stem}-{audience}")
    documents, shown = _documents(lesson, run, number)

    # Sections an exercise points to: their tables, pictures and printed text are printed.
    referenced: dict[int, set[int]] = {}
    for exercise in lesson.exercises:
        for match in SECTION_REFERENCE.finditer(f"{exercise.statement} {exercise.route or ''}"):
            if not match.group(1):
                referenced.setdefault(int(match.group(2)), set()).add(exercise.number)
    # A section with documents is pointed to by its documents; its tables are not printed.
    documented = {g.number: g.items for g in documents}
    exhibits: list[Group] = []
    by_section: dict[int, list[Item]] = dict(documented)
    for section, group, cells in _sections(lesson):
        for index, cell in cells:
            if cell.cell_type != "code" or _volatile(lesson, index):
                continue
            for output in run["outputs"].get(index, []):
                if output["kind"] != "figure" and (
                    section.number not in referenced
                    or index in shown
                    or section.number in documented
                ):
                    continue
                item = output_item(output, number(output["kind"]), figures)
                if item:
                    group.items.append(item)
        if group.items:
            exhibits.append(group)
            by_section[section.number] = by_section.get(section.number, []) + group.items

    exercises = [
        _exercise(lesson, exercise, run, guide, teacher, number, figures, by_section)
        for exercise in lesson.exercises
    ]
    discussion = [
        {
            "number": n,
            "html": markdown(text),
            "answer": markdown(guide.discussion.get(n)) if teacher else None,
            "lines": LINES["discussion"],
        }
        for n, text in _numbered(lesson.discussion or "").items()
    ]
    station = None
    if lesson.question is None and others is not None:
        station = _station(lesson, others)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("handout.html").render(
        lesson=lesson,
        audience=audience,
        teacher=teacher,
        question=markdown(lesson.question) if lesson.question else None,
        intro=markdown(lesson.intro),
        sourcing=markdown(lesson.sourcing) if lesson.sourcing else None,
        guide=guide,
        guide_notes=[(label, markdown(text)) for label, text in guide.notes],
        documents=documents,
        exhibits=exhibits,
        exercises=exercises,
        answer=markdown(lesson.answer) if lesson.answer else None,
        answer_lines=LINES["answer"],
        discussion=discussion,
        sources=markdown(lesson.sources) if lesson.sources else None,
        station=station,
        colophon=colophon,
    )


def _exercise(
    lesson: Lesson,
    exercise: Exercise,
    run: dict,
    guide: GuideSection,
    teacher: bool,
    number: Numbering,
    figures: Figures,
    by_section: dict[int, list[Item]],
) -> dict:
    text = f"{exercise.statement} {exercise.route or ''}"
    pointed = [
        item
        for match in SECTION_REFERENCE.finditer(text)
        if not match.group(1)
        for item in by_section.get(int(match.group(2)), [])
    ]
    below: list[Item] = []
    if exercise.route and CELL_BELOW.search(exercise.route):
        for index in exercise.scaffolds:
            for output in run["outputs"].get(index, []):
                item = output_item(output, number(output["kind"]), figures)
                if item:
                    below.append(item)
    found = [
        (code, run["lookups"][code]) for code in INLINE_CODE.findall(text) if code in run["lookups"]
    ]
    solutions: list[Item] = []
    if teacher:
        for index in exercise.solutions:
            for output in run["outputs"].get(index, []):
                item = output_item(output, "", figures)
                if item:
                    solutions.append(item)
    no_code = "(No code" in exercise.statement
    return {
        "number": exercise.number,
        "skill": SKILLS.get(exercise.skill, exercise.skill.replace("-", " ")),
        "statement": markdown(exercise.statement),
        "route": markdown(exercise.route[:1].upper() + exercise.route[1:])
        if exercise.route
        else None,
        "at_a_screen": bool(exercise.route and AT_A_SCREEN.search(exercise.route)),
        "pointed": [i.label for i in pointed if i.label],
        "below": below,
        "lookups": found,
        "lines": LINES["exercise_no_code" if no_code else "exercise"],
        "answers": [markdown(a) for a in guide.exercises.get(exercise.number, [])]
        if teacher
        else [],
        "solutions": solutions,
    }


def _station(lesson: Lesson, others: list[Lesson]) -> dict:
    """What the explorer's station sheet adds: its explorers (the numbered sections, with
    the prose under each) and the other lessons' tasks whose route goes through it."""
    explorers = []
    for section in lesson.sections:
        if section.number is None:
            continue
        prose = [
            lesson.cells[i].source
            for i in section.cells
            if lesson.cells[i].cell_type == "markdown"
            and not lesson.cells[i].source.lstrip().startswith("## ")
        ]
        explorers.append({"title": section.title, "html": markdown("\n\n".join(prose))})
    station_ref = re.compile(rf"\bnotebook {re.escape(lesson.number)}\b")
    tasks = [
        {
            "key": f"{other.number}.{exercise.number}",
            "lesson": other.title,
            "question": markdown(_first_sentence(exercise.statement)),
            "route": markdown(exercise.route[:1].upper() + exercise.route[1:]),
        }
        for other in others
        if other is not lesson
        for exercise in other.exercises
        if exercise.route and station_ref.search(exercise.route)
    ]
    return {"explorers": explorers, "tasks": tasks}


def _first_sentence(text: str) -> str:
    # A sentence ends after a word, not after an initial ("A. Goltsman").
    match = re.match(r"(.+?\w\w[.?!)])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text
