"""Fixtures for the tests: a private copy of the data to break, and the seed document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_declaration_of_46.txt"


def shipped_data_dir() -> Path:
    from decl46.dataset import shipped_data_dir as shipped

    return Path(str(shipped()))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data directory that a test may edit or break."""
    target = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a text file (fails if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of a file on which ``needle`` first stands."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def edit_cell(path: Path, key: tuple[str, str], column: str, change) -> None:
    """Rewrite one cell of a CSV file (properly quoted): ``change(old) -> new`` in the row
    whose ``key[0]`` column holds ``key[1]``."""
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    k, c = header.index(key[0]), header.index(column)
    (row,) = [r for r in rows[1:] if r[k] == key[1]]
    row[c] = change(row[c])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
