"""Students' W3C annotation files are checked like the data, a bad file is reported while
the others load, and the class's notes are set beside the kit's by overlapping spans."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

import decl46

EXAMPLES = Path(str(decl46.example_annotations_folder()))


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the shipped example class folder, to add files to."""
    target = tmp_path / "class"
    shutil.copytree(EXAMPLES, target)
    return target


def good_item() -> dict:
    """One valid annotation, taken from a shipped example file."""
    return json.loads((EXAMPLES / "amir.jsonld").read_text(encoding="utf-8"))["items"][0]


def write(path: Path, items: list[dict]) -> Path:
    collection = {"type": "AnnotationCollection", "items": items}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def test_the_example_class_loads_and_its_bad_file_is_reported():
    class_ = decl46.read_student_annotations(decl46.example_annotations_folder())
    names = sorted(p.stem for p in EXAMPLES.glob("*.jsonld"))
    (error,) = class_.errors
    (problem,) = error.problems
    bad = Path(problem.file).stem
    assert class_.students == [n for n in names if n != bad]
    assert problem.file == f"{bad}.jsonld" and problem.message.startswith("item 2 (urn:uuid:")
    table = class_.annotations
    assert not any(dtype is object or str(dtype) == "object" for dtype in table.dtypes)
    assert str(table["start"].dtype) == "Int64"
    texts = decl46.load_paragraphs().set_index("paragraph_id")["text"]
    for row in table.itertuples():
        assert texts[row.paragraph_id][row.start : row.end] == row.quote


def test_the_kits_own_export_reads_back_whole(tmp_path):
    """The kit's W3C export and the students' files share one shape."""
    path = tmp_path / "kit.jsonld"
    path.write_text(json.dumps(decl46.annotations_jsonld()), encoding="utf-8")
    read = decl46.read_student_annotations(path)
    kit = decl46.load_annotations()
    assert read.errors == []
    assert read.annotations["quote"].tolist() == kit["quote"].tolist()
    assert read.annotations["note"].tolist() == kit["body"].tolist()
    comparison = decl46.compare_annotations(read)
    assert len(comparison.shared) == len(kit)
    assert comparison.class_only.empty and comparison.kit_only.empty


def broken(item: dict, how: str) -> dict:
    item = copy.deepcopy(item)
    item["id"] += "-second"
    quote, position = item["target"]["selector"]
    if how == "quote elsewhere":
        position["start"] += 1
        position["end"] += 1
    elif how == "offsets outside":
        position["end"] = 100_000
    elif how == "no paragraph":
        item["target"]["source"] = "urn:decl46:paragraph:p99"
    elif how == "not a paragraph":
        item["target"]["source"] = "https://example.org/page"
    elif how == "no position":
        item["target"]["selector"] = [quote]
    elif how == "offsets as text":
        position["start"] = str(position["start"])
    elif how == "not an annotation":
        item["type"] = "Note"
    return item


MESSAGES = {
    "quote elsewhere": "is not at",
    "offsets outside": "are outside",
    "no paragraph": "'p99' is not a paragraph",
    "not a paragraph": "its target must be a paragraph",
    "no position": "needs a TextPositionSelector",
    "offsets as text": "whole-number",
    "not an annotation": "not an annotation",
}


@pytest.mark.parametrize("how", MESSAGES)
def test_a_bad_item_is_named_and_the_other_files_still_load(folder, how):
    write(folder / "erin.jsonld", [good_item(), broken(good_item(), how)])
    class_ = decl46.read_student_annotations(folder)
    assert "erin" not in class_.students  # nothing of a bad file is half-loaded
    assert len(class_.students) == len(decl46.read_student_annotations(EXAMPLES).students)
    (error,) = [e for e in class_.errors if e.problems[0].file == "erin.jsonld"]
    (problem,) = error.problems
    assert problem.message.startswith("item 2")
    assert MESSAGES[how] in problem.message
    assert "erin.jsonld" in str(error)


def test_a_file_that_is_not_json_or_not_annotations(folder):
    (folder / "frank.json").write_text('{"type": "AnnotationCollection", "items": [', "utf-8")
    (folder / "gita.json").write_text('{"type": "Page"}', encoding="utf-8")
    (folder / "hana.jsonld").write_bytes("café".encode("latin-1"))
    write(folder / "ivan.jsonld", [good_item(), good_item()])
    class_ = decl46.read_student_annotations(folder)
    problems = {e.problems[0].file: e.problems[0] for e in class_.errors}
    assert "not valid JSON" in problems["frank.json"].message and problems["frank.json"].line == 1
    assert "neither a W3C AnnotationCollection" in problems["gita.json"].message
    assert "not UTF-8" in problems["hana.jsonld"].message
    assert "used by an earlier item" in problems["ivan.jsonld"].message
    assert (folder / "README.md").exists() is False  # only .json/.jsonld files are read


def test_one_file_can_be_read_on_its_own(folder):
    path = write(folder / "solo.jsonld", [good_item()])
    read = decl46.read_student_annotations(path)
    assert read.students == ["solo"] and read.errors == []
    missing = decl46.read_student_annotations(folder / "nobody.jsonld")
    assert missing.annotations.empty and "is missing" in str(missing.errors[0])


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def test_compare_sorts_each_note_by_whether_its_span_meets_a_kit_note():
    class_ = decl46.read_student_annotations(decl46.example_annotations_folder())
    comparison = decl46.compare_annotations(class_)
    kit = decl46.load_annotations()

    def kit_met(note) -> set[str]:
        here = kit[kit["paragraph_id"] == note.paragraph_id]
        return {
            k.annotation_id
            for k in here.itertuples()
            if overlaps(note.start, note.end, k.start, k.end)
        }

    for note in comparison.shared.itertuples():
        assert set(note.kit_annotation_ids.split(";")) == kit_met(note) != set()
    for note in comparison.class_only.itertuples():
        assert kit_met(note) == set()
    assert len(comparison.shared) + len(comparison.class_only) == len(class_.annotations)
    assert len(comparison.class_only) >= 1  # the example class finds something of its own
    found = set().union(*(kit_met(n) for n in class_.annotations.itertuples()))
    assert set(comparison.kit_only["annotation_id"]) == set(kit["annotation_id"]) - found
    summary = comparison.summary
    assert summary.index.tolist() == [
        p for p in decl46.load_paragraphs()["paragraph_id"] if p in set(summary.index)
    ]
    assert (summary["class_notes"] == summary["meet_kit"] + summary["class_only"]).all()
    assert (summary["kit_notes"] == summary["kit_found"] + summary["kit_not_found"]).all()
    assert int(summary["class_notes"].sum()) == len(class_.annotations)
    assert int(summary["kit_notes"].sum()) == len(kit)


def test_compare_an_empty_class():
    empty = decl46.read_student_annotations(decl46.example_annotations_folder())
    empty.annotations = empty.annotations.iloc[0:0]
    comparison = decl46.compare_annotations(empty)
    assert comparison.shared.empty and comparison.class_only.empty
    assert len(comparison.kit_only) == len(decl46.load_annotations())
