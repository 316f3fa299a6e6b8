"""Figures for the notebooks: ``plot_<thing>(..., *, ax=None) -> Axes``.

Each function draws on the axes it is given, or on a new figure sized for a projector,
and returns the axes; none calls ``plt.show()``. All share the style in
:mod:`decl46.style`. matplotlib is imported only when a function is called.
"""

from __future__ import annotations

import pandas as pd

from decl46.loaders import DataDir
from decl46.loading import load_tables
from decl46.style import (
    FATE_COLOURS,
    FATE_LABELS,
    PART_LABELS,
    STANCE_COLOURS,
    STANCE_LABELS,
    new_axes,
    styled,
)
from decl46.views import block_labels, signature_overview, stance_counts

_CELL_TEXT = {
    "agrees": "agrees",
    "agrees_with_reservations": "reserv.",
    "disagrees": "disagrees",
    "abstains": "abstains",
    "not_stated": "—",
}


@styled
def plot_stance_matrix(*, data_dir: DataDir = None, ax=None):
    """The coded stance of every signature block on every part of the declaration.

    One row per block (in document order, labelled with its first signer and how many
    signed under it), one column per part; each cell is coloured and labelled with the
    stance, so the figure also reads in black and white.

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_stance_matrix()
    >>> ax.get_title()
    'How each signature block judged each part of the declaration'
    """
    from matplotlib.patches import Patch, Rectangle

    overview = signature_overview(data_dir=data_dir)
    parts = list(overview.columns[-4:])
    blocks = overview.drop_duplicates("block_id").set_index("block_id")
    labels = block_labels(data_dir=data_dir)
    ax = new_axes(ax, (12, 9))
    for row, (_, block) in enumerate(blocks.iterrows()):
        for col, part in enumerate(parts):
            stance = block[part]
            ax.add_patch(
                Rectangle(
                    (col, row), 1, 1, facecolor=STANCE_COLOURS[stance], edgecolor="white", lw=2
                )
            )
            ax.text(col + 0.5, row + 0.5, _CELL_TEXT[stance], ha="center", va="center", fontsize=13)
        if not pd.isna(block["refers_to_block"]):
            ax.text(len(parts) + 0.05, row + 0.5, "as Bubnov's block", va="center", fontsize=12)
    ax.set_xlim(0, len(parts))
    ax.set_ylim(len(blocks), 0)
    ax.set_xticks([i + 0.5 for i in range(len(parts))], [PART_LABELS[p] for p in parts])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(blocks))], [labels[b] for b in blocks.index])
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title("How each signature block judged each part of the declaration", pad=16)
    ax.set_ylabel("Signature block (first signer)")
    handles = [Patch(color=STANCE_COLOURS[s], label=STANCE_LABELS[s]) for s in STANCE_COLOURS]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=3,
        frameon=False,
        title="Coded stance (cell text: reserv. = with reservations, — = says nothing)",
    )
    return ax


@styled
def plot_agreement_summary(
    *, highlight: tuple[str, str] | None = None, data_dir: DataDir = None, ax=None
):
    """How many of the 47 signature lines agree, with or without reservations, per part.

    One horizontal bar per part of the declaration, split by stance, with the count
    written in each segment. Every bar for the proposal is agreement of some kind; the
    diagnosis (economy, party regime, causes) divides the signers. ``highlight``, a
    ``(part, stance)`` pair, outlines one segment in black.

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_agreement_summary()
    >>> ax.get_xlabel()
    'Signature lines (47: A. Goltsman signed twice)'
    """
    counts = stance_counts(data_dir=data_dir)
    ax = new_axes(ax, (12, 6))
    parts = list(counts.index)
    y = range(len(parts))
    left = [0] * len(parts)
    for stance in counts.columns:
        widths = [int(v) for v in counts[stance]]
        bars = ax.barh(
            y,
            widths,
            left=left,
            color=STANCE_COLOURS[stance],
            edgecolor="white",
        )
        for part, bar in zip(parts, bars, strict=True):
            if highlight == (part, stance) and bar.get_width() > 0:
                bar.set_edgecolor("black")
                bar.set_linewidth(4)
        for bar, width in zip(bars, widths, strict=True):
            if width >= 1:
                ax.text(
                    bar.get_x() + width / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(width),
                    ha="center",
                    va="center",
                    fontsize=14,
                    fontweight="bold",
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(list(y), [PART_LABELS[p].replace("\n", " ") for p in parts])
    ax.invert_yaxis()
    total = int(counts.sum(axis=1).iloc[0])
    ax.set_xlim(0, total)
    ax.set_xlabel(f"Signature lines ({total}: A. Goltsman signed twice)")
    ax.set_title("Everyone backs the conference; the diagnosis divides them")
    from matplotlib.patches import Patch

    handles = [Patch(color=STANCE_COLOURS[s], label=STANCE_LABELS[s]) for s in counts.columns]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False
    )
    return ax


