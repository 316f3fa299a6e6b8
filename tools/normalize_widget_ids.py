"""Give the widget models stored in notebooks stable ids and order, so re-running changes nothing.

ipywidgets names each model with a random id, and a notebook that stores its widget state
(so that JupyterLab and the static site can draw the widgets before any kernel runs) would
differ on every run. This renames each model after where it stands: the output that
shows it and the chain of state keys leading to it; models no output reaches are dropped.
The stored state is written sorted by the new ids. Usage: normalize_widget_ids.py NB...
"""

import hashlib
import json
import sys
from pathlib import Path

VIEW = "application/vnd.jupyter.widget-view+json"
PREFIX = "IPY_MODEL_"


def references(value, path: str = ""):
    """(model id, where it is referred to) for each reference in a piece of widget state."""
    if isinstance(value, str) and value.startswith(PREFIX):
        yield value[len(PREFIX) :], path
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from references(item, f"{path}/{i}")
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from references(value[key], f"{path}/{key}")


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
    # Each model is named after where it first appears: the output that shows it, then the
    # chain of state keys that leads to it. That path does not depend on the random ids.
    order: list[str] = []
    where: dict[str, str] = {}

    def visit(model_id: str, at: str) -> None:
        if model_id in where:
            return
        where[model_id] = at
        order.append(model_id)
        for ref, key_path in references(state.get(model_id, {}).get("state", {})):
            visit(ref, at + key_path)

    for i, model_id in enumerate(shown):
        visit(model_id, f"output{i}")
    # Models no output reaches (widgets made and dropped while the notebook ran) are not
    # needed to draw anything, and whether they are still alive depends on the garbage
    # collector: leave them out.
    for model_id in [m for m in state if m not in where]:
        del state[model_id]
    new = {old: hashlib.md5(f"{path.name}:{where[old]}".encode()).hexdigest() for old in order}
    order.sort(key=lambda old: new[old])
    text = json.dumps(nb, ensure_ascii=False)
    for old, replacement in new.items():
        text = text.replace(old, replacement)
    nb = json.loads(text)
    if state:
        container = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
        kept = container["state"]
        container["state"] = {new[m]: kept[new[m]] for m in order if new[m] in kept}
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


for name in sys.argv[1:]:
    normalize(Path(name))
