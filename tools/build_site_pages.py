"""Build the static site in build/site/ (``make site`` runs it once the vendored scripts are
in build/site/vendor/):

- a page per notebook, rendered by nbconvert with the kit's template
  (tools/site_template/decl46) and the widget state embedded; each carries the site's
  links, its previous and next page, and on every widget a note that it is a snapshot;
- ``index.html``: the lessons in order, by the titles of their notebooks, and the two pages
  below;
- ``timeline.html``: :func:`decl46.timeline_json` drawn by TimelineJS (vendor/timelinejs/);
- ``annotate.html``: the declaration's text, which a student annotates with Recogito's text
  annotator (vendor/recogito/) and downloads as W3C Web Annotations, with the kit's notes
  to show beside (a toggle).

Every page reads only the site's own files: no request leaves it. Every piece of data is
escaped (:func:`html.escape` in the HTML, JSON escapes inside the scripts).

Usage: python tools/build_site_pages.py build/site
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from html import escape
from pathlib import Path
from string import Template

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

import decl46
from decl46.dataset import open_data
from decl46.timelinejs import timeline_json_script

HERE = Path(__file__).resolve().parent / "site_pages"
TEMPLATES = Path(__file__).resolve().parent / "site_template"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
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


def pages() -> list[tuple[str, str]]:
    """(page, title) for every page after the index, in the order of the pager."""
    own = [("timeline.html", "Timeline"), ("annotate.html", "Annotate the text")]
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


def lesson_pages(site: Path) -> None:
    html = exporter()
    for page, title, notebook in lessons():
        notebook = without_saving(notebook)
        notebook.metadata["title"] = title
        resources = {
            "metadata": {"name": page.removesuffix(".html"), "path": str(NOTEBOOKS)},
            "decl46": {"nav": nav(page), "pager": pager(page), "snapshot": SNAPSHOT},
        }
        body, _ = html.from_notebook_node(notebook, resources=resources)
        (site / page).write_text(body, encoding="utf-8")


def index_page() -> str:
    items = "\n".join(
        f'<li><a href="{escape(page)}">{escape(title)}</a></li>' for page, title, _ in lessons()
    )
    return Template((HERE / "index.html").read_text(encoding="utf-8")).substitute(
        nav=nav("index.html"), lessons=items, pager=pager("index.html")
    )


def timeline_page() -> str:
    first, last = decl46.tables.period()
    return Template((HERE / "timeline.html").read_text(encoding="utf-8")).substitute(
        nav=nav("timeline.html"),
        pager=pager("timeline.html"),
        first=escape(first),
        last=escape(last),
        data=timeline_json_script(),
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
    }
    return Template((HERE / "annotate.html").read_text(encoding="utf-8")).substitute(
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
    (site / "index.html").write_text(index_page(), encoding="utf-8")
    (site / "timeline.html").write_text(timeline_page(), encoding="utf-8")
    (site / "annotate.html").write_text(annotate_page(), encoding="utf-8")
    for name in ["site.css", "pages.css", "annotate.js"]:
        shutil.copyfile(HERE / name, site / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
