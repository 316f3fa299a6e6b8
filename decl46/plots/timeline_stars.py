"""The numbered stars of a timeline: the events the lessons talk about, each group of
stars that would touch drawn as one star, its numbers written beside it inside its lane on
a side where they meet no other star or number. Used by :class:`TimelineChart`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from decl46.plots.style import MIN_FONT_PT, renderer_of

if TYPE_CHECKING:
    from decl46.plots.timeline import TimelineChart

# How wide a star may be, in pixels (on a lane of 30 px: see LANE_PX).
STAR_PX = 22
# Space kept between a star and its number, and between neighbours, in pixels.
_GAP_PX = 3


def _text_size(ax, text: str) -> tuple[float, float]:
    """The size on screen of a number written beside a star (measured once per text)."""
    key = (text, ax.figure.dpi)
    if key not in _TEXT_SIZES:
        probe = ax.text(0, 0, text, fontsize=MIN_FONT_PT, fontweight="bold")
        box = probe.get_window_extent(renderer_of(ax.figure))
        probe.remove()
        _TEXT_SIZES[key] = (box.width, box.height)
    return _TEXT_SIZES[key]


_TEXT_SIZES: dict[tuple[str, float], tuple[float, float]] = {}


def numbers_text(numbers: list[int]) -> str:
    """'3', '1, 2', '4–6', '1–3, 7': the numbers one star carries, in order, a run of three
    or more written as a range.

    >>> [numbers_text(n) for n in ([1, 2], [4, 5, 6], [1, 3], [1, 2, 3, 7])]
    ['1, 2', '4–6', '1, 3', '1–3, 7']
    """
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(
        f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(str(n) for n in run) for run in runs
    )


def number_stars(chart: TimelineChart) -> list:
    """Draw the named events' stars, one per group of stars that would touch, and write
    each group's numbers beside its star, inside the lane, on a side where they come near
    no other star or number (and, if they can, cover no other mark); return the texts.

    A group whose numbers fit on neither side is joined to its nearer neighbour, until
    every number has its place. Positions are worked out on screen, from the axes as laid
    out. A star stands at the middle of its events' dates, or as near as the axes allow
    (an event that began before the range shown).
    """
    ax, named = chart.ax, chart.named
    to_screen = ax.transData.transform
    star = chart.star_px()
    radius = star / 2
    number_of = {event: n for n, event in enumerate(named["event_id"], start=1)}
    # The marks that are not stars, as spans on screen in each lane: a number covers one
    # only where neither side is free of them.
    shown = chart.chosen & ~chart.events["event_id"].isin(chart.highlight).to_numpy()
    marks: dict[str, list[tuple[float, float]]] = {}
    for i in np.flatnonzero(shown):
        x0 = to_screen((chart._first[i], 0))[0]
        x1 = to_screen((chart._last[i], 0))[0]
        lane = chart.events["category"].iloc[i]
        marks.setdefault(lane, []).append((min(x0, x1) - 7, max(x0, x1) + 7))
    bounds = (ax.bbox.x0, ax.bbox.x1)
    lowest, highest = bounds[0] + radius + 1, bounds[1] - radius - 1
    placed = []  # (positions in named, text, centre on screen, lane, side)
    for lane in chart.lanes:
        positions = np.flatnonzero((named["category"] == lane).to_numpy())
        if not len(positions):
            continue
        xs = {
            int(k): float(
                np.clip(to_screen((chart._middle[named.index[k]], 0))[0], lowest, highest)
            )
            for k in positions
        }
        groups = [[k] for k in sorted(xs, key=lambda k: (xs[k], k))]
        while True:
            groups = _join_touching(groups, xs, star + _GAP_PX)
            texts = [
                numbers_text(sorted(number_of[named["event_id"].iloc[k]] for k in g))
                for g in groups
            ]
            widths = [_text_size(ax, t)[0] for t in texts]
            sides = _sides(
                [_centre(g, xs) for g in groups], widths, radius, marks.get(lane, []), bounds
            )
            if isinstance(sides, list):
                break
            # Group ``sides`` has no place for its numbers: join it to its nearer neighbour.
            groups = _join_nearest(groups, sides, xs)
        placed += [
            (g, t, _centre(g, xs), lane, side)
            for g, t, side in zip(groups, texts, sides, strict=True)
        ]
    # Which events each star stands for, in the order of the stars.
    chart.stars = [list(named["event_id"].iloc[g]) for g, *_ in placed]
    stars = chart.marks[-1].artist
    to_data = ax.transData.inverted().transform
    x = [to_data((centre, 0))[0] for _, _, centre, _, _ in placed]
    y = [chart.lane_y[lane] for *_, lane, _ in placed]
    stars.set_offsets(np.column_stack([x, y]).reshape(-1, 2))
    stars.set_facecolors([chart._colour[named.index[g[0]]] for g, *_ in placed] or "none")
    stars.set_sizes([(star * 72 / ax.figure.dpi) ** 2])
    out = []
    offset = (radius + _GAP_PX) * 72 / ax.figure.dpi
    for k, (_, text, _, lane, side) in enumerate(placed):
        if k == len(chart._numbers):
            chart._numbers.append(_new_number(ax))
        label = chart._numbers[k]
        label.xy = (x[k], chart.lane_y[lane])
        label.xyann = (offset if side == "right" else -offset, 0)
        label.set_ha("left" if side == "right" else "right")
        label.set_text(text)
        label.set_visible(chart.numbered)
        out.append(label)
    for label in chart._numbers[len(placed) :]:
        label.set_visible(False)
    return out


def _centre(group: list[int], xs: dict[int, float]) -> float:
    return float(np.mean([xs[k] for k in group]))


def _join_touching(groups: list[list[int]], xs, distance: float) -> list[list[int]]:
    """Join neighbouring groups whose stars (at the middle of their dates) are closer than
    ``distance``, until none are."""
    groups = [list(g) for g in groups]
    joined = True
    while joined:
        joined = False
        for k in range(len(groups) - 1):
            if _centre(groups[k + 1], xs) - _centre(groups[k], xs) < distance:
                groups[k : k + 2] = [sorted(groups[k] + groups[k + 1])]
                joined = True
                break
    return groups


def _join_nearest(groups: list[list[int]], k: int, xs) -> list[list[int]]:
    """Join group ``k`` to its nearer neighbour."""
    before = _centre(groups[k], xs) - _centre(groups[k - 1], xs) if k > 0 else np.inf
    after = _centre(groups[k + 1], xs) - _centre(groups[k], xs) if k + 1 < len(groups) else np.inf
    j = k - 1 if before <= after else k + 1
    a, b = sorted((j, k))
    return [*groups[:a], sorted(groups[a] + groups[b]), *groups[b + 1 :]]


def _sides(centres, widths, radius, marks, bounds) -> list[str] | int:
    """The side ("right" or "left") of each star (``centres`` on screen, in order) on
    which its numbers (``widths`` wide) go: inside ``bounds``, twice the gap from every
    other star and number; of the sides that allow it, the one covering fewest ``marks``,
    right before left. The first star for which no choice works, if any, as its index."""
    spans = []
    for k, (x, width) in enumerate(zip(centres, widths, strict=True)):
        candidates = {
            "right": (x + radius + _GAP_PX, x + radius + _GAP_PX + width),
            "left": (x - radius - _GAP_PX - width, x - radius - _GAP_PX),
        }
        free = [
            (sum(_overlaps(span, m) for m in marks), side != "right", side, span)
            for side, span in candidates.items()
            if bounds[0] <= span[0]
            and span[1] <= bounds[1]
            and not any(
                _near(span, (c - radius, c + radius)) for j, c in enumerate(centres) if j != k
            )
        ]
        if not free and len(centres) == 1:  # nowhere else to go: on the right
            free = [(0, False, "right", candidates["right"])]
        if not free:
            return k
        spans.append(sorted(free))
    # The numbers of neighbouring stars must not come near each other (numbers further
    # apart cannot: each keeps clear of the stars between them). The choice that covers
    # fewest marks, right before left, star by star from the left (dynamic programming
    # over each star's two sides).
    best: list[dict] = []  # for each star: side -> (cost so far, span, side before)
    for k, options in enumerate(spans):
        here = {}
        for soft, left, side, span in options:
            cost = soft * 2 + left
            if k == 0:
                here[side] = (cost, span, None)
                continue
            before = [
                (total + cost, previous)
                for previous, (total, other, _) in best[-1].items()
                if not _near(span, other)
            ]
            if before:
                total, previous = min(before)
                here[side] = (total, span, previous)
        if not here:
            return k
        best.append(here)
    side = min(best[-1], key=lambda s: best[-1][s][0])
    sides = []
    for here in reversed(best):
        sides.append(side)
        side = here[side][2]
    return sides[::-1]


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two spans on screen come closer than twice the gap."""
    return a[0] - 2 * _GAP_PX < b[1] and b[0] < a[1] + 2 * _GAP_PX


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _new_number(ax):
    """A number written beside a star, with a white edge that keeps it legible over a
    band or a bar."""
    from matplotlib import patheffects

    number = ax.annotate(
        "",
        (0, 0),
        xytext=(0, 0),
        textcoords="offset points",
        va="center",
        fontsize=MIN_FONT_PT,
        fontweight="bold",
        zorder=6,
        path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
    )
    # Inside the axes by construction: the layout need not (and must not) move for it.
    number.set_in_layout(False)
    return number
