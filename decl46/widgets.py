"""Widget explorers for class: pick, type or slide, and see the data answer.

Import this module explicitly (``from decl46 import widgets``); ``import decl46`` alone
does not load ipywidgets. Each explorer is an ipywidgets ``VBox`` that only wires its
controls to a pure function of :mod:`decl46.explore` or a plot helper, and shows figures
as PNG images, so it works the same in JupyterLab, in Voilà and in an exported page.
Each chart is drawn once; an update redraws only what changes (see
:mod:`decl46.live_chart`).

>>> from decl46 import widgets
>>> explorer = widgets.SignatoryExplorer()
>>> explorer.name.value = "Пятаков"
>>> "Georgy Leonidovich Pyatakov" in explorer.card.value
True
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd

from decl46 import explore
from decl46.live_chart import LiveChart
from decl46.loading import load_tables
from decl46.people import PersonNotFound
from decl46.plots import AgreementSummary
from decl46.reading_view import KIND_LABELS
from decl46.style import CATEGORY_LABELS, PART_LABELS, STANCE_LABELS
from decl46.time_plots import Lifelines, Timeline
from decl46.views import timeline


def _table_html(frame: pd.DataFrame) -> str:
    """A small HTML table of a frame, every value escaped."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


class SignatoryExplorer(w.VBox):
    """Type or pick a signer; see their statement, their block's stances, life and sources."""

    def __init__(self, *, data_dir=None, **kwargs):
        self.data_dir = data_dir
        people = load_tables(data_dir)["signatories"]
        options = sorted(set(people["name"]) | set(people["name_as_signed"]))
        self.name = w.Combobox(
            placeholder="Type a name in any spelling, e.g. Piatakov or Пятаков",
            options=options,
            ensure_option=False,
            description="Signatory",
            layout=w.Layout(width="32em"),
        )
        self.card = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.lifelines = None
        self.live = LiveChart((11, 12), self._draw)
        self.name.observe(self._update, names="value")
        super().__init__([self.name, w.HBox([self.card, self.chart])], **kwargs)
        self.card.layout.width = "45%"
        self.chart.layout.width = "55%"
        self.chart.layout.height = "auto"
        self.chart.layout.object_fit = "contain"
        self._update()

    def _draw(self, ax):
        self.lifelines = Lifelines(ax, data_dir=self.data_dir)

    def _update(self, change=None):
        name = self.name.value.strip()
        highlight = None
        if not name:
            self.card.value = (
                "<p>Type or choose a name: what did they sign, what became of them?</p>"
            )
        else:
            try:
                person = explore.find_person(name, data_dir=self.data_dir)
                self.card.value = explore.card_of(person, data_dir=self.data_dir)
                highlight = person["person_id"]
            except PersonNotFound as error:
                self.card.value = f"<p>{escape(str(error))}</p>"
        self.chart.value = self.live.png(lambda: self.lifelines.highlight(highlight))


