"""What the built site (``make site``, build/site/) tells a reader and a catalogue.

- Every page ends with one footer: the kit's version, the licences (CC BY-SA 4.0 for the
  text, MIT for the code, and a lesson's own exceptions) and links to the pages
  *Licences and credits* and *Accessibility*, which exist.
- Each lesson page carries one schema.org LearningResource (LRMI) as JSON-LD, and the
  index the Course the lessons make up: the fields are checked against the notebooks,
  read here independently of the builder (title, opening, central question, goals under
  "## Overview", the "**Time to learn**" line), against the data package (licence,
  sources) and CITATION.cff (authors), and against pyproject.toml (version).
- Every package the site ships in vendor/ carries its licence file, and the licences page
  links each one.

That the JSON-LD (a ``<script type="application/ld+json">``) breaks no page under its
Content-Security-Policy is tests/test_no_network.py's check of every page in a browser.
"""

from __future__ import annotations

import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
PAGES = sorted(SITE.glob("*.html")) if SITE.is_dir() else []
ISO_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?$")

pytestmark = pytest.mark.npm


class _Page(HTMLParser):
    """The JSON-LD blocks, the footers and the links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.jsonld: list[str] = []
        self.footers: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, rel)
        self.h1: list[str] = []
        self._in: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")
        elif tag == "footer":
            self._in = "footer"
            self.footers.append("")
        elif tag == "h1" and self._in is None:
            self._in = "h1"
            self.h1.append("")
        if tag == "a" and "href" in attributes:
            self.links.append((attributes["href"], attributes.get("rel") or ""))

    def handle_endtag(self, tag):
        if (self._in, tag) in {("jsonld", "script"), ("footer", "footer"), ("h1", "h1")}:
            self._in = None

    def handle_data(self, data):
        if self._in == "jsonld":
            self.jsonld[-1] += data
        elif self._in == "footer":
            self.footers[-1] += data
        elif self._in == "h1":
            self.h1[-1] += data


def read_page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def plain(markdown: str) -> str:
    """Markdown as text: links as their words, no emphasis or code marks, one space."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*`]", "", text)
    return " ".join(text.split())


def lesson_from_notebook(path: Path) -> dict:
    """What the lesson's page should say, read from the notebook's Markdown by its own
    rules: the title is the first heading; the goals are the numbered items under
    "## Overview"; the time is the "**Time to learn**" line; the question is the cell
    tagged central-question."""
    notebook = nbformat.read(path, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "markdown"]
    title = next(line[2:] for c in cells for line in c.source.splitlines() if line.startswith("# "))
    lines = [line for c in cells for line in c.source.splitlines()]
    start = lines.index("## Overview")
    goals: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if re.match(r"^\d+\. ", line):
            goals.append(line.split(". ", 1)[1])
        elif goals and line.startswith("   ") and line.strip():
            goals[-1] += " " + line.strip()
    time_line = next(line for line in lines if line.startswith("**Time to learn**"))
    minutes = int(re.search(r"(\d+) minutes", time_line).group(1))
    question = [plain(c.source) for c in cells if "central-question" in c.metadata.get("tags", [])]
    return {
        "title": title.strip(),
        "goals": [plain(g).rstrip(";.") for g in goals],
        "minutes": minutes,
        "question": question[0].split(". ", 1)[1] if question else None,
        "licence": notebook.metadata["license"],
    }


def minutes_of(duration: str) -> int:
    found = ISO_DURATION.match(duration)
    assert found, f"{duration!r} is not an ISO 8601 duration in hours and minutes"
    return int(found.group(1) or 0) * 60 + int(found.group(2) or 0)


@pytest.fixture(scope="module")
def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def authors() -> list[str]:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return [a["name"] for a in cff["authors"]]


