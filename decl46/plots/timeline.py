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
    DPI,
    MAX_HEIGHT_PX,
    colour_of,
    counted,
    legend_below,
    new_axes,
    set_alt_text,
    styled,
    wrapped,
)
from decl46.tables import period, timeline_categories, timeline_events


@styled
@data_docs
def plot_timeline(
    data: pd.DataFrame | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    categories: list[str] | None = None,
    highlight: tuple[str, ...] | None = None,
    label_all: bool = False,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
):
    """Events in lanes by category, with how precisely each date is known.

    A filled dot is an event known to the day; a pale band with a hollow dot, one known
    only to the month or year (it happened somewhere in the band); a bar, an event that
    lasted several days. The highlighted events (by default those marked ``highlight``
    in the events table: the ones the lessons talk about) are stars with their titles.

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
        Event ids to draw as labelled stars, instead of those marked in the data.
    label_all : bool
        Write every event's title beside it, not only the highlighted ones. Titles are
        stacked so that they do not cover each other; on a crowded range they may still
        cover markers, so list the events beside the figure instead (see notebook 01).
    ax : matplotlib Axes, optional
        Draw here; by default on a new figure a notebook column wide.
    {data_parameters}

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_timeline(start="1923-07", end="1924-01")
    >>> ax.get_xlabel()
    'Date'
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
    lanes = [
        c
        for c in events["category"].cat.categories
        if (categories is None or c in categories) and (in_range["category"] == c).any()
    ]
    ax = new_axes(ax, 0.42 * len(lanes) + 2.6)
    chart = TimelineChart(
        ax,
        events,
        lanes=lanes,
        highlight=highlight,
        label_all=label_all,
        numbered=not label_all,
        dataset=data_,
    )
    chart.show(start, end)
    shown = chart.events[overlapping(chart.events, start, end)]
    _describe_timeline(ax, chart, shown)
    if chart.numbered and len(chart.named):
        _numbered_key(ax, chart.named)
    return ax


def _numbered_key(ax, named: pd.DataFrame) -> None:
    """The key to the numbered stars, under the date axis (the key to the marks is under
    the whole figure)."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker=f"${n}$",
            ms=9,
            color="black",
            label=wrapped(f"{_when(e)}: {e['title']}", 60),
        )
        for n, (_, e) in enumerate(named.iterrows(), start=1)
    ]
    figure = ax.figure
    # One key under the figure: the numbered events, then the marks (two keys there would
    # be drawn over each other).
    for legend in list(figure.legends):
        handles += legend.legend_handles
        legend.remove()
    width, height = figure.get_size_inches()
    figure.set_size_inches(width, min(height + 0.2 * len(named), MAX_HEIGHT_PX / DPI))
    figure.legend(
        handles=handles, loc="outside lower left", ncol=1, frameon=False, handletextpad=0.4
    )


