"""pytest set-up shared by the tests, the doctests and the notebook pass."""

import hashlib
from pathlib import Path

import pytest

# The notebook pass of make test (--byte-for-byte, --offline): see tests/notebook_pass.py.
pytest_plugins = ["tests.notebook_pass"]

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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """No check is ever skipped: a test whose tool is missing fails, saying what to install."""
    report = (yield).get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped ({reason}), but no check of the kit may be skipped"


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
