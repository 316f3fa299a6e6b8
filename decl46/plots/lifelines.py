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
    DPI,
    FATE_COLOURS,
    HIGHLIGHT_BAND,
    OKABE_ITO,
    colour_of,
    legend_below,
    new_axes,
    set_alt_text,
    set_title,
    styled,
)
from decl46.tables import period

# How many lives one screen holds, with names a class reads (see style.py): a figure of
# them is at most MAX_HEIGHT_PX high.
LIVES_PER_SCREEN = 12
# Heights on screen, in pixels, of what a lifelines figure stacks: the title (two lines),
# a life (at most), the year axis, the key (two lines) and the margins.
_TITLE_PX, LIFE_PX, _AXIS_PX, _KEY_PX, _MARGINS_PX = 48, 22, 24, 40, 14


@styled
@data_docs
def plot_lifelines(
    data: pd.DataFrame | None = None,
    *,
    part: int = 1,
    parts: int | None = None,
    highlight: str | None = None,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
):
    """One line per signatory from the date of the document to their death.

    Lines are coloured by fate and sorted by date of death; a death known only to the
    month or year ends in a pale band over that period. A person whose death is not
    known has a grey dotted line ending in "?". Dashed vertical lines mark the Moscow
    show trials. ``highlight`` (a person_id) draws one person in bold.

    The signers, in the order of their deaths, are split into ``parts`` groups of nearly
    equal size; ``part`` is the group drawn (1: those who died first). By default there
    are as many parts as one screen needs, :data:`LIVES_PER_SCREEN` lives at most in
    each (four for the 46 signers), so that a class sees each part whole, names and year
    axis with it. ``parts=1`` draws everyone in one figure, taller than a screen (for
    print).

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
    >>> ax = decl46.plot_lifelines(part=2, highlight="pyatakov")
    >>> ax.get_title()
    'What became of the signers,\\npart 2 of 4: the next 12 to die'
    >>> len(ax.get_yticklabels())
    12
    """
    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"data= takes a table of people, not {type(data).__name__}"
            + (" (for another part of the signers, write part=2)" if isinstance(data, int) else "")
        )
    data_ = using(dataset, data_dir)
    people = data_["signatories"] if data is None else data
    groups = lifeline_parts(people, parts)
    if not 1 <= part <= len(groups):
        raise ValueError(
            f"part must be between 1 and {len(groups)} (the {len(people)} people are drawn "
            f"in {len(groups)} part{'s' if len(groups) > 1 else ''}), not {part}"
        )
    lives = len(groups[part - 1])
    height = _TITLE_PX + LIFE_PX * lives + _AXIS_PX + _KEY_PX + _MARGINS_PX
    axes = new_axes(ax, height / DPI, one_screen=len(groups) > 1)
    chart = LifelinesChart(axes, people, part=part, parts=len(groups), dataset=data_)
    if highlight is not None:
        chart.highlight(highlight)
    _describe_lifelines(chart)
    return chart.ax


def lifeline_parts(people: pd.DataFrame, parts: int | None = None) -> list[list[str]]:
    """The person_ids of each part of the lifelines, in the order of their deaths (unknown
    deaths last): ``parts`` groups whose sizes differ by one at most; by default as many
    as :data:`LIVES_PER_SCREEN` a part needs.

    >>> import decl46
    >>> [len(p) for p in lifeline_parts(decl46.load_signatories())]
    [12, 12, 11, 11]
    """
    order = list(_in_death_order(people)["person_id"])
    n = len(order)
    if parts is None:
        parts = max(1, -(-n // LIVES_PER_SCREEN))
    if parts < 1:
        raise ValueError(f"parts must be 1 or more, not {parts}")
    size, larger = divmod(n, parts)
    out, start = [], 0
    for k in range(parts):
        stop = start + size + (k < larger)
        out.append(order[start:stop])
        start = stop
    return out


def _in_death_order(people: pd.DataFrame) -> pd.DataFrame:
    return people.sort_values(
        ["death_date", "name_as_signed"], na_position="last", ignore_index=True
    )


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

    ``part`` and ``parts`` choose the group of people drawn (see :func:`lifeline_parts`);
    by default everyone. The explorer keeps one chart for each part it has shown, and
    redraws only the highlight (see :mod:`decl46.plots._live_chart`).
    """

    def __init__(
        self,
        ax,
        people: pd.DataFrame | None = None,
        *,
        part: int = 1,
        parts: int | None = 1,
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
        groups = lifeline_parts(people, parts)
        if not 1 <= part <= len(groups):
            raise ValueError(f"part must be between 1 and {len(groups)}, not {part}")
        total = len(people)
        people = _in_death_order(people)
        self.part, self.parts = part, len(groups)
        self.people = people[people["person_id"].isin(groups[part - 1])].reset_index(drop=True)
        self.ax = ax
        self.highlighted: list = []
        n = len(self.people)
        for i, p in self.people.iterrows():
            self._draw_life(p, n - 1 - i, bold=False)
        for _, trial in trials.iterrows():
            ax.axvline(trial["date"], color="black", lw=1, ls="--", zorder=0)
        names = [str(s) for s in self.people["name_as_signed"]]
        ax.set_yticks([n - 1 - i for i in range(n)], names)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(self.START - pd.Timedelta(days=120), self.HORIZON + pd.Timedelta(days=600))
        ax.xaxis.set_major_locator(mdates.YearLocator(5))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        # Room for a highlighted name, which is drawn in bold (wider) over the plain one.
        ax.set_ylabel("Signer (name as signed)", labelpad=18)
        if self.parts == 1:
            set_title(ax, f"What became of the {total} signers:\nfrom the declaration to death")
        else:
            set_title(ax, f"What became of the signers,\n{self.which()}")
        present = [f for f in fate_labels if (self.people["fate"] == f).any()]
        handles = [
            Line2D([], [], color=self.fate_colours[f], lw=4, label=fate_labels[f]) for f in present
        ]
        if len(trials):
            years = sorted({d.year for d in trials["date"]})
            span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{str(years[-1])[-2:]}"
            trial_label = data.labels("events", "category").get("trial", "trials")
            handles.append(
                Line2D([], [], color="black", lw=1, ls="--", label=f"{trial_label}, {span}")
            )
        legend_below(ax, handles, 3)

    def which(self) -> str:
        """Which part this is and who is in it, in words: 'part 1 of 4: the 12 who died
        first'."""
        n = len(self.people)
        unknown = int(self.people["death_date"].isna().sum())
        if self.parts == 1:
            return f"all {n} signers"
        if unknown == n:
            who = f"{n} deaths not known"
        elif unknown:
            who = f"{n - unknown} deaths, {unknown} not known"
        elif self.part == 1:
            who = f"the {n} who died first"
        else:
            who = f"the next {n} to die"
        return f"part {self.part} of {self.parts}: {who}"

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
