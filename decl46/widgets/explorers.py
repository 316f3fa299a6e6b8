"""The explorers: pick, type or slide, and see the data answer.

Each explorer is an ipywidgets ``VBox`` that only wires its controls to a pure function
(:mod:`decl46.widgets.answers`, :mod:`decl46.tables`) or a chart, and shows figures as
PNG images, so it works the same in JupyterLab, in Voilà and in an exported page. Each
chart is drawn once; an update redraws only what changes (see
:mod:`decl46.plots._live_chart`).

>>> from decl46 import widgets
>>> explorer = widgets.SignatoryExplorer()
>>> explorer.look_up("Пятаков")  # as when a student types it and presses Enter
>>> "Georgy Leonidovich Pyatakov" in explorer.card.value
True
"""

from __future__ import annotations

import time
from html import escape

import ipywidgets as w
import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.plots._live_chart import LiveChart
from decl46.plots.lifelines import LifelinesChart, lifeline_parts
from decl46.plots.stances import AgreementChart
from decl46.plots.style import DPI, EXPLORER_HEIGHT_PX, FIGURE_WIDTH
from decl46.plots.timeline import TimelineChart
from decl46.tables import (
    period,
    reading_of,
    signers_with,
    stance_counts,
    timeline_categories,
    timeline_events,
)
from decl46.widgets import answers
from decl46.widgets._chart_view import ChartView
from decl46.widgets._panel import Panel


class SignatoryExplorer(Panel):
    """Type or pick a name; see a signer's statement, their block's stances, life and
    sources, highlighted on the lifelines chart under the card.

    A name is looked up when it is complete: on Enter, or when the box holds a name from
    the list (chosen, or typed in full), never on every keystroke, so a half-typed name is
    not an error. Someone the kit mentions who did not sign (Trotsky, Stalin, ...) gets a
    short, sourced answer from ``others.csv``. From Python, :meth:`look_up` does what Enter
    does.
    """

    what = "The signatory explorer"

    def snapshot(self) -> tuple[bytes, str]:
        return self.chart.png, self.chart.alt

    def __init__(self, *, dataset: Dataset | None = None, data_dir: DataDir = None, **kwargs):
        self.data = using(dataset, data_dir)
        people, others = self.data["signatories"], self.data["others"]
        options = sorted(set(people["name"]) | set(people["name_as_signed"]) | set(others["name"]))
        self._listed = {o.casefold() for o in options}
        self.name = w.Combobox(
            placeholder="Type a name in any spelling, e.g. Piatakov or Пятаков",
            options=options,
            ensure_option=False,
            description="Name",
            layout=w.Layout(width="32em"),
        )
        self.card = w.HTML()
        self.chart = ChartView()
        self._answers: dict[str, tuple[str, str | None]] = {}
        self._shown: str | None = None
        self._entered: tuple[str | None, float] = (None, 0.0)
        # The lifelines in parts, each one screen high (as notebook 04 draws them): the
        # chart shows the part of the person looked up. A part is drawn when first shown.
        self._parts = lifeline_parts(people)
        self._charts: dict[int, tuple[LiveChart, LifelinesChart]] = {}
        self.live, self.lifelines = self._part(1)
        self.name.observe(self._typed, names="value")
        self.name.on_msg(self._message)
        # The card, then the chart a column wide (drawn at the size it is shown, as every
        # figure of the kit): side by side, a 1024-pixel screen would shrink both.
        super().__init__([self.name, self.card, self.chart], **kwargs)
        self.look_up()

    def _part(self, part: int) -> tuple[LiveChart, LifelinesChart]:
        """The chart of one part of the lifelines (drawn the first time it is asked for)."""
        if part not in self._charts:
            drawn = []
            live = LiveChart(
                (FIGURE_WIDTH, EXPLORER_HEIGHT_PX / DPI),
                lambda ax: drawn.append(
                    LifelinesChart(ax, part=part, parts=len(self._parts), dataset=self.data)
                ),
            )
            self._charts[part] = (live, drawn[0])
        return self._charts[part]

    def _typed(self, change):
        # A name from the list (a choice, or typed in full) or an empty box answers at once;
        # anything else waits for Enter. The browser may send Enter before the last letters
        # typed (it holds back value updates while the kernel is busy): a name that grows
        # out of the one Enter was pressed on, just after it, is the one meant.
        typed = self.name.value.strip()
        entered, when = self._entered
        late = entered is not None and typed.startswith(entered) and time.monotonic() - when < 3
        if not typed or typed.casefold() in self._listed or late:
            self.look_up()

    def _message(self, widget, content, buffers):
        if content.get("event") == "submit":  # Enter in the name box
            self._entered = (self.name.value.strip(), time.monotonic())
            self.look_up()

    def look_up(self, name: str | None = None) -> None:
        """Answer for ``name`` (by default the name in the box), as Enter does."""
        if name is not None:
            self.name.value = name
        name = self.name.value.strip()
        if name == self._shown:
            return
        # The answer to a name is kept: going back to a name a class has just seen (as a
        # teacher does when comparing two signers) costs only the chart.
        if name not in self._answers:
            if len(self._answers) > 200:
                self._answers.clear()
            self._answers[name] = answers.name_answer(name, dataset=self.data)
        html, highlight = self._answers[name]
        self.card.value = html
        # The part with the person in it; for anyone else, the part shown already.
        part = next(
            (k for k, ids in enumerate(self._parts, start=1) if highlight in ids),
            self.lifelines.part,
        )
        self.live, self.lifelines = self._part(part)
        picture = self.live.picture(lambda: self.lifelines.highlight(highlight))
        people = self.lifelines.people
        chosen = people.loc[people["person_id"] == highlight, "name_as_signed"]
        description = (
            f"A lifelines chart, {self.lifelines.which()}: one line for each signer, from "
            "the declaration to their death, coloured by fate"
            + (f"; highlighted: {chosen.iloc[0]}." if len(chosen) else ".")
        )
        self.chart.show(picture, description)
        self._shown = name


