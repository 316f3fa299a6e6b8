"""data/ is a valid Frictionless Data Package; data/README.md describes it as describe() does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from frictionless import Package

import decl46
from conftest import replace_in, shipped_data_dir


def frictionless_package(data_dir: Path) -> Package:
    """The package as Frictionless reads it, with each vocabulary also stated as an ``enum``.

    Frictionless 5 reads Table Schema v2 ``categories`` but does not yet check values
    against them, and knows nothing of ``decl46:categoriesFrom``; so that it checks what
    the kit's loader checks, each field's categories (its own or those it borrows) are
    given to it as an enum constraint, in memory. The file itself declares each once.
    """
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        (r["name"], f["name"]): f for r in descriptor["resources"] for f in r["schema"]["fields"]
    }
    for field in fields.values():
        source = field
        if "decl46:categoriesFrom" in field:
            ref = field["decl46:categoriesFrom"]
            source = fields[ref["resource"], ref["field"]]
        if "categories" in source:
            values = [c if isinstance(c, str) else c["value"] for c in source["categories"]]
            field.setdefault("constraints", {})["enum"] = values
    return Package(descriptor, basepath=str(data_dir))


def test_frictionless_validates_the_package():
    report = frictionless_package(shipped_data_dir()).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("stances.csv", "b08,proposal,agrees,", "b08,proposal,agree,"),
        # A vocabulary borrowed from another table (decl46:categoriesFrom) is checked too.
        ("stances.csv", "b08,proposal,agrees,", "b08,proposals,agrees,"),
    ],
)
def test_frictionless_catches_what_our_loader_catches(data_copy, file, old, new):
    replace_in(data_copy / file, old, new)
    with pytest.raises(decl46.DataError):
        decl46.validate(data_copy)
    assert not frictionless_package(data_copy).validate().valid


def test_data_readme_holds_the_table_descriptions():
    readme = (shipped_data_dir() / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- tables:start -->") + len("<!-- tables:start -->")
    end = readme.index("<!-- tables:end -->")
    assert readme[start:end].strip() == decl46.describe().strip(), (
        "data/README.md is out of date: run `make data-readme`"
    )


def test_describe_one_table_and_an_unknown_one():
    assert decl46.describe("stances").startswith("### stances: Coded stances")
    with pytest.raises(ValueError, match="the tables are: paragraphs, blocks"):
        decl46.describe("stance")
