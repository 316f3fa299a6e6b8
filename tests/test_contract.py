"""The contract every table keeps: one loader each, the declared columns and dtypes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import decl46
from conftest import shipped_data_dir

DESCRIPTOR = json.loads((shipped_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
ROW_COUNTS = {
    "paragraphs": 15,
    "blocks": 13,
    "signatures": 47,
    "signatories": 46,
    "stances": 52,
}


def load(name: str) -> pd.DataFrame:
    return getattr(decl46, f"load_{name}")()


def test_every_table_has_a_public_loader_and_every_loader_a_table():
    loaders = {n.removeprefix("load_") for n in decl46.__all__ if n.startswith("load_")}
    assert loaders == set(RESOURCES)


@pytest.mark.parametrize("name", RESOURCES)
def test_columns_are_the_declared_fields_in_order(name):
    declared = [f["name"] for f in RESOURCES[name]["schema"]["fields"]]
    assert list(load(name).columns) == declared


@pytest.mark.parametrize("name", RESOURCES)
def test_no_column_comes_back_as_object(name):
    frame = load(name)
    assert not [c for c in frame.columns if frame[c].dtype == object]


def vocabulary_of(field: dict) -> dict | None:
    """The field that declares this field's categories: itself, or the one it borrows from."""
    if "decl46:categoriesFrom" in field:
        ref = field["decl46:categoriesFrom"]
        (source,) = [
            f for f in RESOURCES[ref["resource"]]["schema"]["fields"] if f["name"] == ref["field"]
        ]
        return source
    return field if "categories" in field else None


@pytest.mark.parametrize("name", RESOURCES)
def test_dtypes_follow_the_field_types(name):
    frame = load(name)
    for field in RESOURCES[name]["schema"]["fields"]:
        dtype = frame[field["name"]].dtype
        declared = vocabulary_of(field)
        if declared is not None:
            assert isinstance(dtype, pd.CategoricalDtype), field["name"]
            values = [c if isinstance(c, str) else c["value"] for c in declared["categories"]]
            assert list(dtype.categories) == values
            assert dtype.ordered == declared["categoriesOrdered"]
        elif field["type"] == "boolean":
            assert dtype == "boolean", field["name"]
        elif field["type"] == "integer":
            assert dtype == "Int64", field["name"]
        elif field["type"] == "date" or "decl46:partialDate" in field:
            assert pd.api.types.is_datetime64_dtype(dtype), field["name"]
        else:
            assert isinstance(dtype, pd.StringDtype), field["name"]


@pytest.mark.parametrize("name", ROW_COUNTS)
def test_row_counts(name):
    assert len(load(name)) == ROW_COUNTS[name]


@pytest.mark.parametrize("name", RESOURCES)
def test_each_call_returns_a_fresh_copy(name):
    first = load(name)
    column = first.columns[0]
    first[column] = pd.NA
    again = load(name)
    assert len(again) > 0
    assert again[column].notna().any()


def test_part_and_stance_are_ordered_as_the_design_says():
    stances = decl46.load_stances()
    assert list(stances.part.cat.categories) == ["economy", "party_regime", "causes", "proposal"]
    assert list(stances.stance.cat.categories) == [
        "agrees",
        "agrees_with_reservations",
        "disagrees",
        "abstains",
        "not_stated",
    ]
    assert stances.part.cat.ordered and stances.stance.cat.ordered


@pytest.mark.parametrize("view", [decl46.signature_overview, decl46.timeline_events])
def test_cached_views_hand_out_fresh_copies(view):
    first = view()
    first.iloc[:, 0] = pd.NA
    assert view().iloc[:, 0].notna().all()


def test_cached_views_follow_an_edited_copy(data_copy):
    from conftest import replace_in

    before = decl46.signature_overview(data_dir=data_copy)
    replace_in(data_copy / "signatories.csv", "Georgy Leonidovich Pyatakov", "Georgii Pyatakov")
    after = decl46.signature_overview(data_dir=data_copy)
    assert "Georgy Leonidovich Pyatakov" in set(before["name"])
    assert "Georgii Pyatakov" in set(after["name"])
    assert decl46.find_person("Georgii Pyatakov", data_dir=data_copy)["person_id"] == "pyatakov"
