"""One look for every figure: colour-blind-safe colours, sizes for a projector, Cyrillic.

Colours are the Okabe–Ito palette, designed to stay distinct for the common forms of
colour blindness; every colour is paired with a label or a marker shape, so no figure
depends on colour alone. The font is DejaVu Sans, which ships with matplotlib and covers
Cyrillic, so names like «Пятаков» render the same on every machine.

Colours are keyed by the values of the vocabularies declared in ``data/datapackage.json``;
the labels shown beside them come from there too (:func:`decl46.vocabulary`). A value that
an edited copy of the data adds gets a colour from :data:`SPARE` (see :func:`colour_of`).
"""

from __future__ import annotations

import functools
import textwrap

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
# Behind a highlighted row (the lifelines' chosen person): a pale form of Okabe-Ito yellow,
# light enough for the black and coloured marks drawn over it.
HIGHLIGHT_BAND = "#FBF5B5"

STANCE_COLOURS = {
    "agrees": OKABE_ITO["bluish_green"],
    "agrees_with_reservations": OKABE_ITO["sky_blue"],
    "disagrees": OKABE_ITO["vermillion"],
    "abstains": OKABE_ITO["yellow"],
    "not_stated": "#DDDDDD",
}
FATE_COLOURS = {
    "executed": OKABE_ITO["vermillion"],
    "died_in_custody": OKABE_ITO["reddish_purple"],
    "suicide": OKABE_ITO["orange"],
    "natural_death": OKABE_ITO["bluish_green"],
    "accident": OKABE_ITO["blue"],
    "killed_other": OKABE_ITO["black"],
    "unknown": OKABE_ITO["grey"],
}
# A sign for each stance, written in its square of the stance matrix and in the key, so
# the matrix reads in black and white and in a square too small for the stance's words.
STANCE_MARKS = {
    "agrees": "✓",
    "agrees_with_reservations": "✓?",
    "disagrees": "✗",
    "abstains": "–",
    "not_stated": "",
}

CATEGORY_COLOURS = {
    "congress": OKABE_ITO["blue"],
    "party_decision": OKABE_ITO["sky_blue"],
    "leadership": OKABE_ITO["yellow"],
    "economy": OKABE_ITO["bluish_green"],
    "opposition": OKABE_ITO["orange"],
    "international": OKABE_ITO["reddish_purple"],
    "repression": OKABE_ITO["vermillion"],
    "trial": OKABE_ITO["black"],
    "death": OKABE_ITO["grey"],
}

# Colours for values no mapping above knows (a category a teacher's copy adds), in turn.
SPARE = ("#332288", "#88CCEE", "#117733", "#DDCC77", "#882255", "#44AA99", "#AA4499")


def colour_of(mapping: dict[str, str], value: str, values) -> str:
    """The colour of ``value``: from ``mapping``, or else a spare colour chosen by the value's
    position among the unmapped ``values`` (so each new value keeps one colour)."""
    if value in mapping:
        return mapping[value]
    unmapped = [v for v in values if v not in mapping]
    return SPARE[unmapped.index(value) % len(SPARE)] if value in unmapped else OKABE_ITO["grey"]


