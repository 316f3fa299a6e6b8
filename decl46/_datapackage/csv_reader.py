"""Read one CSV file of the package into typed columns, collecting every problem.

Values are parsed with the table's schema: strings stay strings, integers become
nullable integers, dates become datetimes, categories become (ordered) categoricals.
Nothing is dropped: a value that does not parse is a :class:`Problem`, never a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import urllib.parse
from dataclasses import dataclass

import pandas as pd

from decl46._datapackage.partial_dates import is_partial_date_form, parse_partial_date
from decl46._datapackage.schema import Field, Table
from decl46.errors import Problem

BOM = b"\xef\xbb\xbf"
_INT = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class ParsedTable:
    """A table as read: its typed frame, for each row the line it starts on, and each row as
    a plain dict of the values parsed (missing values as None, dates as ``datetime.date``),
    which the checks read."""

    table: Table
    file: str
    frame: pd.DataFrame
    lines: list[int]
    records: list[dict]


def read_table(table: Table, raw: bytes, file: str) -> tuple[ParsedTable | None, list[Problem]]:
    """Parse the bytes of ``table``'s CSV file: the table (None if unusable) and the problems."""
    problems: list[Problem] = []

    def problem(line: int | None, column: str | None, message: str) -> None:
        problems.append(Problem(file, line, column, message))

    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None, problems
    if not text.strip():
        problem(None, None, "the file is empty; it needs at least the header line")
        return None, problems

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        previous_end = 0
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if row:  # blank lines (e.g. at the end of the file) hold no record
                records.append((start, row))
    except csv.Error as exc:
        # The line where the broken row starts, not where the reader gave up: a quote
        # left open swallows every line after it.
        start = previous_end + 1
        where = (
            "" if reader.line_num == start else f" (the reader gave up at line {reader.line_num})"
        )
        problem(start, None, f"not valid CSV: {exc}{where}; is a quote left open in this row?")
        return None, problems

    header_line, header = records[0]
    columns = _check_header(table, header, header_line, problem)
    if columns is None:
        return None, problems

    values: dict[str, list] = {f.name: [] for f in table.fields}
    lines: list[int] = []
    for line, row in records[1:]:
        if len(row) != len(header):
            problem(
                line,
                None,
                f"has {len(row)} fields but the header has {len(header)}"
                " (a missing or extra comma, or an unclosed quote?)",
            )
            continue
        lines.append(line)
        for f in table.fields:
            raw_value = row[columns[f.name]] if f.name in columns else ""
            values[f.name].append(_parse_value(f, raw_value, line, problem))

    for f in table.fields:
        if f.precision_field:
            _check_partial_dates(f, values, lines, problem)
    if problems:
        return None, problems
    frame = pd.DataFrame({f.name: _to_series(f, values[f.name]) for f in table.fields})
    names = [f.name for f in table.fields]
    columns = [values[n] for n in names]
    records = [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
    return ParsedTable(table, file, frame, lines, records), problems


def _check_header(table: Table, header: list[str], line: int, problem) -> dict[str, int] | None:
    expected = table.columns
    ok = True
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in seen:
            problem(line, name, "the column appears twice in the header")
            ok = False
        elif name not in expected:
            close = difflib.get_close_matches(name.strip().lower(), expected, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problem(line, name, f"unexpected column{hint} (expected: {', '.join(expected)})")
            ok = False
        seen.setdefault(name, i)
    for f in table.fields:
        if f.name not in seen and not f.may_be_absent:
            problem(line, f.name, "the column is missing from the header")
            ok = False
    return seen if ok else None


def _parse_value(f: Field, text: str, line: int, problem):
    """The typed value of one cell, or None when empty. Problems are reported, not raised."""
    if text == "":
        if f.required:
            problem(line, f.name, "a value is required here but the cell is empty")
        return None
    value: object = text
    if f.type == "integer":
        if not _INT.fullmatch(text):
            problem(line, f.name, f"'{_short(text)}' is not a whole number")
            return None
        value = int(text)
    elif f.type == "date":
        if not _DATE.fullmatch(text):
            problem(line, f.name, f"'{_short(text)}' is not a date of the form YYYY-MM-DD")
            return None
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            problem(line, f.name, f"'{text}' is not a real date")
            return None
    elif f.type == "boolean":
        if text not in f.true_values + f.false_values:
            allowed = ", ".join(f.true_values + f.false_values)
            problem(line, f.name, f"'{_short(text)}' is not a yes/no value (allowed: {allowed})")
            return None
        return text in f.true_values
    elif f.format == "uri":
        parts = urllib.parse.urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            problem(line, f.name, f"'{_short(text)}' is not a web address (http:// or https://)")
            return None
    elif f.type == "list":
        items = text.split(f.delimiter)
        if any(not item.strip() or item != item.strip() for item in items):
            problem(
                line,
                f.name,
                f"'{_short(text)}' is not a list of ids separated by '{f.delimiter}'"
                " (no empty items, no spaces around them)",
            )
            return None
    if f.max_length is not None and len(text) > f.max_length:
        problem(line, f.name, f"is {len(text)} characters long; at most {f.max_length} fit here")
        return None
    if f.pattern and isinstance(value, str) and not f.pattern.fullmatch(value):
        problem(
            line, f.name, f"'{_short(text)}' does not have the expected form {f.pattern.pattern}"
        )
        return None
    allowed_values = f.enum if f.enum is not None else f.categories
    if allowed_values is not None and value not in allowed_values:
        allowed = ", ".join(str(v) for v in allowed_values)
        problem(line, f.name, f"'{_short(text)}' is not an allowed value (allowed: {allowed})")
        return None
    if f.minimum is not None and isinstance(value, int) and value < f.minimum:
        problem(line, f.name, f"{value} is below the minimum {f.minimum}")
        return None
    if f.maximum is not None and isinstance(value, int) and value > f.maximum:
        problem(line, f.name, f"{value} is above the maximum {f.maximum}")
        return None
    return value


def _check_partial_dates(f: Field, values: dict[str, list], lines: list[int], problem) -> None:
    """A partial date must be a real date, and its precision column must say how precise."""
    parsed = []
    for line, text, precision in zip(lines, values[f.name], values[f.precision_field], strict=True):
        if text is None:
            if precision is not None:
                problem(line, f.precision_field, "a precision is given but there is no date")
            parsed.append(None)
            continue
        date = parse_partial_date(text)
        if date is None:
            form = is_partial_date_form(text)
            what = "a real date" if form else "a date YYYY, YYYY-MM or YYYY-MM-DD"
            problem(line, f.name, f"'{_short(text)}' is not {what}")
            parsed.append(None)
            continue
        day, wanted = date
        if precision != wanted:
            problem(
                line,
                f.precision_field,
                f"'{precision or ''}' does not match the date '{text}' in {f.name}; "
                f"expected '{wanted}'",
            )
        parsed.append(day)
    values[f.name] = parsed


def _to_series(f: Field, values: list) -> pd.Series:
    if f.categories is not None:
        dtype = pd.CategoricalDtype(list(f.categories), ordered=f.ordered)
        return pd.Series(values, dtype=dtype, name=f.name)
    if f.type == "integer":
        return pd.Series(values, dtype="Int64", name=f.name)
    if f.type == "boolean":
        return pd.Series(values, dtype="boolean", name=f.name)
    if f.type == "date" or f.precision_field:
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]", name=f.name)
    return pd.Series(values, dtype=pd.StringDtype("python"), name=f.name)


def _short(text: str, limit: int = 60) -> str:
    """A cell's text shortened for a message (an extremely long field must not flood it)."""
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
