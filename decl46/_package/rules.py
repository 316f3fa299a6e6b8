"""Checks that span rows or tables: unique keys, foreign keys, and the kit's own rules.

Each check takes the parsed tables and returns problems; none raises. The rules that
are specific to the declaration (a stance's evidence must be quoted from its block's
statement, a block cannot point at itself, ...) are listed in :data:`RULES`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from decl46._package.csv_reader import ParsedTable
from decl46.errors import Problem

Tables = dict[str, ParsedTable]


def check_package(tables: Tables) -> list[Problem]:
    """Every cross-row and cross-table problem in a set of parsed tables."""
    problems: list[Problem] = []
    for parsed in tables.values():
        problems += _unique_keys(parsed)
        problems += _foreign_keys(parsed, tables)
        problems += _list_references(parsed, tables)
    for rule in RULES:
        problems += rule(tables)
    return problems


def _rows(parsed: ParsedTable) -> Iterator[tuple[int, dict]]:
    """Each row as a plain dict (missing values as None) with the line it starts on."""
    yield from zip(parsed.lines, parsed.records, strict=True)


def _unique_keys(parsed: ParsedTable) -> list[Problem]:
    problems = []
    t = parsed.table
    keys = [t.primary_key] + [
        (f.name,) for f in t.fields if f.unique and (f.name,) != t.primary_key
    ]
    for key in keys:
        if not key:
            continue
        first_seen: dict[tuple, int] = {}
        for line, row in _rows(parsed):
            value = tuple(row[k] for k in key)
            if None in value:
                continue
            if value in first_seen:
                shown = ", ".join(str(v) for v in value)
                problems.append(
                    Problem(
                        parsed.file,
                        line,
                        "+".join(key),
                        f"duplicate key '{shown}': line {first_seen[value]} has it already",
                    )
                )
            else:
                first_seen[value] = line
    return problems


def _known(tables: Tables, resource: str, fields: tuple[str, ...]) -> set[tuple] | None:
    target = tables.get(resource)
    if target is None:
        return None
    return set(target.frame[list(fields)].itertuples(index=False, name=None))


def _foreign_keys(parsed: ParsedTable, tables: Tables) -> list[Problem]:
    problems = []
    for fk in parsed.table.foreign_keys:
        known = _known(tables, fk.resource, fk.reference_fields)
        if known is None:
            continue  # the referenced table has its own problems, reported there
        target_file = tables[fk.resource].table.path
        for line, row in _rows(parsed):
            value = tuple(row[k] for k in fk.fields)
            if None in value or value in known:
                continue
            shown = ", ".join(str(v) for v in value)
            problems.append(
                Problem(
                    parsed.file,
                    line,
                    "+".join(fk.fields),
                    f"'{shown}' does not exist in {target_file} ({', '.join(fk.reference_fields)})",
                )
            )
    return problems


def _list_references(parsed: ParsedTable, tables: Tables) -> list[Problem]:
    """Every item of a list of ids (``s01;s02``) or of typed ids (``glossary:chervonets``,
    ``person:pyatakov``) must name a row that exists."""
    problems = []
    for f in parsed.table.fields:
        if not f.list_references:
            continue
        targets = {prefix: (resource, field) for prefix, resource, field in f.list_references}
        known = {
            prefix: _known(tables, resource, (field,))
            for prefix, (resource, field) in targets.items()
        }
        for line, row in _rows(parsed):
            if row[f.name] is None:
                continue
            for item in row[f.name].split(f.delimiter):
                prefix, key = (None, item) if None in targets else _typed(item)
                if prefix not in targets or not key:
                    kinds = ", ".join(f"{p}:<id>" for p in targets)
                    problems.append(
                        Problem(parsed.file, line, f.name, f"'{item}' is not of the form {kinds}")
                    )
                    continue
                resource, field = targets[prefix]
                if known[prefix] is not None and (key,) not in known[prefix]:
                    problems.append(
                        Problem(
                            parsed.file,
                            line,
                            f.name,
                            f"'{key}' does not exist in {tables[resource].table.path} ({field})",
                        )
                    )
    return problems


def _typed(item: str) -> tuple[str, str]:
    """'person:pyatakov' -> ('person', 'pyatakov')."""
    prefix, _, key = item.partition(":")
    return prefix, key


# --- rules specific to the declaration's data ------------------------------------------


def _order_runs_from_one(tables: Tables) -> list[Problem]:
    """Every ``order`` column counts 1, 2, 3, ... in file order, with no gap."""
    problems = []
    for parsed in tables.values():
        if "order" not in parsed.frame.columns:
            continue
        for expected, (line, row) in enumerate(_rows(parsed), start=1):
            if row["order"] != expected:
                problems.append(
                    Problem(
                        parsed.file,
                        line,
                        "order",
                        f"is {row['order']}, expected {expected}: the rows must count 1, 2, 3, ...",
                    )
                )
                break
    return problems


def _heading_lines_have_no_part(tables: Tables) -> list[Problem]:
    parsed = tables.get("paragraphs")
    if parsed is None:
        return []
    problems = []
    for line, row in _rows(parsed):
        is_body = row["section"] == "body"
        if is_body and row["part"] is None:
            problems.append(Problem(parsed.file, line, "part", "a body paragraph needs a part"))
        if not is_body and row["part"] is not None:
            problems.append(
                Problem(
                    parsed.file, line, "part", "a heading line belongs to no part; leave it empty"
                )
            )
    return problems


def _blocks_refer_elsewhere(tables: Tables) -> list[Problem]:
    parsed = tables.get("blocks")
    if parsed is None:
        return []
    return [
        Problem(parsed.file, line, "refers_to_block", "a block cannot refer to itself")
        for line, row in _rows(parsed)
        if row["refers_to_block"] == row["block_id"]
    ]


def _statement_scope_fits(tables: Tables) -> list[Problem]:
    blocks, signatures = tables.get("blocks"), tables.get("signatures")
    if blocks is None or signatures is None:
        return []
    counts = signatures.frame["block_id"].value_counts()
    problems = []
    for line, row in _rows(blocks):
        n = int(counts.get(row["block_id"], 0))
        has_statement = row["statement"] is not None
        expected = "none" if not has_statement else ("single" if n == 1 else "unclear")
        if n == 0:
            problems.append(
                Problem(blocks.file, line, "block_id", "no signature stands in this block")
            )
        elif row["statement_scope"] != expected:
            problems.append(
                Problem(
                    blocks.file,
                    line,
                    "statement_scope",
                    f"is '{row['statement_scope']}' but the block has "
                    f"{'a' if has_statement else 'no'} statement and {n} signature(s): "
                    f"expected '{expected}'",
                )
            )
    return problems


def _everyone_signs(tables: Tables) -> list[Problem]:
    people, signatures = tables.get("signatories"), tables.get("signatures")
    if people is None or signatures is None:
        return []
    signed = set(signatures.frame["person_id"])
    return [
        Problem(people.file, line, "person_id", f"'{row['person_id']}' has no signature line")
        for line, row in _rows(people)
        if row["person_id"] not in signed
    ]


def _stances_complete_and_quoted(tables: Tables) -> list[Problem]:
    blocks, stances = tables.get("blocks"), tables.get("stances")
    if blocks is None or stances is None:
        return []
    problems = []
    statements = {row["block_id"]: row["statement"] for _, row in _rows(blocks)}
    parts = list(stances.frame["part"].cat.categories)
    coded = set(zip(stances.frame["block_id"], stances.frame["part"], strict=True))
    for block_id in statements:
        for part in parts:
            if (block_id, part) not in coded:
                problems.append(
                    Problem(
                        stances.file, None, None, f"block {block_id} has no stance on part '{part}'"
                    )
                )
    for line, row in _rows(stances):
        statement = statements.get(row["block_id"])
        if statement is None:
            if row["evidence"] is not None:
                problems.append(
                    Problem(
                        stances.file, line, "evidence", "the block has no statement to quote from"
                    )
                )
        elif row["evidence"] is None:
            if row["stance"] != "not_stated":
                problems.append(
                    Problem(
                        stances.file,
                        line,
                        "evidence",
                        f"a stance of '{row['stance']}' needs words quoted from the "
                        "block's statement",
                    )
                )
        elif row["evidence"] not in statement:
            problems.append(
                Problem(
                    stances.file,
                    line,
                    "evidence",
                    f"'{row['evidence'][:60]}' is not quoted exactly from block "
                    f"{row['block_id']}'s statement",
                )
            )
    return problems


def _referring_blocks_follow(tables: Tables) -> list[Problem]:
    """A block that refers to another's reservations ("with the same reservations as ...")
    is coded as the block it refers to; where it adds a reservation of its own, it keeps
    both: its stance may then be more reserved than the other block's, never less, and its
    evidence must quote its own added words, not the reference."""
    blocks, stances = tables.get("blocks"), tables.get("stances")
    if blocks is None or stances is None:
        return []
    rows = {(r["block_id"], r["part"]): (line, r) for line, r in _rows(stances)}
    # More reserved = later in the stance vocabulary's declared order (datapackage.json).
    rank = {value: i for i, value in enumerate(stances.frame["stance"].cat.categories)}
    statements = {r["block_id"]: r["statement"] or "" for _, r in _rows(blocks)}
    problems = []
    for _, block in _rows(blocks):
        block_id, target = block["block_id"], block["refers_to_block"]
        if target is None:
            continue
        reference = statements[block_id].split(",")[0]  # "I sign with the same reservations as X"
        for (b, part), (line, row) in rows.items():
            if b != block_id or (target, part) not in rows:
                continue
            stance, theirs = row["stance"], rows[(target, part)][1]["stance"]
            if stance == theirs:
                continue
            own_words = row["evidence"] is not None and row["evidence"] not in reference
            # the last value says nothing, so a block may state its own position there
            more_reserved = rank[stance] > rank[theirs] or rank[theirs] == len(rank) - 1
            if not (own_words and more_reserved):
                problems.append(
                    Problem(
                        stances.file,
                        line,
                        "stance",
                        f"block {b} refers to block {target}, so its stance on '{part}' must be "
                        f"'{theirs}' as there, not '{stance}' (a reservation of its own may make "
                        "it more reserved, with its own words quoted as evidence)",
                    )
                )
    return problems


def _events_in_order_and_spans_forward(tables: Tables) -> list[Problem]:
    events = tables.get("events")
    if events is None:
        return []
    problems = []
    previous = None
    for line, row in _rows(events):
        if row["end_date"] is not None and row["end_date"] < row["date"]:
            problems.append(
                Problem(events.file, line, "end_date", "the span ends before it starts")
            )
        if previous is not None and row["date"] < previous:
            problems.append(
                Problem(
                    events.file,
                    line,
                    "date",
                    "the events must be in date order; this one is earlier than the row before",
                )
            )
        previous = row["date"]
    return problems


def _annotations_anchor_and_fit_their_kind(tables: Tables) -> list[Problem]:
    """The paragraph's text at [start, end) is exactly the quote; each kind has what it needs."""
    annotations, paragraphs = tables.get("annotations"), tables.get("paragraphs")
    if annotations is None or paragraphs is None:
        return []
    texts = {row["paragraph_id"]: row["text"] for _, row in _rows(paragraphs)}
    # What each kind of note needs is declared with the kind, in datapackage.json.
    kinds = {c.value: c for c in annotations.table.field("kind").vocabulary or ()}
    problems = []
    for line, row in _rows(annotations):
        where = f"annotation {row['annotation_id']}"
        text = texts.get(row["paragraph_id"])
        if text is not None:
            found = text[row["start"] : row["end"]]
            if row["end"] <= row["start"] or found != row["quote"]:
                at = [i for i in range(len(text)) if text.startswith(row["quote"], i)]
                hint = (
                    f"; the quote stands at start={at[0]}, end={at[0] + len(row['quote'])}"
                    if at
                    else "; the quote does not occur in the paragraph at all"
                )
                problems.append(
                    Problem(
                        annotations.file,
                        line,
                        "start+end",
                        f"{where}: the text of {row['paragraph_id']} at "
                        f"{row['start']}:{row['end']} is '{found[:50]}', "
                        f"not the quote '{row['quote'][:50]}'{hint}",
                    )
                )
        kind = kinds[row["kind"]]
        prefix = f"{kind.get('linkTo')}:" if kind.get("linkTo") else None
        links = (row["links"] or "").split(";")
        if prefix and not any(link.startswith(prefix) for link in links):
            problems.append(
                Problem(
                    annotations.file,
                    line,
                    "links",
                    f"{where} is a {row['kind']} note but links to no {prefix}<id>",
                )
            )
        if kind.get("needsSource") == "true" and row["source_ids"] is None:
            problems.append(
                Problem(
                    annotations.file,
                    line,
                    "source_ids",
                    f"{where}: a {row['kind']} note needs a source",
                )
            )
    return problems


