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


def test_lifelines_in_parts_show_every_signer_once_in_order_of_death():
    """By default as many parts as one screen needs: four of at most 12 for the 46."""
    from decl46.plots.lifelines import LIVES_PER_SCREEN

    parts = [decl46.plot_lifelines(part=k) for k in (1, 2, 3, 4)]
    names = [t.get_text() for ax in parts for t in ax.get_yticklabels()]
    people = decl46.load_signatories().sort_values(["death_date", "name_as_signed"])
    assert names == list(people.name_as_signed)
    assert all(len(ax.get_yticklabels()) <= LIVES_PER_SCREEN for ax in parts)
    assert [f"part {k} of 4" in ax.get_title() for k, ax in enumerate(parts, start=1)] == [True] * 4
    assert "the 12 who died first" in parts[0].get_title()
    assert "11 deaths not known" in parts[3].get_title()
    with pytest.raises(ValueError, match=r"part must be between 1 and 4 \(the 46 people"):
        decl46.plot_lifelines(part=5)
    # Two parts, when asked for (each taller than a screen allows, so squeezed into one).
    halves = [decl46.plot_lifelines(part=k, parts=2) for k in (1, 2)]
    assert [len(ax.get_yticklabels()) for ax in halves] == [23, 23]


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
        **{f"lifelines {k}": decl46.plot_lifelines(part=k) for k in (1, 2, 3, 4)},
    }


def explorer_figures():
    """The charts of the explorers (notebook 05 and the app), as each first shows them and
    after a change: every part of the lifelines, the timeline with a lane switched off."""
    from decl46 import widgets
    from decl46.plots.lifelines import lifeline_parts

    signatory = widgets.SignatoryExplorer()
    people = decl46.load_signatories().set_index("person_id")
    figures = {}
    for part, ids in enumerate(lifeline_parts(people.reset_index()), start=1):
        # The last of each part, looked up by surname and highlighted.
        signatory.look_up(people.loc[ids[-1], "name_as_signed"].split()[-1])
        assert signatory.lifelines.part == part
        figures[f"signatory explorer, part {part}"] = signatory.live.figure
    agreement = widgets.AgreementExplorer()
    figures["agreement explorer"] = agreement.live.figure
    timeline = widgets.TimelineExplorer()
    figures["timeline explorer"] = timeline.live.figure
    timeline.categories["opposition"].value = False
    timeline.start.value = timeline.start.options[0][1]
    figures["timeline explorer, from 1921, opposition off"] = timeline.live.figure
    return figures


def drawn_texts(fig) -> list:
    """The texts a figure draws: titles, axis labels, the tick labels in view, the texts in
    its axes, its keys' texts and titles."""
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            texts.append(axis.label)
            texts += [
                tick.label1
                for tick in axis.get_major_ticks()
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9
            ]
        if ax.get_legend() is not None:
            texts += [*ax.get_legend().get_texts(), ax.get_legend().get_title()]
    for legend in fig.legends:
        texts += [*legend.get_texts(), legend.get_title()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


# The projector setting (decl46/plots/style.py): browser zoom 150%, so a figure's pixel is
# 1.5 pixels on the projector's screen, and text must be at least 20 of them.
ZOOM, SMALLEST_PX = 1.5, 20


def check_fits_one_screen_and_reads(name: str, fig, max_height: float) -> None:
    from decl46.plots.style import COLUMN_WIDTH_PX

    width, height = fig.get_size_inches() * fig.dpi
    assert width <= COLUMN_WIDTH_PX and height <= max_height, (name, width, height)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = drawn_texts(fig)
    px = {t: t.get_fontsize() * fig.dpi / 72 for t in texts}
    smallest = min(px, key=px.get)
    assert px[smallest] * ZOOM >= SMALLEST_PX, (name, smallest.get_text(), px[smallest])
    title = fig.axes[0].title
    assert px[title] * ZOOM >= 1.25 * SMALLEST_PX, name
    inside = fig.bbox.padded(0.5)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    for text, box in boxes:
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, (name, text, box)
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, (name, text, box)
    # A highlighted name is written over its plain tick label, on purpose.
    bold = {t.get_text() for t in texts if t.get_fontweight() == "bold"}
    overlapping = [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b) and not (a == b and a in bold)
    ]
    assert overlapping == [], name