def test_the_site_has_been_built():
    assert (SITE / "index.html").is_file(), "run `make site` first (make test does)"
    for name in ["accessibility.html", "licences.html"]:
        assert (SITE / name).is_file(), name


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_every_page_ends_with_the_version_and_the_licences(path, version, descriptor):
    page = read_page(path)
    assert len(page.footers) == 1, "one footer"
    text = " ".join(page.footers[0].split())
    assert f"decl46 {version}." in text
    assert "CC BY-SA 4.0" in text and "MIT" in text
    (licence,) = descriptor["licenses"]
    assert (licence["path"], "license") in page.links
    hrefs = {href for href, _ in page.links}
    assert {"licences.html", "accessibility.html"} <= hrefs
    for block in page.jsonld:
        json.loads(block)  # any JSON-LD on any page parses


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_lesson_page_describes_itself_for_catalogues(path, version, descriptor, authors):
    lesson = lesson_from_notebook(path)
    page = read_page(SITE / f"{path.stem}.html")
    (block,) = page.jsonld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LearningResource"
    assert data["url"] == f"{path.stem}.html"
    assert data["name"] == lesson["title"]
    assert len(data["description"]) > 100
    if lesson["question"]:
        assert lesson["question"] in data["description"]
    assert data["teaches"] == lesson["goals"] and len(lesson["goals"]) >= 3
    assert minutes_of(data["timeRequired"]) == lesson["minutes"]
    assert data["learningResourceType"] == "lesson"
    assert data["inLanguage"] == "en"
    levels = data["educationalLevel"]
    assert levels and all(level["name"] and level["termCode"] for level in levels)
    (licence,) = descriptor["licenses"]
    assert data["license"] == licence["path"] == lesson["licence"]["path"]
    # Based on the declaration: the article its text comes from and the printed edition
    # the article's translation follows (the data package's sources).
    based_on = data["isBasedOn"]
    assert [b["name"] for b in based_on] == [s["title"] for s in descriptor["sources"]]
    assert "https://en.wikipedia.org/wiki/The_Declaration_of_46" in [b.get("url") for b in based_on]
    assert any("Felshtinsky" in b["name"] for b in based_on)
    assert [a["name"] for a in data["author"]] == authors
    assert [p["name"] for p in data["publisher"]] == authors
    assert data["version"] == version
    # What the licence does not cover on this page is said in the credit and the footer.
    footer = " ".join(page.footers[0].split())
    for exception in lesson["licence"].get("exceptions", []):
        assert exception in data["creditText"] and exception in footer


def test_the_index_describes_the_course_the_lessons_make_up(version, descriptor):
    page = read_page(SITE / "index.html")
    (block,) = page.jsonld
    data = json.loads(block)
    assert data["@type"] in {"Course", "LearningResource"}  # a Course is a LearningResource
    assert data["name"] == " ".join(page.h1[0].split())
    lessons = [lesson_from_notebook(path) for path in NOTEBOOKS]
    parts = data["hasPart"]
    assert [p["url"] for p in parts] == [f"{path.stem}.html" for path in NOTEBOOKS]
    assert [p["name"] for p in parts] == [lesson["title"] for lesson in lessons]
    assert all((SITE / p["url"]).is_file() for p in parts)
    assert [minutes_of(p["timeRequired"]) for p in parts] == [les["minutes"] for les in lessons]
    assert minutes_of(data["timeRequired"]) == sum(les["minutes"] for les in lessons)
    (licence,) = descriptor["licenses"]
    assert data["license"] == licence["path"]
    assert data["inLanguage"] == "en" and data["version"] == version
    assert data["isBasedOn"] and data["author"] and data["publisher"]
    # The index links the accessibility statement itself, not only in its footer.
    main_links = [href for href, _ in page.links].count("accessibility.html")
    assert main_links >= 2


def test_every_shipped_package_carries_its_licence_and_the_licences_page_links_it():
    vendor = SITE / "vendor"
    folders = [p for p in vendor.iterdir() if p.is_dir()]
    assert {"html-manager", "requirejs", "timelinejs", "recogito", "nbconvert"} <= {
        f.name for f in folders
    }
    page = read_page(SITE / "licences.html")
    hrefs = {href for href, _ in page.links}
    text = (SITE / "licences.html").read_text(encoding="utf-8")
    for folder in folders:
        licence = folder / "LICENSE"
        assert licence.is_file() and licence.stat().st_size > 500, folder.name
        assert f"vendor/{folder.name}/LICENSE" in hrefs, folder.name
        if (folder / "package.json").is_file():
            meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
            assert meta["name"] in text and meta["license"] in text
    for href in hrefs:
        if href.startswith("vendor/"):
            assert (SITE / href).is_file(), href


def test_the_accessibility_statement_is_a_page_of_the_site():
    page = read_page(SITE / "accessibility.html")
    assert page.h1 and "Accessibility statement" in page.h1[0]
    text = (SITE / "accessibility.html").read_text(encoding="utf-8")
    assert "WCAG" in text and "open an issue" in text