def wrapped(label: str, width: int = 14) -> str:
    """A label broken into lines of about ``width`` characters, for tick labels."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


# Figures are drawn at the size they are shown, for the projector setting the teacher
# guide names: JupyterLab full screen at 1024x768, browser zoom 150%, file browser closed
# (Ctrl+B). The notebook there is 683x512 CSS px; tests/test_projector.py measures, in
# that setting, the output column (567 px wide) and the notebook area between JupyterLab's
# bars (391 px high). A figure is at most 560x380 px at 100 dots per inch, so it is shown
# unshrunk and whole on one screen, and also fits the 592-px column of JupyterLab's
# default layout (100%, file browser open). A point is 100/72 px, times 1.5 on the
# projector: the smallest text (10 pt) is 13.9 px in the page and 20.8 px on the
# projector's screen, titles (13 pt) 27 px.
DPI = 100
COLUMN_WIDTH_PX = 560
MAX_HEIGHT_PX = 380
# The picture an explorer stores for a notebook opened cold is its chart under a banner
# saying to run the notebook (decl46.widgets._panel, 44 px): an explorer's chart leaves
# room for it.
EXPLORER_HEIGHT_PX = MAX_HEIGHT_PX - 44
FIGURE_WIDTH = COLUMN_WIDTH_PX / DPI
MIN_FONT_PT = 10
TITLE_PT = 13

RC = {
    "font.family": "DejaVu Sans",
    "font.size": MIN_FONT_PT,
    "axes.titlesize": TITLE_PT,
    "axes.titleweight": "bold",
    "figure.titlesize": TITLE_PT,
    "figure.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    # Keys packed close: a screen's height is the scarcest thing a figure has.
    "legend.labelspacing": 0.3,
    "legend.handlelength": 1.6,
    "legend.handletextpad": 0.5,
    "legend.columnspacing": 1.2,
    "legend.borderpad": 0.2,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.constrained_layout.h_pad": 0.03,
    "figure.constrained_layout.w_pad": 0.03,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "decl46",
}


def styled(func):
    """Draw inside the kit's style (``plt.rc_context``) without changing the user's defaults."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import matplotlib
        import matplotlib.pyplot as plt

        with plt.rc_context(RC):
            result = func(*args, **kwargs)
            interactive = matplotlib.is_interactive()
        # Jupyter's inline backend switches interactive mode on when the first figure
        # loads it; rc_context would switch it off again on exit, and later figures
        # would no longer be shown. Keep what the backend set.
        matplotlib.interactive(interactive)
        return result

    return wrapper


def new_axes(ax, height: float, *, one_screen: bool = True):
    """The axes to draw on: the one given, or a new :class:`~decl46.plots.described.
    DescribedFigure`'s, a column wide and ``height`` inches high (at most one screen,
    unless ``one_screen`` is false)."""
    import matplotlib.pyplot as plt

    from decl46.plots.described import DescribedFigure

    if ax is not None:
        return ax
    if one_screen:
        height = min(height, MAX_HEIGHT_PX / DPI)
    _, ax = plt.subplots(
        figsize=(FIGURE_WIDTH, height), layout="constrained", FigureClass=DescribedFigure
    )
    return ax


def set_title(ax, title: str, **kwargs) -> None:
    """Give ``ax`` its title, centred on the figure when the axes is the figure's only one
    (the labels left of the axes leave it room there: a title centred over the axes alone
    would run off the figure's right edge)."""
    from matplotlib.transforms import blended_transform_factory

    ax.set_title(title, **kwargs)
    if len(ax.figure.axes) == 1:
        figure_x = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
        ax.title.set_transform(figure_x + ax.titleOffsetTrans)


def renderer_of(figure):
    """The renderer that will draw ``figure`` (to measure text before it is drawn)."""
    canvas = figure.canvas
    return canvas.get_renderer() if hasattr(canvas, "get_renderer") else figure._get_renderer()


def settle_layout(figure) -> None:
    """Lay ``figure`` out now, as drawing it will: what is placed by its position on screen
    (a timeline's numbers) is then placed where it will be drawn."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.execute(figure)


def set_alt_text(ax, alt: str, text_version: str) -> None:
    """Give the figure of ``ax`` its alt text and text version, if it is the kit's own
    (a figure the caller made and passed in as ``ax`` is left as it is)."""
    from decl46.plots.described import DescribedFigure

    if isinstance(ax.figure, DescribedFigure):
        ax.figure.set_alt_text(alt, text_version)


def counted(n: int, noun: str) -> str:
    """'1 event', '3 events'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def legend_below(ax, handles, ncol: int, title: str | None = None) -> None:
    """The key of a figure, under its axes, in the room the layout makes for it (so that a
    narrow figure keeps the width of its axes)."""
    if ax.figure.get_layout_engine() is not None:
        ax.figure.legend(
            handles=handles, loc="outside lower center", ncol=ncol, frameon=False, title=title
        )
    else:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=ncol,
            frameon=False,
            title=title,
        )
