"""The allowed values of a column and what they mean: parts, stances, fates, categories, kinds.

Each vocabulary is declared once, in ``data/datapackage.json`` (Table Schema v2
``categories``, each value with a ``label`` and, for some, further properties such as a
``description``); the figures, widgets and texts of the kit take their labels from here,
so an edited copy of the data (a label translated, a part renamed) shows everywhere.
"""

from __future__ import annotations

import pandas as pd

from decl46.dataset import DataDir, Dataset, using


def vocabulary(
    table: str, column: str, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> pd.DataFrame:
    """The values a column may take, in their order, with a label a student understands.

    Parameters
    ----------
    table, column : str
        The table and the column, e.g. ``"stances", "stance"``.
    {data_parameters}

    Returns
    -------
    pandas.DataFrame
        One row per value (the index, named ``value``); columns ``label`` and any further
        properties the vocabulary declares (``description`` for the parts of the
        declaration, ``motivation`` for the kinds of annotation, ...), empty where a value
        has none.

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
    return using(dataset, data_dir).vocabulary(table, column)
