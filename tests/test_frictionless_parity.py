"""Parity with the standard: every broken copy of the data that frictionless, the Data
Package standard's reference validator, reports as invalid, decl46.validate() refuses too.

Each case of the bad-data corpus (tests/bad_data/) is laid over a copy of data/ and read by
frictionless as tests/test_datapackage.py reads the shipped data (each vocabulary also
given as an ``enum``, since frictionless 5 does not yet check Table Schema v2
``categories``). Whatever frictionless finds, the kit must find too: the kit's checks are a
superset of the standard's, and its own rules (the source policy, the anchors, the coded
stances, ...) go beyond it.

One difference is deliberate: blank lines at the end of a file. frictionless reports each
as a blank row (and, as it holds no key, a primary-key error on the same row); the kit
reads them as no rows at all, since editors add them unseen (case 30 must load). The test
requires that those are frictionless's only errors in such a case.

So that parity cannot hold by frictionless finding nothing (a path gone wrong, say), the
defects every CSV and Table Schema validator knows must be reported by frictionless here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_data.make_corpus import case_dirs, overlay, read_case
from frictionless import FrictionlessException
from test_datapackage import frictionless_package

import decl46

CASES = case_dirs()
# Cases that must load although frictionless reports their blank rows (see above).
BLANK_ROW_ERRORS = {"blank-row", "primary-key"}
# Defects the standard defines (the file, its encoding and CSV form, the header, the field
# types, constraints and keys): frictionless must report each of them.
STANDARD_DEFECTS = {
    "missing_file",
    "missing_datapackage",
    "not_utf8",
    "empty_file",
    "truncated_row",
    "missing_column",
    "header_different_case",
    "value_outside_vocabulary",
    "bad_date",
    "impossible_date",
    "not_a_whole_number",
    "id_in_wrong_form",
    "required_value_missing",
    "duplicate_key",
    "broken_foreign_key",
}


def frictionless_errors(data_dir: Path) -> list[tuple[int | None, str, int | None, str]]:
    """frictionless's errors in a data folder, as (task, type, row, note); none if valid.
    A package frictionless cannot even open (no datapackage.json) is one error."""
    try:
        report = frictionless_package(data_dir).validate()
    except FileNotFoundError as error:  # the descriptor is read before frictionless sees it
        return [(None, "package-error", None, str(error))]
    except FrictionlessException as error:
        return [(None, error.error.type, None, error.error.note)]
    return [tuple(e) for e in report.flatten(["taskNumber", "type", "rowNumber", "note"])]


def kit_refuses(data_dir: Path) -> bool:
    try:
        decl46.validate(data_dir)
    except decl46.DataError:
        return True
    return False


def short_name(case_dir: Path) -> str:
    return case_dir.name.partition("_")[2]


def test_every_standard_defect_has_a_case():
    missing = STANDARD_DEFECTS - {short_name(case_dir) for case_dir in CASES}
    assert not missing, f"no case in tests/bad_data/ for: {', '.join(sorted(missing))}"


@pytest.mark.slow
@pytest.mark.parametrize("case_dir", CASES, ids=lambda case_dir: case_dir.name)
def test_the_kit_refuses_whatever_frictionless_finds_invalid(case_dir, data_copy):
    overlay(case_dir, data_copy)
    errors = frictionless_errors(data_copy)
    if short_name(case_dir) in STANDARD_DEFECTS:
        assert errors, f"frictionless no longer reports {case_dir.name}: parity would be empty"
    if not errors:
        return  # a defect beyond the standard, or valid input: tests/test_bad_data.py
    if read_case(case_dir).get("loads", False):
        # Valid input by the kit's reading: only the blank rows may differ.
        unexpected = [e for e in errors if e[1] not in BLANK_ROW_ERRORS]
        blank = {(e[0], e[2]) for e in errors if e[1] == "blank-row"}
        elsewhere = [e for e in errors if (e[0], e[2]) not in blank]
        assert not unexpected and not elsewhere, (
            f"{case_dir.name} must load, but frictionless reports more than blank rows: "
            f"{unexpected or elsewhere}"
        )
        assert not kit_refuses(data_copy)
        return
    assert kit_refuses(data_copy), (
        f"frictionless finds {case_dir.name} invalid ({errors[:3]}), the kit loads it"
    )
