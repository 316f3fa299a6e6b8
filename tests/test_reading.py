"""The annotated reading: anchors that hold, notes on every paragraph, HTML that never runs data."""

from __future__ import annotations

import json
import re

import pytest

import decl46
from conftest import edit_cell, line_of, replace_in
from decl46 import DataError, widgets
from decl46.widgets import answers

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "</section><b>bold</b>",
]


def test_every_body_paragraph_is_annotated_and_there_are_enough_notes():
    notes = decl46.load_annotations()
    body = decl46.load_paragraphs().query("section == 'body'").paragraph_id
    assert set(body) <= set(notes.paragraph_id)
    assert len(notes) >= 80
    assert set(notes.kind.astype(str)) == {"glossary", "context", "person", "event", "question"}
    assert len(decl46.load_glossary()) >= 30


def test_a_broken_anchor_names_the_annotation_and_where_the_quote_is(data_copy):
    path = data_copy / "annotations.csv"
    row = decl46.load_annotations().iloc[5]
    old = f"{row.annotation_id},{row.paragraph_id},"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(old))
    broken = line.replace(f",{row.start},{row.end},", f",{row.start + 1},{row.end + 1},")
    replace_in(path, line, broken)
    with pytest.raises(DataError) as caught:
        decl46.validate(data_copy)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.line == line_of(path, broken)
    assert f"annotation {row.annotation_id}" in problem.message
    assert f"the quote stands at start={row.start}, end={row.end}" in problem.message


def test_a_link_to_a_missing_glossary_term_is_an_error(data_copy):
    path = data_copy / "annotations.csv"
    replace_in(path, ",glossary:Politburo,", ",glossary:Polit bureau,")
    with pytest.raises(DataError, match=r"'Polit bureau' does not exist in glossary\.csv"):
        decl46.validate(data_copy)


def test_a_context_note_without_a_source_is_an_error(data_copy):
    notes = decl46.load_annotations(data_dir=data_copy)
    first = notes[notes.kind == "context"].iloc[0]
    path = data_copy / "annotations.csv"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{first.annotation_id},"))
    replace_in(path, line, line.removesuffix(first.source_ids))
    with pytest.raises(
        DataError, match=f"annotation {first.annotation_id}: a context note needs a source"
    ):
        decl46.validate(data_copy)


def test_render_reading_shows_the_text_and_numbered_notes():
    html = decl46.render_reading(["p07"])
    text = decl46.load_paragraphs().set_index("paragraph_id").text["p07"]
    notes = decl46.load_annotations().query("paragraph_id == 'p07'")
    assert html.count("<li value=") == len(notes)
    assert html.count("<sup ") == len(notes)
    visible = re.sub(r"<sup [^>]*>\d+</sup>", "", html)
    visible = re.sub(r"<[^>]+>", "", visible)
    assert text.replace('"', "&quot;").replace("'", "&#x27;") in visible
    assert "<script" not in html.lower()


def test_the_reading_carries_its_look_in_inline_styles_that_survive_a_sanitiser():
    """An untrusted notebook keeps style attributes and drops <style> and class rules."""
    from decl46.annotated_text import KIND_COLOURS

    html = decl46.render_reading(["p07"])
    assert "<style" not in html
    marks = re.findall(r"<mark ([^>]*)>", html)
    assert marks and all('style="' in m and "background-color: #" in m for m in marks)
    kinds = decl46.load_annotations().query("paragraph_id == 'p07'").kind
    assert {re.search(r"background-color: (#\w+)", m).group(1) for m in marks} <= {
        KIND_COLOURS[k] for k in kinds
    }
    assert re.search(r'<section class="para" style="display: grid; grid-template-columns', html)


def test_render_reading_filters_by_kind_and_paragraph():
    only_questions = decl46.render_reading(kinds=["question"])
    assert "k-question" in only_questions and "k-glossary" not in only_questions
    bare = decl46.render_reading(["p10"], kinds=[])
    assert "<mark" not in bare and "<li" not in bare
    with pytest.raises(ValueError, match="no paragraph p99; the ids run from p01 to p15"):
        decl46.render_reading(["p99"])
    with pytest.raises(ValueError, match="no annotation kind gloss; the kinds are glossary"):
        decl46.render_reading(kinds=["gloss"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_the_data_is_shown_as_text(data_copy, payload):
    notes = decl46.load_annotations(data_dir=data_copy)
    note = notes[notes.paragraph_id == "p07"].iloc[0]
    edit_cell(
        data_copy / "annotations.csv",
        ("annotation_id", note.annotation_id),
        "body",
        lambda b: b + payload,
    )
    edit_cell(
        data_copy / "annotations.csv", ("annotation_id", note.annotation_id), "quote", lambda q: q
    )
    glossary = decl46.load_glossary(data_dir=data_copy).iloc[0]
    edit_cell(
        data_copy / "glossary.csv", ("term", glossary.term), "definition", lambda d: d + payload
    )
    html = decl46.render_reading(data_dir=data_copy)
    assert payload not in html
    assert (
        payload.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        in html
    )
    assert "onerror=" not in html.replace("onerror=&quot;", "")


def test_jsonld_export_follows_the_web_annotation_model():
    collection = decl46.annotations_jsonld()
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["items"]
    assert collection["total"] == len(items) == len(decl46.load_annotations())
    texts = decl46.load_paragraphs().set_index("paragraph_id").text
    motivations = {"describing", "commenting", "identifying", "linking", "questioning"}
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:decl46:annotation:")
        assert item["motivation"] in motivations
        assert item["body"][0]["type"] == "TextualBody" and item["body"][0]["value"]
        target = item["target"]
        paragraph = target["source"].removeprefix("urn:decl46:paragraph:")
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        text = texts[paragraph]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
    assert json.loads(json.dumps(collection)) == collection


def test_glossary_lookup_finds_terms_first_then_mentions():
    hits = answers.glossary_lookup("chervonets")
    assert hits.term.iloc[0].lower().startswith("chervonets")
    assert answers.glossary_lookup("").empty
    assert answers.glossary_lookup("no such word at all").empty


def test_reader_widget_moves_filters_and_looks_up():
    reader = widgets.Reader()
    assert 'id="p05"' in reader.page.value
    reader.next.click()
    assert 'id="p06"' in reader.page.value
    reader.previous.click()
    reader.previous.click()
    assert 'id="p04"' in reader.page.value
    reader.paragraph.value = 6
    with_notes = reader.page.value
    for box in reader.kinds.values():
        box.value = False
    assert "<mark" not in reader.page.value and with_notes != reader.page.value
    reader.search.value = "Politburo"
    assert "<b>Politburo</b>" in reader.definitions.value
    reader.search.value = "zzzz"
    assert "No glossary entry" in reader.definitions.value
