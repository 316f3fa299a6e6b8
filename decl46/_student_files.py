"""Files that come from students, and files of a student's work: read and written safely.

Whatever a student hands in is untrusted: it may be huge, a symbolic link, a folder, a
name that collides with another student's, or hostile content. And a student's own work
must survive a kernel killed at any moment. This module holds the few operations the kit
needs for both, each with those cases decided once:

- :func:`read_student_file`: a regular file only, never through a symbolic link, at most
  ``max_bytes`` (the bytes are read through the one open file, so a file swapped after the
  check is never read);
- :func:`class_files`: the hand-ins in a class folder (and one level of per-student
  folders, as a hub lays them out), suffixes matched regardless of case, links refused,
  and two files that belong to one student reported instead of merged;
- :func:`student_key`: the one name a student's files go by ("Anna", "anna", "An na" and
  "anna!" are one student);
- :func:`write_atomically`: a write that leaves either the old file or the new one whole,
  never follows a symbolic link and stays in its folder; it can refuse to replace a file.
- :func:`spreadsheet_safe`: a cell that a spreadsheet cannot take for a formula.
"""

from __future__ import annotations

import contextlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from decl46.errors import DataError, Problem

# Open a file without following a symbolic link where the system can (Linux, macOS).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
# A name for a student's file: at most this many characters of its key.
MAX_NAME = 40
# Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def refuse(file: str, message: str) -> DataError:
    """The error for one student's file: the file named, what is wrong."""
    return DataError([Problem(file, None, None, message)])


