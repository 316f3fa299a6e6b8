"""The lessons teach historical thinking: a question, a sourcing step, skills, answers.

Each lesson notebook (00-04, and 06 on the class's own notes) asks one historical
question at its start (a cell tagged ``central-question``) and answers it at its end
(``answer``), has a sourcing step for the documents it uses (``sourcing``), and has
exercises tagged by the skill they practise, at
least two of them not data handling. Every exercise has a solution cell or a model answer
in the teacher guide, which takes the lessons in the notebooks' order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("0[0-46]_*.ipynb"))
GUIDE = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
SKILLS = {
    "skill-sourcing",
    "skill-contextualisation",
    "skill-corroboration",
    "skill-close-reading",
    "skill-data",
}


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def exercises(notebook: Path) -> list[tuple[int, int, set[str]]]:
    """(exercise number, cell index, tags) of each exercise heading."""
    found = []
    for i, cell in enumerate(cells(notebook)):
        match = re.search(r"\*\*Exercise (\d+)\.\*\*", "".join(cell["source"]))
        if cell["cell_type"] == "markdown" and match:
            found.append((int(match.group(1)), i, tags(cell)))
    return found


def answered_in_guide(lesson: str, number: int) -> bool:
    """Whether the guide has a model answer numbered ``lesson.number`` (alone or in a
    range such as 01.1–01.3)."""
    for first, last in re.findall(rf"\*\*{lesson}\.(\d+)(?:–{lesson}\.(\d+))?\*\*", GUIDE):
        if int(first) <= number <= int(last or first):
            return True
    return False


def test_there_are_six_lessons_and_the_explorer():
    assert [p.name[:2] for p in LESSONS] == ["00", "01", "02", "03", "04", "06"]


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_asks_its_question_first_and_answers_it_last(notebook):
    all_cells = cells(notebook)
    question = [i for i, c in enumerate(all_cells) if "central-question" in tags(c)]
    answer = [i for i, c in enumerate(all_cells) if "answer" in tags(c)]
    sourcing = [i for i, c in enumerate(all_cells) if "sourcing" in tags(c)]
    assert question == [1], "the question comes right after the title"
    assert len(answer) == 1 and len(sourcing) == 1
    assert "?" in "".join(all_cells[1]["source"])
    assert "".join(all_cells[answer[0]]["source"]).startswith("## Answering the question")
    # The answer comes after the exercises, before the discussion.
    last_exercise = max(i for _, i, _ in exercises(notebook))
    assert last_exercise < answer[0]
    # The sourcing step names where its documents come from: a source of the kit's
    # sources table, or the encyclopedia article the text is taken from.
    text = " ".join("".join(all_cells[sourcing[0]]["source"]).split())
    assert text.startswith("## Sourcing")
    ids = set(pd.read_csv(ROOT / "data" / "sources.csv").source_id)
    cited = set(re.findall(r"`(\w+)`", text)) & ids
    assert cited or "encyclopedia article" in text or "Wikipedia" in text


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_names_its_skill_and_two_are_not_data_handling(notebook):
    found = exercises(notebook)
    assert [n for n, _, _ in found] == list(range(1, len(found) + 1))
    for number, _, cell_tags in found:
        assert len(cell_tags & SKILLS) == 1, f"exercise {number}: {sorted(cell_tags)}"
    historical = [n for n, _, t in found if t & SKILLS - {"skill-data"}]
    assert len(historical) >= 2


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_has_a_solution_cell_or_a_model_answer(notebook):
    all_cells = cells(notebook)
    lesson = notebook.name[:2]
    for number, i, cell_tags in exercises(notebook):
        following = all_cells[i + 1 : i + 3]
        solved = any("solution" in tags(c) for c in following)
        if "skill-data" not in cell_tags:
            # An interpretive exercise is answered in words, in the guide.
            assert answered_in_guide(lesson, number), f"{lesson}.{number}"
        else:
            assert solved or answered_in_guide(lesson, number), f"{lesson}.{number}"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem)
def test_code_exercises_give_a_cell_to_complete(notebook):
    """A code exercise starts from a partly written cell (kept in the student copy), not
    an empty one, and not the solution."""
    all_cells = cells(notebook)
    solutions = [i for i, c in enumerate(all_cells) if "solution" in tags(c)]
    assert solutions
    for i in solutions:
        scaffold, solution = all_cells[i - 1], all_cells[i]
        text = "".join(scaffold["source"])
        assert scaffold["cell_type"] == "code" and "solution" not in tags(scaffold)
        assert text.startswith(("# Complete", "# Runs as it is")), text
        assert text.strip() != "".join(solution["source"]).strip()


def sections(notebook: Path) -> set[str]:
    """The numbers of a notebook's numbered sections ("## 3. Timeline" gives "3")."""
    headings = (re.match(r"## (\d+)\.", "".join(c["source"])) for c in cells(notebook))
    return {m.group(1) for m in headings if m}


