"""A lesson's code, run once from top to bottom in a process of its own, as the notebook runs
it, for what a handout prints:

- every figure a cell draws, saved again at print resolution (:data:`PRINT_DPI`; the
  notebooks store them at the 100 dpi of a projector) with its alt text and text version
  (the kit's figures carry both, ``fig.alt`` and ``fig.text_version``);
- every table a cell shows, whole (a notebook cuts long text at 50 characters);
- the documents a cell shows, built again from the kit's data with the public API: the
  declaration's paragraphs (``decl46.render_reading(..., kinds=[])``: the bare text, which a
  student annotates by hand), the signature statements (``decl46.statements_html``), events
  (``decl46.events_html``), Trotsky's letter (``decl46.load_trotsky_letter``), and any
  paragraph of the text that a cell prints;
- the value of each expression an exercise names for a student to print (e.g.
  ``people.set_index("person_id").fate_note["preobrazhensky"]``), so that a class without
  computers has the text on paper.

It runs in an IPython shell inside this process (no kernel, no network), with matplotlib's
Agg backend, in the notebook's folder, as Jupyter would. A cell that fails stops the build
with the notebook, the cell and the error.
"""

from __future__ import annotations

import ast
import io
import os
from pathlib import Path

PRINT_DPI = 300
DOCUMENT_CALLS = {"render_reading", "statements_html", "events_html", "load_trotsky_letter"}


class ExecutionError(RuntimeError):
    pass


def run_lesson(path: str, lookups: list[str]) -> dict:
    """Run the notebook at ``path``; see the module's docstring. Picklable result:
    ``{"outputs": {cell index: [output, ...]}, "documents": {cell index: [document, ...]},
    "lookups": {expression: text}}``."""
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib.pyplot as plt
    import nbformat
    from IPython.core.displayhook import DisplayHook
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import decl46

    class QuietHook(DisplayHook):
        """Keeps a cell's value (the result) without printing it."""

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            pass

    path = Path(path).resolve()
    os.chdir(path.parent)
    nb = nbformat.read(path, as_version=4)
    shell = InteractiveShell.instance(displayhook_class=QuietHook)
    body = decl46.load_paragraphs()
    body = body[body["text"].str.len() > 200]
    result: dict = {"outputs": {}, "documents": {}, "lookups": {}}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        with capture_output() as captured:
            run = shell.run_cell(cell.source, store_history=False)
        if not run.success:
            error = run.error_in_exec or run.error_before_exec
            raise ExecutionError(
                f"{path.name}, cell {index + 1} ({cell.source.splitlines()[0][:60]!r}): "
                f"{type(error).__name__}: {error}"
            )
        outputs = []
        if captured.stdout:
            outputs.append({"kind": "text", "text": captured.stdout})
        outputs += [_output(o.data) for o in captured.outputs]
        if run.result is not None:
            outputs.append(_value(shell, run.result))
        outputs += [_figure(plt.figure(n)) for n in plt.get_fignums()]
        plt.close("all")
        result["outputs"][index] = outputs
        documents = _documents(shell, cell.source, decl46)
        documents += [
            {"kind": "reading", "ids": [pid], "html": decl46.render_reading([pid], kinds=[])}
            for pid, text in zip(body["paragraph_id"], body["text"], strict=True)
            if text in captured.stdout
        ]
        result["documents"][index] = documents
    for expression in lookups:
        try:
            value = shell.ev(expression)
        except Exception as error:
            raise ExecutionError(
                f"{path.name}: an exercise names `{expression}`, which fails: "
                f"{type(error).__name__}: {error}"
            ) from None
        if isinstance(value, str):
            result["lookups"][expression] = value
    InteractiveShell.clear_instance()
    return result


def _table(value) -> dict:
    import pandas as pd

    frame = value.to_frame() if isinstance(value, pd.Series) else value
    index = frame.index
    plain_index = index.nlevels == 1 and index.name is None and pd.api.types.is_integer_dtype(index)
    html = frame.to_html(index=not plain_index, na_rep="", border=0, classes="data")
    return {"kind": "table", "html": html}


def _value(shell, value) -> dict:
    import pandas as pd

    if isinstance(value, pd.DataFrame | pd.Series):
        return _table(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return {"kind": "text", "text": "; ".join(value)}
    data, _ = shell.display_formatter.format(value)
    return _output(data)


def _output(data: dict) -> dict:
    if "application/vnd.jupyter.widget-view+json" in data:
        return {"kind": "widget"}
    if "text/html" in data:
        return {"kind": "html", "html": data["text/html"]}
    if "text/markdown" in data:
        return {"kind": "markdown", "text": data["text/markdown"]}
    return {"kind": "text", "text": data.get("text/plain", "")}


def _figure(fig) -> dict:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PRINT_DPI, metadata={"Software": None})
    width, height = fig.get_size_inches()
    return {
        "kind": "figure",
        "png": buffer.getvalue(),
        "alt": getattr(fig, "alt", ""),
        "text_version": getattr(fig, "text_version", ""),
        "width": float(width),
        "height": float(height),
    }


def _documents(shell, source: str, decl46) -> list[dict]:
    """The documents a cell's calls of the kit's document functions show, built again."""
    try:
        tree = ast.parse(shell.transform_cell(source))
    except SyntaxError:
        return []
    documents = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in DOCUMENT_CALLS:
            continue
        if isinstance(func, ast.Attribute) and shell.ev(ast.unparse(func.value)) is not decl46:
            continue
        args = [shell.ev(ast.unparse(a)) for a in node.args[:1]]
        keywords = {
            k.arg: shell.ev(ast.unparse(k.value))
            for k in node.keywords
            if k.arg in {"paragraph_ids", "block_ids", "event_ids", "events"}
        }
        if name == "render_reading":
            ids = args[0] if args else keywords.get("paragraph_ids")
            html = decl46.render_reading(ids, kinds=[])
            documents.append({"kind": "reading", "ids": list(ids or []), "html": html})
        elif name == "statements_html":
            html = decl46.statements_html(*args, **keywords)
            documents.append({"kind": "statements", "html": html})
        elif name == "events_html":
            documents.append({"kind": "events", "html": decl46.events_html(*args, **keywords)})
        else:
            letter = decl46.load_trotsky_letter()
            rows = letter[["passage_id", "text", "compare_with"]].astype(object)
            documents.append({"kind": "letter", "rows": rows.to_dict("records")})
    return documents
