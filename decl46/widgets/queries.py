"""The questions behind the widgets, as plain functions (no widgets, no kernel).

Each explorer in :mod:`decl46.widgets` only reads its controls, calls one of these (or a
public function such as :func:`decl46.events_between`) and shows the result, so
everything a student can see is tested here. The coding widget keeps its state with the
functions at the end of this module.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from decl46._package.cache import DataDir, load_table
from decl46.agreement import empty_coding, read_coding
from decl46.annotated_text import render_reading
from decl46.dates import format_partial_date
from decl46.people import PersonNotFound, find_other, find_person
from decl46.tables import signature_overview
from decl46.vocabularies import labels, vocabulary


def table_html(frame: pd.DataFrame) -> str:
    """A small HTML table of a frame, every value escaped.

    >>> table_html(pd.DataFrame({"a": ["<b>"]}))
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def person_card(name: str, *, data_dir: DataDir = None) -> str:
    """HTML about one signatory: what they signed, how their block was coded, their life, sources.

    ``name`` may be any spelling :func:`decl46.find_person` accepts. Every value from the
    data is escaped.

    Examples
    --------
    >>> from decl46.widgets import queries
    >>> card = queries.person_card("Piatakov")
    >>> "Georgy Leonidovich Pyatakov" in card and "In general, I share" in card
    True
    """
    return card_of(find_person(name, data_dir=data_dir), data_dir=data_dir)


def card_of(person: pd.Series, *, data_dir: DataDir = None) -> str:
    """The HTML of :func:`person_card` for a row of the signatories table."""
    overview = signature_overview(data_dir=data_dir)
    lines = overview[overview["person_id"] == person["person_id"]]
    sources = load_table("sources", data_dir).set_index("source_id")
    part_labels = labels("stances", "part", data_dir=data_dir)
    stance_labels = labels("stances", "stance", data_dir=data_dir)
    fate_labels = labels("signatories", "fate", data_dir=data_dir)
    out = [f"<h3>{escape(person['name'])}</h3>"]
    if not pd.isna(person["name_ru"]):
        out.append(f"<p>{escape(person['name_ru'])}</p>")
    out.append(f"<p><b>Signed as:</b> {escape(person['name_as_signed'])}</p>")
    for _, line in lines.iterrows():
        statement = line["statement"]
        said = (
            "signed the full text without a statement"
            if pd.isna(statement)
            else f"“{escape(statement)}”"
        )
        out.append(f"<p><b>Block {int(line['block_order'])}</b>: {said}</p><ul>")
        for part, label in part_labels.items():
            out.append(f"<li>{escape(label)}: {escape(stance_labels[line[part]])}</li>")
        out.append("</ul>")
    facts = [
        ("Born", person["birth_year"]),
        (
            "Died",
            None
            if pd.isna(person["death_date"])
            else format_partial_date(person["death_date"], person["death_date_precision"]),
        ),
        ("Fate", fate_labels[person["fate"]]),
        ("Post in October 1923", person["post_1923"]),
        ("Later path", person["later_path"]),
        ("Defendant at the Moscow trial of", person["moscow_trial"]),
        ("Rehabilitated", person["rehabilitation_year"]),
        ("What happened", person["fate_note"]),
        (f"Identification ({person['identity_confidence']} confidence)", person["identity_note"]),
    ]
    out += [
        _facts_html(facts),
        _events_html(person["person_id"], data_dir),
        _sources_html(person["source_ids"], sources),
    ]
    return "\n".join(out)


def other_card(person: pd.Series, *, data_dir: DataDir = None) -> str:
    """HTML about someone the kit mentions who did not sign (a row of ``load_others``):
    who they were in October 1923, their part in the story, and the sources."""
    sources = load_table("sources", data_dir).set_index("source_id")
    out = [f"<h3>{escape(person['name'])}</h3>"]
    if not pd.isna(person["name_ru"]):
        out.append(f"<p>{escape(person['name_ru'])}</p>")
    out.append("<p><b>Not among the signers of the declaration.</b></p>")
    facts = [
        ("Post in October 1923", person["post_1923"]),
        ("In the story", person["part_in_story"]),
    ]
    out += [
        _facts_html(facts),
        _events_html(person["person_id"], data_dir),
        _sources_html(person["source_ids"], sources),
    ]
    return "\n".join(out)


def _facts_html(facts: list[tuple[str, object]]) -> str:
    """A two-column table of the facts that have a value, every value escaped."""
    rows = "".join(
        f'<tr><th style="text-align:left;vertical-align:top">{escape(label)}</th>'
        f"<td>{escape(str(value))}</td></tr>"
        for label, value in facts
        if value is not None and not pd.isna(value)
    )
    return f"<table>{rows}</table>"


