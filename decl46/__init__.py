"""decl46: a teaching kit about the Declaration of 46 (15 October 1923).

Load the declaration's text, its signature blocks, the signatures and signatories,
the coded stances and the sources as typed pandas DataFrames::

    >>> import decl46
    >>> decl46.load_signatures().person_id.nunique()
    46

Importing the package reads no file and imports neither matplotlib nor ipywidgets;
data is read on the first call to a loader.
"""

from decl46.describe import describe
from decl46.errors import DataError, Problem
from decl46.loaders import (
    load_blocks,
    load_paragraphs,
    load_signatories,
    load_signatures,
    load_sources,
    load_stances,
    validate,
)
from decl46.views import signature_overview

__all__ = [
    "DataError",
    "Problem",
    "describe",
    "load_blocks",
    "load_paragraphs",
    "load_signatories",
    "load_signatures",
    "load_sources",
    "load_stances",
    "signature_overview",
    "validate",
]
