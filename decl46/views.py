"""Joined views that answer a teacher's first questions in one call."""

from __future__ import annotations

import pandas as pd

from decl46.loaders import DataDir
from decl46.loading import load_tables


def signature_overview(*, data_dir: DataDir = None) -> pd.DataFrame:
    """Who signed, in which block, under which statement, with which coded stances.

    One row per signature line (47), in document order. Besides the signature's own
    columns it carries the signer's ``name``, the block's ``block_order``,
    ``statement``, ``refers_to_block`` and ``statement_scope``, and one column per
    part of the declaration (``economy``, ``party_regime``, ``causes``,
    ``proposal``) holding the block's coded stance as an ordered categorical.
    For a block that refers to another ("the same reservations as Bubnov"),
    ``statement`` is the block's own words; the stances follow the block referred to.

    Examples
    --------
    >>> import decl46
    >>> overview = decl46.signature_overview()
    >>> overview.shape
    (47, 14)
    >>> overview.loc[overview.person_id == "eltsin", ["block_id", "proposal", "economy"]]
       block_id proposal     economy
    32      b08   agrees  not_stated
    """
    t = load_tables(data_dir)
    stance_wide = t["stances"].pivot(index="block_id", columns="part", values="stance")
    stance_wide.columns = [str(c) for c in stance_wide.columns]
    stance_wide = stance_wide.reset_index()
    blocks = t["blocks"].rename(columns={"order": "block_order"})
    out = (
        t["signatures"]
        .merge(t["signatories"][["person_id", "name"]], on="person_id", how="left", validate="m:1")
        .merge(blocks, on="block_id", how="left", validate="m:1")
        .merge(stance_wide, on="block_id", how="left", validate="m:1")
    )
    parts = t["stances"]["part"].cat.categories
    stance_dtype = t["stances"]["stance"].dtype
    for part in parts:
        out[part] = out[part].astype(stance_dtype)
    columns = ["order", "person_id", "name", "line_as_printed", "signed_date", "block_id"]
    columns += ["block_order", "statement", "refers_to_block", "statement_scope", *parts]
    return out[columns]
