"""The coding widget: students code the signature blocks themselves, block by block.

Every change is saved at once to the student's own CSV file (never into the kit's data),
so closing the notebook loses nothing and the widget resumes from the file, at the block
where the student stopped. Handing in writes a named copy into the class folder,
``class_codings/`` beside the working file, which is what :func:`decl46.read_class_codings`
reads by default (see docs/teacher_guide.md). The state is
kept by pure functions of :mod:`decl46.widgets.queries`; agreement with the kit's coding
and between students is measured by :mod:`decl46.agreement`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from decl46._package.cache import load_table
from decl46.agreement import CLASS_FOLDER, save_coding
from decl46.vocabularies import labels
from decl46.widgets import queries
from decl46.widgets._panel import Panel


class CodingWidget(Panel):
    """Code the signature blocks yourself, one at a time; every change is saved to your own CSV.

    ``path`` is where the coding is kept (by default ``my_stance_coding.csv`` in the
    folder the notebook runs in); if the file exists the widget resumes from it, at the
    block where the student stopped.

    Handing in (the "Your name" box and the "Hand in" button under the coding) writes a
    copy named after the student, ``<name>.csv``, into ``class_folder``: by default
    ``class_codings/`` beside the working file, the folder that
    :func:`decl46.read_class_codings` reads when no folder is given. A teacher collects
    those files (or points ``class_folder`` at a shared folder) and reads them all at once.
    """

    what = "The coding widget"

    def snapshot_html(self) -> str:
        parts = ", ".join(self.part_labels.values())
        return (
            f"<p>It shows one signature block's statement at a time and asks for its stance "
            f"on each part of the declaration ({escape(parts)}), with a box for why.</p>"
            f"{self.statement.value}"
        )

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        class_folder: str | Path | None = None,
        data_dir=None,
        **kwargs,
    ):
        self.data_dir = data_dir
        self.path = Path(path) if path is not None else Path.cwd() / "my_stance_coding.csv"
        self.class_folder = (
            Path(class_folder) if class_folder is not None else self.path.parent / CLASS_FOLDER
        )
        self.coding = queries.resume_coding(self.path, data_dir=data_dir)
        self.blocks = load_table("blocks", data_dir).set_index("block_id")
        signatures = load_table("signatures", data_dir)
        self.signers = signatures.groupby("block_id")["line_as_printed"].agg(", ".join)
        self.part_labels = labels("stances", "part", data_dir=data_dir)
        descriptions = queries.part_descriptions(data_dir=data_dir)
        stance_labels = labels("stances", "stance", data_dir=data_dir)
        self.block = w.Dropdown(
            options=list(self.blocks.index),
            value=queries.resume_block(self.coding, list(self.blocks.index)),
            description="Block",
        )
        self.previous = w.Button(description="◀ previous")
        self.next = w.Button(description="next ▶")
        self.statement = w.HTML()
        choices = [("— not coded yet —", ""), *((label, s) for s, label in stance_labels.items())]
        self.stances = {
            # The part's name is the dropdown's label: what a screen reader reads out.
            part: w.Dropdown(
                options=choices,
                description=self.part_labels[part],
                style={"description_width": "11em"},
                layout=w.Layout(width="28em"),
            )
            for part in self.part_labels
        }
        self.reasons = {
            part: w.Text(
                placeholder="optional",
                # Each box named by its part, so a screen reader tells the four apart.
                description=f"Why? ({self.part_labels[part]})",
                style={"description_width": "11em"},
                layout=w.Layout(width="32em"),
            )
            for part in self.part_labels
        }
        rows = [
            w.HBox(
                [
                    self.stances[p],
                    self.reasons[p],
                    w.HTML(
                        f"<small>{escape(descriptions[p])}</small>", layout=w.Layout(width="20em")
                    ),
                ]
            )
            for p in self.part_labels
        ]
        self.status = w.HTML()
        self.student = w.Text(placeholder="e.g. Anna", description="Your name")
        self.export = w.Button(description="Hand in", button_style="primary")
        self.handed_in = w.HTML()
        self.export.on_click(lambda _: self._export())
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(+1))
        self.block.observe(self._show, names="value")
        self._loading = False
        for part in self.part_labels:
            self.stances[part].observe(self._record, names="value")
            self.reasons[part].observe(self._record, names="value")
        hand_in = w.HBox([self.student, self.export])
        super().__init__(
            [
                w.HBox([self.previous, self.block, self.next]),
                self.statement,
                *rows,
                self.status,
                w.HTML("<b>Hand in to your teacher</b>"),
                hand_in,
                self.handed_in,
            ],
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
        """Where handing in writes: ``<name>.csv`` in the class folder."""
        name = (
            "".join(ch for ch in self.student.value.strip().lower() if ch.isalnum() or ch in "-_")
            or "student"
        )
        return self.class_folder / f"{name}.csv"

    def _export(self):
        if not self.student.value.strip():
            self.handed_in.value = "<p>Type your name first, then press Hand in.</p>"
            return
        self.class_folder.mkdir(parents=True, exist_ok=True)
        path = save_coding(
            self.coding.dropna(subset=["stance"]), self.export_path(), data_dir=self.data_dir
        )
        done, total = queries.coding_progress(self.coding)
        self.handed_in.value = (
            f"<p>Handed in: {done} of {total} coded, in <code>{escape(self._shown(path))}</code>. "
            "Your teacher reads this folder. Hand in again after more coding: the file is "
            "replaced.</p>"
        )

    def _shown(self, path: Path) -> str:
        # Relative to the working folder when it is inside it: no machine paths on screen.
        try:
            return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def _status(self):
        done, total = queries.coding_progress(self.coding)
        shown = self._shown(self.path)
        self.status.value = f"<p>{done} of {total} coded; saved in <code>{escape(shown)}</code></p>"
