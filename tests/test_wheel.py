"""Both installs find the data: the wheel carries data/ as decl46/data (hatchling's mapping,
no symlink), an editable install reads the checkout's data/; each loads from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = Path(sys.executable).parent / "uv"

CHECK = """
import decl46, pathlib, sys
from decl46.dataset import shipped_data_dir
where = pathlib.Path(str(shipped_data_dir()))
print(where.relative_to(pathlib.Path(sys.argv[1])).as_posix() if len(sys.argv) > 1 else where)
decl46.validate()
assert not decl46.read_class_codings(decl46.example_class_folder()).errors
print(len(decl46.load_signatories()), len(decl46.load_signatures()), len(decl46.load_blocks()))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [str(UV), "build", "--wheel", "--out-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("decl46-*.whl")
    return built


@pytest.mark.slow
def test_wheel_holds_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "data").iterdir():
        assert f"decl46/data/{path.name}" in names
    for path in (ROOT / "decl46" / "examples" / "class_codings").iterdir():
        assert f"decl46/examples/class_codings/{path.name}" in names


@pytest.mark.slow
def test_installed_wheel_loads_the_data_from_any_directory(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(UV), "pip", "install", "--quiet", "--python", str(python), str(wheel)], check=True
    )
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(python), "-c", CHECK], cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    where, *counts = result.stdout.split()
    assert "site-packages" in where and where.endswith("decl46/data")
    assert counts == ["46", "47", "13"]


@pytest.mark.slow
def test_an_editable_install_reads_the_checkouts_data(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(UV), "pip", "install", "--quiet", "--python", str(python), "-e", str(ROOT)],
        check=True,
    )
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(python), "-c", CHECK, str(ROOT)], cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["data", "46", "47", "13"]


def test_the_repository_holds_no_symlink():
    # A git symlink (mode 120000) breaks Windows checkouts; data/ reaches the wheel by mapping.
    listing = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert listing and not [line for line in listing.splitlines() if line.startswith("120000")]
