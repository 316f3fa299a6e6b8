"""Students' own notes on the text, read back and set beside the kit's: a discussion starter.

Students annotate the declaration on the site's annotation page (or in any tool that
writes W3C Web Annotations) and hand in the file it downloads. Each note has the shape of
the kit's own export (:func:`decl46.annotations_jsonld`): its target is the paragraph
``urn:decl46:paragraph:<id>``, with a ``TextQuoteSelector`` (the quote) and a
``TextPositionSelector`` (its offsets in the paragraph's text), and its body a
``TextualBody`` (the note).

:func:`read_student_annotations` checks those files like the kit's data (the paragraph
must exist and the quote must stand at its offsets); a bad file is reported with a
:class:`decl46.DataError` naming the file and the item, and the other files still load.
:func:`compare_annotations` says, paragraph by paragraph, which passages the class marked
that the kit also notes, which the class found that the kit does not, and which of the
kit's notes no student found.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from decl46._student_files import class_files, read_student_file, refuse, student_key
from decl46.codings import MAX_CLASS_FILES, failed_files_html
from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.errors import DataError, Problem

TARGET_PREFIX = "urn:decl46:paragraph:"
SUFFIXES = (".json", ".jsonld")
# The largest annotation file read (a student's notes on the whole text are about 100 kB).
MAX_ANNOTATION_BYTES = 2_000_000
STRING = pd.StringDtype("python")
COLUMNS = {
    "student": STRING,
    "annotation_id": STRING,
    "paragraph_id": STRING,
    "quote": STRING,
    "start": "Int64",
    "end": "Int64",
    "note": STRING,
    "file": STRING,
}


@dataclass
class StudentAnnotations:
    """A class's annotation files read: the notes of the files that loaded, one row each,
    and the errors of the files that did not.

    ``annotations`` has the columns ``student`` (the file's name reduced to its letters and
    digits), ``annotation_id``, ``paragraph_id``, ``quote``, ``start``, ``end`` (offsets in
    the paragraph's text), ``note`` (missing for a bare highlight) and ``file``. In a
    notebook it shows as a short report of which files loaded and which did not, and why.
    """

    annotations: pd.DataFrame
    errors: list[DataError] = field(default_factory=list)

    @property
    def students(self) -> list[str]:
        """The students whose file loaded, in file order."""
        return list(dict.fromkeys(self.annotations["student"]))

    def _repr_html_(self) -> str:
        count = len(self.students)
        return failed_files_html(
            f"{count} student{'' if count == 1 else 's'}' notes loaded", self.errors
        )


@data_docs
def read_student_annotations(
    path: str | os.PathLike | Traversable,
    *,
    max_bytes: int = MAX_ANNOTATION_BYTES,
    max_files: int = MAX_CLASS_FILES,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> StudentAnnotations:
    """Read one student's annotation file, or every ``*.json``/``*.jsonld`` file in a folder.

    Each file is an ``AnnotationCollection`` (what the site's annotation page downloads)
    or a single ``Annotation``. It is checked whole: every item must be an annotation of a
    paragraph of the text, with both selectors, offsets inside the paragraph and the quote
    standing exactly at them. A file with any problem is left out and its
    :class:`decl46.DataError` (naming the file and the item) is in ``errors``; nothing of
    it is half-loaded, and the other files still load, whatever a file holds.

    Parameters
    ----------
    path : str or path
        One file, or a class folder (suffixes in any case; files in subfolders one level
        down count too). Symbolic links are refused; two files of one student (``anna.json``
        and ``Anna.jsonld``) are reported, not merged.
    max_bytes : int
        The largest file read (2 MB by default); a larger one is reported.
    max_files : int
        The most files read from a folder (500 by default).
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_student_annotations(decl46.example_annotations_folder())
    >>> class_.students
    ['amir', 'bela', 'chiara']
    >>> print(class_.errors[0].problems[0])  # doctest: +ELLIPSIS
    dmitri.jsonld: item 2 (urn:uuid:...): the quote 'Central Committee' is not at 44–61 of p05...
    """
    path = Path(str(path))
    data = using(dataset, data_dir)
    if path.is_dir() and not path.is_symlink():
        submissions, errors = class_files(path, SUFFIXES, max_files=max_files)
        chosen = [(s.student, s.path, s.shown) for s in submissions]
    else:
        stem = path.name.rsplit(".", 1)[0]
        chosen, errors = [(student_key(stem) or stem, path, str(path))], []
    texts = _paragraph_texts(data)
    frames = []
    for student, file, shown in chosen:
        try:
            raw = read_student_file(file, max_bytes=max_bytes, shown=shown)
            frames.append(_read_file(raw, texts, name=shown, student=student))
        except DataError as error:
            errors.append(error)
        except Exception as error:  # whatever else a file does, it is that file's problem
            errors.append(refuse(shown, f"could not be read ({type(error).__name__})"))
    table = pd.concat(frames, ignore_index=True) if frames else _empty()
    return StudentAnnotations(table.astype(COLUMNS), errors)


def example_annotations_folder() -> Traversable:
    """A shipped folder of four made-up students' annotation files, one with a mistake."""
    return files("decl46").joinpath("examples", "student_annotations")


def _paragraph_texts(data: Dataset) -> dict[str, str]:
    paragraphs = data["paragraphs"]
    return dict(zip(paragraphs["paragraph_id"], paragraphs["text"], strict=True))


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in COLUMNS.items()})


