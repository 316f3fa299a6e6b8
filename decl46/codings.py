"""Codings of the stances: the kit's own, a student's being filled in, saved, handed in, and
a whole class's read back.

A *coding* is a table with one row per block and part: ``block_id``, ``part``, ``stance``
(the kit's ordered vocabulary) and an optional ``justification``. The kit's own coding is
:func:`reference_coding`. A student codes with the coding widget (notebook 03), which keeps
the coding with the pure functions here: every answer is saved at once
(:func:`save_coding`), handing in writes a copy named after the student into the class
folder (:func:`hand_in`), and the teacher reads that folder with
:func:`read_class_codings`. How far codings agree is :mod:`decl46.agreement`.

A student's work is never lost or overwritten: every write is atomic (the old file or the
new one, whole, whatever moment a kernel is killed at), never follows a symbolic link and
stays in its folder, and a hand-in never replaces another student's file. What a student
hands in is checked like the kit's data, each file on its own: a bad file is reported
with a :class:`decl46.DataError` naming the file, line and column, and the rest of the
class still loads.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from decl46._student_files import (
    MAX_NAME,
    NotReplaced,
    class_files,
    from_spreadsheet,
    read_student_file,
    refuse,
    spreadsheet_safe,
    student_key,
    write_atomically,
)
from decl46.dataset import DataDir, Dataset, data_docs, shipped_data_dir, using
from decl46.errors import DataError

CODING_COLUMNS = ["block_id", "part", "stance", "justification"]
# The class folder: where handing in writes a student's named copy (beside the working
# file, or where $DECL46_HANDIN_DIR points on a hub), and where read_class_codings looks
# when it is given no folder.
CLASS_FOLDER = "class_codings"
HANDIN_VARIABLE = "DECL46_HANDIN_DIR"
# On a JupyterHub, the signed-in user: a hand-in there is named by it, not by a typed name.
HUB_USER_VARIABLE = "JUPYTERHUB_USER"
# The largest coding file read (a full coding with long reasons is about 20 kB).
MAX_CODING_BYTES = 1_000_000
# The most hand-ins read from one class folder.
MAX_CLASS_FILES = 500


@data_docs
def reference_coding(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """The kit's own coding (from the stances table), with its coding notes as justification.

    Parameters
    ----------
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> len(decl46.reference_coding())
    52
    """
    stances = using(dataset, data_dir)["stances"]
    coding = stances[["block_id", "part", "stance"]].copy()
    coding["justification"] = stances["coding_note"]
    return coding


@data_docs
def empty_coding(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """A coding with every block and part and no stance chosen yet (for the coding widget).

    Parameters
    ----------
    {data_parameters}
    """
    reference = reference_coding(dataset=dataset, data_dir=data_dir)
    coding = reference[["block_id", "part"]].copy()
    coding["stance"] = pd.Series(pd.NA, index=coding.index, dtype=reference["stance"].dtype)
    coding["justification"] = pd.Series(pd.NA, index=coding.index, dtype=pd.StringDtype("python"))
    return coding


@data_docs
def read_coding(
    path: str | os.PathLike,
    *,
    max_bytes: int = MAX_CODING_BYTES,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """Read and check one coding file: block_id, part, stance and, optionally, justification.

    Parameters
    ----------
    path : str or path
        The CSV file.
    max_bytes : int
        The largest file read (1 MB by default; a full coding is about 20 kB).
    {data_parameters}

    Raises
    ------
    DataError
        When the file is missing, a symbolic link, too large or not UTF-8, a column is
        missing, a stance is outside the vocabulary, a block does not exist, or a block and
        part are coded twice; the message names the file, line and column.
    """
    path = Path(path)
    data = using(dataset, data_dir)
    raw = read_student_file(path, max_bytes=max_bytes)
    return _parse_coding(raw, str(path), data)


def _parse_coding(raw: bytes, shown: str, data: Dataset) -> pd.DataFrame:
    coding = data.read_like(
        raw,
        shown,
        table="stances",
        columns=["block_id", "part", "stance"],
        optional={"justification": "Why this stance."},
    )
    reasons = coding["justification"]
    coding["justification"] = reasons.map(from_spreadsheet, na_action="ignore").astype(
        reasons.dtype
    )
    return coding


def coding_csv(coding: pd.DataFrame) -> bytes:
    """A coding as the CSV file the kit writes: UTF-8, one line per coded item, and no cell
    a spreadsheet would take for a formula (a reason starting with ``=`` is kept as text).

    >>> coding_csv(pd.DataFrame({"block_id": ["b01"], "part": ["economy"],
    ...     "stance": ["agrees"], "justification": ["=1+1"]})).decode()
    "block_id,part,stance,justification\\nb01,economy,agrees,'=1+1\\n"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CODING_COLUMNS)
    for row in coding[CODING_COLUMNS].itertuples(index=False):
        cells = ["" if pd.isna(v) else str(v) for v in row]
        writer.writerow([spreadsheet_safe(c) for c in cells])
    return out.getvalue().encode("utf-8")


