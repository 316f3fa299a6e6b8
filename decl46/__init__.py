"""decl46: a teaching kit about the Declaration of 46 (15 October 1923).

Load the declaration's text, its signature blocks, the signatures and signatories,
the coded stances and the sources as typed pandas DataFrames::

    >>> import decl46
    >>> decl46.load_signatures().person_id.nunique()
    46

Importing the package reads no file and imports neither matplotlib nor ipywidgets;
data is read on the first call to a loader. Where things live:

- :mod:`decl46.loaders`: ``load_<table>()``, ``validate()``, ``describe()``;
- :mod:`decl46.vocabularies`: the values of parts, stances, fates, ... and their labels;
- :mod:`decl46.tables`: joined views (who signed what, counts, events in a period);
- :mod:`decl46.dates`: dates known to the day, month or year;
- :mod:`decl46.people`: finding a signatory by any spelling; what became of them;
- :mod:`decl46.agreement`: codings of the stances and how far coders agree (kappa);
- :mod:`decl46.annotated_text`: the annotated reading (HTML) and its W3C export;
- :mod:`decl46.student_annotations`: students' own W3C notes read back, set beside the kit's;
- :mod:`decl46.timelinejs`: the timeline in TimelineJS3's JSON format;
- :mod:`decl46.plots`: the figures; :mod:`decl46.widgets`: the explorers (ipywidgets);
- ``decl46._package``: the private machinery that reads and checks ``data/``.
"""

from decl46.agreement import (
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
from decl46.annotated_text import annotations_jsonld, render_reading
from decl46.errors import DataError, Problem
from decl46.loaders import (
    describe,
    load_annotations,
    load_blocks,
    load_events,
    load_glossary,
    load_others,
    load_paragraphs,
    load_signatories,
    load_signatures,
    load_sources,
    load_stances,
    validate,
)
from decl46.people import (
    PersonNotFound,
    fates_by_certainty,
    fates_summary,
    find_other,
    find_person,
)
from decl46.plots import plot_agreement_summary, plot_lifelines, plot_stance_matrix, plot_timeline
from decl46.student_annotations import (
    AnnotationComparison,
    StudentAnnotations,
    compare_annotations,
    example_annotations_folder,
    read_student_annotations,
)
from decl46.tables import (
    block_labels,
    events_between,
    signature_overview,
    signers_with,
    stance_counts,
    timeline,
)
from decl46.timelinejs import timeline_json
from decl46.vocabularies import vocabulary

__all__ = [
    "AnnotationComparison",
    "CodingComparison",
    "DataError",
    "PersonNotFound",
    "Problem",
    "StudentAnnotations",
    "annotations_jsonld",
    "block_labels",
    "cohen_kappa",
    "compare_annotations",
    "compare_codings",
    "contested_items",
    "describe",
    "events_between",
    "example_annotations_folder",
    "example_class_folder",
    "fates_by_certainty",
    "fates_summary",
    "find_other",
    "find_person",
    "load_annotations",
    "load_blocks",
    "load_events",
    "load_glossary",
    "load_others",
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
    "read_student_annotations",
    "reference_coding",
    "render_reading",
    "save_coding",
    "signature_overview",
    "signers_with",
    "stance_counts",
    "timeline",
    "timeline_json",
    "validate",
    "vocabulary",
]
