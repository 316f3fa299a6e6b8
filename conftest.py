"""pytest set-up shared by the tests and the doctests."""

import pytest


@pytest.fixture(autouse=True)
def _decl46_in_doctests(doctest_namespace):
    """Doctests may use ``decl46`` without importing it, as a notebook would after one import."""
    import decl46

    doctest_namespace["decl46"] = decl46