@data_docs
def save_coding(
    coding: pd.DataFrame,
    path: str | os.PathLike,
    *,
    replace: bool = True,
    mode: int | None = None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> Path:
    """Write a coding as CSV for the student's own folder; never into the kit's data.

    The coding is checked before it is written (what is saved always loads), and written
    atomically: a kernel killed at any moment leaves the last complete save. A symbolic
    link at ``path`` is refused.

    Parameters
    ----------
    coding : DataFrame
        block_id, part, stance, justification (the rows with a stance are written).
    path : str or path
        The file to write.
    replace : bool
        Whether an existing file may be replaced; with False, :class:`FileExistsError` is
        raised instead.
    mode : int, optional
        The file's permissions (by default as the umask gives).
    {data_parameters}
    """
    data = using(dataset, data_dir)
    path = Path(path)
    kit_data = Path(str(shipped_data_dir())).resolve()
    where = path.parent.resolve()
    if where == kit_data or kit_data in where.parents:
        raise ValueError(f"{path} is inside the kit's data folder; save codings in your own folder")
    raw = coding_csv(coding.dropna(subset=["stance"]))
    _parse_coding(raw, str(path), data)
    return write_atomically(path, raw, replace=replace, mode=mode)


# --- the coding being filled in ----------------------------------------------------------


@dataclass
class Resumed:
    """A coding resumed from a student's working file: the coding, and where the unreadable
    file was kept when the working file could not be read (None when it was fine)."""

    coding: pd.DataFrame
    set_aside: Path | None = None
    problem: str | None = None


@data_docs
def resume_coding(
    path: str | os.PathLike, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> Resumed:
    """The coding saved at ``path`` laid over an empty one (an empty coding if there is no
    file).

    A working file that cannot be read (broken by hand, or by a program that is not the
    kit) is never deleted and never stops the widget: it is renamed beside itself
    (``<name>.unreadable-<n>.csv``), the coding starts empty, and :attr:`Resumed.problem`
    says what was wrong and where the file now is.

    Parameters
    ----------
    path : str or path
        The student's working file.
    {data_parameters}
    """
    data = using(dataset, data_dir)
    coding = empty_coding(dataset=data)
    path = Path(path)
    if not os.path.lexists(path):
        return Resumed(coding)
    try:
        saved = read_coding(path, dataset=data)
    except DataError as error:
        kept = _set_aside(path)
        first = error.problems[0].message if error.problems else str(error)
        return Resumed(coding, kept, f"{first} (the file is kept as {kept.name})")
    saved = saved.set_index(["block_id", "part"])
    indexed = coding.set_index(["block_id", "part"])
    indexed.loc[saved.index, "stance"] = saved["stance"]
    indexed.loc[saved.index, "justification"] = saved["justification"]
    return Resumed(indexed.reset_index())


def _set_aside(path: Path) -> Path:
    """Rename an unreadable working file to a free name beside it; return the new path."""
    for n in range(1, 1000):
        target = path.with_name(f"{path.stem}.unreadable-{n}{path.suffix}")
        if not os.path.lexists(target):
            os.rename(path, target)
            return target
    raise FileExistsError(f"too many unreadable copies of {path}")


def set_code(
    coding: pd.DataFrame,
    block_id: str,
    part: str,
    stance: str | None,
    justification: str | None = None,
) -> pd.DataFrame:
    """A copy of ``coding`` with one block and part set (``stance`` None clears it)."""
    coding = coding.copy()
    row = (coding["block_id"] == block_id) & (coding["part"] == part)
    if row.sum() != 1:
        blocks = ", ".join(dict.fromkeys(coding["block_id"].astype(str)))
        parts = ", ".join(dict.fromkeys(coding["part"].astype(str)))
        raise ValueError(
            f"no block {block_id!r} with part {part!r} in this coding "
            f"(blocks: {blocks}; parts: {parts})"
        )
    coding.loc[row, "stance"] = pd.NA if stance is None else stance
    coding.loc[row, "justification"] = justification if justification else pd.NA
    return coding


def coding_progress(coding: pd.DataFrame) -> tuple[int, int]:
    """(items coded, items in all).

    >>> import decl46
    >>> coding_progress(empty_coding()), coding_progress(decl46.reference_coding())
    ((0, 52), (52, 52))
    """
    return int(coding["stance"].notna().sum()), len(coding)


def resume_block(coding: pd.DataFrame, blocks: list[str]) -> str:
    """The block to open when a coding is resumed: where the student stopped.

    That is the last block (in order) with any stance chosen, or the block after it when
    it is complete; the first block for an empty coding.

    >>> import decl46
    >>> blocks = decl46.load_blocks().block_id.tolist()
    >>> coding = set_code(empty_coding(), "b02", "economy", "agrees")
    >>> resume_block(empty_coding(), blocks), resume_block(coding, blocks)
    ('b01', 'b02')
    """
    coded = coding.dropna(subset=["stance"])
    started = [b for b in blocks if (coded["block_id"] == b).any()]
    if not started:
        return blocks[0]
    last = started[-1]
    complete = (coded["block_id"] == last).sum() == (coding["block_id"] == last).sum()
    i = blocks.index(last)
    return blocks[i + 1] if complete and i + 1 < len(blocks) else last


# --- handing in ----------------------------------------------------------------------


class HandInRefused(ValueError):
    """A hand-in that was not written, and why, in words for the student."""


def hub_user() -> str | None:
    """The signed-in JupyterHub user, when the kernel runs on a hub."""
    return os.environ.get(HUB_USER_VARIABLE) or None


def handin_folder(working_file: str | os.PathLike | None = None) -> Path:
    """Where hand-ins go: ``$DECL46_HANDIN_DIR`` (a hub sets it), else ``class_codings``
    beside the working file (or in the current folder)."""
    configured = os.environ.get(HANDIN_VARIABLE)
    if configured:
        return Path(configured)
    base = Path(working_file).parent if working_file is not None else Path.cwd()
    return base / CLASS_FOLDER


def handin_name(typed: str) -> str:
    """The file name a hand-in gets: the hub user's name on a hub, else the typed name's
    key (:func:`student_key`). Raises :class:`HandInRefused` for a name that cannot be one.

    >>> handin_name("  Anna K. "), handin_name("Пётр")
    ('annak.csv', 'пётр.csv')
    """
    user = hub_user()
    name = user if user is not None else typed
    key = student_key(name)
    if not key:
        raise HandInRefused("Type your name (letters or digits), then press Hand in.")
    if len(key) > MAX_NAME:
        raise HandInRefused(
            f"That name is too long: at most {MAX_NAME} letters and digits. Type your name "
            "as your teacher knows it."
        )
    return f"{key}.csv"


@data_docs
def hand_in(
    coding: pd.DataFrame,
    name: str = "",
    *,
    folder: str | os.PathLike | None = None,
    replace: bool = False,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> Path:
    """Hand a coding in: write it, named after the student, into the class folder.

    On a JupyterHub the file is named by the signed-in user (``name`` is not used);
    elsewhere by the typed ``name``, reduced to its letters and digits, so "Anna", "anna"
    and "An na" are one student. A file that is already there is never replaced unless
    ``replace`` is true: the student is asked first (:class:`HandInRefused` says so).
    The write is atomic; two hand-ins at the same moment each leave a whole file or are
    refused, never a mixed one.

    Parameters
    ----------
    coding : DataFrame
        The student's coding (the rows with a stance are handed in).
    name : str
        The name the student typed.
    folder : str or path, optional
        The class folder (by default :func:`handin_folder`); it is made if missing.
    replace : bool
        Replace a hand-in of the same name (the student said it is theirs).
    {data_parameters}

    Raises
    ------
    HandInRefused
        For an empty or overlong name, or a hand-in of that name already there; the
        message is for the student.
    """
    file_name = handin_name(name)
    # On a hub the file is named by the signed-in user, so a file of that name is theirs.
    replace = replace or hub_user() is not None
    folder = Path(folder) if folder is not None else handin_folder()
    if os.path.islink(folder):
        raise HandInRefused(f"The class folder {folder} is a link; ask your teacher.")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    try:
        # Readable by the folder's group: on a hub, the teachers (deploy/class_hub.py).
        return save_coding(
            coding, path, replace=replace, mode=0o640, dataset=dataset, data_dir=data_dir
        )
    except NotReplaced:
        raise HandInRefused(
            f"A hand-in named {file_name} is already in {folder.name}. If it is yours from "
            "before, tick “Replace my earlier hand-in” and press Hand in again. If it is "
            "someone else's, type your full name."
        ) from None
    except PermissionError as error:
        raise HandInRefused(f"Not handed in: {error}.") from None


# --- a class's codings --------------------------------------------------------------------


@dataclass
class ClassCodings:
    """A class folder read: the codings that loaded (by student) and the errors of the rest.

    In a notebook it shows as a short report: how many hand-ins loaded, and for each file
    that did not, its name and the first problem.
    """

    codings: dict[str, pd.DataFrame]
    errors: list[DataError] = field(default_factory=list)
    folder: str = ""

    def _repr_html_(self) -> str:
        count = len(self.codings)
        if not count and not self.errors:
            return (
                f"<p>No hand-in yet in <code>{escape(self.folder)}</code>: code a few blocks, "
                "press Hand in, and run this cell again.</p>"
            )
        return failed_files_html(f"{count} coding{'' if count == 1 else 's'} loaded", self.errors)


def failed_files_html(head: str, errors: list[DataError], *, shown: int = 10) -> str:
    """A short HTML report of a class folder read: ``head`` (how many files loaded), then
    for each file that did not (the first ``shown``), its name and its first problem,
    escaped and cut short.

    >>> failed_files_html("2 codings loaded", [])
    '<p>2 codings loaded; every file loaded.</p>'
    """
    if not errors:
        return f"<p>{escape(head)}; every file loaded.</p>"
    items = []
    for error in errors[:shown]:
        first = error.problems[0] if error.problems else None
        where = first.file if first else "?"
        said = str(first).removeprefix(f"{where}: ") if first else str(error)
        more = len(error.problems) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        items.append(f"<li><b>{escape(_cut(where, 80))}</b>: {escape(_cut(said, 200))}{extra}</li>")
    rest = len(errors) - shown
    if rest > 0:
        items.append(f"<li>… and {rest} more file{'s' if rest > 1 else ''}</li>")
    failed = len(errors)
    return (
        f"<p>{escape(head)}; {failed} file{'' if failed == 1 else 's'} did not load:</p>"
        f"<ul>{''.join(items)}</ul>"
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@data_docs
def read_class_codings(
    folder: str | os.PathLike | Traversable | None = None,
    *,
    max_bytes: int = MAX_CODING_BYTES,
    max_files: int = MAX_CLASS_FILES,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> ClassCodings:
    """Read every coding (``*.csv``) in a class folder. A bad file is reported, the others
    still load; nothing a student hands in can stop the class's view.

    Parameters
    ----------
    folder : str or path, optional
        The class folder; by default where hand-ins go (:func:`handin_folder`). Files in
        subfolders one level down count too (a hub gives each student a folder).
    max_bytes : int
        The largest file read; a larger one is reported (1 MB by default).
    max_files : int
        The most files read from the folder (500 by default).
    {data_parameters}

    Returns
    -------
    ClassCodings
        ``codings``, by student (each file's name reduced to its letters and digits), and
        ``errors``: a :class:`decl46.DataError` for each file that did not load (a
        symbolic link, too large, not a coding, two files of one student, ...).

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_class_codings(decl46.example_class_folder())
    >>> sorted(class_.codings), class_.errors
    (['anna', 'boris', 'chen', 'dara'], [])
    """
    data = using(dataset, data_dir)
    if folder is None:
        folder = handin_folder()
        if not os.path.lexists(folder):  # nobody has handed in yet: nothing is wrong
            return ClassCodings({}, [], folder.name)
    folder = Path(str(folder))
    submissions, errors = class_files(folder, (".csv",), max_files=max_files)
    codings = {}
    for submission in submissions:
        try:
            raw = read_student_file(submission.path, max_bytes=max_bytes, shown=submission.shown)
            codings[submission.student] = _parse_coding(raw, submission.shown, data)
        except DataError as error:
            errors.append(error)
        except Exception as error:  # whatever else a file does, it is that file's problem
            errors.append(refuse(submission.shown, f"could not be read ({type(error).__name__})"))
    return ClassCodings(codings, errors, folder.name)


def example_class_folder() -> Traversable:
    """A shipped folder of four example student codings, for trying class mode."""
    return files("decl46").joinpath("examples", "class_codings")
