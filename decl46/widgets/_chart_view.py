"""An explorer's chart as an image with alt text.

ipywidgets' ``Image`` draws an ``<img>`` with no ``alt`` attribute, so a screen reader
meets an unnamed picture. A :class:`ChartView` is an HTML widget holding one ``<img>``
with the chart as a PNG data URI and an alt text that says what it shows (each explorer
writes it from the data after every update).
"""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as w


class ChartView(w.HTML):
    """One chart picture; :attr:`png` is the PNG last shown, :attr:`alt` its alt text."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.png, self.alt = b"", ""

    def show(self, png: bytes, alt: str) -> None:
        """Show ``png`` with ``alt`` as its alt text."""
        self.png, self.alt = png, alt
        data = base64.b64encode(png).decode("ascii")
        self.value = (
            f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" '
            'style="max-width: 100%; height: auto; display: block">'
        )
