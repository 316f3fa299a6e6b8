"""The base of every widget the kit shows: a VBox whose plain-text form is a sentence.

A notebook stores each widget output with a text fallback, which JupyterLab shows when it
cannot draw the widget (an untrusted notebook, no kernel yet). ipywidgets writes the
widget's repr there, a screenful of ``Combobox(value='', ...``; a panel writes what it
is and what to do instead.
"""

from __future__ import annotations

import ipywidgets as w


class Panel(w.VBox):
    """A VBox whose text fallback names it and says to run the notebook."""

    #: What the panel is, for the sentence a cold, untrusted notebook shows.
    what = "This explorer"

    def __repr__(self) -> str:
        return f"{self.what}: run the notebook to use it."
