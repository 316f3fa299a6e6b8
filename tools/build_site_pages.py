"""Build the static site in build/site/ (``make site`` runs it once the vendored scripts are
in build/site/vendor/):

- a page per notebook, rendered by nbconvert with the kit's template
  (tools/site_template/decl46) and the widget state embedded; each carries the site's
  links, its previous and next page, and on every widget a note that it is a snapshot;
- ``index.html``: the lessons in order, numbered as their files are (00, 01, ...), by the
  titles of their notebooks, and the two pages below;
- ``timeline.html``: :func:`decl46.timeline_json` drawn by TimelineJS (vendor/timelinejs/),
  titled by the years its slides span;
- ``annotate.html``: the declaration's text, which a student annotates with Recogito's text
  annotator (vendor/recogito/) and downloads as W3C Web Annotations, with the kit's notes
  to show beside (a toggle). Each student's notes are kept apart, under their name
  (annotate.js).
- ``accessibility.html``: the accessibility statement (docs/accessibility.md), and
  ``licences.html``: what may be done with each part of the kit, and the licence of every
  package in vendor/ (the build refuses one without its licence file).

Every page ends with the same footer: the kit's version, the licences (CC BY-SA 4.0 for the
text, MIT for the code, and a lesson's own exceptions from its notebook's ``license``
metadata) and links to the two pages above. Each lesson page, and the index as the course
they make up, carries schema.org ``LearningResource`` metadata (LRMI) as JSON-LD for
catalogues of open educational resources, written from the notebooks (title, opening
paragraph, central question, goals, time to learn, found by their headings and tags), the
data package (authors, licence, sources) and the installed package's version. JSON-LD
stands in a ``<script type="application/ld+json">``: data, which no browser runs, so the
policy below needs nothing for it.

Every page reads only the site's own files: no request leaves it. Each carries a
Content-Security-Policy (a ``<meta>`` element, since the site works from disk) that allows
scripts, styles, pictures and fonts from the site's own folder only, and no connection at
all (``connect-src 'none'``); no page has an inline script (the build refuses one), so none
needs ``'unsafe-inline'`` for scripts. The kit's own pages need no inline style either; the
lessons' pages do (nbconvert writes JupyterLab's styles into the page, and the widgets add
theirs), and their widgets draw pictures from ``blob:`` addresses. Every piece of data is
escaped (:func:`html.escape` in the HTML, JSON escapes inside the scripts).

Usage: python tools/build_site_pages.py build/site
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
import sys
from html import escape
from html.parser import HTMLParser
from importlib.metadata import distribution
from pathlib import Path
from string import Template

import mistune
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from traitlets.config import Config

import decl46
from decl46.codings import MAX_NAME
from decl46.dataset import open_data

HERE = Path(__file__).resolve().parent / "site_pages"
TEMPLATES = Path(__file__).resolve().parent / "site_template"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
DOCS = Path(__file__).resolve().parent.parent / "docs"
# Whatever a student types on the annotation page: a name (it also names the downloaded
# file), of as many letters and digits as the teacher's reader takes for a student's file
# name, and as many characters in all; and a note.
NAME_LIMIT = MAX_NAME
NAME_LENGTH = 80
NOTE_LIMIT = 5000
# The site's own files only; no connection, no form sent, no <base>, no plug-in.
CSP_BASE = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'none'",
    "form-action": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def csp(**changes: str) -> str:
    """The policy of :data:`CSP_BASE` with some directives changed, as a meta's content."""
    return "; ".join(f"{k} {v}" for k, v in {**CSP_BASE, **changes}.items())


# The index and the annotation page.
KIT_CSP = csp()


