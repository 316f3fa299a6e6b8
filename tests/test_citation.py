"""CITATION.cff is valid Citation File Format 1.2.0 and says what the data package and
pyproject.toml say: title, version, licences, authors and sources (the release as a whole,
with .zenodo.json and CHANGELOG.md, is tests/test_release.py's).

The schema is the one cffconvert ships (``make`` copies it out of cffconvert's wheel into
build/cff/, see the Makefile's CFF_SCHEMA): the check needs no network.
"""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "build" / "cff" / "schema-1.2.0.json"


@pytest.fixture(scope="module")
def cff() -> dict:
    # The base loader: CFF dates and versions are strings, as the schema expects.
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    assert SCHEMA.is_file(), "run `make build/cff/schema-1.2.0.json` first (make test does)"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"].endswith("1.2.0/schema.json")
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_cff_is_valid_against_the_schema(cff, validator):
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(cff)]
    assert errors == []


def test_the_schema_check_does_catch_mistakes(cff, validator):
    for key, value in [("cff-version", "1.9"), ("license", ["Not-A-Licence"]), ("authors", [])]:
        wrong = copy.deepcopy(cff)
        wrong[key] = value
        assert not validator.is_valid(wrong), key
    without = {k: v for k, v in cff.items() if k != "title"}
    assert not validator.is_valid(without)


def test_title_version_and_authors_agree_with_the_data_package(cff, descriptor, project):
    assert cff["title"] == descriptor["title"]
    assert cff["version"] == descriptor["version"] == project["version"]
    names = [a["name"] for a in cff["authors"]]
    assert names == [c["title"] for c in descriptor["contributors"]]
    assert names == [a["name"] for a in project["authors"]]
    assert " ".join(cff["abstract"].split()).startswith(descriptor["description"].rstrip("."))


def test_the_licences_are_the_codes_and_the_datas(cff, descriptor, project):
    # pyproject.toml's licence is an SPDX expression for the whole distribution; CFF lists
    # the SPDX licences of its parts (a LicenseRef- of the kit's own naming has no place in
    # the CFF schema's list: tests/test_release.py checks it is explained).
    ids = set(project["license"].split(" AND "))
    spdx = {i for i in ids if not i.startswith("LicenseRef-")}
    assert set(cff["license"]) == spdx == {"MIT"} | {lic["name"] for lic in descriptor["licenses"]}


def test_every_source_of_the_data_package_is_a_reference(cff, descriptor):
    # A source of the data package is a reference: the same address, and a title that
    # names the reference's (the package may write the whole citation).
    for source in descriptor["sources"]:
        assert any(
            r["title"] in source["title"] and r.get("url") == source.get("path")
            for r in cff["references"]
        ), source["title"]
