"""Joined views that answer a teacher's first questions in one call: who signed what, how
many agreed with each part, which events fall in a period."""

from __future__ import annotations

import functools
import re

import pandas as pd

from decl46._package.cache import DataDir, derived, load_table, load_tables, package_of
from decl46.dates import overlapping
from decl46.vocabularies import labels


def signature_overview(*, data_dir: DataDir = None) -> pd.DataFrame:
    """Who signed, in which block, under which statement, with which coded stances.

    One row per signature line (47), in document order. Besides the signature's own
    columns it carries the signer's ``name``, the block's ``block_order``,
    ``statement``, ``refers_to_block`` and ``statement_scope``, and one column per
    part of the declaration (in the order of the parts' vocabulary: ``economy``,
    ``party_regime``, ``causes``, ``proposal`` in the shipped data) holding the block's
    coded stance as an ordered categorical. For a block that refers to another's
    reservations, ``statement`` is the block's own words; the stances follow the block
    referred to.

    Examples
    --------
    >>> import decl46
    >>> overview = decl46.signature_overview()
    >>> overview.shape
    (47, 14)
    >>> overview.loc[overview.person_id == "eltsin", ["block_id", "proposal", "economy"]]
       block_id proposal     economy
    32      b08   agrees  not_stated
    """
    return derived(_signature_overview, data_dir).copy()


