"""Whole data directories: which one is read, and that bad data anywhere stops every loader.

Each kind of broken file (a missing column, a bad date, a BOM, ...) is a case of the corpus
in tests/bad_data/, checked by tests/test_bad_data.py for the file, line and column named.
The tests here edit a private copy of the shipped data to check the directory as a whole:
an untouched copy is valid, a folder that does not exist is named, every problem is reported
at once, no loader returns a table while any table is broken, an edited copy is read again,
and a copy elsewhere or named by DECL46_DATA is the one read.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import decl46
from conftest import edit_cell, replace_in
from decl46 import DataError


def problems_of(data_dir: Path) -> list[decl46.Problem]:
    with pytest.raises(DataError) as caught:
        decl46.validate(data_dir)
    return list(caught.value.problems)


def test_the_shipped_data_is_valid_and_so_is_an_untouched_copy(data_copy):
    decl46.validate()
    decl46.validate(data_copy)
    assert decl46.load_blocks(data_dir=data_copy).equals(decl46.load_blocks())


def test_data_dir_that_does_not_exist(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        decl46.load_paragraphs(data_dir=tmp_path / "nowhere")


def test_every_problem_is_reported_at_once(data_copy):
    replace_in(data_copy / "stances.csv", "b08,proposal,agrees,", "b08,proposal,agree,")
    replace_in(data_copy / "signatures.csv", "1923-10-12", "12.10.1923")
    (data_copy / "sources.csv").unlink()
    problems = problems_of(data_copy)
    files = {Path(p.file).name for p in problems}
    assert {"stances.csv", "signatures.csv", "sources.csv"} <= files


def test_loaders_return_nothing_when_any_table_is_broken(data_copy):
    replace_in(data_copy / "stances.csv", "b08,proposal,agrees,", "b08,proposal,agree,")
    with pytest.raises(DataError):
        decl46.load_paragraphs(data_dir=data_copy)


def test_an_edited_copy_is_read_again_after_a_change(data_copy):
    before = decl46.load_sources(data_dir=data_copy)
    replace_in(data_copy / "sources.csv", "1927, German translation", "1927, German text")
    after = decl46.load_sources(data_dir=data_copy)
    assert before.citation[0] != after.citation[0]


def ascii_swapcase(text: str) -> str:
    return "".join(ch.swapcase() if ch.isascii() else ch for ch in text)


def test_an_edit_that_keeps_size_and_time_is_read_again(data_copy):
    # The cache is keyed on the files' content: an edit of the same length, saved within one
    # tick of the clock (here: the old modification time put back), is still seen.
    path = data_copy / "sources.csv"
    before = decl46.load_sources(data_dir=data_copy)
    first = before.loc[0, "source_id"]
    stat = path.stat()
    # Swap the case of the ASCII letters only: the same number of bytes.
    edit_cell(path, ("source_id", first), "citation", ascii_swapcase)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    after = decl46.load_sources(data_dir=data_copy)
    assert after.loc[0, "citation"] == ascii_swapcase(before.loc[0, "citation"])


def test_a_loader_hands_out_copies(data_copy):
    first = decl46.load_blocks(data_dir=data_copy)
    first.loc[1, "statement"] = "changed by one cell"
    assert decl46.load_blocks(data_dir=data_copy).loc[1, "statement"] != "changed by one cell"


def test_a_table_that_does_not_exist_is_named_with_the_tables_there_are():
    with pytest.raises(ValueError, match="there is no table 'stance'; the tables are: paragraphs"):
        decl46.open_data()["stance"]


def test_a_teachers_copy_elsewhere_loads(tmp_path, data_copy):
    moved = shutil.move(data_copy, tmp_path / "my class data")
    assert len(decl46.load_signatories(data_dir=str(moved))) == 46


def test_decl46_data_points_every_loader_at_a_copy(data_copy, monkeypatch):
    replace_in(
        data_copy / "sources.csv", "1927, German translation", "1927, German translation (a copy)"
    )
    monkeypatch.setenv("DECL46_DATA", str(data_copy))
    assert "(a copy)" in decl46.load_sources().citation[0]
    monkeypatch.setenv("DECL46_DATA", str(data_copy / "nowhere"))
    with pytest.raises(DataError, match="does not exist"):
        decl46.load_sources()
