"""The data package's descriptor, ``datapackage.json``: the one place the schema is declared.

It is read into :class:`Package`, :class:`Table` and :class:`Field` objects. Everything the
loader applies comes from here: types, constraints, keys, vocabularies and their labels.
A descriptor that asks for something the loader does not implement (a field type, a
format, a constraint, a CSV dialect) is refused with a :class:`~decl46.DataError` naming
the descriptor, the resource and the field, rather than being silently ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

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
# The only CSV dialect the reader implements: comma-separated, double quotes, one header line.
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
DEFAULT_TRUE, DEFAULT_FALSE = ("true",), ("false",)


@dataclass(frozen=True)
class Category:
    """One value of a vocabulary, with its human label and any further properties
    (``description``, ``motivation``, ... from ``decl46:<name>`` keys)."""

    value: str
    label: str
    extras: tuple[tuple[str, str], ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        return dict(self.extras).get(name, default)


@dataclass(frozen=True)
class Field:
    """One column: its name, type and the rules its values follow."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    enum: tuple | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    vocabulary: tuple[Category, ...] | None = None
    ordered: bool = False
    # (resource, field) whose vocabulary this field shares (decl46:categoriesFrom), so that
    # a vocabulary used by two tables is still declared once.
    vocabulary_from: tuple[str, str] | None = None
    format: str | None = None
    delimiter: str = ";"
    true_values: tuple[str, ...] = DEFAULT_TRUE
    false_values: tuple[str, ...] = DEFAULT_FALSE
    precision_field: str | None = None  # set for partial dates (YYYY, YYYY-MM, YYYY-MM-DD)
    may_be_absent: bool = False  # a column a file may leave out; its cells are then empty
    # What the items of a list field name: (prefix, resource, field) for items written
    # "prefix:key" (decl46:typedReferences), or one (None, resource, field) for plain ids
    # (decl46:itemReference).
    list_references: tuple[tuple[str | None, str, str], ...] = ()

    @property
    def categories(self) -> tuple[str, ...] | None:
        """The vocabulary's values, in order (None when the field has no vocabulary)."""
        return None if self.vocabulary is None else tuple(c.value for c in self.vocabulary)

    @classmethod
    def from_descriptor(cls, d: dict, problem) -> Field:
        """The field described by ``d``; ``problem(message)`` reports what cannot be applied."""
        for key in sorted(set(d) - FIELD_KEYS):
            problem(f"the key '{key}' is not implemented by the decl46 loader")
        kind = d.get("type", "string")
        if kind not in FIELD_TYPES:
            problem(
                f"the type '{kind}' is not implemented (types: {', '.join(sorted(FIELD_TYPES))})"
            )
        fmt = d.get("format")
        if fmt is not None and (kind, fmt) not in FORMATS:
            problem(f"the format '{fmt}' of a {kind} field is not implemented")
        if kind == "list" and d.get("itemType", "string") != "string":
            problem(f"lists of {d['itemType']} are not implemented, only lists of strings")
        cons = d.get("constraints", {})
        for key in sorted(set(cons) - CONSTRAINTS):
            problem(f"the constraint '{key}' is not implemented")
        ref = d.get("decl46:itemReference")
        borrowed = d.get("decl46:categoriesFrom")
        return cls(
            name=d["name"],
            type=kind,
            description=d.get("description", ""),
            required=bool(cons.get("required", False)),
            unique=bool(cons.get("unique", False)),
            pattern=cons.get("pattern"),
            enum=tuple(cons["enum"]) if "enum" in cons else None,
            minimum=cons.get("minimum"),
            maximum=cons.get("maximum"),
            max_length=cons.get("maxLength"),
            vocabulary=_vocabulary(d["categories"], problem) if "categories" in d else None,
            ordered=bool(d.get("categoriesOrdered", False)),
            vocabulary_from=(borrowed["resource"], borrowed["field"]) if borrowed else None,
            format=fmt,
            delimiter=d.get("delimiter", ";"),
            true_values=tuple(d.get("trueValues", DEFAULT_TRUE)),
            false_values=tuple(d.get("falseValues", DEFAULT_FALSE)),
            precision_field=d.get("decl46:partialDate"),
            list_references=((None, ref["resource"], ref["field"]),)
            if ref
            else tuple(
                (prefix, resource, field)
                for prefix, (resource, field) in d.get("decl46:typedReferences", {}).items()
            ),
        )


