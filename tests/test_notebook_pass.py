"""The notebook pass (tests/notebook_pass.py) catches what nbval alone lets through.

nbval leaves pictures out of its comparison; the pass's byte-for-byte item must not. A
small notebook is made with `make notebooks`, one stored picture is given the text chunk
an older set-up wrote ("Software: Matplotlib version…"), and the pass must fail on it while
every cell still passes nbval.
"""

from __future__ import annotations

import base64
import json
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pytest
from test_notebooks import run_make
from test_stored_outputs import TEXT_OR_TIME, chunks

ROOT = Path(__file__).resolve().parent.parent
PASS = ["--nbval", "--byte-for-byte"]


def with_text_chunk(png: bytes, text: bytes) -> bytes:
    """The PNG with a tEXt chunk inserted after its header chunk."""
    chunk = b"tEXt" + text
    packed = struct.pack(">I", len(text)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end_of_header = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    return png[:end_of_header] + packed + png[end_of_header:]


@pytest.fixture
def small_notebook():
    # Inside the project (in the git-ignored build/), so that ruff reads the project's settings.
    folder = ROOT / "build" / "test-notebook-pass"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell('print("a figure follows")'),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots(figsize=(2, 1))\n"
            "_ = ax.plot([0, 1], [1, 0])"
        ),
    ]
    path = folder / "small.ipynb"
    nbformat.write(nb, path)
    run_make("notebooks", NOTEBOOKS=path)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_the_pass_fails_on_a_picture_nbval_does_not_compare(small_notebook):
    nb = json.loads(small_notebook.read_text(encoding="utf-8"))
    (figure,) = [o for o in nb["cells"][1]["outputs"] if "image/png" in o.get("data", {})]
    png = base64.b64decode(figure["data"]["image/png"])
    assert not TEXT_OR_TIME & {kind for kind, _ in chunks(png)}  # make notebooks: no version
    tampered = with_text_chunk(png, b"Software\0Matplotlib version3.10.0, https://matplotlib.org/")
    figure["data"]["image/png"] = base64.b64encode(tampered).decode() + "\n"
    small_notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", "utf-8")

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *PASS,
            str(small_notebook),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "1 failed, 2 passed" in result.stdout  # both cells pass nbval
    assert "small.ipynb::reproduces the committed file byte for byte" in result.stdout
    assert "small.ipynb changed on re-execution" in result.stdout
    assert '"image/png"' in result.stdout  # the diff shows the picture's line
