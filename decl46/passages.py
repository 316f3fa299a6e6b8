"""Passages a class reads: events and signature statements as HTML that wraps at words.

A projected notebook shows text to be read as HTML, never as printed output (which a
notebook wraps by character, breaking words). These functions give that HTML, with every
piece of data escaped (the data is content, never markup) and the look inline, so it reads
the same untrusted in JupyterLab, in Voilà and on the site. Show the result with
``IPython.display.HTML``. The declaration's own text with its notes is
:func:`decl46.render_reading`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.dates import written_dates
from decl46.tables import timeline_events

STYLE = (
    'style="font-family: &quot;DejaVu Sans&quot;, Verdana, sans-serif; font-size: 17px; '
    'line-height: 1.5; max-width: 60em"'
)


def _quotation(heading: str, text: str) -> str:
    """One passage as a class reads it: a quotation set off by a rule, under a line that
    says whose or which it is (both already HTML)."""
    return (
        '<blockquote style="border-left: 4px solid #888; margin: 0 0 1em 0; '
        f'padding: 0.2em 0 0.2em 1em"><p style="margin: 0">{heading}</p>'
        f'<p style="margin: 0.3em 0 0 0">{text}</p></blockquote>'
    )


@data_docs
def events_html(
    event_ids: list[str] | None = None,
    *,
    events: pd.DataFrame | None = None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> str:
    """Events for a class to read: for each, its date as precisely as it is known, its
    title and what happened, in date order.

    Parameters
    ----------
    event_ids : list of str, optional
        The events to show, by id (events and signers' deaths, as in
        :func:`decl46.timeline_events`).
    events : DataFrame, optional
        Instead of ids, the rows to show (a selection of :func:`decl46.timeline_events`).
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> html = decl46.events_html(["declaration_of_46"])
    >>> "<b>15 October 1923</b>" in html and "<script" not in html
    True
    """
    if events is None:
        everything = timeline_events(dataset=dataset, data_dir=data_dir).set_index("event_id")
        ids = list(everything.index) if event_ids is None else list(event_ids)
        unknown = [e for e in ids if e not in everything.index]
        if unknown:
            raise ValueError(f"no event {', '.join(map(repr, unknown))} in the timeline")
        events = everything.loc[ids].reset_index()
    events = events.sort_values("date", kind="stable")
    when = written_dates(events)
    items = "".join(
        f'<li style="margin-bottom: 0.5em"><b>{escape(w)}</b>: {escape(str(title))}'
        + ("" if pd.isna(text) else f'<br><span style="color: #333">{escape(str(text))}</span>')
        + "</li>"
        for w, title, text in zip(when, events["title"], events["description"], strict=True)
    )
    return f'<ul class="decl46-events" {STYLE}>{items}</ul>'


@data_docs
def statements_html(
    block_ids: list[str] | None = None,
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> str:
    """The statements of signature blocks, each with its number and the names signed under
    it, as quotations for a class to read slowly.

    Parameters
    ----------
    block_ids : list of str, optional
        The blocks, e.g. ``["b02", "b05", "b13"]``; every block with a statement by default.
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> html = decl46.statements_html(["b08"])
    >>> "Block 8" in html and "practical proposals" in html
    True
    """
    data = using(dataset, data_dir)
    blocks = data["blocks"].set_index("block_id")
    ids = list(blocks.index[blocks["statement"].notna()]) if block_ids is None else block_ids
    unknown = [b for b in ids if b not in blocks.index]
    if unknown:
        raise ValueError(
            f"no block {', '.join(map(repr, unknown))}; the blocks are {', '.join(blocks.index)}"
        )
    signers = data["signatures"].groupby("block_id")["line_as_printed"].agg(", ".join)
    parts = []
    for block_id in ids:
        statement = blocks.loc[block_id, "statement"]
        said = (
            "<i>(no statement: these names stand under the whole text)</i>"
            if pd.isna(statement)
            else f"“{escape(statement)}”"
        )
        number = int(blocks.loc[block_id, "order"])
        parts.append(
            _quotation(f"<b>Block {number}</b> ({escape(signers.get(block_id, ''))})", said)
        )
    return f'<div class="decl46-statements" {STYLE}>{"".join(parts)}</div>'


@data_docs
def letter_passages_html(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> str:
    """The passages of Trotsky's letter of 8 October 1923 that the kit holds (the
    ``trotsky_letter`` table: Max Eastman's translation of 1925), each as a quotation with
    the paragraphs of the declaration it can be set beside.

    Parameters
    ----------
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> "compare with p11, p12" in decl46.letter_passages_html()
    True
    """
    data = using(dataset, data_dir)
    letter = data["trotsky_letter"]
    parts = [
        _quotation(
            f"<b>{escape(row.passage_id)}</b>"
            + (
                ""
                if pd.isna(row.compare_with)
                else f" (compare with {escape(', '.join(row.compare_with.split(';')))})"
            ),
            escape(row.text),
        )
        for row in letter.itertuples()
    ]
    source = "; ".join(title for title, _ in data.schema("trotsky_letter").sources)
    credit = f'<p style="font-size: 14px; color: #444">{escape(source)}</p>' if source else ""
    return f'<div class="decl46-letter" {STYLE}>{"".join(parts)}{credit}</div>'