def _iso(value) -> str:
    """A parsed date (or a partial-date string) as ISO text, for comparing by prefix."""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def _policy_table(tables: Tables) -> ParsedTable | None:
    return next((t for t in tables.values() if t.table.source_policy is not None), None)


def _host_refused(host: str, policy: dict) -> str | None:
    """Why an address's host is refused by the source policy, or None."""
    host = host.lower().rstrip(".")
    for bad in policy.get("forbiddenHosts", ()):
        if host == bad or host.endswith("." + bad):
            return f"the host '{host}' is on the source policy's list of forbidden hosts ({bad})"
    if policy.get("refuseIpHosts"):
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            pass
        else:
            return f"the host '{host}' is a raw IP address; cite the publisher's own address"
    return None


def _sources_follow_policy(tables: Tables) -> list[Problem]:
    """The source policy (decl46:sourcePolicy in datapackage.json): no address of a forbidden
    host or a raw IP, and each citation has the parts its source_type asks for
    (decl46:citationNeeds on the type's category)."""
    sources = _policy_table(tables)
    if sources is None:
        return []
    policy = sources.table.source_policy
    parts = policy.get("citationParts", {})
    types = {c.value: c for c in sources.table.field("source_type").vocabulary or ()}
    problems = []
    for line, row in _rows(sources):
        where = f"source {row['source_id']}"
        url = row.get("url")
        if url:
            host = urlsplit(url).hostname or ""
            why = _host_refused(host, policy) if host else "the address has no host"
            if why:
                problems.append(Problem(sources.file, line, "url", f"{where}: {why}"))
        kind = types.get(row.get("source_type"))
        needs = (kind.get("citationNeeds") or "").split(";") if kind else []
        for need in filter(None, needs):
            part = parts.get(need)
            if part is None:
                continue
            if re.search(part["pattern"], row["citation"] or ""):
                continue
            if part.get("orUrl") and url:
                continue
            problems.append(
                Problem(
                    sources.file,
                    line,
                    "citation",
                    f"{where}: a {row['source_type']} citation needs {part['description']}",
                )
            )
    return problems


