"""What each table holds, in words: the same text as data/README.md's table section."""

from __future__ import annotations

from decl46.loaders import DataDir
from decl46.loading import package_of


def describe(table: str | None = None, *, data_dir: DataDir = None) -> str:
    """Describe the tables of the data (or one of them) and each of their columns.

    The text comes from ``datapackage.json``, which also generates the table section
    of data/README.md, so the two always say the same thing. The result is Markdown,
    which reads as plain text with ``print``.

    Examples
    --------
    >>> import decl46
    >>> print(decl46.describe("sources"))
    ### sources: Sources
    Every work or page cited by the other tables.
    <BLANKLINE>
    | column | type | description |
    |---|---|---|
    | source_id | string, required | Identifier used in source_ids columns. |
    | citation | string, required | Full citation. |
    | url | string | Address of the page or online copy, where there is one. |
    """
    package = package_of(data_dir)
    if table is not None and table not in package.tables:
        known = ", ".join(package.tables)
        raise KeyError(f"no table named '{table}'; the tables are: {known}")
    names = [table] if table else list(package.tables)
    return "\n\n".join(_describe_table(package.tables[name]) for name in names)


def _describe_table(t) -> str:
    lines = [f"### {t.name}: {t.title}", t.description, "", "| column | type | description |"]
    lines.append("|---|---|---|")
    for f in t.fields:
        kind = f.type
        if f.categories:
            kind = ("ordered category: " if f.ordered else "category: ") + ", ".join(f.categories)
        elif f.precision_field:
            kind = "date (partial: YYYY, YYYY-MM or YYYY-MM-DD)"
        if f.required:
            kind += ", required"
        lines.append(f"| {f.name} | {kind} | {f.description} |")
    return "\n".join(lines)