def _describe_timeline(ax, chart: TimelineChart, shown: pd.DataFrame) -> None:
    """The timeline's alt text (its range, lanes and labelled events) and text version
    (how many events in each lane, and the labelled ones with their dates)."""
    lanes = [c for c in sorted(chart.lane_y, key=chart.lane_y.get, reverse=True)]
    starred = shown[shown["event_id"].isin(chart.highlight)].sort_values("date")
    named = "; ".join(f"{e['title']} ({_when(e)})" for _, e in starred.iterrows())
    title = ax.get_title().replace("\n", " ")
    alt = (
        f"{title}: {counted(len(shown), 'event')} on a time axis, in "
        f"{counted(len(lanes), 'lane')} by kind ("
        + ", ".join(chart.category_labels[c].lower() for c in lanes)
        + ")."
        + (f" Starred and named: {named}." if named else "")
    )
    counts = shown["category"].value_counts()
    lines = [f"**Text version.** {title}, {counted(len(shown), 'event')}:", ""]
    lines += [
        f"- {chart.category_labels[c]}: {counted(int(counts.get(c, 0)), 'event')}" for c in lanes
    ]
    if len(starred):
        lines += ["", "Starred:", ""]
        lines += [f"- {_when(e)}: {e['title']}" for _, e in starred.iterrows()]
    set_alt_text(ax, alt, "\n".join(lines))


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
    range quickly (see :mod:`decl46.plots._live_chart`).
    """

    def __init__(
        self,
        ax,
        events: pd.DataFrame | None = None,
        *,
        lanes: list[str] | None = None,
        highlight: tuple[str, ...] | None = None,
        label_all: bool = False,
        numbered: bool = False,
        span_in_title: bool = True,
        dataset: Dataset | None = None,
        data_dir: DataDir = None,
    ):
        import matplotlib.dates as mdates
        from matplotlib.lines import Line2D

        data = using(dataset, data_dir)
        events = _with_last_day(timeline_events(dataset=data) if events is None else events)
        self.category_labels = timeline_categories(dataset=data)
        if lanes is None:
            present = set(events["category"])
            lanes = [c for c in events["category"].cat.categories if c in present]
        if highlight is None:
            highlight = tuple(events.loc[events["highlight"].fillna(False), "event_id"])
        self.ax = ax
        self.events = events[events["category"].isin(lanes)]
        self.highlight = highlight
        self.label_all = label_all
        # Numbers beside the stars, and the titles in a numbered key (plot_timeline):
        # a narrow figure has no room for several titles side by side.
        self.numbered = numbered
        # The title names the years shown; a chart whose range moves often (the explorer)
        # names them in the axis label instead and keeps one title, so that moving the
        # range redraws less (a title of 14-point bold costs as much as the axis).
        self.span_in_title = span_in_title
        if not span_in_title:
            ax.set_title("Timeline of the opposition")
        self.lane_y = {c: i for i, c in enumerate(reversed(lanes))}
        self.marks = self._draw_events()
        self.labels: list = []
        self._titles: dict = {}  # the titles written so far, kept for the next show
        self.shown = self.events
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        # A range of two to three years has too few whole years for three ticks and too
        # many months for six ticks at matplotlib's widest monthly step (6): a yearly step
        # in months fills the gap (instead of a warning and a guess).
        locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_yticks(range(len(lanes)), [self.category_labels[c] for c in reversed(lanes)])
        # Room above the top lane and below the bottom one for the numbers and titles
        # written beside their markers (26 to 30 points out).
        ax.set_ylim(-0.8, len(lanes) + 0.2)
        ax.grid(axis="x", color="0.9")
        ax.set_xlabel("Date")
        precision = data.labels("events", "date_precision")
        vague = "date known less precisely"
        legend = [
            Line2D([], [], marker="o", color="0.3", ls="", ms=9, label=precision["day"]),
            Line2D(
                [], [], marker="o", color="0.3", mfc="white", ls="", ms=9, label=f"{vague} (band)"
            ),
            Line2D([], [], color="0.3", lw=7, label="lasted several days"),
            Line2D(
                [], [], marker="*", color="0.3", mec="black", ls="", ms=18, label="numbered event"
            ),
        ]
        legend_below(ax, legend, 2)

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
        marks = []
        for mask, style in [
            (is_span, {"linewidths": 7, "capstyle": "butt"}),
            (~is_span & ~exact, {"linewidths": 10, "alpha": 0.25}),
        ]:
            lines = ax.add_collection(LineCollection([], zorder=2, **style), autolim=False)
            marks.append(_Marks(lines, rows[mask], segments[mask], colour[mask]))
        for mask, filled in [(exact & ~starred, True), (~exact & ~starred, False)]:
            dots = ax.scatter([], [], s=81, edgecolors="0.2", linewidths=1.5, zorder=4)
            face = colour[mask] if filled else np.full(int(mask.sum()), "white")
            marks.append(_Marks(dots, rows[mask], points[mask], face))
        stars = ax.scatter([], [], s=24**2, marker="*", edgecolors="black", zorder=5)
        marks.append(_Marks(stars, rows[starred], points[starred], colour[starred]))
        return marks

    def show(
        self,
        start: str | None = None,
        end: str | None = None,
        categories: list[str] | None = None,
    ) -> list:
        """Show the range from ``start`` to the end of ``end`` and only the lanes in
        ``categories`` (all when ``None``); return the artists that changed: the date
        axis, the title, every lane's events and the titles written beside them. The
        events shown are left in :attr:`shown`."""
        self._choose(start, end, categories)
        return [*self.show_range(start, end), *self._label()]

    def show_range(self, start: str | None = None, end: str | None = None) -> list:
        """Set the date axis and the title to the range (by default that of the events
        last shown) and return them (the title only when it names the years, otherwise
        the axis label does): a chart that keeps its range while its lanes change (the
        explorer) need not draw them again."""
        everything = self.shown if len(self.shown) else self.events
        lo = pd.Timestamp(start) if start else everything["date"].min()
        hi = end_of(end) if end else everything["last"].max()
        pad = (hi - lo) * 0.03
        self.ax.set_xlim(lo - pad, hi + pad)
        span = f"{lo.year}" if lo.year == hi.year else f"{lo.year}–{hi.year}"
        if not self.span_in_title:
            # The years in the axis label, which is drawn with the axis anyway.
            self.ax.set_xlabel(f"Date ({span})")
            return [self.ax.xaxis]
        self.ax.set_title(f"Timeline of the opposition,\n{span}")
        return [self.ax.xaxis, self.ax.title]

    def show_events(
        self,
        start: str | None = None,
        end: str | None = None,
        categories: list[str] | None = None,
    ) -> list:
        """Show the events of the range and the lanes in ``categories`` on the date axis
        as :meth:`show_range` has set it; return every lane's marks and the titles."""
        self._choose(start, end, categories)
        return self._label()

    def _label(self) -> list:
        """Number or title the events shown; return every lane's marks and the titles."""
        shown = self.shown
        starred = shown["event_id"].isin(self.highlight)
        labelled = (shown if self.label_all else shown[starred]).sort_values("date")
        self.named = labelled[labelled["event_id"].isin(self.highlight)]
        numbers = self.numbered and not self.label_all
        starred_ids = set(self.named["event_id"])
        self.labels = _place_labels(
            self.ax,
            [
                (date, self.lane_y[category], str(n) if numbers else title, event in starred_ids)
                for n, (date, category, title, event) in enumerate(
                    zip(
                        labelled["date"],
                        labelled["category"],
                        labelled["title"],
                        labelled["event_id"],
                        strict=True,
                    ),
                    start=1,
                )
            ],
            self._titles,
        )
        return [*(marks.artist for marks in self.marks), *self.labels]

    def _choose(self, start, end, categories) -> None:
        chosen = overlapping(self.events, start, end)
        if categories is not None:
            chosen &= self.events["category"].isin(categories)
        for marks in self.marks:
            marks.show(chosen.to_numpy())
        self.shown = self.events[chosen]


