"""The annotated reading: the declaration's text with its notes, as HTML and as W3C annotations.

Everything that comes from the data (text, quotes, notes, definitions, titles, citations)
is escaped with :func:`html.escape`, so the data is shown as text and never becomes
markup: a note containing ``<script>`` shows the characters ``<script>``. The HTML needs
no JavaScript and carries its own style, inline (see :data:`STYLES`), so it reads the same
in JupyterLab (untrusted too), in Voilà and in an exported page.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.dates import format_partial_date

# Pale backgrounds from the Okabe–Ito palette, keyed by the kinds of annotation declared in
# datapackage.json; each kind is also named by its label, so colour is never the only cue.
# A kind a teacher's copy adds gets the neutral colour.
NEUTRAL = "#e4e4e4"
KIND_COLOURS = {
    "glossary": "#cfe8f7",
    "context": "#f9e3b4",
    "person": "#f2d3e6",
    "event": "#c9ece2",
    "question": "#fbf6b8",
}

# The look of each part of the reading, written into its ``style`` attribute. Inline styles
# with these properties are what JupyterLab's sanitiser keeps in an untrusted notebook (a
# fresh clone, a downloaded file), where a <style> element or a class's CSS is dropped; so
# the reading looks the same there, in a trusted notebook, in Voilà and on the site.
STYLES = {
    "reading": 'font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 17px; '
    "line-height: 1.6; color: #111111; max-width: 1100px",
    "para": "display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); "
    "column-gap: 1.5em; border-top: 1px solid #dddddd; padding: 0.8em 0",
    "bare": "border-top: 1px solid #dddddd; padding: 0.8em 0",
    "meta": "font-size: 14px; color: #555555; margin-bottom: 0.3em",
    "heading": "font-weight: bold",
    "mark": "border-bottom: 3px solid #888888; padding: 0 1px; color: #111111",
    "sup": "font-size: 14px; font-weight: bold; color: #333333",
    "notes": "font-size: 15px; margin: 0; padding-left: 1.6em",
    "note": "margin-bottom: 0.4em",
    "summary": "cursor: pointer",
    "body": "margin: 0.3em 0 0.2em 0",
    "kind": "font-size: 14px; font-weight: bold; text-transform: uppercase; padding: 0 4px; "
    "border-radius: 3px; margin-right: 4px; color: #111111",
    "quote": "font-style: italic",
    "small": "font-size: 14px; color: #444444",
}


def _styled(role: str, kind: str | None = None) -> str:
    """The class and style attributes of a part of the reading (``kind``: the note's kind,
    for the background of its mark and label)."""
    style = STYLES[role]
    classes = role
    if kind is not None:
        style += f"; background-color: {KIND_COLOURS.get(kind, NEUTRAL)}"
        classes += f" k-{escape(kind)}"
    return f'class="{classes}" style="{escape(style)}"'


@data_docs
def render_reading(
    paragraph_ids: list[str] | None = None,
    kinds: list[str] | None = None,
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> str:
    """HTML of the declaration with its annotated spans highlighted and the notes beside them.

    Each note shows its number, kind and the words it is about; a click opens what it
    says, the glossary entries, people and events it links to, and its sources.

    Parameters
    ----------
    paragraph_ids : list of str, optional
        Paragraphs to show (e.g. ``["p09", "p10"]``); all by default, in document order.
    kinds : list of str, optional
        Kinds of annotation to show (glossary, context, person, event, question); all by
        default. ``[]`` shows the bare text.
    {data_parameters}

    Returns
    -------
    str
        Self-contained HTML (inline styles, no script). In a notebook, show it
        with ``IPython.display.HTML``.

    Examples
    --------
    >>> import decl46
    >>> html = decl46.render_reading(["p07"], kinds=["glossary"])
    >>> "chervonets" in html and "<script" not in html
    True
    """
    data = using(dataset, data_dir)
    paragraphs = data["paragraphs"]
    kind_labels = data.labels("annotations", "kind")
    if paragraph_ids is not None:
        ids = paragraphs["paragraph_id"].tolist()
        unknown = sorted(set(paragraph_ids) - set(ids))
        if unknown:
            raise ValueError(
                f"no paragraph {', '.join(unknown)}; the ids run from {ids[0]} to {ids[-1]}"
            )
        paragraphs = paragraphs[paragraphs["paragraph_id"].isin(paragraph_ids)]
    annotations = data["annotations"]
    if kinds is not None:
        unknown = sorted(set(kinds) - set(kind_labels))
        if unknown:
            raise ValueError(
                f"no annotation kind {', '.join(unknown)}; the kinds are {', '.join(kind_labels)}"
            )
        annotations = annotations[annotations["kind"].isin(kinds)]
    lookup = _Lookup(data, kind_labels)
    parts = [f'<article class="decl46-reading" style="{escape(STYLES["reading"])}">']
    for _, paragraph in paragraphs.iterrows():
        notes = annotations[annotations["paragraph_id"] == paragraph["paragraph_id"]]
        notes = notes.sort_values(["start", "end"], kind="stable")
        parts.append(_render_paragraph(paragraph, notes, lookup, bare=kinds == []))
    origin = "; ".join(title for title, _ in data.schema("paragraphs").sources)
    credit = f"Text: {escape(origin)}. " if origin else ""
    parts.append(f"<p {_styled('meta')}>{credit}Notes: the decl46 kit.</p></article>")
    return "\n".join(parts)


class _Lookup:
    """Names, titles, definitions and citations for the notes' links and sources."""

    def __init__(self, data: Dataset, kind_labels: dict[str, str]):
        self.kind_labels = kind_labels
        glossary = data["glossary"]
        self.glossary = dict(zip(glossary["term"], glossary["definition"], strict=True))
        people = data["signatories"]
        self.people = dict(zip(people["person_id"], people["name"], strict=True))
        events = data["events"]
        self.events = {
            row.event_id: f"{row.title} ({format_partial_date(row.date, row.date_precision)})"
            for row in events.itertuples()
        }
        sources = data["sources"]
        self.citations = dict(zip(sources["source_id"], sources["citation"], strict=True))

    def link(self, item: str) -> str:
        kind, _, key = item.partition(":")
        if kind == "glossary":
            return f"<b>{escape(key)}</b>: {escape(self.glossary[key])}"
        if kind == "person":
            return f"Signatory: {escape(self.people[key])}"
        return f"Event: {escape(self.events[key])}"


