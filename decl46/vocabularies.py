"""The allowed values of a column and what they mean: parts, stances, fates, categories, kinds.

Each vocabulary is declared once, in ``data/datapackage.json`` (Table Schema v2
``categories``, each value with a ``label`` and, for some, further properties such as a
``description``); the figures, widgets and texts of the kit take their labels from here,
so an edited copy of the data (a label translated, a part renamed) shows everywhere.
"""

from __future__ import annotations

import pandas as pd

from decl46._package.cache import DataDir, package_of


def vocabulary(table: str, column: str, *, data_dir: DataDir = None) -> pd.DataFrame:
    """The values a column may take, in their order, with a label a student understands.

    One row per value (the index, named ``value``); columns ``label`` and any further
    properties the vocabulary declares (``description`` for the parts of the declaration,
    ``motivation`` for the kinds of annotation, ...), empty where a value has none.

    Raises
    ------
    ValueError
        When there is no such table or column, or the column has no vocabulary; the
        message lists what there is.

    Examples
    --------
    >>> import decl46
    >>> stances = decl46.vocabulary("stances", "stance")
    >>> stances.index[-1], stances.columns.tolist()
    ('not_stated', ['label'])
    >>> decl46.vocabulary("stances", "part").index.tolist()
    ['economy', 'party_regime', 'causes', 'proposal']
    """
    package = package_of(data_dir)
    field = package.table(table).field(column)
    if field.vocabulary is None:
        with_vocabulary = [f.name for f in package.tables[table].fields if f.vocabulary]
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


def labels(table: str, column: str, *, data_dir: DataDir = None) -> dict[str, str]:
    """``{value: label}`` of a column's vocabulary, in order: :func:`vocabulary`'s labels."""
    return vocabulary(table, column, data_dir=data_dir)["label"].to_dict()