class TimelineExplorer(w.VBox):
    """Choose a date range and categories; the timeline redraws and lists what it shows."""

    def __init__(self, *, data_dir=None, **kwargs):
        self.data_dir = data_dir
        months = pd.date_range("1921-01-01", "1941-12-01", freq="MS")
        self.range = w.SelectionRangeSlider(
            options=[(m.strftime("%b %Y"), m) for m in months],
            index=(
                months.get_loc(pd.Timestamp("1923-07-01")),
                months.get_loc(pd.Timestamp("1924-06-01")),
            ),
            description="Dates",
            layout=w.Layout(width="95%"),
        )
        categories = timeline(data_dir=data_dir)["category"].cat.categories
        self.categories = {
            c: w.Checkbox(
                value=True,
                description=CATEGORY_LABELS[c],
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for c in categories
        }
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.timeline = None
        self.live = LiveChart((12, 8), self._draw)
        self.listing = w.HTML()
        self.range.observe(self._update, names="value")
        for box in self.categories.values():
            box.observe(self._update, names="value")
        boxes = w.HBox(list(self.categories.values()), layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.range, boxes, self.chart, self.listing], **kwargs)
        self._update()

    def chosen_categories(self) -> list[str]:
        return [c for c, box in self.categories.items() if box.value]

    def _chosen_range(self) -> tuple[str, str]:
        start, end = self.range.value
        return start.strftime("%Y-%m-%d"), (end + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")

    def _draw(self, ax):
        # Every lane stays in place: a category switched off leaves its lane empty.
        self.timeline = Timeline(ax, data_dir=self.data_dir)
        return self.timeline.show(*self._chosen_range(), self.chosen_categories())

    def _update(self, change=None):
        start, end = self._chosen_range()
        categories = self.chosen_categories()
        shown = explore.events_between(start, end, categories, data_dir=self.data_dir)
        if shown.empty:
            self.chart.value = b""
            self.listing.value = "<p>No event in this range and these categories.</p>"
            return
        self.chart.value = self.live.png(lambda: self.timeline.show(start, end, categories))
        listing = shown.assign(date=shown["date"].dt.strftime("%Y-%m-%d"))[
            ["date", "category", "title"]
        ]
        self.listing.value = f"<p>{len(shown)} events shown:</p>" + _table_html(listing)


class AgreementExplorer(w.VBox):
    """Pick a part of the declaration and a stance; see who signed under it."""

    def __init__(self, *, data_dir=None, **kwargs):
        self.data_dir = data_dir
        self.part = w.Dropdown(
            options=[(label.replace("\n", " "), part) for part, label in PART_LABELS.items()],
            value="party_regime",
            description="Part",
        )
        self.stance = w.Dropdown(
            options=[(label, stance) for stance, label in STANCE_LABELS.items()],
            value="agrees_with_reservations",
            description="Stance",
        )
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.summary = None
        self.live = LiveChart((11, 5), self._draw)
        self.listing = w.HTML()
        self.part.observe(self._update, names="value")
        self.stance.observe(self._update, names="value")
        super().__init__([w.HBox([self.part, self.stance]), self.chart, self.listing], **kwargs)
        self._update()

    def _draw(self, ax):
        self.summary = AgreementSummary(ax, data_dir=self.data_dir)

    def _update(self, change=None):
        part, stance = self.part.value, self.stance.value
        who = explore.signers_with(part, stance, data_dir=self.data_dir)
        self.chart.value = self.live.png(lambda: self.summary.highlight(part, stance))
        part_label = PART_LABELS[part].replace("\n", " ")
        title = f"{len(who)} signature lines: {part_label} — {STANCE_LABELS[stance]}"
        table = (
            _table_html(who[["order", "line_as_printed", "name", "block_id"]]) if len(who) else ""
        )
        self.listing.value = f"<p><b>{escape(title)}</b></p>{table}"


class Reader(w.VBox):
    """Read the declaration paragraph by paragraph, with notes of the kinds switched on."""

    def __init__(self, *, data_dir=None, **kwargs):
        self.data_dir = data_dir
        paragraphs = load_tables(data_dir)["paragraphs"]
        self.paragraph = w.Dropdown(
            options=[
                (f"{row.paragraph_id} ({row.part if not pd.isna(row.part) else row.section})", i)
                for i, row in enumerate(paragraphs.itertuples())
            ],
            value=4,
            description="Paragraph",
        )
        self.previous = w.Button(description="◀ previous")
        self.next = w.Button(description="next ▶")
        self.kinds = {
            k: w.Checkbox(
                value=True, description=label, indent=False, layout=w.Layout(width="auto")
            )
            for k, label in KIND_LABELS.items()
        }
        self.search = w.Text(placeholder="Look up a term, e.g. chervonets", description="Glossary")
        self.definitions = w.HTML()
        self.page = w.HTML()
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(+1))
        self.paragraph.observe(self._update, names="value")
        for box in self.kinds.values():
            box.observe(self._update, names="value")
        self.search.observe(self._look_up, names="value")
        controls = w.HBox([self.previous, self.paragraph, self.next])
        kinds = w.HBox(list(self.kinds.values()))
        super().__init__([controls, kinds, self.page, self.search, self.definitions], **kwargs)
        self._update()

    def _step(self, delta: int):
        last = len(self.paragraph.options) - 1
        self.paragraph.value = max(0, min(last, self.paragraph.value + delta))

    def _update(self, change=None):
        kinds = [k for k, box in self.kinds.items() if box.value]
        self.page.value = explore.reader_page(self.paragraph.value, kinds, data_dir=self.data_dir)

    def _look_up(self, change=None):
        hits = explore.glossary_lookup(self.search.value, data_dir=self.data_dir)
        if not self.search.value.strip():
            self.definitions.value = ""
        elif hits.empty:
            self.definitions.value = (
                f"<p>No glossary entry mentions “{escape(self.search.value)}”.</p>"
            )
        else:
            self.definitions.value = "".join(
                f"<p><b>{escape(row.term)}</b>: {escape(row.definition)}</p>"
                for row in hits.itertuples()
            )


