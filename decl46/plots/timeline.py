"""The timeline figure: events in lanes by category, as precisely as each date is known.

:func:`plot_timeline` draws the events it is given (``data=``, any table in the shape of
:func:`decl46.timeline_events`), or the kit's events and the signers' deaths, on the axes it
is given or on a new figure sized for a projector, and returns the axes. It is built on
:class:`TimelineChart`, which the timeline explorer keeps and updates in place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.dates import end_of, format_partial_date, last_day, overlapping
from decl46.plots.style import (
    CATEGORY_COLOURS,
    COLUMN_WIDTH_PX,
    DPI,
    MAX_HEIGHT_PX,
    colour_of,
    counted,
    legend_below,
    new_axes,
    renderer_of,
    set_alt_text,
    set_title,
    settle_layout,
    styled,
    wrapped,
)
from decl46.plots.timeline_stars import STAR_PX, number_stars
from decl46.tables import period, timeline_categories, timeline_events

# Heights on screen, in pixels, of what a timeline figure stacks (see style.py): the title,
# the key to the marks above the lanes, a lane (when the screen has room), the date axis, a
# line of the numbered key under it, and the margins.
_TITLE_PX, _KEY_PX, LANE_PX, _AXIS_PX, _KEY_LINE_PX, _MARGINS_PX = 26, 24, 30, 24, 17, 16
# The least height of a lane: a star four fifths of it, and a number beside it.
MIN_LANE_PX = 22


@styled
@data_docs
def plot_timeline(
    data: pd.DataFrame | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    categories: list[str] | None = None,
    highlight: tuple[str, ...] | None = None,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
):
    """Events in lanes by category, with how precisely each date is known.

    A filled dot is an event known to the day; a pale band with a hollow dot, one known
    only to the month or year (it happened somewhere in the band); a bar, an event that
    lasted several days. The highlighted events (by default those marked ``highlight``
    in the events table: the ones the lessons talk about) are numbered stars, listed
    with their dates and titles in a key under the figure. Stars closer together than a
    star is wide are drawn as one star with both numbers. Only the categories that have
    an event in the range get a lane.

    Parameters
    ----------
    data : DataFrame, optional
        The events to draw, in the shape of :func:`decl46.timeline_events` (event_id, date,
        date_precision, end_date, title, category, highlight): a selection of them, or a
        teacher's own; by default the kit's events and the signers' deaths.
    start, end : str, optional
        Show only what overlaps this range (ISO dates, e.g. ``"1923-06"``); by default
        the years the events table covers (:func:`decl46.tables.period`). ``"all"``
        shows everything, the signers' later deaths included.
    categories : list of str, optional
        Lanes to show (the events' categories: see ``decl46.vocabulary("events", "category")``).
    highlight : tuple of str, optional
        Event ids to draw as numbered stars, instead of those marked in the data.
    ax : matplotlib Axes, optional
        Draw here; by default on a new figure a notebook column wide and at most one
        screen high.
    {data_parameters}

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_timeline(start="1923-07", end="1924-01")
    >>> ax.get_title()
    'Timeline of the opposition, 1923–1924'
    """
    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(f"data= takes a table of events, not {type(data).__name__}")
    data_ = using(dataset, data_dir)
    first, last = period(dataset=data_)
    start = first if start is None else None if start == "all" else start
    end = last if end is None else None if end == "all" else end
    events = _with_last_day(timeline_events(dataset=data_) if data is None else data)
    if categories is not None:
        unknown = sorted(set(categories) - set(events["category"].cat.categories))
        if unknown:
            raise ValueError(
                f"no category {', '.join(unknown)}; the categories are: "
                + ", ".join(events["category"].cat.categories)
            )
    in_range = events[overlapping(events, start, end)]
    # A lane for each category chosen that has an event in the range, and no other.
    lanes = [
        c
        for c in events["category"].cat.categories
        if (categories is None or c in categories) and (in_range["category"] == c).any()
    ]
    starred = (
        highlight
        if highlight is not None
        else tuple(events.loc[events["highlight"].fillna(False), "event_id"])
    )
    named = in_range[in_range["category"].isin(lanes) & in_range["event_id"].isin(starred)]
    key = _key_labels(named.sort_values("date", kind="stable"))
    # The key in the figure while it is short; a longer one (a teacher's many stars) is
    # the list in the text version under the figure, and the figure says so.
    lines = sum(label.count("\n") + 1 for label in key) if len(key) <= KEY_LINES else 1
    fixed = _TITLE_PX + _KEY_PX + _AXIS_PX + _KEY_LINE_PX * lines + _MARGINS_PX
    # Lanes as high as one screen allows, between LANE_PX and MIN_LANE_PX: more lanes
    # than that allows (a teacher's many categories) make the figure taller than a screen.
    lane = min(LANE_PX, max(MIN_LANE_PX, (MAX_HEIGHT_PX - fixed) / max(len(lanes), 1)))
    ax = new_axes(ax, (fixed + lane * max(len(lanes), 1)) / DPI, one_screen=False)
    chart = TimelineChart(ax, events, lanes=lanes, highlight=highlight, dataset=data_)
    chart.show(start, end)
    if len(chart.named):
        _numbered_key(ax, _key_labels(chart.named))
    # The stars and their numbers are placed where the final layout puts the lanes.
    settle_layout(ax.figure)
    chart.show(start, end)
    shown = chart.events[overlapping(chart.events, start, end)]
    _describe_timeline(ax, chart, shown)
    return ax


# The most lines the key to the numbered stars takes in the figure.
KEY_LINES = 6


def _key_labels(named: pd.DataFrame) -> list[str]:
    """Each numbered event's date and title, in lines that fit the figure's width (DejaVu
    Sans averages under 7.6 px a character at 10 points; the number stands before)."""
    width = int((COLUMN_WIDTH_PX - 40) / 7.6)
    return [wrapped(f"{_when(e)}: {e['title']}", width) for _, e in named.iterrows()]


def _numbered_key(ax, labels: list[str]) -> None:
    """The key to the numbered stars, under the figure: each number with the event's date
    and title; or, for more than fit, a line saying where they are listed."""
    from matplotlib.lines import Line2D

    if sum(label.count("\n") + 1 for label in labels) > KEY_LINES or len(labels) > KEY_LINES:
        star = {"ls": "", "marker": "*", "ms": 13, "color": "0.3", "mec": "black"}
        handles = [Line2D([], [], label="numbered: listed under the figure", **star)]
    else:
        handles = [
            Line2D([], [], ls="", marker=f"${n}$", ms=8, color="black", label=label)
            for n, label in enumerate(labels, start=1)
        ]
    legend_below(ax, handles, 1)


def _describe_timeline(ax, chart: TimelineChart, shown: pd.DataFrame) -> None:
    """The timeline's alt text (its range, lanes and labelled events) and text version
    (how many events in each lane, and the labelled ones with their dates)."""
    lanes = [c for c in sorted(chart.lane_y, key=chart.lane_y.get, reverse=True)]
    starred = chart.named  # by number
    named = "; ".join(
        f"{n}. {e['title']} ({_when(e)})" for n, (_, e) in enumerate(starred.iterrows(), start=1)
    )
    title = ax.get_title().replace("\n", " ")
    alt = (
        f"{title}: {counted(len(shown), 'event')} on a time axis, in "
        f"{counted(len(lanes), 'lane')} by kind ("
        + ", ".join(chart.category_labels[c].lower() for c in lanes)
        + ")."
        + (f" Numbered stars: {named}." if named else "")
    )
    counts = shown["category"].value_counts()
    lines = [f"**Text version.** {title}, {counted(len(shown), 'event')}:", ""]
    lines += [
        f"- {chart.category_labels[c]}: {counted(int(counts.get(c, 0)), 'event')}" for c in lanes
    ]
    if len(starred):
        lines += ["", "Numbered stars:", ""]
        lines += [
            f"{n}. {_when(e)}: {e['title']}" for n, (_, e) in enumerate(starred.iterrows(), start=1)
        ]
    set_alt_text(ax, alt, "\n".join(lines))


def _either(labels: list[str]) -> str:
    """Labels said as one: their common first words, then the rest joined by "or".

    >>> _either(["seen on the hill", "seen on the shore"])
    'seen on the hill or shore'
    """
    words = [label.split() for label in labels]
    common = 0
    while all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
        common += 1
    head = " ".join(words[0][:common])
    return (head + " " if head else "") + " or ".join(" ".join(w[common:]) for w in words)


def _when(event) -> str:
    """An event's date as precisely as it is known ('8 October 1923', 'August 1923')."""
    return format_partial_date(event["date"], event["date_precision"])


def _with_last_day(events: pd.DataFrame) -> pd.DataFrame:
    """Events with ``last``, the last day each covers."""
    events = events.copy()
    if "highlight" not in events.columns:
        events["highlight"] = False
    events["last"] = last_day(events)
    return events


class _Marks:
    """One collection of timeline marks (dots, stars, bars or bands), which event each
    mark stands for, and each mark's data and colour, so that :meth:`show` can keep only
    the events chosen."""

    def __init__(self, artist, rows, data, colours):
        self.artist, self.rows, self.data, self.colours = artist, rows, data, colours

    def show(self, chosen: np.ndarray) -> None:
        """Draw the marks of the events where ``chosen`` (one flag per event) is true."""
        keep = chosen[self.rows]
        if hasattr(self.artist, "set_segments"):
            self.artist.set_segments(list(self.data[keep]))
            self.artist.set_colors(self.colours[keep])
        else:
            self.artist.set_offsets(self.data[keep].reshape(-1, 2))
            self.artist.set_facecolors(self.colours[keep])


class TimelineChart:
    """The timeline, drawn on ``ax`` with one lane per category; :meth:`show` chooses the
    range and the lanes whose events are visible.

    All events are drawn as five collections (bars, bands, filled and hollow dots, stars)
    whose contents :meth:`show` replaces, so the explorer can redraw the timeline for a new
    range quickly (see :mod:`decl46.plots._live_chart`). The lanes stay where they are
    drawn: a lane whose category is not chosen is left empty and says so.

    The highlighted events are numbered stars, numbered by date. A star is as wide as a
    lane allows (at most :data:`STAR_PX`) and stays inside its lane; stars of one lane
    closer together than that are drawn as one star carrying both numbers, and each
    number stands beside its star, inside the lane, clear of every other star and number.
    """

    def __init__(
        self,
        ax,
        events: pd.DataFrame | None = None,
        *,
        lanes: list[str] | None = None,
        highlight: tuple[str, ...] | None = None,
        numbered: bool = True,
        span_in_title: bool = True,
        dataset: Dataset | None = None,
        data_dir: DataDir = None,
    ):
        import matplotlib.dates as mdates

        data = using(dataset, data_dir)
        events = _with_last_day(timeline_events(dataset=data) if events is None else events)
        self.category_labels = timeline_categories(dataset=data)
        if lanes is None:
            present = set(events["category"])
            lanes = [c for c in events["category"].cat.categories if c in present]
        if highlight is None:
            highlight = tuple(events.loc[events["highlight"].fillna(False), "event_id"])
        self.ax = ax
        self.events = events[events["category"].isin(lanes)].reset_index(drop=True)
        self.highlight = highlight
        # Numbers beside the stars (their titles are listed under the figure, or under
        # the explorer's chart): a column-wide figure has no room for titles in its lanes.
        # Without numbers the stars are placed all the same (one for stars that touch).
        self.numbered = numbered
        # The title names the years shown; a chart whose range moves often (the explorer)
        # names them in the axis label instead and keeps one title, so that moving the
        # range redraws less (a title in bold costs as much as the axis).
        self.span_in_title = span_in_title
        self.lanes = list(lanes)
        self.lane_y = {c: i for i, c in enumerate(reversed(lanes))}
        self.marks = self._draw_events()
        self.labels: list = []
        self._numbers: list = []  # the number texts made so far, reused by each show
        self.shown = self.events
        self.named = self.events.iloc[0:0]
        self.stars: list[list[str]] = []
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        # A range of two to three years has too few whole years for three ticks and too
        # many months for six ticks at matplotlib's widest monthly step (6): a yearly step
        # in months fills the gap (instead of a warning and a guess).
        locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
        ax.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator)
        # The years are in the tick labels and the title; the offset ("1923-Oct") that
        # matplotlib would write past the axis's right end says nothing more.
        formatter.show_offset = False
        ax.xaxis.set_major_formatter(formatter)
        ax.set_yticks(range(len(lanes)), [self.category_labels[c] for c in reversed(lanes)])
        ax.tick_params(axis="y", length=0)
        # Each lane one unit high, none empty above or below: a star and its number stay
        # inside their lane (see _number_stars).
        ax.set_ylim(-0.5, max(len(lanes), 1) - 0.5)
        ax.grid(axis="x", color="0.9")
        # What an empty lane means (in the explorer, whose lanes stay): its category is
        # switched off, or nothing of it happened in the range shown.
        self._off = {
            c: ax.text(
                0.5,
                y,
                "not shown",
                transform=ax.get_yaxis_transform(),
                ha="center",
                va="center",
                color="0.35",
                fontstyle="italic",
                visible=False,
                in_layout=False,
            )
            for c, y in self.lane_y.items()
        }
        if not lanes:
            ax.text(0.5, 0.5, "No event to show", transform=ax.transAxes, ha="center")
        self._key(data)
        if not span_in_title:
            set_title(ax, "Timeline of the opposition", pad=self._title_pad)

    def _key(self, data: Dataset) -> None:
        """The key to the marks, in one row between the title and the lanes."""
        from matplotlib.legend_handler import HandlerTuple
        from matplotlib.lines import Line2D
        from matplotlib.transforms import blended_transform_factory

        ax = self.ax
        precision = data.labels("events", "date_precision")
        dot = {"marker": "o", "ls": "", "ms": 8, "mec": "0.2", "mew": 1.5}
        handles = [
            Line2D([], [], color="0.3", **dot),
            (
                Line2D([], [], color="0.3", lw=9, alpha=0.25),
                Line2D([], [], mfc="white", **dot),
            ),
            Line2D([], [], color="0.3", lw=7),
        ]
        labels = [
            precision["day"],
            _either([label for p, label in precision.items() if p != "day"]),
            "lasted several days",
        ]
        figure = ax.figure
        # From the figure's left edge, just above the lanes, whatever the layout makes of
        # the axes (the lane labels leave that corner free).
        key = ax.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.005, 1.0),
            bbox_transform=blended_transform_factory(figure.transFigure, ax.transAxes),
            ncol=3,
            frameon=False,
            borderaxespad=0.2,
            handler_map={tuple: HandlerTuple(ndivide=1, pad=0)},
            handlelength=1.1,
            handletextpad=0.6,
            columnspacing=1.0,
        )
        # Out of the layout's sums (it would narrow the axes to the key's width): the
        # title's pad makes its room.
        key.set_in_layout(False)
        self.key = key
        box = key.get_window_extent(renderer_of(figure))
        height = box.height
        # The title above the key (in points from the top of the axes).
        self._title_pad = height * 72 / figure.dpi + 6

    def _draw_events(self) -> list[_Marks]:
        """Every event in its lane: bars for spans, pale bands for dates known to the month
        or year, filled or hollow dots, and stars for the highlighted events. One artist per
        kind of mark for all lanes, so that a redraw stays quick."""
        import matplotlib.dates as mdates
        from matplotlib.collections import LineCollection

        ax, events = self.ax, self.events
        y = events["category"].map(self.lane_y).astype(float).to_numpy()
        colour = np.array(
            [colour_of(CATEGORY_COLOURS, c, self.category_labels) for c in events["category"]],
            dtype=object,
        ).astype(str)
        first, last = mdates.date2num(events["date"]), mdates.date2num(events["last"])
        is_span = events["end_date"].notna().to_numpy()
        exact = (events["date_precision"].astype(str) == "day").to_numpy()
        middle = np.where(exact | is_span, first, (first + last) / 2)
        starred = events["event_id"].isin(self.highlight).to_numpy()
        rows = np.arange(len(events))
        segments = np.stack([np.column_stack([first, y]), np.column_stack([last, y])], axis=1)
        points = np.column_stack([middle, y])
        self._middle = middle
        marks = []
        for mask, style in [
            (is_span, {"linewidths": 7, "capstyle": "butt"}),
            (~is_span & ~exact, {"linewidths": 9, "alpha": 0.25}),
        ]:
            lines = ax.add_collection(LineCollection([], zorder=2, **style), autolim=False)
            marks.append(_Marks(lines, rows[mask], segments[mask], colour[mask]))
        for mask, filled in [(exact & ~starred, True), (~exact & ~starred, False)]:
            dots = ax.scatter([], [], s=64, edgecolors="0.2", linewidths=1.5, zorder=4)
            face = colour[mask] if filled else np.full(int(mask.sum()), "white")
            marks.append(_Marks(dots, rows[mask], points[mask], face))
        stars = ax.scatter([], [], s=STAR_PX**2, marker="*", edgecolors="black", zorder=5)
        marks.append(_Marks(stars, rows[starred], points[starred], colour[starred]))
        self._colour, self._first, self._last = colour, first, last
        return marks

    def show(
        self,
        start: str | None = None,
        end: str | None = None,
        categories: list[str] | None = None,
    ) -> list:
        """Show the range from ``start`` to the end of ``end`` and only the lanes in
        ``categories`` (all when ``None``); return the artists that changed: the date
        axis, the title, every lane's marks and the numbers beside the stars. The events
        shown are left in :attr:`shown`, the numbered ones, by number, in :attr:`named`."""
        self._choose(start, end, categories)
        return [*self.show_range(start, end), *self._label()]

    def show_range(self, start: str | None = None, end: str | None = None) -> list:
        """Set the date axis and the title to the range (by default that of the events
        last shown) and return them (the title only when it names the years, otherwise
        the axis label does): a chart that keeps its range while its lanes change (the
        explorer) need not draw them again."""
        everything = self.shown if len(self.shown) else self.events
        if not len(everything) and not (start and end):
            return [self.ax.xaxis]
        lo = pd.Timestamp(start) if start else everything["date"].min()
        hi = end_of(end) if end else everything["last"].max()
        # Room at both ends for half a star.
        pad = (hi - lo) * 0.04
        self.ax.set_xlim(lo - pad, hi + pad)
        span = f"{lo.year}" if lo.year == hi.year else f"{lo.year}–{hi.year}"
        if not self.span_in_title:
            # The years in the axis label, which is drawn with the axis anyway.
            self.ax.set_xlabel(f"Date ({span})")
            return [self.ax.xaxis]
        set_title(self.ax, f"Timeline of the opposition, {span}", pad=self._title_pad)
        return [self.ax.xaxis, self.ax.title]

    def show_events(
        self,
        start: str | None = None,
        end: str | None = None,
        categories: list[str] | None = None,
    ) -> list:
        """Show the events of the range and the lanes in ``categories`` on the date axis
        as :meth:`show_range` has set it; return every lane's marks and the numbers."""
        self._choose(start, end, categories)
        return self._label()

    def _choose(self, start, end, categories) -> None:
        chosen = overlapping(self.events, start, end)
        if categories is not None:
            chosen &= self.events["category"].isin(categories)
        for marks in self.marks:
            marks.show(chosen.to_numpy())
        self.shown = self.events[chosen]
        self.chosen = chosen.to_numpy()
        # An empty lane says why: its category is switched off, or it has no event here.
        present = set(self.shown["category"])
        for category, text in self._off.items():
            off = categories is not None and category not in categories
            text.set_text("not shown" if off else "none in this range")
            text.set_visible(off or category not in present)
        starred = self.shown[self.shown["event_id"].isin(self.highlight)]
        self.named = starred.sort_values("date", kind="stable")

    def _label(self) -> list:
        """Place the stars and their numbers for the events shown, on the axes as they will
        be drawn (laid out now, if the figure's layout is still to be done); return every
        lane's marks, the numbers and the lanes' notes."""
        settle_layout(self.ax.figure)
        self.labels = number_stars(self)
        return [
            *(marks.artist for marks in self.marks),
            *self.labels,
            *self._off.values(),
        ]

    def lane_px(self) -> float:
        """The height of a lane on screen, in pixels, as the axes are laid out now."""
        y0 = self.ax.transData.transform((0, 0))[1]
        y1 = self.ax.transData.transform((0, 1))[1]
        return abs(y1 - y0)

    def star_px(self) -> float:
        """How wide a star is drawn: :data:`STAR_PX`, or four fifths of a narrower lane."""
        return min(STAR_PX, 0.8 * self.lane_px())
