"""Fold every solution cell (tagged ``solution``) of the lessons, so a teacher projecting
their own copy shows no answer until they open it: JupyterLab draws a folded cell as a
thin bar that a click opens (cell metadata ``jupyter.source_hidden`` and
``outputs_hidden``). `make notebooks` runs it; student copies (`make student`) have no
solution cells at all.

    python tools/hide_solutions.py notebooks/*.ipynb
"""

import sys
from pathlib import Path

import nbformat

FOLDED = {"source_hidden": True, "outputs_hidden": True}

for path in map(Path, sys.argv[1:]):
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []) and cell.metadata.get("jupyter") != FOLDED:
            cell.metadata["jupyter"] = dict(FOLDED)
            changed = True
    if changed:
        nbformat.write(nb, path)
        print(f"folded the solutions of {path}")
