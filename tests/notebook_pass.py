"""The notebook pass of ``make test``: each notebook executes once, and that one run is
checked three ways, through public interfaces only (pytest, nbclient, nbformat, nbdime).

``pytest --byte-for-byte --offline notebooks`` (run by ``make test`` inside ``tools/offline``):

- each notebook is executed once, top to bottom in a fresh kernel, by nbclient's
  ``NotebookClient``, the executor ``jupyter nbconvert --execute`` (``make notebooks``) uses,
  and the result is normalised by ``make normalize-notebooks``, the steps ``make notebooks``
  takes after executing (ruff, joined streams, nbstripout, widget ids);
- one item per code cell: the cell ran without an error and its outputs are the stored
  ones. This is nbval's strict comparison and more: every output and every type in it,
  pictures and execution counts included (a cell tagged ``nbval-ignore-output`` only has
  to run, as under nbval; the next item still compares its outputs);
- one last item per notebook: the normalised run is the committed file, byte for byte
  (sources, outputs, widget state, language info; a run under another Python than the
  committed file's is compared with its version set aside);
- ``--offline``: the run refuses to start unless the network is cut, so "nothing fetches
  at run time" is proved by the same run.

A difference is shown as nbdime's diff (``diff_notebooks`` and its pretty printer) of the
committed notebook and the new run, not as JSON; the normalised run is kept in
``build/notebook-pass/`` for ``nbdiff`` or for review.

The plugin is registered by the top-level conftest.py and does nothing without these
options. ``--byte-for-byte`` collects the notebooks itself, so it refuses ``--nbval``
beside it (each notebook would run twice).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import io
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "notebook-pass"  # inside the project, so that ruff reads its settings
PROBE_HOST = ("pypi.org", 443)
CELL_TIMEOUT = 600  # seconds; a cell of a lesson that runs this long is broken
KERNEL_STARTUP_TIMEOUT = 300  # a kernel starts in seconds, but the machine may be busy
IGNORE_OUTPUT = "nbval-ignore-output"
BYTE_FOR_BYTE = "reproduces the committed file byte for byte"
DIFF_LINES = 80  # lines of a diff shown in a failure; nbdiff shows the rest
DIFF_WIDTH = 160  # characters of a diff line shown, around the first change in it
# How nbdime's pretty printer (and difflib, with one space less) starts a line of content.
REMOVED, ADDED, KEPT = ("-  ", "- "), ("+  ", "+ "), ("   ", "  ")
CONTENT = (*REMOVED, *ADDED, *KEPT)
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # IPython colours its tracebacks
BASE64 = re.compile(r"[A-Za-z0-9+/=\n]{200,}")  # a picture's bytes, as notebooks store them
DATA_URI = re.compile(r"(data:[\w.+/-]+;base64,)([A-Za-z0-9+/=]{200,})")  # one inside HTML


def network_is_cut() -> bool:
    """True when no connection leaves the machine (no name resolution, no route)."""
    try:
        socket.create_connection(PROBE_HOST, timeout=3).close()
    except OSError:
        return True
    return False


def pytest_addoption(parser):
    group = parser.getgroup("decl46 notebook pass")
    group.addoption(
        "--byte-for-byte",
        action="store_true",
        help="execute each notebook once (nbclient), compare every cell's outputs with the "
        "stored ones, and require the run, normalised as by `make notebooks`, to equal the "
        "committed file byte for byte",
    )
    group.addoption(
        "--offline",
        action="store_true",
        help="fail at once unless the network is cut (run under tools/offline)",
    )


def pytest_configure(config):
    if config.getoption("byte_for_byte") and (
        config.getoption("nbval", default=False) or config.getoption("nbval_lax", default=False)
    ):
        raise pytest.UsageError(
            "--byte-for-byte executes each notebook once and compares its outputs itself; "
            "drop --nbval (with it every notebook would run twice)"
        )
    if config.getoption("offline") and not network_is_cut():
        raise pytest.UsageError(
            f"--offline: {PROBE_HOST[0]} is reachable, the network is not cut "
            "(run the pass as `tools/offline pytest ...`)"
        )


def pytest_collect_file(file_path: Path, parent):
    if parent.config.getoption("byte_for_byte") and file_path.suffix == ".ipynb":
        return NotebookFile.from_parent(parent, path=file_path)
    return None


@dataclass
class Run:
    """The one run of a notebook: what executed, where it stopped, the normalised result."""

    reached: list[int]  # the cells nbclient started, in order
    failed_cell: int | None  # the cell that raised, timed out or lost its kernel
    failure: str | None  # why the run stopped early (or could not start)
    made: Path  # the normalised run, in build/notebook-pass/
    notebook: nbformat.NotebookNode | None  # the same, read; None if normalising failed
    normalise_error: str | None
    set_aside: str  # the run's Python version, where it differs from the committed one

    def ran(self, index: int) -> bool:
        return index in self.reached and index != self.failed_cell


def execute(path: Path) -> Run:
    """Execute the notebook at ``path`` once, as ``make notebooks`` does, and normalise it."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    reached: list[int] = []
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        startup_timeout=KERNEL_STARTUP_TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},  # the kernel runs beside it
        on_cell_start=lambda cell, cell_index: reached.append(cell_index),
        shutdown_kernel="immediate",  # the run is over: nothing to wait for
    )
    committed_version = nb.metadata.get("language_info", {}).get("version")
    failed_cell = failure = None
    try:
        client.execute()
    except Exception as error:  # the run stops; the items say where and why
        failed_cell = reached[-1] if reached else None
        failure = ANSI_COLOUR.sub("", f"{type(error).__name__}: {error}")
    # The committed file keeps the kernel's Python version (JupyterLab writes it on opening);
    # a run under another Python is compared with its version set aside, its outputs not.
    info = nb.metadata.get("language_info", {})
    set_aside = ""
    if committed_version and info.get("version", committed_version) != committed_version:
        set_aside = f" (this run's Python {info['version']} was taken as {committed_version})"
        info["version"] = committed_version
    WORK.mkdir(parents=True, exist_ok=True)
    made = WORK / path.name
    nbformat.write(nb, made)
    normalised = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "normalize-notebooks",
            f"NOTEBOOKS={made}",
            f"VENV={Path(sys.executable).parent.parent}",
        ],
        capture_output=True,
        text=True,
    )
    if normalised.returncode != 0:
        error = f"`make normalize-notebooks` failed on {made}:\n{normalised.stderr[-2000:]}"
        return Run(reached, failed_cell, failure, made, None, error, set_aside)
    notebook = nbformat.read(made, as_version=4)
    return Run(reached, failed_cell, failure, made, notebook, None, set_aside)


