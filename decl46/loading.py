"""Read, check and cache a whole data directory. All loaders go through :func:`load_tables`.

A directory is checked as a whole: a table is returned only when every table of the
package parses and every key and rule holds, so nothing is ever half-loaded. The result
is cached per directory (keyed on the files' sizes and modification times, so an edited
copy is read again) and every caller gets copies, so one cell cannot change another's data.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from decl46.checks import check_package
from decl46.errors import DataError, Problem
from decl46.reading import ParsedTable, read_table
from decl46.schema import DESCRIPTOR, Package, read_package, resolve_data_dir

_cache: dict[tuple, dict[str, pd.DataFrame]] = {}
_derived: dict[tuple, object] = {}
T = TypeVar("T")


def load_tables(data_dir: str | Path | Traversable | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the data directory, checked, as fresh copies. Raises DataError."""
    directory = resolve_data_dir(data_dir)
    package = read_package(directory)
    key = _cache_key(directory, package)
    if key is None or key not in _cache:
        frames = _read_and_check(directory, package)
        if key is None:
            return frames
        _cache[key] = frames
    return {name: frame.copy() for name, frame in _cache[key].items()}


def load_table(name: str, data_dir: str | Path | Traversable | None = None) -> pd.DataFrame:
    """One table of the data directory (the whole directory is checked first)."""
    tables = load_tables(data_dir)
    if name not in tables:
        raise DataError([Problem(DESCRIPTOR, None, None, f"the package has no table '{name}'")])
    return tables[name]


def derived(build: Callable[[dict[str, pd.DataFrame]], T], data_dir=None) -> T:
    """``build(tables)``, computed once for each state of the data directory.

    For views that are asked for again and again with the same data (the explorers look
    a name up on every keystroke). The result is shared: callers must not change it, and
    a public function hands out a copy.
    """
    directory = resolve_data_dir(data_dir)
    key = _cache_key(directory, read_package(directory))
    if key is None:
        return build(load_tables(data_dir))
    key = (key, build.__module__, build.__qualname__)
    if key not in _derived:
        _derived[key] = build(load_tables(data_dir))
    return _derived[key]  # type: ignore[return-value]


def package_of(data_dir: str | Path | Traversable | None = None) -> Package:
    """The parsed descriptor of a data directory."""
    return read_package(resolve_data_dir(data_dir))


def _read_and_check(directory: Traversable, package: Package) -> dict[str, pd.DataFrame]:
    problems: list[Problem] = []
    parsed: dict[str, ParsedTable] = {}
    for table in package.tables.values():
        source = directory.joinpath(table.path)
        file = str(source)
        if not source.is_file():
            what = "is a directory, not a file" if source.is_dir() else "is missing"
            problems.append(Problem(file, None, None, f"the table's file {what}"))
            continue
        result, found = read_table(table, source.read_bytes(), file)
        problems += found
        if result is not None:
            parsed[table.name] = result
    problems += check_package(parsed)
    if problems:
        raise DataError(problems)
    return {name: p.frame for name, p in parsed.items()}


def _cache_key(directory: Traversable, package: Package) -> tuple | None:
    if not isinstance(directory, Path):
        return None
    stamps = []
    for name in [DESCRIPTOR] + [t.path for t in package.tables.values()]:
        try:
            st = (directory / name).stat()
        except OSError:
            return None
        stamps.append((name, st.st_mtime_ns, st.st_size))
    return (str(directory.resolve()), tuple(stamps))
