"""What every check shares: the tables it reads, and one way to report a problem.

A check is a function made a :class:`Rule` by the decorator :func:`rule`, naming the
tables (and the columns of them) it reads. It receives those tables as :class:`Rows` and
returns problems; it never raises. When a table it needs did not parse, the check is left
out (that table's own problems are reported); when a table lacks a column the check reads
(a teacher's copy may drop one), that is reported as a problem instead of the check
running.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from decl46._datapackage.csv_reader import ParsedTable
from decl46.errors import Problem

Tables = dict[str, ParsedTable]


@dataclass
class Rows:
    """One parsed table as a check reads it: its rows with their lines, and
    :meth:`problem` to report what is wrong at a line and column."""

    parsed: ParsedTable

    @property
    def file(self) -> str:
        return self.parsed.file

    @property
    def frame(self):
        return self.parsed.frame

    @property
    def table(self):
        return self.parsed.table

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        """Each row as a plain dict (missing values as None) with the line it starts on."""
        yield from zip(self.parsed.lines, self.parsed.records, strict=True)

    def problem(self, line: int | None, column: str | None, message: str) -> Problem:
        return Problem(self.parsed.file, line, column, message)


Check = Callable[..., list[Problem]]


@dataclass(frozen=True)
class Rule:
    """A registered check and the columns it reads, table by table."""

    check: Check
    needs: dict[str, tuple[str, ...]]

    def __call__(self, tables: Tables) -> list[Problem]:
        if any(name not in tables for name in self.needs):
            return []
        problems = []
        for name, columns in self.needs.items():
            missing = [c for c in columns if c not in tables[name].frame.columns]
            if missing:
                problems.append(
                    Problem(
                        tables[name].file,
                        None,
                        missing[0],
                        f"the kit's check {self.check.__name__.strip('_')} needs the column"
                        f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} in this table",
                    )
                )
        if problems:
            return problems
        return self.check(*(Rows(tables[name]) for name in self.needs))


def rule(**needs: tuple[str, ...]) -> Callable[[Check], Rule]:
    """Make a check of the kit's data a :class:`Rule`; ``needs`` names each table it reads
    (in the order of its parameters) with the columns it reads there."""

    def make(check: Check) -> Rule:
        return Rule(check, {name: tuple(columns) for name, columns in needs.items()})

    return make


def split_ids(value: str | None, delimiter: str = ";") -> list[str]:
    """The items of a list cell (none for an empty cell)."""
    return [item for item in (value or "").split(delimiter) if item]
