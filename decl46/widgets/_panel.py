"""The base of every widget the kit shows: a VBox that leaves a picture behind.

A notebook stores each widget output as a bundle of forms. JupyterLab draws the live
widget only for a trusted notebook; a fresh clone or a downloaded file is untrusted, and
JupyterLab then shows the first *safe* form of the bundle instead (a picture, sanitised
HTML, plain text). ipywidgets stores only its repr there, a screenful of
``Combobox(value='', ...``. A panel stores instead:

- a picture (``image/png``) of what it showed when the notebook was run, with a banner
  saying to run the notebook, and alt text, for an explorer that draws a chart;
- sanitised HTML (a sentence and what the panel showed, as text) for one that does not;
- a sentence as plain text, for any other front end.

Voilà, the static site and a trusted JupyterLab still draw the live widget (the
widget-view form comes first in their order).
"""

from __future__ import annotations

import base64
import functools
import io
from html import escape

import ipywidgets as w

from decl46.plots._png import image_png

BANNER_PX = 44


class Panel(w.VBox):
    """A VBox whose stored output falls back to a picture or a sentence."""

    #: What the panel is, for the sentence a cold, untrusted notebook shows.
    what = "This explorer"

    def __repr__(self) -> str:
        return f"{self.what}: run the notebook to use it."

    def snapshot(self) -> tuple[bytes, str] | None:
        """The chart the panel shows (PNG) and what it shows (a sentence), or ``None``
        for a panel with no chart."""
        return None

    def snapshot_html(self) -> str:
        """What the panel shows, as HTML that survives JupyterLab's sanitiser."""
        return ""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        metadata = {}
        sentence = "A picture: run the notebook to use this explorer."
        picture = self.snapshot()
        if picture is not None:
            png, shows = picture
            data["image/png"] = base64.b64encode(with_banner(png, sentence)).decode("ascii")
            metadata["image/png"] = {"alt": f"{self.what}. {sentence} {shows}"}
        else:
            data["text/html"] = (
                f'<p style="font-weight: bold">{escape(self.what)}: run the notebook to use '
                f"it.</p>{self.snapshot_html()}"
            )
        return data, metadata


def with_banner(png: bytes, sentence: str) -> bytes:
    """``png`` under a banner that says ``sentence``, as PNG (the same bytes every run)."""
    from PIL import Image

    chart = Image.open(io.BytesIO(png)).convert("RGB")
    picture = Image.new("RGB", (chart.width, chart.height + BANNER_PX))
    picture.paste(_banner(chart.width, sentence), (0, 0))
    picture.paste(chart, (0, BANNER_PX))
    # Every colour kept (a palette would merge the fates' colours).
    return image_png(picture)


@functools.cache
def _banner(width: int, sentence: str):
    """The banner, ``width`` pixels wide: the sentence in the kit's figure font (DejaVu
    Sans, bold, 16 px) on pale yellow. Drawn by matplotlib, which has the font loaded for
    the charts already (Pillow would load a second copy, and its own FreeType)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    figure = Figure(figsize=(width / 100, BANNER_PX / 100), dpi=100, facecolor="#FFF4CC")
    canvas = FigureCanvasAgg(figure)
    figure.text(
        12 / width,
        0.5,
        sentence,
        fontsize=16 * 72 / 100,  # 16 px at 100 dpi
        fontfamily="DejaVu Sans",
        fontweight="bold",
        color="black",
        va="center_baseline",
    )
    canvas.draw()
    return Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    ).convert("RGB")
