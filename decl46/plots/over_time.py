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
    FATE_COLOURS,
    HIGHLIGHT_BAND,
    OKABE_ITO,
    colour_of,
    new_axes,
    styled,
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
    ax = new_axes(ax, (14, 0.75 * len(lanes) + 2.8))
    chart = Timeline(ax, lanes=lanes, highlight=highlight, label_all=label_all, data_dir=data_dir)
    chart.show(start, end)
    return ax


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
        self.lane_y = {c: i for i, c in enumerate(reversed(lanes))}
        self.marks = self._draw_events()
        self.labels: list = []
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_yticks(range(len(lanes)), [self.category_labels[c] for c in reversed(lanes)])
        ax.set_ylim(-0.8, len(lanes) - 0.2)
        ax.grid(axis="x", color="0.9")
        ax.set_xlabel("Date")
        precision = labels("events", "date_precision", data_dir=data_dir)
        vague = " or ".join(label for value, label in precision.items() if value != "day")
        legend = [
            Line2D([], [], marker="o", color="0.3", ls="", ms=9, label=precision["day"]),
            Line2D(
                [], [], marker="o", color="0.3", mfc="white", ls="", ms=9, label=f"{vague} (band)"
            ),
            Line2D([], [], color="0.3", lw=7, label="lasted several days"),
            Line2D([], [], marker="*", color="0.3", mec="black", ls="", ms=18, label="highlighted"),
        ]
        ax.legend(
            handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, frameon=False
        )

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
        chosen = overlapping(self.events, start, end)
        if categories is not None:
            chosen &= self.events["category"].isin(categories)
        for marks in self.marks:
            marks.show(chosen.to_numpy())
        self.shown = shown = self.events[chosen]
        everything = shown if len(shown) else self.events
        lo = pd.Timestamp(start) if start else everything["date"].min()
        hi = end_of(end) if end else everything["last"].max()
        pad = (hi - lo) * 0.03
        self.ax.set_xlim(lo - pad, hi + pad)
        span = f"{lo.year}" if lo.year == hi.year else f"{lo.year}–{hi.year}"
        self.ax.set_title(f"Timeline of the opposition, {span}")
        labelled = shown if self.label_all else shown[shown["event_id"].isin(self.highlight)]
        for label in self.labels:
            label.remove()
        self.labels = _place_labels(
            self.ax,
            [
                (e["date"], self.lane_y[e["category"]], e["title"], e["event_id"] in self.highlight)
                for _, e in labelled.sort_values("date").iterrows()
            ],
        )
        artists = [marks.artist for marks in self.marks]
        return [self.ax.xaxis, self.ax.title, *artists, *self.labels]


def _place_labels(ax, labels) -> list:
    """Write event titles beside their markers, each at the first height where it overlaps
    no title already placed (above and below the lane, alternately, further out each time);
    return the titles written.
    """
    renderer = ax.figure.canvas.get_renderer()
    placed, texts = [], []
    offsets = [26, -30, 48, -52, 70, -74]
    for date, y, title, bold in labels:
        for offset in offsets:
            text = ax.annotate(
                title,
                (date, y),
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=12,
                fontweight="bold" if bold else "normal",
                # The line starts at the middle of the title's near edge, so matplotlib
                # need not clip it against the text box (which is slow).
                arrowprops={
                    "arrowstyle": "-",
                    "color": "0.4",
                    "lw": 0.8,
                    "relpos": (0.5, 0.0 if offset > 0 else 1.0),
                    "patchA": None,
                },
            )
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed) or offset == offsets[-1]:
                placed.append(box)
                texts.append(text)
                break
            text.remove()
    return texts


@styled
def plot_lifelines(*, highlight: str | None = None, data_dir: DataDir = None, ax=None):
    """One line per signatory from the date of the document to their death.

    Lines are coloured by fate and sorted by date of death; a death known only to the
    month or year ends in a pale band over that period. A person whose death is not
    known has a grey dotted line ending in "?". Vertical lines mark the three Moscow
    show trials. ``highlight`` (a person_id) draws one person in bold.

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_lifelines(highlight="pyatakov")
    >>> len(ax.get_yticklabels())
    46
    """
    chart = Lifelines(new_axes(ax, (13, 15)), data_dir=data_dir)
    if highlight is not None:
        chart.highlight(highlight)
    return chart.ax


class Lifelines:
    """The lifelines chart, drawn on ``ax``; :meth:`highlight` draws one person over it.

    The explorer keeps one and redraws only the highlight (see :mod:`decl46.plots._live_chart`).
    """

    def __init__(self, ax, *, data_dir: DataDir = None):
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
        self.fate_colours = {f: colour_of(FATE_COLOURS, f, fate_labels) for f in fate_labels}
        people["last"] = period_end(people["death_date"], people["death_date_precision"])
        self.people = people.sort_values(
            ["death_date", "name_as_signed"], na_position="last", ignore_index=True
        )
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
        # Room for a highlighted name, which is drawn in bold (wider) over the plain one.
        ax.set_ylabel("Signatory (name as signed)", labelpad=22)
        ax.set_title(f"What became of the {n} signers:\nfrom the declaration to death")
        present = [f for f in fate_labels if (self.people["fate"] == f).any()]
        handles = [
            Line2D([], [], color=self.fate_colours[f], lw=4, label=fate_labels[f]) for f in present
        ]
        handles.append(Line2D([], [], color="black", lw=1, ls="--", label="Moscow show trial"))
        ax.legend(
            handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=4, frameon=False
        )

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
                artists.append(ax.text(horizon, y, " ?", va="center", fontsize=13, color="0.3"))
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
                horizon, y, f" → {p['death_date'].year}", va="center", fontsize=12, color=colour
            )
        return artists