def _render_paragraph(paragraph, notes: pd.DataFrame, lookup: _Lookup, bare: bool) -> str:
    """One paragraph with its notes beside it; ``bare`` (no kind of note chosen): the text
    alone, the whole width."""
    pid = escape(paragraph["paragraph_id"])
    part = "" if pd.isna(paragraph["part"]) else f" · part: {escape(str(paragraph['part']))}"
    heading = paragraph["section"] != "body"
    numbered = [(i + 1, note) for i, (_, note) in enumerate(notes.iterrows())]
    text_html = _highlight(paragraph["text"], numbered)
    items = "".join(_render_note(number, note, lookup) for number, note in numbered)
    notes_html = f"<ol {_styled('notes')}>{items}</ol>" if items else ""
    text_style = _styled("heading") if heading else ""
    if bare:
        return (
            f'<section {_styled("bare")} id="{pid}">'
            f"<div {_styled('meta')}>{pid}{part}</div><p {text_style}>{text_html}</p></section>"
        )
    return (
        f'<section {_styled("para")} id="{pid}"><div>'
        f"<div {_styled('meta')}>{pid}{part}</div><p {text_style}>{text_html}</p></div>"
        f"<aside>{notes_html}</aside></section>"
    )


def _highlight(text: str, numbered: list[tuple[int, pd.Series]]) -> str:
    """The text with each annotated span in a <mark> and its note number after it.

    Spans may overlap or nest: the text is cut at every span boundary, and each piece is
    marked with the kind of the innermost span covering it.
    """
    cuts = sorted(
        {0, len(text)}
        | {int(n["start"]) for _, n in numbered}
        | {int(n["end"]) for _, n in numbered}
    )
    ends_at: dict[int, list[int]] = {}
    for number, note in numbered:
        ends_at.setdefault(int(note["end"]), []).append(number)
    out = []
    for a, b in pairwise(cuts):
        covering = [
            (n["end"] - n["start"], number, n)
            for number, n in numbered
            if n["start"] <= a and b <= n["end"]
        ]
        piece = escape(text[a:b])
        if covering:
            _, _, inner = min(covering, key=lambda c: (c[0], c[1]))
            piece = f"<mark {_styled('mark', str(inner['kind']))}>{piece}</mark>"
        out.append(piece)
        for number in ends_at.get(b, []):
            out.append(f"<sup {_styled('sup')}>{number}</sup>")
    return "".join(out)


