"""A figure that answers a widget quickly: drawn once, then only what changes is redrawn.

Redrawing a whole matplotlib figure and encoding it as PNG takes 0.1 to 0.3 s here (the
lifelines chart has about 300 artists), too slow for a control a student drags. A
:class:`LiveChart` draws the still parts once and keeps the pixels; each update puts
those pixels back, draws the artists that move (and any overlay, such as a highlighted
person) on top, and encodes the canvas buffer with Pillow at a fast compression level.
This is matplotlib's "blitting"; see its guide "Faster rendering by using blitting".

A part that changes less often than the rest (a timeline's date axis and title, which move
only with its range, not when a lane is switched off) can be kept as a second layer: drawn
over the background once for each value of a key, then put back with it.

A chart whose updates are overlays only (a highlighted person, an outlined bar) keeps no
second copy of the whole picture: only the pixels under the overlay it last drew, put
back before the next one is drawn. Every student's kernel holds each chart once. Such a
chart's :meth:`~LiveChart.picture` is its first drawing, encoded once, and a patch: the
part of the picture the overlay covers, which is all an update encodes (for the lifelines
chart, a tenth of the pixels).

>>> from decl46.plots._live_chart import LiveChart
>>> chart = LiveChart((4, 3), lambda ax: [ax.set_title("Moving")])
>>> chart.png(lambda: [chart.ax.set_title("Moved")]).startswith(b"\\x89PNG")
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from decl46.plots._png import canvas_png, image_png
from decl46.plots.style import DPI, RC

# How far an overlay may reach beyond the box matplotlib gives for it (thick lines, marker
# edges, a text's background box, antialiasing), in points.
MARGIN = 12


@dataclass(frozen=True)
class Picture:
    """What a chart shows: ``base``, a PNG of ``size`` (width, height) pixels, and over it
    ``patch``, a PNG of the part an update changed, at ``box`` (left, top, width, height
    in pixels of ``base``), or no patch."""

    base: bytes
    size: tuple[int, int]
    patch: bytes | None = None
    box: tuple[int, int, int, int] | None = None

    def png(self) -> bytes:
        """The picture as one PNG (the patch pasted over the base)."""
        if self.patch is None:
            return self.base
        from PIL import Image

        image = Image.open(io.BytesIO(self.base)).convert("RGB")
        image.paste(Image.open(io.BytesIO(self.patch)).convert("RGB"), self.box[:2])
        return image_png(image)


class LiveChart:
    """One figure, outside pyplot, that renders itself as PNG bytes.

    ``draw(ax)`` draws the figure once and returns the artists that will change between
    updates (or ``None`` when nothing will: only overlays are added later). They are left
    out of the kept background; :meth:`png` draws whichever artists it is given over it.
    """

    def __init__(self, size: tuple[float, float], draw: Callable, *, dpi: int = DPI):
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with matplotlib.rc_context(RC):
            self.figure = Figure(figsize=size, dpi=dpi, layout="constrained")
            self.canvas = FigureCanvasAgg(self.figure)
            self.ax = self.figure.add_subplot()
            moving = draw(self.ax) or []
            for artist in moving:
                artist.set_animated(True)
            self.canvas.draw()
        # The layout is settled by the first draw; freezing it (and the axis labels where it
        # put them) keeps every later frame aligned with the kept background, and an axis
        # redrawn for a new range need not place its label again.
        self.figure.set_layout_engine("none")
        renderer = self.canvas.get_renderer()
        for axis in (self.ax.xaxis, self.ax.yaxis):
            axis.get_tightbbox(renderer)
            axis.set_label_coords(*axis.label.get_position(), transform=axis.label.get_transform())
        # Moving artists: the whole still picture is kept. Overlays only: the canvas itself
        # is the still picture, and only what the last overlay covered is kept.
        self._background = self.canvas.copy_from_bbox(self.figure.bbox) if moving else None
        self._under = None
        self._layer, self._layer_key = None, None
        # An overlay chart's first drawing, which every picture shows under its patch.
        self._base = None if moving else canvas_png(self.canvas)

    def png(
        self,
        update: Callable[[], Iterable] = list,
        *,
        layer: Callable[[], Iterable] | None = None,
        layer_key: Hashable = None,
    ) -> bytes:
        """The figure as PNG: the kept background with the artists ``update()`` returns
        drawn over it, in order.

        ``update`` changes the figure (in the kit's style) and returns what it changed: the
        moving artists and any overlay, such as a highlight. Whatever it does not return
        shows as it was in the first drawing. ``layer``, for a chart with moving artists,
        changes and returns artists that change less often (they must be among those the
        first drawing left out): it is called, and its artists drawn over the background
        and kept, only when ``layer_key`` differs from the last one; it runs before
        ``update``.
        """
        self._draw(update, layer, layer_key)
        return canvas_png(self.canvas)

    def picture(
        self,
        update: Callable[[], Iterable] = list,
        *,
        layer: Callable[[], Iterable] | None = None,
        layer_key: Hashable = None,
    ) -> Picture:
        """What :meth:`png` draws, as a :class:`Picture`: for a chart of overlays, its first
        drawing and a patch where the overlay is (only the patch is encoded); for a chart
        with moving artists, the whole picture."""
        self._draw(update, layer, layer_key)
        size = self.canvas.get_width_height()
        if self._base is None:
            return Picture(canvas_png(self.canvas), size)
        if self._under is None:
            return Picture(self._base, size)
        left, top, right, bottom = self._under.get_extents()
        box = (left, top, right - left, bottom - top)
        return Picture(self._base, size, canvas_png(self.canvas, box), box)

    def _draw(self, update, layer, layer_key) -> None:
        import matplotlib

        canvas = self.canvas
        with matplotlib.rc_context(RC):
            if layer is not None and (self._layer is None or layer_key != self._layer_key):
                settled = list(layer())
                canvas.restore_region(self._background)
                for artist in settled:
                    self.figure.draw_artist(artist)
                self._layer = canvas.copy_from_bbox(self.figure.bbox)
                self._layer_key = layer_key
            artists = list(update())
            if layer is not None:
                canvas.restore_region(self._layer)
            elif self._background is not None:
                canvas.restore_region(self._background)
            else:
                self._keep_under(artists)
            for artist in artists:
                self.figure.draw_artist(artist)

    def _keep_under(self, overlays: list) -> None:
        """Put back the pixels under the last overlays, and keep those under the new ones."""
        from matplotlib.transforms import Bbox

        if self._under is not None:
            self.canvas.restore_region(self._under)
            self._under = None
        if not overlays:
            return
        renderer = self.canvas.get_renderer()
        box = Bbox.union([a.get_window_extent(renderer) for a in overlays])
        box = Bbox.intersection(box.padded(MARGIN * self.figure.dpi / 72), self.figure.bbox)
        if box is not None:
            self._under = self.canvas.copy_from_bbox(box)
