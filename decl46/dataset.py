"""One door to the data: :class:`Dataset`, a data folder read and checked once.

:func:`open_data` reads a data folder (the kit's own, a teacher's edited copy, or the one
``$DECL46_DATA`` names), checks it whole, and hands back a :class:`Dataset`: the typed
tables and what the descriptor declares (vocabularies and their labels, the document's
date, the lessons' period and eras, the readings of whom a statement covers). Every public
function of the kit takes one (``dataset=``), or opens one from ``data_dir=``; it reads
each file of the folder at most once, and a call on a folder that has not changed since
reads nothing at all.

>>> import decl46
>>> data = decl46.open_data()
>>> len(data["signatories"]), data.document_date
(46, datetime.date(1923, 10, 15))
>>> decl46.load_signatures(dataset=data).person_id.nunique()
46

Tables are handed out as copies, so one notebook cell cannot change another's data.
"""

from __future__ import annotations

import os
import textwrap
from collections import OrderedDict
from collections.abc import Callable
from importlib.resources.abc import Traversable
from typing import TypeVar

import pandas as pd

from decl46._datapackage.csv_reader import read_table
from decl46._datapackage.folder import Folder, read_folder, unchanged
from decl46._datapackage.locations import resolve_data_dir, shipped_data_dir
from decl46._datapackage.rules import check_against
from decl46._datapackage.schema import Category, Era, Field, Table
from decl46.errors import DataError

DataDir = str | os.PathLike | Traversable | None
T = TypeVar("T")

__all__ = ["DataDir", "Dataset", "data_docs", "open_data", "shipped_data_dir", "using"]

# What every public function says of its data parameters, written once (see data_docs).
DATA_PARAMETERS = """\
dataset : decl46.Dataset, optional
    The data, as :func:`decl46.open_data` returns it: read and checked once, handed on.
data_dir : str or path, optional
    A data folder to open instead, e.g. a teacher's edited copy; by default the folder
    ``$DECL46_DATA`` names, else the kit's own data."""


def data_docs(obj: T) -> T:
    """Write :data:`DATA_PARAMETERS` where the docstring of ``obj`` says
    ``{data_parameters}``, at that line's indent (seaborn shares its parameter docs so)."""
    doc = obj.__doc__ or ""
    for line in doc.splitlines():
        if line.strip() == "{data_parameters}":
            indent = line[: len(line) - len(line.lstrip())]
            obj.__doc__ = doc.replace(line, textwrap.indent(DATA_PARAMETERS, indent))
            break
    return obj


