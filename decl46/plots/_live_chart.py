"""A figure that answers a widget quickly: drawn once, then only what changes is redrawn.

Redrawing a whole matplotlib figure and encoding it as PNG takes 0.1 to 0.3 s here (the
lifelines chart has about 300 artists), too slow for a control a student drags. A
:class:`LiveChart` draws the still parts once and keeps the pixels; each update puts
those pixels back, draws the artists that move (and any overlay, such as a highlighted
person) on top, and encodes the canvas buffer with Pillow at a fast compression level.
This is matplotlib's "blitting"; see its guide "Faster rendering by using blitting".

>>> from decl46.plots._live_chart import LiveChart
>>> chart = LiveChart((4, 3), lambda ax: [ax.set_title("Moving")])
>>> chart.png(lambda: [chart.ax.set_title("Moved")]).startswith(b"\\x89PNG")
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from decl46.plots.style import RC

DPI = 80


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
            for artist in draw(self.ax) or []:
                artist.set_animated(True)
            self.canvas.draw()
        # The layout is settled by the first draw; freezing it keeps every later frame
        # aligned with the kept background.
        self.figure.set_layout_engine("none")
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png(self, update: Callable[[], Iterable] = list) -> bytes:
        """The figure as PNG: the kept background with the artists ``update()`` returns
        drawn over it, in order.

        ``update`` changes the figure (in the kit's style) and returns what it changed: the
        moving artists and any overlay, such as a highlight. Whatever it does not return
        shows as it was in the first drawing.
        """
        import matplotlib
        from PIL import Image

        with matplotlib.rc_context(RC):
            artists = list(update())
            self.canvas.restore_region(self._background)
            for artist in artists:
                self.figure.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
