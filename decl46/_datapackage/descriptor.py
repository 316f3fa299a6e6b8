"""The data package's descriptor, ``datapackage.json``: the one place the schema is declared.

It is read into the objects of :mod:`.schema` (:class:`Package`, :class:`Table`,
:class:`Field`). Everything the
loader applies comes from here: types, constraints, keys, vocabularies and their labels.

A teacher's copy of the data is read as carefully as a student's file: whatever the
descriptor holds, reading it either gives a :class:`Package` or raises a
:class:`~decl46.DataError` naming the descriptor, the resource and the field. Each value is
checked for its JSON type before it is used; a resource's path must stay inside the data
folder (no absolute path, no ``..``, no address); and a key the loader does not implement
(a field type, a format, a constraint, a CSV dialect) is refused rather than ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from decl46._datapackage.partial_dates import PRECISIONS, parse_partial_date
from decl46._datapackage.schema import (
    DEFAULT_FALSE,
    DEFAULT_TRUE,
    Category,
    Era,
    Field,
    ForeignKey,
    Package,
    Table,
)
from decl46.errors import DataError, Problem

DESCRIPTOR = "datapackage.json"

# What the loader implements. Anything else in a descriptor is refused (see the module doc).
FIELD_TYPES = {"string", "integer", "boolean", "date", "list"}
FORMATS = {("string", "uri"), ("date", "%Y-%m-%d"), ("date", "default")}
CONSTRAINTS = {"required", "unique", "pattern", "enum", "minimum", "maximum", "maxLength"}
FIELD_KEYS = {
    "name",
    "type",
    "title",
    "description",
    "example",
    "format",
    "constraints",
    "categories",
    "categoriesOrdered",
    "delimiter",
    "itemType",
    "trueValues",
    "falseValues",
    "decl46:partialDate",
    "decl46:categoriesFrom",
    "decl46:itemReference",
    "decl46:typedReferences",
}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys"}
RESOURCE_KEYS = {
    "name",
    "type",
    "path",
    "scheme",
    "format",
    "mediatype",
    "encoding",
    "title",
    "description",
    "schema",
    "dialect",
    "sources",
    "licenses",
    "decl46:timelineCategory",
    "decl46:sourcePolicy",
}
POLICY_KEYS = {
    "description",
    "forbiddenHosts",
    "forbiddenHostsNote",
    "refuseIpHosts",
    "citationParts",
}
# The only CSV dialect the reader implements: comma-separated, double quotes, one header line.
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
# A resource's path: plain names joined by "/", each starting with a letter, digit or "_".
_SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


class _Invalid(Exception):
    """A value of the descriptor that cannot be used (reported, then the reading goes on)."""


# --- reading ---------------------------------------------------------------------------


def read_package(raw: bytes, where: str) -> Package:
    """Parse the bytes of ``datapackage.json`` (``where`` names it in messages).

    Raises DataError listing every problem; never anything else, whatever the bytes hold.
    """
    try:
        d = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataError([Problem(where, None, None, f"not UTF-8 text ({exc.reason})")]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(where, exc.lineno, None, f"not valid JSON: {exc.msg}")]) from None
    except RecursionError:
        raise DataError([Problem(where, None, None, "not valid JSON: nested too deeply")]) from None
    problems: list[Problem] = []

    def report(message: str, column: str | None = None) -> None:
        problems.append(Problem(where, None, column, message))

    if not isinstance(d, dict):
        raise DataError([Problem(where, None, None, "the descriptor must be a JSON object")])
    resources = d.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DataError([Problem(where, None, None, "'resources' must be a non-empty list")])
    tables: dict[str, Table] = {}
    for number, r in enumerate(resources, start=1):
        name = r.get("name") if isinstance(r, dict) else None
        label = f"resource '{name}'" if isinstance(name, str) else f"resource {number}"

        def problem(message, column=None, label=label):
            report(f"{label}: {message}", column)

        table = _table(r, problem)
        if table is None:
            continue
        if table.name in tables:
            problem("another resource has this name already")
            continue
        tables[table.name] = table
    tables = _share_vocabularies(tables, report)
    _check_references(tables, report)
    _check_precision_fields(tables, report)
    package = Package(
        title=_text(d.get("title"), "title", report),
        description=_text(d.get("description"), "description", report),
        tables=tables,
        version=_text(d.get("version"), "version", report),
        document_date=_document_date(d.get("decl46:documentDate"), report),
        period=_period(d.get("decl46:period"), report),
        eras=_eras(d.get("decl46:eras", []), report),
        readings=_readings(d.get("decl46:statementReadings"), report),
    )
    if problems:
        raise DataError(problems)
    return package


def _text(value, what: str, report) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        report(f"'{what}' must be a text")
        return ""
    return value


def _table(d, problem) -> Table | None:
    """The resource described by ``d``, or None when it cannot be used (each reason is
    reported through ``problem(message, field=None)``)."""
    if not isinstance(d, dict):
        problem("must be a JSON object")
        return None
    try:
        name = _string(d, "name", required=True)
        path = _string(d, "path", required=True)
        if not _SAFE_PATH.fullmatch(path) or any(p in (".", "..") for p in path.split("/")):
            raise _Invalid(
                f"the path '{_short(path)}' is not a file inside the data folder (a relative "
                "path of plain names, no '..', no address)"
            )
        schema = d.get("schema")
        if not isinstance(schema, dict):
            raise _Invalid("needs a 'schema' object")
        fields_d = schema.get("fields")
        if not isinstance(fields_d, list) or not fields_d:
            raise _Invalid("its schema needs a non-empty list of 'fields'")
    except _Invalid as exc:
        problem(str(exc))
        return None
    for key in sorted(set(d) - RESOURCE_KEYS):
        problem(f"the resource key '{_short(key)}' is not implemented")
    for key in sorted(set(schema) - SCHEMA_KEYS):
        problem(f"the schema key '{_short(key)}' is not implemented")
    dialect = d.get("dialect", {})
    if not isinstance(dialect, dict):
        problem("'dialect' must be an object")
        dialect = {}
    for key, value in dialect.items():
        if DIALECT.get(key, object()) != value:
            problem(f"the CSV dialect {_short(key)}={_short(repr(value))} is not implemented")
    encoding = d.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower() not in ("utf-8", "utf8"):
        problem(f"the encoding {_short(repr(encoding))} is not implemented, only utf-8")
    fields = []
    for number, f in enumerate(fields_d, start=1):
        column = f.get("name") if isinstance(f, dict) and isinstance(f.get("name"), str) else None

        def field_problem(message, column=column):
            problem(message, column)

        if column is None:
            problem(f"field {number} must be an object with a text 'name'")
            continue
        if column in {g.name for g in fields}:
            field_problem("a second field has this name")
            continue
        try:
            fields.append(_field(f, field_problem))
        except _Invalid as exc:
            field_problem(str(exc))
    names = {f.name for f in fields}
    try:
        primary_key = _names(schema.get("primaryKey", []), "primaryKey")
        foreign_keys = []
        fks = schema.get("foreignKeys", [])
        if not isinstance(fks, list):
            raise _Invalid("'foreignKeys' must be a list")
        for fk in fks:
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if not isinstance(ref, dict):
                raise _Invalid("each foreign key needs 'fields' and a 'reference' object")
            resource = ref.get("resource") or name
            if not isinstance(resource, str):
                raise _Invalid("a foreign key's 'reference.resource' must be a text")
            foreign_keys.append(
                ForeignKey(
                    fields=_names(fk.get("fields"), "foreignKeys.fields"),
                    resource=resource,
                    reference_fields=_names(ref.get("fields"), "foreignKeys.reference.fields"),
                )
            )
        for key in [*primary_key, *(k for fk in foreign_keys for k in fk.fields)]:
            if key not in names:
                raise _Invalid(f"the key names '{_short(key)}', which is not one of its fields")
        sources = d.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
            raise _Invalid("'sources' must be a list of objects")
        timeline = d.get("decl46:timelineCategory")
        timeline_category = _vocabulary([timeline], problem)[0] if timeline is not None else None
        title, description = _string(d, "title") or name, _string(d, "description")
    except _Invalid as exc:
        problem(str(exc))
        return None
    return Table(
        name=name,
        path=path,
        title=title,
        description=description,
        fields=tuple(fields),
        primary_key=primary_key,
        foreign_keys=tuple(foreign_keys),
        sources=tuple((str(s.get("title", "")), str(s.get("path", ""))) for s in sources),
        timeline_category=timeline_category,
        source_policy=_source_policy(d.get("decl46:sourcePolicy"), problem),
    )


def _field(d: dict, problem) -> Field:
    """The field described by ``d``; ``problem(message)`` reports what cannot be applied,
    :class:`_Invalid` what makes the field unusable."""
    for key in sorted(set(d) - FIELD_KEYS):
        problem(f"the key '{_short(key)}' is not implemented by the decl46 loader")
    kind = _string(d, "type") or "string"
    if kind not in FIELD_TYPES:
        problem(
            f"the type '{_short(kind)}' is not implemented "
            f"(types: {', '.join(sorted(FIELD_TYPES))})"
        )
    fmt = d.get("format")
    if fmt is not None and (not isinstance(fmt, str) or (kind, fmt) not in FORMATS):
        problem(f"the format {_short(repr(fmt))} of a {kind} field is not implemented")
    if kind == "list" and d.get("itemType", "string") != "string":
        problem(f"lists of {_short(repr(d['itemType']))} are not implemented, only strings")
    cons = d.get("constraints", {})
    if not isinstance(cons, dict):
        raise _Invalid("'constraints' must be an object")
    for key in sorted(set(cons) - CONSTRAINTS):
        problem(f"the constraint '{_short(key)}' is not implemented")
    pattern = cons.get("pattern")
    if pattern is not None:
        try:
            pattern = re.compile(pattern)
        except (re.error, TypeError):
            shown = _short(repr(pattern))
            raise _Invalid(f"the pattern {shown} is not a regular expression") from None
    enum = cons.get("enum")
    if enum is not None and (not isinstance(enum, list) or not all(_scalar(v) for v in enum)):
        raise _Invalid("'enum' must be a list of plain values")
    for key in ("minimum", "maximum", "maxLength"):
        if key in cons and (not isinstance(cons[key], int) or isinstance(cons[key], bool)):
            raise _Invalid(f"the constraint '{key}' must be a whole number")
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            raise _Invalid(f"the constraint '{key}' must be true or false")
    categories = d.get("categories")
    if categories is not None and not isinstance(categories, list):
        raise _Invalid("'categories' must be a list")
    delimiter = d.get("delimiter", ";")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise _Invalid("'delimiter' must be one character")
    true_values = _strings(d.get("trueValues", list(DEFAULT_TRUE)), "trueValues")
    false_values = _strings(d.get("falseValues", list(DEFAULT_FALSE)), "falseValues")
    return Field(
        name=d["name"],
        type=kind,
        description=_string(d, "description"),
        required=cons.get("required", False),
        unique=cons.get("unique", False),
        pattern=pattern,
        enum=tuple(enum) if enum is not None else None,
        minimum=cons.get("minimum"),
        maximum=cons.get("maximum"),
        max_length=cons.get("maxLength"),
        vocabulary=_vocabulary(categories, problem) if categories is not None else None,
        ordered=d.get("categoriesOrdered", False) is True,
        vocabulary_from=_pair(d.get("decl46:categoriesFrom"), "decl46:categoriesFrom"),
        format=fmt if isinstance(fmt, str) else None,
        delimiter=delimiter,
        true_values=true_values,
        false_values=false_values,
        precision_field=_string(d, "decl46:partialDate") or None,
        list_references=_list_references(d),
    )


def _list_references(d: dict) -> tuple[tuple[str | None, str, str], ...]:
    single = d.get("decl46:itemReference")
    if single is not None:
        resource, column = _pair(single, "decl46:itemReference")
        return ((None, resource, column),)
    typed = d.get("decl46:typedReferences", {})
    if not isinstance(typed, dict) or not all(
        isinstance(target, list) and len(target) == 2 and all(isinstance(x, str) for x in target)
        for target in typed.values()
    ):
        raise _Invalid(
            "'decl46:typedReferences' must map each prefix to [resource, field], two texts"
        )
    return tuple((prefix, target[0], target[1]) for prefix, target in typed.items())


def _pair(value, what: str) -> tuple[str, str] | None:
    """A ``{"resource": ..., "field": ...}`` reference as a pair (None when absent)."""
    if value is None:
        return None
    if not (
        isinstance(value, dict)
        and isinstance(value.get("resource"), str)
        and isinstance(value.get("field"), str)
    ):
        raise _Invalid(f"'{what}' must be an object with a text 'resource' and 'field'")
    return value["resource"], value["field"]


def _vocabulary(items: list, problem) -> tuple[Category, ...]:
    """Table Schema v2 ``categories``: plain values, or ``{"value", "label"}`` objects that may
    carry ``decl46:<name>`` properties (texts). A plain value is its own label."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Category(item, item))
            continue
        if not (
            isinstance(item, dict)
            and isinstance(item.get("value"), str)
            and isinstance(item.get("label", ""), str)
        ):
            raise _Invalid("each category must be a text or an object with a text 'value'")
        for key in sorted(k for k in item if k not in ("value", "label") and ":" not in k):
            problem(f"the category key '{_short(key)}' is not implemented")
        extras = []
        for key, value in item.items():
            if ":" in key:
                if not isinstance(value, str):
                    raise _Invalid(f"the category property '{_short(key)}' must be a text")
                extras.append((key.partition(":")[2], value))
        out.append(Category(item["value"], item.get("label", item["value"]), tuple(extras)))
    values = [c.value for c in out]
    if len(set(values)) != len(values):
        raise _Invalid("a category value is listed twice")
    return tuple(out)


