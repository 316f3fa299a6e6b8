"""A figure that carries its own description: alt text and a text version.

Every figure the kit draws is a :class:`DescribedFigure`. When Jupyter shows it (the
inline backend displays every figure a cell draws), it writes two outputs:

1. the picture, a PNG exactly as large as it was drawn, with its alt text stored in the
   output's metadata (``{"image/png": {"alt": ...}}``), where the static site's template
   and nbconvert read it, and as its plain-text form, which a screen reader or a text
   front end gets instead of ``<Figure size 560x380 with 1 Axes>``; beside the alt text,
   ``smallest_text_px``, the height in the picture's pixels of its smallest text (its
   font size), so that a check of the page can tell how large it is on a screen;
2. the text version beside it, in Markdown: what the figure shows, said in sentences or a
   short list, so that every reader has the finding without the picture. JupyterLab's
   image renderer does not read alt metadata, so this visible text is what a screen
   reader meets there.

Both are written by the plot functions from the data they draw (see
:func:`decl46.plots.style.set_alt_text`).
"""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure


class DescribedFigure(Figure):
    """A matplotlib figure with ``alt`` (one or two sentences: what it shows and its main
    finding) and ``text_version`` (Markdown: the same information as text)."""

    alt: str = ""
    text_version: str = ""

    def set_alt_text(self, alt: str, text_version: str) -> None:
        """Set what the figure says in words (the plot functions call this)."""
        self.alt, self.text_version = alt, text_version

    def png(self) -> bytes:
        """The figure as a PNG of its drawn size, with no software or date metadata (the
        same bytes on every run): drawn once on its canvas and encoded from its pixels, as
        every chart of the kit is (see :mod:`decl46.plots._png`); a canvas that keeps no
        pixels (a vector backend's) saves it through ``savefig``."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from decl46.plots._png import canvas_png

        if isinstance(self.canvas, FigureCanvasAgg):
            self.canvas.draw()
            return canvas_png(self.canvas)
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.dpi, metadata={"Software": None})
        return buffer.getvalue()

    def smallest_text_px(self) -> float:
        """The size of the figure's smallest text, in its pixels (font size at its dpi)."""
        from matplotlib.text import Text

        sizes = [
            t.get_fontsize() for t in self.findobj(Text) if t.get_visible() and t.get_text().strip()
        ]
        return round(min(sizes) * self.dpi / 72, 2) if sizes else 0.0

    def _ipython_display_(self) -> None:
        from IPython.display import publish_display_data

        width, height = (round(v) for v in self.get_size_inches() * self.dpi)
        png = self.png()
        publish_display_data(
            {
                "image/png": base64.b64encode(png).decode("ascii"),
                "text/plain": self.alt or repr(self),
            },
            metadata={
                "image/png": {
                    "alt": self.alt,
                    "width": width,
                    "height": height,
                    "smallest_text_px": self.smallest_text_px(),
                }
            },
        )
        if self.text_version:
            publish_display_data(
                {"text/markdown": self.text_version, "text/plain": self.text_version}
            )
