"""The checks Table Schema defines: unique keys, foreign keys, and lists of ids that must
each name a row of another table (``s01;s02``, or typed: ``glossary:chervonets``)."""

from __future__ import annotations

import pandas as pd

from decl46._datapackage.rules._base import Rows
from decl46.errors import Problem

# Another table a key may point into: its frame, and its file as the message names it.
Targets = dict[str, tuple[pd.DataFrame, str]]


def check_keys(rows: Rows, targets: Targets) -> list[Problem]:
    """Unique keys, foreign keys and list references of one table; ``targets`` holds the
    tables its keys point into (a table missing from it has its own problems)."""
    return [*_unique_keys(rows), *_foreign_keys(rows, targets), *_list_references(rows, targets)]


def _unique_keys(rows: Rows) -> list[Problem]:
    problems = []
    t = rows.table
    keys = [t.primary_key] + [
        (f.name,) for f in t.fields if f.unique and (f.name,) != t.primary_key
    ]
    for key in filter(None, keys):
        first_seen: dict[tuple, int] = {}
        for line, row in rows:
            value = tuple(row[k] for k in key)
            if None in value:
                continue
            if value in first_seen:
                shown = ", ".join(str(v) for v in value)
                problems.append(
                    rows.problem(
                        line,
                        "+".join(key),
                        f"duplicate key '{shown}': line {first_seen[value]} has it already",
                    )
                )
            else:
                first_seen[value] = line
    return problems


def _known(targets: Targets, resource: str, fields: tuple[str, ...]) -> set[tuple] | None:
    target = targets.get(resource)
    if target is None:
        return None
    return set(target[0][list(fields)].itertuples(index=False, name=None))


def _foreign_keys(rows: Rows, targets: Targets) -> list[Problem]:
    problems = []
    for fk in rows.table.foreign_keys:
        known = _known(targets, fk.resource, fk.reference_fields)
        if known is None:
            continue
        values = targets[fk.resource][0][list(fk.reference_fields)]
        ends = [", ".join(map(str, values.iloc[i])) for i in (0, -1)] if len(values) else []
        hint = f"; it has {ends[0]} to {ends[1]}" if ends else ""
        for line, row in rows:
            value = tuple(row[k] for k in fk.fields)
            if None in value or value in known:
                continue
            shown = ", ".join(str(v) for v in value)
            problems.append(
                rows.problem(
                    line,
                    "+".join(fk.fields),
                    f"'{shown}' does not exist in {targets[fk.resource][1]} "
                    f"({', '.join(fk.reference_fields)}){hint}",
                )
            )
    return problems


def _list_references(rows: Rows, targets: Targets) -> list[Problem]:
    problems = []
    for f in rows.table.fields:
        if not f.list_references:
            continue
        kinds = {prefix: (resource, field) for prefix, resource, field in f.list_references}
        known = {p: _known(targets, resource, (field,)) for p, (resource, field) in kinds.items()}
        for line, row in rows:
            if row[f.name] is None:
                continue
            for item in row[f.name].split(f.delimiter):
                prefix, key = (None, item) if None in kinds else item.partition(":")[::2]
                if prefix not in kinds or not key:
                    forms = ", ".join(f"{p}:<id>" for p in kinds)
                    problems.append(
                        rows.problem(line, f.name, f"'{item}' is not of the form {forms}")
                    )
                    continue
                resource, field = kinds[prefix]
                if known[prefix] is not None and (key,) not in known[prefix]:
                    problems.append(
                        rows.problem(
                            line,
                            f.name,
                            f"'{key}' does not exist in {targets[resource][1]} ({field})",
                        )
                    )
    return problems
