"""The notebook pass (tests/notebook_pass.py) itself, run on a small notebook of three cells
(a printed line, a cell that counts its runs in a file beside the notebook, a figure) made
with `make notebooks`.

An unchanged notebook passes, with the network cut, and is executed once. A changed output,
a printed line or a picture (which nbval alone does not compare), fails the cell it is in
and the byte-for-byte item, and the failure shows nbdime's diff, not JSON. A run under
another Python is compared with its version set aside. A cell that raises fails there and
the rest is reported as not run. --offline refuses to start on a connected network, and
--nbval beside the pass is refused.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pytest
from notebook_pass import WORK, network_is_cut, readable_diff
from test_notebooks import run_make
from test_stored_outputs import TEXT_OR_TIME, chunks

ROOT = Path(__file__).resolve().parent.parent
# Inside the project (in the git-ignored build/), so that ruff reads the project's settings;
# one folder per xdist worker.
FOLDER = ROOT / "build" / "test-notebook-pass" / os.environ.get("PYTEST_XDIST_WORKER", "main")
COUNT_RUNS = 'with open("runs.txt", "a") as runs:\n    runs.write("run\\n")'


def with_text_chunk(png: bytes, text: bytes) -> bytes:
    """The PNG with a tEXt chunk inserted after its header chunk."""
    chunk = b"tEXt" + text
    packed = struct.pack(">I", len(text)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end_of_header = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    return png[:end_of_header] + packed + png[end_of_header:]


@pytest.fixture(scope="module")
def made_notebook():
    """The small notebook as `make notebooks` writes it."""
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell('print("a figure follows")'),
        nbformat.v4.new_code_cell(COUNT_RUNS),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots(figsize=(2, 1))\n"
            "_ = ax.plot([0, 1], [1, 0])"
        ),
    ]
    path = FOLDER / "made.ipynb"
    nbformat.write(nb, path)
    run_make("notebooks", NOTEBOOKS=path)
    yield path
    shutil.rmtree(FOLDER, ignore_errors=True)


@pytest.fixture
def notebook(made_notebook, request) -> Path:
    """A copy of the made notebook, named for the test (the pass keeps its run under that
    name in build/notebook-pass/, removed afterwards), with no runs counted yet."""
    folder = FOLDER / request.node.name
    folder.mkdir()
    path = folder / f"{request.node.name}.ipynb"
    shutil.copyfile(made_notebook, path)
    yield path
    (WORK / path.name).unlink(missing_ok=True)


@pytest.fixture
def unexecuted(request) -> Path:
    """The cell that counts its runs, in a notebook never executed (for the pass's refusals,
    which must come before anything runs)."""
    folder = FOLDER / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(COUNT_RUNS)])
    path = folder / f"{request.node.name}.ipynb"
    nbformat.write(nb, path)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def runs(notebook: Path) -> int:
    counted = notebook.parent / "runs.txt"
    return len(counted.read_text().splitlines()) if counted.exists() else 0


def run_pass(notebook: Path, *options: str, offline: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options]
    if offline:
        command = [str(ROOT / "tools" / "offline"), *command]
    # As a maintainer runs it at a terminal: with CI set (as in CI), pytest writes each
    # failure's message in full in its short summary too, and the counts below would double.
    env = {name: value for name, value in os.environ.items() if name != "CI"}
    return subprocess.run(
        [*command, str(notebook)], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env
    )


def edit(notebook: Path, change) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    change(nb)
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@pytest.mark.slow
@pytest.mark.netns
def test_an_unchanged_notebook_passes_offline_and_runs_once(notebook):
    result = run_pass(notebook, "--byte-for-byte", "--offline", offline=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "4 passed" in result.stdout  # three cells and the byte-for-byte item
    assert runs(notebook) == 1


@pytest.mark.slow
def test_a_changed_output_fails_its_cell_and_the_file_with_a_readable_diff(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    (figure,) = [o for o in nb["cells"][2]["outputs"] if "image/png" in o.get("data", {})]
    png = base64.b64decode(figure["data"]["image/png"])
    assert not TEXT_OR_TIME & {kind for kind, _ in chunks(png)}  # make notebooks: no version

    def change(nb):
        # A printed line, and a picture nbval leaves out of its comparison: the same pixels
        # with the text chunk an older set-up wrote ("Software: Matplotlib version…").
        cells = nb["cells"]
        cells[0]["outputs"][0]["text"] = ["a figure follows soon\n"]
        tampered = with_text_chunk(png, b"Software\0Matplotlib version3.10.0, matplotlib.org")
        cells[2]["outputs"][0]["data"]["image/png"] = base64.b64encode(tampered).decode() + "\n"

    edit(notebook, change)
    result = run_pass(notebook, "--byte-for-byte")
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "3 failed, 1 passed" in out  # cells 0 and 2 and the file; cell 1 passes
    assert runs(notebook) == 1
    name = notebook.name
    failed = {
        line.removeprefix("FAILED ").split(" - ")[0]
        for line in out.splitlines()
        if line.startswith("FAILED ")
    }
    assert failed == {
        f"{notebook.relative_to(ROOT)}::{item}"
        for item in ["cell 0", "cell 2", "reproduces the committed file byte for byte"]
    }
    assert "the outputs of cell 0 differ from the stored ones" in out
    assert "the outputs of cell 2 differ from the stored ones" in out
    assert f"{name} changed on re-execution" in out
    # nbdime's diff: where the change is, then what was stored and what the run gave.
    assert "## modified /cells/0/outputs/0/text:" in out
    assert "-  a figure follows soon\n+  a figure follows\n" in out
    assert "## deleted /cells/2/outputs/0:" in out  # nbdime: the picture was replaced
    assert "-      image/png: <base64, " in out  # a picture by its length and hash
    assert "+      image/png: <base64, " in out
    assert figure["data"]["image/png"][:100] not in out
    assert '"output_type"' not in out  # no JSON
    assert f"nbdiff {notebook}" in out


@pytest.mark.slow
def test_a_run_under_another_python_is_compared_with_its_version_set_aside(notebook):
    # The committed file keeps the kernel's Python version (JupyterLab writes it on opening);
    # under another Python the version is set aside, the outputs are still compared.
    ours = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["language_info"]

    def change(nb):
        nb["metadata"]["language_info"]["version"] = "3.99.0"
        nb["cells"][0]["outputs"][0]["text"] = ["a figure follows soon\n"]

    edit(notebook, change)
    result = run_pass(notebook, "--byte-for-byte")
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "2 failed, 2 passed" in out  # cell 0 and the file
    assert f"this run's Python {ours['version']} was taken as 3.99.0" in out
    assert "## modified /cells/0/outputs/0/text:" in out
    assert "language_info" not in out


@pytest.mark.slow
def test_a_cell_that_raises_fails_there_and_the_rest_is_not_run(notebook):
    def change(nb):
        nb["cells"][0]["source"] = ['raise ValueError("the table has no such row")']

    edit(notebook, change)
    result = run_pass(notebook, "--byte-for-byte")
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "4 failed" in out
    assert "the cell raised an error" in out
    assert "ValueError: the table has no such row" in out
    assert "\x1b[" not in out  # the traceback without its colour codes
    assert out.count(f"not executed: the run of {notebook.name} stopped at cell 0") == 2
    assert "not every cell ran" in out
    assert runs(notebook) == 0


@pytest.mark.netns
def test_offline_refuses_a_connected_network(unexecuted):
    # As tests/test_offline.py: the machine reaches PyPI (CI installs from it).
    assert not network_is_cut(), "the probe cannot reach pypi.org from here"
    result = run_pass(unexecuted, "--byte-for-byte", "--offline")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout[-2000:]
    assert "--offline: pypi.org is reachable, the network is not cut" in result.stderr
    assert runs(unexecuted) == 0


def test_nbval_beside_the_pass_is_refused(unexecuted):
    result = run_pass(unexecuted, "--byte-for-byte", "--nbval")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout[-2000:]
    assert "drop --nbval (with it every notebook would run twice)" in result.stderr
    assert runs(unexecuted) == 0


def test_a_changed_picture_inside_the_widget_state_is_shown_by_its_hash():
    # An explorer stores a picture of its chart as HTML with a data: URI in the widget
    # state; nbdime would diff such a line character by character, for minutes.
    def notebook_with(picture: bytes) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook()
        html = f'<img src="data:image/png;base64,{base64.b64encode(picture).decode()}" alt="a">'
        state = {"model": {"model_name": "HTMLModel", "state": {"value": html}}}
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
        return nb

    committed = notebook_with(bytes(range(256)) * 40)
    made = notebook_with(bytes(reversed(range(256))) * 40)
    shown = readable_diff(committed, made, Path("committed.ipynb"), Path("made.ipynb"))
    assert "## modified /metadata/widgets/" in shown
    assert '-  <img src="data:image/png;base64,<base64, 13656 characters, sha256 ' in shown
    assert '+  <img src="data:image/png;base64,<base64, 13656 characters, sha256 ' in shown
    assert max(len(line) for line in shown.splitlines()) <= 160
