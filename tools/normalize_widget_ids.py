"""Give the widget models stored in notebooks stable ids and order, so re-running changes nothing.

ipywidgets names each model with a random id, and a notebook that stores its widget state
(so that JupyterLab and the static site can draw the widgets before any kernel runs) would
differ on every run. This renumbers the models: first those the cells display, in cell
order, then the models each one refers to, depth first in the order of their state's
keys. Each new id is derived from the notebook's name and that position, and the stored
state is written in that order. Usage: normalize_widget_ids.py NOTEBOOK...
"""

import hashlib
import json
import sys
from pathlib import Path

VIEW = "application/vnd.jupyter.widget-view+json"
PREFIX = "IPY_MODEL_"


def references(value):
    """Model ids a piece of widget state refers to, in a stable order."""
    if isinstance(value, str) and value.startswith(PREFIX):
        yield value[len(PREFIX) :]
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from references(value[key])


def normalize(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    state = (
        nb.get("metadata", {})
        .get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    shown = [
        output["data"][VIEW]["model_id"]
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        if VIEW in output.get("data", {})
    ]
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order:
            return
        order.append(model_id)
        for ref in references(state.get(model_id, {}).get("state", {})):
            visit(ref)

    for model_id in shown:
        visit(model_id)
    for model_id in sorted(state, key=lambda m: json.dumps(state[m], sort_keys=True)):
        visit(model_id)
    new = {old: hashlib.md5(f"{path.name}:{i}".encode()).hexdigest() for i, old in enumerate(order)}
    text = json.dumps(nb, ensure_ascii=False)
    for old, replacement in new.items():
        text = text.replace(old, replacement)
    nb = json.loads(text)
    if state:
        container = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
        container["state"] = {new[m]: container["state"][new[m]] for m in order}
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


for name in sys.argv[1:]:
    normalize(Path(name))