HIGHLIGHTS = ("trotsky_letter_8_october", "declaration_of_46")


@styled
def plot_timeline(
    *,
    start: str | None = "1921",
    end: str | None = "1941",
    categories: list[str] | None = None,
    highlight: tuple[str, ...] = HIGHLIGHTS,
    label_all: bool = False,
    data_dir: DataDir = None,
    ax=None,
):
    """Events in lanes by category, with how precisely each date is known.

    A filled dot is an event known to the day; a pale band with a hollow dot, one known
    only to the month or year (it happened somewhere in the band); a bar, an event that
    lasted several days. The highlighted events (by default Trotsky's letter of
    8 October 1923 and the declaration) are stars with their titles.

    Parameters
    ----------
    start, end : str, optional
        Show only what overlaps this range (ISO dates, e.g. ``"1923-06"``); by default
        the kit's period, 1921 to the end of 1941. ``None`` shows everything.
    categories : list of str, optional
        Lanes to show (see :func:`decl46.describe` for the categories and ``death``).
    highlight : tuple of str
        Event ids to draw as labelled stars.
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
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    from decl46.style import CATEGORY_COLOURS, CATEGORY_LABELS
    from decl46.views import period_end, timeline

    events = timeline(data_dir=data_dir)
    events["last"] = period_end(events["end_date"].fillna(events["date"]), events["date_precision"])
    if start is not None:
        events = events[events["last"] >= pd.Timestamp(start)]
    if end is not None:
        events = events[events["date"] <= _end_of(end)]
    lanes = [c for c in events["category"].cat.categories if categories is None or c in categories]
    events = events[events["category"].isin(lanes)]
    lanes = [c for c in lanes if (events["category"] == c).any()]
    ax = new_axes(ax, (14, 0.75 * len(lanes) + 2.8))
    lane_y = {c: i for i, c in enumerate(reversed(lanes))}
    for _, e in events.iterrows():
        y = lane_y[e["category"]]
        colour = CATEGORY_COLOURS[str(e["category"])]
        is_span = not pd.isna(e["end_date"])
        exact = str(e["date_precision"]) == "day"
        if is_span:
            ax.plot([e["date"], e["last"]], [y, y], color=colour, lw=7, solid_capstyle="butt")
        elif not exact:
            ax.plot([e["date"], e["last"]], [y, y], color=colour, lw=10, alpha=0.25)
        middle = e["date"] if exact or is_span else e["date"] + (e["last"] - e["date"]) / 2
        filled = exact
        if e["event_id"] in highlight:
            ax.plot(middle, y, marker="*", ms=24, color=colour, mec="black", zorder=5)
        else:
            ax.plot(
                middle,
                y,
                marker="o",
                ms=9,
                color=colour if filled else "white",
                mec="0.2",
                mew=1.5,
                zorder=4,
            )
    labelled = events if label_all else events[events["event_id"].isin(highlight)]
    labels = [
        (e["date"], lane_y[e["category"]], e["title"], e["event_id"] in highlight)
        for _, e in labelled.sort_values("date").iterrows()
    ]
    ax.set_yticks(range(len(lanes)), [CATEGORY_LABELS[c] for c in reversed(lanes)])
    ax.set_ylim(-0.8, len(lanes) - 0.2)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if start is not None or end is not None:
        lo = pd.Timestamp(start) if start else events["date"].min()
        hi = _end_of(end) if end else events["last"].max()
        pad = (hi - lo) * 0.03
        ax.set_xlim(lo - pad, hi + pad)
    ax.grid(axis="x", color="0.9")
    ax.set_xlabel("Date")
    first = (pd.Timestamp(start) if start else events["date"].min()).year
    last = (_end_of(end) if end else events["last"].max()).year
    span = f"{first}" if first == last else f"{first}–{last}"
    ax.set_title(f"Timeline of the opposition, {span}")
    legend = [
        Line2D([], [], marker="o", color="0.3", ls="", ms=9, label="known to the day"),
        Line2D(
            [],
            [],
            marker="o",
            color="0.3",
            mfc="white",
            ls="",
            ms=9,
            label="known to the month or year (band)",
        ),
        Line2D([], [], color="0.3", lw=7, label="lasted several days"),
        Line2D([], [], marker="*", color="0.3", mec="black", ls="", ms=18, label="highlighted"),
    ]
    ax.legend(
        handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, frameon=False
    )
    _place_labels(ax, labels)
    return ax


def _place_labels(ax, labels) -> None:
    """Write event titles beside their markers, each at the first height where it overlaps
    no title already placed (above and below the lane, alternately, further out each time).
    """
    renderer = ax.figure.canvas.get_renderer()
    placed = []
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
                arrowprops={"arrowstyle": "-", "color": "0.4", "lw": 0.8},
            )
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed) or offset == offsets[-1]:
                placed.append(box)
                break
            text.remove()


def _end_of(text: str) -> pd.Timestamp:
    """The last day a partial ISO date stands for: '1941' -> 1941-12-31, '1924-01' -> 1924-01-31."""
    from decl46.views import period_end

    precision = {4: "year", 7: "month"}.get(len(text), "day")
    return period_end(pd.Series([pd.Timestamp(text)]), pd.Series([precision]))[0]


@styled
def plot_lifelines(*, highlight: str | None = None, data_dir: DataDir = None, ax=None):
    """One line per signatory from the declaration (October 1923) to their death.

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
    from matplotlib.lines import Line2D

    from decl46.views import period_end

    tables = load_tables(data_dir)
    people = tables["signatories"].copy()
    trials = tables["events"][tables["events"]["category"] == "trial"]
    start = pd.Timestamp("1923-10-15")
    horizon = pd.Timestamp("1941-12-31")
    people["last"] = period_end(people["death_date"], people["death_date_precision"])
    people = people.sort_values(
        ["death_date", "name_as_signed"], na_position="last", ignore_index=True
    )
    ax = new_axes(ax, (13, 15))
    n = len(people)
    for i, p in people.iterrows():
        y = n - 1 - i
        fate = str(p["fate"])
        colour = FATE_COLOURS[fate]
        bold = p["person_id"] == highlight
        lw = 5 if bold else 2.5
        if pd.isna(p["death_date"]):
            ax.plot([start, horizon], [y, y], color=FATE_COLOURS["unknown"], lw=lw, ls=":")
            ax.text(horizon, y, " ?", va="center", fontsize=13, color="0.3")
            continue
        end = min(p["death_date"], horizon)
        ax.plot([start, end], [y, y], color=colour, lw=lw, solid_capstyle="butt")
        if str(p["death_date_precision"]) != "day" and p["death_date"] < horizon:
            ax.plot(
                [p["death_date"], min(p["last"], horizon)], [y, y], color=colour, lw=9, alpha=0.3
            )
        if p["death_date"] <= horizon:
            ax.plot(
                end, y, marker="X" if fate == "executed" else "o", color=colour, ms=9 if bold else 7
            )
        else:
            ax.text(
                horizon, y, f" → {p['death_date'].year}", va="center", fontsize=12, color=colour
            )
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
    labels = [str(s) for s in people["name_as_signed"]]
    ax.set_yticks([n - 1 - i for i in range(n)], labels)
    for tick, pid in zip(ax.get_yticklabels(), people["person_id"], strict=True):
        if pid == highlight:
            tick.set_fontweight("bold")
    ax.set_ylim(-1, n + 0.5 + 1.1 * len(trials))
    ax.set_xlim(start - pd.Timedelta(days=120), horizon + pd.Timedelta(days=600))
    ax.set_xlabel("Year")
    ax.set_ylabel("Signatory (name as signed)")
    ax.set_title("What became of the 46: from the declaration to death")
    present = [f for f in FATE_COLOURS if (people["fate"] == f).any()]
    handles = [Line2D([], [], color=FATE_COLOURS[f], lw=4, label=FATE_LABELS[f]) for f in present]
    handles.append(Line2D([], [], color="black", lw=1, ls="--", label="Moscow show trial"))
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=4, frameon=False
    )
    return ax
