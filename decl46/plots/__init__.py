"""The kit's figures: ``plot_<thing>(data=None, *, ..., ax=None) -> Axes``, in one
projector style. Each draws the data it is given (a student's coding, the class's codings,
a selection of events) or, by default, the kit's own.

- :mod:`.stances`: the stance matrix and the agreement summary (codings);
- :mod:`.timeline`: the timeline of events;
- :mod:`.lifelines`: the signers' lifelines;
- :mod:`.style`: colours (colour-blind-safe, keyed by the data's vocabularies), sizes, font;
- :mod:`.described`: a figure that carries its alt text and text version;
- ``_live_chart``, ``_png``: the fast redraw the explorers use, and the one PNG encoder.

Importing this package does not import matplotlib; each function does when it is called.
"""

from decl46.plots.lifelines import plot_lifelines
from decl46.plots.stances import plot_agreement_summary, plot_stance_matrix
from decl46.plots.timeline import plot_timeline

__all__ = ["plot_agreement_summary", "plot_lifelines", "plot_stance_matrix", "plot_timeline"]
