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
    """Raised when a data directory, or a file a student hands in, does not hold valid data.

    Every problem found is listed, each naming the file, the line, the column and what is
    wrong, in :attr:`problems`. The message shows the first :data:`SHOWN` problems and how
    many more there are, so that a file with a million mistakes gives a readable error.
    """

    __module__ = "decl46"  # tracebacks show decl46.DataError, the name users import

    #: How many problems the message lists; the rest are counted.
    SHOWN = 20

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        lines = [f"{head} in the decl46 data:"]
        lines += [f"  - {p}" for p in self.problems[: self.SHOWN]]
        if count > self.SHOWN:
            lines.append(f"  ... and {count - self.SHOWN} more")
        super().__init__("\n".join(lines))
