"""One door to the data: decl46.open_data() reads a folder once, checks it whole, and hands
typed tables on; every public call reads each file of the folder at most once, and a call on
a folder that has not changed reads nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import decl46
from conftest import shipped_data_dir

RACY_SECONDS = 2.0  # decl46/_datapackage/folder.py: a read within this of a change is redone

PROBE = r"""
import collections, json, sys
folder = sys.argv[1]
opened = collections.Counter()

def audit(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(folder):
        opened[args[0].removeprefix(folder)] += 1

import decl46, matplotlib
matplotlib.use("agg")
sys.addaudithook(audit)
results = {}
for name, call in [
    ("plot_agreement_summary", lambda: decl46.plot_agreement_summary(data_dir=folder)),
    ("again, unchanged", lambda: decl46.plot_agreement_summary(data_dir=folder)),
    ("signature_overview", lambda: decl46.signature_overview(data_dir=folder)),
    ("render_reading", lambda: decl46.render_reading(data_dir=folder)),
    ("timeline_json", lambda: decl46.timeline_json(data_dir=folder)),
]:
    opened.clear()
    call()
    results[name] = dict(opened)
print(json.dumps(results))
"""


@pytest.fixture
def old_copy(tmp_path) -> Path:
    """A copy of the data whose files were last changed before the test reads them: a file
    changed (its modification or change time) within two seconds of a read is always read
    again, since a change in the same tick of the clock would not show in its status."""
    target = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), target)
    past = time.time() - 60
    for path in target.iterdir():
        os.utime(path, (past, past))  # sets the change time to now
    time.sleep(RACY_SECONDS + 0.2)
    return target


def test_each_public_call_reads_each_file_at_most_once(old_copy):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(old_copy)], capture_output=True, text=True, check=True
    )
    results = json.loads(out.stdout)
    first = results["plot_agreement_summary"]
    # The first call reads the descriptor and every table, each once.
    assert first.get("/datapackage.json") == 1
    assert {f"/{p.name}" for p in old_copy.glob("*.csv")} <= set(first)
    assert max(first.values()) == 1, first
    # Later calls on the unchanged folder read nothing at all.
    for name in ["again, unchanged", "signature_overview", "render_reading", "timeline_json"]:
        assert results[name] == {}, (name, results[name])


def test_a_dataset_hands_out_copies_and_names_its_tables():
    data = decl46.open_data()
    assert decl46.open_data() is data  # read once, handed on
    first = data["stances"]
    first["stance"] = pd.NA
    assert data["stances"]["stance"].notna().all()
    assert data.stances.equals(data["stances"])
    assert "stances" in dir(data) and data.table_names[0] == "paragraphs"
    with pytest.raises(ValueError, match=r"there is no table .stance.; the tables are"):
        data["stance"]
    assert decl46.load_stances(dataset=data).equals(decl46.load_stances())


def test_dataset_or_data_dir_but_not_both_and_nothing_else(data_copy):
    data = decl46.open_data(data_copy)
    with pytest.raises(TypeError, match="not both"):
        decl46.load_blocks(dataset=data, data_dir=data_copy)
    with pytest.raises(TypeError, match=r"dataset= takes what decl46\.open_data"):
        decl46.load_blocks(dataset=str(data_copy))


def test_an_edited_copy_is_a_new_dataset_and_its_views_follow(data_copy):
    before = decl46.open_data(data_copy)
    text = (data_copy / "signatories.csv").read_text(encoding="utf-8")
    (data_copy / "signatories.csv").write_text(
        text.replace("Georgy Leonidovich Pyatakov", "Georgii Pyatakov"), encoding="utf-8"
    )
    after = decl46.open_data(data_copy)
    assert after is not before
    assert "Georgii Pyatakov" in set(decl46.signature_overview(dataset=after)["name"])


def test_the_descriptor_declares_the_readings_the_code_counts_by():
    data = decl46.open_data()
    assert [r.value for r in data.readings] == ["first_signer", "every_signer"]
    for reading in data.readings:
        assert reading.label and reading.get("description")
    with pytest.raises(ValueError, match="the readings are"):
        decl46.stance_counts(reading="somebody")
