"""An explorer's chart as an image with alt text.

ipywidgets' ``Image`` draws an ``<img>`` with no ``alt`` attribute, so a screen reader
meets an unnamed picture. A :class:`ChartView` is an HTML widget holding the chart as a
PNG data URI with an alt text that says what it shows (each explorer writes it from the
data after every update).

A chart whose updates are overlays (a highlighted person, an outlined bar) is shown as its
first drawing with a small picture of the changed part laid exactly over it (see
:class:`~decl46.plots._live_chart.Picture`): one element with ``role="img"`` and the alt
text as its name, holding two images that a screen reader skips. Positions are in per
cent, so the two stay together when the page shrinks the chart to a narrow column.
"""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as w

from decl46.plots._live_chart import Picture


def _uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class ChartView(w.HTML):
    """One chart picture; :attr:`png` is the PNG last shown (the patch, if any, pasted
    over the base), :attr:`alt` its alt text."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.picture, self.alt = Picture(b"", (0, 0)), ""
        self._png: bytes | None = b""
        self._base_uri: tuple[bytes, str] | None = None

    @property
    def png(self) -> bytes:
        if self._png is None:
            self._png = self.picture.png()
        return self._png

    def show(self, picture: Picture, alt: str) -> None:
        """Show ``picture`` with ``alt`` as its alt text."""
        self.picture, self.alt = picture, alt
        self._png = None if picture.patch is not None else picture.base
        if picture.patch is None:
            self.value = (
                f'<img src="{_uri(picture.base)}" alt="{escape(alt)}" '
                'style="max-width: 100%; height: auto; display: block">'
            )
            return
        # The base is the same picture on every update: its data URI is made once.
        if self._base_uri is None or self._base_uri[0] is not picture.base:
            self._base_uri = (picture.base, _uri(picture.base))
        width, height = picture.size
        left, top, w_, h_ = (
            100 * v / d for v, d in zip(picture.box, (width, height, width, height), strict=True)
        )
        self.value = (
            f'<div role="img" aria-label="{escape(alt)}" '
            f'style="position: relative; width: {width}px; max-width: 100%">'
            f'<img src="{self._base_uri[1]}" alt="" '
            'style="display: block; width: 100%; height: auto">'
            f'<img src="{_uri(picture.patch)}" alt="" style="position: absolute; '
            f'left: {left:.4f}%; top: {top:.4f}%; width: {w_:.4f}%; height: {h_:.4f}%">'
            "</div>"
        )
