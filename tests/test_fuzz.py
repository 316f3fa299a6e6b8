"""Property-based tests: no input makes the loaders raise anything but DataError, and no
text in the data ever reaches the reading view as markup."""

from __future__ import annotations

import itertools
import os
import shutil
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import decl46
from conftest import edit_cell, shipped_data_dir
from decl46 import DataError

# Property-based: hundreds of generated inputs each (make test; make check leaves them out).
pytestmark = pytest.mark.slow
_stamp = itertools.count(1)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(shipped_data_dir(), target)
    return target


def touch(path: Path) -> None:
    """A new modification time, so the loader's cache sees the file as changed."""
    ns = 10**18 + next(_stamp) * 10**6
    os.utime(path, ns=(ns, ns))


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TOKENS = [
    *"<>&\"'/= abc",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "</section>",
    "&amp;",
]
MARKUP = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)


@SETTINGS
@given(payload=MARKUP)
def test_markup_in_notes_and_definitions_never_becomes_markup(scratch, payload):
    original_notes = (scratch / "annotations.csv").read_bytes()
    original_glossary = (scratch / "glossary.csv").read_bytes()
    try:
        edit_cell(
            scratch / "annotations.csv", ("annotation_id", "a10"), "body", lambda b: b + payload
        )
        edit_cell(
            scratch / "glossary.csv", ("term", "Politburo"), "definition", lambda d: d + payload
        )
        touch(scratch / "annotations.csv")
        touch(scratch / "glossary.csv")
        html = decl46.render_reading(data_dir=scratch)
        if payload.strip():
            assert escape(payload.strip()) in html
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
    finally:
        (scratch / "annotations.csv").write_bytes(original_notes)
        (scratch / "glossary.csv").write_bytes(original_glossary)
        touch(scratch / "annotations.csv")
        touch(scratch / "glossary.csv")


TABLES = ["paragraphs", "blocks", "signatures", "signatories", "stances", "events", "sources"]


@SETTINGS
@given(
    table=st.sampled_from(TABLES),
    content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
)
def test_any_file_content_loads_or_raises_data_error(scratch, table, content):
    path = scratch / f"{table}.csv"
    original = path.read_bytes()
    try:
        path.write_bytes(content)
        touch(path)
        try:
            decl46.validate(scratch)
        except DataError as error:
            assert error.problems and all(p.file for p in error.problems)
    finally:
        path.write_bytes(original)
        touch(path)


@SETTINGS
@given(line=st.integers(min_value=1, max_value=40), cut=st.integers(min_value=0, max_value=200))
def test_a_truncated_table_is_reported_by_line(scratch, line, cut):
    path = scratch / "signatories.csv"
    original = path.read_bytes()
    try:
        lines = original.decode("utf-8").split("\n")
        lines[line] = lines[line][:cut]
        path.write_bytes("\n".join(lines).encode("utf-8"))
        touch(path)
        try:
            decl46.validate(scratch)
        except DataError as error:
            assert any(p.file.endswith(".csv") for p in error.problems)
    finally:
        path.write_bytes(original)
        touch(path)
