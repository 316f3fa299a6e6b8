"""A class's work is safe: what students hand in cannot break the teacher's view, and no
save or hand-in ever loses or overwrites work.

- Every case of the hostile corpus (tests/hostile_files/cases.toml) gives an error for
  that file alone, with its expected words, bounded in length, while a good file beside it
  still loads; never an uncaught exception.
- Hand-ins: one student one file ("Anna", "anna", "An na", "anna!"), never replaced
  without the student saying so, a clear message for an empty or overlong name, on a hub
  named by the hub user; two at once each leave a whole file.
- Saves: atomic (200 kills in the middle of saving lose nothing), never through a link.
- A teacher's data copy cannot make the kit read outside its folder, and any descriptor
  that is not valid is a DataError.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import decl46
from conftest import shipped_data_dir
from decl46 import DataError
from decl46.codings import (
    HandInRefused,
    coding_csv,
    empty_coding,
    hand_in,
    resume_coding,
    save_coding,
    set_code,
)

CORPUS = Path(__file__).parent / "hostile_files" / "cases.toml"
CASES = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]
GOOD_CODING = "block_id,part,stance,justification\nb01,economy,agrees,fine\n"
# The longest message an error about one file may have (the first problems and a count).
LONGEST_MESSAGE = 6000


def good_annotations() -> str:
    item = json.loads(
        (Path(str(decl46.example_annotations_folder())) / "amir.jsonld").read_text("utf-8")
    )["items"][0]
    return json.dumps({"type": "AnnotationCollection", "items": [item]})


def content(spec: dict) -> bytes:
    if "bytes_hex" in spec:
        return bytes.fromhex(spec["bytes_hex"])
    text = spec.get("text", "")
    if "fill" in spec:
        fill = (spec["fill"] * (spec["fill_length"] // len(spec["fill"]) + 1))[
            : spec["fill_length"]
        ]
        text = text.replace("{fill}", fill) if "{fill}" in text else fill
    return text.encode("utf-8")


def make_files(case: dict, folder: Path, outside: Path) -> None:
    make = case.get("make")
    for spec in case["files"]:
        path = folder / spec["name"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if make == "link":
            target = outside / "secret.csv"
            target.write_text(GOOD_CODING, encoding="utf-8")
            path.symlink_to(target)
        elif make == "huge":
            with path.open("wb") as f:  # sparse: 240 MB on paper, nothing on disk
                f.truncate(240_000_000)
        elif make == "fifo":
            os.mkfifo(path)
        elif make == "note_with_markup":
            doc = json.loads(good_annotations())
            doc["items"][0]["body"] = {"type": "TextualBody", "value": "<img src=x onerror=1>"}
            path.write_text(json.dumps(doc), encoding="utf-8")
        elif make == "same_student_twice":
            path.write_text(good_annotations(), encoding="utf-8")
        else:
            path.write_bytes(content(spec))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_hostile_file_is_reported_alone_and_the_class_still_loads(case, tmp_path):
    folder, outside = tmp_path / "class", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    coding = case["kind"] == "coding"
    (folder / ("good.csv" if coding else "good.jsonld")).write_text(
        GOOD_CODING if coding else good_annotations(), encoding="utf-8"
    )
    make_files(case, folder, outside)
    if coding:
        read = decl46.read_class_codings(folder)
        loaded = set(read.codings)
    else:
        read = decl46.read_student_annotations(folder)
        loaded = set(read.students)
    failed = {}
    for error in read.errors:
        assert len(str(error)) <= LONGEST_MESSAGE, case["name"]
        first = error.problems[0]
        failed[first.file] = first.message
    expected = {e["file"]: e["says"] for e in case["expect"]}
    assert set(failed) == set(expected), failed
    for file, says in expected.items():
        assert says in failed[file], (file, failed[file])
    assert "good" in loaded
    kept = {
        decl46._student_files.student_key(Path(s["name"]).stem)
        for s in case["files"]
        if not any(Path(s["name"]).name in f for f in expected)
    }
    assert kept <= loaded
    # The report a notebook shows names each file that did not load, as text.
    html = read._repr_html_()
    assert "<script" not in html and "<img" not in html
    for file in expected:
        assert file.split(", ")[0][:40] in html


def test_a_file_out_of_the_class_folder_is_never_read_through_a_link(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (tmp_path / "outside.csv").write_text(GOOD_CODING, encoding="utf-8")
    (folder / "mallory.csv").symlink_to(tmp_path / "outside.csv")
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)
    read = decl46.read_class_codings(folder)
    assert read.codings == {}
    assert {e.problems[0].file for e in read.errors} == {"mallory.csv", "sub"}


def test_the_reports_limit_and_reader_limits_are_settable(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for n in range(3):
        (folder / f"s{n}.csv").write_text(GOOD_CODING, encoding="utf-8")
    assert len(decl46.read_class_codings(folder).codings) == 3
    too_many = decl46.read_class_codings(folder, max_files=2)
    assert too_many.codings == {} and "at most 2 are read" in str(too_many.errors[0])
    small = decl46.read_class_codings(folder, max_bytes=10)
    assert small.codings == {} and len(small.errors) == 3


# --- hand-ins ----------------------------------------------------------------------------


def a_coding(n: int = 1) -> pd.DataFrame:
    """A coding with its first ``n`` items coded."""
    coding = empty_coding()
    for row in coding.head(n).itertuples():
        coding = set_code(coding, row.block_id, row.part, "agrees", f"reason {row.Index}")
    return coding


@pytest.fixture
def no_hub(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("DECL46_HANDIN_DIR", raising=False)


def test_one_student_one_file_and_no_hand_in_replaces_another(tmp_path, no_hub):
    folder = tmp_path / "class_codings"
    first = hand_in(a_coding(2), "Anna", folder=folder)
    assert first.name == "anna.csv"
    for same in ["anna", "An na", "anna!", " ANNA "]:
        with pytest.raises(HandInRefused, match="already in class_codings"):
            hand_in(a_coding(5), same, folder=folder)
    assert len(decl46.read_coding(first)) == 2  # the first hand-in is untouched
    again = hand_in(a_coding(5), "An na", folder=folder, replace=True)
    assert again == first and len(decl46.read_coding(first)) == 5
    assert sorted(p.name for p in folder.iterdir()) == ["anna.csv"]


@pytest.mark.parametrize(
    ("name", "says"),
    [("", "Type your name"), ("!!! ???", "Type your name"), ("x" * 300, "too long")],
)
def test_a_name_that_cannot_be_a_file_gets_a_clear_message(tmp_path, no_hub, name, says):
    with pytest.raises(HandInRefused, match=says):
        hand_in(a_coding(), name, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_on_a_hub_the_hand_in_is_named_by_the_hub_user(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "zoe")
    monkeypatch.setenv("DECL46_HANDIN_DIR", str(tmp_path / "drop"))
    path = hand_in(a_coding(), "Anna")
    assert path == tmp_path / "drop" / "zoe.csv"
    hand_in(a_coding(3), "")  # the signed-in user's own file: replaced without asking
    assert len(decl46.read_coding(path)) == 3


def test_the_widget_asks_before_replacing_and_clears_an_old_message(tmp_path, no_hub):
    from decl46.widgets import CodingWidget

    widget = CodingWidget(tmp_path / "me.csv", class_folder=tmp_path / "class")
    other = CodingWidget(tmp_path / "other.csv", class_folder=tmp_path / "class")
    widget.student.value = "Anna"
    widget.export.click()
    assert "Handed in" in widget.handed_in.value
    widget.export.click()  # its own earlier hand-in: replaced without asking
    assert "Handed in" in widget.handed_in.value
    other.student.value = "anna"
    other.export.click()
    assert "Not handed in" in other.handed_in.value and "already" in other.handed_in.value
    assert other.replace.layout.display != "none"  # the question is on screen
    other.replace.value = True
    other.export.click()
    assert "Handed in" in other.handed_in.value
    widget.student.value = "x" * 500
    assert widget.handed_in.value == ""  # the old message goes with the old name
    widget.export.click()
    assert "too long" in widget.handed_in.value


def test_two_hand_ins_under_one_name_at_once_each_leave_a_whole_file(tmp_path, no_hub):
    folder = tmp_path / "class"
    folder.mkdir()
    for trial in range(20):
        path = folder / "anna.csv"
        if path.exists():
            path.unlink()
        pids = []
        for n in (3, 40):
            pid = os.fork()
            if pid == 0:  # a second student's kernel, at the same moment
                code = 0
                try:
                    hand_in(a_coding(n), "anna", folder=folder, replace=trial % 2 == 1)
                except HandInRefused:
                    code = 3
                except BaseException:
                    code = 1
                os._exit(code)
            pids.append(pid)
        codes = sorted(os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids)
        assert codes in ([0, 0], [0, 3]), codes
        if trial % 2 == 0:
            assert codes == [0, 3]  # without replace, one is refused, and told so
        assert len(decl46.read_coding(path)) in (3, 40)  # whole, never a mix
        assert [p.name for p in folder.iterdir()] == ["anna.csv"]  # no temporary left


# --- saves -------------------------------------------------------------------------------


def test_a_save_never_writes_through_a_link(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("someone else's file", encoding="utf-8")
    link = tmp_path / "my_stance_coding.csv"
    link.symlink_to(target)
    with pytest.raises(PermissionError, match="symbolic link"):
        save_coding(a_coding(), link)
    assert target.read_text(encoding="utf-8") == "someone else's file"
    folder_link = tmp_path / "class_link"
    folder_link.symlink_to(tmp_path / "nowhere", target_is_directory=True)
    with pytest.raises(HandInRefused, match="link"):
        hand_in(a_coding(), "Anna", folder=folder_link)


@pytest.mark.slow
def test_two_hundred_kills_during_saves_lose_nothing(tmp_path):
    """A kernel killed at any moment of a save leaves the last complete coding, and the
    widget reopens on it."""
    path = tmp_path / "my_stance_coding.csv"
    versions = [a_coding(n) for n in range(1, 53)]
    save_coding(versions[0], path)
    rng = random.Random(46)
    for _ in range(200):
        before = len(resume_coding(path).coding.dropna(subset=["stance"]))
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                for version in versions:
                    save_coding(version, path)
                    os.write(write, b".")
            finally:
                os._exit(0)
        os.close(write)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        done = len(os.read(read, 100))
        os.close(read)
        resumed = resume_coding(path)
        assert resumed.problem is None and resumed.set_aside is None
        coded = len(resumed.coding.dropna(subset=["stance"]))
        # The last complete save: the one reported done, or the next, already renamed in.
        assert coded in (done, done + 1) or (done == 0 and coded in (before, 1))
    # A killed save may leave its temporary file; the next save clears those of the dead.
    save_coding(versions[0], path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_an_unreadable_working_file_is_kept_and_the_widget_still_opens(tmp_path):
    from decl46.widgets import CodingWidget

    path = tmp_path / "my_stance_coding.csv"
    path.write_text("this is not a coding\n", encoding="utf-8")
    widget = CodingWidget(path, class_folder=tmp_path / "class")
    assert "could not be read" in widget.status.value
    kept = tmp_path / "my_stance_coding.unreadable-1.csv"
    assert kept.read_text(encoding="utf-8") == "this is not a coding\n"
    widget.stances["economy"].value = "agrees"  # the student goes on; it saves anew
    assert len(decl46.read_coding(path)) == 1


def test_what_the_kit_writes_for_a_spreadsheet_starts_no_cell_with_a_formula():
    coding = a_coding(4)
    reasons = ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    for i, reason in enumerate(reasons):
        coding.loc[i, "justification"] = reason
    text = coding_csv(coding).decode("utf-8")
    for line in text.splitlines()[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line.split(","))


def test_a_reason_that_looks_like_a_formula_reads_back_as_typed(tmp_path):
    coding = a_coding(1)
    coding.loc[0, "justification"] = "=1+1 is how I count"
    path = save_coding(coding, tmp_path / "c.csv")
    assert decl46.read_coding(path).justification[0] == "=1+1 is how I count"


# --- a teacher's data copy -------------------------------------------------------------------


def descriptor_of(copy: Path) -> dict:
    return json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(copy: Path, descriptor: dict) -> None:
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize("path", ["../secret.csv", "/etc/passwd", "https://example.org/x.csv"])
def test_a_descriptor_cannot_point_a_table_outside_the_folder(data_copy, path):
    (data_copy.parent / "secret.csv").write_text(
        (data_copy / "sources.csv").read_text("utf-8"), "utf-8"
    )
    descriptor = descriptor_of(data_copy)
    [sources] = [r for r in descriptor["resources"] if r["name"] == "sources"]
    sources["path"] = path
    write_descriptor(data_copy, descriptor)
    with pytest.raises(DataError, match="not a file inside the data folder"):
        decl46.validate(data_copy)


def test_a_table_reached_through_a_link_out_of_the_folder_is_not_read(data_copy):
    outside = data_copy.parent / "elsewhere"
    outside.mkdir()
    shutil.move(data_copy / "sources.csv", outside / "sources.csv")
    (data_copy / "sources.csv").symlink_to(outside / "sources.csv")
    with pytest.raises(DataError, match="leads out of the data folder"):
        decl46.validate(data_copy)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def scratch_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("descriptors") / "data"
    shutil.copytree(shipped_data_dir(), target)
    return target


def paths_in(value, prefix=()):
    """Every place in a JSON value, as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths_in(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from paths_in(inner, (*prefix, i))


DESCRIPTOR = json.loads((shipped_data_dir() / "datapackage.json").read_text("utf-8"))
PLACES = [p for p in paths_in(DESCRIPTOR) if p and "forbiddenHosts" not in p]


@pytest.mark.slow  # property-based, as tests/test_fuzz.py
@settings(
    max_examples=int(os.environ.get("DECL46_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(place=st.sampled_from(PLACES), value=JSON)
def test_any_descriptor_is_read_or_refused_with_a_data_error(scratch_copy, place, value):
    """Whatever a teacher's descriptor holds at any place, the kit raises DataError or reads
    it; never another exception."""
    descriptor = json.loads(json.dumps(DESCRIPTOR))
    target = descriptor
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    write_descriptor(scratch_copy, descriptor)
    try:
        decl46.validate(scratch_copy)
    except DataError as error:
        assert len(str(error)) < 100_000
    finally:
        write_descriptor(scratch_copy, DESCRIPTOR)
