"""Figures over time: the timeline of events and the signers' lifelines.

Like :mod:`decl46.plots.signatures`, each ``plot_<thing>(..., *, ax=None)`` draws on the axes it is
given, or on a new figure sized for a projector, and returns the axes. Each is built on a
chart class (:class:`Timeline`, :class:`Lifelines`) that the explorers keep and update in
place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from decl46._package.cache import DataDir, load_tables, package_of
from decl46.dates import end_of, last_day, overlapping, period_end
from decl46.plots.style import (
    CATEGORY_COLOURS,
    DPI,
    FATE_COLOURS,
    HIGHLIGHT_BAND,
    MAX_HEIGHT_PX,
    OKABE_ITO,
    colour_of,
    counted,
    describe,
    legend_below,
    new_axes,
    styled,
    wrapped,
)
from decl46.tables import period, timeline, timeline_categories
from decl46.vocabularies import labels


@styled
def plot_timeline(
    *,
    start: str | None = None,
    end: str | None = None,
    categories: list[str] | None = None,
    highlight: tuple[str, ...] | None = None,
    label_all: bool = False,
    data_dir: DataDir = None,
    ax=None,
):
    """Events in lanes by category, with how precisely each date is known.

    A filled dot is an event known to the day; a pale band with a hollow dot, one known
    only to the month or year (it happened somewhere in the band); a bar, an event that
    lasted several days. The highlighted events (by default those marked ``highlight``
    in the events table: the ones the lessons talk about) are stars with their titles.

    Parameters
    ----------
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

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_timeline(start="1923-07", end="1924-01")
    >>> ax.get_xlabel()
    'Date'
    """
    first, last = period(data_dir=data_dir)
    start = first if start is None else None if start == "all" else start
    end = last if end is None else None if end == "all" else end
    events = _timeline_events(data_dir)
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
    chart = Timeline(
        ax,
        lanes=lanes,
        highlight=highlight,
        label_all=label_all,
        numbered=not label_all,
        data_dir=data_dir,
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


def _describe_timeline(ax, chart: Timeline, shown: pd.DataFrame) -> None:
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
    describe(ax, alt, "\n".join(lines))


def _when(event) -> str:
    """An event's date as precisely as it is known ('8 October 1923', 'August 1923')."""
    precision = str(event["date_precision"])
    fmt = {"day": "%-d %B %Y", "month": "%B %Y"}.get(precision, "%Y")
    return event["date"].strftime(fmt)


def _timeline_events(data_dir: DataDir) -> pd.DataFrame:
    """The timeline (events and signers' deaths) with ``last``, the last day each covers."""
    events = timeline(data_dir=data_dir)
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


class Timeline:
    """The timeline, drawn on ``ax`` with one lane per category; :meth:`show` chooses the
    range and the lanes whose events are visible.

    All events are drawn as five collections (bars, bands, filled and hollow dots, stars)
    whose contents :meth:`show` replaces, so the explorer can redraw the timeline for a new
    range quickly (see :mod:`decl46.plots._live_chart`).
    """

    def __init__(
        self,
        ax,
        *,
        lanes: list[str] | None = None,
        highlight: tuple[str, ...] | None = None,
        label_all: bool = False,
        numbered: bool = False,
        span_in_title: bool = True,
        data_dir: DataDir = None,
    ):
        import matplotlib.dates as mdates
        from matplotlib.lines import Line2D

        events = _timeline_events(data_dir)
        self.category_labels = timeline_categories(data_dir=data_dir)
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
        precision = labels("events", "date_precision", data_dir=data_dir)
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


