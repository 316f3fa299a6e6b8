"""Partial dates, the one way the data package writes a date known to the day, month or year.

A partial date is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; its precision is ``year``,
``month`` or ``day``. The CSV reader parses the cells of a ``decl46:partialDate`` column
with :func:`parse_partial_date`, and the descriptor the start and end of each era.

>>> parse_partial_date("1923-10")
(datetime.date(1923, 10, 1), 'month')
>>> parse_partial_date("1923-02-30") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

# What a partial date can be, from the most to the least precise.
PRECISIONS = ("day", "month", "year")
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_PRECISION_OF_PARTS = {1: "year", 2: "month", 3: "day"}


def is_partial_date_form(text: str) -> bool:
    """Whether ``text`` has the form of a partial date (real or not)."""
    return _FORM.fullmatch(text) is not None


def parse_partial_date(text: object) -> tuple[dt.date, str] | None:
    """The first day a partial date stands for and its precision, or None when ``text`` is
    not a partial date or not a real one (``1923-02-30``)."""
    m = _FORM.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        return None
    parts = [int(p) for p in m.groups() if p is not None]
    year, month, day = [*parts, 1, 1][:3]
    try:
        return dt.date(year, month, day), _PRECISION_OF_PARTS[len(parts)]
    except ValueError:
        return None
