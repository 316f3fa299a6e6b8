"""Rules of the timeline: events in date order, and the Moscow trials and arrests agreeing
with what the biographies say."""

from __future__ import annotations

import re

from decl46._datapackage.rules._base import Rows, rule, split_ids
from decl46.errors import Problem


def _iso(value) -> str:
    """A parsed date (or a partial-date string) as ISO text, for comparing by prefix."""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


@rule(
    signatories=("person_id", "moscow_trial", "fate", "death_date"),
    events=("event_id", "category", "date", "end_date", "person_ids"),
)
def _trial_deaths_follow_the_trials(people: Rows, events: Rows) -> list[Problem]:
    """A defendant of a Moscow trial (moscow_trial) is named by that year's trial event, and
    if executed, did not die before the trial ended (the sentence comes at its end)."""
    trials: dict[str, list[tuple[str, str, set[str]]]] = {}
    for _, ev in events:
        if ev["category"] == "trial":
            named = set(split_ids(ev["person_ids"]))
            ended = _iso(ev["end_date"] or ev["date"])
            trials.setdefault(_iso(ev["date"])[:4], []).append((ev["event_id"], ended, named))
    problems = []
    for line, row in people:
        if row["moscow_trial"] is None:
            continue
        who, year = row["person_id"], str(row["moscow_trial"])
        found = [t for t in trials.get(year, []) if who in t[2]]
        if not found:
            problems.append(
                people.problem(
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
                people.problem(
                    line,
                    "death_date",
                    f"{who} was executed after the {year} trial ({event_id}, ended {ended}), "
                    f"so the death date cannot be {death}",
                )
            )
    return problems


_YEAR = re.compile(r"\b(1[89][0-9]{2})\b")


@rule(
    signatories=("person_id", "later_path"),
    events=("event_id", "category", "title", "description", "date", "person_ids"),
)
def _arrests_agree_with_events(people: Rows, events: Rows) -> list[Problem]:
    """An arrest year written in a person's later_path agrees with the repression events that
    name the person and speak of arrests: such a person has a stage of later_path that speaks
    of an arrest in the event's year."""
    arrests: dict[str, list[tuple[str, str]]] = {}
    for _, ev in events:
        words = f"{ev['title'] or ''} {ev['description'] or ''}".lower()
        if ev["category"] == "repression" and "arrest" in words:
            for who in split_ids(ev["person_ids"]):
                arrests.setdefault(who, []).append((ev["event_id"], _iso(ev["date"])[:4]))
    problems = []
    for line, row in people:
        stages = (row["later_path"] or "").split(";")
        years = {y for stage in stages if "arrest" in stage for y in _YEAR.findall(stage)}
        for event_id, year in arrests.get(row["person_id"], []):
            if year not in years:
                problems.append(
                    people.problem(
                        line,
                        "later_path",
                        f"{row['person_id']} is named as arrested by the event {event_id} "
                        f"({year}), but later_path gives no arrest in {year}",
                    )
                )
    return problems


@rule(events=("date", "end_date"))
def _events_in_order_and_spans_forward(events: Rows) -> list[Problem]:
    problems = []
    previous = None
    for line, row in events:
        if row["end_date"] is not None and row["end_date"] < row["date"]:
            problems.append(events.problem(line, "end_date", "the span ends before it starts"))
        if previous is not None and row["date"] < previous:
            problems.append(
                events.problem(
                    line,
                    "date",
                    "the events must be in date order; this one is earlier than the row before",
                )
            )
        previous = row["date"]
    return problems
