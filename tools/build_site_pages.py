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
import shutil
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from string import Template

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

import decl46
from decl46.codings import MAX_NAME
from decl46.dataset import open_data

HERE = Path(__file__).resolve().parent / "site_pages"
TEMPLATES = Path(__file__).resolve().parent / "site_template"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
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
        csp=KIT_CSP, nav=nav("index.html"), lessons=items, pager=pager("index.html")
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
    )


def glossary_page() -> str:
    """The glossary (decl46.glossary.glossary_markdown, the docs/glossary.md of the kit) as
    a page of the site, with an anchor for each term that the lessons link to."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from decl46.glossary import glossary_markdown

    return Template((HERE / "glossary.html").read_text(encoding="utf-8")).substitute(
        csp=KIT_CSP,
        nav=nav("glossary.html"),
        pager=pager("glossary.html"),
        body=markdown2html_mistune(glossary_markdown()),
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
    )


def main(site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    lesson_pages(site)
    for name, page in [
        ("index.html", index_page),
        ("timeline.html", timeline_page),
        ("annotate.html", annotate_page),
        ("glossary.html", glossary_page),
    ]:
        (site / name).write_text(check_no_inline_script(name, page()), encoding="utf-8")
    for name in OWN_FILES:
        shutil.copyfile(HERE / name, site / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
