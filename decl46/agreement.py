"""How far coders agree: students code the signature blocks themselves and compare.

A *coding* (see :mod:`decl46.codings`) is a table with one row per block and part:
``block_id``, ``part``, ``stance`` and an optional ``justification``. :func:`compare_codings`
gives percent agreement and Cohen's kappa per part and overall, with a weighted kappa for
the ordered scale, and lists the disagreements; :func:`pairwise_kappa` compares every two
coders of a class and :func:`contested_items` finds where a class disagrees most.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using

# --- agreement --------------------------------------------------------------------------


def cohen_kappa(a, b, categories, *, weights: str | None = None) -> float:
    """Cohen's kappa between two raters' codes of the same items.

    ``weights`` None gives the classic kappa; ``"linear"`` or ``"quadratic"`` a weighted
    kappa in which disagreements cost more the further apart the categories are in
    ``categories``' order. Returns NaN when chance agreement is total (both raters used one
    and the same category), where kappa is undefined.

    Examples
    --------
    Cohen's example as given in many textbooks: 50 items, both say yes to 20, both no to 15,
    A yes and B no 5 times, A no and B yes 10 times; agreement 0.7, chance 0.5, kappa 0.4.

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b, ["yes", "no"]), 3)
    0.4
    """
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)
    table = np.zeros((k, k))
    for x, y in zip(a, b, strict=True):
        table[index[x], index[y]] += 1
    n = table.sum()
    if n == 0:
        return float("nan")
    observed = table / n
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    i, j = np.indices((k, k))
    if weights is None:
        disagreement = (i != j).astype(float)
    elif weights == "linear":
        disagreement = np.abs(i - j) / (k - 1)
    elif weights == "quadratic":
        disagreement = ((i - j) / (k - 1)) ** 2
    else:
        raise ValueError("weights must be None, 'linear' or 'quadratic'")
    expected_disagreement = (disagreement * expected).sum()
    if expected_disagreement == 0:
        return float("nan")
    return float(1 - (disagreement * observed).sum() / expected_disagreement)


@dataclass
class CodingComparison:
    """What :func:`compare_codings` finds: a summary per part and overall, and the disagreements."""

    summary: pd.DataFrame
    disagreements: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        return self.summary._repr_html_()


@data_docs
def compare_codings(
    a: pd.DataFrame,
    b: pd.DataFrame,
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> CodingComparison:
    """Agreement between two codings, per part and overall, and where they differ.

    ``summary`` has one row per part and an ``overall`` row: the number of items both
    coded, percent agreement, Cohen's kappa, and linearly weighted kappa on the ordered
    stance scale. ``disagreements`` lists each block and part coded differently, with both
    stances and the evidence the kit quotes from the statement.

    Examples
    --------
    >>> import decl46
    >>> same = decl46.compare_codings(decl46.reference_coding(), decl46.reference_coding())
    >>> int(same.summary.loc["overall", "items"]), float(same.summary.loc["overall", "kappa"])
    (52, 1.0)
    """
    stances = using(dataset, data_dir)["stances"]
    categories = list(stances["stance"].cat.categories)
    keys = ["block_id", "part"]
    both = _paired_stances(a, b)
    rows = {}
    parts = list(stances["part"].cat.categories)
    for name, group in [*[(p, both[both["part"] == p]) for p in parts], ("overall", both)]:
        x, y = group["stance_a"].astype(str), group["stance_b"].astype(str)
        rows[name] = {
            "items": len(group),
            "percent_agreement": round(100 * float((x == y).mean()), 1)
            if len(group)
            else float("nan"),
            "kappa": round(cohen_kappa(x, y, categories), 3),
            "weighted_kappa": round(cohen_kappa(x, y, categories, weights="linear"), 3),
        }
    summary = pd.DataFrame.from_dict(rows, orient="index").astype(
        {
            "items": "Int64",
            "percent_agreement": "Float64",
            "kappa": "Float64",
            "weighted_kappa": "Float64",
        }
    )
    summary.index.name = "part"
    evidence = stances[[*keys, "evidence"]]
    differ = both[both["stance_a"].astype(str) != both["stance_b"].astype(str)]
    differ = differ.merge(evidence, on=keys, how="left").reset_index(drop=True)
    return CodingComparison(summary, differ)


def _paired_stances(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The items both codings coded: block_id, part, stance_a, stance_b."""
    keys = ["block_id", "part"]
    both = a[[*keys, "stance"]].merge(b[[*keys, "stance"]], on=keys, suffixes=("_a", "_b"))
    return both.dropna(subset=["stance_a", "stance_b"])


@data_docs
def pairwise_kappa(
    codings: dict[str, pd.DataFrame],
    *,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> pd.DataFrame:
    """Cohen's kappa (overall) between every two coders, as a symmetric matrix.

    Parameters
    ----------
    codings : dict of str to DataFrame
        The codings by coder, e.g. ``read_class_codings(...).codings``.
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_class_codings(decl46.example_class_folder())
    >>> matrix = decl46.pairwise_kappa(class_.codings)
    >>> float(matrix.loc["anna", "anna"])
    1.0
    """
    categories = list(using(dataset, data_dir)["stances"]["stance"].cat.categories)
    names = list(codings)
    matrix = pd.DataFrame(np.nan, index=names, columns=names, dtype="Float64")
    for x, y in itertools.combinations_with_replacement(names, 2):
        both = _paired_stances(codings[x], codings[y])
        kappa = cohen_kappa(both["stance_a"].astype(str), both["stance_b"].astype(str), categories)
        # Rounded as in compare_codings' summary, so the two always agree.
        matrix.loc[x, y] = matrix.loc[y, x] = round(kappa, 3)
    return matrix


def contested_items(codings: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The blocks and parts the class disagrees on most: a discussion starter.

    One row per block and part coded by at least two coders: how many coded it, how many
    different stances they chose, the share that chose the most common one, and that stance.
    Sorted from the most contested (lowest share) down; empty (with these columns) when no
    item has two coders yet.

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_class_codings(decl46.example_class_folder())
    >>> list(decl46.contested_items({"anna": class_.codings["anna"]}).columns)
    ['block_id', 'part', 'coders', 'stances_used', 'majority_stance', 'majority_share']
    """
    columns = ["block_id", "part", "coders", "stances_used", "majority_stance", "majority_share"]
    frames = [c[["block_id", "part", "stance"]].assign(coder=name) for name, c in codings.items()]
    stacked = pd.concat(frames, ignore_index=True).dropna(subset=["stance"]) if frames else None
    rows = []
    groups = [] if stacked is None else stacked.groupby(["block_id", "part"], observed=True)
    for (block, part), group in groups:
        if len(group) < 2:
            continue
        counts = group["stance"].astype(str).value_counts()
        rows.append(
            {
                "block_id": block,
                "part": part,
                "coders": len(group),
                "stances_used": len(counts),
                "majority_stance": counts.index[0],
                "majority_share": round(float(counts.iloc[0] / len(group)), 2),
            }
        )
    table = pd.DataFrame(rows, columns=columns).astype(
        {
            "block_id": pd.StringDtype("python"),
            "part": pd.StringDtype("python"),
            "coders": "Int64",
            "stances_used": "Int64",
            "majority_stance": pd.StringDtype("python"),
            "majority_share": "Float64",
        }
    )
    return table.sort_values(["majority_share", "block_id", "part"], ignore_index=True)
