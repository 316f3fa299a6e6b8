"""Widgets for class: the explorers and the coding widget (needs ipywidgets).

Import this package explicitly (``from decl46 import widgets``); ``import decl46`` alone
does not load ipywidgets.

- :mod:`.explorers`: :class:`SignatoryExplorer`, :class:`AgreementExplorer`,
  :class:`TimelineExplorer`, :class:`Reader`, and :func:`dashboard` with all four;
- :mod:`.coding_widget`: :class:`CodingWidget`, for coding the blocks yourself;
- :mod:`.answers`: what they show, as pure functions returning HTML, tested without a
  kernel (the coding widget's coding is kept by :mod:`decl46.codings`).
"""

try:
    import ipywidgets  # noqa: F401
except ImportError as error:  # pragma: no cover - the lab extra installs it
    raise ImportError(
        "decl46.widgets needs ipywidgets: pip install 'decl46[lab]' (or ipywidgets)"
    ) from error

from decl46.widgets.coding_widget import CodingWidget
from decl46.widgets.explorers import (
    AgreementExplorer,
    Reader,
    SignatoryExplorer,
    TimelineExplorer,
    dashboard,
)

__all__ = [
    "AgreementExplorer",
    "CodingWidget",
    "Reader",
    "SignatoryExplorer",
    "TimelineExplorer",
    "dashboard",
]
