"""Dates known to the day, the month or the year: how to write them and what they cover.

A date in the data comes with its precision (``day``, ``month``, ``year``); it is stored
as the first day of what is known. These helpers write it no more precisely than it is
known, and give the last day it may stand for, so that "1937" overlaps March 1937.
"""

from __future__ import annotations

import pandas as pd

DATE_FORMATS = {"day": "%d %B %Y", "month": "%B %Y", "year": "%Y"}


def format_partial_date(date: pd.Timestamp, precision: str) -> str:
    """A date written as precisely as it is known: '5 September 1933', 'July 1923', '1937'.

    >>> format_partial_date(pd.Timestamp("1937-01-01"), "year")
    '1937'
    >>> format_partial_date(pd.Timestamp("1923-10-08"), "day")
    '8 October 1923'
    """
    # The day without a leading zero ("%-d" is not portable).
    return date.strftime(DATE_FORMATS[str(precision)].replace("%d", str(date.day)))


def written_dates(table: pd.DataFrame, column: str = "date") -> pd.Series:
    """A date column of a table written as precisely as each date is known, for a class to
    read: "8 October 1923", "August 1923", "1937", or empty. The precision comes from the
    column ``<column>_precision`` (``date_precision`` for the events' ``date``); a date
    column with none (a signature's ``signed_date``) is known to the day.

    Examples
    --------
    >>> import decl46
    >>> events = decl46.load_events().set_index("event_id")
    >>> written_dates(events).loc[["declaration_of_46", "scissors_crisis"]].tolist()
    ['15 October 1923', 'August 1923']
    """
    precision = f"{column}_precision"
    if precision not in table.columns and column == "date":
        precision = "date_precision"
    # A date column without a precision (a signature's date) is known to the day.
    precisions = table[precision] if precision in table.columns else ["day"] * len(table)
    written = [
        "" if pd.isna(d) else format_partial_date(d, p)
        for d, p in zip(table[column], precisions, strict=True)
    ]
    return pd.Series(written, index=table.index, name=column, dtype=pd.StringDtype("python"))


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
    offset = {4: pd.offsets.YearEnd(0), 7: pd.offsets.MonthEnd(0)}.get(len(date))
    return pd.Timestamp(date) + offset if offset else pd.Timestamp(date)


def last_day(events: pd.DataFrame) -> pd.Series:
    """The last day each event of :func:`timeline` may cover: its end date, or the end of
    the month or year when only that is known."""
    return period_end(events["end_date"].fillna(events["date"]), events["date_precision"])


def overlapping(
    events: pd.DataFrame, start: str | pd.Timestamp | None, end: str | pd.Timestamp | None
) -> pd.Series:
    """Which events of :func:`timeline` may fall between ``start`` and the end of ``end``
    (either may be ``None``: open). An event known only to the month or year counts when
    that period overlaps the range. A ``last`` column (the last day of each event, as
    :func:`last_day` gives it) is used when the table has one."""
    keep = pd.Series(True, index=events.index)
    if start is not None:
        last = events["last"] if "last" in events else last_day(events)
        keep &= last >= pd.Timestamp(start)
    if end is not None:
        keep &= events["date"] <= end_of(end)
    return keep