def test_figures_fit_one_projector_screen_with_text_a_class_reads():
    """At the projector setting each figure is shown unshrunk (no wider than the notebook
    column) and whole (no taller than the notebook area between JupyterLab's bars); its
    smallest text is at least 20 px on the projector's screen, its title larger; no text
    leaves the figure or covers another."""
    from decl46.plots.style import MAX_HEIGHT_PX

    class_ = decl46.read_class_codings(decl46.example_class_folder())
    others = {
        # What a teacher draws of the class's coding, and one reading alone.
        "stance matrix, class": decl46.plot_stance_matrix(class_),
        "agreement summary, class": decl46.plot_agreement_summary(class_),
        "agreement summary, one reading": decl46.plot_agreement_summary(reading="every_signer"),
    }
    for name, ax in {**drawn_figures(), **others}.items():
        check_fits_one_screen_and_reads(name, ax.figure, MAX_HEIGHT_PX)


def test_the_explorers_charts_fit_one_screen_under_their_banner_with_text_a_class_reads():
    """An explorer's stored picture is its chart under a banner (decl46.widgets._panel):
    the two together fit the screen a figure fits."""
    from decl46.plots.style import MAX_HEIGHT_PX
    from decl46.widgets._panel import BANNER_PX

    for name, fig in explorer_figures().items():
        check_fits_one_screen_and_reads(name, fig, MAX_HEIGHT_PX - BANNER_PX)


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
    people = decl46.load_signatories().sort_values(["death_date", "name_as_signed"]).head(12)
    executed = (people.fate == "executed").sum()
    assert f"executed: {executed}" in first.alt
    assert all(name in first.text_version for name in people.name_as_signed)
    autumn = figures["timeline, autumn 1923"].figure
    assert "2. Declaration of 46 sent to the Politburo (15 October 1923)" in autumn.alt
    # The text version lists the numbered stars by their numbers, as the key does.
    assert "\n1. 8 October 1923: Trotsky's letter to the CC and CCC\n" in autumn.text_version


def test_a_figure_shown_in_a_notebook_stores_its_alt_text_and_its_text_version():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    published = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    ax = decl46.plot_agreement_summary()
    ax.figure._ipython_display_()
    (picture, picture_meta), (text, _) = published
    from decl46.plots.style import COLUMN_WIDTH_PX, MAX_HEIGHT_PX, MIN_FONT_PT

    width, height = (round(v) for v in ax.figure.get_size_inches() * ax.figure.dpi)
    assert width == COLUMN_WIDTH_PX and height <= MAX_HEIGHT_PX
    assert picture_meta["image/png"] == {
        "alt": ax.figure.alt,
        "width": width,
        "height": height,
        # The size of its smallest text, for a check of the page (tests/test_projector.py).
        "smallest_text_px": round(MIN_FONT_PT * ax.figure.dpi / 72, 2),
    }
    assert picture["text/plain"] == ax.figure.alt
    png = base64.b64decode(picture["image/png"])
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert struct.unpack(">II", png[16:24]) == (width, height)  # stored at the size drawn
    assert text["text/markdown"] == ax.figure.text_version


