"""Checks that span rows or tables: keys, references, and the kit's own rules.

- :mod:`.keys`: unique keys, foreign keys, lists of ids (what Table Schema defines);
- :mod:`.document`: the paragraphs, signature blocks, stances and notes in the text;
- :mod:`.people`: fates and their certainty, identities, the people who did not sign;
- :mod:`.timeline`: events in order, the trials and arrests agreeing with the biographies;
- :mod:`.sources`: the source policy.

Each check reads the parsed tables and returns problems; none raises.
"""

from __future__ import annotations

from collections.abc import Callable

from decl46._datapackage.rules import document, people, timeline
from decl46._datapackage.rules._base import Rows, Tables
from decl46._datapackage.rules.keys import Targets, check_keys
from decl46._datapackage.rules.sources import sources_follow_policy
from decl46.errors import Problem


def _orders_run_from_one(tables: Tables) -> list[Problem]:
    """Every table with an ``order`` column counts its rows 1, 2, 3, ..."""
    return [
        problem
        for parsed in tables.values()
        if "order" in parsed.frame.columns
        for problem in document.order_runs_from_one(Rows(parsed))
    ]


def _sources_follow_policy(tables: Tables) -> list[Problem]:
    """The source policy, on the table that declares one."""
    return [
        problem
        for parsed in tables.values()
        if parsed.table.source_policy is not None
        for problem in sources_follow_policy(Rows(parsed))
    ]


# The kit's rules, in the order their problems are reported.
RULES: list[Callable[[Tables], list[Problem]]] = [
    _orders_run_from_one,
    document._heading_lines_have_no_part,
    document._blocks_refer_elsewhere,
    document._statement_scope_fits,
    document._everyone_signs,
    document._stances_complete_and_quoted,
    document._referring_blocks_follow,
    timeline._events_in_order_and_spans_forward,
    document._annotations_anchor_and_fit_their_kind,
    _sources_follow_policy,
    people._fates_follow_the_certainty_rule,
    people._ratings_follow_their_basis,
    timeline._trial_deaths_follow_the_trials,
    timeline._arrests_agree_with_events,
    people._others_did_not_sign,
]


def check_package(tables: Tables) -> list[Problem]:
    """Every cross-row and cross-table problem in a set of parsed tables."""
    targets: Targets = {name: (p.frame, p.table.path) for name, p in tables.items()}
    problems: list[Problem] = []
    for parsed in tables.values():
        problems += check_keys(Rows(parsed), targets)
    for rule in RULES:
        problems += rule(tables)
    return problems


def check_against(parsed, targets: Targets) -> list[Problem]:
    """The key checks of one table read on its own (a student's coding) against the tables
    its keys point into."""
    return check_keys(Rows(parsed), targets)