class NotebookFile(pytest.File):
    """A notebook: an item per code cell, then the byte-for-byte item; one run for all."""

    def collect(self):
        self.committed = nbformat.read(self.path, as_version=4)
        self._run: Run | None = None
        for index, cell in enumerate(self.committed.cells):
            if cell.cell_type == "code":
                yield CellItem.from_parent(self, name=f"cell {index}", index=index)
        yield CommittedFileItem.from_parent(self, name=BYTE_FOR_BYTE)

    def run(self) -> Run:
        """The notebook's one run, made when the first of its items asks for it."""
        if self._run is None:
            self._run = execute(self.path)
        return self._run

    def stopped(self, run: Run) -> str:
        if run.failed_cell is None:
            return f"{self.path.name} could not be executed: {run.failure}"
        return f"the run of {self.path.name} stopped at cell {run.failed_cell}"


class CellItem(pytest.Item):
    """One code cell: it ran without an error and its outputs are the stored ones."""

    def __init__(self, *, index: int, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def runtest(self):
        notebook: NotebookFile = self.parent
        run = notebook.run()
        if run.failed_cell == self.index:
            pytest.fail(f"the cell raised an error:\n{run.failure}", pytrace=False)
        if not run.ran(self.index):
            pytest.fail(f"not executed: {notebook.stopped(run)}", pytrace=False)
        cell = notebook.committed.cells[self.index]
        if IGNORE_OUTPUT in cell.metadata.get("tags", []):
            return
        if run.notebook is None:
            pytest.fail(str(run.normalise_error), pytrace=False)
        if len(run.notebook.cells) != len(notebook.committed.cells):
            pytest.fail(
                f"the run has {len(run.notebook.cells)} cells, the committed file "
                f"{len(notebook.committed.cells)}: see the byte-for-byte item",
                pytrace=False,
            )
        made = run.notebook.cells[self.index]
        if (made.outputs, made.execution_count) != (cell.outputs, cell.execution_count):
            # The committed notebook with this one cell as it ran: the diff shows the cell alone.
            changed = copy.deepcopy(notebook.committed)
            changed.cells[self.index] = made
            pytest.fail(
                f"the outputs of cell {self.index} differ from the stored ones "
                f"(run `make notebooks`, then review and commit):\n"
                + readable_diff(notebook.committed, changed, self.path, run.made),
                pytrace=False,
            )

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


class CommittedFileItem(pytest.Item):
    """The last item of a notebook: the run, normalised, is the committed file byte for byte."""

    def runtest(self):
        notebook: NotebookFile = self.parent
        run = notebook.run()
        if run.failure is not None:
            pytest.fail(f"not every cell ran: {notebook.stopped(run)}", pytrace=False)
        if run.notebook is None:
            pytest.fail(str(run.normalise_error), pytrace=False)
        made, committed = run.made.read_bytes(), self.path.read_bytes()
        if made != committed:
            pytest.fail(
                f"{self.path.name} changed on re-execution (run `make notebooks`, then review "
                f"and commit); the new file is {run.made}{run.set_aside}:\n"
                + readable_diff(notebook.committed, run.notebook, self.path, run.made)
                + text_diff(committed.decode("utf-8"), made.decode("utf-8")),
                pytrace=False,
            )

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


def readable_diff(committed, made, committed_path: Path, made_path: Path) -> str:
    """nbdime's diff of two notebooks, as its pretty printer writes it (no colours), each line
    cut to what a terminal shows around its change, and no more than DIFF_LINES lines."""
    from nbdime import diff_notebooks
    from nbdime.prettyprint import PrettyPrintConfig, pretty_print_notebook_diff

    committed, made = snipped(committed), snipped(made)
    out = io.StringIO()
    config = PrettyPrintConfig(out=out, use_color=False, use_git=False, use_diff=False)
    pretty_print_notebook_diff(
        str(committed_path), str(made_path), committed, diff_notebooks(committed, made), config
    )
    lines = shorten(out.getvalue().splitlines())
    more = len(lines) - DIFF_LINES
    if more > 0:
        lines = [*lines[:DIFF_LINES], f"... {more} more lines: nbdiff {committed_path} {made_path}"]
    return "\n".join(lines)


def snipped(value):
    """A notebook (or a part of it) with each picture's base64, alone or in a ``data:`` URI
    inside HTML (an explorer's picture in the widget state), replaced by its length and
    hash. nbdime then compares two pictures as two short strings, where it would diff a
    line of 100 000 characters character by character (for minutes), and shows them so."""
    if isinstance(value, str):
        if BASE64.fullmatch(value):
            return base64_digest(value)
        return DATA_URI.sub(lambda found: found[1] + base64_digest(found[2]), value)
    if isinstance(value, list):
        return [snipped(item) for item in value]
    if isinstance(value, dict):
        return nbformat.NotebookNode({key: snipped(item) for key, item in value.items()})
    return value


def base64_digest(data: str) -> str:
    digest = hashlib.sha256(data.encode()).hexdigest()[:16]
    return f"<base64, {len(data)} characters, sha256 {digest}>"


def text_diff(committed: str, made: str) -> str:
    """A line diff of the two files, for what nbdime does not show (JSON layout, key order);
    empty when nbdime's diff already accounts for every change."""
    if nbformat.reads(committed, as_version=4) != nbformat.reads(made, as_version=4):
        return ""
    lines = difflib.unified_diff(
        committed.splitlines(), made.splitlines(), "committed", "re-executed", lineterm="", n=1
    )
    return "\nThe notebooks are the same, but their files differ:\n" + "\n".join(
        shorten(list(lines))[:DIFF_LINES]
    )


def shorten(lines: list[str]) -> list[str]:
    """Each line of content (not the headers) cut to DIFF_WIDTH characters; a removed line
    and the added line that replaces it are both cut around the first change in them."""
    result = list(lines)
    i = 0
    while i < len(result):
        removed = i
        while i < len(result) and result[i].startswith(REMOVED):
            i += 1
        added = i
        while i < len(result) and result[i].startswith(ADDED):
            i += 1
        pairs = min(added - removed, i - added)
        for k in range(pairs):
            old, new = result[removed + k], result[added + k]
            same = (j for j, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
            at = next(same, min(len(old), len(new)))
            result[removed + k] = window(old, at)
            result[added + k] = window(new, at)
        if i == removed:
            i += 1
    return [window(line, 0) if line.startswith(CONTENT) else line for line in result]


def window(line: str, at: int) -> str:
    """At most DIFF_WIDTH characters of ``line``: its start (the diff's marks) and the part
    around position ``at``, with "…" where something was left out."""
    if len(line) <= DIFF_WIDTH:
        return line
    head, room = 3, DIFF_WIDTH - 5  # nbdime's "-  " or "+  ", and two "…"
    start = max(head, min(at - DIFF_WIDTH // 3, len(line) - room))
    end = start + room
    return (
        line[:head]
        + ("…" if start > head else "")
        + line[start:end]
        + ("…" if end < len(line) else "")
    )
