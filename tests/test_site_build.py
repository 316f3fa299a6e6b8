"""The site's builder (tools/build_site_pages.py), without a browser: its guard against
inline scripts, the policies it writes, the timeline's title years and the lessons' numbers.
The built pages themselves are checked in a browser (tests/test_site_pages.py,
tests/test_no_network.py)."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from pathlib import Path

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
