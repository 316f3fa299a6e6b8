"""Rules of the document's own tables: its paragraphs, the signature blocks and their
stances, and the notes anchored in the text."""

from __future__ import annotations

from decl46._datapackage.rules._base import Rows, rule, split_ids
from decl46.errors import Problem


def order_runs_from_one(rows: Rows) -> list[Problem]:
    """A table's ``order`` column counts 1, 2, 3, ... in file order, with no gap."""
    for expected, (line, row) in enumerate(rows, start=1):
        if row["order"] != expected:
            return [
                rows.problem(
                    line,
                    "order",
                    f"is {row['order']}, expected {expected}: the rows must count 1, 2, 3, ...",
                )
            ]
    return []


@rule(paragraphs=("section", "part"))
def _heading_lines_have_no_part(paragraphs: Rows) -> list[Problem]:
    problems = []
    for line, row in paragraphs:
        is_body = row["section"] == "body"
        if is_body and row["part"] is None:
            problems.append(paragraphs.problem(line, "part", "a body paragraph needs a part"))
        if not is_body and row["part"] is not None:
            problems.append(
                paragraphs.problem(
                    line, "part", "a heading line belongs to no part; leave it empty"
                )
            )
    return problems


@rule(blocks=("block_id", "refers_to_block"))
def _blocks_refer_elsewhere(blocks: Rows) -> list[Problem]:
    return [
        blocks.problem(line, "refers_to_block", "a block cannot refer to itself")
        for line, row in blocks
        if row["refers_to_block"] == row["block_id"]
    ]


@rule(blocks=("block_id", "statement", "statement_scope"), signatures=("block_id",))
def _statement_scope_fits(blocks: Rows, signatures: Rows) -> list[Problem]:
    counts = signatures.frame["block_id"].value_counts()
    problems = []
    for line, row in blocks:
        n = int(counts.get(row["block_id"], 0))
        has_statement = row["statement"] is not None
        expected = "none" if not has_statement else ("single" if n == 1 else "unclear")
        if n == 0:
            problems.append(blocks.problem(line, "block_id", "no signature stands in this block"))
        elif row["statement_scope"] != expected:
            problems.append(
                blocks.problem(
                    line,
                    "statement_scope",
                    f"is '{row['statement_scope']}' but the block has "
                    f"{'a' if has_statement else 'no'} statement and {n} signature(s): "
                    f"expected '{expected}'",
                )
            )
    return problems


@rule(signatories=("person_id",), signatures=("person_id",))
def _everyone_signs(people: Rows, signatures: Rows) -> list[Problem]:
    signed = set(signatures.frame["person_id"])
    return [
        people.problem(line, "person_id", f"'{row['person_id']}' has no signature line")
        for line, row in people
        if row["person_id"] not in signed
    ]


@rule(blocks=("block_id", "statement"), stances=("block_id", "part", "stance", "evidence"))
def _stances_complete_and_quoted(blocks: Rows, stances: Rows) -> list[Problem]:
    problems = []
    statements = {row["block_id"]: row["statement"] for _, row in blocks}
    parts = stances.table.field("part").categories or ()
    coded = set(zip(stances.frame["block_id"], stances.frame["part"], strict=True))
    for block_id in statements:
        for part in parts:
            if (block_id, part) not in coded:
                problems.append(
                    stances.problem(None, None, f"block {block_id} has no stance on part '{part}'")
                )
    for line, row in stances:
        statement = statements.get(row["block_id"])
        if statement is None:
            if row["evidence"] is not None:
                problems.append(
                    stances.problem(line, "evidence", "the block has no statement to quote from")
                )
        elif row["evidence"] is None:
            if row["stance"] != "not_stated":
                problems.append(
                    stances.problem(
                        line,
                        "evidence",
                        f"a stance of '{row['stance']}' needs words quoted from the "
                        "block's statement",
                    )
                )
        elif row["evidence"] not in statement:
            problems.append(
                stances.problem(
                    line,
                    "evidence",
                    f"'{row['evidence'][:60]}' is not quoted exactly from block "
                    f"{row['block_id']}'s statement",
                )
            )
    return problems


@rule(
    blocks=("block_id", "statement", "refers_to_block"),
    stances=("block_id", "part", "stance", "evidence"),
)
def _referring_blocks_follow(blocks: Rows, stances: Rows) -> list[Problem]:
    """A block that refers to another's reservations ("with the same reservations as ...")
    is coded as the block it refers to; where it adds a reservation of its own, it keeps
    both: its stance may then be more reserved than the other block's, never less, and its
    evidence must quote its own added words, not the reference."""
    rows = {(r["block_id"], r["part"]): (line, r) for line, r in stances}
    # More reserved = later in the stance vocabulary's declared order (datapackage.json).
    order = stances.table.field("stance").categories or ()
    rank = {value: i for i, value in enumerate(order)}
    statements = {r["block_id"]: r["statement"] or "" for _, r in blocks}
    problems = []
    for _, block in blocks:
        block_id, target = block["block_id"], block["refers_to_block"]
        if target is None or not rank:
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
                    stances.problem(
                        line,
                        "stance",
                        f"block {b} refers to block {target}, so its stance on '{part}' must be "
                        f"'{theirs}' as there, not '{stance}' (a reservation of its own may make "
                        "it more reserved, with its own words quoted as evidence)",
                    )
                )
    return problems


@rule(
    annotations=("annotation_id", "paragraph_id", "quote", "start", "end", "kind", "links"),
    paragraphs=("paragraph_id", "text"),
)
def _annotations_anchor_and_fit_their_kind(annotations: Rows, paragraphs: Rows) -> list[Problem]:
    """The paragraph's text at [start, end) is exactly the quote; each kind has what it needs
    (declared with the kind in datapackage.json: ``decl46:linkTo``, ``decl46:needsSource``)."""
    texts = {row["paragraph_id"]: row["text"] for _, row in paragraphs}
    kinds = {c.value: c for c in annotations.table.field("kind").vocabulary or ()}
    has_sources = "source_ids" in annotations.frame.columns
    problems = []
    for line, row in annotations:
        where = f"annotation {row['annotation_id']}"
        text = texts.get(row["paragraph_id"])
        if text is not None:
            found = text[row["start"] : row["end"]]
            if row["end"] <= row["start"] or found != row["quote"]:
                at = text.find(row["quote"])
                hint = (
                    f"; the quote stands at start={at}, end={at + len(row['quote'])}"
                    if at >= 0
                    else "; the quote does not occur in the paragraph at all"
                )
                problems.append(
                    annotations.problem(
                        line,
                        "start+end",
                        f"{where}: the text of {row['paragraph_id']} at "
                        f"{row['start']}:{row['end']} is '{found[:50]}', "
                        f"not the quote '{row['quote'][:50]}'{hint}",
                    )
                )
        kind = kinds.get(row["kind"])
        if kind is None:
            continue
        prefix = f"{kind.get('linkTo')}:" if kind.get("linkTo") else None
        if prefix and not any(link.startswith(prefix) for link in split_ids(row["links"])):
            problems.append(
                annotations.problem(
                    line, "links", f"{where} is a {row['kind']} note but links to no {prefix}<id>"
                )
            )
        if kind.get("needsSource") == "true" and (not has_sources or row["source_ids"] is None):
            problems.append(
                annotations.problem(
                    line, "source_ids", f"{where}: a {row['kind']} note needs a source"
                )
            )
    return problems
