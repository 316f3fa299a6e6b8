"""Joined views that answer a teacher's first questions in one call: who signed what, how
many agreed with each part, which events fall in a period.

Whom a block's statement covers is a reading of the document, not a fact in it: a statement
printed above several names may be each signer's, or the first signer's alone while the
others signed the whole text. The data package declares the readings
(``decl46:statementReadings``, the default first; see the codebook, data/README.md), and
every view that counts signature lines takes ``reading=``:

- ``"every_signer"``: every name printed under a statement adopts it;
- ``"first_signer"``: in a block whose scope is unclear, the statement is the first
  signer's; the others count as signers of the whole text, as the block with no statement
  is coded.
"""

from __future__ import annotations

import re

import pandas as pd

from decl46.dataset import DataDir, Dataset, using
from decl46.dates import overlapping

READINGS = ("every_signer", "first_signer")  # the readings the code implements


def reading_of(data: Dataset, reading: str | None) -> str:
    """The reading to apply: the one given, else the package's default, else every_signer.

    >>> import decl46
    >>> reading_of(decl46.open_data(), "every_signer")
    'every_signer'
    """
    declared = [r.value for r in data.readings]
    if reading is None:
        return declared[0] if declared else READINGS[0]
    allowed = [r for r in declared if r in READINGS] or list(READINGS)
    if reading not in allowed:
        raise ValueError(f"no reading {reading!r}; the readings are: {', '.join(allowed)}")
    return reading


