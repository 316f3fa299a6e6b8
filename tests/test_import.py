"""`import decl46` only defines names: no data file read, no plotting or widget library."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = r"""
import json, sys
opened = []
def audit(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith((".csv", ".json", ".md")):
        opened.append(args[0])
sys.addaudithook(audit)
import decl46
heavy = sorted(m for m in ("matplotlib", "ipywidgets", "IPython") if m in sys.modules)
print(json.dumps({"opened": opened, "heavy": heavy}))
"""


def probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_import_reads_no_data_file():
    assert probe()["opened"] == []


def test_import_pulls_in_neither_matplotlib_nor_ipywidgets():
    assert probe()["heavy"] == []


def test_the_probe_would_see_a_data_file_being_read():
    # The audit hook is what the first test relies on; show that it does catch a read.
    code = PROBE.replace("import decl46", "import decl46; decl46.load_sources()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert any(p.endswith("sources.csv") for p in json.loads(out.stdout)["opened"])
