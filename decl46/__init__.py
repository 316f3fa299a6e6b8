"""decl46: a teaching kit about the Declaration of 46 (15 October 1923).

Load the declaration's text, its signature blocks, the signatures and signatories,
the coded stances and the sources as typed pandas DataFrames::

    >>> import decl46
    >>> decl46.load_signatures().person_id.nunique()
    46

Importing the package reads no file and imports neither matplotlib nor ipywidgets;
data is read on the first call to a loader.
"""

from decl46.coding import (
    CodingComparison,
    cohen_kappa,
    compare_codings,
    contested_items,
    example_class_folder,
    pairwise_kappa,
    read_class_codings,
    read_coding,
    reference_coding,
    save_coding,
)
from decl46.describe import describe
from decl46.errors import DataError, Problem
from decl46.loaders import (
    load_annotations,
    load_blocks,
    load_events,
    load_glossary,
    load_paragraphs,
    load_signatories,
    load_signatures,
    load_sources,
    load_stances,
    validate,
)
from decl46.people import PersonNotFound, fates_summary, find_person
from decl46.plots import plot_agreement_summary, plot_stance_matrix
from decl46.reading_view import annotations_jsonld, render_reading
from decl46.time_plots import plot_lifelines, plot_timeline
from decl46.views import block_labels, signature_overview, stance_counts, timeline

__all__ = [
    "CodingComparison",
    "DataError",
    "PersonNotFound",
    "Problem",
    "annotations_jsonld",
    "block_labels",
    "cohen_kappa",
    "compare_codings",
    "contested_items",
    "describe",
    "example_class_folder",
    "fates_summary",
    "find_person",
    "load_annotations",
    "load_blocks",
    "load_events",
    "load_glossary",
    "load_paragraphs",
    "load_signatories",
    "load_signatures",
    "load_sources",
    "load_stances",
    "pairwise_kappa",
    "plot_agreement_summary",
    "plot_lifelines",
    "plot_stance_matrix",
    "plot_timeline",
    "read_class_codings",
    "read_coding",
    "reference_coding",
    "render_reading",
    "save_coding",
    "signature_overview",
    "stance_counts",
    "timeline",
    "validate",
]
