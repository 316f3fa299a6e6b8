"""The figures: titles and labels a student can read, one colour per category, no clutter."""

from __future__ import annotations

import base64
import struct

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
    STANCE_MARKS,
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


def test_lifelines_in_two_parts_show_every_signer_once_in_order_of_death():
    first, later = decl46.plot_lifelines(part=1), decl46.plot_lifelines(part=2)
    names = [t.get_text() for ax in (first, later) for t in ax.get_yticklabels()]
    people = decl46.load_signatories().sort_values(["death_date", "name_as_signed"])
    assert names == list(people.name_as_signed)
    assert "part 1 of 2" in first.get_title() and "part 2 of 2" in later.get_title()
    with pytest.raises(ValueError, match="part must be between 1 and 2"):
        decl46.plot_lifelines(part=3)


def drawn_figures():
    """Every figure a notebook shows, drawn as the notebooks draw them."""
    events = decl46.load_events()
    trials = tuple(events.loc[events.category == "trial", "event_id"])
    return {
        "timeline, autumn 1923": decl46.plot_timeline(start="1923-07", end="1924-06"),
        "timeline, 1921-1941": decl46.plot_timeline(highlight=trials),
        "timeline, 1927": decl46.plot_timeline(
            start="1927-01",
            end="1927-12",
            categories=["opposition", "repression", "party_decision"],
        ),
        "stance matrix": decl46.plot_stance_matrix(),
        "agreement summary": decl46.plot_agreement_summary(),
        "lifelines 1": decl46.plot_lifelines(part=1),
        "lifelines 2": decl46.plot_lifelines(part=2),
    }


def test_figures_are_drawn_at_the_size_they_are_shown_with_text_readable_from_the_back():
    """Stored at the drawn size, no wider than a notebook column at 1024x768 (with the
    file browser open) and no taller than the screen under JupyterLab's bars; no text
    under 14 px on screen, titles larger."""
    from decl46.plots.style import COLUMN_WIDTH_PX, MAX_HEIGHT_PX

    for name, ax in drawn_figures().items():
        fig = ax.figure
        width, height = fig.get_size_inches() * fig.dpi
        assert width <= COLUMN_WIDTH_PX and height <= MAX_HEIGHT_PX, name
        fig.canvas.draw()
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
        px = {t.get_text(): t.get_fontsize() * fig.dpi / 72 for t in texts}
        assert min(px.values()) >= 14, (name, min(px, key=px.get))
        title = ax.get_title() or fig.get_suptitle()
        assert px[title] >= 19 and px[title] > min(px.values()), name
        renderer = fig.canvas.get_renderer()
        inside = fig.bbox.padded(1)
        for t in texts:
            box = t.get_window_extent(renderer)
            if box.overlaps(fig.bbox):  # (tick labels beyond the axis are not drawn)
                assert inside.x0 <= box.x0 and box.x1 <= inside.x1, (name, t.get_text())


def test_every_figure_says_what_it_shows_and_its_finding_in_its_alt_text_and_text_version():
    figures = drawn_figures()
    for name, ax in figures.items():
        fig = ax.figure
        assert len(fig.alt) > 60 and len(fig.text_version) > len(fig.alt) / 2, name
        assert fig.text_version.startswith("**Text version.**"), name
    counts = decl46.stance_counts()
    summary = figures["agreement summary"].figure
    agreeing = counts["agrees"]
    assert f"least: Party regime ({agreeing['party_regime']} of 47)" in summary.alt
    first = figures["lifelines 1"].figure
    people = decl46.load_signatories().sort_values(["death_date", "name_as_signed"]).head(23)
    executed = (people.fate == "executed").sum()
    assert f"executed: {executed}" in first.alt
    assert all(name in first.text_version for name in people.name_as_signed)
    autumn = figures["timeline, autumn 1923"].figure
    assert "Declaration of 46 sent to the Politburo (15 October 1923)" in autumn.alt


def test_a_figure_shown_in_a_notebook_stores_its_alt_text_and_its_text_version():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    published = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    ax = decl46.plot_agreement_summary()
    ax.figure._ipython_display_()
    (picture, picture_meta), (text, _) = published
    width, height = (round(v) for v in ax.figure.get_size_inches() * ax.figure.dpi)
    assert width == 590 and height <= 640
    assert picture_meta["image/png"] == {"alt": ax.figure.alt, "width": width, "height": height}
    assert picture["text/plain"] == ax.figure.alt
    png = base64.b64decode(picture["image/png"])
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert struct.unpack(">II", png[16:24]) == (width, height)  # stored at the size drawn
    assert text["text/markdown"] == ax.figure.text_version


