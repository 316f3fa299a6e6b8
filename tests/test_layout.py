"""The package shows its architecture, and no fact about the data is written into its code.

Every vocabulary (parts, stances, fates, categories, kinds, ...) is declared once, in
data/datapackage.json; the code takes values and labels from there. These tests read the
code as text and as syntax trees to check that no vocabulary is repeated in it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import decl46

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "decl46"
DESCRIPTOR = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
# Colours are keyed by the vocabularies' values, and live in the style modules only. The
# precisions of a partial date (day, month, year) are part of the type the reader implements
# (YYYY-MM-DD, YYYY-MM, YYYY), like the type "date" itself; the descriptor must offer
# exactly those (checked on load) and gives their labels.
EXEMPT = {
    PACKAGE / "plots" / "style.py",
    PACKAGE / "annotated_text.py",
    PACKAGE / "dates.py",
    PACKAGE / "_datapackage" / "partial_dates.py",
}


def vocabularies() -> dict[tuple[str, str], list[dict]]:
    return {
        (r["name"], f["name"]): [
            c if isinstance(c, dict) else {"value": c} for c in f["categories"]
        ]
        for r in DESCRIPTOR["resources"]
        for f in r["schema"]["fields"]
        if "categories" in f
    }


def code_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_each_vocabulary_is_declared_once_in_the_descriptor():
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for where, items in vocabularies().items():
        values = tuple(c["value"] for c in items)
        assert values not in seen, f"{where} repeats {seen[values]}: use decl46:categoriesFrom"
        seen[values] = where
        for resource in DESCRIPTOR["resources"]:
            for field in resource["schema"]["fields"]:
                assert "enum" not in field.get("constraints", {}) or "categories" not in field


@pytest.mark.parametrize("path", code_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_label_of_a_vocabulary_is_written_in_the_code(path):
    text = path.read_text(encoding="utf-8")
    labels = {
        c["label"]
        for items in vocabularies().values()
        for c in items
        if c.get("label") and c["label"] != c["value"] and len(c["label"]) > 4
    }
    assert not [label for label in labels if f'"{label}"' in text or f"'{label}'" in text]


@pytest.mark.parametrize("path", code_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_collection_in_the_code_lists_a_vocabulary(path):
    """No dict, list, tuple or set literal holds three or more values of one vocabulary
    (outside the colour maps of the style modules)."""
    if path in EXEMPT:
        return
    sets = {where: {c["value"] for c in items} for where, items in vocabularies().items()}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            elements = node.keys
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            elements = node.elts
        else:
            continue
        strings = {
            e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)
        }
        found += [
            (where, node.lineno) for where, values in sets.items() if len(strings & values) >= 3
        ]
    assert found == []


def test_public_names_live_in_public_modules():
    for name in decl46.__all__:
        module = getattr(getattr(decl46, name), "__module__", "decl46")
        assert not any(part.startswith("_") for part in module.split(".")), (name, module)


def test_the_layout_names_where_things_live():
    """Loading and checking, figures, widgets and statistics each have their place."""
    top = {p.name for p in PACKAGE.iterdir() if not p.name.startswith("__")}
    assert {"_datapackage", "dataset.py", "plots", "widgets", "loaders.py"} <= top
    assert {"codings.py", "agreement.py", "tables.py"} <= top
    private = {p.stem for p in (PACKAGE / "_datapackage").glob("*.py")} - {"__init__"}
    assert private == {"csv_reader", "descriptor", "folder", "locations", "partial_dates", "schema"}
    assert (PACKAGE / "_datapackage" / "rules" / "__init__.py").is_file()


def imports_of(path: Path) -> set[str]:
    """The modules a file imports (absolute names)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_one_door_to_the_data():
    """Nothing outside the private data layer imports it, except the door itself
    (decl46/dataset.py); tests, tools and benchmarks use the door too."""
    door = PACKAGE / "dataset.py"
    layer = PACKAGE / "_datapackage"
    outside = [
        p
        for p in [*PACKAGE.rglob("*.py"), *ROOT.glob("tests/*.py"), *ROOT.glob("tools/*.py")]
        if layer not in p.parents and p != door
    ]
    offenders = [
        str(p.relative_to(ROOT))
        for p in outside
        if any(m.startswith("decl46._datapackage") for m in imports_of(p))
    ]
    assert offenders == []
