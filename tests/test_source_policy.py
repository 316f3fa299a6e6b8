"""The source policy of data/README.md, as the loader enforces it: forbidden hosts, raw IP
addresses, and the parts each type of citation needs. The policy's data is declared in
datapackage.json (decl46:sourcePolicy); an edited copy that breaks it is refused with the
file, line and column."""

from __future__ import annotations

import json
import re

import pytest

import decl46
from conftest import edit_cell, line_of
from decl46 import DataError


def problems(data_dir) -> list:
    with pytest.raises(DataError) as raised:
        decl46.validate(data_dir)
    return raised.value.problems


def test_the_shipped_sources_follow_the_policy():
    decl46.validate()
    sources = decl46.load_sources()
    assert set(sources.source_type.cat.categories) == {
        "primary",
        "scholarly",
        "reference",
        "database",
        "wiki",
        "press",
        "other",
    }
    assert sources.source_id.is_unique


def test_every_source_is_cited_by_some_row():
    # Every table that cites (has a source_ids column), found by its loader.
    cited, citing = set(), []
    for name in decl46.__all__:
        if not name.startswith("load_") or name == "load_sources":
            continue
        table = getattr(decl46, name)()
        if "source_ids" in table.columns:
            citing.append(name)
            cited |= {s for value in table.source_ids.dropna() for s in value.split(";")}
    assert {"load_signatories", "load_events", "load_glossary", "load_others"} <= set(citing)
    assert set(decl46.load_sources().source_id) == cited


@pytest.mark.parametrize(
    "url, why",
    [
        ("https://de.wiki.li/Erkl%C3%A4rung_der_46", "forbidden hosts (wiki.li)"),
        ("https://pt.wiki7.org/wiki/X", "forbidden hosts (wiki7.org)"),
        ("http://litmir.me/br/?b=1", "forbidden hosts (litmir.me)"),
        ("https://istmat.org/node/64711", "forbidden hosts (istmat.org)"),
        ("http://[2001:db8::1]/book.pdf", "raw IP address"),
    ],
)
def test_a_mirror_a_copy_or_a_raw_ip_is_refused(data_copy, url, why):
    path = data_copy / "sources.csv"
    edit_cell(path, ("source_id", "avrich_1970"), "url", lambda _: url)
    (problem,) = problems(data_copy)
    assert (problem.line, problem.column) == (line_of(path, "avrich_1970,"), "url")
    assert why in problem.message


def test_a_host_that_only_contains_a_forbidden_name_is_not_refused(data_copy):
    path = data_copy / "sources.csv"
    edit_cell(path, ("source_id", "avrich_1970"), "url", lambda _: "https://notrulit.me.example/")
    decl46.validate(data_copy)


def test_a_year_inside_a_life_date_is_not_a_year_of_publication(data_copy):
    path = data_copy / "sources.csv"
    edit_cell(
        path,
        ("source_id", "zenkovich_politburo_preobrazhensky"),
        "citation",
        lambda _: (
            "N. A. Zenkovich, entry «Preobrazhensky» (03.02.1886 - 13.07.1937); imprint not known."
        ),
    )
    found = problems(data_copy)
    messages = sorted(p.message for p in found if p.file.endswith("sources.csv"))
    assert len(messages) == 2
    assert "needs a place or publisher" in messages[0]
    assert "needs a year of publication" in messages[1]
    # ... and the execution it confirmed is no longer confirmed by a complete citation
    (fate,) = [p for p in found if p.file.endswith("signatories.csv")]
    assert fate.column == "fate_certainty" and "preobrazhensky" in fate.message


def test_a_wikipedia_citation_names_its_language_and_revision(data_copy):
    path = data_copy / "sources.csv"
    edit_cell(
        path, ("source_id", "wp_en_leftopposition"), "citation", lambda _: "«Left Opposition»."
    )
    messages = sorted(p.message for p in problems(data_copy))
    assert [m.split(": ", 1)[1] for m in messages] == [
        "a wiki citation needs the language edition, e.g. 'Wikipedia (Russian)'",
        "a wiki citation needs the revision id, or 'revision not recorded'",
    ]


def test_the_policy_is_read_from_the_descriptor(data_copy):
    # A teacher's copy may forbid another host: the rule reads the list, it holds none.
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    (sources,) = [r for r in descriptor["resources"] if r["name"] == "sources"]
    sources["decl46:sourcePolicy"]["forbiddenHosts"].append("marxists.org")
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    found = problems(data_copy)
    assert found and all("marxists.org" in p.message for p in found)


def test_a_citation_names_the_work_and_the_note_says_how_it_was_reached():
    # "read through a mirror", "as shown by a proxied copy": the way a work was reached is
    # recorded in the note (data/README.md, "What a citation records and what the note
    # records"); an online work read undated gives the month it was accessed.
    reached = re.compile(
        r"\bread (through|in|20\d\d)\b|mirror|proxied|Kiwix|copy read|versions read", re.I
    )
    sources = decl46.load_sources()
    offending = sources[[bool(reached.search(c)) for c in sources.citation]]
    assert offending.empty, offending.source_id.tolist()