def _vocabulary(items: list, problem) -> tuple[Category, ...]:
    """Table Schema v2 ``categories``: plain values, or ``{"value", "label"}`` objects that may
    carry ``decl46:<name>`` properties. A plain value is its own label."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Category(item, item))
            continue
        unknown = sorted(k for k in item if k not in ("value", "label") and ":" not in k)
        for key in unknown:
            problem(f"the category key '{key}' is not implemented")
        extras = tuple((k.partition(":")[2], v) for k, v in item.items() if ":" in k)
        out.append(Category(item["value"], item.get("label", item["value"]), extras))
    return tuple(out)


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One resource of the package: a CSV file and its schema."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    # Where the table's content comes from (the resource's ``sources``): (title, path).
    sources: tuple[tuple[str, str], ...] = ()
    # The timeline category its rows' dates become (decl46:timelineCategory), if any.
    timeline_category: Category | None = None
    # What a citation must contain and which addresses are refused (decl46:sourcePolicy),
    # for the table of sources; read by the source-policy rules in rules.py.
    source_policy: dict | None = field(default=None, hash=False, compare=False)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise ValueError(
            f"the table '{self.name}' has no column '{name}'; its columns are: "
            + ", ".join(self.columns)
        )

    @classmethod
    def from_descriptor(cls, d: dict, problem) -> Table:
        """The resource described by ``d``; ``problem(message, field=None)`` reports what the
        loader cannot apply."""
        for key in sorted(set(d) - RESOURCE_KEYS):
            problem(f"the resource key '{key}' is not implemented")
        for key, value in d.get("dialect", {}).items():
            if DIALECT.get(key, object()) != value:
                problem(f"the CSV dialect {key}={value!r} is not implemented (only {DIALECT})")
        if d.get("encoding", "utf-8").lower() not in ("utf-8", "utf8"):
            problem(f"the encoding '{d['encoding']}' is not implemented, only utf-8")
        schema = d["schema"]
        for key in sorted(set(schema) - SCHEMA_KEYS):
            problem(f"the schema key '{key}' is not implemented")
        fks = []
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            fks.append(
                ForeignKey(
                    fields=_as_tuple(fk["fields"]),
                    resource=ref.get("resource") or d["name"],
                    reference_fields=_as_tuple(ref["fields"]),
                )
            )
        fields = tuple(
            Field.from_descriptor(f, lambda message, f=f: problem(message, f["name"]))
            for f in schema["fields"]
        )
        return cls(
            name=d["name"],
            path=d["path"],
            title=d.get("title", d["name"]),
            description=d.get("description", ""),
            fields=fields,
            primary_key=_as_tuple(schema.get("primaryKey", [])),
            foreign_keys=tuple(fks),
            sources=tuple((s.get("title", ""), s.get("path", "")) for s in d.get("sources", [])),
            timeline_category=_vocabulary([d["decl46:timelineCategory"]], problem)[0]
            if "decl46:timelineCategory" in d
            else None,
            source_policy=_source_policy(d.get("decl46:sourcePolicy"), problem),
        )


POLICY_KEYS = {
    "description",
    "forbiddenHosts",
    "forbiddenHostsNote",
    "refuseIpHosts",
    "citationParts",
}


def _source_policy(d, problem) -> dict | None:
    """``decl46:sourcePolicy``: forbidden hosts, raw-IP refusal and the citation parts
    (name -> pattern) that source types ask for with ``decl46:citationNeeds``."""
    if d is None:
        return None
    for key in sorted(set(d) - POLICY_KEYS):
        problem(f"the source-policy key '{key}' is not implemented")
    for name, part in d.get("citationParts", {}).items():
        try:
            re.compile(part["pattern"])
        except (re.error, KeyError, TypeError):
            problem(f"the citation part '{name}' needs a valid regular expression 'pattern'")
    return d


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Era:
    """A stretch of time the lessons treat as one (``decl46:eras``): its first and last
    date as written (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), a label and a description."""

    start: str
    end: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Package:
    """The tables of a data directory, in the order the descriptor lists them, and the
    package's own metadata (``decl46:documentDate``: the date the document bears;
    ``decl46:period``: the years the lessons cover; ``decl46:eras``: the stretches of time
    the lessons are organised by)."""

    title: str
    description: str
    tables: dict[str, Table]
    document_date: dt.date | None = None
    # The years the lessons cover (``decl46:period``), as ("YYYY", "YYYY"), if declared.
    period: tuple[str, str] | None = None
    eras: tuple[Era, ...] = ()

    def table(self, name: str) -> Table:
        if name not in self.tables:
            raise ValueError(
                f"there is no table '{name}'; the tables are: {', '.join(self.tables)}"
            )
        return self.tables[name]


def read_package(data_dir: Traversable) -> Package:
    """Parse ``datapackage.json`` in ``data_dir``; a broken descriptor raises DataError."""
    descriptor = data_dir.joinpath(DESCRIPTOR)
    where = str(descriptor)
    if not descriptor.is_file():
        what = "is a directory, not a file" if descriptor.is_dir() else "is missing"
        raise DataError([Problem(where, None, None, f"the package descriptor {what}")])
    problems: list[Problem] = []
    try:
        d = json.loads(descriptor.read_bytes().decode("utf-8-sig"))
        tables = {}
        for r in d["resources"]:

            def problem(message, column=None, r=r):
                problems.append(Problem(where, None, column, f"resource '{r['name']}': {message}"))

            tables[r["name"]] = Table.from_descriptor(r, problem)
        tables = _share_vocabularies(tables, where, problems)
        _check_partial_dates(tables, where, problems)
        document_date = _document_date(d.get("decl46:documentDate"), where, problems)
        period = _period(d.get("decl46:period"), where, problems)
        eras = _eras(d.get("decl46:eras", []), where, problems)
    except UnicodeDecodeError as exc:
        raise DataError([Problem(where, None, None, f"not UTF-8 text ({exc.reason})")]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(where, exc.lineno, None, f"not valid JSON: {exc.msg}")]) from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError([Problem(where, None, None, f"not a valid descriptor: {exc!r}")]) from None
    if problems:
        raise DataError(problems)
    return Package(
        d.get("title", ""), d.get("description", ""), tables, document_date, period, eras
    )


PRECISIONS = ("day", "month", "year")  # what a partial date (decl46:partialDate) can be


def _check_partial_dates(tables: dict[str, Table], where: str, problems) -> None:
    """A partial date's precision column must offer exactly the precisions the reader
    implements (YYYY-MM-DD, YYYY-MM, YYYY); their labels are the descriptor's."""
    for name, table in tables.items():
        for f in table.fields:
            if f.precision_field is None:
                continue
            precision = next((g for g in table.fields if g.name == f.precision_field), None)
            if precision is None or set(precision.categories or ()) != set(PRECISIONS):
                problems.append(
                    Problem(
                        where,
                        None,
                        f.name,
                        f"resource '{name}': decl46:partialDate needs a column "
                        f"'{f.precision_field}' with the categories {', '.join(PRECISIONS)}",
                    )
                )


