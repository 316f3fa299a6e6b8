"""Read, check and cache a whole data directory. All loaders go through :func:`load_tables`.

A directory is checked as a whole: a table is returned only when every table of the
package parses and every key and rule holds, so nothing is ever half-loaded. The result
is cached per directory, keyed on the bytes of its files (so any edit to a copy, even one
that keeps the size and the modification time, is read again), and every caller gets
copies, so one cell cannot change another's data.

To key on content without reading every file on every call, a file's digest is reused
while its status (size, modification and change times, inode) is unchanged and that
status is older than :data:`RACY_SECONDS` when the digest was taken; a file changed
within that window of the last read is always read again (the "racy" case Git handles
the same way). Any write changes a file's change time, which no program can set back.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from decl46._package.csv_reader import ParsedTable, read_table
from decl46._package.descriptor import DESCRIPTOR, Package, read_package
from decl46._package.locations import resolve_data_dir
from decl46._package.rules import check_package
from decl46.errors import DataError, Problem

DataDir = str | Path | Traversable | None
_cache: dict[str, dict[str, pd.DataFrame]] = {}
_derived: dict[tuple, object] = {}
_packages: dict[tuple[str, bytes], Package] = {}
_digests: dict[str, tuple[tuple, float, bytes]] = {}  # path -> (status, when read, digest)
RACY_SECONDS = 2.0
T = TypeVar("T")


class _State:
    """A data directory as it is now: its descriptor, the bytes of its files and their digest."""

    def __init__(self, data_dir: DataDir):
        self.directory = resolve_data_dir(data_dir)
        self.package = _package(self.directory)
        digest = hashlib.blake2b(digest_size=16)
        for table in self.package.tables.values():
            digest.update(
                table.path.encode() + b"\0" + _digest(self.directory.joinpath(table.path))
            )
        digest.update(_digest(self.directory.joinpath(DESCRIPTOR)))
        self.key = digest.hexdigest()

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table, checked (cached by content; the cached frames must not be changed)."""
        if self.key not in _cache:
            _cache[self.key] = self._read_and_check()
        return _cache[self.key]

    def _read_and_check(self) -> dict[str, pd.DataFrame]:
        problems: list[Problem] = []
        parsed: dict[str, ParsedTable] = {}
        for table in self.package.tables.values():
            source = self.directory.joinpath(table.path)
            file = str(source)
            raw = source.read_bytes() if source.is_file() else None
            if raw is None:
                what = "is a directory, not a file" if source.is_dir() else "is missing"
                problems.append(Problem(file, None, None, f"the table's file {what}"))
                continue
            result, found = read_table(table, raw, file)
            problems += found
            if result is not None:
                parsed[table.name] = result
        problems += check_package(parsed)
        if problems:
            raise DataError(problems)
        return {name: p.frame for name, p in parsed.items()}


def _digest(source: Traversable) -> bytes:
    """The digest of a file's bytes (``b"-"`` for a missing file), reused while it is safe."""
    try:
        st = Path(str(source)).stat() if isinstance(source, Path) else None
    except OSError:
        st = None
    if st is None:
        if not isinstance(source, Path) and source.is_file():
            return hashlib.blake2b(source.read_bytes(), digest_size=16).digest()
        return b"-"
    status = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    key = str(source)
    known = _digests.get(key)
    if known and known[0] == status and max(st.st_mtime, st.st_ctime) < known[1] - RACY_SECONDS:
        return known[2]
    now = time.time()
    value = (
        hashlib.blake2b(source.read_bytes(), digest_size=16).digest() if source.is_file() else b"-"
    )
    _digests[key] = (status, now, value)
    return value


def load_tables(data_dir: DataDir = None) -> dict[str, pd.DataFrame]:
    """Every table of the data directory, checked, as fresh copies. Raises DataError."""
    return {name: frame.copy() for name, frame in _State(data_dir).frames().items()}


def load_table(name: str, data_dir: DataDir = None) -> pd.DataFrame:
    """One table of the data directory, as a fresh copy (the whole directory is checked)."""
    state = _State(data_dir)
    state.package.table(name)  # a ValueError naming the tables when there is no such table
    return state.frames()[name].copy()


def derived(build: Callable[[dict[str, pd.DataFrame]], T], data_dir: DataDir = None) -> T:
    """``build(tables)``, computed once for each state of the data directory.

    For views that are asked for again and again with the same data (the explorers look
    a name up on every keystroke). The result is shared: callers must not change it, and
    a public function hands out a copy.
    """
    state = _State(data_dir)
    key = (state.key, build.__module__, build.__qualname__)
    if key not in _derived:
        _derived[key] = build({name: f.copy() for name, f in state.frames().items()})
    return _derived[key]  # type: ignore[return-value]


def package_of(data_dir: DataDir = None) -> Package:
    """The parsed descriptor of a data directory."""
    return _package(resolve_data_dir(data_dir))


def _package(directory: Traversable) -> Package:
    """:func:`read_package`, parsed once for each content of the descriptor."""
    descriptor = directory.joinpath(DESCRIPTOR)
    if not descriptor.is_file():
        return read_package(directory)  # raises the DataError that says what is wrong
    key = (str(directory), descriptor.read_bytes())
    if key not in _packages:
        _packages[key] = read_package(directory)
    return _packages[key]
