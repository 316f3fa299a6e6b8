"""Finding a signatory by name, and counting what became of them."""

from __future__ import annotations

import difflib

import pandas as pd

from decl46._names import skeleton, split_name, transliterate
from decl46.dataset import DataDir, Dataset, data_docs, using


class PersonNotFound(LookupError):
    """No signatory (or more than one) fits the name given; the message lists close matches."""

    __module__ = "decl46"


def _name_words(row) -> tuple[set[str], set[str]]:
    """(all name-word skeletons, first letters of given names) of one person (a row of the
    signatories or of the others table)."""
    texts = [row[c] for c in ("name_as_signed", "name") if c in row]
    for extra in (row["name_ru"], row["other_names"]):
        if isinstance(extra, str):
            texts += extra.split(";")
    words, given = set(), set()
    for text in texts:
        initials, parts = split_name(text)
        given.update(initials)  # "F. Dudnik", "Vladimir N. Maksimovsky": the initials given
        for i, part in enumerate(parts):
            for piece in [part, *part.split("-")]:
                words.add(skeleton(piece))
            if i < len(parts) - 1 and text in (row["name"], row["name_ru"]):
                given.add(transliterate(part)[:1])
    words.discard("")
    return words, given


def _name_index(data: Dataset, table: str = "signatories") -> tuple[pd.DataFrame, dict, dict]:
    """The people of ``table``; by row, the skeletons of their names (see
    :func:`_name_words`); and for each skeleton the name of the first person who has it
    (for close matches)."""
    people = data[table]
    index = {i: _name_words(row) for i, row in people.iterrows()}
    by_skeleton: dict[str, str] = {}
    for i, (words, _) in index.items():
        for word in sorted(words):
            by_skeleton.setdefault(word, people.loc[i, "name"])
    return people, index, by_skeleton