def _read_file(raw: bytes, texts: dict[str, str], name: str, student: str) -> pd.DataFrame:
    def fail(message: str, line: int | None = None):
        raise DataError([Problem(name, line, None, message)])

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        fail(f"not UTF-8 text ({exc.reason}); save the file as UTF-8")
    except json.JSONDecodeError as exc:
        fail(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
    except (ValueError, RecursionError):
        fail("not JSON the kit can read (nested too deeply, or a number too long)")
    if isinstance(document, dict) and document.get("type") == "AnnotationCollection":
        items = document.get("items")
        if not isinstance(items, list):
            fail("the AnnotationCollection has no list of 'items'")
    elif isinstance(document, dict) and document.get("type") == "Annotation":
        items = [document]
    else:
        fail("neither a W3C AnnotationCollection nor an Annotation (its 'type' says neither)")
    problems, rows, seen = [], [], set()
    for number, item in enumerate(items, start=1):
        row, messages = _read_item(item, texts)
        label = f"item {number}" + (
            f" ({_short(row['annotation_id'], 60)})" if row.get("annotation_id") else ""
        )
        if row.get("annotation_id") in seen:
            messages.append("its id is used by an earlier item; each annotation needs its own id")
        seen.add(row.get("annotation_id"))
        problems += [Problem(name, None, None, f"{label}: {m}") for m in messages]
        rows.append(row)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("student", "file")])
    frame.insert(0, "student", student)
    frame["file"] = name
    return frame