def _events_html(person_id: str, data_dir: DataDir) -> str:
    """The events of the timeline that name ``person_id`` among their people, by date
    (nothing if there are none); each event's own sources are in the events table."""
    events = load_table("events", data_dir)
    named = events["person_ids"].fillna("").str.split(";").apply(lambda ids: person_id in ids)
    items = "".join(
        f"<li>{escape(format_partial_date(row.date, row.date_precision))}: {escape(row.title)}</li>"
        for row in events[named].sort_values("date").itertuples()
    )
    return f"<p><b>In the timeline</b></p><ul>{items}</ul>" if items else ""


def _sources_html(source_ids: str, sources: pd.DataFrame) -> str:
    """The numbered citations of a ``source_ids`` list."""
    items = "".join(f"<li>{escape(sources.loc[s, 'citation'])}</li>" for s in source_ids.split(";"))
    return f"<p><b>Sources</b></p><ol>{items}</ol>"


PROMPT = "<p>Type or choose a name, then press Enter: what did they sign, what became of them?</p>"


def name_answer(query: str, *, data_dir: DataDir = None) -> tuple[str, str | None]:
    """What the signatory explorer shows for a name a student has typed in full (or
    chosen): ``(html, person_id of the signer to highlight, or None)``.

    A signer gets their card; someone the kit mentions who did not sign (Trotsky,
    Stalin, ...) gets a short answer saying who they were, from ``others.csv``; any other
    name gets a calm note with the closest signers' names.

    Examples
    --------
    >>> from decl46.widgets import queries
    >>> html, person = queries.name_answer("Пятаков")
    >>> person, "Georgy Leonidovich Pyatakov" in html
    ('pyatakov', True)
    >>> html, person = queries.name_answer("Trotsky")
    >>> person, "Not among the signers" in html, "8 October 1923" in html
    (None, True, True)
    """
    name = query.strip()
    if not name:
        return PROMPT, None
    try:
        person = find_person(name, data_dir=data_dir)
    except PersonNotFound as error:
        other = find_other(name, data_dir=data_dir)
        if other is not None:
            return other_card(other, data_dir=data_dir), None
        if "only initials" in str(error):
            return "<p>Add a surname to the initials, e.g. I. N. Smirnov.</p>", None
        return f"<p>{escape(str(error))}.</p>", None
    return card_of(person, data_dir=data_dir), str(person["person_id"])


def quarters(first_year: int, last_year: int) -> list[tuple[str, pd.Timestamp]]:
    """The quarters of the years given, as (label, first day) pairs for a dropdown.

    A label starts with the year, so typing a year in the dropdown jumps to it, and names
    the months, which is what a screen reader reads out.

    >>> quarters(1923, 1923)[2]
    ('1923 Q3: Jul–Sep', Timestamp('1923-07-01 00:00:00'))
    """
    out = []
    for start in pd.date_range(f"{first_year}-01-01", f"{last_year}-12-01", freq="QS"):
        end = start + pd.DateOffset(months=2)
        label = f"{start.year} Q{start.quarter}: {start.strftime('%b')}–{end.strftime('%b')}"
        out.append((label, start))
    return out


def events_listing(
    shown: pd.DataFrame,
    chosen_categories: list[str],
    numbered: list[str] = (),
    *,
    names: dict[str, str] | None = None,
    category_labels: dict[str, str] | None = None,
) -> str:
    """The timeline explorer's text below the chart: how many events, and which; the
    events ``numbered`` (ids, in the order of their numbers on the chart) get their number.
    With ``names`` (person id to name), a column names the people each event names; with
    ``category_labels``, categories are written as the chart's key writes them.

    >>> events_listing(pd.DataFrame(columns=["date", "category", "title"]), [])
    '<p>No category chosen: tick one or more categories above.</p>'
    """
    if not chosen_categories:
        return "<p>No category chosen: tick one or more categories above.</p>"
    if shown.empty:
        return "<p>No event in this range and these categories.</p>"
    number = {event_id: str(n) for n, event_id in enumerate(numbered, start=1)}
    categories = shown["category"].astype(str).tolist()
    columns = {
        "no. on chart": [number.get(e, "") for e in shown["event_id"]],
        # As precisely as each date is known: "8 October 1923", "May 1927", "1936".
        "date": [
            format_partial_date(d, p)
            for d, p in zip(shown["date"], shown["date_precision"], strict=True)
        ],
        "category": [(category_labels or {}).get(c, c) for c in categories],
        "title": shown["title"].tolist(),
    }
    if names is not None:
        columns["people"] = [
            "" if pd.isna(ids) else ", ".join(names.get(p, p) for p in ids.split(";"))
            for ids in shown["person_ids"]
        ]
    count = "1 event shown" if len(shown) == 1 else f"{len(shown)} events shown"
    return f"<p>{count}:</p>" + table_html(pd.DataFrame(columns))