# The titles' sizes on screen, by text, weight and resolution: a title's size does not
# depend on where it is written, and measuring text is most of the cost of placing it.
_TITLE_SIZES: dict[tuple[str, bool, float], tuple[float, float]] = {}


def _title_size(ax, title: str, bold: bool) -> tuple[float, float]:
    key = (title, bold, ax.figure.dpi)
    if key not in _TITLE_SIZES:
        probe = ax.text(0, 0, title, fontsize=11, fontweight="bold" if bold else "normal")
        box = probe.get_window_extent(ax.figure.canvas.get_renderer())
        probe.remove()
        _TITLE_SIZES[key] = (box.width, box.height)
    return _TITLE_SIZES[key]


def _place_labels(ax, labels, pool: dict) -> list:
    """Write event titles beside their markers, each at the first height where it stays
    inside the axes and overlaps no title already placed (above and below the lane,
    alternately, further out each time); return the titles written.

    Each title's box is worked out from its measured size and the point it is written at,
    so only the titles kept are made. ``pool`` (a dict the caller keeps) holds the titles
    of earlier calls, above and below their lanes: they are moved and rewritten instead
    of made again, and those not needed are hidden.
    """
    import matplotlib.dates as mdates
    from matplotlib.transforms import Bbox

    used = {True: 0, False: 0}
    placed, texts = [], []
    offsets = [26, -30, 48, -52, 70, -74]
    points = ax.figure.dpi / 72
    # A title stays inside the axes: above the top lane it would run into the chart's title.
    lowest, highest = ax.bbox.y0, ax.bbox.y1
    for date, y, title, bold in labels:
        title = wrapped(title, 24)
        width, height = _title_size(ax, title, bold)
        x0, y0 = ax.transData.transform((mdates.date2num(date), y))
        for offset in offsets:
            middle = y0 + offset * points
            box = Bbox.from_bounds(x0 - width / 2, middle - height / 2, width, height)
            inside = lowest <= box.y0 and box.y1 <= highest
            free = inside and not any(box.overlaps(other) for other in placed)
            if free or offset == offsets[-1]:
                placed.append(box)
                break
        above = offset > 0
        kept = pool.setdefault(above, [])
        if used[above] == len(kept):
            kept.append(_new_title(ax, above))
        text = kept[used[above]]
        used[above] += 1
        text.xy, text.xyann = (date, y), (0, offset)
        text.set_text(title)
        text.set_fontweight("bold" if bold else "normal")
        text.set_visible(True)
        texts.append(text)
    for above, kept in pool.items():
        for text in kept[used[above] :]:
            text.set_visible(False)
    return texts


def _new_title(ax, above: bool):
    """An event title with its line to the marker, written above or below it."""
    return ax.annotate(
        "",
        (0, 0),
        xytext=(0, 0),
        textcoords="offset points",
        ha="center",
        va="center",
        fontsize=11,
        zorder=6,
        # The line starts at the middle of the title's near edge, so matplotlib need not
        # clip it against the text box (which is slow).
        arrowprops={
            "arrowstyle": "-",
            "color": "0.4",
            "lw": 0.8,
            "relpos": (0.5, 0.0 if above else 1.0),
            "patchA": None,
        },
    )
