"""Read a whole data folder: each file once, parsed, checked across tables.

:func:`read_folder` reads the descriptor and every table's file exactly once, parses them,
runs every check, and returns the typed tables with a digest of the bytes it read. A
folder is checked as a whole: tables are returned only when every table parses and every
key and rule holds, so nothing is ever half-loaded.

:func:`unchanged` tells, from the files' status alone (no read), whether a folder still
holds the bytes an earlier read saw: size, modification and change times and inode are
the same, and were already older than :data:`RACY_SECONDS` when that read took them. A
file changed within that window of a read is always read again (the "racy" case Git
handles the same way). Any write changes a file's change time, which no program can set
back.

A resource's file must stay inside the folder: a path that leads out of it, by a
symbolic link or otherwise, is a problem of the descriptor, and nothing is read there.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from decl46._datapackage.csv_reader import ParsedTable, read_table
from decl46._datapackage.descriptor import DESCRIPTOR, read_package
from decl46._datapackage.rules import check_package
from decl46._datapackage.schema import Package
from decl46.errors import DataError, Problem

RACY_SECONDS = 2.0
Status = tuple[int, int, int, int] | None  # size, mtime_ns, ctime_ns, inode (None: no file)


@dataclass(frozen=True)
class Folder:
    """A data folder as read: its descriptor, its checked tables (never to be changed: hand
    out copies), a digest of every byte read, and each file's status when it was read."""

    directory: Traversable
    package: Package
    frames: dict[str, pd.DataFrame]
    digest: str
    statuses: tuple[tuple[str, Status, float], ...]  # (path, status, when taken)


def read_folder(directory: Traversable) -> Folder:
    """Read and check ``directory``; raise DataError listing every problem found."""
    taken = time.time()
    statuses = []
    digest = hashlib.blake2b(digest_size=16)

    def read(relative: str) -> bytes | None:
        source = directory.joinpath(relative)
        statuses.append((str(source), _status(source), taken))
        data = _read_inside(directory, relative)
        digest.update(relative.encode() + b"\0" + (b"-" if data is None else data) + b"\0")
        return data

    where = str(directory.joinpath(DESCRIPTOR))
    if not _stays_inside(directory, DESCRIPTOR):
        raise DataError(
            [Problem(where, None, None, "the descriptor leads out of the data folder (a link)")]
        )
    raw = read(DESCRIPTOR)
    if raw is None:
        what = "is a directory, not a file" if directory.joinpath(DESCRIPTOR).is_dir() else ""
        problem = Problem(where, None, None, f"the package descriptor {what or 'is missing'}")
        raise DataError([problem])
    package = read_package(raw, where)
    problems: list[Problem] = []
    parsed: dict[str, ParsedTable] = {}
    for table in package.tables.values():
        file = str(directory.joinpath(table.path))
        if not _stays_inside(directory, table.path):
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"resource '{table.name}': its path leads out of the data folder "
                    "(through a symbolic link); nothing is read there",
                )
            )
            continue
        data = read(table.path)
        if data is None:
            source = directory.joinpath(table.path)
            what = "is a directory, not a file" if source.is_dir() else "is missing"
            problems.append(Problem(file, None, None, f"the table's file {what}"))
            continue
        result, found = read_table(table, data, file)
        problems += found
        if result is not None:
            parsed[table.name] = result
    problems += check_package(parsed)
    if problems:
        raise DataError(problems)
    frames = {name: p.frame for name, p in parsed.items()}
    return Folder(directory, package, frames, digest.hexdigest(), tuple(statuses))


def unchanged(folder: Folder) -> bool:
    """Whether every file ``folder`` read still has the status it had, taken safely before
    any change (see the module's docstring). Reads nothing."""
    for path, status, taken in folder.statuses:
        if status is None:
            return False  # not a real file (or in an installed package): read again
        now = _status_of(path)
        if now != status:
            return False
        if max(status[1], status[2]) / 1e9 >= taken - RACY_SECONDS:
            return False
    return True


def _status(source: Traversable) -> Status:
    return _status_of(str(source)) if isinstance(source, Path) else None


def _status_of(path: str) -> Status:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _stays_inside(directory: Traversable, relative: str) -> bool:
    """Whether ``relative`` (already a plain relative path) resolves inside ``directory``
    (a folder inside an installed package is the kit's own, and trusted)."""
    if not isinstance(directory, Path):
        return True
    root = directory.resolve()
    target = (directory / relative).resolve()
    return target == root or root in target.parents


def _read_inside(directory: Traversable, relative: str) -> bytes | None:
    """The bytes of a file of the folder, or None when it is missing or not a file."""
    source = directory.joinpath(relative)
    try:
        return source.read_bytes() if source.is_file() else None
    except OSError:
        return None
