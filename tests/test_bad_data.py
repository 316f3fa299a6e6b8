"""The corpus of broken data directories (tests/bad_data/): each is reported where a person looks.

Every case directory holds ``case.toml`` (what is broken, the recipe that broke it, and what
the loaders must say) and the broken files, which are laid over a copy of the shipped data.
A broken directory raises DataError naming exactly the expected problems, each with its
file, line and column, and no loader returns a table from it; legitimately valid input
(a BOM, CRLF, a 100 000-character note, ...) loads. See tests/bad_data/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bad_data.make_corpus import CASE_FILE, build, case_dirs, committed_files, overlay, read_case

import decl46
from conftest import shipped_data_dir
from decl46 import DataError, Problem

CASES = case_dirs()

# One case for each kind of defect the loaders can meet (names without their number).
REQUIRED = {
    "missing_file",
    "directory_instead_of_file",
    "missing_datapackage",
    "missing_column",
    "header_different_case",
    "header_stray_spaces",
    "value_outside_vocabulary",
    "duplicate_key",
    "broken_foreign_key",
    "broken_source_in_list",
    "bad_date",
    "impossible_date",
    "not_a_whole_number",
    "not_utf8",
    "empty_file",
    "truncated_row",
    "required_value_missing",
    "block_refers_to_itself",
    "evidence_not_quoted",
    "referring_block_differs",
    "source_from_a_pirate_copy",
    "source_at_a_raw_ip",
    "scholarly_citation_without_year",
    "confirmed_fate_without_strong_source",
    "execution_before_the_trial",
    "certainty_for_an_unknown_fate",
    "arrest_year_differs_from_event",
    "unidentified_signer_given_a_death_date",
    "annotation_not_at_offsets",
    "bom",
    "crlf",
    "trailing_blank_lines",
    "multiline_field",
    "multiline_field_then_defect",
    "extremely_long_field",
    "long_bad_value_shortened",
    "annotation_quote_twice",
    "unclosed_quote",
    "typed_link_of_unknown_kind",
    "typed_link_to_missing_person",
}
CASE_NAME = re.compile(r"[0-9]{2}_[a-z0-9_]+")
LONGEST_MESSAGE = 500  # a message must fit on a screen, however long the bad value
LOADERS = [getattr(decl46, name) for name in decl46.__all__ if name.startswith("load_")]
CELL_CHECKS = {"equals", "length", "starts_with"}


def cases_that(loads: bool) -> list[Path]:
    """The case directories that expect the data to load (or not); unreadable cases aside."""
    return [
        case_dir
        for case_dir in CASES
        if (case_dir / CASE_FILE).is_file() and read_case(case_dir).get("loads", False) is loads
    ]


def by_name(case_dir: Path) -> str:
    return case_dir.name


def short_name(case_dir: Path) -> str:
    return case_dir.name.partition("_")[2]


def broken_copy(case_dir: Path, data_copy: Path) -> dict:
    """Break the copy of the data as the case does; the case's settings (its case.toml)."""
    overlay(case_dir, data_copy)
    return read_case(case_dir)


def matches(problem: Problem, expect: dict, data_dir: Path) -> bool:
    return (
        problem.file == str(data_dir / expect["file"])
        and problem.line == expect.get("line")
        and problem.column == expect.get("column")
        and expect["message"] in problem.message
    )


def shown(expect: dict) -> str:
    where = expect["file"]
    if "line" in expect:
        where += f", line {expect['line']}"
    if "column" in expect:
        where += f", column '{expect['column']}'"
    return f"{where}: ...{expect['message']}..."


def unmatched(
    problems: list[Problem], expects: list[dict], data_dir: Path
) -> tuple[list[dict], list[Problem]]:
    """The expected problems not reported, and the reported problems not expected."""
    left = list(problems)
    missing = []
    for expect in expects:
        found = next((p for p in left if matches(p, expect, data_dir)), None)
        if found is None:
            missing.append(expect)
        else:
            left.remove(found)
    return missing, left


def mismatch_report(missing: list[dict], unexpected: list[Problem]) -> str:
    lines = []
    if missing:
        lines += ["expected but not reported:"] + [f"  - {shown(expect)}" for expect in missing]
    if unexpected:
        lines += ["reported but not expected:"] + [f"  - {problem}" for problem in unexpected]
    return "\n".join(lines)