def _signature_overview(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    stance_wide = t["stances"].pivot(index="block_id", columns="part", values="stance")
    stance_wide.columns = [str(c) for c in stance_wide.columns]
    stance_wide = stance_wide.reset_index()
    blocks = t["blocks"].rename(columns={"order": "block_order"})
    out = (
        t["signatures"]
        .merge(t["signatories"][["person_id", "name"]], on="person_id", how="left", validate="m:1")
        .merge(blocks, on="block_id", how="left", validate="m:1")
        .merge(stance_wide, on="block_id", how="left", validate="m:1")
    )
    parts = t["stances"]["part"].cat.categories
    stance_dtype = t["stances"]["stance"].dtype
    for part in parts:
        out[part] = out[part].astype(stance_dtype)
    columns = ["order", "person_id", "name", "line_as_printed", "signed_date", "block_id"]
    columns += ["block_order", "statement", "refers_to_block", "statement_scope", *parts]
    return out[columns]


def stance_counts(*, data_dir: DataDir = None) -> pd.DataFrame:
    """How many signature lines stand under each stance, for each part of the declaration.

    Rows are the parts, columns the stances (both in their vocabulary order); every row
    sums to the number of signature lines (a person who signed in two blocks is counted
    in each).

    Examples
    --------
    >>> import decl46
    >>> counts = decl46.stance_counts()
    >>> counts.sum(axis=1).tolist()
    [47, 47, 47, 47]
    >>> int(counts.loc["proposal", "agrees"] + counts.loc["proposal", "agrees_with_reservations"])
    47
    """
    overview = signature_overview(data_dir=data_dir)
    parts = list(_parts(data_dir))
    stance_dtype = overview[parts[0]].dtype
    counts = {
        part: overview[part].value_counts().reindex(stance_dtype.categories, fill_value=0)
        for part in parts
    }
    table = pd.DataFrame(counts).T.astype("Int64")
    table.index = pd.CategoricalIndex(parts, categories=parts, ordered=True, name="part")
    table.columns = pd.CategoricalIndex(
        stance_dtype.categories, categories=stance_dtype.categories, ordered=True, name="stance"
    )
    return table


def block_labels(*, data_dir: DataDir = None) -> pd.Series:
    """A short label for each block: its number, first signer and how many signed under it.

    Examples
    --------
    >>> import decl46
    >>> decl46.block_labels()["b06"]
    '6. Bubnov and 6 others'
    """
    overview = signature_overview(data_dir=data_dir)
    labels = {}
    for block_id, group in overview.groupby("block_id", sort=True):
        first = _surname_as_printed(group["line_as_printed"].iloc[0])
        others = len(group) - 1
        more = "" if others == 0 else f" and {others} other{'s' if others > 1 else ''}"
        labels[block_id] = f"{int(group['block_order'].iloc[0])}. {first}{more}"
    return pd.Series(labels, dtype=pd.StringDtype("python"), name="label")


def _parts(data_dir: DataDir) -> pd.Index:
    """The parts of the declaration, in order (the stances table's ``part`` vocabulary)."""
    return load_tables(data_dir)["stances"]["part"].cat.categories


def _surname_as_printed(line: str) -> str:
    """'12 October 1923. A. Goltsman' -> 'Goltsman'; 'V. Obolensky (Osinsky)' -> 'Obolensky'."""
    line = re.sub(r"\b\d{1,2}\s+\w+\s+\d{4}\b\.?", "", line)  # a date written before the name
    words = [w for w in re.findall(r"[^\s().]+\.?", line) if not w.endswith(".")]
    return words[0] if words else line.strip()


def timeline(*, data_dir: DataDir = None) -> pd.DataFrame:
    """The events table with the signatories' deaths added, in date order.

    Deaths are kept once, in ``signatories`` (death_date, fate, sources); here each
    known death becomes a row of the category that the signatories table declares for
    the timeline (``decl46:timelineCategory``: ``death`` in the shipped data), with
    ``event_id`` ``death_<person>``, the person's fate note as its description, their
    sources, and ``highlight`` false. The columns are those of :func:`decl46.load_events`;
    the categories are :func:`timeline_categories`.

    Examples
    --------
    >>> import decl46
    >>> events = decl46.timeline()
    >>> deaths = decl46.load_signatories().death_date.notna().sum()
    >>> bool((events.category == "death").sum() == deaths)
    True
    >>> events.date.is_monotonic_increasing
    True
    """
    death = package_of(data_dir).table("signatories").timeline_category
    return derived(_timeline_with(death.value if death else None), data_dir).copy()


def timeline_categories(*, data_dir: DataDir = None) -> dict[str, str]:
    """``{category: label}`` of :func:`timeline`, in order: the events' categories, then the
    category of the signers' deaths.

    >>> import decl46
    >>> list(decl46.tables.timeline_categories())[-1]
    'death'
    """
    out = labels("events", "category", data_dir=data_dir)
    death = package_of(data_dir).table("signatories").timeline_category
    if death is not None:
        out[death.value] = death.label
    return out


@functools.cache
def _timeline_with(death: str | None):
    """The builder of :func:`timeline` for a death category (one per category, so that
    :func:`derived` caches each)."""

    def build(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
        return _timeline(t, death)

    build.__qualname__ = f"_timeline[{death}]"
    return build


def _timeline(t: dict[str, pd.DataFrame], death: str | None) -> pd.DataFrame:
    events, people = t["events"], t["signatories"]
    if death is None:
        return events.copy()
    dead = people[people["death_date"].notna()]
    deaths = pd.DataFrame(
        {
            "event_id": "death_" + dead["person_id"],
            "date": dead["death_date"],
            "date_precision": dead["death_date_precision"].astype(str),
            "end_date": pd.NaT,
            "title": "Death of " + dead["name"],
            "category": death,
            "highlight": False,
            "description": dead["fate_note"],
            "person_ids": dead["person_id"],
            "source_ids": dead["source_ids"],
        }
    )
    category_dtype = pd.CategoricalDtype([*events["category"].cat.categories, death])
    events = events.astype({"category": str, "date_precision": str})
    combined = pd.concat([events, deaths], ignore_index=True)
    combined = combined.sort_values(["date", "event_id"], kind="stable", ignore_index=True)
    return combined.astype(
        {
            "category": category_dtype,
            "highlight": "boolean",
            "date_precision": t["events"]["date_precision"].dtype,
            "end_date": "datetime64[ns]",
            **{c: pd.StringDtype("python") for c in ["event_id", "title", "description"]},
            **{c: pd.StringDtype("python") for c in ["person_ids", "source_ids"]},
        }
    )


def period(*, data_dir: DataDir = None) -> tuple[str, str]:
    """The years the lessons cover, as ``(first, last)``: ``decl46:period`` in
    datapackage.json, or else the years of the first and last event.

    The signers' deaths that :func:`timeline` adds may reach later.

    >>> import decl46
    >>> decl46.tables.period()
    ('1921', '1941')
    """
    declared = package_of(data_dir).period
    if declared is not None:
        return declared
    dates = load_table("events", data_dir)["date"]
    return str(dates.min().year), str(dates.max().year)


def events_between(
    start: str | pd.Timestamp | None,
    end: str | pd.Timestamp | None,
    categories: list[str] | None = None,
    *,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """The events of :func:`timeline` (signers' deaths included) that overlap a period,
    optionally only those of some categories.

    ``end`` counts to the end of the period it names ("1923-10" is up to 31 October); an
    event known only to the month or year is in the range when that period overlaps it.
    ``None`` leaves that side open.

    Examples
    --------
    >>> import decl46
    >>> decl46.events_between("1923-10-01", "1923-10-31", ["opposition"]).event_id.tolist()
    ['trotsky_letter_8_october', 'declaration_of_46', 'trotsky_letter_23_october']
    """
    events = timeline(data_dir=data_dir)
    if categories is not None:
        _check_values("category", categories, events["category"].cat.categories)
    chosen = overlapping(events, start, end)
    if categories is not None:
        chosen &= events["category"].isin(categories)
    return events[chosen].reset_index(drop=True)


def signers_with(part: str, stance: str, *, data_dir: DataDir = None) -> pd.DataFrame:
    """The signature lines whose block took ``stance`` on ``part`` of the declaration.

    Raises ValueError, listing the allowed values, for an unknown part or stance.

    Examples
    --------
    >>> import decl46
    >>> decl46.signers_with("economy", "abstains").line_as_printed.tolist()
    ['Averin']
    """
    overview = signature_overview(data_dir=data_dir)
    _check_values("part", [part], _parts(data_dir))
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
