"""decl46: a teaching kit about the Declaration of 46 (15 October 1923).

Load the declaration's text, its signature blocks, the signatures and signatories,
the coded stances and the sources as typed pandas DataFrames::

    >>> import decl46
    >>> decl46.load_signatures().person_id.nunique()
    46

One door to the data: :func:`open_data` reads and checks a data folder once and returns a
:class:`Dataset`, which every function below takes as ``dataset=`` (or opens from
``data_dir=``). Importing the package reads no file and imports neither pandas'
plotting, matplotlib nor ipywidgets: each name is imported when it is first used
(``decl46.__version__`` too, read from the installed package's metadata). Where
things live:

- :mod:`decl46.dataset`: :func:`open_data` and :class:`Dataset`;
- :mod:`decl46.loaders`: ``load_<table>()``, ``validate()``, ``describe()``;
- :mod:`decl46.vocabularies`: the values of parts, stances, fates, ... and their labels;
- :mod:`decl46.tables`: joined views (who signed what, counts, events in a period);
- :mod:`decl46.dates`: dates known to the day, month or year;
- :mod:`decl46.people`: finding a signatory by any spelling; what became of them;
- :mod:`decl46.codings`: codings of the stances, saved, handed in, read back for a class;
- :mod:`decl46.agreement`: how far coders agree (kappa);
- :mod:`decl46.annotated_text`: the annotated reading (HTML) and its W3C export;
- :mod:`decl46.passages`: events and signature statements as HTML for a class to read;
- :mod:`decl46.student_annotations`: students' own W3C notes read back, set beside the kit's;
- :mod:`decl46.timelinejs`: the timeline in TimelineJS3's JSON format;
- :mod:`decl46.plots`: the figures; :mod:`decl46.widgets`: the explorers (ipywidgets);
- ``decl46._datapackage``: the private machinery that reads and checks a data folder.
"""

from __future__ import annotations

import importlib

# Each public name and the module it lives in; imported on first use (PEP 562), so that
# `import decl46` costs next to nothing.
_WHERE = {
    "CodingComparison": "agreement",
    "cohen_kappa": "agreement",
    "compare_codings": "agreement",
    "contested_items": "agreement",
    "pairwise_kappa": "agreement",
    "ClassCodings": "codings",
    "HandInRefused": "codings",
    "example_class_folder": "codings",
    "hand_in": "codings",
    "read_class_codings": "codings",
    "read_coding": "codings",
    "reference_coding": "codings",
    "save_coding": "codings",
    "annotations_jsonld": "annotated_text",
    "render_reading": "annotated_text",
    "Dataset": "dataset",
    "open_data": "dataset",
    "written_dates": "dates",
    "DataError": "errors",
    "Problem": "errors",
    "describe": "loaders",
    "load_annotations": "loaders",
    "load_blocks": "loaders",
    "load_events": "loaders",
    "load_glossary": "loaders",
    "load_others": "loaders",
    "load_paragraphs": "loaders",
    "load_signatories": "loaders",
    "load_signatures": "loaders",
    "load_sources": "loaders",
    "load_stances": "loaders",
    "load_trotsky_letter": "loaders",
    "validate": "loaders",
    "events_html": "passages",
    "letter_passages_html": "passages",
    "statements_html": "passages",
    "PersonNotFound": "people",
    "fates_by_certainty": "people",
    "fates_summary": "people",
    "find_other": "people",
    "find_person": "people",
    "plot_agreement_summary": "plots",
    "plot_class_notes": "plots",
    "plot_lifelines": "plots",
    "plot_stance_matrix": "plots",
    "plot_timeline": "plots",
    "AnnotationComparison": "student_annotations",
    "StudentAnnotations": "student_annotations",
    "class_notes_html": "student_annotations",
    "compare_annotations": "student_annotations",
    "example_annotations_folder": "student_annotations",
    "read_student_annotations": "student_annotations",
    "block_labels": "tables",
    "events_between": "tables",
    "signature_overview": "tables",
    "signers_with": "tables",
    "stance_counts": "tables",
    "timeline_events": "tables",
    "timeline_json": "timelinejs",
    "vocabulary": "vocabularies",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name == "__version__":
        globals()[name] = value = _installed_version()
        return value
    module = _WHERE.get(name)
    if module is None:
        try:
            return importlib.import_module(f"decl46.{name}")  # a submodule: decl46.tables
        except ModuleNotFoundError:
            raise AttributeError(f"module 'decl46' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"decl46.{module}"), name)
    globals()[name] = value
    return value


def _installed_version() -> str:
    """The version of the installed distribution (pyproject.toml's, written into the
    package's metadata when it is installed): read on first use of ``decl46.__version__``,
    so that importing the package reads no file."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("decl46")
    except PackageNotFoundError:
        raise ImportError(
            "decl46 is imported from a folder without being installed, so it has no version: "
            "install it (`make lab`, or `pip install -e .` in the kit's folder)"
        ) from None


def __dir__():
    return sorted([*globals(), *__all__])
