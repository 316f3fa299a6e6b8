"""Figures of the stances: how each block judged each part, and how many signature lines
stand behind each judgement.

Like seaborn's functions, each plot draws the data it is given (``data=``): the kit's own
coding by default, or any coding in the kit's shape (``block_id``, ``part``, ``stance``), a
student's or a teacher's; or a whole class's codings (what :func:`decl46.read_class_codings`
returns, a dict of codings by student, or one table with a ``coder`` column), which are
drawn as what the class chose: the most common stance and how many chose it, or the share
of the class's codes. Every label comes from the data: the parts' and stances' labels from
their vocabularies, the counts from the tables, the readings of whom a statement covers
from ``decl46:statementReadings``.
"""

from __future__ import annotations

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.plots.style import (
    DPI,
    STANCE_COLOURS,
    STANCE_MARKS,
    colour_of,
    counted,
    legend_below,
    new_axes,
    set_alt_text,
    set_title,
    styled,
    wrapped,
)
from decl46.tables import block_labels, reading_of, stance_counts

CODING_COLUMNS = ["block_id", "part", "stance"]

# The agreement bars: a row's height on screen (a part's name or a bar), in pixels, and the
# rest of the figure (a line of title, the axis with its label, the key in two lines and
# the margins).
_BAR_PX, _BARS_PX, _HEADER_ROWS = 22, 26 + 42 + 42 + 14, 0.75

# Heights on screen, in pixels, of what the stance matrix stacks (see style.py): a line of
# title, the parts' names over the columns (three lines), a block's row, the key (two
# lines, and a line for its title when it draws a class) and the margins.
_MATRIX_TITLE_PX, _HEADER_PX, _BLOCK_PX, _STANCE_KEY_PX, _KEY_LINE_PX, _MARGINS_PX = (
    26,
    54,
    20,
    42,
    17,
    14,
)


def codings_of(data) -> dict[str, pd.DataFrame] | None:
    """The codings a plot is given, by coder: None for the kit's own coding; one coding as
    ``{"": coding}``; a class (ClassCodings, a dict, or a table with a ``coder`` column)
    as a dict by coder."""
    if data is None:
        return None
    data = getattr(data, "codings", data)
    if isinstance(data, dict):
        if not data:
            raise ValueError("no coding to draw: the class has none yet")
        return {str(k): v for k, v in data.items()}
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            "data= takes a coding (a table with block_id, part, stance), a dict of codings "
            f"or what read_class_codings returns, not {type(data).__name__}"
        )
    missing = [c for c in CODING_COLUMNS if c not in data.columns]
    if missing:
        raise ValueError(f"a coding needs the columns block_id, part, stance; missing {missing}")
    if "coder" in data.columns:
        return {str(k): g for k, g in data.groupby("coder", sort=False)}
    return {"": data}


def _lines_label(data: Dataset) -> str:
    """'Signature lines (47: A. Goltsman signed twice)', from the signatures table."""
    signatures = data["signatures"]
    times = signatures["person_id"].value_counts()
    repeated = times[times > 1]
    names = data["signatories"].set_index("person_id")["name_as_signed"]
    notes = [
        f"{names[p]} signed {'twice' if n == 2 else f'{n} times'}" for p, n in repeated.items()
    ]
    return f"Signature lines ({len(signatures)}" + (f": {'; '.join(notes)})" if notes else ")")


def _whose(codings: dict[str, pd.DataFrame] | None) -> str:
    """Whose coding a figure draws, for its title."""
    if codings is None:
        return "the kit's coding"
    if list(codings) == [""]:
        return "this coding"
    return f"the class's coding ({counted(len(codings), 'coder')})"