def _share_vocabularies(tables: dict[str, Table], where: str, problems) -> dict[str, Table]:
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
                    problems.append(
                        Problem(
                            where,
                            None,
                            f.name,
                            f"resource '{name}': decl46:categoriesFrom names {resource}.{column}, "
                            "which is not a field with categories",
                        )
                    )
                else:
                    f = dataclasses.replace(f, vocabulary=found.vocabulary, ordered=found.ordered)
            fields.append(f)
        out[name] = dataclasses.replace(table, fields=tuple(fields))
    return out


def _period(value, where: str, problems: list[Problem]) -> tuple[str, str] | None:
    if value is None:
        return None
    start, end = (value.get("start"), value.get("end")) if isinstance(value, dict) else (0, 0)
    if all(isinstance(y, str) and re.fullmatch(r"\d{4}", y) for y in (start, end)) and start <= end:
        return start, end
    problems.append(
        Problem(where, None, None, "decl46:period needs a start and an end year (YYYY), in order")
    )
    return None


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _first_day(text) -> dt.date | None:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) stands for, or None."""
    m = _PARTIAL_DATE.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        return None
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _eras(value, where: str, problems: list[Problem]) -> tuple[Era, ...]:
    """``decl46:eras``: a list of {start, end, label, description?}, each start before its end."""
    if not isinstance(value, list):
        problems.append(Problem(where, None, None, "decl46:eras must be a list of eras"))
        return ()
    eras = []
    for number, era in enumerate(value, start=1):
        era = era if isinstance(era, dict) else {}
        start, end, label = era.get("start"), era.get("end"), era.get("label")
        first, last = _first_day(start), _first_day(end)
        if first is None or last is None or first > last or not isinstance(label, str) or not label:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"decl46:eras, era {number}: needs a label and a start and end date "
                    "(YYYY, YYYY-MM or YYYY-MM-DD), the start not after the end",
                )
            )
            continue
        eras.append(Era(start, end, label, str(era.get("description", ""))))
    return tuple(eras)


def _document_date(value, where: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(
        Problem(where, None, None, f"decl46:documentDate '{value}' is not a date YYYY-MM-DD")
    )
    return None
