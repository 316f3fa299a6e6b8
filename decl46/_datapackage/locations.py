"""Where the data is: the directory given, ``$DECL46_DATA``, or the data shipped with the kit.

The shipped data is the top-level ``data/`` folder of the repository. The wheel carries it
as ``decl46/data`` (hatchling's ``force-include`` mapping in pyproject.toml), read with
importlib.resources; an editable install (a checkout) reads ``data/`` beside the package.
"""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from decl46._datapackage.descriptor import DESCRIPTOR
from decl46.errors import DataError, Problem

ENVIRONMENT_VARIABLE = "DECL46_DATA"


def shipped_data_dir() -> Traversable:
    """The data that comes with the kit: ``decl46/data`` in an installed wheel, the
    repository's ``data/`` in a checkout."""
    packaged = files("decl46").joinpath("data")
    if packaged.joinpath(DESCRIPTOR).is_file():
        return packaged
    checkout = Path(str(files("decl46"))).parent / "data"
    if (checkout / DESCRIPTOR).is_file():
        return checkout
    raise DataError(
        [Problem(str(packaged), None, None, "the kit's data is missing from this installation")]
    )


def resolve_data_dir(data_dir: str | Path | Traversable | None) -> Traversable:
    """The data directory to read: the one given, else ``$DECL46_DATA``, else the shipped data.

    The environment variable lets a teacher run every notebook on an edited copy of the
    data without changing a cell.
    """
    if data_dir is None:
        data_dir = os.environ.get(ENVIRONMENT_VARIABLE) or None
    if data_dir is None:
        return shipped_data_dir()
    if isinstance(data_dir, str | Path):
        path = Path(data_dir)
        if not path.is_dir():
            what = "is a file, not a directory" if path.exists() else "does not exist"
            raise DataError([Problem(str(path), None, None, f"the data directory {what}")])
        return path
    return data_dir
