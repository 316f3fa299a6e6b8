"""The timeline in TimelineJS3's JSON format, for the timeline tool historians already use.

:func:`timeline_json` turns :func:`decl46.timeline_events` (the events and the signers' deaths,
the same rows the figures draw) into the object TimelineJS3 reads
(https://timeline.knightlab.com/docs/json-format.html): one slide per row, its date
written no more precisely than it is known, grouped by the category's label, with the
row's sources cited in the slide's text, and the lessons' eras (``decl46:eras`` in
datapackage.json) as bands under the time axis.

Every piece of text that comes from the data is escaped with :func:`html.escape`:
TimelineJS shows a slide's text as HTML, and the data is content, never markup.
"""

from __future__ import annotations

import json
from html import escape

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.dates import end_of, format_partial_date
from decl46.tables import timeline_categories, timeline_events


@data_docs
def timeline_json(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> dict:
    """The timeline as a TimelineJS3 JSON object (a dict ready for :func:`json.dumps`).

    - ``title``: the data package's title and description, as the title slide.
    - ``events``: one slide per row of :func:`decl46.timeline_events`, in date order, with
      ``unique_id`` the event's id; ``start_date`` (and ``end_date`` for an event that
      lasted) gives ``year``, ``month`` and ``day`` only as far as the date is known (a
      date known to the month has no ``day``, so TimelineJS shows a month), and
      ``display_date`` writes it as the kit does ("15 October 1923", "July 1923"); the
      ``group`` is the category's label; the ``text`` holds the description, the
      signatories the row names and the citations of its sources (linked where the
      source has an address), all escaped.
    - ``eras``: the lessons' eras from ``decl46:eras`` in datapackage.json, each from the
      first to the last day its dates stand for.

    The kit's data has no pictures, so no slide has ``media``; a slide that had one would
    carry its ``alt`` text.

    Parameters
    ----------
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> tl = decl46.timeline_json()
    >>> len(tl["events"]) == len(decl46.timeline_events())
    True
    >>> [e for e in tl["events"] if e["unique_id"] == "scissors_crisis"][0]["start_date"]
    {'year': 1923, 'month': 8, 'display_date': 'August 1923'}
    """
    data = using(dataset, data_dir)
    events = timeline_events(dataset=data)
    groups = timeline_categories(dataset=data)
    sources = data["sources"].set_index("source_id")
    people = data["signatories"]
    names = dict(zip(people["person_id"], people["name"], strict=True))
    slides = []
    for row in events.itertuples(index=False):
        slide = {
            "unique_id": row.event_id,
            "start_date": _date(row.date, row.date_precision),
            "text": {
                "headline": escape(row.title),
                "text": _slide_text(row, names, sources),
            },
            "group": escape(groups[row.category]),
        }
        if not pd.isna(row.end_date):
            end_precision = getattr(row, "end_date_precision", None)
            end_precision = "day" if pd.isna(end_precision) else end_precision
            slide["end_date"] = _date(row.end_date, end_precision)
        slides.append(slide)
    eras = [
        {
            "start_date": _date(pd.Timestamp(era.start), "day"),
            "end_date": _date(end_of(era.end), "day"),
            "text": {"headline": escape(era.label), "text": escape(era.description)},
        }
        for era in data.eras
    ]
    title = {"text": {"headline": escape(data.title), "text": escape(data.description)}}
    return {"title": title, "events": slides, "eras": eras}


def timeline_json_script(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> str:
    """:func:`timeline_json` as JSON that is safe inside an HTML ``<script>`` element:
    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text in the data can end
    the script."""
    text = json.dumps(timeline_json(dataset=dataset, data_dir=data_dir), ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _date(date: pd.Timestamp, precision: str) -> dict:
    """A TimelineJS date: year, then month and day only as far as they are known."""
    precision = str(precision)
    out: dict = {"year": int(date.year)}
    if precision in ("month", "day"):
        out["month"] = int(date.month)
    if precision == "day":
        out["day"] = int(date.day)
    out["display_date"] = format_partial_date(date, precision)
    return out


def _slide_text(row, names: dict[str, str], sources: pd.DataFrame) -> str:
    parts = []
    if not pd.isna(row.description):
        parts.append(f"<p>{escape(row.description)}</p>")
    if not pd.isna(row.person_ids):
        people = [names.get(p, p) for p in row.person_ids.split(";")]
        parts.append(f'<p class="decl46-people">Signatories: {escape(", ".join(people))}</p>')
    if not pd.isna(row.source_ids):
        cited = []
        for source_id in row.source_ids.split(";"):
            citation, url = sources.loc[source_id, "citation"], sources.loc[source_id, "url"]
            cited.append(
                escape(citation)
                if pd.isna(url)
                else f'<a href="{escape(url)}">{escape(citation)}</a>'
            )
        parts.append('<p class="decl46-sources">Sources: ' + "; ".join(cited) + "</p>")
    return "".join(parts)
