"""The site's builder (tools/build_site_pages.py), without a browser: its guard against
inline scripts, the policies it writes, the timeline's title years and the lessons' numbers,
what it reads of a lesson for catalogues (by headings and tags), and its refusal of a
notebook without its licence or a vendored package without its licence file.
The built pages themselves are checked in a browser (tests/test_site_pages.py,
tests/test_no_network.py)."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from pathlib import Path

import nbformat
import pytest

import decl46

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location(
        "build_site_pages", ROOT / "tools" / "build_site_pages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "html",
    [
        "<p>x</p>\n<script>alert(1)</script>",
        "<p>x</p>\n<script type='module'>import('x')</script>",
        "<p>x</p>\n<script type=text/javascript>1</script>",
        '<p>x</p>\n<a href="#" onclick="steal()">x</a>',
        '<p>x</p>\n<img src="x" ONERROR="steal()">',
    ],
)
def test_the_build_refuses_a_page_with_an_inline_script(build, html):
    refused = r"page\.html: inline script at line 2; move it into a file"
    with pytest.raises(ValueError, match=refused):
        build.check_no_inline_script("page.html", html)


def test_the_build_lets_script_files_and_data_through(build):
    html = (
        '<script src="annotate.js"></script>'
        '<script type="application/json">{"a": "<\\u002fscript>"}</script>'
        '<script type="application/vnd.jupyter.widget-state+json">{}</script>'
        '<button type="button" data-on="x">ok</button>'
    )
    assert build.check_no_inline_script("page.html", html) == html


def test_every_policy_allows_no_connection_and_no_inline_script(build):
    policies = [build.KIT_CSP, build.TIMELINE_CSP, build.LESSON_CSP, build.WIDGET_LESSON_CSP]
    for policy in policies:
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["connect-src"] == "'none'"
        assert directives["form-action"] == "'none'"
        assert directives["base-uri"] == "'none'"
        assert directives["script-src"].split()[0] == "'self'"
        assert "'unsafe-inline'" not in directives["script-src"]
        assert "http" not in policy and "*" not in policy
    # The kit's own pages need no inline style either; only lessons with widgets need eval.
    assert "'unsafe-inline'" not in build.KIT_CSP + build.TIMELINE_CSP
    assert "'unsafe-eval'" not in build.KIT_CSP + build.TIMELINE_CSP + build.LESSON_CSP
    # The timeline's two handlers that do nothing, by their hashes, and nothing else.
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(handler).digest()).decode() + "'"
        for handler in [b"void(0)", b" "]
    ]
    assert build.TIMELINE_CSP.endswith("; script-src-attr 'unsafe-hashes' " + " ".join(hashes))


def test_the_timeline_is_titled_by_the_years_its_slides_span(build):
    tl = decl46.timeline_json()
    first, last = build.years_of(tl)
    starts = [e["start_date"]["year"] for e in tl["events"]]
    ends = [e["end_date"]["year"] for e in tl["events"] if "end_date" in e]
    assert (first, last) == (str(min(starts)), str(max(starts + ends)))
    # An event's end counts: a timeline whose last event runs on ends with it.
    tl["events"][-1]["end_date"] = {"year": int(last) + 3}
    assert build.years_of(tl) == (first, str(int(last) + 3))
    with pytest.raises(ValueError, match="the timeline has no events"):
        build.years_of({"events": []})


def test_the_index_numbers_each_lesson_as_its_file(build):
    index = build.index_page()
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        number = path.stem.split("_", 1)[0]
        assert f'<span class="number">{number}</span> <a href="{path.stem}.html">' in index
    assert 'class="lessons numbered"' in index


def test_the_build_lets_json_ld_through(build):
    # Catalogue metadata is a data block, which no browser runs: the guard lets it through
    # as it lets JSON through, and still refuses a script dressed as anything that runs.
    page = build.jsonld_script({"@context": "https://schema.org", "name": "</script><b>"})
    assert build.check_no_inline_script("page.html", page) == page
    assert "</script><b>" not in page.removesuffix("</script>")
    with pytest.raises(ValueError, match="inline script"):
        build.check_no_inline_script("page.html", '<script type="module">1</script>')


def lesson(*cells: tuple[str, list[str]]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    for source, tags in cells:
        notebook.cells.append(nbformat.v4.new_markdown_cell(source, metadata={"tags": tags}))
    return notebook


OVERVIEW = "## Overview\n\nBy the end:\n\n1. read [a text](x.md#a);\n2. *code* `it`.\n"


def test_a_lessons_facts_come_from_its_headings_and_tags_not_its_cell_numbers(build):
    notebook = lesson(
        ("# Title\n\nThe opening, with a [term](../docs/glossary.md#t).", []),
        ("**The question of this lesson.** Why?", ["central-question"]),
        (OVERVIEW + "\n**Time to learn**: 1 hour and 15 minutes, or more.", []),
        ("## Next\n\nNot the opening.", []),
    )
    facts = build.lesson_facts("00_x.html", notebook)
    assert facts == {
        "opening": "The opening, with a term.",
        "question": "Why?",
        "goals": ["read a text", "code it"],
        "minutes": 75,
    }
    # The same lesson with its cells split differently says the same.
    split = lesson(
        ("# Title", []),
        ("The opening, with a [term](../docs/glossary.md#t).", ["app-hide"]),
        ("**The question of this lesson.** Why?", ["central-question"]),
        (OVERVIEW, []),
        ("**Time to learn**: 1 hour and 15 minutes, or more.", []),
    )
    assert build.lesson_facts("00_x.html", split) == facts
    assert [build.iso_duration(m) for m in (75, 45, 60, 0)] == ["PT1H15M", "PT45M", "PT1H", "PT0M"]


@pytest.mark.parametrize(
    ("cells", "missing"),
    [
        ([("# T\n\nOpening.\n\n**Time to learn**: 45 minutes.", [])], "numbered list of goals"),
        ([("# T\n\nOpening.\n\n" + OVERVIEW, [])], "Time to learn"),
        ([("# T\n\n" + OVERVIEW + "\n**Time to learn**: 45 minutes.", [])], "opening paragraph"),
        ([("# T\n\nOpening.\n\n" + OVERVIEW + "\n**Time to learn**: a while.", [])], "no duration"),
    ],
)
def test_a_lesson_without_what_catalogues_need_is_refused_by_name(build, cells, missing):
    with pytest.raises(ValueError, match=f"03_y.ipynb: .*{missing}"):
        build.lesson_facts("03_y.html", lesson(*cells))


def test_a_notebook_without_the_sites_licence_is_refused_by_name(build):
    notebook = lesson(("# T", []))
    with pytest.raises(ValueError, match=r'04_z.ipynb: its metadata needs "license"'):
        build.lesson_licence("04_z.html", notebook)
    notebook.metadata["license"] = {"name": "MIT", "path": "https://opensource.org/license/mit"}
    with pytest.raises(ValueError, match=r"CC-BY-SA-4\.0"):
        build.lesson_licence("04_z.html", notebook)


def test_a_vendored_package_without_its_licence_is_refused(build, tmp_path):
    package = tmp_path / "vendor" / "thing"
    package.mkdir(parents=True)
    (package / "package.json").write_text(
        '{"name": "thing", "version": "1.0.0", "license": "MIT"}', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="thing has no LICENSE file"):
        build.vendored(tmp_path)
    (package / "LICENSE").write_text("MIT licence text", encoding="utf-8")
    (package / "dist").mkdir()
    (package / "dist" / "bundle.js.LICENSE.txt").write_text("notices", encoding="utf-8")
    found = {p["folder"]: p for p in build.vendored(tmp_path)}
    assert found["thing"]["files"] == [
        "vendor/thing/LICENSE",
        "vendor/thing/dist/bundle.js.LICENSE.txt",
    ]
    assert (tmp_path / "vendor" / "nbconvert" / "LICENSE").read_text().startswith("BSD")
