"""The data package's schema, read from datapackage.json: the one place it is declared."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from decl46.errors import DataError, Problem

DESCRIPTOR = "datapackage.json"


def default_data_dir() -> Traversable:
    """The data shipped with the package (``decl46/data``, a copy of the top-level data/)."""
    return files("decl46").joinpath("data")


ENVIRONMENT_VARIABLE = "DECL46_DATA"


def resolve_data_dir(data_dir: str | Path | Traversable | None) -> Traversable:
    """The data directory to read: the one given, else ``$DECL46_DATA``, else the shipped data.

    The environment variable lets a teacher run every notebook on an edited copy of the
    data without changing a cell.
    """
    if data_dir is None:
        data_dir = os.environ.get(ENVIRONMENT_VARIABLE) or None
    if data_dir is None:
        return default_data_dir()
    if isinstance(data_dir, str | Path):
        path = Path(data_dir)
        if not path.is_dir():
            what = "is a file, not a directory" if path.exists() else "does not exist"
            raise DataError([Problem(str(path), None, None, f"the data directory {what}")])
        return path
    return data_dir


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
    categories: tuple[str, ...] | None = None
    ordered: bool = False
    delimiter: str = ";"
    precision_field: str | None = None  # set for partial dates (YYYY, YYYY-MM, YYYY-MM-DD)
    may_be_absent: bool = False  # a column a file may leave out; its cells are then empty
    # What the items of a list field name: (prefix, resource, field) for items written
    # "prefix:key" (decl46:typedReferences), or one (None, resource, field) for plain ids
    # (decl46:itemReference).
    list_references: tuple[tuple[str | None, str, str], ...] = ()

    @classmethod
    def from_descriptor(cls, d: dict) -> Field:
        cons = d.get("constraints", {})
        ref = d.get("decl46:itemReference")
        return cls(
            name=d["name"],
            type=d.get("type", "string"),
            description=d.get("description", ""),
            required=bool(cons.get("required", False)),
            unique=bool(cons.get("unique", False)),
            pattern=cons.get("pattern"),
            enum=tuple(cons["enum"]) if "enum" in cons else None,
            minimum=cons.get("minimum"),
            maximum=cons.get("maximum"),
            max_length=cons.get("maxLength"),
            categories=tuple(d["categories"]) if "categories" in d else None,
            ordered=bool(d.get("categoriesOrdered", False)),
            delimiter=d.get("delimiter", ";"),
            precision_field=d.get("decl46:partialDate"),
            list_references=((None, ref["resource"], ref["field"]),)
            if ref
            else tuple(
                (prefix, resource, field)
                for prefix, (resource, field) in d.get("decl46:typedReferences", {}).items()
            ),
        )


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

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @classmethod
    def from_descriptor(cls, d: dict) -> Table:
        schema = d["schema"]
        pk = schema.get("primaryKey", [])
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
        return cls(
            name=d["name"],
            path=d["path"],
            title=d.get("title", d["name"]),
            description=d.get("description", ""),
            fields=tuple(Field.from_descriptor(f) for f in schema["fields"]),
            primary_key=_as_tuple(pk),
            foreign_keys=tuple(fks),
        )


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Package:
    """The tables of a data directory, in the order the descriptor lists them."""

    title: str
    description: str
    tables: dict[str, Table]


def read_package(data_dir: Traversable) -> Package:
    """Parse ``datapackage.json`` in ``data_dir``; a broken descriptor raises DataError."""
    descriptor = data_dir.joinpath(DESCRIPTOR)
    where = _display(data_dir, DESCRIPTOR)
    if not descriptor.is_file():
        what = "is a directory, not a file" if descriptor.is_dir() else "is missing"
        raise DataError([Problem(where, None, None, f"the package descriptor {what}")])
    try:
        d = json.loads(descriptor.read_bytes().decode("utf-8-sig"))
        tables = {r["name"]: Table.from_descriptor(r) for r in d["resources"]}
    except UnicodeDecodeError as exc:
        raise DataError([Problem(where, None, None, f"not UTF-8 text ({exc.reason})")]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(where, exc.lineno, None, f"not valid JSON: {exc.msg}")]) from None
    except (KeyError, TypeError) as exc:
        raise DataError([Problem(where, None, None, f"not a valid descriptor: {exc!r}")]) from None
    return Package(d.get("title", ""), d.get("description", ""), tables)


def _display(data_dir: Traversable, name: str) -> str:
    """How a file is named in messages: its full path where there is one."""
    return str(data_dir.joinpath(name))
