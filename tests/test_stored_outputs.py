"""What the committed notebooks store depends on the kit and the data, not on versions.

Every PNG a notebook stores (figures in outputs, explorer pictures in the widget state)
carries its pixels only: no text chunk (matplotlib writes "Software: Matplotlib
version…" unless told not to, see tools/ipython_kernel_config.py) and no time stamp.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that hold text or a time; a PNG of pixels needs none of them.
TEXT_OR_TIME = {b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png.startswith(PNG_SIGNATURE)
    found, at = [], len(PNG_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + data) == crc, f"bad CRC in chunk {kind!r}"
        found.append((kind, data))
        at += 12 + length
    assert found[-1][0] == b"IEND"
    return found


def stored_pngs(path: Path) -> list[tuple[str, bytes]]:
    """(where, bytes) of every PNG in a notebook: outputs, widget-state buffers, and the
    data URIs of the explorers' chart views (an HTML widget's ``<img>``)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                found.append((f"cell {i}", base64.b64decode(output["data"]["image/png"])))
    state = (
        nb["metadata"]
        .get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    for model_id, model in state.items():
        for buffer in model.get("buffers", []):
            data = base64.b64decode(buffer["data"])
            if data.startswith(PNG_SIGNATURE):
                found.append((f"widget {model_id}", data))
        value = model.get("state", {}).get("value")
        if isinstance(value, str):
            for uri in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", value):
                found.append((f"widget {model_id}", base64.b64decode(uri)))
    return found


def test_the_notebooks_store_pictures_of_both_kinds():
    pngs = [where for path in NOTEBOOKS for where, _ in stored_pngs(path)]
    assert sum(w.startswith("cell") for w in pngs) >= 5
    assert sum(w.startswith("widget") for w in pngs) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_stored_png_carries_a_version_or_a_time(path):
    for where, png in stored_pngs(path):
        kinds = [kind for kind, _ in chunks(png)]
        assert not TEXT_OR_TIME & set(kinds), f"{path.name}, {where}: {kinds}"
        assert b"version" not in png.lower() and b"matplotlib" not in png.lower()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_stores_the_python_version_its_kernel_reports(path):
    # JupyterLab writes the kernel's language_info into a notebook as it opens; a notebook
    # stored without the version would show as modified the moment a teacher opens it.
    info = json.loads(path.read_text(encoding="utf-8"))["metadata"]["language_info"]
    assert info["name"] == "python" and re.fullmatch(r"3\.\d+\.\d+", info["version"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_widget_output_falls_back_to_a_sentence_not_a_repr(path):
    # What JupyterLab shows for a widget it cannot draw (an untrusted notebook opened cold).
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                text = "".join(data["text/plain"])
                assert text.endswith("run the notebook to use it."), text[:120]
                assert "children=" not in text
