"""The lifelines figure: one line per signer from the declaration to their death.

:func:`plot_lifelines` draws the people it is given (``data=``, a table in the shape of
:func:`decl46.load_signatories`), or the 46 signers, on the axes it is given or on a new
figure sized for a projector, and returns the axes. It is built on :class:`LifelinesChart`,
which the signatory explorer keeps and highlights one person on.
"""

from __future__ import annotations

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.dates import period_end
from decl46.plots.style import (
    FATE_COLOURS,
    HIGHLIGHT_BAND,
    OKABE_ITO,
    colour_of,
    legend_below,
    new_axes,
    set_alt_text,
    styled,
    wrapped,
)
from decl46.tables import period


@styled
@data_docs
def plot_lifelines(
    data: pd.DataFrame | None = None,
    *,
    part: int = 1,
    parts: int = 2,
    highlight: str | None = None,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
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

    Parameters
    ----------
    data : DataFrame, optional
        The people to draw, in the shape of :func:`decl46.load_signatories`; by default
        the 46 signers.
    part, parts : int
        Draw group ``part`` of ``parts`` (see above).
    highlight : str, optional
        A person_id to draw in bold.
    ax : matplotlib Axes, optional
        Draw here; by default on a new figure a notebook column wide.
    {data_parameters}

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_lifelines(part=1, highlight="pyatakov")
    >>> len(ax.get_yticklabels())
    23
    """
    if not 1 <= part <= parts:
        raise ValueError(f"part must be between 1 and {parts}, not {part}")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"data= takes a table of people, not {type(data).__name__}"
            + (
                " (for the second half of the signers, write part=2)"
                if isinstance(data, int)
                else ""
            )
        )
    data_ = using(dataset, data_dir)
    people = data_["signatories"] if data is None else data
    n = len(people)
    size = -(-n // parts)
    rows = range((part - 1) * size, min(part * size, n))
    axes = new_axes(ax, 0.2 * len(rows) + 2.2, one_screen=parts > 1)
    chart = LifelinesChart(axes, people, rows=rows, dataset=data_)
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


def _describe_lifelines(chart: LifelinesChart) -> None:
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
    set_alt_text(chart.ax, alt, "\n".join(lines))


class LifelinesChart:
    """The lifelines chart, drawn on ``ax``; :meth:`highlight` draws one person over it.

    The explorer keeps one and redraws only the highlight (see :mod:`decl46.plots._live_chart`).
    """

    def __init__(
        self,
        ax,
        people: pd.DataFrame | None = None,
        *,
        rows: range | None = None,
        dataset: Dataset | None = None,
        data_dir: DataDir = None,
    ):
        import matplotlib.dates as mdates
        from matplotlib.lines import Line2D

        data = using(dataset, data_dir)
        people = (data["signatories"] if people is None else people).copy()
        events = data["events"]
        trials = events[events["category"] == "trial"]
        # From the date the document bears (or, failing that, the first signature's date)
        # to the end of the kit's period; later deaths are written as "→ year".
        document_date = data.document_date
        self.START = pd.Timestamp(document_date or data["signatures"]["signed_date"].min())
        self.HORIZON = pd.Timestamp(f"{period(dataset=data)[1]}-12-31")
        fate_labels = data.labels("signatories", "fate")
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
