"""Print the versions that differ between two uv.lock files: ``lock_changes.py OLD NEW``."""

import sys
import tomllib


def versions(path: str) -> dict[str, str]:
    with open(path, "rb") as f:
        packages = tomllib.load(f).get("package", [])
    found: dict[str, set[str]] = {}
    for package in packages:
        found.setdefault(package["name"], set()).add(package.get("version", "?"))
    return {name: ", ".join(sorted(v)) for name, v in found.items()}


old, new = versions(sys.argv[1]), versions(sys.argv[2])
changes = [
    f"  {name}: {old.get(name, '-')} -> {new.get(name, '-')}"
    for name in sorted(old.keys() | new.keys())
    if old.get(name) != new.get(name)
]
print(f"{len(changes)} locked versions changed" + (":" if changes else "."))
if changes:
    print("\n".join(changes))