def dashboard(*, data_dir=None) -> w.Tab:
    """All the explorers in tabs: the notebook 05 app."""
    tabs = w.Tab(
        children=[
            SignatoryExplorer(data_dir=data_dir),
            AgreementExplorer(data_dir=data_dir),
            TimelineExplorer(data_dir=data_dir),
            Reader(data_dir=data_dir),
        ]
    )
    for i, title in enumerate(["Signatories", "Agreement", "Timeline", "Reader"]):
        tabs.set_title(i, title)
    return tabs


class CodingWidget(w.VBox):
    """Code the 13 blocks yourself, one at a time; every change is saved to your own CSV.

    ``path`` is where the coding is kept (by default ``my_stance_coding.csv`` in the
    folder the notebook runs in); if the file exists the widget resumes from it.
    """

    def __init__(self, path: str | Path | None = None, *, data_dir=None, **kwargs):
        from decl46 import coding as c

        self.data_dir = data_dir
        self.path = Path(path) if path is not None else Path.cwd() / "my_stance_coding.csv"
        self.coding = c.resume_coding(self.path, data_dir=data_dir)
        tables = load_tables(data_dir)
        self.blocks = tables["blocks"].set_index("block_id")
        self.signers = tables["signatures"].groupby("block_id")["line_as_printed"].agg(", ".join)
        self.block = w.Dropdown(options=list(self.blocks.index), description="Block")
        self.previous = w.Button(description="◀ previous")
        self.next = w.Button(description="next ▶")
        self.statement = w.HTML()
        choices = [("— not coded yet —", ""), *((label, s) for s, label in STANCE_LABELS.items())]
        self.stances = {
            part: w.Dropdown(options=choices, layout=w.Layout(width="16em")) for part in PART_LABELS
        }
        self.reasons = {
            part: w.Text(placeholder="why? (optional)", layout=w.Layout(width="30em"))
            for part in PART_LABELS
        }
        rows = [
            w.HBox(
                [
                    w.HTML(
                        f"<b>{escape(PART_LABELS[p].replace(chr(10), ' '))}</b><br>"
                        f"<small>{escape(c.PART_DESCRIPTIONS[p])}</small>",
                        layout=w.Layout(width="26em"),
                    ),
                    self.stances[p],
                    self.reasons[p],
                ]
            )
            for p in PART_LABELS
        ]
        self.status = w.HTML()
        self.student = w.Text(placeholder="your name", description="Hand in as")
        self.export = w.Button(description="Save a copy for the teacher")
        self.export.on_click(lambda _: self._export())
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(+1))
        self.block.observe(self._show, names="value")
        self._loading = False
        for part in PART_LABELS:
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
        for part in PART_LABELS:
            stance = rows.loc[part, "stance"]
            self.stances[part].value = "" if pd.isna(stance) else str(stance)
            reason = rows.loc[part, "justification"]
            self.reasons[part].value = "" if pd.isna(reason) else reason
        self._loading = False
        self._status()

    def _record(self, change=None):
        if self._loading:
            return
        from decl46 import coding as c

        for part in PART_LABELS:
            self.coding = c.set_code(
                self.coding,
                self.block.value,
                part,
                self.stances[part].value or None,
                self.reasons[part].value,
            )
        c.save_coding(self.coding.dropna(subset=["stance"]), self.path, data_dir=self.data_dir)
        self._status()

    def export_path(self) -> Path:
        """Where :meth:`_export` writes: ``<name>.csv`` beside the working file."""
        name = (
            "".join(ch for ch in self.student.value.strip().lower() if ch.isalnum() or ch in "-_")
            or "student"
        )
        return self.path.parent / f"{name}.csv"

    def _export(self):
        from decl46 import coding as c

        path = c.save_coding(
            self.coding.dropna(subset=["stance"]), self.export_path(), data_dir=self.data_dir
        )
        self.status.value += f"<p>A copy for the teacher: <code>{escape(str(path))}</code></p>"

    def _status(self):
        from decl46.coding import coding_progress

        done, total = coding_progress(self.coding)
        # The file name alone when it is in the working folder: no machine paths on screen.
        shown = self.path.name if self.path.parent == Path.cwd() else str(self.path)
        self.status.value = f"<p>{done} of {total} coded; saved in <code>{escape(shown)}</code></p>"