class Dataset:
    """A data folder, read and checked: its tables (``data["stances"]`` or ``data.stances``,
    each a fresh copy) and its descriptor's metadata and vocabularies.

    Make one with :func:`open_data`; pass it to any function of the kit as ``dataset=``.
    """

    __module__ = "decl46"

    def __init__(self, folder: Folder):
        self._folder = folder
        self._memo: dict[tuple[str, str], object] = {}

    # --- what the folder holds ----------------------------------------------------------

    @property
    def directory(self) -> str:
        """Where the data was read from."""
        return str(self._folder.directory)

    @property
    def table_names(self) -> list[str]:
        """The tables, in the order the descriptor lists them."""
        return list(self._folder.package.tables)

    def __getitem__(self, name: str) -> pd.DataFrame:
        """A fresh copy of one table (``ValueError`` naming the tables for an unknown name)."""
        self._folder.package.table(name)
        return self._folder.frames[name].copy()

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in self._folder.package.tables:
            raise AttributeError(name)
        return self[name]

    def __dir__(self):
        return [*super().__dir__(), *self.table_names]

    def __repr__(self) -> str:
        return f"<decl46.Dataset {self.title or 'data'!r} from {self.directory}>"

    # --- what the descriptor declares ---------------------------------------------------

    @property
    def title(self) -> str:
        return self._folder.package.title

    @property
    def description(self) -> str:
        return self._folder.package.description

    @property
    def version(self) -> str:
        return self._folder.package.version

    @property
    def document_date(self):
        """The date the document bears (``decl46:documentDate``), or None."""
        return self._folder.package.document_date

    @property
    def period(self) -> tuple[str, str] | None:
        """The years the lessons cover (``decl46:period``), as ``("YYYY", "YYYY")``, or None."""
        return self._folder.package.period

    @property
    def eras(self) -> tuple[Era, ...]:
        """The stretches of time the lessons are organised by (``decl46:eras``)."""
        return self._folder.package.eras

    @property
    def readings(self) -> tuple[Category, ...]:
        """The readings of whom a block's statement covers (``decl46:statementReadings``),
        the default first; each with a ``label`` and a ``description``."""
        return self._folder.package.readings

    def schema(self, table: str) -> Table:
        """The schema of a table as the descriptor declares it (fields, keys, sources)."""
        return self._folder.package.table(table)

    def field(self, table: str, column: str) -> Field:
        """One column's declaration: type, constraints, vocabulary."""
        return self.schema(table).field(column)

    def vocabulary(self, table: str, column: str) -> pd.DataFrame:
        """The values a column may take, in order, with their labels and further properties
        (see :func:`decl46.vocabulary`)."""
        field = self.field(table, column)
        if field.vocabulary is None:
            with_vocabulary = [f.name for f in self.schema(table).fields if f.vocabulary]
            raise ValueError(
                f"the column {table}.{column} has no vocabulary; in '{table}' these have one: "
                + (", ".join(with_vocabulary) or "none")
            )
        extras = list(dict.fromkeys(name for c in field.vocabulary for name, _ in c.extras))
        rows = [[c.label, *(c.get(name) for name in extras)] for c in field.vocabulary]
        frame = pd.DataFrame(
            rows,
            index=pd.Index([c.value for c in field.vocabulary], name="value", dtype="string"),
            columns=["label", *extras],
        )
        return frame.astype(pd.StringDtype("python"))

    def labels(self, table: str, column: str) -> dict[str, str]:
        """``{value: label}`` of a column's vocabulary, in order."""
        field = self.field(table, column)
        if field.vocabulary is None:
            self.vocabulary(table, column)  # raises, naming the columns that have one
        return {c.value: c.label for c in field.vocabulary}

    # --- for the kit's own views --------------------------------------------------------

    def memo(self, build: Callable[[Dataset], T]) -> T:
        """``build(self)``, computed once for this data (the explorers ask for the same
        views on every keystroke). The result is shared: callers must not change it, and a
        public function hands out a copy."""
        key = (build.__module__, build.__qualname__)
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]  # type: ignore[return-value]

    def read_like(
        self,
        raw: bytes,
        file: str,
        *,
        table: str,
        columns: list[str],
        optional: dict[str, str] | None = None,
    ) -> pd.DataFrame:
        """Check a CSV file that is not part of the folder (a student's coding, say) against
        some columns of one of its tables, and return it typed.

        The file must have ``columns`` with the same types, vocabularies and constraints as
        in ``table``, may have the ``optional`` text columns (name -> description), and
        keeps the table's primary key and its foreign keys into this data, when their
        columns are among ``columns``. Raises DataError naming the file, line and column.
        """
        source = self.schema(table)
        fields = [source.field(c) for c in columns]
        fields += [
            Field(name=name, type="string", description=text, may_be_absent=True)
            for name, text in (optional or {}).items()
        ]
        keep = set(columns)
        schema = Table(
            name=f"{table} (as read from {file})",
            path=file,
            title=source.title,
            description=source.description,
            fields=tuple(fields),
            primary_key=source.primary_key if set(source.primary_key) <= keep else (),
            foreign_keys=tuple(fk for fk in source.foreign_keys if set(fk.fields) <= keep),
        )
        parsed, problems = read_table(schema, raw, file)
        if parsed is not None:
            targets = {
                name: (self._folder.frames[name], self.schema(name).path)
                for name in self.table_names
            }
            problems += check_against(parsed, targets)
        if problems:
            raise DataError(problems)
        return parsed.frame


# Datasets open now, by folder (the most recently used last), and by the digest of their bytes.
_OPEN: OrderedDict[str, Dataset] = OrderedDict()
_BY_DIGEST: dict[str, Dataset] = {}
KEPT = 16  # folders kept open at once (a teacher comparing copies opens a few)


def open_data(data_dir: DataDir = None) -> Dataset:
    """The data in ``data_dir`` (else ``$DECL46_DATA``, else the kit's own), read and checked.

    Raises :class:`decl46.DataError` listing every problem, with its file, line and column,
    when anything in the folder is wrong: nothing is ever half-loaded. A folder that has
    not changed since it was last opened is not read again (the same :class:`Dataset` comes
    back); one that has changed is read again whole.
    """
    directory = resolve_data_dir(data_dir)
    key = str(directory)
    known = _OPEN.get(key)
    if known is not None and unchanged(known._folder):
        _OPEN.move_to_end(key)
        return known
    folder = read_folder(directory)
    dataset = _BY_DIGEST.get(folder.digest)
    if dataset is None:
        dataset = Dataset(folder)
    else:
        dataset._folder = folder  # the same bytes: keep the views already computed
    _OPEN[key] = dataset
    _OPEN.move_to_end(key)
    _BY_DIGEST[folder.digest] = dataset
    while len(_OPEN) > KEPT:
        _, dropped = _OPEN.popitem(last=False)
        _BY_DIGEST.pop(dropped._folder.digest, None)
    return dataset


def using(dataset: Dataset | None = None, data_dir: DataDir = None) -> Dataset:
    """The data a public function works on: ``dataset`` if given, else :func:`open_data` of
    ``data_dir``."""
    if dataset is None:
        return open_data(data_dir)
    if not isinstance(dataset, Dataset):
        raise TypeError(
            f"dataset= takes what decl46.open_data() returns, not {type(dataset).__name__}; "
            "give a folder as data_dir="
        )
    if data_dir is not None:
        raise TypeError("give dataset= or data_dir=, not both")
    return dataset
