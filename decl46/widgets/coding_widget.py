"""The coding widget: students code the signature blocks themselves, block by block.

Every change is saved at once, atomically, to the student's own CSV file (never into the
kit's data), so closing the notebook or a killed kernel loses nothing, and the widget
resumes from the file at the block where the student stopped. Handing in writes a copy
named after the student into the class folder: on a JupyterHub named by the signed-in
user, elsewhere by the name typed; a hand-in of the same name is never replaced without
the student saying it is theirs. The coding is kept by the pure functions of
:mod:`decl46.codings`; agreement with the kit's coding and between students is
:mod:`decl46.agreement`.

The widget is laid out for a notebook column 592 pixels wide (JupyterLab at 1024×768 with
the file browser open): each part of the declaration is a block of its own, its name, the
stance and the reason one under the other.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from decl46.codings import (
    HandInRefused,
    coding_progress,
    hand_in,
    handin_folder,
    hub_user,
    resume_block,
    resume_coding,
    save_coding,
    set_code,
)
from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.widgets._panel import Panel
from decl46.widgets.answers import part_descriptions

# "auto", not "100%": the column stretches each child to its width less the child's own
# margin, where 100% would add the margin and overflow the column by it.
FULL = w.Layout(width="auto")
STACKED = {"description_width": "initial"}


@data_docs
class CodingWidget(Panel):
    """Code the signature blocks yourself, one at a time; every change is saved to your own CSV.

    Parameters
    ----------
    path : str or path, optional
        Where the coding is kept (by default ``my_stance_coding.csv`` in the folder the
        notebook runs in); if the file exists the widget resumes from it, at the block
        where the student stopped. A file that cannot be read is kept aside, never lost,
        and the widget opens all the same, saying so.
    class_folder : str or path, optional
        Where "Hand in" writes: by default ``$DECL46_HANDIN_DIR`` (a hub sets it), else
        ``class_codings/`` beside the working file, the folder that
        :func:`decl46.read_class_codings` reads when no folder is given.
    {data_parameters}
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
        path: str | os.PathLike | None = None,
        *,
        class_folder: str | os.PathLike | None = None,
        dataset: Dataset | None = None,
        data_dir: DataDir = None,
        **kwargs,
    ):
        data = using(dataset, data_dir)
        self.data = data
        self.path = Path(path) if path is not None else Path.cwd() / "my_stance_coding.csv"
        self.class_folder = (
            Path(class_folder) if class_folder is not None else handin_folder(self.path)
        )
        resumed = resume_coding(self.path, dataset=data)
        self.coding = resumed.coding
        self.blocks = data["blocks"].set_index("block_id")
        signatures = data["signatures"]
        self.signers = signatures.groupby("block_id")["line_as_printed"].agg(", ".join)
        self.part_labels = data.labels("stances", "part")
        descriptions = part_descriptions(dataset=data)
        stance_labels = data.labels("stances", "stance")
        self.block = w.Dropdown(
            options=list(self.blocks.index),
            value=resume_block(self.coding, list(self.blocks.index)),
            description="Block",
            layout=w.Layout(width="11em"),
        )
        self.previous = w.Button(description="◀ previous", layout=w.Layout(width="auto"))
        self.next = w.Button(description="next ▶", layout=w.Layout(width="auto"))
        self.statement = w.HTML(layout=FULL)
        choices = [("— not coded yet —", ""), *((label, s) for s, label in stance_labels.items())]
        self.stances = {
            # The part's name is the dropdown's label: what a screen reader reads out.
            part: w.Dropdown(options=choices, description="Stance", style=STACKED, layout=FULL)
            for part in self.part_labels
        }
        for part, label in self.part_labels.items():
            self.stances[part].description = f"{label}: stance"
        self.reasons = {
            part: w.Text(
                placeholder="optional: a few words",
                # Each box named by its part, so a screen reader tells the four apart.
                description=f"{self.part_labels[part]}: why?",
                style=STACKED,
                layout=FULL,
            )
            for part in self.part_labels
        }
        rows = [
            w.VBox(
                [
                    w.HTML(
                        f"<b>{escape(self.part_labels[p])}</b> "
                        f"<small>{escape(descriptions[p])}</small>",
                        layout=FULL,
                    ),
                    self.stances[p],
                    self.reasons[p],
                ],
                layout=w.Layout(width="auto", border_top="1px solid #ccc", padding="4px 0"),
            )
            for p in self.part_labels
        ]
        self.status = w.HTML(layout=FULL)
        user = hub_user()
        self.student = w.Text(
            value=user or "",
            placeholder="e.g. Anna Petrova",
            description="Your name",
            disabled=user is not None,
            layout=w.Layout(width="100%", max_width="24em"),
        )
        self.replace = w.Checkbox(
            value=False,
            description="Replace my earlier hand-in",
            indent=False,
            layout=w.Layout(width="auto", display="none"),
        )
        self.export = w.Button(description="Hand in", button_style="primary")
        self.handed_in = w.HTML(layout=FULL)
        self._handed: tuple[Path, int] | None = None  # what this widget last handed in
        self.export.on_click(lambda _: self._hand_in())
        self.student.observe(self._name_changed, names="value")
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(+1))
        self.block.observe(self._show, names="value")
        self._loading = False
        for part in self.part_labels:
            self.stances[part].observe(self._record, names="value")
            self.reasons[part].observe(self._record, names="value")
        wrap = w.Layout(flex_flow="row wrap", width="100%", align_items="center")
        super().__init__(
            [
                w.HBox([self.previous, self.block, self.next], layout=wrap),
                self.statement,
                *rows,
                self.status,
                w.HTML("<b>Hand in to your teacher</b>"),
                w.HBox([self.student, self.export], layout=wrap),
                self.replace,
                self.handed_in,
            ],
            layout=w.Layout(width="100%", max_width="592px"),
            **kwargs,
        )
        self._show()
        if resumed.problem:
            self.status.value = (
                f"<p><b>Your saved coding could not be read</b>: {escape(resumed.problem)}. "
                "The widget starts again; nothing was deleted.</p>"
            )

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
            self.coding = set_code(
                self.coding,
                self.block.value,
                part,
                self.stances[part].value or None,
                self.reasons[part].value,
            )
        try:
            save_coding(self.coding, self.path, dataset=self.data)
        except (OSError, ValueError) as error:
            self.status.value = f"<p><b>Not saved</b>: {escape(str(error))}</p>"
            return
        self._status()

    def _name_changed(self, change=None):
        self.replace.value = False
        self.replace.layout.display = "none"
        self.handed_in.value = ""

    def _hand_in(self):
        # The widget's own earlier hand-in (same file, not changed since) may be replaced
        # without asking; any other file of that name only when the student says so.
        self.handed_in.value = ""
        try:
            mine = self._handed is not None and self._handed == _identity(
                self.class_folder, self.student.value
            )
            path = hand_in(
                self.coding,
                self.student.value,
                folder=self.class_folder,
                replace=mine or self.replace.value,
                dataset=self.data,
            )
        except HandInRefused as refused:
            self.handed_in.value = f"<p><b>Not handed in.</b> {escape(str(refused))}</p>"
            if "already" in str(refused):
                self.replace.layout.display = "flex"
            return
        except OSError as error:
            self.handed_in.value = f"<p><b>Not handed in</b>: {escape(str(error))}</p>"
            return
        self._handed = _identity(self.class_folder, self.student.value)
        self.replace.value = False
        self.replace.layout.display = "none"
        done, total = coding_progress(self.coding)
        self.handed_in.value = (
            f"<p>Handed in: {done} of {total} coded, in <code>{escape(self._shown(path))}</code>. "
            "Your teacher reads this folder. Hand in again after more coding: your file is "
            "replaced.</p>"
        )

    def _shown(self, path: Path) -> str:
        # Relative to the working folder when it is inside it: no machine paths on screen.
        try:
            return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def _status(self):
        done, total = coding_progress(self.coding)
        shown = self._shown(self.path)
        self.status.value = f"<p>{done} of {total} coded; saved in <code>{escape(shown)}</code></p>"


def _identity(folder: Path, name: str) -> tuple[Path, int] | None:
    """The hand-in file a name leads to and its inode, or None when there is none."""
    from decl46.codings import handin_name

    try:
        path = folder / handin_name(name)
        return path, os.lstat(path).st_ino
    except (HandInRefused, OSError):
        return None
