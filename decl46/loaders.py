"""One loader per table: ``load_<table>(*, dataset=None, data_dir=None) -> pandas.DataFrame``.

Each loader reads through :func:`decl46.open_data`, which checks the whole data directory
first (see :func:`decl46.validate`) and raises :class:`decl46.DataError` if anything is
wrong. ``data_dir`` lets a teacher load an edited copy of ``data/``; it is checked exactly
like the shipped data. ``dataset``, what :func:`decl46.open_data` returns, is read once
and handed on. Column by column, each table is described by :func:`describe`, and the
allowed values of a column and their labels by :func:`decl46.vocabulary`.
"""

from __future__ import annotations

import pandas as pd

from decl46.dataset import DataDir, Dataset, using


def load_paragraphs(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """The declaration's text, one row per paragraph in document order.

    Columns: paragraph_id, order, section (title, date, classification, addressee,
    body), part (economy, party_regime, causes, proposal; empty for heading lines), text.

    Examples
    --------
    >>> import decl46
    >>> paragraphs = decl46.load_paragraphs()
    >>> len(paragraphs)
    15
    >>> paragraphs.loc[paragraphs.section == "body", "part"].value_counts(sort=False).to_dict()
    {'economy': 4, 'party_regime': 3, 'causes': 3, 'proposal': 1}
    """
    return using(dataset, data_dir)["paragraphs"]


def load_blocks(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """The signature blocks: a statement (or none) and the names signed under it.

    Columns: block_id, order, statement, refers_to_block, statement_scope.

    Examples
    --------
    >>> blocks = decl46.load_blocks()
    >>> blocks.loc[blocks.refers_to_block.notna(), ["block_id", "refers_to_block"]]
       block_id refers_to_block
    8       b09             b06
    9       b10             b06
    """
    return using(dataset, data_dir)["blocks"]


def load_signatures(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """The signature lines in document order (a person may sign in two blocks).

    Columns: order, person_id, block_id, signed_date, line_as_printed.

    Examples
    --------
    >>> signatures = decl46.load_signatures()
    >>> signatures.dropna(subset="signed_date")[["person_id", "signed_date"]]
           person_id signed_date
    3    beloborodov  1923-10-11
    14      goltsman  1923-10-12
    15   maksimovsky  1923-10-11
    20        bubnov  1923-10-11
    """
    return using(dataset, data_dir)["signatures"]


def load_signatories(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """The people who signed, one row each, with their sourced biographies.

    Columns: person_id, name_as_signed, name, name_ru, birth_year, death_date,
    death_date_precision, fate, fate_note, post_1923, later_path, moscow_trial,
    rehabilitation_year, identity_confidence, identity_note, source_ids.

    Examples
    --------
    >>> len(decl46.load_signatories())
    46
    """
    return using(dataset, data_dir)["signatories"]


def load_stances(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """Each block's coded stance on each part of the declaration (one row per block and part).

    Columns: block_id, part, stance, evidence, coding_note. ``part`` and ``stance``
    are ordered categoricals; the codebook is in data/README.md.

    Examples
    --------
    >>> stances = decl46.load_stances()
    >>> stances[stances.part == "proposal"].stance.value_counts().to_dict()["agrees"]
    10
    """
    return using(dataset, data_dir)["stances"]


def load_events(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """Dated events of the kit's period, in date order.

    Columns: event_id, date, date_precision, end_date, title, category, description,
    person_ids, source_ids. ``date`` and ``end_date`` hold the first day of what is
    known (a month, a year) as a datetime; ``date_precision`` says how precise both are.

    Examples
    --------
    >>> events = decl46.load_events()
    >>> events.set_index("event_id").loc["declaration_of_46", "date"]
    Timestamp('1923-10-15 00:00:00')
    """
    return using(dataset, data_dir)["events"]


def load_annotations(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """Notes anchored to spans of the declaration's paragraphs.

    Columns: annotation_id, paragraph_id, quote, start, end, kind, body, links,
    source_ids. ``text[start:end]`` of the paragraph is exactly ``quote`` (checked on load).

    Examples
    --------
    >>> notes = decl46.load_annotations()
    >>> set(notes.kind.cat.categories) == {"glossary", "context", "person", "event", "question"}
    True
    """
    return using(dataset, data_dir)["annotations"]


def load_glossary(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """Terms a student meets in the declaration, explained.

    Columns: term, definition, source_ids.

    Examples
    --------
    >>> "Politburo" in set(decl46.load_glossary().term)
    True
    """
    return using(dataset, data_dir)["glossary"]


def load_others(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """People the kit mentions who did not sign (Trotsky, Stalin, ...), with who they were.

    Columns: person_id, name, name_ru, other_names, post_1923, part_in_story, source_ids.

    Examples
    --------
    >>> others = decl46.load_others()
    >>> set(others.person_id) & set(decl46.load_signatories().person_id)
    set()
    """
    return using(dataset, data_dir)["others"]


def load_trotsky_letter(
    *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> pd.DataFrame:
    """Passages of Trotsky's letter of 8 October 1923, in its first English translation
    (Max Eastman, 1925), each with the paragraphs of the declaration it can be set beside.

    Columns: passage_id, order, text, compare_with (paragraph ids, ``;``-separated).

    Examples
    --------
    >>> letter = decl46.load_trotsky_letter()
    >>> letter.loc[0, "compare_with"]
    'p11;p12'
    """
    return using(dataset, data_dir)["trotsky_letter"]


def load_sources(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """Every work or page that the other tables cite.

    Columns: source_id, citation, url.

    Examples
    --------
    >>> "wp_en_declaration_46" in set(decl46.load_sources().source_id)
    True
    """
    return using(dataset, data_dir)["sources"]


def validate(data_dir: DataDir = None) -> None:
    """Check a whole data directory and report every problem found at once.

    Returns None when the data is valid; otherwise raises :class:`decl46.DataError`,
    whose message lists each problem with its file, line and column.

    Examples
    --------
    >>> decl46.validate()  # the shipped data is valid
    """
    using(None, data_dir)


def describe(
    table: str | None = None, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> str:
    """Describe the tables of the data (or one of them) and each of their columns.

    The text comes from ``datapackage.json``, which also generates the table section
    of data/README.md, so the two always say the same thing. The result is Markdown,
    which reads as plain text with ``print``.

    Examples
    --------
    >>> import decl46
    >>> text = decl46.describe("glossary")
    >>> for line in text.splitlines()[:2]:
    ...     print(line)
    ### glossary: Glossary
    Terms a student meets in the declaration and its context, explained in the kit's own words.
    >>> "| definition | string, required | What it means, in one to three sentences. |" in text
    True
    """
    data = using(dataset, data_dir)
    names = [data.schema(table).name] if table else data.table_names
    return "\n\n".join(_describe_table(data.schema(name)) for name in names)


def _describe_table(t) -> str:
    lines = [f"### {t.name}: {t.title}", t.description, "", "| column | type | description |"]
    lines.append("|---|---|---|")
    for f in t.fields:
        kind = f.type
        if f.vocabulary:
            values = ", ".join(
                c.value if c.label == c.value else f"{c.value} ({c.label})" for c in f.vocabulary
            )
            kind = ("ordered category: " if f.ordered else "category: ") + values
        elif f.type == "boolean":
            kind = "true or false"
        elif f.precision_field:
            kind = "date (partial: YYYY, YYYY-MM or YYYY-MM-DD)"
        if f.required:
            kind += ", required"
        lines.append(f"| {f.name} | {kind} | {f.description} |")
    return "\n".join(lines)
