"""Read, check and cache a whole data directory. All loaders go through :func:`load_tables`.

A directory is checked as a whole: a table is returned only when every table of the
package parses and every key and rule holds, so nothing is ever half-loaded. The result
is cached per directory, keyed on the bytes of its files (so any edit to a copy, even one
that keeps the size and the modification time, is read again), and every caller gets
copies, so one cell cannot change another's data.
"""

from __future__ import annotations

import hashlib
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
T = TypeVar("T")


class _State:
    """A data directory as it is now: its descriptor, the bytes of its files and their digest."""

    def __init__(self, data_dir: DataDir):
        self.directory = resolve_data_dir(data_dir)
        self.package = read_package(self.directory)
        digest = hashlib.blake2b(digest_size=16)
        self.raw: dict[str, bytes | None] = {}
        for table in self.package.tables.values():
            source = self.directory.joinpath(table.path)
            raw = source.read_bytes() if source.is_file() else None
            self.raw[table.name] = raw
            digest.update(table.path.encode() + b"\0")
            digest.update(b"-" if raw is None else raw)
        digest.update(self.directory.joinpath(DESCRIPTOR).read_bytes())
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
            raw = self.raw[table.name]
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
    return read_package(resolve_data_dir(data_dir))
