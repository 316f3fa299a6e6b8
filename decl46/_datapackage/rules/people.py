"""Rules of the people: how firmly each fate is attested, who is identified, and the
people of the story who did not sign."""

from __future__ import annotations

import re

from decl46._datapackage.rules._base import Rows, rule, split_ids
from decl46.errors import Problem


@rule(
    signatories=(
        "person_id",
        "fate",
        "fate_certainty",
        "identity_confidence",
        "death_date",
        "birth_year",
        "source_ids",
    ),
    sources=("source_id", "source_type", "citation"),
)
def _fates_follow_the_certainty_rule(people: Rows, sources: Rows) -> list[Problem]:
    """fate_certainty is empty exactly when the fate is unknown; a certainty that declares
    which source types suffice (decl46:sufficientSourceTypes, or a number of independent
    sources of decl46:independentSourceTypes) is borne out by the row's sources; an
    unidentified person (identity low) has no fate and no dates.

    A source whose citation admits that its year, place or publisher is unknown (it matches
    the certainty's decl46:citationGapPattern) fails the citation policy in substance, so it
    does not count towards that certainty. Where the table has a ``fate_source_ids`` column
    (the sources that state the fate, among the row's source_ids), only those count, it is
    empty exactly when the fate is unknown, and it names no source the row does not cite."""
    kinds = {c.value: c for c in people.table.field("fate_certainty").vocabulary or ()}
    type_of = {r["source_id"]: r["source_type"] for _, r in sources}
    citation_of = {r["source_id"]: r["citation"] or "" for _, r in sources}
    stating = "fate_source_ids" if "fate_source_ids" in people.frame.columns else "source_ids"
    problems = []
    for line, row in people:
        who, cert = row["person_id"], row["fate_certainty"]
        if stating == "fate_source_ids":
            problems += _fate_sources_cited(people, line, row)
        if (row["fate"] == "unknown") != (cert is None):
            problems.append(
                people.problem(
                    line,
                    "fate_certainty",
                    f"{who}: the fate is '{row['fate']}', so fate_certainty must be "
                    + ("empty" if row["fate"] == "unknown" else "one of " + ", ".join(kinds)),
                )
            )
        if row["identity_confidence"] == "low":
            for column in ("death_date", "birth_year"):
                if row[column] is not None:
                    problems.append(
                        people.problem(
                            line,
                            column,
                            f"{who} is not identified (identity_confidence low): nothing may "
                            "be given for them but the name as printed",
                        )
                    )
            if row["fate"] != "unknown":
                problems.append(
                    people.problem(line, "fate", f"{who} is not identified: fate unknown")
                )
        kind = kinds.get(cert)
        if kind is None:
            continue
        sufficient = set(split_ids(kind.get("sufficientSourceTypes")))
        if not sufficient:
            continue
        gap = _pattern(kind.get("citationGapPattern"))
        cited = [
            s for s in split_ids(row[stating]) if not (gap and gap.search(citation_of.get(s, "")))
        ]
        if any(type_of.get(s) in sufficient for s in cited):
            continue
        independent = set(split_ids(kind.get("independentSourceTypes")))
        wanted = kind.get("orIndependentSources") or "0"
        needed = int(wanted) if wanted.isdigit() else 0
        if needed and sum(type_of.get(s) in independent for s in cited) >= needed:
            continue
        none = (
            "none of the sources that state the fate is one"
            if stating == "fate_source_ids"
            else "the row cites none"
        )
        problems.append(
            people.problem(
                line,
                "fate_certainty",
                f"{who}: '{cert}' needs a cited source of type {', '.join(sorted(sufficient))}"
                + (f" or {needed} of type {', '.join(sorted(independent))}" if needed else "")
                + f"; {none}"
                + (" whose citation names its year and place or publisher" if gap else ""),
            )
        )
    return problems


