"""Figures of the signatures: ``plot_<thing>(..., *, ax=None) -> Axes``.

Each function draws on the axes it is given, or on a new figure sized for a projector,
and returns the axes; none calls ``plt.show()``. All share the style in
:mod:`decl46.plots.style`. matplotlib is imported only when a function is called. The
figures over time (the timeline, the lifelines) are in :mod:`decl46.plots.over_time`.
Every label comes from the data: the parts' and stances' labels from their vocabularies,
the counts from the tables.
"""

from __future__ import annotations

import pandas as pd

from decl46._package.cache import DataDir, load_tables
from decl46.plots.style import (
    STANCE_COLOURS,
    STANCE_MARKS,
    colour_of,
    counted,
    describe,
    legend_below,
    new_axes,
    styled,
    wrapped,
)
from decl46.tables import block_labels, signature_overview, stance_counts
from decl46.vocabularies import labels


def _lines_label(data_dir: DataDir) -> str:
    """'Signature lines (47: A. Goltsman signed twice)', from the signatures table."""
    t = load_tables(data_dir)
    signatures = t["signatures"]
    times = signatures["person_id"].value_counts()
    repeated = times[times > 1]
    names = t["signatories"].set_index("person_id")["name_as_signed"]
    notes = [
        f"{names[p]} signed {'twice' if n == 2 else f'{n} times'}" for p, n in repeated.items()
    ]
    return f"Signature lines ({len(signatures)}" + (f": {'; '.join(notes)})" if notes else ")")


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
    'How each signature block judged\\neach part of the declaration'
    """
    from matplotlib.patches import Patch, Rectangle

    overview = signature_overview(data_dir=data_dir)
    part_labels = labels("stances", "part", data_dir=data_dir)
    stance_labels = labels("stances", "stance", data_dir=data_dir)
    parts = list(part_labels)
    blocks = overview.drop_duplicates("block_id").sort_values("block_order").set_index("block_id")
    names = block_labels(data_dir=data_dir)
    ax = new_axes(ax, 6.4)
    for row, (_, block) in enumerate(blocks.iterrows()):
        for col, part in enumerate(parts):
            stance = block[part]
            colour = colour_of(STANCE_COLOURS, stance, stance_labels)
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=colour, edgecolor="white", lw=2))
            mark = STANCE_MARKS.get(stance, stance_labels[stance][:1])
            ax.text(col + 0.5, row + 0.5, mark, ha="center", va="center", fontsize=14)
        if not pd.isna(block["refers_to_block"]):
            order = int(blocks.loc[block["refers_to_block"], "block_order"])
            ax.text(len(parts) + 0.05, row + 0.5, f"as block {order}", va="center", fontsize=11)
    ax.set_xlim(0, len(parts))
    ax.set_ylim(len(blocks), 0)
    ax.set_xticks(
        [i + 0.5 for i in range(len(parts))],
        [wrapped(part_labels[p], 12) for p in parts],
        rotation=35,
        ha="left",
        rotation_mode="anchor",
    )
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(blocks))], [names[b] for b in blocks.index])
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title("How each signature block judged\neach part of the declaration", pad=12)
    handles = [
        Patch(
            color=colour_of(STANCE_COLOURS, s, stance_labels),
            label=f"{STANCE_MARKS.get(s, label[:1])}  {label}".strip(),
        )
        for s, label in stance_labels.items()
    ]
    legend_below(ax, handles, 2, title="Coded stance")
    by_part = {p: blocks[p].value_counts() for p in parts}
    describe(
        ax,
        f"A grid of the {len(blocks)} signature blocks (rows) against the "
        f"{len(parts)} parts of the declaration (columns), each square coloured and "
        "labelled with the block's coded stance. "
        + _finding(by_part, part_labels, stance_labels, "block"),
        _text_version(by_part, part_labels, stance_labels, "block"),
    )
    return ax


def _finding(by_part, part_labels, stance_labels, noun) -> str:
    """The part that most and the part that fewest ``noun``s agree with (without
    reservation), in one sentence."""
    agreeing = {p: int(c.get("agrees", 0)) for p, c in by_part.items()}
    total = int(next(iter(by_part.values())).sum())
    most = max(agreeing, key=agreeing.get)
    least = min(agreeing, key=agreeing.get)
    return (
        f"Most agreement without reservation: {part_labels[most]} "
        f"({agreeing[most]} of {total} {noun}s); least: {part_labels[least]} "
        f"({agreeing[least]} of {total})."
    )


def _text_version(by_part, part_labels, stance_labels, noun) -> str:
    """One line per part: how many ``noun``s took each stance."""
    lines = [f"**Text version.** Stances of the {noun}s, part by part:", ""]
    for part, counts in by_part.items():
        said = "; ".join(
            f"{stance_labels[s].lower()}: {counted(int(n), noun)}"
            for s, n in counts.items()
            if n and s in stance_labels
        )
        lines.append(f"- {part_labels[part]}: {said}")
    return "\n".join(lines)


@styled
def plot_agreement_summary(
    *, highlight: tuple[str, str] | None = None, data_dir: DataDir = None, ax=None
):
    """How many signature lines took each stance, part by part of the declaration.

    One horizontal bar per part of the declaration, split by stance, with the count
    written in each segment. ``highlight``, a ``(part, stance)`` pair, outlines one
    segment in black.

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_agreement_summary()
    >>> ax.get_xlabel()
    'Signature lines (47: A. Goltsman signed twice)'
    """
    chart = AgreementSummary(new_axes(ax, 4.6), data_dir=data_dir)
    if highlight is not None:
        chart.highlight(*highlight)
    counts = stance_counts(data_dir=data_dir)
    part_labels = labels("stances", "part", data_dir=data_dir)
    stance_labels = labels("stances", "stance", data_dir=data_dir)
    by_part = {p: counts.loc[p] for p in counts.index}
    describe(
        chart.ax,
        f"Stacked bars, one per part of the declaration, splitting the "
        f"{int(counts.sum(axis=1).iloc[0])} signature lines by the stance of the block they "
        "signed under. " + _finding(by_part, part_labels, stance_labels, "signature line"),
        _text_version(by_part, part_labels, stance_labels, "signature line"),
    )
    return chart.ax


class AgreementSummary:
    """The agreement bars, drawn on ``ax``; :meth:`highlight` outlines one segment."""

    def __init__(self, ax, *, data_dir: DataDir = None):
        from matplotlib.patches import Patch

        counts = stance_counts(data_dir=data_dir)
        part_labels = labels("stances", "part", data_dir=data_dir)
        stance_labels = labels("stances", "stance", data_dir=data_dir)
        self.ax = ax
        self.bars = {}
        self.highlighted: list = []
        parts = list(counts.index)
        y = range(len(parts))
        left = [0] * len(parts)
        for stance in counts.columns:
            widths = [int(v) for v in counts[stance]]
            colour = colour_of(STANCE_COLOURS, stance, stance_labels)
            bars = ax.barh(y, widths, left=left, color=colour, edgecolor="white")
            for part, bar, width in zip(parts, bars, widths, strict=True):
                self.bars[part, stance] = bar
                # A count in a sliver too narrow for it is left to the text version.
                if width >= 3:
                    ax.text(
                        bar.get_x() + width / 2,
                        bar.get_y() + bar.get_height() / 2,
                        str(width),
                        ha="center",
                        va="center",
                        fontsize=12,
                        fontweight="bold",
                    )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_yticks(list(y), [part_labels[p] for p in parts])
        ax.invert_yaxis()
        total = int(counts.sum(axis=1).iloc[0])
        ax.set_xlim(0, total)
        ax.set_xlabel(_lines_label(data_dir))
        ax.set_title(f"How the {total} signature lines judged\neach part of the declaration")
        handles = [
            Patch(color=colour_of(STANCE_COLOURS, s, stance_labels), label=stance_labels[s])
            for s in counts.columns
        ]
        legend_below(ax, handles, 3)

    def highlight(self, part: str, stance: str) -> list:
        """Outline the ``(part, stance)`` segment in black, in place of any earlier
        highlight; return the artists added (none when no line took that stance)."""
        from matplotlib.patches import Rectangle

        for artist in self.highlighted:
            artist.remove()
        self.highlighted = []
        bar = self.bars[part, stance]
        if bar.get_width() == 0:
            return []
        outline = Rectangle(
            bar.get_xy(),
            bar.get_width(),
            bar.get_height(),
            fill=False,
            edgecolor="black",
            linewidth=4,
            zorder=5,
        )
        self.highlighted = [self.ax.add_patch(outline)]
        return self.highlighted
