"""Joined views that answer a teacher's first questions in one call."""

from __future__ import annotations

import pandas as pd

from decl46.loaders import DataDir
from decl46.loading import derived


def signature_overview(*, data_dir: DataDir = None) -> pd.DataFrame:
    """Who signed, in which block, under which statement, with which coded stances.

    One row per signature line (47), in document order. Besides the signature's own
    columns it carries the signer's ``name``, the block's ``block_order``,
    ``statement``, ``refers_to_block`` and ``statement_scope``, and one column per
    part of the declaration (``economy``, ``party_regime``, ``causes``,
    ``proposal``) holding the block's coded stance as an ordered categorical.
    For a block that refers to another ("the same reservations as Bubnov"),
    ``statement`` is the block's own words; the stances follow the block referred to.

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

    Rows are the four parts, columns the five stances (both in their vocabulary order);
    every row sums to 47, the number of signature lines (A. Goltsman signed in two blocks,
    so he is counted in each).

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
    parts = overview.columns[-4:]
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


def _surname_as_printed(line: str) -> str:
    """'12 October 1923. A. Goltsman' -> 'Goltsman'; 'V. Obolensky (Osinsky)' -> 'Obolensky'."""
    import re

    line = re.sub(r"\d+ October 1923\.?", "", line)
    words = [w for w in re.findall(r"[^\s().]+\.?", line) if not w.endswith(".")]
    return words[0] if words else line.strip()


def timeline(*, data_dir: DataDir = None) -> pd.DataFrame:
    """The events table with the signatories' deaths added, in date order.

    Deaths are kept once, in ``signatories`` (death_date, fate, sources); here each
    known death becomes a row of category ``death`` with ``event_id`` ``death_<person>``,
    the person's fate note as its description and their sources. The columns are those
    of :func:`decl46.load_events`.

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
    return derived(_timeline, data_dir).copy()


def _timeline(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    events, people = t["events"], t["signatories"]
    dead = people[people["death_date"].notna()]
    deaths = pd.DataFrame(
        {
            "event_id": "death_" + dead["person_id"],
            "date": dead["death_date"],
            "date_precision": dead["death_date_precision"].astype(str),
            "end_date": pd.NaT,
            "title": "Death of " + dead["name"],
            "category": "death",
            "description": dead["fate_note"],
            "person_ids": dead["person_id"],
            "source_ids": dead["source_ids"],
        }
    )
    categories = [*events["category"].cat.categories, "death"]
    events = events.astype({"category": str, "date_precision": str})
    combined = pd.concat([events, deaths], ignore_index=True)
    combined = combined.sort_values(["date", "event_id"], kind="stable", ignore_index=True)
    return combined.astype(
        {
            "category": pd.CategoricalDtype(categories),
            "date_precision": t["events"]["date_precision"].dtype,
            "end_date": "datetime64[ns]",
            **{c: pd.StringDtype("python") for c in ["event_id", "title", "description"]},
            **{c: pd.StringDtype("python") for c in ["person_ids", "source_ids"]},
        }
    )


DATE_FORMATS = {"day": "%d %B %Y", "month": "%B %Y", "year": "%Y"}


def format_partial_date(date: pd.Timestamp, precision: str) -> str:
    """A date written as precisely as it is known: '5 September 1933', 'July 1923', '1937'.

    >>> format_partial_date(pd.Timestamp("1937-01-01"), "year")
    '1937'
    """
    return date.strftime(DATE_FORMATS[str(precision)])


def period_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """The last moment a partial date can stand for: the end of its day, month or year.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["1937-01-01", "1937-03-01", "1937-03-05"]))
    >>> period_end(dates, pd.Series(["year", "month", "day"])).dt.strftime("%Y-%m-%d").tolist()
    ['1937-12-31', '1937-03-31', '1937-03-05']
    """
    out = pd.Series(dates, index=dates.index, dtype="datetime64[ns]")
    precision = pd.Series([str(p) for p in precision], index=dates.index)
    for level, offset in [("month", pd.offsets.MonthEnd(0)), ("year", pd.offsets.YearEnd(0))]:
        chosen = precision == level
        if chosen.any():
            out[chosen] = out[chosen] + offset
    return out


def end_of(date: str | pd.Timestamp) -> pd.Timestamp:
    """The last day a date stands for: '1941' -> 1941-12-31, '1924-01' -> 1924-01-31; a full
    date or a Timestamp stands for itself.

    >>> end_of("1924-01").strftime("%Y-%m-%d")
    '1924-01-31'
    """
    if isinstance(date, pd.Timestamp):
        return date
    precision = {4: "year", 7: "month"}.get(len(date), "day")
    return period_end(pd.Series([pd.Timestamp(date)]), pd.Series([precision]))[0]


def last_day(events: pd.DataFrame) -> pd.Series:
    """The last day each event of :func:`timeline` may cover: its end date, or the end of
    the month or year when only that is known."""
    return period_end(events["end_date"].fillna(events["date"]), events["date_precision"])


def overlapping(
    events: pd.DataFrame, start: str | pd.Timestamp | None, end: str | pd.Timestamp | None
) -> pd.Series:
    """Which events of :func:`timeline` may fall between ``start`` and the end of ``end``
    (either may be ``None``: open). An event known only to the month or year counts when
    that period overlaps the range."""
    keep = pd.Series(True, index=events.index)
    if start is not None:
        keep &= last_day(events) >= pd.Timestamp(start)
    if end is not None:
        keep &= events["date"] <= end_of(end)
    return keep
