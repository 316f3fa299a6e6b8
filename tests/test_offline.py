"""Nothing fetches at run time: make test runs the notebook pass with the network cut.

The pass itself (tests/notebook_pass.py, `--offline`) refuses to start unless the network
is cut; this checks that tools/offline, which make test runs it under, really cuts it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import sys; sys.path.insert(0, 'tests'); import notebook_pass as p; print(p.network_is_cut())"
)


@pytest.mark.netns
def test_the_cut_really_cuts_the_network():
    for tool, package in [("unshare", "util-linux"), ("ip", "iproute2")]:
        if shutil.which(tool) is None:
            pytest.fail(f"the offline test needs {tool}: install {package}")
    cut = subprocess.run(
        [str(ROOT / "tools" / "offline"), sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cut.returncode == 0, cut.stderr
    assert cut.stdout.split() == ["True"]
    # The same probe, outside the namespace, on a machine that reaches PyPI (CI installs
    # from it): the probe can tell the two apart.
    here = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True)
    assert here.stdout.split() == ["False"], "the probe cannot reach pypi.org from here either"