def signature_overview(
    coding: pd.DataFrame | None = None,
    *,
    reading: str | None = None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """Who signed, in which block, under which statement, with which coded stances.

    Parameters
    ----------
    coding : DataFrame, optional
        A coding of the blocks (columns ``block_id``, ``part``, ``stance``: a student's, a
        teacher's); the kit's own coding (the stances table) by default.
    reading : str, optional
        Whom a statement covers: ``"every_signer"`` or ``"first_signer"`` (see the module's
        docstring); the data package's default when not given.
    {data_parameters}

    Returns
    -------
    pandas.DataFrame
        One row per signature line (47), in document order. Besides the signature's own
        columns: the signer's ``name``; the block's ``block_order``, ``statement``,
        ``refers_to_block`` and ``statement_scope``; ``covered`` (whether, under the
        reading, the block's statement is this signer's); and one column per part of the
        declaration, in the parts' order, with the stance that applies to the line (the
        block's, or under ``first_signer`` the stance of a signer of the whole text) as an
        ordered categorical. For a block that refers to another's reservations,
        ``statement`` is the block's own words; the stances follow the block referred to.

    Examples
    --------
    >>> import decl46
    >>> overview = decl46.signature_overview(reading="every_signer")
    >>> overview.shape
    (47, 15)
    >>> overview.loc[overview.person_id == "eltsin", ["block_id", "proposal", "economy"]]
       block_id proposal     economy
    32      b08   agrees  not_stated
    >>> first = decl46.signature_overview(reading="first_signer")
    >>> first.loc[first.person_id == "pyatakov", ["block_id", "covered", "economy"]]
      block_id  covered economy
    9      b04    False  agrees
    """
    data = using(dataset, data_dir)
    reading = reading_of(data, reading)
    if coding is None:
        base = data.memo(_overview_of_the_kit)
        return _apply_reading(base, reading, data).copy()
    return _apply_reading(_overview(data, _coding_table(coding, data)), reading, data)


def _overview_of_the_kit(data: Dataset) -> pd.DataFrame:
    return _overview(data, data["stances"])


def _coding_table(coding: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """A coding's block_id, part and stance, typed like the kit's stances."""
    missing = [c for c in ("block_id", "part", "stance") if c not in coding.columns]
    if missing:
        raise ValueError(f"a coding needs the columns block_id, part, stance; missing {missing}")
    stances = data["stances"]
    out = coding[["block_id", "part", "stance"]].copy()
    out["part"] = out["part"].astype(str).astype(stances["part"].dtype)
    out["stance"] = out["stance"].astype(stances["stance"].dtype)
    return out


def _overview(data: Dataset, stances: pd.DataFrame) -> pd.DataFrame:
    parts = data["stances"]["part"].cat.categories
    stance_dtype = data["stances"]["stance"].dtype
    wide = stances.pivot(index="block_id", columns="part", values="stance")
    wide = wide.reindex(columns=parts)
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    blocks = data["blocks"].rename(columns={"order": "block_order"})
    out = (
        data["signatures"]
        .merge(data["signatories"][["person_id", "name"]], on="person_id", how="left")
        .merge(blocks, on="block_id", how="left", validate="m:1")
        .merge(wide, on="block_id", how="left", validate="m:1")
    )
    for part in parts:
        out[part] = out[part].astype(stance_dtype)
    out["covered"] = out["statement"].notna()
    columns = ["order", "person_id", "name", "line_as_printed", "signed_date", "block_id"]
    columns += ["block_order", "statement", "refers_to_block", "statement_scope", "covered"]
    return out[[*columns, *parts]]


def _apply_reading(overview: pd.DataFrame, reading: str, data: Dataset) -> pd.DataFrame:
    """Under ``first_signer``, every line of an unclear block but its first takes the
    stances of the block with no statement (those who signed the whole text)."""
    if reading == "every_signer":
        return overview
    parts = [str(p) for p in data["stances"]["part"].cat.categories]
    whole_text = overview[overview["statement_scope"] == "none"].drop_duplicates("block_id")
    if len(whole_text) != 1:
        raise ValueError(
            "the first_signer reading needs exactly one block with no statement "
            f"(statement_scope none) to read the other signers by; the data has {len(whole_text)}"
        )
    unclear = overview["statement_scope"] == "unclear"
    first = overview.groupby("block_id", sort=False)["order"].transform("min") == overview["order"]
    others = unclear & ~first
    out = overview.copy()
    out.loc[others, "covered"] = False
    for part in parts:
        out.loc[others, part] = whole_text[part].iloc[0]
    return out


def stance_counts(
    coding: pd.DataFrame | None = None,
    *,
    reading: str | None = None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """How many signature lines stand under each stance, for each part of the declaration.

    Parameters
    ----------
    coding : DataFrame, optional
        A coding of the blocks (block_id, part, stance); the kit's own by default.
    reading : str, optional
        Whom a statement covers (see :func:`signature_overview`); the package's default
        when not given.
    {data_parameters}

    Returns
    -------
    pandas.DataFrame
        Rows are the parts, columns the stances (both in their vocabulary order); every row
        sums to the number of signature lines (a person who signed in two blocks is
        counted in each). A block the coding leaves uncoded counts under no stance.

    Examples
    --------
    >>> import decl46
    >>> counts = decl46.stance_counts(reading="every_signer")
    >>> counts.sum(axis=1).tolist()
    [47, 47, 47, 47]
    >>> counts.loc["proposal"].to_dict()
    {'agrees': 39, 'agrees_with_reservations': 6, 'disagrees': 0, 'abstains': 0, 'not_stated': 2}
    """
    data = using(dataset, data_dir)
    overview = signature_overview(coding, reading=reading, dataset=data)
    parts = [str(p) for p in data["stances"]["part"].cat.categories]
    stances = data["stances"]["stance"].cat.categories
    counts = {part: overview[part].value_counts().reindex(stances, fill_value=0) for part in parts}
    table = pd.DataFrame(counts).T.astype("Int64")
    table.index = pd.CategoricalIndex(parts, categories=parts, ordered=True, name="part")
    table.columns = pd.CategoricalIndex(stances, categories=stances, ordered=True, name="stance")
    return table


def block_labels(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.Series:
    """A short label for each block: its number, first signer and how many signed under it.

    Examples
    --------
    >>> import decl46
    >>> decl46.block_labels()["b06"]
    '6. Bubnov and 6 others'
    """
    data = using(dataset, data_dir)
    signatures = data["signatures"]
    order = data["blocks"].set_index("block_id")["order"]
    labels = {}
    for block_id, group in signatures.groupby("block_id", sort=True):
        first = _surname_as_printed(group["line_as_printed"].iloc[0])
        others = len(group) - 1
        more = "" if others == 0 else f" and {others} other{'s' if others > 1 else ''}"
        labels[block_id] = f"{int(order[block_id])}. {first}{more}"
    return pd.Series(labels, dtype=pd.StringDtype("python"), name="label")


def _surname_as_printed(line: str) -> str:
    """'12 October 1923. A. Goltsman' -> 'Goltsman'; 'V. Obolensky (Osinsky)' -> 'Obolensky'."""
    line = re.sub(r"\b\d{1,2}\s+\w+\s+\d{4}\b\.?", "", line)  # a date written before the name
    words = [w for w in re.findall(r"[^\s().]+\.?", line) if not w.endswith(".")]
    return words[0] if words else line.strip()


def timeline_events(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """The events table with the signatories' deaths added, in date order: the rows every
    timeline of the kit draws (the figures, the explorer, the TimelineJS page).

    Deaths are kept once, in ``signatories`` (death_date, fate, sources); here each
    known death becomes a row of the category that the signatories table declares for
    the timeline (``decl46:timelineCategory``: ``death`` in the shipped data), with
    ``event_id`` ``death_<person>``, the person's fate note as its description, their
    sources, and ``highlight`` false. The columns are those of :func:`decl46.load_events`;
    the categories are :func:`timeline_categories`.

    Examples
    --------
    >>> import decl46
    >>> events = decl46.timeline_events()
    >>> deaths = decl46.load_signatories().death_date.notna().sum()
    >>> bool((events.category == "death").sum() == deaths)
    True
    >>> events.date.is_monotonic_increasing
    True
    """
    return using(dataset, data_dir).memo(_events_and_deaths).copy()


def timeline_categories(
    *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> dict[str, str]:
    """``{category: label}`` of :func:`timeline_events`, in order: the events' categories,
    then the category of the signers' deaths.

    >>> import decl46
    >>> list(decl46.tables.timeline_categories())[-1]
    'death'
    """
    data = using(dataset, data_dir)
    out = data.labels("events", "category")
    death = data.schema("signatories").timeline_category
    if death is not None:
        out[death.value] = death.label
    return out


def _events_and_deaths(data: Dataset) -> pd.DataFrame:
    events, people = data["events"], data["signatories"]
    death = data.schema("signatories").timeline_category
    if death is None:
        return events
    dead = people[people["death_date"].notna()]
    deaths = pd.DataFrame(
        {
            "event_id": "death_" + dead["person_id"],
            "date": dead["death_date"],
            "date_precision": dead["death_date_precision"].astype(str),
            "end_date": pd.NaT,
            "title": "Death of " + dead["name"],
            "category": death.value,
            "highlight": False,
            "description": dead["fate_note"],
            "person_ids": dead["person_id"],
            "source_ids": dead["source_ids"],
        }
    )
    category_dtype = pd.CategoricalDtype([*events["category"].cat.categories, death.value])
    precision_dtype = events["date_precision"].dtype
    events = events.astype({"category": str, "date_precision": str})
    combined = pd.concat([events, deaths], ignore_index=True)
    combined = combined.sort_values(["date", "event_id"], kind="stable", ignore_index=True)
    return combined.astype(
        {
            "category": category_dtype,
            "highlight": "boolean",
            "date_precision": precision_dtype,
            "end_date": "datetime64[ns]",
            **{c: pd.StringDtype("python") for c in ["event_id", "title", "description"]},
            **{c: pd.StringDtype("python") for c in ["person_ids", "source_ids"]},
        }
    )


def period(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> tuple[str, str]:
    """The years the lessons cover, as ``(first, last)``: ``decl46:period`` in
    datapackage.json, or else the years of the first and last event.

    The signers' deaths that :func:`timeline_events` adds may reach later.

    >>> import decl46
    >>> decl46.tables.period()
    ('1921', '1941')
    """
    data = using(dataset, data_dir)
    if data.period is not None:
        return data.period
    dates = data["events"]["date"]
    return str(dates.min().year), str(dates.max().year)


def events_between(
    start: str | pd.Timestamp | None,
    end: str | pd.Timestamp | None,
    categories: list[str] | None = None,
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """The events of :func:`timeline_events` (signers' deaths included) that overlap a
    period, optionally only those of some categories.

    Parameters
    ----------
    start, end : str or Timestamp or None
        The period: ISO dates, as precise as wanted (``"1923"``, ``"1923-10"``,
        ``"1923-10-15"``). ``end`` counts to the end of the period it names ("1923-10" is
        up to 31 October); an event known only to the month or year is in the range when
        that period overlaps it. ``None`` leaves that side open.
    categories : list of str, optional
        Only these categories (see :func:`timeline_categories`).
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> decl46.events_between("1923-10-01", "1923-10-31", ["opposition"]).event_id.tolist()
    ['trotsky_letter_8_october', 'declaration_of_46', 'trotsky_letter_23_october']
    """
    events = timeline_events(dataset=dataset, data_dir=data_dir)
    if categories is not None:
        _check_values("category", categories, events["category"].cat.categories)
    chosen = overlapping(events, start, end)
    if categories is not None:
        chosen &= events["category"].isin(categories)
    return events[chosen].reset_index(drop=True)


def signers_with(
    part: str,
    stance: str,
    *,
    reading: str | None = None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """The signature lines to which ``stance`` on ``part`` of the declaration applies.

    Parameters
    ----------
    part, stance : str
        A part of the declaration and a stance (see :func:`decl46.vocabulary`).
    reading : str, optional
        Whom a statement covers (see :func:`signature_overview`); the package's default
        when not given.
    {data_parameters}

    Raises
    ------
    ValueError
        For an unknown part or stance, listing the allowed values.

    Examples
    --------
    >>> import decl46
    >>> decl46.signers_with("economy", "abstains").line_as_printed.tolist()
    ['Averin']
    """
    data = using(dataset, data_dir)
    overview = signature_overview(reading=reading, dataset=data)
    _check_values("part", [part], data["stances"]["part"].cat.categories)
    _check_values("stance", [stance], overview[part].cat.categories)
    return overview.loc[
        overview[part] == stance, ["order", "line_as_printed", "name", "block_id", part]
    ].reset_index(drop=True)


def _check_values(what: str, given, allowed) -> None:
    unknown = [v for v in given if v not in set(allowed)]
    if unknown:
        raise ValueError(
            f"no {what} {', '.join(map(repr, unknown))}; the {what} values are: "
            + ", ".join(map(str, allowed))
        )