@styled
def plot_lifelines(
    part: int = 1,
    *,
    parts: int = 2,
    highlight: str | None = None,
    data_dir: DataDir = None,
    ax=None,
):
    """One line per signatory from the date of the document to their death.

    Lines are coloured by fate and sorted by date of death; a death known only to the
    month or year ends in a pale band over that period. A person whose death is not
    known has a grey dotted line ending in "?". Vertical lines mark the three Moscow
    show trials. ``highlight`` (a person_id) draws one person in bold.

    The signers, in the order of their deaths, are split into ``parts`` equal groups so
    that each figure, with its names and its year axis, fits one screen; ``part`` is the
    group drawn (1: those who died first). ``parts=1`` draws everyone in one figure,
    taller than a screen (for print).

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_lifelines(1, highlight="pyatakov")
    >>> len(ax.get_yticklabels())
    23
    """
    if not 1 <= part <= parts:
        raise ValueError(f"part must be between 1 and {parts}, not {part}")
    n = len(load_tables(data_dir)["signatories"])
    size = -(-n // parts)
    rows = range((part - 1) * size, min(part * size, n))
    axes = new_axes(ax, 0.2 * len(rows) + 2.2, one_screen=parts > 1)
    chart = Lifelines(axes, rows=rows, data_dir=data_dir)
    if parts > 1:
        first = part == 1
        unknown = chart.people["death_date"].isna().any()
        who = (
            "who died first"
            if first
            else "who died later" + (", or whose death is not known" if unknown else "")
        )
        said = wrapped(f"part {part} of {parts}: the {len(rows)} {who}", 34)
        chart.ax.set_title(f"What became of the signers,\n{said}")
    if highlight is not None:
        chart.highlight(highlight)
    _describe_lifelines(chart)
    return chart.ax


def _describe_lifelines(chart: Lifelines) -> None:
    """The lifelines' alt text (who is drawn, the span of their deaths, how many of each
    fate) and text version (the names under each fate, with the year of death)."""
    people = chart.people
    fates = people["fate"].astype(str).value_counts()
    dead = people.dropna(subset=["death_date"])
    span = (
        f", deaths from {dead['death_date'].min().year} to {dead['death_date'].max().year}"
        if len(dead)
        else ""
    )
    said = "; ".join(f"{chart.fate_labels[f].lower()}: {int(n)}" for f, n in fates.items())
    title = chart.ax.get_title().replace("\n", " ")
    alt = (
        f"{title}. One line per signer from {chart.START:%B %Y} to death, coloured by fate"
        f"{span}: {said}."
    )
    lines = [f"**Text version.** {title}, by fate (year of death):", ""]
    for fate in fates.index:
        group = people[people["fate"].astype(str) == fate]
        names = ", ".join(
            f"{p['name_as_signed']} ({p['death_date'].year if pd.notna(p['death_date']) else '?'})"
            for _, p in group.iterrows()
        )
        lines.append(f"- {chart.fate_labels[fate]}: {names}")
    describe(chart.ax, alt, "\n".join(lines))


class Lifelines:
    """The lifelines chart, drawn on ``ax``; :meth:`highlight` draws one person over it.

    The explorer keeps one and redraws only the highlight (see :mod:`decl46.plots._live_chart`).
    """

    def __init__(self, ax, *, rows: range | None = None, data_dir: DataDir = None):
        import matplotlib.dates as mdates
        from matplotlib.lines import Line2D

        tables = load_tables(data_dir)
        people = tables["signatories"]
        events = tables["events"]
        trials = events[events["category"] == "trial"]
        # From the date the document bears (or, failing that, the first signature's date)
        # to the end of the kit's period; later deaths are written as "→ year".
        document_date = package_of(data_dir).document_date
        self.START = pd.Timestamp(document_date or tables["signatures"]["signed_date"].min())
        self.HORIZON = pd.Timestamp(f"{period(data_dir=data_dir)[1]}-12-31")
        fate_labels = labels("signatories", "fate", data_dir=data_dir)
        self.fate_labels = fate_labels
        self.fate_colours = {f: colour_of(FATE_COLOURS, f, fate_labels) for f in fate_labels}
        people["last"] = period_end(people["death_date"], people["death_date_precision"])
        people = people.sort_values(
            ["death_date", "name_as_signed"], na_position="last", ignore_index=True
        )
        total = len(people)
        self.people = people if rows is None else people.iloc[list(rows)].reset_index(drop=True)
        self.ax = ax
        self.highlighted: list = []
        n = len(self.people)
        for i, p in self.people.iterrows():
            self._draw_life(p, n - 1 - i, bold=False)
        for level, (_, trial) in enumerate(trials.iterrows()):
            ax.axvline(trial["date"], color="black", lw=1, ls="--", zorder=0)
            ax.text(
                trial["date"],
                n + 0.2 + 1.1 * level,
                trial["date"].strftime("trial, %b %Y"),
                ha="center",
                fontsize=11,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        names = [str(s) for s in self.people["name_as_signed"]]
        ax.set_yticks([n - 1 - i for i in range(n)], names)
        ax.set_ylim(-1, n + 0.5 + 1.1 * len(trials))
        ax.set_xlim(self.START - pd.Timedelta(days=120), self.HORIZON + pd.Timedelta(days=600))
        ax.set_xlabel("Year")
        ax.xaxis.set_major_locator(mdates.YearLocator(5))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        # Room for a highlighted name, which is drawn in bold (wider) over the plain one.
        ax.set_ylabel("Signatory (name as signed)", labelpad=22)
        ax.set_title(f"What became of the {total} signers:\nfrom the declaration to death")
        present = [f for f in fate_labels if (self.people["fate"] == f).any()]
        handles = [
            Line2D([], [], color=self.fate_colours[f], lw=4, label=fate_labels[f]) for f in present
        ]
        handles.append(Line2D([], [], color="black", lw=1, ls="--", label="Moscow show trial"))
        legend_below(ax, handles, 2)

    def highlight(self, person_id: str | None) -> list:
        """Draw ``person_id``'s line thick and their name in bold over the chart, in place
        of any earlier highlight; return the artists added (``None`` or an unknown id adds
        nothing)."""
        for artist in self.highlighted:
            artist.remove()
        self.highlighted = []
        rows = self.people.index[self.people["person_id"] == person_id]
        if len(rows) == 0:
            return []
        i = rows[0]
        y = len(self.people) - 1 - i
        # A band across the whole row, then the life drawn thick with a dark edge: the
        # person stands out from the back of a classroom.
        band = self.ax.axhspan(y - 0.5, y + 0.5, color=HIGHLIGHT_BAND, zorder=1, lw=0)
        artists = [band, *self._draw_life(self.people.loc[i], y, bold=True)]
        label = self.ax.yaxis.get_major_ticks()[i].label1
        name_as_signed = str(self.people.loc[i, "name_as_signed"])
        # The bold name covers the plain tick label (a white box behind it), so the
        # highlight can be drawn over a picture of the chart without redrawing the axis.
        name = self.ax.text(
            0,
            y,
            name_as_signed,
            transform=label.get_transform(),
            ha="right",
            va="center",
            fontsize=label.get_fontsize(),
            fontweight="bold",
            bbox={"facecolor": HIGHLIGHT_BAND, "edgecolor": "none", "pad": 1},
            zorder=6,
        )
        self.highlighted = [*artists, name]
        return self.highlighted

    def _draw_life(self, p, y: int, *, bold: bool) -> list:
        """One person's line, band and end marker (or "?" / "→ year"); the artists drawn."""
        ax, start, horizon = self.ax, self.START, self.HORIZON
        fate = str(p["fate"])
        colour = self.fate_colours[fate]
        lw = 10 if bold else 2.5
        zorder = 5 if bold else 2
        if pd.isna(p["death_date"]):
            artists = ax.plot(
                [start, horizon],
                [y, y],
                color=OKABE_ITO["grey"],
                lw=lw,
                ls=":",
                zorder=zorder,
            )
            if not bold:
                artists.append(ax.text(horizon, y, " ?", va="center", fontsize=12, color="0.3"))
            return artists
        end = min(p["death_date"], horizon)
        artists = ax.plot(
            [start, end], [y, y], color=colour, lw=lw, solid_capstyle="butt", zorder=zorder
        )
        if str(p["death_date_precision"]) != "day" and p["death_date"] < horizon and not bold:
            ax.plot(
                [p["death_date"], min(p["last"], horizon)], [y, y], color=colour, lw=9, alpha=0.3
            )
        if p["death_date"] <= horizon:
            artists += ax.plot(
                end,
                y,
                marker="X" if fate == "executed" else "o",
                color=colour,
                ms=16 if bold else 7,
                markeredgecolor="black" if bold else colour,
                zorder=zorder,
            )
        elif not bold:
            ax.text(
                horizon, y, f" → {p['death_date'].year}", va="center", fontsize=11, color=colour
            )
        return artists
