"""A figure that answers a widget quickly: drawn once, then only what changes is redrawn.

Redrawing a whole matplotlib figure and encoding it as PNG takes 0.1 to 0.3 s here (the
lifelines chart has about 300 artists), too slow for a control a student drags. A
:class:`LiveChart` draws the still parts once and keeps the pixels; each update puts
those pixels back, draws the artists that move (and any overlay, such as a highlighted
person) on top, and encodes the canvas buffer with Pillow at a fast compression level.
This is matplotlib's "blitting"; see its guide "Faster rendering by using blitting".

A chart whose updates are overlays only (a highlighted person, an outlined bar) keeps no
second copy of the whole picture: only the pixels under the overlay it last drew, put
back before the next one is drawn. Every student's kernel holds each chart once.

>>> from decl46.plots._live_chart import LiveChart
>>> chart = LiveChart((4, 3), lambda ax: [ax.set_title("Moving")])
>>> chart.png(lambda: [chart.ax.set_title("Moved")]).startswith(b"\\x89PNG")
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from decl46.plots.style import DPI, RC

# How far an overlay may reach beyond the box matplotlib gives for it (thick lines, marker
# edges, a text's background box, antialiasing), in points.
MARGIN = 12


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

    def png(self, update: Callable[[], Iterable] = list) -> bytes:
        """The figure as PNG: the kept background with the artists ``update()`` returns
        drawn over it, in order.

        ``update`` changes the figure (in the kit's style) and returns what it changed: the
        moving artists and any overlay, such as a highlight. Whatever it does not return
        shows as it was in the first drawing.
        """
        import matplotlib
        from PIL import Image

        canvas = self.canvas
        with matplotlib.rc_context(RC):
            artists = list(update())
            if self._background is not None:
                canvas.restore_region(self._background)
            else:
                self._keep_under(artists)
            for artist in artists:
                self.figure.draw_artist(artist)
        width, height = canvas.get_width_height()
        # Encoded from the canvas's own pixels (RGBA, read in place): converting to RGB
        # first would copy the whole picture on every update.
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

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
