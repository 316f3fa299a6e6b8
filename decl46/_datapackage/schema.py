"""The schema of a data package as the kit applies it: :class:`Package`, :class:`Table`,
:class:`Field` and their vocabularies (:class:`Category`), as :mod:`.descriptor` reads them
from ``datapackage.json``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

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
    pattern: re.Pattern | None = None
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
    # for the table of sources; read by the source-policy rules.
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
    package's own metadata: ``decl46:documentDate`` (the date the document bears),
    ``decl46:period`` (the years the lessons cover), ``decl46:eras`` (the stretches of time
    the lessons are organised by) and ``decl46:statementReadings`` (the readings of whom a
    block's statement covers, the default first)."""

    title: str
    description: str
    tables: dict[str, Table]
    version: str = ""
    document_date: dt.date | None = None
    period: tuple[str, str] | None = None
    eras: tuple[Era, ...] = ()
    readings: tuple[Category, ...] = ()

    def table(self, name: str) -> Table:
        if name not in self.tables:
            raise ValueError(
                f"there is no table '{name}'; the tables are: {', '.join(self.tables)}"
            )
        return self.tables[name]
