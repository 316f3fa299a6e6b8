"""Link the first use of each glossary term in each lesson's Markdown to its entry on the
glossary page (docs/glossary.md); `make notebooks` runs it before executing them.

    python tools/link_glossary.py notebooks/*.ipynb
"""

import sys
from pathlib import Path

import nbformat

from decl46.glossary import link_terms

for path in map(Path, sys.argv[1:]):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    linked = link_terms([c.source for c in cells])
    if any(c.source != new for c, new in zip(cells, linked, strict=True)):
        for cell, new in zip(cells, linked, strict=True):
            cell.source = new
        nbformat.write(nb, path)
        print(f"linked glossary terms in {path}")
