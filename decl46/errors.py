"""The error raised for bad data, and the problems it reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file.

    ``line`` is the line a person finds in the CSV file (the header is line 1);
    ``None`` where the problem belongs to the whole file. ``column`` is the
    column's name, or ``None`` where the problem belongs to the whole row.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when a data directory does not hold valid decl46 data.

    Every problem found is listed, each naming the file, the line, the column
    and what is wrong, in :attr:`problems`.
    """

    __module__ = "decl46"  # tracebacks show decl46.DataError, the name users import

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        lines = [f"{head} in the decl46 data:"] + [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
