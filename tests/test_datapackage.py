"""data/ is a valid Frictionless Data Package; data/README.md describes it as describe() does."""

from __future__ import annotations

import pytest
from frictionless import Package

import decl46
from conftest import replace_in, shipped_data_dir


def test_frictionless_validates_the_package():
    report = Package(str(shipped_data_dir() / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_what_our_loader_catches(data_copy):
    replace_in(data_copy / "stances.csv", "b08,proposal,agrees,", "b08,proposal,agree,")
    report = Package(str(data_copy / "datapackage.json")).validate()
    assert not report.valid


def test_data_readme_holds_the_table_descriptions():
    readme = (shipped_data_dir() / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- tables:start -->") + len("<!-- tables:start -->")
    end = readme.index("<!-- tables:end -->")
    assert readme[start:end].strip() == decl46.describe().strip(), (
        "data/README.md is out of date: run `make data-readme`"
    )


def test_describe_one_table_and_an_unknown_one():
    assert decl46.describe("stances").startswith("### stances: Coded stances")
    with pytest.raises(KeyError, match="the tables are: paragraphs, blocks"):
        decl46.describe("stance")
