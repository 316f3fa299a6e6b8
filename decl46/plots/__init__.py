"""The kit's figures: ``plot_<thing>(..., *, ax=None) -> Axes``, in one projector style.

- :mod:`.signatures`: the stance matrix and the agreement summary;
- :mod:`.over_time`: the timeline of events and the signers' lifelines;
- :mod:`.style`: colours (colour-blind-safe, keyed by the data's vocabularies), sizes, font;
- ``_live_chart``: the fast redraw the explorers use (draw once, then only what changes).

Importing this package does not import matplotlib; each function does when it is called.
"""

from decl46.plots.over_time import plot_lifelines, plot_timeline
from decl46.plots.signatures import plot_agreement_summary, plot_stance_matrix

__all__ = ["plot_agreement_summary", "plot_lifelines", "plot_stance_matrix", "plot_timeline"]
