"""The timeline in TimelineJS3's format: one slide per row of the timeline, dates no more
precise than they are known, groups and eras from the data, sources cited, text escaped."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import decl46
from conftest import edit_cell, shipped_data_dir
from decl46.tables import timeline_categories
from decl46.timelinejs import timeline_json_script


@pytest.fixture(scope="module")
def tl() -> dict:
    return decl46.timeline_json()


def test_one_slide_per_row_of_the_timeline_in_its_order(tl):
    events = decl46.timeline_events()
    assert [s["unique_id"] for s in tl["events"]] == events["event_id"].tolist()
    assert json.loads(json.dumps(tl)) == tl


def test_a_date_says_only_what_is_known(tl):
    events = decl46.timeline_events().set_index("event_id")
    keys = {"day": {"year", "month", "day"}, "month": {"year", "month"}, "year": {"year"}}
    seen = set()
    for slide in tl["events"]:
        row = events.loc[slide["unique_id"]]
        precision = str(row["date_precision"])
        seen.add(precision)
        assert set(slide["start_date"]) - {"display_date"} == keys[precision]
        assert slide["start_date"]["year"] == row["date"].year
        assert slide["start_date"]["display_date"] == decl46.dates.format_partial_date(
            row["date"], precision
        )
        assert ("end_date" in slide) == pd.notna(row["end_date"])
    assert seen == set(keys)  # the data has all three, so each is checked


def test_groups_are_the_category_labels(tl):
    labels = timeline_categories()
    events = decl46.timeline_events()
    for slide, category in zip(tl["events"], events["category"], strict=True):
        assert slide["group"] == labels[category].replace("&", "&amp;")


def test_each_slide_cites_its_sources_and_names_its_signatories(tl):
    events = decl46.timeline_events().set_index("event_id")
    sources = decl46.load_sources().set_index("source_id")
    names = decl46.load_signatories().set_index("person_id")["name"]
    from html import escape

    for slide in tl["events"]:
        row = events.loc[slide["unique_id"]]
        for source_id in str(row["source_ids"]).split(";"):
            assert escape(sources.loc[source_id, "citation"]) in slide["text"]["text"]
        if isinstance(row["person_ids"], str):
            for person in row["person_ids"].split(";"):
                assert escape(names[person]) in slide["text"]["text"]
        # The kit's data has no pictures; a slide with one would need its alt text.
        assert "alt" in slide.get("media", {"alt": ""})


def test_the_eras_are_those_declared_in_the_data_package(tl):
    descriptor = json.loads((shipped_data_dir() / "datapackage.json").read_text("utf-8"))
    declared = descriptor["decl46:eras"]
    assert [e["text"]["headline"] for e in tl["eras"]] == [
        e["label"].replace("'", "&#x27;") for e in declared
    ]
    for era, d in zip(tl["eras"], declared, strict=True):
        # From the first day the start stands for to the last day the end stands for.
        first = pd.Timestamp(d["start"])
        last = decl46.dates.end_of(d["end"])
        assert [era["start_date"][k] for k in ("year", "month", "day")] == [
            first.year,
            first.month,
            first.day,
        ]
        assert [era["end_date"][k] for k in ("year", "month", "day")] == [
            last.year,
            last.month,
            last.day,
        ]


def test_an_edited_copy_brings_its_own_eras_and_a_bad_era_is_refused(data_copy):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["decl46:eras"] = [{"start": "1923-10", "end": "1923-12", "label": "Autumn"}]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    eras = decl46.timeline_json(data_dir=data_copy)["eras"]
    assert [(e["start_date"], e["end_date"]["day"]) for e in eras] == [
        ({"year": 1923, "month": 10, "day": 1, "display_date": "1 October 1923"}, 31)
    ]
    descriptor["decl46:eras"] = [{"start": "1924", "end": "1923", "label": "Backwards"}]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(decl46.DataError, match="decl46:eras, era 1"):
        decl46.validate(data_copy)


def test_text_from_the_data_is_escaped(data_copy):
    first = decl46.load_events()["event_id"].iloc[0]
    attack = "</script><script>alert('x')</script> & <b>bold</b>"
    edit_cell(data_copy / "events.csv", ("event_id", first), "description", lambda _: attack)
    edit_cell(data_copy / "events.csv", ("event_id", first), "title", lambda _: attack)
    tl = decl46.timeline_json(data_dir=data_copy)
    (slide,) = [s for s in tl["events"] if s["unique_id"] == first]
    for text in (slide["text"]["text"], slide["text"]["headline"]):
        assert "<script" not in text and "<b>" not in text
        assert "&lt;/script&gt;" in text and "&amp;" in text
    script = timeline_json_script(data_dir=data_copy)
    assert "</" not in script and "<" not in script
    assert json.loads(script) == tl
