"""pytest set-up shared by the tests and the doctests."""

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def _data_digest() -> str:
    """One hash of every file in data/, names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(DATA.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(DATA).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def pytest_sessionstart(session):
    session.config._decl46_data_digest = _data_digest()


def pytest_sessionfinish(session, exitstatus):
    """Tests and notebooks must leave data/ byte-identical; fail the run if they did not."""
    if _data_digest() != session.config._decl46_data_digest:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nFAILED: the test run changed files in data/ (it must only read them)")


@pytest.fixture(autouse=True)
def _decl46_in_doctests(doctest_namespace):
    """Doctests may use ``decl46`` without importing it, as a notebook would after one import."""
    import decl46

    doctest_namespace["decl46"] = decl46