# The timeline page: TimelineJS writes two handlers that do nothing: onclick="void(0)" on
# the links of a slide's text, and, on a touch screen, ontouchstart=" " on its buttons (so
# that a phone shows them pressed). Those two, by their hashes, and no other.
def _attribute_hash(handler: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode() + "'"


TIMELINE_CSP = csp(
    **{"script-src-attr": "'unsafe-hashes' " + " ".join(map(_attribute_hash, ["void(0)", " "]))}
)
# The lessons: nbconvert writes JupyterLab's styles into the page and the widgets add theirs
# (inline styles), JupyterLab's styles carry fonts as data: addresses, and a widget's
# picture is a blob: address. Scripts are still the site's own files only.
LESSON = {
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
}
LESSON_CSP = csp(**LESSON)
# A lesson with widgets: the widget renderer checks the stored state against a JSON schema
# compiled to a function (ajv), which needs eval; still only the site's own scripts run.
WIDGET_LESSON_CSP = csp(**LESSON, **{"script-src": "'self' 'unsafe-eval'"})
# The site's own files that the pages load, copied from tools/site_pages/.
OWN_FILES = [
    "site.css",
    "pages.css",
    "annotate.js",
    "recogito-env.js",
    "timeline-page.js",
    "widgets.js",
]
SNAPSHOT = (
    "A snapshot: no Python runs behind this page, so its controls change nothing and "
    "nothing is saved. To use them, open the notebook in JupyterLab or the explorer app."
)


def script_json(value) -> str:
    """JSON that cannot end the <script> element it stands in."""
    text = json.dumps(value, ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class _InlineScripts(HTMLParser):
    """Finds the <script> elements a browser would run from the page's own text."""

    RUN = frozenset({"", "text/javascript", "module", "application/javascript"})

    def __init__(self) -> None:
        super().__init__()
        self.found: list[int] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").strip().lower()
        if tag == "script" and "src" not in attributes and kind in self.RUN:
            self.found.append(self.getpos()[0])
        # An event handler attribute (onclick=...) is an inline script too.
        if any(name.startswith("on") for name, _ in attrs):
            self.found.append(self.getpos()[0])


def check_no_inline_script(name: str, html: str) -> str:
    """The page as it is, or a ValueError naming the lines of any inline script: the
    Content-Security-Policy runs none, so one would silently do nothing."""
    parser = _InlineScripts()
    parser.feed(html)
    if parser.found:
        lines = ", ".join(map(str, parser.found))
        raise ValueError(f"{name}: inline script at line {lines}; move it into a file")
    return html


def title_of(notebook: nbformat.NotebookNode) -> str:
    """The notebook's title: its first heading."""
    first = notebook.cells[0].source.splitlines()[0]
    if not first.startswith("# "):
        raise ValueError("a notebook's first cell begins with its title, '# ...'")
    return first[2:].strip()


def lessons() -> list[tuple[str, str, nbformat.NotebookNode]]:
    """(page, title, notebook) for every notebook, in order."""
    found = []
    for path in sorted(NOTEBOOKS.glob("0*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        found.append((f"{path.stem}.html", title_of(notebook), notebook))
    return found


def number_of(page: str) -> str:
    """A lesson's number as its file has it: "00" for 00_start_here.html."""
    return page.split("_", 1)[0]


def pages() -> list[tuple[str, str]]:
    """(page, title) for every page after the index, in the order of the pager."""
    own = [
        ("timeline.html", "Timeline"),
        ("annotate.html", "Annotate the text"),
        ("glossary.html", "Glossary"),
    ]
    return [(page, title) for page, title, _ in lessons()] + own


def nav(current: str) -> str:
    """Links to the index, the notebooks' pages (by their file names, which are short) and
    the kit's own pages."""
    links = [("index.html", "Contents")]
    links += [
        (p, p.removesuffix(".html").replace("_", " ") if p[0].isdigit() else t) for p, t in pages()
    ]
    items = [
        f'<a href="{escape(href)}"'
        + (' aria-current="page"' if href == current else "")
        + f">{escape(text)}</a>"
        for href, text in links
    ]
    return '<nav class="decl46-nav" aria-label="Pages of the kit">' + "\n".join(items) + "</nav>"


def pager(current: str) -> str:
    """The previous and the next page, by their titles."""
    order = [("index.html", "Contents"), *pages()]
    at = [page for page, _ in order].index(current)
    links = []
    if at > 0:
        page, title = order[at - 1]
        links.append(f'<a href="{escape(page)}" rel="prev">← Previous: {escape(title)}</a>')
    if at < len(order) - 1:
        page, title = order[at + 1]
        links.append(f'<a href="{escape(page)}" rel="next">Next: {escape(title)} →</a>')
    return '<nav class="decl46-pager" aria-label="Previous and next">' + "".join(links) + "</nav>"


def exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with the kit's template, reading the site's own scripts."""
    config = Config()
    config.HTMLExporter.require_js_url = "vendor/requirejs/require.js"
    config.HTMLExporter.widget_renderer_url = "vendor/html-manager/dist/embed-amd.js"
    config.HTMLExporter.jupyter_widgets_base_url = "vendor/"
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = "decl46"
    return HTMLExporter(config=config)


def without_saving(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook for the site, where nothing is saved: the coding widget's saving part
    (its status line, the hand-in heading, the row of a name box and a button, and the line
    that reports a hand-in) carries the class decl46-saves, which site.css hides."""
    notebook = copy.deepcopy(notebook)
    state = notebook.metadata.get("widgets", {})
    state = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})

    def model(ref: str) -> dict:
        return state.get(ref.removeprefix("IPY_MODEL_"), {})

    for box in state.values():
        children = box["state"].get("children", [])
        for i, ref in enumerate(children):
            row = [model(r).get("model_name") for r in model(ref)["state"].get("children", [])]
            if model(ref).get("model_name") == "HBoxModel" and row == ["TextModel", "ButtonModel"]:
                for saving in children[max(i - 2, 0) : i + 2]:
                    classes = model(saving)["state"].setdefault("_dom_classes", [])
                    classes.append("decl46-saves")
    return notebook


# Where the lessons link to the glossary (decl46.glossary.PAGE), and where the site has it.
GLOSSARY_LINK, GLOSSARY_PAGE = "../docs/glossary.md#", "glossary.html#"


def with_site_links(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with its links to the glossary page pointed at the site's page."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(GLOSSARY_LINK, GLOSSARY_PAGE)
    return notebook


def lesson_pages(site: Path) -> None:
    html = exporter()
    for page, title, notebook in lessons():
        notebook = with_site_links(without_saving(notebook))
        notebook.metadata["title"] = title
        resources = {
            "metadata": {"name": page.removesuffix(".html"), "path": str(NOTEBOOKS)},
            "decl46": {
                "nav": nav(page),
                "pager": pager(page),
                "snapshot": SNAPSHOT,
                "csp": WIDGET_LESSON_CSP if "widgets" in notebook.metadata else LESSON_CSP,
                "jsonld": jsonld_script(lesson_jsonld(page, notebook)),
                "footer": footer(lesson_licence(page, notebook).get("exceptions", [])),
            },
        }
        body, _ = html.from_notebook_node(notebook, resources=resources)
        (site / page).write_text(check_no_inline_script(page, body), encoding="utf-8")


def index_page() -> str:
    items = "\n".join(
        f'<li><span class="number">{escape(number_of(page))}</span> '
        f'<a href="{escape(page)}">{escape(title)}</a></li>'
        for page, title, _ in lessons()
    )
    return Template((HERE / "index.html").read_text(encoding="utf-8")).substitute(
        csp=KIT_CSP,
        jsonld=jsonld_script(course_jsonld()),
        name=escape(COURSE["name"]),
        nav=nav("index.html"),
        lessons=items,
        pager=pager("index.html"),
        footer=footer(),
    )


def years_of(tl: dict) -> tuple[str, str]:
    """The first and the last year a TimelineJS object's slides reach (an event's end
    included), as the page's title gives them."""
    dates = [e["start_date"] for e in tl["events"]]
    dates += [e["end_date"] for e in tl["events"] if "end_date" in e]
    if not dates:
        raise ValueError("the timeline has no events: nothing to show on timeline.html")
    years = [d["year"] for d in dates]
    return str(min(years)), str(max(years))


def timeline_page() -> str:
    tl = decl46.timeline_json()
    first, last = years_of(tl)
    return Template((HERE / "timeline.html").read_text(encoding="utf-8")).substitute(
        csp=TIMELINE_CSP,
        nav=nav("timeline.html"),
        pager=pager("timeline.html"),
        first=escape(first),
        last=escape(last),
        data=script_json(tl),
        footer=footer(),
    )


def glossary_page() -> str:
    """The glossary (decl46.glossary.glossary_markdown, the docs/glossary.md of the kit) as
    a page of the site, with an anchor for each term that the lessons link to."""
    from decl46.glossary import glossary_markdown

    return Template((HERE / "glossary.html").read_text(encoding="utf-8")).substitute(
        csp=KIT_CSP,
        nav=nav("glossary.html"),
        pager=pager("glossary.html"),
        body=markdown2html_mistune(glossary_markdown()),
        footer=footer(),
    )


def annotate_page() -> str:
    paragraphs = decl46.load_paragraphs()
    parts = decl46.vocabulary("paragraphs", "part")["label"].to_dict()
    kinds = decl46.vocabulary("annotations", "kind")["label"].to_dict()
    notes = decl46.load_annotations()
    kit = decl46.annotations_jsonld()["items"]
    kit_labels = {
        f"urn:decl46:annotation:{row.annotation_id}": kinds[row.kind] for row in notes.itertuples()
    }
    sections = []
    for row in paragraphs.itertuples():
        pid = escape(row.paragraph_id)
        part = "" if row.part is None or str(row.part) == "nan" else f" · {escape(parts[row.part])}"
        heading = "" if row.section == "body" else " heading"
        kit_items = "".join(
            f'<li><span class="who kit">{escape(kinds[n.kind])}</span>'
            f'<span class="quote">“{escape(n.quote)}”</span> {escape(n.body)}</li>'
            for n in notes[notes["paragraph_id"] == row.paragraph_id]
            .sort_values("start")
            .itertuples()
        )
        sections.append(
            f'<section class="para{heading}" id="para-{pid}">'
            f'<div><div class="meta">{pid}{part}</div>'
            f'<p class="text" id="text-{pid}" data-paragraph="{pid}">{escape(row.text)}</p></div>'
            f'<aside><ol class="my-notes" aria-label="Your notes on {pid}"></ol>'
            f'<ol class="kit-notes" hidden tabindex="0" aria-label="The kit\'s notes on {pid}">'
            f"{kit_items}</ol>"
            "</aside></section>"
        )
    credit = "; ".join(
        f'<a href="{escape(path)}">{escape(title)}</a>' if path else escape(title)
        for title, path in open_data().schema("paragraphs").sources
    )
    data = {
        "paragraphs": dict(zip(paragraphs["paragraph_id"], paragraphs["text"], strict=True)),
        "kit": kit,
        "kitLabels": kit_labels,
        "nameLimit": NAME_LIMIT,
        "nameLength": NAME_LENGTH,
        "noteLimit": NOTE_LIMIT,
    }
    return Template((HERE / "annotate.html").read_text(encoding="utf-8")).substitute(
        csp=KIT_CSP,
        name_limit=NAME_LIMIT,
        nav=nav("annotate.html"),
        pager=pager("annotate.html"),
        paragraphs="\n".join(sections),
        data=script_json(data),
        total=len(kit),
        credit=credit,
        footer=footer(),
    )


# --- What a reader and a catalogue are told: licences, version, JSON-LD -------------------
# The kit's own words about the course as a whole (the lessons describe themselves).
COURSE = {
    "name": "The Declaration of 46 (15 October 1923): a teaching kit",
    "description": (
        "Lessons on the secret letter that 46 leading Bolsheviks sent to the Politburo on "
        "15 October 1923: what it says, who signed it and with what reservations, and what "
        "became of its signers. Each lesson asks a historical question and answers it "
        "from the declaration's text and sourced data, in Jupyter notebooks that run in "
        "JupyterLab and read as web pages."
    ),
}
# For whom the lessons are written (tests/test_reading_level.py holds their prose to it):
# upper-secondary pupils and first-year students, as levels of ISCED 2011.
ISCED = "https://uis.unesco.org/en/topic/international-standard-classification-education-isced"
EDUCATIONAL_LEVEL = [
    {
        "@type": "DefinedTerm",
        "name": "Upper secondary education",
        "termCode": "3",
        "inDefinedTermSet": ISCED,
    },
    {
        "@type": "DefinedTerm",
        "name": "Bachelor's or equivalent level (first year)",
        "termCode": "6",
        "inDefinedTermSet": ISCED,
    },
]
AUDIENCE = [
    {"@type": "EducationalAudience", "educationalRole": "student"},
    {"@type": "EducationalAudience", "educationalRole": "teacher"},
]
# What docs/accessibility.md says and the tests check: every figure has alt text and a
# text version (a long description) under it; pages are navigable by their headings; no
# sound, video or flashing.
ACCESSIBILITY = {
    "accessMode": ["textual", "visual"],
    "accessModeSufficient": [{"@type": "ItemList", "itemListElement": ["textual"]}],
    "accessibilityFeature": ["alternativeText", "longDescription", "structuralNavigation"],
    "accessibilityHazard": ["noFlashingHazard", "noMotionSimulationHazard", "noSoundHazard"],
    "accessibilitySummary": (
        "Aims at WCAG 2.1 level AA; every figure has alt text and a text version under it; "
        "known exceptions and how to report a barrier: accessibility.html."
    ),
}
# How a licence named in the data package is written for a reader.
LICENCE_LABELS = {"CC-BY-SA-4.0": "CC BY-SA 4.0"}


def package_descriptor() -> dict:
    """The data package's descriptor (datapackage.json of the data the site is built from):
    its licence, contributors and sources are the ones CITATION.cff repeats."""
    path = Path(open_data().directory) / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8"))


def site_licence() -> dict:
    """The licence of the text, the lessons and the data: the data package's one licence."""
    (licence,) = package_descriptor()["licenses"]
    if licence["name"] not in LICENCE_LABELS:
        raise ValueError(f"datapackage.json: licence {licence['name']!r} has no label here")
    return licence


def lesson_licence(page: str, notebook: nbformat.NotebookNode) -> dict:
    """A notebook's ``license`` metadata, which must be the site's licence (the notebook
    may add ``exceptions``: what on its page the licence does not cover)."""
    licence = notebook.metadata.get("license")
    expected = site_licence()
    if not isinstance(licence, dict) or (licence.get("name"), licence.get("path")) != (
        expected["name"],
        expected["path"],
    ):
        raise ValueError(
            f"{page.removesuffix('.html')}.ipynb: its metadata needs "
            f'"license": {{"name": "{expected["name"]}", "path": "{expected["path"]}", ...}}'
            " (see notebooks/LICENSE.md)"
        )
    return licence


def footer(exceptions: list[str] = ()) -> str:
    """The last element of every page: the kit's version, the licences, what a page's
    licence does not cover, and the links to the licences and accessibility pages."""
    licence = site_licence()
    credit = "; ".join(
        f'<a href="{escape(path)}">{escape(title)}</a>' if path else escape(title)
        for title, path in open_data().schema("paragraphs").sources
    )
    extra = "".join(f"<p>{escape(text)}</p>" for text in exceptions)
    return (
        '<footer class="decl46-footer">'
        f"<p>decl46 {escape(decl46.__version__)}. The lessons, the text and the data: "
        f'<a rel="license" href="{escape(licence["path"])}">'
        f"{escape(LICENCE_LABELS[licence['name']])}</a>; the code: MIT. "
        f"The declaration's English text: {credit}.</p>{extra}"
        '<p><a href="licences.html">Licences and credits</a> · '
        '<a href="accessibility.html">Accessibility</a></p></footer>'
    )


def jsonld_script(value: dict) -> str:
    """JSON-LD for catalogues, in the data block that search engines and harvesters read."""
    return f'<script type="application/ld+json">{script_json(value)}</script>'


_MARKDOWN = mistune.create_markdown(renderer=None)


def _plain(tokens: list[dict]) -> str:
    """The text of Markdown tokens (mistune's syntax tree) without their markup."""
    parts = []
    for token in tokens:
        if "children" in token:
            parts.append(_plain(token["children"]))
        elif token["type"] in {"softbreak", "linebreak"}:
            parts.append(" ")
        else:
            parts.append(token.get("raw", ""))
    return " ".join("".join(parts).split())


def _blocks(notebook: nbformat.NotebookNode):
    """(tags, token) for every top-level block of the notebook's Markdown cells, in order."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            tags = set(cell.metadata.get("tags", []))
            for token in _MARKDOWN(cell.source):
                if token["type"] != "blank_line":
                    yield tags, token


def _is_heading(token: dict, level: int, text: str | None = None) -> bool:
    return (
        token["type"] == "heading"
        and token["attrs"]["level"] == level
        and (text is None or _plain(token["children"]) == text)
    )


def _opens_with(token: dict, label: str) -> bool:
    """A paragraph that opens with a bold label: **Time to learn**: ..."""
    children = token.get("children") or [{}]
    return (
        token["type"] == "paragraph"
        and children[0].get("type") == "strong"
        and _plain(children[0]["children"]) == label
    )


DURATION = re.compile(r"(\d+)\s*(hours?|minutes?)\b")


def lesson_facts(page: str, notebook: nbformat.NotebookNode) -> dict:
    """What a lesson says of itself, found by headings and tags: its opening paragraph
    (the first after the title, before the first section), its central question (the cell
    tagged central-question), its goals (the numbered list after "## Overview") and its
    time to learn (the paragraph that opens with **Time to learn**), as an ISO 8601
    duration. A lesson without goals or a time to learn is refused, by name."""
    name = f"{page.removesuffix('.html')}.ipynb"
    opening = question = goals = minutes = None
    in_overview = in_intro = False
    for tags, token in _blocks(notebook):
        if _is_heading(token, 1):
            in_intro = True
            continue
        if token["type"] == "heading" and token["attrs"]["level"] >= 2:
            in_intro = False
            in_overview = _is_heading(token, 2, "Overview")
            continue
        children = token.get("children", [])
        if "central-question" in tags and token["type"] == "paragraph" and question is None:
            # "**The question of this lesson.** What ...?": the words after the label.
            label = children and children[0]["type"] == "strong"
            question = _plain(children[1:] if label else children)
        elif in_intro and token["type"] == "paragraph" and opening is None:
            opening = _plain(children)
        if in_overview and token["type"] == "list" and token["attrs"].get("ordered"):
            goals = goals or [_plain(item["children"]).rstrip(";.") for item in children]
        if minutes is None and _opens_with(token, "Time to learn"):
            rest = _plain(children[1:]).lstrip(": ").split(".")[0].split(",")[0]
            found = DURATION.findall(rest)
            if not found:
                raise ValueError(f"{name}: '**Time to learn**: {rest}' gives no duration")
            minutes = sum(int(n) * (60 if unit.startswith("hour") else 1) for n, unit in found)
    for what, value in [
        ("a numbered list of goals under '## Overview'", goals),
        ("a '**Time to learn**: N minutes' line", minutes),
        ("an opening paragraph after its title", opening),
    ]:
        if not value:
            raise ValueError(f"{name}: the catalogue metadata needs {what}")
    return {"opening": opening, "question": question, "goals": goals, "minutes": minutes}


def iso_duration(minutes: int) -> str:
    """PT45M, PT1H30M: an ISO 8601 duration, as schema.org's timeRequired takes it."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _agents(roles: set[str]) -> list[dict]:
    """The data package's contributors in one of these roles, as schema.org agents."""
    found = []
    for person in package_descriptor()["contributors"]:
        if roles & set(person.get("roles", [])):
            if "givenName" in person or "familyName" in person:
                found.append({"@type": "Person", "name": person["title"]})
            else:
                found.append({"@type": "Organization", "name": person["title"]})
    return found


def kit_jsonld() -> dict:
    """What every lesson and the course share: licence, language, what the text is based on
    (the data package's sources: the encyclopedia article and the printed edition its
    translation follows), authors, publisher and version."""
    return {
        "license": site_licence()["path"],
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "isBasedOn": [
            {
                "@type": "CreativeWork",
                "name": s["title"],
                **({"url": s["path"]} if "path" in s else {}),
            }
            for s in package_descriptor()["sources"]
        ],
        "author": _agents({"author", "creator"}),
        "publisher": _agents({"publisher"}),
        "version": decl46.__version__,
        "educationalLevel": EDUCATIONAL_LEVEL,
        "audience": AUDIENCE,
        **ACCESSIBILITY,
    }


def lesson_jsonld(page: str, notebook: nbformat.NotebookNode) -> dict:
    """A lesson as an LRMI LearningResource."""
    facts = lesson_facts(page, notebook)
    description = facts["opening"]
    if facts["question"]:
        description += f" The question of this lesson: {facts['question']}"
    licence = lesson_licence(page, notebook)
    credit = [
        f"The declaration's English text: {title}."
        for title, _ in open_data().schema("paragraphs").sources
    ]
    return {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": page,
        "url": page,
        "name": title_of(notebook),
        "description": description,
        "learningResourceType": "lesson",
        "timeRequired": iso_duration(facts["minutes"]),
        "teaches": facts["goals"],
        "position": int(number_of(page)),
        "isPartOf": {"@type": "Course", "@id": "index.html", "name": COURSE["name"]},
        "creditText": " ".join([*credit, *licence.get("exceptions", [])]),
        **kit_jsonld(),
    }


def course_jsonld() -> dict:
    """The index: the course the lessons make up, each lesson one of its parts."""
    parts, minutes = [], 0
    for page, title, notebook in lessons():
        facts = lesson_facts(page, notebook)
        minutes += facts["minutes"]
        parts.append(
            {
                "@type": "LearningResource",
                "@id": page,
                "url": page,
                "name": title,
                "position": int(number_of(page)),
                "timeRequired": iso_duration(facts["minutes"]),
            }
        )
    kit = kit_jsonld()
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": "index.html",
        "url": "index.html",
        "name": COURSE["name"],
        "description": COURSE["description"],
        "learningResourceType": "course",
        "timeRequired": iso_duration(minutes),
        "hasPart": parts,
        "provider": kit["publisher"],
        **kit,
    }


def document_page(title: str, body: str) -> str:
    """A page of the site that is a document: its title, its body (HTML), the footer."""
    return Template((HERE / "document.html").read_text(encoding="utf-8")).substitute(
        csp=KIT_CSP, title=escape(title), nav=nav(""), body=body, footer=footer()
    )


def accessibility_page() -> str:
    """The accessibility statement (docs/accessibility.md) as a page of the site."""
    text = (DOCS / "accessibility.md").read_text(encoding="utf-8")
    return document_page("Accessibility statement", markdown2html_mistune(text))


def vendored(site: Path) -> list[dict]:
    """Every package in vendor/ with its licence files, and nbconvert's licence copied
    beside them (the lessons' pages carry its template's styles). A package without a
    licence file is refused: its licence must travel with the site."""
    vendor = site / "vendor"
    nbconvert = distribution("nbconvert")
    (licence,) = [f for f in nbconvert.files if f.name.upper().startswith("LICENSE")]
    (vendor / "nbconvert").mkdir(parents=True, exist_ok=True)
    (vendor / "nbconvert" / "LICENSE").write_bytes(Path(licence.locate()).read_bytes())
    found = [
        {
            "folder": "nbconvert",
            "name": "nbconvert (the styles of its lab template, in every lesson page)",
            "version": nbconvert.version,
            "license": nbconvert.metadata.get("License-Expression") or "BSD-3-Clause",
            "files": ["vendor/nbconvert/LICENSE"],
        }
    ]
    for folder in sorted(p for p in vendor.iterdir() if p.is_dir() and p.name != "nbconvert"):
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        files = sorted(
            f.relative_to(site).as_posix()
            for f in folder.rglob("*")
            if f.is_file() and "LICEN" in f.name.upper()
        )
        if not any(Path(f).name == "LICENSE" for f in files):
            raise ValueError(
                f"{folder}: {meta['name']} has no LICENSE file: its licence must travel with "
                "the site (tools/site_licences/, copied by make site)"
            )
        found.append(
            {
                "folder": folder.name,
                "name": meta["name"],
                "version": meta["version"],
                "license": meta["license"],
                "files": files,
            }
        )
    return found


def licences_page(packages: list[dict]) -> str:
    """What may be done with each part of the kit (tools/site_pages/licences.md), and the
    licence of every package the site ships."""
    text = Template((HERE / "licences.md").read_text(encoding="utf-8")).substitute(
        version=decl46.__version__
    )
    rows = "".join(
        f"<tr><td>{escape(p['name'])}</td><td>{escape(p['version'])}</td>"
        f"<td>{escape(p['license'])}</td><td>"
        + ", ".join(f'<a href="{escape(f)}">{escape(f)}</a>' for f in p["files"])
        + "</td></tr>"
        for p in packages
    )
    table = (
        '<table class="vendored"><caption>The software this site ships</caption>'
        '<thead><tr><th scope="col">Package</th><th scope="col">Version</th>'
        '<th scope="col">Licence</th><th scope="col">Licence files</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return document_page("Licences and credits", markdown2html_mistune(text) + table)


def main(site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    packages = vendored(site)
    lesson_pages(site)
    for name, page in [
        ("index.html", index_page),
        ("timeline.html", timeline_page),
        ("annotate.html", annotate_page),
        ("glossary.html", glossary_page),
        ("accessibility.html", accessibility_page),
        ("licences.html", lambda: licences_page(packages)),
    ]:
        (site / name).write_text(check_no_inline_script(name, page()), encoding="utf-8")
    for name in OWN_FILES:
        shutil.copyfile(HERE / name, site / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
