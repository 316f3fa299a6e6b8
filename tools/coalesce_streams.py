"""Join consecutive stream outputs of a cell into one, as a quiet run writes them.

How a kernel splits one cell's printed text into stream messages depends on timing: on a
loaded machine the same ``print`` loop can arrive as two pieces. Joining them (with
nbconvert's own CoalesceStreamsPreprocessor) makes the stored notebook the same on every run.
Usage: coalesce_streams.py NB...
"""

import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

for name in sys.argv[1:]:
    path = Path(name)
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    before = nbformat.writes(notebook)
    notebook, _ = CoalesceStreamsPreprocessor().preprocess(notebook, {})
    if nbformat.writes(notebook) != before:
        nbformat.write(notebook, path)
