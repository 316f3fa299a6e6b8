"""What the widgets show, as plain functions that return HTML (no widgets, no kernel).

Each explorer in :mod:`decl46.widgets` only reads its controls, calls one of these (or a
public function such as :func:`decl46.events_between`) and shows the result, so
everything a student can see is tested here. Every value from the data is escaped: the
data is content, never markup. The coding widget keeps its coding with the functions of
:mod:`decl46.codings`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from decl46.annotated_text import render_reading
from decl46.dataset import DataDir, Dataset, using
from decl46.dates import format_partial_date
from decl46.people import PersonNotFound, find_other, find_person
from decl46.tables import signature_overview


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


def person_card(name: str, *, dataset: Dataset | None = None, data_dir: DataDir = None) -> str:
    """HTML about one signatory: what they signed, how their block was coded, their life, sources.

    ``name`` may be any spelling :func:`decl46.find_person` accepts. Every value from the
    data is escaped.

    Examples
    --------
    >>> from decl46.widgets import answers
    >>> card = answers.person_card("Piatakov")
    >>> "Georgy Leonidovich Pyatakov" in card and "In general, I share" in card
    True
    """
    data = using(dataset, data_dir)
    return card_of(find_person(name, dataset=data), dataset=data)


def card_of(person: pd.Series, *, dataset: Dataset | None = None, data_dir: DataDir = None) -> str:
    """The HTML of :func:`person_card` for a row of the signatories table."""
    data = using(dataset, data_dir)
    overview = signature_overview(dataset=data)
    lines = overview[overview["person_id"] == person["person_id"]]
    sources = data["sources"].set_index("source_id")
    part_labels = data.labels("stances", "part")
    stance_labels = data.labels("stances", "stance")
    fate_labels = data.labels("signatories", "fate")
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
        _events_html(person["person_id"], data),
        _sources_html(person["source_ids"], sources),
    ]
    return "\n".join(out)


def other_card(
    person: pd.Series, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> str:
    """HTML about someone the kit mentions who did not sign (a row of ``load_others``):
    who they were in October 1923, their part in the story, and the sources."""
    data = using(dataset, data_dir)
    sources = data["sources"].set_index("source_id")
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
        _events_html(person["person_id"], data),
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


def _events_html(person_id: str, data: Dataset) -> str:
    """The events of the timeline that name ``person_id`` among their people, by date
    (nothing if there are none); each event's own sources are in the events table."""
    events = data["events"]
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


def name_answer(
    query: str, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> tuple[str, str | None]:
    """What the signatory explorer shows for a name a student has typed in full (or
    chosen): ``(html, person_id of the signer to highlight, or None)``.

    A signer gets their card; someone the kit mentions who did not sign (Trotsky,
    Stalin, ...) gets a short answer saying who they were, from ``others.csv``; any other
    name gets a calm note with the closest signers' names.

    Examples
    --------
    >>> from decl46.widgets import answers
    >>> html, person = answers.name_answer("Пятаков")
    >>> person, "Georgy Leonidovich Pyatakov" in html
    ('pyatakov', True)
    >>> html, person = answers.name_answer("Trotsky")
    >>> person, "Not among the signers" in html, "8 October 1923" in html
    (None, True, True)
    """
    name = query.strip()
    if not name:
        return PROMPT, None
    data = using(dataset, data_dir)
    try:
        person = find_person(name, dataset=data)
    except PersonNotFound as error:
        other = find_other(name, dataset=data)
        if other is not None:
            return other_card(other, dataset=data), None
        if "only initials" in str(error):
            return "<p>Add a surname to the initials, e.g. I. N. Smirnov.</p>", None
        return f"<p>{escape(str(error))}.</p>", None
    return card_of(person, dataset=data), str(person["person_id"])


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


def reader_page(
    position: int,
    kinds: list[str] | None = None,
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> str:
    """HTML of one paragraph of the declaration (counting from 0) with its notes.

    Examples
    --------
    >>> from decl46.widgets import answers
    >>> 'id="p05"' in answers.reader_page(4)
    True
    """
    data = using(dataset, data_dir)
    ids = data["paragraphs"]["paragraph_id"].tolist()
    position = max(0, min(position, len(ids) - 1))
    return render_reading([ids[position]], kinds, dataset=data)


def glossary_lookup(
    query: str, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> pd.DataFrame:
    """Glossary entries whose term or definition contains the query (case-insensitive).

    Examples
    --------
    >>> from decl46.widgets import answers
    >>> "Politburo" in answers.glossary_lookup("politburo").term.tolist()
    True
    """
    glossary = using(dataset, data_dir)["glossary"]
    query = query.strip().lower()
    if not query:
        return glossary.iloc[0:0]
    in_term = glossary["term"].str.lower().str.contains(query, regex=False)
    in_definition = glossary["definition"].str.lower().str.contains(query, regex=False)
    hits = glossary[in_term | in_definition]
    return pd.concat([hits[in_term[hits.index]], hits[~in_term[hits.index]]]).reset_index(drop=True)


# --- the coding widget ---------------------------------------------------------------------


def part_descriptions(
    *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> dict[str, str]:
    """For each part of the declaration: its description (from the parts' vocabulary) and
    the paragraphs that hold it, e.g. "The economic and financial crisis ... (p05–p08)."

    >>> part_descriptions()["proposal"].endswith("(p15).")
    True
    """
    data = using(dataset, data_dir)
    parts = data.vocabulary("stances", "part")
    paragraphs = data["paragraphs"]
    out = {}
    for part, row in parts.iterrows():
        ids = paragraphs.loc[paragraphs["part"] == part, "paragraph_id"].tolist()
        where = "" if not ids else ids[0] if len(ids) == 1 else f"{ids[0]}–{ids[-1]}"
        text = row.get("description")
        text = row["label"] if pd.isna(text) else text
        out[part] = f"{text.rstrip('.')} ({where})." if where else text
    return out
