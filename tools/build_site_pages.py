"""Write the site's own pages into build/site/ (``make site`` runs it after nbconvert):

- ``timeline.html``: :func:`decl46.timeline_json` drawn by TimelineJS (vendor/timelinejs/);
- ``annotate.html``: the declaration's text, which a student annotates with Recogito's text
  annotator (vendor/recogito/) and downloads as W3C Web Annotations, with the kit's notes
  to show beside (a toggle).

Both read only the site's own files: no request leaves the page. Every piece of data is
escaped (:func:`html.escape` in the HTML, JSON escapes inside the scripts).

Usage: python tools/build_site_pages.py build/site
"""

from __future__ import annotations

import json
import shutil
import sys
from html import escape
from pathlib import Path
from string import Template

import decl46
from decl46._package.cache import package_of
from decl46.timelinejs import timeline_json_script

HERE = Path(__file__).resolve().parent / "site_pages"


def script_json(value) -> str:
    """JSON that cannot end the <script> element it stands in."""
    text = json.dumps(value, ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def nav(site: Path, current: str) -> str:
    """Links to the notebooks' pages and to the kit's own pages."""
    links = [(p.name, p.stem.replace("_", " ")) for p in sorted(site.glob("0*.html"))]
    links += [("timeline.html", "Timeline"), ("annotate.html", "Annotate the text")]
    items = [
        f'<a href="{escape(href)}"'
        + (' aria-current="page"' if href == current else "")
        + f">{escape(text)}</a>"
        for href, text in links
    ]
    return '<nav class="decl46-nav" aria-label="Pages of the kit">' + "\n".join(items) + "</nav>"


def timeline_page(site: Path) -> str:
    first, last = decl46.tables.period()
    return Template((HERE / "timeline.html").read_text(encoding="utf-8")).substitute(
        nav=nav(site, "timeline.html"),
        first=escape(first),
        last=escape(last),
        data=timeline_json_script(),
    )


def annotate_page(site: Path) -> str:
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
        for title, path in package_of().table("paragraphs").sources
    )
    data = {
        "paragraphs": dict(zip(paragraphs["paragraph_id"], paragraphs["text"], strict=True)),
        "kit": kit,
        "kitLabels": kit_labels,
    }
    return Template((HERE / "annotate.html").read_text(encoding="utf-8")).substitute(
        nav=nav(site, "annotate.html"),
        paragraphs="\n".join(sections),
        data=script_json(data),
        total=len(kit),
        credit=credit,
    )


def main(site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    (site / "timeline.html").write_text(timeline_page(site), encoding="utf-8")
    (site / "annotate.html").write_text(annotate_page(site), encoding="utf-8")
    for name in ["pages.css", "annotate.js"]:
        shutil.copyfile(HERE / name, site / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
