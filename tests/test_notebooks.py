"""The notebooks: built as lessons, committed clean with their outputs, and kept honest.

Executing the notebooks against their stored outputs (each cell compared as strict nbval
compares it, the run byte for byte with the committed file, offline) is the notebook pass
of make test (tests/notebook_pass.py); tests/test_notebook_pass.py checks that pass
itself. Here nbval itself is shown to catch a changed finding."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import replace_in

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def markdown(path: Path) -> str:
    return "\n".join(text(c) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_lesson_notebooks_are_there():
    names = [p.stem for p in NOTEBOOKS]
    for expected in [
        "00_start_here",
        "01_context_timeline",
        "03_signatures_and_reservations",
        "04_fates",
    ]:
        assert expected in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_follows_the_lesson_structure(path):
    first = cells(path)[0]
    assert first["cell_type"] == "markdown" and text(first).startswith("# ")
    md = markdown(path)
    for heading in [
        "## Overview",
        "## Prerequisites",
        "Time to learn",
        "## Exercises",
        "## Summary",
        "### What's next",
        "## Sources",
    ]:
        assert heading in md, heading
    questions = md.split("## Discussion questions", 1)[1].split("## Summary", 1)[0]
    assert len(re.findall(r"^\d+\. ", questions, flags=re.MULTILINE)) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_has_a_tagged_solution(path):
    solutions = [c for c in cells(path) if "solution" in c.get("metadata", {}).get("tags", [])]
    assert len(solutions) >= 2
    assert all(c["cell_type"] == "code" and c["outputs"] for c in solutions)
    # Folded: a teacher projecting this copy shows no answer until they open it.
    folded = {"source_hidden": True, "outputs_hidden": True}
    assert all(c["metadata"].get("jupyter") == folded for c in solutions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_with_clean_outputs(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code), "re-run with `make notebooks`"
    outputs = [o for c in code for o in c["outputs"]]
    assert outputs
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]
    assert all(not c.get("metadata", {}).get("execution") for c in code), (
        "volatile metadata left in"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_only_the_public_api_and_no_files(path):
    source = "\n".join(text(c) for c in cells(path) if c["cell_type"] == "code")
    for forbidden in [
        "from decl46.",
        "decl46._",
        "open(",
        "read_csv",
        "Path(",
        "requests",
        "urllib",
    ]:
        assert forbidden not in source, forbidden


def run_make(target: str, **variables) -> None:
    """Run a target of the project's Makefile with variables set (e.g. an output folder),
    in the environment these tests run in, as it is (no install stamps: nothing is synced)."""
    variables.setdefault("VENV", Path(sys.executable).parent.parent)
    variables.setdefault("LAB_STAMP", "")
    variables.setdefault("TEST_STAMP", "")
    settings = [f"{name}={value}" for name, value in variables.items()]
    subprocess.run(
        ["make", "--no-print-directory", target, *settings],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def test_make_student_removes_exactly_the_solution_cells(tmp_path):
    run_make("student", STUDENT_DIR=tmp_path)
    for path in NOTEBOOKS:
        student = cells(tmp_path / path.name)
        teacher = [
            c for c in cells(path) if "solution" not in c.get("metadata", {}).get("tags", [])
        ]
        assert [text(c) for c in student] == [text(c) for c in teacher]
        assert len(student) < len(cells(path))


def run_nbval(notebook: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DECL46_DATA": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(notebook)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_nbval_fails_when_a_finding_in_the_data_changes(data_copy):
    # The notebook pass of make test shows that the shipped data gives the stored outputs;
    # here a copy with one fate changed must fail nbval where the fate shows, by outputs that
    # differ, with no cell raising and the others passing (the copy was read, and whole).
    path = data_copy / "signatories.csv"
    line = next(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("goltsman,")
    )
    replace_in(path, line, line.replace(",accident,", ",executed,"))
    changed = run_nbval(ROOT / "notebooks" / "04_fates.ipynb", data_copy)
    assert changed.returncode == 1
    assert "Cell outputs differ" in changed.stdout
    assert "Cell execution caused an exception" not in changed.stdout
    failed = int(re.search(r"(\d+) failed", changed.stdout).group(1))
    passed = int(re.search(r"(\d+) passed", changed.stdout).group(1))
    assert failed >= 1 and passed >= 1, changed.stdout[-2000:]