@styled
@data_docs
def plot_stance_matrix(
    data=None,
    *,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
):
    """The stance of every signature block on every part of the declaration.

    One row per block (in document order, labelled with its first signer and how many
    signed under it), one column per part; each square is coloured and marked with the
    stance, so the figure also reads in black and white. For a class, each square shows
    the stance most of the class chose and how many chose it.

    Parameters
    ----------
    data : DataFrame or dict or ClassCodings, optional
        The coding to draw (see the module's docstring); the kit's own by default.
    ax : matplotlib Axes, optional
        Draw here; by default on a new figure a notebook column wide.
    {data_parameters}

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_stance_matrix()
    >>> ax.get_title()
    'How each block judged each part of the declaration'
    """
    from matplotlib.patches import Patch, Rectangle

    data_ = using(dataset, data_dir)
    codings = codings_of(data)
    part_labels = data_.labels("stances", "part")
    stance_labels = data_.labels("stances", "stance")
    parts = list(part_labels)
    blocks = data_["blocks"].sort_values("order").set_index("block_id")
    cells = _cells(codings, data_)
    names = block_labels(dataset=data_)
    class_ = codings is not None and len(codings) > 1
    height = (
        _MATRIX_TITLE_PX * (2 if codings is not None else 1)
        + _HEADER_PX
        + _BLOCK_PX * len(blocks)
        + _STANCE_KEY_PX
        + (_KEY_LINE_PX if class_ else 0)
        + _MARGINS_PX
    )
    ax = new_axes(ax, height / DPI)
    for row, block_id in enumerate(blocks.index):
        for col, part in enumerate(parts):
            stance, share = cells.get((block_id, part), (None, ""))
            colour = "white" if stance is None else colour_of(STANCE_COLOURS, stance, stance_labels)
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=colour, edgecolor="0.85", lw=2))
            mark = "?" if stance is None else STANCE_MARKS.get(stance, stance_labels[stance][:1])
            text = f"{mark} {share}".strip() if share else mark
            ax.text(col + 0.5, row + 0.5, text, ha="center", va="center", fontsize=11)
    ax.set_xlim(0, len(parts))
    ax.set_ylim(len(blocks), 0)
    # The parts' names over their columns, in lines no wider than a column.
    ax.set_xticks(
        [i + 0.5 for i in range(len(parts))], [wrapped(part_labels[p], 10) for p in parts]
    )
    ax.xaxis.tick_top()
    # A block whose statement refers to another's says so after its name.
    rows = [
        names[b] + ("" if pd.isna(refers) else f", as block {int(blocks.loc[refers, 'order'])}")
        for b, refers in blocks["refers_to_block"].items()
    ]
    ax.set_yticks([i + 0.5 for i in range(len(blocks))], rows)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    title = "How each block judged each part of the declaration"
    if codings is not None:
        title = f"How each block judged each part:\n{_whose(codings)}"
    set_title(ax, title, pad=6)
    handles = [
        Patch(
            color=colour_of(STANCE_COLOURS, s, stance_labels),
            label=f"{STANCE_MARKS.get(s, label[:1])}  {label}".strip(),
        )
        for s, label in stance_labels.items()
    ]
    legend_below(ax, handles, 3, title="Most chosen stance (chosen by)" if class_ else None)
    by_part = {
        p: pd.Series([cells[(b, p)][0] for b in blocks.index if (b, p) in cells]).value_counts()
        for p in parts
    }
    set_alt_text(
        ax,
        f"A grid of the {len(blocks)} signature blocks (rows) against the "
        f"{len(parts)} parts of the declaration (columns), each square coloured and "
        f"marked with the stance in {_whose(codings)}. "
        + _finding(by_part, part_labels, "block", len(blocks)),
        _text_version(by_part, part_labels, stance_labels, "block"),
    )
    return ax


def _cells(codings, data: Dataset) -> dict[tuple[str, str], tuple[str, str]]:
    """For each (block, part): the stance to draw and, for a class, 'n/N' (how many of the
    coders who coded it chose it)."""
    if codings is None:
        stances = data["stances"]
        return {
            (b, str(p)): (str(s), "")
            for b, p, s in zip(stances["block_id"], stances["part"], stances["stance"], strict=True)
        }
    stacked = pd.concat(
        [c[CODING_COLUMNS].assign(coder=name) for name, c in codings.items()], ignore_index=True
    ).dropna(subset=["stance"])
    order = list(data["stances"]["stance"].cat.categories)
    out = {}
    for (block, part), group in stacked.groupby(["block_id", "part"], observed=True):
        counts = group["stance"].astype(str).value_counts()
        # The most common stance; a tie goes to the stance first in the vocabulary's order.
        top = max(counts.index, key=lambda s: (counts[s], -order.index(s)))
        share = f"{counts[top]}/{len(group)}" if len(codings) > 1 else ""
        out[(str(block), str(part))] = (top, share)
    return out


PERCENT = "per cent"  # the noun of a class's figures: shares of the class's codes


def _amount(n: int, noun: str) -> str:
    """'3 blocks', '1 signature line', '85% of the codes'."""
    return f"{n}% of the codes" if noun == PERCENT else counted(n, noun)