def _fates_follow_the_certainty_rule(tables: Tables) -> list[Problem]:
    """fate_certainty is empty exactly when the fate is unknown; a certainty that declares
    which source types suffice (decl46:sufficientSourceTypes, or a number of independent
    sources of decl46:independentSourceTypes) is borne out by the row's sources; an
    unidentified person (identity low) has no fate and no dates.

    A source whose citation admits that its year, place or publisher is unknown (it matches
    the certainty's decl46:citationGapPattern) fails the citation policy in substance, so it
    does not count towards that certainty. Where the table has a ``fate_source_ids`` column
    (the sources that state the fate, among the row's source_ids), only those count, it is
    empty exactly when the fate is unknown, and it names no source the row does not cite."""
    people, sources = tables.get("signatories"), tables.get("sources")
    if people is None or "fate_certainty" not in people.frame.columns:
        return []
    kinds = {c.value: c for c in people.table.field("fate_certainty").vocabulary or ()}
    type_of = {r["source_id"]: r.get("source_type") for _, r in _rows(sources)} if sources else {}
    citation_of = (
        {r["source_id"]: r.get("citation") or "" for _, r in _rows(sources)} if sources else {}
    )
    stating = "fate_source_ids" if "fate_source_ids" in people.frame.columns else "source_ids"
    problems = []
    for line, row in _rows(people):
        who, cert = row["person_id"], row["fate_certainty"]
        if stating == "fate_source_ids":
            own = set((row["source_ids"] or "").split(";"))
            named = [s for s in (row["fate_source_ids"] or "").split(";") if s]
            for s in named:
                if s not in own:
                    problems.append(
                        Problem(
                            people.file,
                            line,
                            "fate_source_ids",
                            f"{who}: '{s}' is not among the row's source_ids; a source that "
                            "states the fate must be cited by the row",
                        )
                    )
            if (row["fate"] == "unknown") == bool(named):
                problems.append(
                    Problem(
                        people.file,
                        line,
                        "fate_source_ids",
                        f"{who}: the fate is '{row['fate']}', so fate_source_ids must be "
                        + (
                            "empty"
                            if row["fate"] == "unknown"
                            else "the sources that state it (or the circumstances it is "
                            "inferred from)"
                        ),
                    )
                )
        if (row["fate"] == "unknown") != (cert is None):
            problems.append(
                Problem(
                    people.file,
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
                        Problem(
                            people.file,
                            line,
                            column,
                            f"{who} is not identified (identity_confidence low): nothing may "
                            "be given for them but the name as printed",
                        )
                    )
            if row["fate"] != "unknown":
                problems.append(
                    Problem(people.file, line, "fate", f"{who} is not identified: fate unknown")
                )
        kind = kinds.get(cert)
        if kind is None or not sources:
            continue
        sufficient = set(filter(None, (kind.get("sufficientSourceTypes") or "").split(";")))
        if not sufficient:
            continue
        gap = kind.get("citationGapPattern")
        cited = [
            s
            for s in (row[stating] or "").split(";")
            if s and not (gap and re.search(gap, citation_of.get(s, ""), re.IGNORECASE))
        ]
        if any(type_of.get(s) in sufficient for s in cited):
            continue
        independent = set(filter(None, (kind.get("independentSourceTypes") or "").split(";")))
        needed = int(kind.get("orIndependentSources") or 0)
        if needed and sum(type_of.get(s) in independent for s in cited) >= needed:
            continue
        problems.append(
            Problem(
                people.file,
                line,
                "fate_certainty",
                f"{who}: '{cert}' needs a cited source of type {', '.join(sorted(sufficient))}"
                + (f" or {needed} of type {', '.join(sorted(independent))}" if needed else "")
                + (
                    "; none of the sources that state the fate is one"
                    if stating == "fate_source_ids"
                    else "; the row cites none"
                )
                + (" whose citation names its year and place or publisher" if gap else ""),
            )
        )
    return problems


def _ratings_follow_their_basis(tables: Tables) -> list[Problem]:
    """What a person's row rates follows from the evidence it records, by the vocabularies of
    datapackage.json: each value of ``identity_basis`` implies one ``identity_confidence``
    (decl46:confidence), and each value of ``fate_basis`` allows fates and certainties as its
    category declares (decl46:fateUnknown: the fate is unknown exactly for that basis;
    decl46:highestCertainty: no certainty stronger than that one, as for an inferred fate).
    A copy without these columns is not checked by this rule."""
    people = tables.get("signatories")
    if people is None:
        return []
    columns = set(people.frame.columns)
    identity = (
        {c.value: c for c in people.table.field("identity_basis").vocabulary or ()}
        if "identity_basis" in columns
        else {}
    )
    fates = (
        {c.value: c for c in people.table.field("fate_basis").vocabulary or ()}
        if "fate_basis" in columns
        else {}
    )
    order = (
        list(people.frame["fate_certainty"].cat.categories) if "fate_certainty" in columns else []
    )
    problems = []
    for line, row in _rows(people):
        who = row["person_id"]
        basis = identity.get(row.get("identity_basis"))
        implied = basis.get("confidence") if basis else None
        if implied and row["identity_confidence"] != implied:
            problems.append(
                Problem(
                    people.file,
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
                Problem(
                    people.file,
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
                Problem(
                    people.file,
                    line,
                    "fate_certainty",
                    f"{who}: a fate that is '{basis.value}' can be at most '{highest}', "
                    f"not '{cert}'",
                )
            )
    return problems


def _trial_deaths_follow_the_trials(tables: Tables) -> list[Problem]:
    """A defendant of a Moscow trial (moscow_trial) is named by that year's trial event, and
    if executed, did not die before the trial ended (the sentence comes at its end)."""
    people, events = tables.get("signatories"), tables.get("events")
    if people is None or events is None:
        return []
    trials: dict[str, list[tuple[str, str, set[str]]]] = {}
    for _, ev in _rows(events):
        if ev["category"] == "trial":
            named = set((ev["person_ids"] or "").split(";"))
            trials.setdefault(_iso(ev["date"])[:4], []).append(
                (ev["event_id"], _iso(ev["end_date"] or ev["date"]), named)
            )
    problems = []
    for line, row in _rows(people):
        if row["moscow_trial"] is None:
            continue
        who, year = row["person_id"], str(row["moscow_trial"])
        found = [t for t in trials.get(year, []) if who in t[2]]
        if not found:
            problems.append(
                Problem(
                    people.file,
                    line,
                    "moscow_trial",
                    f"{who} is a defendant of the {year} trial, but no trial event of {year} in "
                    f"{events.table.path} names them in person_ids",
                )
            )
            continue
        event_id, ended = found[0][0], found[0][1]
        death = None if row["death_date"] is None else _iso(row["death_date"])
        if row["fate"] == "executed" and death is not None and death < ended[: len(death)]:
            problems.append(
                Problem(
                    people.file,
                    line,
                    "death_date",
                    f"{who} was executed after the {year} trial ({event_id}, ended {ended}), "
                    f"so the death date cannot be {death}",
                )
            )
    return problems


_YEAR = re.compile(r"\b(1[89][0-9]{2})\b")


def _arrests_agree_with_events(tables: Tables) -> list[Problem]:
    """An arrest year written in a person's later_path agrees with the repression events that
    name the person and speak of arrests: such a person has a stage of later_path that speaks
    of an arrest in the event's year."""
    people, events = tables.get("signatories"), tables.get("events")
    if people is None or events is None:
        return []
    arrests: dict[str, list[tuple[str, str]]] = {}
    for _, ev in _rows(events):
        if ev["category"] == "repression" and "arrest" in (ev["title"] + ev["description"]).lower():
            for who in filter(None, (ev["person_ids"] or "").split(";")):
                arrests.setdefault(who, []).append((ev["event_id"], _iso(ev["date"])[:4]))
    problems = []
    for line, row in _rows(people):
        stages = (row["later_path"] or "").split(";")
        years = {y for stage in stages if "arrest" in stage for y in _YEAR.findall(stage)}
        for event_id, year in arrests.get(row["person_id"], []):
            if year not in years:
                problems.append(
                    Problem(
                        people.file,
                        line,
                        "later_path",
                        f"{row['person_id']} is named as arrested by the event {event_id} "
                        f"({year}), but later_path gives no arrest in {year}",
                    )
                )
    return problems


def _others_did_not_sign(tables: Tables) -> list[Problem]:
    """The other people in the story are not signatories: an id of the one table is never
    an id of the other, so a name cannot lead to two answers."""
    others, people = tables.get("others"), tables.get("signatories")
    if others is None or people is None:
        return []
    signers = set(people.frame["person_id"])
    return [
        Problem(
            others.file,
            line,
            "person_id",
            f"'{row['person_id']}' is a signatory (signatories.csv); this table holds only "
            "people who did not sign",
        )
        for line, row in _rows(others)
        if row["person_id"] in signers
    ]


RULES: list[Callable[[Tables], list[Problem]]] = [
    _order_runs_from_one,
    _heading_lines_have_no_part,
    _blocks_refer_elsewhere,
    _statement_scope_fits,
    _everyone_signs,
    _stances_complete_and_quoted,
    _referring_blocks_follow,
    _events_in_order_and_spans_forward,
    _annotations_anchor_and_fit_their_kind,
    _sources_follow_policy,
    _fates_follow_the_certainty_rule,
    _ratings_follow_their_basis,
    _trial_deaths_follow_the_trials,
    _arrests_agree_with_events,
    _others_did_not_sign,
]