def the_cell(cell: dict, data_dir: Path):
    """The loaded value of the one row (picked by its key columns) and column a [[cell]] names."""
    frame = getattr(decl46, f"load_{cell['table']}")(data_dir=data_dir)
    chosen = pd.Series(True, index=frame.index)
    for column, value in cell["row"].items():
        chosen &= frame[column] == value
    assert chosen.sum() == 1, f"{cell['row']} picks {chosen.sum()} rows of {cell['table']}"
    return frame.loc[chosen, cell["column"]].iloc[0]


def test_the_corpus_covers_every_kind_of_defect():
    missing = REQUIRED - {short_name(case_dir) for case_dir in CASES}
    assert not missing, f"no case directory for: {', '.join(sorted(missing))}"


def test_case_numbers_are_unique():
    numbers = [case_dir.name[:2] for case_dir in CASES]
    assert len(numbers) == len(set(numbers)), numbers


@pytest.mark.parametrize("case_dir", CASES, ids=by_name)
def test_each_case_says_what_is_broken_how_and_what_to_expect(case_dir):
    assert CASE_NAME.fullmatch(case_dir.name), "name it NN_short_name"
    assert (case_dir / CASE_FILE).is_file(), f"{case_dir.name} has no {CASE_FILE}"
    case = read_case(case_dir)
    description = case.get("description", "")
    assert description.strip() and "\n" not in description, "one sentence: what is broken"
    assert case.get("edit"), "a recipe: at least one [[edit]]"
    assert isinstance(case.get("loads", False), bool), "loads = true, or leave it out"
    if case.get("loads", False):
        assert "expect" not in case, "a case either loads or expects problems"
        checks = case.get("same_as_shipped", []) + case.get("cell", [])
        assert checks, "say what to check: same_as_shipped = [...] or [[cell]]"
        for cell in case.get("cell", []):
            assert {"table", "row", "column"} <= cell.keys() and CELL_CHECKS & cell.keys()
    else:
        assert case.get("expect"), "loads = true, or at least one [[expect]]"
        for expect in case["expect"]:
            assert {"file", "message"} <= expect.keys() <= {"file", "line", "column", "message"}


@pytest.mark.parametrize("case_dir", CASES, ids=by_name)
def test_the_broken_files_are_what_the_recipe_makes_from_the_shipped_data(case_dir):
    expected = build(read_case(case_dir), shipped_data_dir())
    stored = committed_files(case_dir)
    stale = sorted(
        name for name in expected.keys() | stored.keys() if expected.get(name) != stored.get(name)
    )
    assert not stale, (
        f"{case_dir.name}: {', '.join(stale)} differ from what the recipe makes. "
        "data/ changed: run python tests/bad_data/make_corpus.py and check the expectations"
    )


@pytest.mark.parametrize("case_dir", cases_that(loads=False), ids=by_name)
def test_a_broken_directory_is_reported_by_file_line_and_column(case_dir, data_copy):
    case = broken_copy(case_dir, data_copy)
    with pytest.raises(DataError) as caught:
        decl46.validate(data_copy)
    problems = list(caught.value.problems)
    missing, unexpected = unmatched(problems, case["expect"], data_copy)
    assert not missing and not unexpected, mismatch_report(missing, unexpected)
    too_long = [p for p in problems if len(p.message) > LONGEST_MESSAGE]
    assert not too_long, f"messages longer than {LONGEST_MESSAGE} characters: {too_long}"
    # No table comes out of the folder: every loader reads through the one door,
    # decl46.open_data, which refuses it, and so does a loader of a table the case left whole.
    with pytest.raises(DataError):
        decl46.open_data(data_copy)
    untouched = [loader for loader in LOADERS if loader.__name__ != "load_paragraphs"]
    with pytest.raises(DataError):
        untouched[0](data_dir=data_copy)


def test_every_loader_refuses_a_broken_directory(data_copy):
    broken_copy(cases_that(loads=False)[0], data_copy)
    for loader in LOADERS:
        with pytest.raises(DataError):
            loader(data_dir=data_copy)


@pytest.mark.parametrize("case_dir", cases_that(loads=True), ids=by_name)
def test_legitimately_valid_input_loads(case_dir, data_copy):
    case = broken_copy(case_dir, data_copy)
    decl46.validate(data_copy)
    for table in case.get("same_as_shipped", []):
        load = getattr(decl46, f"load_{table}")
        pd.testing.assert_frame_equal(load(data_dir=data_copy), load())
    for cell in case.get("cell", []):
        value = the_cell(cell, data_copy)
        if "equals" in cell:
            assert value == cell["equals"]
        if "length" in cell:
            assert len(value) == cell["length"]
        if "starts_with" in cell:
            assert value.startswith(cell["starts_with"])