def _read_item(item, texts: dict[str, str]) -> tuple[dict, list[str]]:
    """One annotation as a row, and what is wrong with it."""
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        return {}, ["not an annotation (its 'type' must be 'Annotation')"]
    row: dict = {"annotation_id": item.get("id") if isinstance(item.get("id"), str) else None}
    messages = []
    if row["annotation_id"] is None:
        messages.append("has no 'id'")
    target = item.get("target")
    target = target[0] if isinstance(target, list) and len(target) == 1 else target
    source = target.get("source") if isinstance(target, dict) else None
    if not isinstance(source, str) or not source.startswith(TARGET_PREFIX):
        return row, [*messages, f"its target must be a paragraph, '{TARGET_PREFIX}<id>'"]
    paragraph = source.removeprefix(TARGET_PREFIX)
    if paragraph not in texts:
        ids = list(texts)
        return row, [
            *messages,
            f"'{paragraph}' is not a paragraph of the text (they are {ids[0]} to {ids[-1]})",
        ]
    row["paragraph_id"] = paragraph
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    by_type = {
        s["type"]: s for s in selectors if isinstance(s, dict) and isinstance(s.get("type"), str)
    }
    quote = by_type.get("TextQuoteSelector", {}).get("exact")
    position = by_type.get("TextPositionSelector", {})
    start, end = position.get("start"), position.get("end")
    if not isinstance(quote, str) or not quote:
        return row, [*messages, "needs a TextQuoteSelector with the quote ('exact')"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return row, [*messages, "needs a TextPositionSelector with whole-number 'start' and 'end'"]
    text = texts[paragraph]
    if not 0 <= start < end <= len(text):
        messages.append(
            f"the offsets {start}–{end} are outside {paragraph}"
            f" (its text has {len(text)} characters)"
        )
    elif text[start:end] != quote:
        found = text.find(quote)
        hint = f"; it stands at {found}–{found + len(quote)}" if found >= 0 else ""
        messages.append(
            f"the quote '{_short(quote)}' is not at {start}–{end} of {paragraph}"
            f" (there: '{_short(text[start:end])}'){hint}"
        )
    row.update(quote=quote, start=start, end=end, note=_note(item.get("body")))
    return row, messages


def _note(body) -> str | None:
    """The text of the annotation's TextualBody (or bodies), None when it has none."""
    bodies = body if isinstance(body, list) else [body]
    values = [
        b["value"]
        for b in bodies
        if isinstance(b, dict)
        and b.get("type") == "TextualBody"
        and isinstance(b.get("value"), str)
    ]
    values += [b for b in bodies if isinstance(b, str)]
    text = "\n".join(v for v in values if v.strip())
    return text or None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- comparing with the kit's notes ----------------------------------------------------


@dataclass
class AnnotationComparison:
    """What :func:`compare_annotations` finds.

    - ``summary``: one row per paragraph that anyone annotated, in document order: how
      many notes the class made there, how many of those meet a kit note, how many are
      the class's own finds; how many notes the kit has there, how many a student found,
      how many none did.
    - ``shared``: each student note that overlaps one or more of the kit's notes, with
      those notes' ids, kinds and quotes.
    - ``class_only``: each student note that overlaps none of the kit's.
    - ``kit_only``: each kit note that no student's note overlaps.
    """

    summary: pd.DataFrame
    shared: pd.DataFrame = field(repr=False)
    class_only: pd.DataFrame = field(repr=False)
    kit_only: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        return self.summary._repr_html_()


@data_docs
def compare_annotations(
    student_annotations: StudentAnnotations | pd.DataFrame,
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> AnnotationComparison:
    """Set a class's notes beside the kit's, paragraph by paragraph.

    A student's note and a kit note *meet* when they mark overlapping spans of the same
    paragraph (they share at least one character). ``student_annotations`` is what
    :func:`read_student_annotations` returns, or its ``annotations`` table.

    Parameters
    ----------
    student_annotations : StudentAnnotations or DataFrame
        The class's notes.
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_student_annotations(decl46.example_annotations_folder())
    >>> comparison = decl46.compare_annotations(class_)
    >>> comparison.summary.loc["p05", ["class_notes", "meet_kit", "class_only"]].tolist()
    [3, 2, 1]
    """
    notes = getattr(student_annotations, "annotations", student_annotations)
    data = using(dataset, data_dir)
    kit = data["annotations"]
    order = data["paragraphs"]["paragraph_id"].tolist()
    pairs = (
        notes.reset_index(drop=True)
        .reset_index(names="note_row")
        .merge(
            kit[["annotation_id", "paragraph_id", "start", "end", "kind", "quote"]].rename(
                columns=lambda c: c if c == "paragraph_id" else f"kit_{c}"
            ),
            on="paragraph_id",
        )
    )
    meet = pairs[
        (pairs["start"] < pairs["kit_end"]) & (pairs["kit_start"] < pairs["end"])
    ].sort_values(["note_row", "kit_start", "kit_annotation_id"])
    grouped = meet.groupby("note_row").agg(
        kit_annotation_ids=("kit_annotation_id", ";".join),
        kit_kinds=("kit_kind", lambda k: ";".join(map(str, k))),
        kit_quotes=("kit_quote", " | ".join),
    )
    base = notes.reset_index(drop=True)[
        ["student", "paragraph_id", "quote", "start", "end", "note"]
    ]
    shared = base.join(grouped, how="inner").astype(
        {c: STRING for c in ["kit_annotation_ids", "kit_kinds", "kit_quotes"]}
    )
    class_only = base.drop(index=grouped.index)
    found = set(meet["kit_annotation_id"])
    kit_only = kit.loc[
        ~kit["annotation_id"].isin(found),
        ["annotation_id", "paragraph_id", "quote", "start", "end", "kind", "body"],
    ]
    rank = {p: i for i, p in enumerate(order)}

    def in_order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        by = frame.assign(_rank=frame["paragraph_id"].map(rank))
        return (
            by.sort_values(["_rank", *keys], kind="stable")
            .drop(columns="_rank")
            .reset_index(drop=True)
        )

    shared = in_order(shared, ["start", "student"])
    class_only = in_order(class_only, ["start", "student"])
    kit_only = in_order(kit_only, ["start"])
    annotated = set(notes["paragraph_id"]) | set(kit["paragraph_id"])
    counts = pd.DataFrame(
        {
            "class_notes": notes.groupby("paragraph_id").size(),
            "meet_kit": shared.groupby("paragraph_id").size(),
            "class_only": class_only.groupby("paragraph_id").size(),
            "kit_notes": kit.groupby("paragraph_id", observed=True).size(),
            "kit_found": kit[kit["annotation_id"].isin(found)].groupby("paragraph_id").size(),
            "kit_not_found": kit_only.groupby("paragraph_id").size(),
        },
        index=pd.Index([p for p in order if p in annotated], name="paragraph_id"),
    )
    summary = counts.fillna(0).astype("Int64")
    return AnnotationComparison(summary, shared, class_only, kit_only)