def _pattern(text: str | None) -> re.Pattern | None:
    """A declared pattern (case-insensitive), or None when there is none or it is not one."""
    if not text:
        return None
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error:
        return None


def _fate_sources_cited(people: Rows, line: int, row: dict) -> list[Problem]:
    """fate_source_ids names only sources the row cites, and is empty exactly when the fate
    is unknown."""
    who = row["person_id"]
    own = set(split_ids(row["source_ids"]))
    named = split_ids(row["fate_source_ids"])
    problems = [
        people.problem(
            line,
            "fate_source_ids",
            f"{who}: '{s}' is not among the row's source_ids; a source that states the fate "
            "must be cited by the row",
        )
        for s in named
        if s not in own
    ]
    if (row["fate"] == "unknown") == bool(named):
        should = (
            "empty"
            if row["fate"] == "unknown"
            else "the sources that state it (or the circumstances it is inferred from)"
        )
        problems.append(
            people.problem(
                line,
                "fate_source_ids",
                f"{who}: the fate is '{row['fate']}', so fate_source_ids must be {should}",
            )
        )
    return problems


@rule(signatories=("person_id", "identity_confidence", "fate", "fate_certainty"))
def _ratings_follow_their_basis(people: Rows) -> list[Problem]:
    """What a person's row rates follows from the evidence it records, by the vocabularies of
    datapackage.json: each value of ``identity_basis`` implies one ``identity_confidence``
    (decl46:confidence), and each value of ``fate_basis`` allows fates and certainties as its
    category declares (decl46:fateUnknown: the fate is unknown exactly for that basis;
    decl46:highestCertainty: no certainty stronger than that one, as for an inferred fate).
    A copy without these columns is not checked by this rule."""
    columns = set(people.frame.columns)

    def vocabulary(column: str) -> dict:
        if column not in columns:
            return {}
        return {c.value: c for c in people.table.field(column).vocabulary or ()}

    identity, fates = vocabulary("identity_basis"), vocabulary("fate_basis")
    order = list(people.table.field("fate_certainty").categories or ())
    problems = []
    for line, row in people:
        who = row["person_id"]
        basis = identity.get(row.get("identity_basis"))
        implied = basis.get("confidence") if basis else None
        if implied and row["identity_confidence"] != implied:
            problems.append(
                people.problem(
                    line,
                    "identity_confidence",
                    f"{who}: the identification rests on '{basis.value}', which makes it "
                    f"'{implied}', not '{row['identity_confidence']}'",
                )
            )
        basis = fates.get(row.get("fate_basis"))
        if basis is None:
            continue
        unknown_here = basis.get("fateUnknown") == "true"
        if unknown_here != (row["fate"] == "unknown"):
            expected = [
                v for v, c in fates.items() if (c.get("fateUnknown") == "true") != unknown_here
            ]
            problems.append(
                people.problem(
                    line,
                    "fate_basis",
                    f"{who}: the fate is '{row['fate']}', so fate_basis must be "
                    + " or ".join(f"'{v}'" for v in expected)
                    + f", not '{basis.value}'",
                )
            )
        highest, cert = basis.get("highestCertainty"), row.get("fate_certainty")
        if highest in order and cert in order and order.index(cert) < order.index(highest):
            problems.append(
                people.problem(
                    line,
                    "fate_certainty",
                    f"{who}: a fate that is '{basis.value}' can be at most '{highest}', "
                    f"not '{cert}'",
                )
            )
    return problems


@rule(others=("person_id",), signatories=("person_id",))
def _others_did_not_sign(others: Rows, people: Rows) -> list[Problem]:
    """The other people in the story are not signatories: an id of the one table is never
    an id of the other, so a name cannot lead to two answers."""
    signers = set(people.frame["person_id"])
    return [
        others.problem(
            line,
            "person_id",
            f"'{row['person_id']}' is a signatory (signatories.csv); this table holds only "
            "people who did not sign",
        )
        for line, row in others
        if row["person_id"] in signers
    ]