def test_stance_matrix_has_a_labelled_cell_for_every_block_and_part():
    ax = decl46.plot_stance_matrix()
    assert ax.get_title() == "How each block judged each part of the declaration"
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
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[5] == "6. Bubnov and 6 others"
    # A block whose statement refers to another's says which, after its name.
    blocks = decl46.load_blocks().sort_values("order")
    refers = blocks.refers_to_block.notna().to_numpy()
    assert refers.sum() >= 2
    assert all(r.endswith(", as block 6") for r in [rows[i] for i in refers.nonzero()[0]])
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
    ax = decl46.plot_timeline(start="1923-07", end="1924-06")
    events = decl46.load_events()
    marked = events[events.highlight.fillna(False)].sort_values("date")
    numbers = numbered_stars(ax)
    assert sorted(n for n in numbers) == list(range(1, len(marked) + 1))
    # Trotsky's letter and the declaration, a week apart, share one star: 1, 2.
    assert [t.get_text() for t in number_texts(ax)].count("1, 2") == 1
    key = [t.get_text().replace("\n", " ") for t in ax.figure.legends[0].get_texts()]
    assert [k.split(": ", 1)[1] for k in key[: len(marked)]] == list(marked.title)
    assert key[0].startswith("8 October 1923: ")
    assert ax.get_title() == "Timeline of the opposition, 1923–1924"
    assert colours_of(ax) - {"#000000", "#ffffff", "#333333", "#4d4d4d"} <= {
        mcolors.to_hex(c) for c in CATEGORY_COLOURS.values()
    }
    whole = decl46.plot_timeline()
    # Lanes from the bottom up: the signers' deaths last, under the trials.
    assert [t.get_text() for t in whole.get_yticklabels()][:2] == [
        "Deaths of signers",
        "Moscow trials",
    ]
    assert whole.get_title() == "Timeline of the opposition, 1921–1941"


