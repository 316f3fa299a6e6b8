"""The questions behind the widget explorers, as plain functions (no widgets, no kernel).

Each explorer in :mod:`decl46.widgets` only reads its controls, calls one of these and
shows the result, so everything a student can see is tested here.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from decl46.loaders import DataDir
from decl46.loading import load_tables
from decl46.people import find_person
from decl46.reading_view import render_reading
from decl46.style import PART_LABELS, STANCE_LABELS
from decl46.views import format_partial_date, overlapping, signature_overview, timeline


def person_card(name: str, *, data_dir: DataDir = None) -> str:
    """HTML about one signatory: what they signed, how their block was coded, their life, sources.

    ``name`` may be any spelling :func:`decl46.find_person` accepts. Every value from the
    data is escaped.

    Examples
    --------
    >>> import decl46.explore as explore
    >>> card = explore.person_card("Piatakov")
    >>> "Georgy Leonidovich Pyatakov" in card and "In general, I share" in card
    True
    """
    return card_of(find_person(name, data_dir=data_dir), data_dir=data_dir)


def card_of(person: pd.Series, *, data_dir: DataDir = None) -> str:
    """The HTML of :func:`person_card` for a row of the signatories table."""
    t = load_tables(data_dir)
    overview = signature_overview(data_dir=data_dir)
    lines = overview[overview["person_id"] == person["person_id"]]
    sources = t["sources"].set_index("source_id")
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
        for part, label in PART_LABELS.items():
            label = label.replace("\n", " ")
            out.append(f"<li>{escape(label)}: {escape(STANCE_LABELS[line[part]])}</li>")
        out.append("</ul>")
    facts = [
        ("Born", person["birth_year"]),
        (
            "Died",
            None
            if pd.isna(person["death_date"])
            else format_partial_date(person["death_date"], person["death_date_precision"]),
        ),
        ("Fate", str(person["fate"]).replace("_", " ")),
        ("Post in October 1923", person["post_1923"]),
        ("Later path", person["later_path"]),
        ("Defendant at the Moscow trial of", person["moscow_trial"]),
        ("Rehabilitated", person["rehabilitation_year"]),
        ("What happened", person["fate_note"]),
        (f"Identification ({person['identity_confidence']} confidence)", person["identity_note"]),
    ]
    out.append("<table>")
    for label, value in facts:
        if value is not None and not pd.isna(value):
            out.append(
                f'<tr><th style="text-align:left;vertical-align:top">{escape(label)}</th>'
                f"<td>{escape(str(value))}</td></tr>"
            )
    out.append("</table><p><b>Sources</b></p><ol>")
    for source_id in person["source_ids"].split(";"):
        out.append(f"<li>{escape(sources.loc[source_id, 'citation'])}</li>")
    out.append("</ol>")
    return "\n".join(out)


def events_between(
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    categories: list[str] | None = None,
    *,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """The events (and signers' deaths) that overlap a date range, optionally by category.

    ``end`` counts to the end of the period it names ("1923-10" is up to 31 October); an
    event known only to the month or year is in the range when that period overlaps it.

    Examples
    --------
    >>> import decl46.explore as explore
    >>> explore.events_between("1923-10-01", "1923-10-31", ["opposition"]).event_id.tolist()
    ['trotsky_letter_8_october', 'declaration_of_46', 'trotsky_letter_23_october']
    """
    events = timeline(data_dir=data_dir)
    chosen = overlapping(events, start, end)
    if categories is not None:
        chosen &= events["category"].isin(categories)
    return events[chosen].reset_index(drop=True)


def signers_with(part: str, stance: str, *, data_dir: DataDir = None) -> pd.DataFrame:
    """The signature lines whose block took ``stance`` on ``part`` of the declaration.

    Examples
    --------
    >>> import decl46.explore as explore
    >>> explore.signers_with("economy", "abstains").line_as_printed.tolist()
    ['Averin']
    """
    overview = signature_overview(data_dir=data_dir)
    if part not in overview.columns[-4:]:
        raise KeyError(f"no part '{part}'; the parts are {', '.join(overview.columns[-4:])}")
    if stance not in overview[part].cat.categories:
        raise KeyError(
            f"no stance '{stance}'; the stances are {', '.join(overview[part].cat.categories)}"
        )
    return overview.loc[
        overview[part] == stance, ["order", "line_as_printed", "name", "block_id", part]
    ].reset_index(drop=True)


def reader_page(position: int, kinds: list[str] | None = None, *, data_dir: DataDir = None) -> str:
    """HTML of one paragraph of the declaration (counting from 0) with its notes.

    Examples
    --------
    >>> import decl46.explore as explore
    >>> 'id="p05"' in explore.reader_page(4)
    True
    """
    ids = load_tables(data_dir)["paragraphs"]["paragraph_id"].tolist()
    position = max(0, min(position, len(ids) - 1))
    return render_reading([ids[position]], kinds, data_dir=data_dir)


def glossary_lookup(query: str, *, data_dir: DataDir = None) -> pd.DataFrame:
    """Glossary entries whose term or definition contains the query (case-insensitive).

    Examples
    --------
    >>> import decl46.explore as explore
    >>> "Politburo" in explore.glossary_lookup("politburo").term.tolist()
    True
    """
    glossary = load_tables(data_dir)["glossary"]
    query = query.strip().lower()
    if not query:
        return glossary.iloc[0:0]
    in_term = glossary["term"].str.lower().str.contains(query, regex=False)
    in_definition = glossary["definition"].str.lower().str.contains(query, regex=False)
    hits = glossary[in_term | in_definition]
    return pd.concat([hits[in_term[hits.index]], hits[~in_term[hits.index]]]).reset_index(drop=True)