@data_docs
def find_person(
    name: str, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> pd.Series:
    """The signatory a name refers to, in any usual spelling, transliteration or script.

    Initials narrow the search ("I. N. Smirnov" against "V. Smirnov"); a pseudonym or
    other name listed in ``other_names`` works too ("Osinsky", "Obolensky").

    Parameters
    ----------
    name : str
        A name in any usual spelling, transliteration or script, with or without initials.
    {data_parameters}

    Returns
    -------
    pandas.Series
        The signatory's row of :func:`decl46.load_signatories`.

    Raises
    ------
    PersonNotFound
        When no signatory fits, or several do; the message names the closest ones.

    Examples
    --------
    >>> import decl46
    >>> decl46.find_person("Piatakov").person_id
    'pyatakov'
    >>> decl46.find_person("Пятаков").person_id
    'pyatakov'
    >>> decl46.find_person("V. Smirnov").person_id
    'smirnov_v'
    """
    people, index, by_skeleton = using(dataset, data_dir).memo(_name_index)
    initials, words = split_name(name)
    if not words:
        raise PersonNotFound(f"'{name}' holds no name to look for, only initials")
    wanted = {skeleton(w) for w in words}
    matches = [
        people.loc[i].copy()
        for i, (row_words, given) in index.items()
        if wanted <= row_words and all(initial in given for initial in initials[:1])
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(f"{m['name']} ({m['person_id']})" for m in matches)
        raise PersonNotFound(f"'{name}' fits several signatories: {names}; add an initial")
    raise PersonNotFound(f"no signatory is called '{name}'{_close_matches(name, by_skeleton)}")


def _others_index(data: Dataset):
    return _name_index(data, "others")


@data_docs
def find_other(
    name: str, *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> pd.Series | None:
    """The person who did *not* sign but whom the kit mentions (a row of
    :func:`decl46.load_others`) that a name refers to, or None.

    Matched like :func:`find_person`: any usual spelling or script, initials narrowing.

    Parameters
    ----------
    name : str
        A name in any usual spelling or script.
    {data_parameters}

    Examples
    --------
    >>> find_other("Trotskii").person_id
    'trotsky'
    >>> find_other("Сталин").person_id
    'stalin'
    >>> find_other("Pyatakov") is None
    True
    """
    people, index, _ = using(dataset, data_dir).memo(_others_index)
    initials, words = split_name(name)
    if not words:
        return None
    wanted = {skeleton(w) for w in words}

    def surnames(row) -> set[str]:
        # A given name alone ("Leon") is not enough: skeletons are coarse, and "Leon" and
        # "Lenin" are both ln. The surname, a name in other_names, or the Russian surname.
        texts = [row["name"], row["name_ru"] if isinstance(row["name_ru"], str) else ""]
        found = {skeleton(split_name(t)[1][-1]) for t in texts if split_name(t)[1]}
        if isinstance(row["other_names"], str):
            found |= {skeleton(n.split()[-1]) for n in row["other_names"].split(";") if n.strip()}
        return found

    matches = [
        people.loc[i].copy()
        for i, (row_words, given) in index.items()
        if wanted <= row_words
        and wanted & surnames(people.loc[i])
        and all(initial in given for initial in initials[:1])
    ]
    return matches[0] if len(matches) == 1 else None


def _close_matches(name: str, by_skeleton: dict[str, str]) -> str:
    _, words = split_name(name)
    close = []
    for word in words:
        for hit in difflib.get_close_matches(skeleton(word), by_skeleton, n=3, cutoff=0.6):
            if by_skeleton[hit] not in close:
                close.append(by_skeleton[hit])
    return f"; close matches: {', '.join(close)}" if close else ""


@data_docs
def fates_summary(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """How the 46 died, counted with and without the unknown cases, and who.

    One row per fate, in the order of the vocabulary (executed first, unknown last):
    ``count``; ``percent_of_all`` (of the 46); ``percent_of_known`` (of those whose
    fate is established, empty for the unknown row); ``names``.

    Parameters
    ----------
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> summary = decl46.fates_summary()
    >>> int(summary["count"].sum())
    46
    >>> list(summary.columns)
    ['count', 'percent_of_all', 'percent_of_known', 'names']
    """
    people = using(dataset, data_dir)["signatories"]
    fates = people["fate"].cat.categories
    known = people["fate"] != "unknown"
    rows = []
    for fate in fates:
        group = people[people["fate"] == fate].sort_values("name")
        count = len(group)
        rows.append(
            {
                "count": count,
                "percent_of_all": 100 * count / len(people),
                "percent_of_known": (
                    pd.NA if fate == "unknown" else 100 * count / max(int(known.sum()), 1)
                ),
                "names": "; ".join(group["name"]),
            }
        )
    summary = pd.DataFrame(rows, index=pd.CategoricalIndex(fates, name="fate"))
    return summary.astype(
        {
            "count": "Int64",
            "percent_of_all": "Float64",
            "percent_of_known": "Float64",
            "names": pd.StringDtype("python"),
        }
    ).round(1)


@data_docs
def fates_by_certainty(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> pd.DataFrame:
    """What is known of how the 46 died, and how firmly: one row per group, in this order:
    the people not identified, the identified people whose manner of death is unknown,
    then each known fate (in the order of the vocabulary).

    Columns: one count per value of ``fate_certainty`` (confirmed, probable, claimed; zero
    for the two unknown groups), ``total`` and ``names``. The groups add up to all 46.

    Parameters
    ----------
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> table = decl46.fates_by_certainty()
    >>> int(table["total"].sum())
    46
    >>> list(table.index[:2])
    ['signer not identified', 'identified, manner of death unknown']
    """
    people = using(dataset, data_dir)["signatories"]
    lowest = people["identity_confidence"].cat.categories[-1]
    certainties = list(people["fate_certainty"].cat.categories)
    unknown = people["fate"] == "unknown"
    groups = [
        ("signer not identified", people[people["identity_confidence"] == lowest]),
        (
            "identified, manner of death unknown",
            people[unknown & (people["identity_confidence"] != lowest)],
        ),
    ]
    groups += [
        (fate, people[people["fate"] == fate])
        for fate in people["fate"].cat.categories
        if fate != "unknown"
    ]
    rows = []
    for _, group in groups:
        row = {c: int((group["fate_certainty"] == c).sum()) for c in certainties}
        row["total"] = len(group)
        row["names"] = "; ".join(group.sort_values("name")["name"])
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index([g for g, _ in groups], name="group"))
    return table.astype(
        {**{c: "Int64" for c in certainties}, "total": "Int64", "names": pd.StringDtype("python")}
    )