def test_stance_matrix_has_a_labelled_cell_for_every_block_and_part():
    ax = decl46.plot_stance_matrix()
    assert ax.get_title() == "How each signature block judged\neach part of the declaration"
    assert len(ax.patches) == 13 * 4
    # Every square carries its stance's sign (the empty sign of "says nothing" included),
    # and the key says what each sign stands for.
    cell_texts = [t.get_text() for t in ax.texts if t.get_text() in STANCE_MARKS.values()]
    assert len(cell_texts) == 52
    assert cell_texts.count("✓?") == sum(
        (decl46.load_stances().stance == "agrees_with_reservations")
        & decl46.load_stances().block_id.notna()
    )
    key = [t.get_text() for t in ax.figure.legends[0].get_texts()]
    assert "✓?  agrees, with reservations" in key and "says nothing" in key
    assert [t.get_text() for t in ax.get_yticklabels()][5] == "6. Bubnov and 6 others"
    assert colours_of(ax) <= {mcolors.to_hex(c) for c in STANCE_COLOURS.values()}
    assert overlapping_texts(ax) == []


def test_agreement_summary_shows_the_proposal_backing_under_both_readings():
    ax = decl46.plot_agreement_summary()
    readings = [r.label for r in decl46.open_data().readings]
    parts = list(decl46.vocabulary("stances", "part")["label"])
    assert [
        t.get_text() for t in ax.texts if t.get_fontweight() == "bold" and t.get_text() in parts
    ] == parts
    assert [t.get_text() for t in ax.get_yticklabels()] == readings * len(parts)
    # The proposal's bars are the last rows, one per reading, and show what the counts say.
    ticks = ax.get_yticks()[-len(readings) :]
    for y, reading in zip(ticks, decl46.open_data().readings, strict=True):
        counts = decl46.stance_counts(reading=reading.value).loc["proposal"]
        bars = [p for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - y) < 0.01]
        backing = sum(
            p.get_width()
            for p in bars
            if mcolors.to_hex(p.get_facecolor())
            in {
                STANCE_COLOURS["agrees"].lower(),
                STANCE_COLOURS["agrees_with_reservations"].lower(),
            }
        )
        assert backing == counts["agrees"] + counts["agrees_with_reservations"]
    assert "Signature lines" in ax.get_xlabel()
    assert overlapping_texts(ax) == []


def test_the_agreement_counts_depend_on_the_reading_and_the_figure_shows_both():
    first = decl46.stance_counts(reading="first_signer")
    every = decl46.stance_counts(reading="every_signer")
    assert (first.sum(axis=1) == every.sum(axis=1)).all()
    # Read as the first signer's alone, the statements of the unclear blocks reach fewer
    # lines, so more lines agree without reservation.
    assert (first["agrees"] >= every["agrees"]).all() and (first["agrees"] > every["agrees"]).any()
    text = decl46.plot_agreement_summary().figure.text_version
    for reading in decl46.open_data().readings:
        assert reading.label in text


def test_timeline_numbers_the_events_the_lessons_talk_about_and_lists_them_in_its_key():
    ax = decl46.plot_timeline()
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert "Moscow trials" in lanes and "Deaths of signers" in lanes
    events = decl46.load_events()
    marked = events[events.highlight.fillna(False)].sort_values("date")
    stars = marks_shaped(ax, "*")
    assert len(stars) == len(marked) > 2
    assert sorted(matplotlib.dates.num2date(x).strftime("%Y-%m-%d") for x, _ in stars) == [
        d.strftime("%Y-%m-%d") for d in marked.date
    ]
    numbers = [t.get_text() for t in ax.texts]
    assert numbers == [str(n) for n in range(1, len(marked) + 1)]
    key = [t.get_text().replace("\n", " ") for t in ax.figure.legends[0].get_texts()]
    assert [k.split(": ", 1)[1] for k in key[: len(marked)]] == list(marked.title)
    assert key[0].startswith("8 October 1923: ")
    assert ax.get_title() == "Timeline of the opposition,\n1921–1941"
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
    ax = decl46.plot_lifelines(parts=1, highlight="pyatakov")
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
    from decl46.plots.lifelines import LifelinesChart

    drawn = []

    def draw(ax):
        drawn.append(LifelinesChart(ax))

    from decl46.widgets import SignatoryExplorer

    size = tuple(SignatoryExplorer().live.figure.get_size_inches())
    chart = LiveChart(size, draw)  # as the signatory explorer draws it
    (lifelines,) = drawn
    renderer = chart.canvas.get_renderer()
    title = chart.ax.yaxis.label.get_window_extent(renderer)
    for person_id in lifelines.people["person_id"]:
        (name,) = [a for a in lifelines.highlight(person_id) if hasattr(a, "get_text")]
        box = name.get_window_extent(renderer)
        assert box.x0 > title.x1 and box.x0 > 0, person_id