def _source_policy(d, problem) -> dict | None:
    """``decl46:sourcePolicy``: forbidden hosts, raw-IP refusal and the citation parts
    (name -> {pattern, description, orUrl}) that source types ask for with
    ``decl46:citationNeeds``. The patterns are compiled here."""
    if d is None:
        return None
    if not isinstance(d, dict):
        problem("'decl46:sourcePolicy' must be an object")
        return None
    for key in sorted(set(d) - POLICY_KEYS):
        problem(f"the source-policy key '{_short(key)}' is not implemented")
    hosts = d.get("forbiddenHosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        problem("the source policy's 'forbiddenHosts' must be a list of host names")
        hosts = []
    parts = {}
    raw_parts = d.get("citationParts", {})
    if not isinstance(raw_parts, dict):
        problem("the source policy's 'citationParts' must be an object")
        raw_parts = {}
    for name, part in raw_parts.items():
        try:
            parts[name] = {
                "pattern": re.compile(part["pattern"]),
                "description": str(part.get("description", name)),
                "orUrl": part.get("orUrl") is True,
            }
        except (re.error, KeyError, TypeError, AttributeError):
            problem(f"the citation part '{_short(name)}' needs a regular expression 'pattern'")
    return {
        "forbiddenHosts": tuple(h.lower().rstrip(".") for h in hosts),
        "refuseIpHosts": d.get("refuseIpHosts") is True,
        "citationParts": parts,
    }


def _share_vocabularies(tables: dict[str, Table], report) -> dict[str, Table]:
    """Give each field with ``decl46:categoriesFrom`` the vocabulary of the field it names."""
    out = {}
    for name, table in tables.items():
        fields = []
        for f in table.fields:
            if f.vocabulary_from is not None:
                resource, column = f.vocabulary_from
                source = tables.get(resource)
                found = (
                    next((g for g in source.fields if g.name == column), None) if source else None
                )
                if found is None or found.vocabulary is None:
                    report(
                        f"resource '{name}': decl46:categoriesFrom names "
                        f"{_short(resource)}.{_short(column)}, not a field with categories",
                        f.name,
                    )
                else:
                    f = dataclasses.replace(f, vocabulary=found.vocabulary, ordered=found.ordered)
            fields.append(f)
        out[name] = dataclasses.replace(table, fields=tuple(fields))
    return out


def _check_references(tables: dict[str, Table], report) -> None:
    """Every foreign key and list reference names a resource and fields that exist."""

    def exists(resource: str, columns) -> bool:
        target = tables.get(resource)
        return target is not None and set(columns) <= set(target.columns)

    for name, table in tables.items():
        for fk in table.foreign_keys:
            if not exists(fk.resource, fk.reference_fields) or len(fk.fields) != len(
                fk.reference_fields
            ):
                report(
                    f"resource '{name}': a foreign key refers to "
                    f"{_short(fk.resource)} ({', '.join(map(_short, fk.reference_fields))}), "
                    "which is not a resource with those fields",
                    "+".join(fk.fields),
                )
        for f in table.fields:
            for _, resource, column in f.list_references:
                if not exists(resource, [column]):
                    report(
                        f"resource '{name}': its items refer to {_short(resource)}.{_short(column)}"
                        ", which is not a field of a resource",
                        f.name,
                    )


def _check_precision_fields(tables: dict[str, Table], report) -> None:
    """A partial date's precision column must offer exactly the precisions the reader
    implements (YYYY-MM-DD, YYYY-MM, YYYY); their labels are the descriptor's."""
    for name, table in tables.items():
        for f in table.fields:
            if f.precision_field is None:
                continue
            precision = next((g for g in table.fields if g.name == f.precision_field), None)
            if precision is None or set(precision.categories or ()) != set(PRECISIONS):
                report(
                    f"resource '{name}': decl46:partialDate needs a column "
                    f"'{_short(f.precision_field)}' with the categories {', '.join(PRECISIONS)}",
                    f.name,
                )


def _period(value, report) -> tuple[str, str] | None:
    if value is None:
        return None
    start, end = (value.get("start"), value.get("end")) if isinstance(value, dict) else (0, 0)
    if all(isinstance(y, str) and re.fullmatch(r"\d{4}", y) for y in (start, end)) and start <= end:
        return start, end
    report("decl46:period needs a start and an end year (YYYY), in order")
    return None


def _eras(value, report) -> tuple[Era, ...]:
    """``decl46:eras``: a list of {start, end, label, description?}, each start before its end."""
    if not isinstance(value, list):
        report("decl46:eras must be a list of eras")
        return ()
    eras = []
    for number, era in enumerate(value, start=1):
        era = era if isinstance(era, dict) else {}
        start, end, label = era.get("start"), era.get("end"), era.get("label")
        first, last = parse_partial_date(start), parse_partial_date(end)
        if first is None or last is None or first[0] > last[0] or not isinstance(label, str):
            report(
                f"decl46:eras, era {number}: needs a label and a start and end date "
                "(YYYY, YYYY-MM or YYYY-MM-DD), the start not after the end"
            )
            continue
        eras.append(Era(start, end, label, str(era.get("description", ""))))
    return tuple(eras)


def _readings(value, report) -> tuple[Category, ...]:
    """``decl46:statementReadings``: ``{"default": value, "readings": [categories]}``, as a
    vocabulary whose first value is the default."""
    if value is None:
        return ()
    try:
        if not isinstance(value, dict) or not isinstance(value.get("readings"), list):
            raise _Invalid("needs a list of 'readings'")
        readings = _vocabulary(value["readings"], lambda message: report(message))
        default = value.get("default")
        chosen = [r for r in readings if r.value == default]
        if not chosen:
            raise _Invalid(f"its 'default' must be one of the readings ({_short(repr(default))})")
    except _Invalid as exc:
        report(f"decl46:statementReadings: {exc}")
        return ()
    return (chosen[0], *(r for r in readings if r.value != default))


def _document_date(value, report) -> dt.date | None:
    if value is None:
        return None
    parsed = parse_partial_date(value)
    if parsed is not None and parsed[1] == "day":
        return parsed[0]
    report(f"decl46:documentDate {_short(repr(value))} is not a date YYYY-MM-DD")
    return None


# --- small checks ----------------------------------------------------------------------


def _string(d: dict, key: str, *, required: bool = False) -> str:
    value = d.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise _Invalid(f"'{key}' must be a text" + (" (required)" if required else ""))
    return value


def _strings(value, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f"'{what}' must be a list of texts")
    return tuple(value)


def _names(value, what: str) -> tuple[str, ...]:
    """A field name or a list of them."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _Invalid(f"'{what}' must be a field name or a list of them")


def _scalar(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _short(text, limit: int = 60) -> str:
    """A text from the descriptor, shortened for a message (it may be huge)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