def _render_note(number: int, note: pd.Series, lookup: _Lookup) -> str:
    """One note: its number, kind and quote always shown; what it says, the terms, people
    and events it links to and its sources open on demand (``<details>``), so a paragraph's
    notes take a line each until a reader opens one."""
    kind = str(note["kind"])
    parts = [
        f'<li value="{number}" {_styled("note")}><details><summary {_styled("summary")}>'
        f"<span {_styled('kind', kind)}>{escape(lookup.kind_labels[kind])}</span>"
        f"<span {_styled('quote')}>“{escape(note['quote'])}”</span></summary>",
        f"<p {_styled('body')}>{escape(note['body'])}</p>",
    ]
    if not pd.isna(note["links"]):
        links = "<br>".join(lookup.link(item) for item in note["links"].split(";"))
        parts.append(f"<div {_styled('small')}>{links}</div>")
    if not pd.isna(note["source_ids"]):
        cited = "; ".join(escape(lookup.citations[s]) for s in note["source_ids"].split(";"))
        parts.append(f"<div {_styled('small')}>Sources: {cited}</div>")
    parts.append("</details></li>")
    return "".join(parts)


@data_docs
def annotations_jsonld(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> dict:
    """The annotations as a W3C Web Annotation collection (JSON-LD), for annotation tools.

    Each annotation targets its paragraph, identified as ``urn:decl46:paragraph:<id>``
    within the source text, with a ``TextQuoteSelector`` (the quote and a little context
    either side) and a ``TextPositionSelector`` (its offsets in the paragraph).

    Parameters
    ----------
    {data_parameters}

    Examples
    --------
    >>> import decl46, json
    >>> collection = decl46.annotations_jsonld()
    >>> collection["type"], collection["items"][0]["type"]
    ('AnnotationCollection', 'Annotation')
    >>> json.loads(json.dumps(collection)) == collection
    True
    """
    data = using(dataset, data_dir)
    motivations = data.vocabulary("annotations", "kind")["motivation"].to_dict()
    origin = [path for _, path in data.schema("paragraphs").sources if path]
    paragraphs, sources = data["paragraphs"], data["sources"]
    texts = dict(zip(paragraphs["paragraph_id"], paragraphs["text"], strict=True))
    sources = dict(zip(sources["source_id"], sources["url"], strict=True))
    items = []
    for note in data["annotations"].itertuples():
        text, start, end = texts[note.paragraph_id], int(note.start), int(note.end)
        body = [
            {
                "type": "TextualBody",
                "value": note.body,
                "format": "text/plain",
                "language": "en",
                "purpose": motivations[note.kind],
            }
        ]
        if not pd.isna(note.links):
            body += [
                {"type": "SpecificResource", "source": f"urn:decl46:{item}", "purpose": "linking"}
                for item in note.links.split(";")
            ]
        if not pd.isna(note.source_ids):
            body += [
                {
                    "type": "SpecificResource",
                    "source": sources[s] if not pd.isna(sources[s]) else f"urn:decl46:source:{s}",
                    "purpose": "citing",
                }
                for s in note.source_ids.split(";")
            ]
        items.append(
            {
                "id": f"urn:decl46:annotation:{note.annotation_id}",
                "type": "Annotation",
                "motivation": motivations[note.kind],
                "body": body,
                "target": {
                    "source": f"urn:decl46:paragraph:{note.paragraph_id}",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": note.quote,
                            "prefix": text[max(0, start - 32) : start],
                            "suffix": text[end : end + 32],
                        },
                        {"type": "TextPositionSelector", "start": start, "end": end},
                    ],
                },
            }
        )
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:decl46:annotations",
        "type": "AnnotationCollection",
        "label": "Notes on the declaration (decl46 kit)"
        + (f"; text: {', '.join(origin)}" if origin else ""),
        "total": len(items),
        "items": items,
    }
