"""The source policy (``decl46:sourcePolicy`` in datapackage.json), on the table that
declares it: no address of a forbidden host or a raw IP, and each citation has the parts
its source type asks for (``decl46:citationNeeds`` on the type's category)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from decl46._datapackage.rules._base import Rows, split_ids
from decl46.errors import Problem


def sources_follow_policy(sources: Rows) -> list[Problem]:
    policy = sources.table.source_policy
    parts = policy["citationParts"]
    has = set(sources.frame.columns)
    if not {"source_id", "citation"} <= has:
        return [sources.problem(None, None, "a table of sources needs source_id and citation")]
    types = (
        {c.value: c for c in sources.table.field("source_type").vocabulary or ()}
        if "source_type" in has
        else {}
    )
    problems = []
    for line, row in sources:
        where = f"source {row['source_id']}"
        url = row.get("url")
        if url:
            host = urlsplit(url).hostname or ""
            why = _host_refused(host, policy) if host else "the address has no host"
            if why:
                problems.append(sources.problem(line, "url", f"{where}: {why}"))
        kind = types.get(row.get("source_type"))
        for need in split_ids(kind.get("citationNeeds") if kind else None):
            part = parts.get(need)
            if part is None or part["pattern"].search(row["citation"] or ""):
                continue
            if part["orUrl"] and url:
                continue
            problems.append(
                sources.problem(
                    line,
                    "citation",
                    f"{where}: a {row['source_type']} citation needs {part['description']}",
                )
            )
    return problems


def _host_refused(host: str, policy: dict) -> str | None:
    """Why an address's host is refused by the source policy, or None: the host or a
    domain above it (``b.c`` for ``a.b.c``) is forbidden, or it is a raw IP address."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    forbidden = set(policy["forbiddenHosts"])
    for bad in (".".join(labels[i:]) for i in range(len(labels))):
        if bad in forbidden:
            return f"the host '{host}' is on the source policy's list of forbidden hosts ({bad})"
    if policy["refuseIpHosts"]:
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            pass
        else:
            return f"the host '{host}' is a raw IP address; cite the publisher's own address"
    return None