class TimelineExplorer(Panel):
    """Choose the quarters to show (From, To) and the categories; the timeline redraws and
    lists what it shows.

    Each dropdown holds the quarters of the kit's period, labelled with the year first
    ("1923 Q4: Oct–Dec"): the arrow keys step a quarter, typing a year jumps to it, and a
    screen reader reads the dates out.
    """

    what = "The timeline explorer"

    def snapshot(self) -> tuple[bytes, str]:
        return self.chart.png, self.chart.alt

    def __init__(self, *, dataset: Dataset | None = None, data_dir: DataDir = None, **kwargs):
        self.data = using(dataset, data_dir)
        events = timeline_events(dataset=self.data)
        # The quarters of the years the events table covers (the signers' deaths may reach
        # later; they are listed when the range is moved to them).
        first, last = period(dataset=self.data)
        options = answers.quarters(first, last)
        starts = pd.DatetimeIndex([start for _, start in options])
        # At first the year around the document: from the quarter before it, four quarters.
        document_date = self.data.document_date
        middle = pd.Timestamp(document_date) if document_date else events["date"].median()
        i = min(
            int(starts.searchsorted(middle - pd.DateOffset(months=3), side="right")) - 1,
            len(starts) - 1,
        )
        i = max(i, 0)
        j = min(len(starts) - 1, i + 3)
        self.start = w.Dropdown(options=options, value=starts[i], description="From")
        self.end = w.Dropdown(options=options, value=starts[j], description="To")
        category_labels = timeline_categories(dataset=self.data)
        self.category_labels = category_labels
        # The people an event names, as the listing under the chart writes them.
        people, others = self.data["signatories"], self.data["others"]
        self.names = dict(zip(people["person_id"], people["name_as_signed"], strict=True))
        self.names.update(zip(others["person_id"], others["name"], strict=True))
        present = set(events["category"])
        self.categories = {
            c: w.Checkbox(
                value=True,
                description=category_labels[c],
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for c in events["category"].cat.categories
            if c in present
        }
        self.chart = ChartView()
        self.timeline = None
        self.live = LiveChart((FIGURE_WIDTH, EXPLORER_HEIGHT_PX / DPI), self._draw)
        self.listing = w.HTML()
        self._moving = False
        self.start.observe(self._start_moved, names="value")
        self.end.observe(self._end_moved, names="value")
        for box in self.categories.values():
            box.observe(self._update, names="value")
        boxes = w.HBox(list(self.categories.values()), layout=w.Layout(flex_flow="row wrap"))
        super().__init__(
            [w.HBox([self.start, self.end]), boxes, self.chart, self.listing], **kwargs
        )
        self._update()

    def chosen_categories(self) -> list[str]:
        return [c for c, box in self.categories.items() if box.value]

    def _start_moved(self, change):
        # A start after the end takes the end along (and the other way round): the range
        # is never empty or reversed.
        if self.start.value > self.end.value and not self._moving:
            self._moving = True
            self.end.value = self.start.value
            self._moving = False
        self._update()

    def _end_moved(self, change):
        if self._moving:
            return
        if self.end.value < self.start.value:
            self._moving = True
            self.start.value = self.end.value
            self._moving = False
        self._update()

    def _chosen_range(self) -> tuple[str, str]:
        start, end = self.start.value, self.end.value
        return start.strftime("%Y-%m-%d"), (end + pd.offsets.QuarterEnd(0)).strftime("%Y-%m-%d")

    def _draw(self, ax):
        # Every lane stays in place (the redraw keeps the lanes and their labels as
        # drawn): a category switched off leaves its lane empty, saying "not shown".
        self.timeline = TimelineChart(ax, numbered=True, span_in_title=False, dataset=self.data)
        return self.timeline.show(*self._chosen_range(), self.chosen_categories())

    def _update(self, change=None):
        start, end = self._chosen_range()
        categories = self.chosen_categories()
        # Always a picture (with empty lanes when nothing is chosen), never a broken image.
        # The date axis and the title are drawn again only when the range has changed.
        picture = self.live.picture(
            lambda: self.timeline.show_events(start, end, categories),
            layer=lambda: self.timeline.show_range(start, end),
            layer_key=(start, end),
        )
        lanes = [self.categories[c].description for c in categories]
        count = len(self.timeline.shown)
        description = (
            f"A timeline from {self.start.label} to {self.end.label}: "
            f"{count} event{'' if count == 1 else 's'} in lanes by category"
            + (f" ({', '.join(lanes)})." if lanes else "; no category chosen.")
        )
        self.chart.show(picture, description)
        # The events the chart shows (those decl46.events_between gives), listed under it.
        self.listing.value = answers.events_listing(
            self.timeline.shown,
            categories,
            list(self.timeline.named["event_id"]),
            names=self.names,
            category_labels=self.category_labels,
        )


class AgreementExplorer(Panel):
    """Pick a part of the declaration, a stance and a reading of whom a statement covers;
    see the signature lines behind it, and how many there are under the other reading."""

    what = "The agreement explorer"

    def snapshot(self) -> tuple[bytes, str]:
        return self.chart.png, self.chart.alt

    def __init__(self, *, dataset: Dataset | None = None, data_dir: DataDir = None, **kwargs):
        self.data = using(dataset, data_dir)
        self.part_labels = self.data.labels("stances", "part")
        self.stance_labels = self.data.labels("stances", "stance")
        default = reading_of(self.data, None)
        readings = [(r.label, r.value) for r in self.data.readings] or [
            (default.replace("_", " "), default)
        ]
        self.reading_labels = {value: label for label, value in readings}
        # At first the part on which the signers differ most, and its second stance.
        counts = stance_counts(dataset=self.data)
        part = (counts > 0).sum(axis=1).idxmax()
        used = [s for s in counts.columns if counts.loc[part, s] > 0]
        self.part = w.Dropdown(
            options=[(label, p) for p, label in self.part_labels.items()],
            value=part,
            description="Part",
        )
        self.stance = w.Dropdown(
            options=[(label, s) for s, label in self.stance_labels.items()],
            value=used[1] if len(used) > 1 else used[0],
            description="Stance",
        )
        self.reading = w.Dropdown(
            options=readings,
            value=readings[0][1],
            description="Whose statement",
            style={"description_width": "initial"},
        )
        self.chart = ChartView()
        self.summary = None
        self.live = LiveChart((FIGURE_WIDTH, EXPLORER_HEIGHT_PX / DPI), self._draw)
        self.listing = w.HTML()
        for control in (self.part, self.stance, self.reading):
            control.observe(self._update, names="value")
        controls = w.HBox(
            [self.part, self.stance, self.reading], layout=w.Layout(flex_flow="row wrap")
        )
        super().__init__([controls, self.chart, self.listing], **kwargs)
        self._update()

    def _draw(self, ax):
        # A bar for each reading, so the chart shows both; the one chosen is outlined.
        self.summary = AgreementChart(ax, readings=list(self.reading_labels), dataset=self.data)
        self.summary.add_key()

    def _update(self, change=None):
        part, stance, reading = self.part.value, self.stance.value, self.reading.value
        who = signers_with(part, stance, reading=reading, dataset=self.data)
        picture = self.live.picture(lambda: self.summary.highlight(part, stance, reading))
        self.chart.show(
            picture,
            "A bar chart of how the signature lines judged each part of the declaration, "
            "with a bar for each reading of whom a statement covers; outlined: "
            f"{self.stance.label.lower()} on {self.part.label.lower()}, "
            f"reading {self.reading.label.lower()}.",
        )
        title = (
            f"{len(who)} signature line{'' if len(who) == 1 else 's'}: "
            f"{self.part_labels[part]} — {self.stance_labels[stance]}"
        )
        others = [
            f"{label.lower()}: {len(signers_with(part, stance, reading=r, dataset=self.data))}"
            for r, label in self.reading_labels.items()
            if r != reading
        ]
        other = f"<p>Under the other reading ({escape('; '.join(others))}).</p>" if others else ""
        columns = ["order", "line_as_printed", "name", "block_id"]
        table = answers.table_html(who[columns]) if len(who) else ""
        self.listing.value = f"<p><b>{escape(title)}</b></p>{other}{table}"


class Reader(Panel):
    """Read the declaration paragraph by paragraph, with notes of the kinds switched on."""

    what = "The reader"

    def snapshot_html(self) -> str:
        return self.page.value

    def __init__(self, *, dataset: Dataset | None = None, data_dir: DataDir = None, **kwargs):
        self.data = using(dataset, data_dir)
        paragraphs = self.data["paragraphs"]
        self.paragraph = w.Dropdown(
            options=[
                (f"{row.paragraph_id} ({row.part if not pd.isna(row.part) else row.section})", i)
                for i, row in enumerate(paragraphs.itertuples())
            ],
            value=int((paragraphs["section"] == "body").to_numpy().argmax()),
            description="Paragraph",
        )
        self.previous = w.Button(description="◀ previous")
        self.next = w.Button(description="next ▶")
        self.kinds = {
            k: w.Checkbox(
                value=True, description=label, indent=False, layout=w.Layout(width="auto")
            )
            for k, label in self.data.labels("annotations", "kind").items()
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
        self.page.value = answers.reader_page(self.paragraph.value, kinds, dataset=self.data)

    def _look_up(self, change=None):
        hits = answers.glossary_lookup(self.search.value, dataset=self.data)
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


@data_docs
def dashboard(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> w.Tab:
    """All the explorers in tabs: the notebook 05 app.

    Parameters
    ----------
    {data_parameters}
    """
    data = using(dataset, data_dir)
    tabs = w.Tab(
        children=[
            SignatoryExplorer(dataset=data),
            AgreementExplorer(dataset=data),
            TimelineExplorer(dataset=data),
            Reader(dataset=data),
        ]
    )
    for i, title in enumerate(["Signatories", "Agreement", "Timeline", "Reader"]):
        tabs.set_title(i, title)
    return tabs
