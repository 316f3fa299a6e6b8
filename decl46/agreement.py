"""How far coders agree: students code the signature blocks themselves and compare.

A *coding* is a table with one row per block and part: ``block_id``, ``part``,
``stance`` (the kit's ordered vocabulary) and an optional ``justification``. The kit's own
coding is :func:`reference_coding`. :func:`compare_codings` gives percent agreement and
Cohen's kappa per part and overall, with a weighted kappa for the ordered scale, and
lists the disagreements; :func:`read_class_codings` reads a whole class folder.

Codings are checked like the kit's data: a bad file raises :class:`decl46.DataError`
naming the file, line and column.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd

from decl46._package.cache import DataDir, load_table, package_of
from decl46._package.csv_reader import read_table
from decl46._package.descriptor import Field, Table
from decl46._package.locations import shipped_data_dir
from decl46._package.rules import check_package
from decl46.errors import DataError, Problem

CODING_COLUMNS = ["block_id", "part", "stance", "justification"]
# The class folder: where the coding widget hands in a student's named copy (beside the
# working file) and where read_class_codings looks when it is given no folder.
CLASS_FOLDER = "class_codings"


def _coding_table(data_dir: DataDir = None) -> Table:
    """The schema of a coding file, built from the kit's stances table (one vocabulary)."""
    stances = package_of(data_dir).tables["stances"]
    by_name = {f.name: f for f in stances.fields}
    justification = Field(
        name="justification", type="string", description="Why this stance.", may_be_absent=True
    )
    fields = (by_name["block_id"], by_name["part"], by_name["stance"], justification)
    return Table(
        name="coding",
        path="coding.csv",
        title="A coding of the stances",
        description="One coder's stances, block by part.",
        fields=fields,
        primary_key=("block_id", "part"),
    )


def reference_coding(*, data_dir: DataDir = None) -> pd.DataFrame:
    """The kit's own coding (from the stances table), with its coding notes as justification.

    Examples
    --------
    >>> import decl46
    >>> len(decl46.reference_coding())
    52
    """
    stances = load_table("stances", data_dir)
    coding = stances[["block_id", "part", "stance"]].copy()
    coding["justification"] = stances["coding_note"]
    return coding


def empty_coding(*, data_dir: DataDir = None) -> pd.DataFrame:
    """A coding with every block and part and no stance chosen yet (for the coding widget)."""
    reference = reference_coding(data_dir=data_dir)
    coding = reference[["block_id", "part"]].copy()
    coding["stance"] = pd.Series(pd.NA, index=coding.index, dtype=reference["stance"].dtype)
    coding["justification"] = pd.Series(pd.NA, index=coding.index, dtype=pd.StringDtype("python"))
    return coding


def read_coding(path: str | Path, *, data_dir: DataDir = None) -> pd.DataFrame:
    """Read and check one coding file: block_id, part, stance and, optionally, justification.

    Raises
    ------
    DataError
        When the file is missing or not UTF-8, a column is missing, a stance is outside
        the vocabulary, a block does not exist, or a block and part are coded twice.
    """
    path = Path(path)
    file = str(path)
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "is missing"
        raise DataError([Problem(file, None, None, f"the coding file {what}")])
    parsed, problems = read_table(_coding_table(data_dir), path.read_bytes(), file)
    if parsed is not None:
        blocks = load_table("blocks", data_dir)["block_id"].tolist()
        known = set(blocks)
        for line, block in zip(parsed.lines, parsed.frame["block_id"], strict=True):
            if block not in known:
                problems.append(
                    Problem(
                        file,
                        line,
                        "block_id",
                        f"'{block}' is not a block (the blocks are {blocks[0]} to {blocks[-1]})",
                    )
                )
        problems += check_package({"coding": parsed})
    if problems:
        raise DataError(problems)
    return parsed.frame


def save_coding(coding: pd.DataFrame, path: str | Path, *, data_dir: DataDir = None) -> Path:
    """Write a coding as CSV (UTF-8) for the student's own folder; never into the kit's data.

    The file is checked after writing by reading it back, so what is saved always loads.
    """
    path = Path(path).resolve()
    data = Path(str(shipped_data_dir())).resolve()
    if path.parent == data or data in path.parents:
        raise ValueError(f"{path} is inside the kit's data folder; save codings in your own folder")
    coding[CODING_COLUMNS].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    read_coding(path, data_dir=data_dir)
    return path


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


def compare_codings(
    a: pd.DataFrame, b: pd.DataFrame, *, data_dir: DataDir = None
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
    stances = load_table("stances", data_dir)
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


@dataclass
class ClassCodings:
    """A class folder read: the codings that loaded (by file name) and the errors of the rest."""

    codings: dict[str, pd.DataFrame]
    errors: list[DataError]


def read_class_codings(
    folder: str | Path | Traversable = CLASS_FOLDER, *, data_dir: DataDir = None
) -> ClassCodings:
    """Read every ``*.csv`` coding in a folder. A bad file is reported, the others still load.

    ``folder`` is by default ``class_codings`` in the working folder: where the coding
    widget's "Hand in" button writes each student's named copy.

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_class_codings(decl46.example_class_folder())
    >>> sorted(class_.codings), class_.errors
    (['anna', 'boris', 'chen', 'dara'], [])
    """
    folder = Path(str(folder))
    codings, errors = {}, []
    for path in sorted(folder.glob("*.csv")):
        try:
            codings[path.stem] = read_coding(path, data_dir=data_dir)
        except DataError as error:
            errors.append(error)
    return ClassCodings(codings, errors)


def example_class_folder() -> Traversable:
    """A shipped folder of four example student codings, for trying class mode."""
    return files("decl46").joinpath("examples", "class_codings")


def pairwise_kappa(codings: dict[str, pd.DataFrame], *, data_dir: DataDir = None) -> pd.DataFrame:
    """Cohen's kappa (overall) between every two coders, as a symmetric matrix.

    Examples
    --------
    >>> import decl46
    >>> class_ = decl46.read_class_codings(decl46.example_class_folder())
    >>> matrix = decl46.pairwise_kappa(class_.codings)
    >>> float(matrix.loc["anna", "anna"])
    1.0
    """
    categories = list(load_table("stances", data_dir)["stance"].cat.categories)
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