def reader_page(position: int, kinds: list[str] | None = None, *, data_dir: DataDir = None) -> str:
    """HTML of one paragraph of the declaration (counting from 0) with its notes.

    Examples
    --------
    >>> from decl46.widgets import queries
    >>> 'id="p05"' in queries.reader_page(4)
    True
    """
    ids = load_table("paragraphs", data_dir)["paragraph_id"].tolist()
    position = max(0, min(position, len(ids) - 1))
    return render_reading([ids[position]], kinds, data_dir=data_dir)


def glossary_lookup(query: str, *, data_dir: DataDir = None) -> pd.DataFrame:
    """Glossary entries whose term or definition contains the query (case-insensitive).

    Examples
    --------
    >>> from decl46.widgets import queries
    >>> "Politburo" in queries.glossary_lookup("politburo").term.tolist()
    True
    """
    glossary = load_table("glossary", data_dir)
    query = query.strip().lower()
    if not query:
        return glossary.iloc[0:0]
    in_term = glossary["term"].str.lower().str.contains(query, regex=False)
    in_definition = glossary["definition"].str.lower().str.contains(query, regex=False)
    hits = glossary[in_term | in_definition]
    return pd.concat([hits[in_term[hits.index]], hits[~in_term[hits.index]]]).reset_index(drop=True)


# --- the coding widget's state ------------------------------------------------------------


def part_descriptions(*, data_dir: DataDir = None) -> dict[str, str]:
    """For each part of the declaration: its description (from the parts' vocabulary) and
    the paragraphs that hold it, e.g. "The economic and financial crisis ... (p05–p08)."

    >>> part_descriptions()["proposal"].endswith("(p15).")
    True
    """
    parts = vocabulary("stances", "part", data_dir=data_dir)
    paragraphs = load_table("paragraphs", data_dir)
    out = {}
    for part, row in parts.iterrows():
        ids = paragraphs.loc[paragraphs["part"] == part, "paragraph_id"].tolist()
        where = "" if not ids else ids[0] if len(ids) == 1 else f"{ids[0]}–{ids[-1]}"
        text = row.get("description")
        text = row["label"] if pd.isna(text) else text
        out[part] = f"{text.rstrip('.')} ({where})." if where else text
    return out


def resume_coding(path: str | Path, *, data_dir: DataDir = None) -> pd.DataFrame:
    """The coding saved at ``path`` laid over an empty one, or an empty coding if there is none."""
    coding = empty_coding(data_dir=data_dir)
    path = Path(path)
    if not path.exists():
        return coding
    saved = read_coding(path, data_dir=data_dir).set_index(["block_id", "part"])
    indexed = coding.set_index(["block_id", "part"])
    indexed.loc[saved.index, "stance"] = saved["stance"]
    indexed.loc[saved.index, "justification"] = saved["justification"]
    return indexed.reset_index()


def set_code(
    coding: pd.DataFrame,
    block_id: str,
    part: str,
    stance: str | None,
    justification: str | None = None,
) -> pd.DataFrame:
    """A copy of ``coding`` with one block and part set (``stance`` None clears it)."""
    coding = coding.copy()
    row = (coding["block_id"] == block_id) & (coding["part"] == part)
    if row.sum() != 1:
        blocks = ", ".join(dict.fromkeys(coding["block_id"].astype(str)))
        parts = ", ".join(dict.fromkeys(coding["part"].astype(str)))
        raise ValueError(
            f"no block {block_id!r} with part {part!r} in this coding "
            f"(blocks: {blocks}; parts: {parts})"
        )
    coding.loc[row, "stance"] = pd.NA if stance is None else stance
    coding.loc[row, "justification"] = justification if justification else pd.NA
    return coding


def coding_progress(coding: pd.DataFrame) -> tuple[int, int]:
    """(items coded, items in all).

    >>> import decl46
    >>> from decl46.agreement import empty_coding
    >>> coding_progress(empty_coding()), coding_progress(decl46.reference_coding())
    ((0, 52), (52, 52))
    """
    return int(coding["stance"].notna().sum()), len(coding)


def resume_block(coding: pd.DataFrame, blocks: list[str]) -> str:
    """The block to open when a coding is resumed: where the student stopped.

    That is the last block (in order) with any stance chosen, or the block after it when
    it is complete; the first block for an empty coding.

    >>> import decl46
    >>> from decl46.agreement import empty_coding
    >>> blocks = decl46.load_blocks().block_id.tolist()
    >>> coding = set_code(empty_coding(), "b02", "economy", "agrees")
    >>> resume_block(empty_coding(), blocks), resume_block(coding, blocks)
    ('b01', 'b02')
    """
    coded = coding.dropna(subset=["stance"])
    started = [b for b in blocks if (coded["block_id"] == b).any()]
    if not started:
        return blocks[0]
    last = started[-1]
    complete = (coded["block_id"] == last).sum() == (coding["block_id"] == last).sum()
    i = blocks.index(last)
    return blocks[i + 1] if complete and i + 1 < len(blocks) else last
