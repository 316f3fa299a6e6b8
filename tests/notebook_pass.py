"""The notebook pass of ``make test``: each notebook runs once, and that one run is checked
three ways.

``pytest --nbval --byte-for-byte --offline notebooks`` (run by ``make test`` inside
``tools/offline``):

- nbval executes the cells in a fresh kernel and compares each cell's outputs with the
  stored ones, strictly (every cell, text and HTML; nbval leaves pictures out);
- ``--byte-for-byte``: every kernel message nbval reads is also handed to nbclient, the
  executor of ``make notebooks``, which builds from them the notebook a fresh
  ``make notebooks`` would write: outputs, pictures, widget state, language info. After
  the last cell, an extra item normalises that notebook as ``make notebooks`` does
  (``make normalize-notebooks``: ruff, nbstripout, widget ids) and requires it to be the
  committed file, byte for byte;
- ``--offline``: the run refuses to start unless the network is cut, so "nothing fetches
  at run time" is proved by the same run.

The plugin is registered by the top-level conftest.py and does nothing without these
options (a plain ``pytest --nbval`` is plain nbval).
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "notebook-pass"  # inside the project, so that ruff reads its settings
PROBE_HOST = ("pypi.org", 443)


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
        help="with --nbval: also require each executed notebook, normalised as by "
        "`make notebooks`, to equal the committed file byte for byte",
    )
    group.addoption(
        "--offline",
        action="store_true",
        help="fail at once unless the network is cut (run under tools/offline)",
    )


def pytest_configure(config):
    if config.getoption("offline") and not network_is_cut():
        raise pytest.UsageError(
            f"--offline: {PROBE_HOST[0]} is reachable, the network is not cut "
            "(run the pass as `tools/offline pytest ...`)"
        )


class Recorder:
    """Rebuilds one notebook from the kernel messages of its cells, the way nbclient does."""

    def __init__(self, nbfile):
        from nbclient import NotebookClient

        self.path = Path(str(nbfile.fspath))
        self.nb = nbformat.read(self.path, as_version=4)
        kernel = nbfile.kernel
        self.client = NotebookClient(self.nb, store_widget_state=True, record_timing=False)
        self.client.kc = kernel.kc  # nbclient's Output-widget stand-in talks back through it
        info = kernel.kc.kernel_info(reply=True, timeout=30)
        self.nb.metadata["language_info"] = info["content"]["language_info"]
        self.code_cells = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        self.executed: list[int] = []
        self.current: int | None = None
        self.msg_id: str | None = None
        # Every message nbval reads passes here too; only those of the running cell count.
        read = nbfile.get_kernel_message
        execute = kernel.execute_cell_input

        def get_kernel_message(*args, **kwargs):
            msg = read(*args, **kwargs)
            self.process(msg)
            return msg

        def execute_cell_input(*args, **kwargs):
            self.msg_id = execute(*args, **kwargs)
            return self.msg_id

        nbfile.get_kernel_message = get_kernel_message
        kernel.execute_cell_input = execute_cell_input

    def start(self, cell_num: int) -> None:
        self.current = self.code_cells[cell_num]
        self.msg_id = None
        self.nb.cells[self.current].outputs = []
        self.client.clear_before_next_output = False

    def process(self, msg) -> None:
        from nbclient.exceptions import CellExecutionComplete

        if self.current is None or msg["parent_header"].get("msg_id") != self.msg_id:
            return
        with contextlib.suppress(CellExecutionComplete):  # the cell's "idle": nbval stops there
            self.client.process_message(msg, self.nb.cells[self.current], self.current)

    def finish(self) -> None:
        # As nbclient: cells are counted in the order they ran (nbval runs them without
        # storing history, so the kernel's own count stays put).
        cell = self.nb.cells[self.current]
        self.executed.append(self.current)
        cell.execution_count = len(self.executed)
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = cell.execution_count
        self.current = None

    def notebook(self):
        """The notebook as `make notebooks` writes it, before normalisation."""
        nb = copy.deepcopy(self.nb)
        client = self.client
        client.nb, saved = nb, client.nb
        try:
            client.set_widgets_metadata()
        finally:
            client.nb = saved
        return nb


def _recorder(nbfile) -> Recorder:
    if getattr(nbfile, "_decl46_recorder", None) is None:
        nbfile._decl46_recorder = Recorder(nbfile)
    return nbfile._decl46_recorder


def _is_cell(item) -> bool:
    from nbval.plugin import IPyNbCell

    return isinstance(item, IPyNbCell)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    if not (item.config.getoption("byte_for_byte") and _is_cell(item)):
        yield
        return
    recorder = _recorder(item.parent)
    recorder.start(item.cell_num)
    try:
        yield
    finally:
        recorder.finish()


class ReproducesTheCommittedFile(pytest.Item):
    """The last item of a notebook: the run just made, normalised, is the committed file."""

    def runtest(self):
        recorder = getattr(self.parent, "_decl46_recorder", None)
        code = [i for i, c in enumerate(self.parent.nb.cells) if c.cell_type == "code"]
        if recorder is None or recorder.executed != code:
            pytest.fail("not every code cell was executed, so nothing to compare", pytrace=False)
        WORK.mkdir(parents=True, exist_ok=True)
        out = WORK / recorder.path.name
        nbformat.write(recorder.notebook(), out)
        venv = Path(sys.executable).parent.parent
        subprocess.run(
            [
                "make",
                "--no-print-directory",
                "-C",
                str(ROOT),
                "normalize-notebooks",
                f"NOTEBOOKS={out}",
                f"VENV={venv}",
            ],
            check=True,
            capture_output=True,
        )
        made, committed = out.read_bytes(), recorder.path.read_bytes()
        if made != committed:
            diff = difflib.unified_diff(
                committed.decode().splitlines(),
                made.decode().splitlines(),
                "committed",
                "re-executed",
                lineterm="",
                n=1,
            )
            lines = [line[:200] for line in diff]
            pytest.fail(
                f"{recorder.path.name} changed on re-execution (run `make notebooks`, "
                f"then review and commit); the new file is {out}:\n" + "\n".join(lines[:60]),
                pytrace=False,
            )

    def reportinfo(self):
        return self.path, 0, f"{self.parent.name}: reproduces the committed file"


def pytest_collection_modifyitems(session, config, items):
    """After the last cell of each notebook, the byte-for-byte comparison of that notebook."""
    if not config.getoption("byte_for_byte"):
        return
    result = []
    for i, item in enumerate(items):
        result.append(item)
        last_of_file = _is_cell(item) and (
            i + 1 == len(items) or items[i + 1].parent is not item.parent
        )
        if last_of_file:
            result.append(
                ReproducesTheCommittedFile.from_parent(
                    item.parent, name="reproduces the committed file byte for byte"
                )
            )
    items[:] = result