def test_timeline_has_a_lane_for_each_category_chosen_with_an_event_and_no_other():
    ax = decl46.plot_timeline(start="1923-07", end="1923-12", categories=["opposition", "trial"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Opposition"]
    low, high = ax.get_xlim()
    assert matplotlib.dates.num2date(low).year == 1923
    assert matplotlib.dates.num2date(high).year in (1923, 1924)
    # Every year of the period is drawn, and its lanes checked, in the next test.


def check_lanes_of_year(ax, year: str) -> None:
    """A timeline of one ``year`` has a lane for each category with an event that year, in
    the categories' order from the top down, each lane one unit high; a year with none
    says so."""
    labels = decl46.tables.timeline_categories()
    shown = decl46.events_between(f"{year}-01-01", f"{year}-12-31")
    lanes = [t.get_text() for t in ax.get_yticklabels()][::-1]  # from the top down
    assert lanes == [labels[c] for c in labels if (shown.category == c).any()], year
    # Each lane exactly one unit high, from the axes' bottom edge to its top edge.
    assert ax.get_ylim() == (-0.5, max(len(lanes), 1) - 0.5), year
    if not lanes:
        assert "No event to show" in [t.get_text() for t in ax.texts], year


def number_texts(ax) -> list:
    """The numbers written beside the stars."""
    import re

    return [
        t for t in ax.texts if t.get_visible() and re.fullmatch(r"\d+((, |–)\d+)*", t.get_text())
    ]


def numbers_in(text: str) -> list[int]:
    """'1, 2' -> [1, 2]; '1–3, 7' -> [1, 2, 3, 7]."""
    out = []
    for part in text.split(", "):
        first, _, last = part.partition("–")
        out += list(range(int(first), int(last or first) + 1))
    return out


def numbered_stars(ax) -> dict[int, tuple[float, float]]:
    """Check the drawn positions of a timeline's stars and numbers, on screen: no star
    covers another or leaves its lane or the axes; each number stands beside one star,
    inside that star's lane, clear of every star and every other number; every star has
    its numbers. Return each number's star (its centre on screen, x and y)."""
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    dpi = ax.figure.dpi
    (stars,) = [c for c in ax.collections if (c.get_offsets(), c) and is_star(c)]
    centres = ax.transData.transform(stars.get_offsets()) if len(stars.get_offsets()) else []
    (size,) = stars.get_sizes()
    half = (size**0.5 / 2 + stars.get_linewidths()[0] / 2) * dpi / 72
    boxes = [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in centres]
    lanes = ax.get_yticks()
    to_y = ax.transData.transform

    def lane_of(box):
        for lane in lanes:
            low, high = to_y((0, lane - 0.5))[1], to_y((0, lane + 0.5))[1]
            if low - 0.5 <= box.y0 and box.y1 <= high + 0.5:
                return lane
        return None

    axes = ax.bbox.padded(0.5)
    for i, box in enumerate(boxes):
        assert lane_of(box) is not None, f"star {i} leaves its lane"
        assert axes.x0 <= box.x0 and box.x1 <= axes.x1, f"star {i} leaves the axes"
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), "two stars overlap"
    texts = number_texts(ax)
    text_boxes = [t.get_window_extent(renderer) for t in texts]
    found: dict[int, tuple[float, float]] = {}
    owners = []
    for text, box in zip(texts, text_boxes, strict=True):
        lane = lane_of(box)
        assert lane is not None, f"number {text.get_text()} leaves its lane"
        assert axes.x0 <= box.x0 and box.x1 <= axes.x1, f"number {text.get_text()} leaves the axes"
        assert not any(box.overlaps(star) for star in boxes), f"{text.get_text()} covers a star"
        assert sum(box.overlaps(other) for other in text_boxes) == 1, "two numbers overlap"
        # Its star: in the same lane, beside it (the gap under 5 px).
        beside = [
            k
            for k, star in enumerate(boxes)
            if lane_of(star) == lane and min(abs(box.x0 - star.x1), abs(star.x0 - box.x1)) < 5
        ]
        assert len(beside) == 1, f"number {text.get_text()} is beside {len(beside)} stars"
        owners.append(beside[0])
        for n in numbers_in(text.get_text()):
            assert n not in found, f"number {n} written twice"
            found[n] = tuple(centres[beside[0]])
    assert sorted(owners) == list(range(len(boxes))), "a star without its number"
    return found


def is_star(collection) -> bool:
    from matplotlib.markers import MarkerStyle

    style = MarkerStyle("*")
    wanted = style.get_path().transformed(style.get_transform()).vertices
    paths = collection.get_paths()
    return bool(paths) and paths[0].vertices.shape == wanted.shape


def check_stars_stand_at_their_events(ax, named, *, close: bool = True) -> None:
    """The stars and numbers of a timeline drawn with the events ``named`` (numbered by
    date) pass :func:`numbered_stars`, and each event's star stands where the event is on
    the date axis (its day, the start of a span, the middle of a month or year; or the
    axes' end, for one that began before the range): within a star's width when
    ``close``, else within the span of its star's events widened by a star's width (a
    star that carries events too crowded to have a star each)."""
    import numpy as np

    stars = numbered_stars(ax)
    assert sorted(stars) == list(range(1, len(named) + 1))
    (collection,) = [c for c in ax.collections if is_star(c)]
    width = collection.get_sizes()[0] ** 0.5 * ax.figure.dpi / 72
    middle = np.where(
        (named["date_precision"].astype(str) == "day") | named["end_date"].notna(),
        matplotlib.dates.date2num(named["date"]),
        matplotlib.dates.date2num(named["date"] + (named["last"] - named["date"]) / 2),
    )
    where = np.clip(
        ax.transData.transform(np.column_stack([middle, np.zeros(len(middle))]))[:, 0],
        ax.bbox.x0 + width / 2,
        ax.bbox.x1 - width / 2,
    )
    carried: dict[tuple[float, float], list[float]] = {}
    for n, x in enumerate(where, start=1):
        carried.setdefault(stars[n], []).append(x)
    for n, x in enumerate(where, start=1):
        star_x = stars[n][0]
        if close:
            assert abs(x - star_x) < width, (n, named["title"].iloc[n - 1])
        else:
            xs = carried[stars[n]]
            assert min(xs) - width < star_x < max(xs) + width, (n, named["title"].iloc[n - 1])


def timeline_ranges(sweep: str = "every"):
    """Ranges a class draws: the lessons' ranges, the whole, and every year ("years") or
    every year and every two years ("every")."""
    years = [(str(y), str(y)) for y in range(1921, 1942)]
    pairs = [(str(y), str(y + 1)) for y in range(1921, 1941)] if sweep == "every" else []
    return [*years, *pairs, ("1923-07", "1924-06"), ("1923-09", "1923-11"), (None, None)]


def shown_named(start, end, highlight=None):
    from decl46.dates import last_day, overlapping

    events = decl46.timeline_events()
    events["last"] = last_day(events)
    shown = events[overlapping(events, start, end)]
    marked = shown.event_id.isin(highlight) if highlight else shown.highlight.fillna(False)
    return shown[marked].sort_values("date", kind="stable")


# The lessons' own stars over every year in make check; over every two-year window too,
# and with the trials and a crowded set of stars, in make test (several seconds each).
@pytest.mark.parametrize(
    ("highlight", "sweep"),
    [
        ("lessons", "years"),
        pytest.param("lessons", "every", marks=pytest.mark.slow),
        pytest.param("trials", "every", marks=pytest.mark.slow),
        pytest.param("crowded", "every", marks=pytest.mark.slow),
    ],
)
def test_timeline_stars_and_numbers_never_overlap_or_leave_their_lane(highlight, sweep):
    """On the drawn positions (display coordinates), for every range a class may draw:
    with the events the lessons talk about, with the three trials (notebook 01), and with
    every event of the opposition's lane starred (a teacher's crowded choice: there a star
    may carry events further apart than a star is wide, to leave its numbers room)."""
    events = decl46.load_events()
    chosen = {
        "lessons": None,
        "trials": tuple(events.loc[events.category == "trial", "event_id"]),
        "crowded": tuple(events.loc[events.category == "opposition", "event_id"]),
    }[highlight]
    for start, end in timeline_ranges(sweep):
        ax = decl46.plot_timeline(start=start, end=end, highlight=chosen)
        if start == end and start is not None:
            check_lanes_of_year(ax, start)
        named = shown_named(start or "1921", end or "1941", chosen)
        check_stars_stand_at_their_events(ax, named, close=highlight != "crowded")
        plt.close("all")


# From every third quarter in make test; from every second year in make check.
@pytest.mark.parametrize("step", [8, pytest.param(3, marks=pytest.mark.slow)])
def test_the_timeline_explorer_keeps_its_lanes_and_its_stars_clear_of_each_other(step):
    """The explorer's lanes stay put (its fast redraw keeps them): a lane switched off is
    left empty and says so; stars and numbers pass the same checks at every range, from a
    start every ``step`` quarters to the same quarter, a year on and the end."""
    from decl46 import widgets

    explorer = widgets.TimelineExplorer()
    ax = explorer.timeline.ax
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    quarters = [value for _, value in explorer.start.options]
    for i in range(0, len(quarters), step):
        for j in (i, min(i + 4, len(quarters) - 1), len(quarters) - 1):
            explorer.start.value, explorer.end.value = quarters[i], quarters[j]
            start, end = explorer._chosen_range()
            check_stars_stand_at_their_events(ax, shown_named(start, end))
    explorer.start.value, explorer.end.value = quarters[8], quarters[11]  # 1923
    explorer.categories["opposition"].value = False
    assert [t.get_text() for t in ax.get_yticklabels()] == lanes

    def notes():
        return {
            t.get_text(): t.get_position()[1]
            for t in ax.texts
            if t.get_visible() and t.get_text() in ("not shown", "none in this range")
        }

    lane_y = explorer.timeline.lane_y
    assert notes()["not shown"] == lane_y["opposition"]
    # The lanes with no event in 1923 (the trials, the signers' deaths) say so too.
    empty = {c for c in lane_y if c not in set(explorer.timeline.shown.category)} - {"opposition"}
    assert empty and {t.get_text() for t in ax.texts if t.get_visible()} >= {"none in this range"}
    assert sum(t.get_visible() and t.get_text() == "none in this range" for t in ax.texts) == len(
        empty
    )
    explorer.categories["opposition"].value = True
    assert "not shown" not in notes()


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
    from decl46.plots.lifelines import LifelinesChart, lifeline_parts
    from decl46.widgets import SignatoryExplorer

    size = tuple(SignatoryExplorer().live.figure.get_size_inches())
    parts = lifeline_parts(decl46.load_signatories())
    for part in range(1, len(parts) + 1):
        drawn: list = []
        # As the signatory explorer draws each part.
        chart = LiveChart(
            size,
            lambda ax, part=part, drawn=drawn: drawn.append(
                LifelinesChart(ax, part=part, parts=None)
            ),
        )
        (lifelines,) = drawn
        renderer = chart.canvas.get_renderer()
        title = chart.ax.yaxis.label.get_window_extent(renderer)
        for person_id in lifelines.people["person_id"]:
            (name,) = [a for a in lifelines.highlight(person_id) if hasattr(a, "get_text")]
            box = name.get_window_extent(renderer)
            assert box.x0 > title.x1 and box.x0 > 0, person_id
