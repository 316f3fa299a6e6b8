"""A lesson's section of the teacher guide (docs/teacher_guide.md, ``## 0N Title (time)``),
read by its labels: the paragraphs that open with a bold label (**Goals.**, **Plan.**,
**Where students struggle.**, ...), the numbered model answers to the discussion questions
and the model answers to the exercises (``- **02.4** (close reading) ...``, or a range,
``**02.1–02.3**``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DISCUSSION = "Model answers to the discussion questions."
EXERCISES = "Model answers to the exercises."
LABEL = re.compile(r"^\*\*([^*]+)\*\*")
ANSWER_KEY = re.compile(r"^- \*\*(\d\d)\.(\d+)(?:\s*[–-]\s*(?:\d\d\.)?(\d+))?\*\*\s*")


class GuideError(ValueError):
    pass


@dataclass
class GuideSection:
    heading: str  # "02 Reading the declaration (45 minutes)"
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, its Markdown)
    discussion: dict[int, str] = field(default_factory=dict)  # question number -> Markdown
    exercises: dict[int, list[str]] = field(default_factory=dict)  # exercise -> answers


def read_guide(path: Path, number: str) -> GuideSection:
    """The section of lesson ``number`` ("02"); :class:`GuideError` if there is none."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^## ({re.escape(number)} .+)$", text, re.M)
    if match is None:
        raise GuideError(f"{path}: no section '## {number} ...' for lesson {number}")
    rest = text[match.end() :]
    end = re.search(r"^(## |---\s*$)", rest, re.M)
    body = rest[: end.start()] if end else rest
    section = GuideSection(match.group(1).strip())
    for label, block in _blocks(body):
        if label == DISCUSSION:
            section.discussion = _numbered(LABEL.sub("", block, count=1))
        elif label == EXERCISES:
            section.exercises = _exercise_answers(LABEL.sub("", block, count=1), number, path)
        else:
            section.notes.append((label, block))
    return section


def _blocks(body: str) -> list[tuple[str, str]]:
    """Paragraph groups, each opened by a paragraph that starts with a bold label."""
    blocks: list[tuple[str, list[str]]] = []
    body = re.sub(r"\n(?=\*\*[^*\n]+\*\*)", "\n\n", body)  # a label right under a list
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        label = LABEL.match(paragraph)
        if label:
            blocks.append((label.group(1).strip(), [paragraph]))
        elif blocks:
            blocks[-1][1].append(paragraph)
        elif paragraph.strip():
            blocks.append(("", [paragraph]))
    return [(label, "\n\n".join(parts)) for label, parts in blocks]


def _numbered(block: str) -> dict[int, str]:
    items: dict[int, str] = {}
    for item in re.split(r"^(?=\d+\. )", block, flags=re.M):
        number = re.match(r"(\d+)\. ", item)
        if number:
            items[int(number.group(1))] = _dedent(item[number.end() :])
    return items


def _exercise_answers(block: str, number: str, path: Path) -> dict[int, list[str]]:
    answers: dict[int, list[str]] = {}
    for item in re.split(r"^(?=- \*\*)", block, flags=re.M):
        key = ANSWER_KEY.match(item)
        if not key:
            continue
        if key.group(1) != number:
            raise GuideError(
                f"{path}: the answer {key.group(0).strip()} stands in the section of lesson "
                f"{number}"
            )
        first = int(key.group(2))
        last = int(key.group(3) or first)
        label = key.group(0)[2:].strip()  # **02.1–02.3**
        answers.setdefault(first, []).append(f"{label} {_dedent(item[key.end() :])}")
        for exercise in range(first + 1, last + 1):
            answers.setdefault(exercise, []).append(
                f"See the answer to {label.strip('*')} under exercise {first}."
            )
    return answers


def _dedent(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines())
