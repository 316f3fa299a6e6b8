"""The coding widget: students code the signature blocks themselves, block by block.

Every change is saved at once to the student's own CSV file (never into the kit's data),
so closing the notebook loses nothing and the widget resumes from the file. The state is
kept by pure functions of :mod:`decl46.widgets.queries`; agreement with the kit's coding
and between students is measured by :mod:`decl46.agreement`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from decl46._package.cache import load_table
from decl46.agreement import save_coding
from decl46.vocabularies import labels
from decl46.widgets import queries


class CodingWidget(w.VBox):
    """Code the signature blocks yourself, one at a time; every change is saved to your own CSV.

    ``path`` is where the coding is kept (by default ``my_stance_coding.csv`` in the
    folder the notebook runs in); if the file exists the widget resumes from it.
    """

    def __init__(self, path: str | Path | None = None, *, data_dir=None, **kwargs):
        self.data_dir = data_dir
        self.path = Path(path) if path is not None else Path.cwd() / "my_stance_coding.csv"
        self.coding = queries.resume_coding(self.path, data_dir=data_dir)
        self.blocks = load_table("blocks", data_dir).set_index("block_id")
        signatures = load_table("signatures", data_dir)
        self.signers = signatures.groupby("block_id")["line_as_printed"].agg(", ".join)
        self.part_labels = labels("stances", "part", data_dir=data_dir)
        descriptions = queries.part_descriptions(data_dir=data_dir)
        stance_labels = labels("stances", "stance", data_dir=data_dir)
        self.block = w.Dropdown(options=list(self.blocks.index), description="Block")
        self.previous = w.Button(description="◀ previous")
        self.next = w.Button(description="next ▶")
        self.statement = w.HTML()
        choices = [("— not coded yet —", ""), *((label, s) for s, label in stance_labels.items())]
        self.stances = {
            part: w.Dropdown(options=choices, layout=w.Layout(width="16em"))
            for part in self.part_labels
        }
        self.reasons = {
            part: w.Text(placeholder="why? (optional)", layout=w.Layout(width="30em"))
            for part in self.part_labels
        }
        rows = [
            w.HBox(
                [
                    w.HTML(
                        f"<b>{escape(self.part_labels[p])}</b><br>"
                        f"<small>{escape(descriptions[p])}</small>",
                        layout=w.Layout(width="26em"),
                    ),
                    self.stances[p],
                    self.reasons[p],
                ]
            )
            for p in self.part_labels
        ]
        self.status = w.HTML()
        self.student = w.Text(placeholder="your name", description="Hand in as")
        self.export = w.Button(description="Save a copy for the teacher")
        self.export.on_click(lambda _: self._export())
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(+1))
        self.block.observe(self._show, names="value")
        self._loading = False
        for part in self.part_labels:
            self.stances[part].observe(self._record, names="value")
            self.reasons[part].observe(self._record, names="value")
        super().__init__(
            [w.HBox([self.previous, self.block, self.next]), self.statement, *rows, self.status],
            **kwargs,
        )
        self._show()

    def _step(self, delta: int):
        ids = list(self.blocks.index)
        i = max(0, min(len(ids) - 1, ids.index(self.block.value) + delta))
        self.block.value = ids[i]

    def _show(self, change=None):
        block_id = self.block.value
        statement = self.blocks.loc[block_id, "statement"]
        said = (
            "<i>(no statement: these signers put their names under the whole text)</i>"
            if pd.isna(statement)
            else f"“{escape(statement)}”"
        )
        self.statement.value = (
            f"<p>{said}</p><p><small>Signed by: {escape(self.signers[block_id])}</small></p>"
        )
        self._loading = True
        rows = self.coding[self.coding["block_id"] == block_id].set_index("part")
        for part in self.part_labels:
            stance = rows.loc[part, "stance"]
            self.stances[part].value = "" if pd.isna(stance) else str(stance)
            reason = rows.loc[part, "justification"]
            self.reasons[part].value = "" if pd.isna(reason) else reason
        self._loading = False
        self._status()

    def _record(self, change=None):
        if self._loading:
            return
        for part in self.part_labels:
            self.coding = queries.set_code(
                self.coding,
                self.block.value,
                part,
                self.stances[part].value or None,
                self.reasons[part].value,
            )
        save_coding(self.coding.dropna(subset=["stance"]), self.path, data_dir=self.data_dir)
        self._status()

    def export_path(self) -> Path:
        """Where :meth:`_export` writes: ``<name>.csv`` beside the working file."""
        name = (
            "".join(ch for ch in self.student.value.strip().lower() if ch.isalnum() or ch in "-_")
            or "student"
        )
        return self.path.parent / f"{name}.csv"

    def _export(self):
        path = save_coding(
            self.coding.dropna(subset=["stance"]), self.export_path(), data_dir=self.data_dir
        )
        self.status.value += f"<p>A copy for the teacher: <code>{escape(str(path))}</code></p>"

    def _status(self):
        done, total = queries.coding_progress(self.coding)
        # The file name alone when it is in the working folder: no machine paths on screen.
        shown = self.path.name if self.path.parent == Path.cwd() else str(self.path)
        self.status.value = f"<p>{done} of {total} coded; saved in <code>{escape(shown)}</code></p>"