def read_student_file(path: Path, *, max_bytes: int, shown: str | None = None) -> bytes:
    """The bytes of a file a student handed in; DataError (naming ``shown``, by default the
    path) when it is a link, not a regular file, unreadable or over ``max_bytes``."""
    shown = shown or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path):
            raise refuse(shown, "is a symbolic link: the kit reads only real files") from None
        what = "is missing" if not os.path.lexists(path) else f"cannot be read ({exc.strerror})"
        raise refuse(shown, f"the file {what}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise refuse(shown, f"is {kind}, not a file of work")
        if info.st_size > max_bytes:
            raise refuse(shown, _too_big(info.st_size, max_bytes))
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise refuse(shown, _too_big(len(data), max_bytes))
    return data


def _too_big(size: int, limit: int) -> str:
    return (
        f"is {_size(size)}, more than the {_size(limit)} a hand-in may be; "
        "is it the right file? (the limit is the max_bytes= of the function that reads it)"
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB" if n >= 1e3 else f"{n} bytes"


def student_key(name: str) -> str:
    """The name a student's files go by: letters and digits of any script, lower case.

    >>> [student_key(n) for n in ["Anna", "anna", "An na", "anna!", "Пётр", " Zoë-2 "]]
    ['anna', 'anna', 'anna', 'anna', 'пётр', 'zoë2']
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    return unicodedata.normalize("NFC", "".join(ch for ch in text if ch.isalnum()))


@dataclass(frozen=True)
class Submission:
    """One student's file in a class folder: the student (the file's key), the file, and
    the name it is shown by (relative to the class folder)."""

    student: str
    path: Path
    shown: str


def class_files(
    folder: Path, suffixes: tuple[str, ...], *, max_files: int
) -> tuple[list[Submission], list[DataError]]:
    """The students' files in ``folder`` (and in its subfolders one level down, where a hub
    gives each student a folder of their own), in name order, and an error for each file
    that cannot count: a symbolic link, a second file of a student who has one already
    (both reported, neither read), more files than ``max_files``. ``suffixes`` are
    matched regardless of case; other files are left alone."""
    if os.path.islink(folder):
        return [], [refuse(str(folder), "the class folder is a symbolic link; give the real one")]
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        return [], [refuse(str(folder), f"the class folder {what}")]
    found: list[Submission] = []
    errors: list[DataError] = []

    def visit(directory: Path, prefix: str, depth: int) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            errors.append(refuse(prefix or str(directory), f"cannot be listed ({exc.strerror})"))
            return
        for entry in entries:
            shown = f"{prefix}{entry.name}"
            if entry.name.startswith("."):
                continue  # a hidden or temporary file (a write in progress)
            if entry.is_symlink():
                if entry.name.lower().endswith(suffixes) or depth == 0:
                    errors.append(
                        refuse(shown, "is a symbolic link: the kit reads only real files")
                    )
                continue
            if entry.is_dir(follow_symlinks=False):
                if depth == 0:
                    visit(Path(entry.path), f"{shown}/", 1)
                continue
            if entry.name.lower().endswith(suffixes):
                stem = entry.name[: entry.name.rindex(".")]
                found.append(Submission(student_key(stem) or stem, Path(entry.path), shown))

    visit(folder, "", 0)
    if len(found) > max_files:
        errors.append(
            refuse(
                str(folder),
                f"holds {len(found)} hand-ins; at most {max_files} are read (max_files=): "
                "is it the class folder?",
            )
        )
        return [], errors
    by_student: dict[str, list[Submission]] = {}
    for submission in found:
        by_student.setdefault(submission.student, []).append(submission)
    kept = []
    for student, group in by_student.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        names = ", ".join(s.shown for s in group)
        errors.append(
            refuse(
                names,
                f"{len(group)} files belong to one student ('{student}'): {names}. None of "
                "them is counted; keep the one that is their work and rename or remove the "
                "others",
            )
        )
    return sorted(kept, key=lambda s: s.shown), errors


class NotReplaced(FileExistsError):
    """Raised by :func:`write_atomically` with ``replace=False`` when the file exists."""


def write_atomically(
    path: Path, data: bytes, *, replace: bool = True, mode: int | None = None
) -> Path:
    """Write ``data`` to ``path`` so that a kill at any moment leaves the old file or the new
    one, whole: a temporary file in the same folder, flushed to disk, then renamed over it.

    The folder is opened without following a link, and every step is made relative to it,
    so the write stays in that folder; a symbolic link at ``path`` is refused, never
    followed. With ``replace=False`` an existing file is kept and :class:`NotReplaced` is
    raised (the new file is linked in only if the name is free, in one step). ``mode``
    sets the file's permissions whatever the umask (a hand-in is readable by the group).
    """
    folder, name = path.parent, path.name
    if name in ("", ".", "..") or "/" in name or os.sep in name:
        raise ValueError(f"not a file name: {name!r}")
    if not hasattr(os, "supports_dir_fd") or os.open not in os.supports_dir_fd:
        return _write_by_path(path, data, replace=replace)  # a system without dir_fd (Windows)
    if os.path.islink(folder):
        raise PermissionError(f"{folder} is a symbolic link: the kit does not write there")
    folder_fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        _remove_stale_temporaries(folder_fd, name)
        _refuse_link(folder_fd, name, path)
        fd = os.open(
            temporary,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY,
            0o644,
            dir_fd=folder_fd,
        )
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            _refuse_link(folder_fd, name, path)
            if replace:
                os.replace(temporary, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            else:
                try:
                    os.link(temporary, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
                except FileExistsError:
                    raise NotReplaced(path) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=folder_fd)
        with contextlib.suppress(OSError):
            os.fsync(folder_fd)  # the rename itself reaches the disk
    finally:
        os.close(folder_fd)
    return path


def _remove_stale_temporaries(folder_fd: int, name: str) -> None:
    """Remove the temporary files of earlier writes of ``name`` whose process is gone (a
    kernel killed in the middle of a save leaves one; the file it was saving is whole)."""
    prefix = f".{name}."
    for entry in os.listdir(folder_fd):
        if not (entry.startswith(prefix) and entry.endswith(".tmp")):
            continue
        pid = entry[len(prefix) :].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry, dir_fd=folder_fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def _refuse_link(folder_fd: int, name: str, path: Path) -> None:
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise PermissionError(f"{path} is a symbolic link: the kit does not write through it")
    if not stat.S_ISREG(info.st_mode):
        raise PermissionError(f"{path} is not a regular file: the kit does not replace it")


def _write_by_path(path: Path, data: bytes, *, replace: bool) -> Path:
    """:func:`write_atomically` where the system has no ``dir_fd`` (Windows)."""
    if path.is_symlink() or path.parent.is_symlink():
        raise PermissionError(f"{path} is (in) a symbolic link: the kit does not write there")
    if not replace and path.exists():
        raise NotReplaced(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(temporary, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise NotReplaced(path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return path


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (which spreadsheets hide). :func:`from_spreadsheet` undoes it.

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("plain")
    ('\\'=HYPERLINK("http://x")', 'plain')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def from_spreadsheet(text: str) -> str:
    """The text :func:`spreadsheet_safe` was given.

    >>> from_spreadsheet(spreadsheet_safe("-1 is less")) == "-1 is less"
    True
    """
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text