def _finding(by_part, part_labels, noun, total) -> str:
    """The part that most and the part that fewest ``noun``s agree with (without
    reservation), in one sentence."""
    agreeing = {p: int(c.get("agrees", 0)) for p, c in by_part.items()}
    most = max(agreeing, key=agreeing.get)
    least = min(agreeing, key=agreeing.get)
    if noun == PERCENT:
        return (
            f"Most agreement without reservation: {part_labels[most]} "
            f"({_amount(agreeing[most], noun)}); least: {part_labels[least]} "
            f"({_amount(agreeing[least], noun)})."
        )
    return (
        f"Most agreement without reservation: {part_labels[most]} "
        f"({agreeing[most]} of {total} {noun}s); least: {part_labels[least]} "
        f"({agreeing[least]} of {total})."
    )


def _text_version(by_part, part_labels, stance_labels, noun) -> str:
    """One line per part: how many ``noun``s took each stance."""
    whose = "the class's codes" if noun == PERCENT else f"the {noun}s"
    lines = [f"**Text version.** Stances of {whose}, part by part:", ""]
    for part, counts in by_part.items():
        said = "; ".join(
            f"{stance_labels[s].lower()}: {_amount(int(n), noun)}"
            for s, n in counts.items()
            if n and s in stance_labels
        )
        lines.append(f"- {part_labels[part]}: {said or 'not coded'}")
    return "\n".join(lines)


@styled
@data_docs
def plot_agreement_summary(
    data=None,
    *,
    reading: str = "both",
    highlight: tuple[str, str] | None = None,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
):
    """How many signature lines took each stance, part by part of the declaration, under
    each reading of whom a statement covers.

    For each part of the declaration, a bar for each reading the data declares
    (``decl46:statementReadings``, the default first), split by stance with the count
    written in each segment: the counts depend on whether a statement printed above
    several names is each signer's or the first signer's alone, so the figure shows both.
    For a class's codings, the bars are shares of all the class's codes, in per cent.

    Parameters
    ----------
    data : DataFrame or dict or ClassCodings, optional
        The coding to count (see the module's docstring); the kit's own by default.
    reading : str
        ``"both"`` (a bar per reading), or one reading (``"first_signer"``,
        ``"every_signer"``) for one bar per part.
    highlight : (part, stance), optional
        Outline that segment in black (in the default reading's bar).
    ax : matplotlib Axes, optional
        Draw here; by default on a new figure a notebook column wide.
    {data_parameters}

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_agreement_summary()
    >>> ax.get_xlabel()
    'Signature lines (47: A. Goltsman signed twice)'
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['First signer only', 'Every name under it']
    """
    data_ = using(dataset, data_dir)
    codings = codings_of(data)
    readings = _readings(data_, reading)
    parts = len(data_.labels("stances", "part"))
    rows = parts * (len(readings) + _HEADER_ROWS)  # a part's name, then a bar per reading
    ax = new_axes(ax, (_BARS_PX + _BAR_PX * rows) / DPI)
    chart = AgreementChart(ax, data, readings=readings, dataset=data_)
    chart.add_key()
    if highlight is not None:
        chart.highlight(*highlight)
    part_labels = data_.labels("stances", "part")
    stance_labels = data_.labels("stances", "stance")
    unit = "signature line" if codings is None or len(codings) == 1 else PERCENT
    several = len(readings) > 1
    findings = " ".join(
        (f"{chart.reading_labels[r]}: " if several else "")
        + _finding(chart.by_part(r), part_labels, unit, chart.total)
        for r in readings
    )
    alt = (
        "Stacked bars for each part of the declaration, splitting the signature lines by "
        f"stance ({_whose(codings)})"
        + (", one bar for each reading of whom a statement covers" if several else "")
        + f". {findings}"
    )
    text = _text_version(chart.by_part(readings[0]), part_labels, stance_labels, unit)
    if several:
        text = "\n\n".join(
            _text_version(chart.by_part(r), part_labels, stance_labels, unit).replace(
                "part by part:", f"part by part, reading “{chart.reading_labels[r]}”:"
            )
            for r in readings
        )
    set_alt_text(ax, alt, text)
    return ax


def _readings(data: Dataset, reading: str) -> list[str]:
    """The readings to draw: all that the data declares (default first) for "both"."""
    if reading != "both":
        return [reading_of(data, reading)]
    declared = [r.value for r in data.readings]
    return declared or [reading_of(data, None)]


