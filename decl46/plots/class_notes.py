"""The class's notes on the text as a figure: where students made notes, and which of the
kit's notes nobody found, paragraph by paragraph.

:func:`plot_class_notes` draws what :func:`decl46.read_student_annotations` reads (or its
notes table), or the shipped example class by default. The same picture drawn on the text
itself is :func:`decl46.class_notes_html`.
"""

from __future__ import annotations

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using
from decl46.plots.style import (
    OKABE_ITO,
    counted,
    legend_below,
    new_axes,
    set_alt_text,
    styled,
)
from decl46.student_annotations import (
    compare_annotations,
    example_annotations_folder,
    read_student_annotations,
)

STUDENTS = OKABE_ITO["blue"]
NOBODY = OKABE_ITO["vermillion"]


@styled
@data_docs
def plot_class_notes(
    data=None,
    *,
    ax=None,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
):
    """For each paragraph of the text that anyone annotated: how many students made a note
    there, and how many of the kit's notes there no student found.

    Parameters
    ----------
    data : StudentAnnotations or DataFrame, optional
        A class's notes, as :func:`decl46.read_student_annotations` returns them (or its
        ``annotations`` table); the shipped example class by default.
    ax : matplotlib Axes, optional
        Draw here; by default on a new figure a notebook column wide.
    {data_parameters}

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import decl46
    >>> ax = decl46.plot_class_notes()
    >>> ax.get_title()
    "Where the class's notes fall"
    """
    data_ = using(dataset, data_dir)
    if data is None:
        data = read_student_annotations(example_annotations_folder(), dataset=data_)
    notes = getattr(data, "annotations", data)
    comparison = compare_annotations(notes, dataset=data_)
    order = list(comparison.summary.index)
    students = notes.groupby("paragraph_id")["student"].nunique().reindex(order, fill_value=0)
    missed = comparison.summary["kit_not_found"].reindex(order, fill_value=0)
    parts = data_["paragraphs"].set_index("paragraph_id")["part"]
    part_labels = data_.labels("paragraphs", "part")
    names = [
        p if pd.isna(parts.get(p)) else f"{p} ({part_labels[str(parts[p])].lower()})" for p in order
    ]
    ax = new_axes(ax, 0.36 * len(order) + 1.6)
    y = range(len(order))
    ax.barh([i - 0.2 for i in y], students.astype(int), height=0.4, color=STUDENTS)
    ax.barh([i + 0.2 for i in y], missed.astype(int), height=0.4, color=NOBODY, hatch="//")
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.set_xlabel("Number")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Where the class's notes fall")
    from matplotlib.patches import Patch

    legend_below(
        ax,
        [
            Patch(color=STUDENTS, label="students with a note there"),
            Patch(facecolor=NOBODY, hatch="//", label="kit notes no student found"),
        ],
        2,
    )
    total = notes["student"].nunique()
    busiest = students.idxmax() if len(students) and students.max() > 0 else None
    alt = (
        f"Bars for each annotated paragraph: how many of {counted(total, 'student')} made a "
        "note there, and how many of the kit's notes there nobody found."
        + (
            f" Most students marked {busiest} ({int(students[busiest])})."
            if busiest is not None
            else ""
        )
        + f" Kit notes nobody found: {int(missed.sum())} in all."
    )
    lines = ["**Text version.** Paragraph by paragraph:", ""]
    lines += [
        f"- {name}: {counted(int(s), 'student')} with a note; "
        f"{counted(int(m), 'kit note')} nobody found"
        for name, s, m in zip(names, students, missed, strict=True)
    ]
    set_alt_text(ax, alt, "\n".join(lines))
    return ax
