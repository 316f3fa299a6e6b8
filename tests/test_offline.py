"""Nothing fetches at run time: the notebooks pass strict nbval with the network cut."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A new network namespace has no route out; bring up only loopback, which the Jupyter
# kernel needs to talk to nbval.
CUT = 'ip link set lo up && exec "$@"'
PROBE = "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"


def offline(*command: str) -> subprocess.CompletedProcess:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.fail("the offline test needs unshare (util-linux) and ip (iproute2)")
    return subprocess.run(
        ["unshare", "-rn", "sh", "-c", CUT, "sh", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_cut_really_cuts_the_network():
    probe = offline(sys.executable, "-c", PROBE)
    assert probe.returncode != 0
    assert "Errno" in probe.stderr  # no name resolution, no route: nothing leaves the machine


@pytest.mark.slow
def test_every_notebook_passes_nbval_offline():
    result = offline(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "notebooks"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
