"""The figures: titles and labels a student can read, one colour per category, no clutter."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

import decl46
from decl46.plots.style import (
    CATEGORY_COLOURS,
    FATE_COLOURS,
    HIGHLIGHT_BAND,
    STANCE_COLOURS,
    wrapped,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def colours_of(ax) -> set[str]:
    found = set()
    for patch in ax.patches:
        found.add(mcolors.to_hex(patch.get_facecolor()))
    for line in ax.lines:
        found.add(mcolors.to_hex(line.get_color()))
    for collection in ax.collections:
        found |= {mcolors.to_hex(c) for c in collection.get_facecolors()}
        found |= {mcolors.to_hex(c) for c in collection.get_edgecolors()}
    return found


def marks_shaped(ax, marker: str) -> list[tuple[float, float]]:
    """Positions of the scatter marks drawn with ``marker`` (e.g. "*")."""
    from matplotlib.markers import MarkerStyle

    style = MarkerStyle(marker)
    wanted = style.get_path().transformed(style.get_transform()).vertices
    return [
        tuple(point)
        for collection in ax.collections
        for path in collection.get_paths()[:1]
        if path.vertices.shape == wanted.shape and (abs(path.vertices - wanted) < 1e-9).all()
        for point in collection.get_offsets()
    ]


def overlapping_texts(ax) -> list[tuple[str, str]]:
    """Pairs of visible texts in the axes whose drawn boxes overlap."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def test_every_plot_draws_on_the_axes_it_is_given():
    for plot in [
        decl46.plot_stance_matrix,
        decl46.plot_agreement_summary,
        decl46.plot_timeline,
        decl46.plot_lifelines,
    ]:
        _, ax = plt.subplots()
        assert plot(ax=ax) is ax


def test_stance_matrix_has_a_labelled_cell_for_every_block_and_part():
    ax = decl46.plot_stance_matrix()
    assert ax.get_title() == "How each signature block judged each part of the declaration"
    assert len(ax.patches) == 13 * 4
    shown = {wrapped(label, 14) for label in decl46.vocabulary("stances", "stance")["label"]}
    cell_texts = [t.get_text() for t in ax.texts if t.get_text() in shown]
    assert len(cell_texts) == 52
    assert "agrees, with\nreservations" in cell_texts and "says nothing" in cell_texts
    assert [t.get_text() for t in ax.get_yticklabels()][5] == "6. Bubnov and 6 others"
    assert colours_of(ax) <= {mcolors.to_hex(c) for c in STANCE_COLOURS.values()}
    assert overlapping_texts(ax) == []


def test_agreement_summary_shows_the_proposal_backed_by_all_47_lines():
    ax = decl46.plot_agreement_summary()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Economic crisis", "Party regime", "Causes", "Proposal: a conference"]
    proposal_bars = [p for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - 3) < 0.01]
    backing = sum(
        p.get_width()
        for p in proposal_bars
        if mcolors.to_hex(p.get_facecolor())
        in {STANCE_COLOURS["agrees"].lower(), STANCE_COLOURS["agrees_with_reservations"].lower()}
    )
    assert backing == 47
    assert "Signature lines" in ax.get_xlabel()
    assert overlapping_texts(ax) == []


def test_timeline_has_a_lane_per_category_and_stars_for_the_two_letters():
    ax = decl46.plot_timeline()
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert "Moscow trials" in lanes and "Deaths of signers" in lanes
    stars = marks_shaped(ax, "*")
    assert len(stars) == 2
    assert {matplotlib.dates.num2date(x).strftime("%Y-%m-%d") for x, _ in stars} == {
        "1923-10-08",
        "1923-10-15",
    }
    titles = {t.get_text() for t in ax.texts}
    assert {
        "Trotsky's letter to the CC and CCC",
        "Declaration of 46 sent to the Politburo",
    } <= titles
    assert ax.get_title() == "Timeline of the opposition, 1921–1941"
    assert colours_of(ax) - {"#000000", "#ffffff", "#333333", "#4d4d4d"} <= {
        mcolors.to_hex(c) for c in CATEGORY_COLOURS.values()
    }


def test_timeline_range_and_categories_filter_what_is_drawn():
    ax = decl46.plot_timeline(start="1923-07", end="1923-12", categories=["opposition", "trial"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Opposition"]
    low, high = ax.get_xlim()
    assert matplotlib.dates.num2date(low).year == 1923
    assert matplotlib.dates.num2date(high).year in (1923, 1924)
    assert overlapping_texts(ax) == []


def test_lifelines_one_row_per_signatory_coloured_by_fate_with_the_three_trials():
    ax = decl46.plot_lifelines(highlight="pyatakov")
    labels = ax.get_yticklabels()
    assert len(labels) == 46
    bold = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    assert bold == ["G. Piatakov"]
    thick = [line for line in ax.lines if line.get_linewidth() == 10]
    assert len(thick) == 1 and thick[0].get_ydata()[0] == 46 - 1 - [
        t.get_text() for t in labels
    ].index("G. Piatakov")
    trial_lines = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(trial_lines) == 3
    assert colours_of(ax) - {"#000000", "#ffffff", mcolors.to_hex(HIGHLIGHT_BAND)} <= {
        mcolors.to_hex(c) for c in FATE_COLOURS.values()
    }
    assert (
        sum(t.get_text() == " ?" for t in ax.texts)
        == decl46.load_signatories().death_date.isna().sum()
    )
    assert overlapping_texts(ax) == []


def test_cyrillic_renders_with_the_kit_font():
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    from decl46.plots.style import RC

    font = FT2Font(findfont(FontProperties(family=RC["font.family"]), fallback_to_default=False))
    charmap = font.get_charmap()
    assert all(ord(ch) in charmap for ch in "Пятаков Розенгольц Преображенский")


def test_plots_leave_the_users_matplotlib_settings_alone():
    before = dict(plt.rcParams)
    decl46.plot_agreement_summary()
    after = dict(plt.rcParams)
    changed = {k for k in before if before[k] != after[k]}
    assert changed <= {"interactive"}


def test_a_highlighted_name_stays_clear_of_the_axis_title_and_inside_the_figure():
    from decl46.plots._live_chart import LiveChart
    from decl46.plots.over_time import Lifelines

    drawn = []

    def draw(ax):
        drawn.append(Lifelines(ax))

    chart = LiveChart((11, 12), draw)  # as the signatory explorer draws it
    (lifelines,) = drawn
    renderer = chart.canvas.get_renderer()
    title = chart.ax.yaxis.label.get_window_extent(renderer)
    for person_id in lifelines.people["person_id"]:
        (name,) = [a for a in lifelines.highlight(person_id) if hasattr(a, "get_text")]
        box = name.get_window_extent(renderer)
        assert box.x0 > title.x1 and box.x0 > 0, person_id