class AgreementChart:
    """The agreement bars, drawn on ``ax``: for each part of the declaration, its name and a
    bar for each reading; :meth:`highlight` outlines one segment. The explorer keeps one
    and redraws only the outline."""

    def __init__(
        self,
        ax,
        data=None,
        *,
        readings: list[str] | None = None,
        dataset: Dataset | None = None,
        data_dir: DataDir = None,
    ):
        data_ = using(dataset, data_dir)
        codings = codings_of(data)
        self.readings = readings or _readings(data_, "both")
        declared = {r.value: r.label for r in data_.readings}
        self.reading_labels = {r: declared.get(r, r.replace("_", " ")) for r in self.readings}
        self.counts = {r: _counts(codings, r, data_) for r in self.readings}
        self.part_labels = data_.labels("stances", "part")
        self.stance_labels = data_.labels("stances", "stance")
        class_ = codings is not None and len(codings) > 1
        self.total = 100 if class_ else len(data_["signatures"])
        self.ax = ax
        self.bars: dict[tuple[str, str, str], object] = {}
        self.highlighted: list = []
        # A row for the part's name (three quarters of a bar's), then a bar per reading.
        step = len(self.readings) + _HEADER_ROWS
        ticks, tick_labels = [], []
        for i, part in enumerate(self.part_labels):
            top = i * step
            ax.text(0, top, self.part_labels[part], fontsize=11, fontweight="bold", va="center")
            for j, reading in enumerate(self.readings):
                y = top + 0.8 + j
                ticks.append(y)
                tick_labels.append(self.reading_labels[reading] if len(self.readings) > 1 else "")
                self._bar(ax, y, part, reading)
        ax.set_yticks(ticks, tick_labels)
        ax.set_ylim(len(self.part_labels) * step - 0.5, -0.45)
        ax.set_xlim(0, self.total)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Per cent of the class's codes" if class_ else _lines_label(data_))
        lines = "the class's codes" if class_ else f"the {self.total} signature lines"
        set_title(ax, f"How {lines} judged each part")

    def _bar(self, ax, y: float, part: str, reading: str) -> None:
        left = 0.0
        counts = self.counts[reading]
        for stance in counts.columns:
            width = float(counts.loc[part, stance])
            colour = colour_of(STANCE_COLOURS, stance, self.stance_labels)
            (bar,) = ax.barh([y], [width], left=left, color=colour, edgecolor="white", height=0.8)
            self.bars[reading, part, stance] = bar
            # A count in a sliver too narrow for it is left to the text version.
            if width >= 0.06 * self.total:
                ax.text(
                    left + width / 2,
                    y,
                    f"{width:.0f}",
                    ha="center",
                    va="center",
                    fontweight="bold",
                )
            left += width

    def by_part(self, reading: str) -> dict[str, pd.Series]:
        """The counts of one reading, part by part."""
        counts = self.counts[reading]
        return {p: counts.loc[p] for p in counts.index}

    def add_key(self) -> None:
        """The key of the stances, under the figure."""
        from matplotlib.patches import Patch

        handles = [
            Patch(color=colour_of(STANCE_COLOURS, s, self.stance_labels), label=label)
            for s, label in self.stance_labels.items()
        ]
        legend_below(self.ax, handles, 3)

    def highlight(self, part: str, stance: str, reading: str | None = None) -> list:
        """Outline the ``(part, stance)`` segment of a reading's bar (the first reading's by
        default) in black, in place of any earlier highlight; return the artists added
        (none when no line took that stance)."""
        from matplotlib.patches import Rectangle

        for artist in self.highlighted:
            artist.remove()
        self.highlighted = []
        bar = self.bars[reading or self.readings[0], part, stance]
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


def _counts(codings, reading: str, data: Dataset) -> pd.DataFrame:
    """Signature lines per part and stance under a reading: for one coding, counts; for a
    class, per cent of all the class's codes."""
    if codings is None:
        return stance_counts(reading=reading, dataset=data).astype(float)
    tables = [stance_counts(c, reading=reading, dataset=data) for c in codings.values()]
    if len(tables) == 1:
        return tables[0].astype(float)
    total = sum(t.astype(float) for t in tables)
    coded = total.sum(axis=1)
    return (100 * total.div(coded.where(coded > 0, 1), axis=0)).round(0)