EXPLORERS = {
    "signatory explorer": "SignatoryExplorer",
    "agreement explorer": "AgreementExplorer",
    "timeline explorer": "TimelineExplorer",
    "reader": "Reader",
}


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem)
def test_every_data_question_has_a_route_without_code(notebook):
    """Each data exercise also says how to answer it without pandas: through an explorer
    of notebook 05, a table or figure the lesson shows, the codebook, or a cell that runs
    as it is; every place it points to exists."""
    explorer_notebook = ROOT / "notebooks" / "05_explorer.ipynb"
    explorer_code = " ".join("".join(c["source"]) for c in cells(explorer_notebook))
    all_cells = cells(notebook)
    for number, i, cell_tags in exercises(notebook):
        if "skill-data" not in cell_tags:
            continue
        text = " ".join("".join(all_cells[i]["source"]).split())
        assert "*Without code:*" in text, f"exercise {number}"
        route = text[text.index("*Without code:*") :]
        named = [e for e in EXPLORERS if e in route]
        for explorer in named:
            assert EXPLORERS[explorer] in explorer_code, explorer
        for other, section in re.findall(r"(?:notebook (\d\d), )?section (\d+)", route):
            place = next((ROOT / "notebooks").glob(f"{other}_*.ipynb")) if other else notebook
            assert section in sections(place), f"exercise {number}: {place.name} {section}"
        if "the cell below" in route:
            assert not "".join(all_cells[i + 1]["source"]).startswith("# Complete")
        assert named or "section" in route or "codebook" in route or "the cell below" in route


def test_the_guide_takes_the_lessons_in_the_notebooks_order_and_opens_with_a_checklist():
    headings = re.findall(r"^## (\d\d) ", GUIDE, flags=re.M)
    assert headings == ["00", "01", "02", "03", "04", "05", "06"]
    checklist = GUIDE.index("## Before class: a checklist")
    assert checklist < GUIDE.index("## 00 ")
    for step in ["make lab", "Trust", "Projector", "make student", "make app", "make site"]:
        assert step in GUIDE[checklist : GUIDE.index("## 00 ")], step
    assert 'scissors" price curves on the board' not in GUIDE


NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[0-6]_*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_discussion_question_has_a_model_answer_with_a_weak_and_a_strong_one(notebook):
    discussion = next(
        "".join(c["source"])
        for c in cells(notebook)
        if "".join(c["source"]).startswith("## Discussion questions")
    )
    questions = re.findall(r"^\d+\. ", discussion, flags=re.M)
    lesson = notebook.name[:2]
    section = re.split(r"(?m)^## ", GUIDE.split(f"\n## {lesson} ", 1)[1])[0]
    heading = "**Model answers to the discussion questions.**"
    assert heading in section, lesson
    block = section.split(heading, 1)[1].split("**Model answers to the exercises.**")[0]
    answers = re.split(r"(?m)^\d+\. ", block)[1:]
    assert len(answers) == len(questions) >= 3, lesson
    for number, answer in enumerate(answers, start=1):
        assert "*Weak:*" in answer and "*Strong:*" in answer, f"{lesson} discussion {number}"
