"""Rules of the people: how firmly each fate is attested, who is identified, and the
people of the story who did not sign."""

from __future__ import annotations

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
    sources=("source_id", "source_type"),
)
def _fates_follow_the_certainty_rule(people: Rows, sources: Rows) -> list[Problem]:
    """fate_certainty is empty exactly when the fate is unknown; a certainty that declares
    which source types suffice (decl46:sufficientSourceTypes, or a number of independent
    sources of decl46:independentSourceTypes) is borne out by the row's sources; an
    unidentified person (identity low) has no fate and no dates."""
    kinds = {c.value: c for c in people.table.field("fate_certainty").vocabulary or ()}
    type_of = {r["source_id"]: r["source_type"] for _, r in sources}
    problems = []
    for line, row in people:
        who, cert = row["person_id"], row["fate_certainty"]
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
        cited = split_ids(row["source_ids"])
        if any(type_of.get(s) in sufficient for s in cited):
            continue
        independent = set(split_ids(kind.get("independentSourceTypes")))
        wanted = kind.get("orIndependentSources") or "0"
        needed = int(wanted) if wanted.isdigit() else 0
        if needed and sum(type_of.get(s) in independent for s in cited) >= needed:
            continue
        problems.append(
            people.problem(
                line,
                "fate_certainty",
                f"{who}: '{cert}' needs a cited source of type {', '.join(sorted(sufficient))}"
                + (f" or {needed} of type {', '.join(sorted(independent))}" if needed else "")
                + "; the row cites none",
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
