"""Both installs find the data: the wheel carries data/ as decl46/data (hatchling's mapping,
no symlink), an editable install reads the checkout's data/; each loads from anywhere.

The release as a school gets it: the wheel and the sdist, each built from the checkout and
installed into a fresh venv (with the versions of uv.lock), load and check the data from
another folder, report the release's version, carry the licence expression and the three
licence files, and run a lesson: notebooks/00_start_here.ipynb, copied out of the checkout
into a temporary folder, executed by nbclient in a kernel of that venv, which imports the
installed package, not the checkout."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = Path(sys.executable).parent / "uv"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LESSON = ROOT / "notebooks" / "00_start_here.ipynb"

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
def dist(tmp_path_factory) -> Path:
    """The wheel and the sdist, each built from the checkout (the wheel not from the sdist,
    so that each is checked as built)."""
    out = tmp_path_factory.mktemp("dist")
    for kind in ["--wheel", "--sdist"]:
        subprocess.run(
            [str(UV), "build", kind, "--out-dir", str(out), str(ROOT)],
            check=True,
            capture_output=True,
        )
    return out


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    (built,) = dist.glob("decl46-*.whl")
    return built


@pytest.fixture(scope="module")
def sdist(dist) -> Path:
    (built,) = dist.glob("decl46-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def constraints(tmp_path_factory) -> Path:
    """The locked versions of everything a class installs (uv.lock's lab extra), so that a
    fresh venv gets the packages the notebooks were run with."""
    path = tmp_path_factory.mktemp("lock") / "constraints.txt"
    exported = subprocess.run(
        [
            *[str(UV), "export", "--quiet", "--frozen", "--no-hashes", "--no-emit-project"],
            *["--extra", "lab", "--project", str(ROOT)],
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path.write_text(exported, encoding="utf-8")
    return path


def metadata_of(text: str) -> email.message.Message:
    return email.message_from_string(text)


@pytest.mark.slow
def test_wheel_and_sdist_carry_the_version_the_licence_and_its_files(wheel, sdist):
    version, expression = PROJECT["version"], PROJECT["license"]
    assert wheel.name == f"decl46-{version}-py3-none-any.whl"
    assert sdist.name == f"decl46-{version}.tar.gz"
    names = set(zipfile.ZipFile(wheel).namelist())
    info = f"decl46-{version}.dist-info"
    meta = metadata_of(zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode())
    assert meta["Version"] == version and meta["License-Expression"] == expression
    assert sorted(meta.get_all("License-File")) == sorted(PROJECT["license-files"])
    for path in PROJECT["license-files"]:
        assert f"{info}/licenses/{path}" in names, path
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
        pkg_info = archive.extractfile(f"decl46-{version}/PKG-INFO").read().decode()
    meta = metadata_of(pkg_info)
    assert meta["Version"] == version and meta["License-Expression"] == expression
    for path in [*PROJECT["license-files"], "CHANGELOG.md", "CITATION.cff", "pyproject.toml"]:
        assert path in members, path


@pytest.mark.slow
def test_wheel_holds_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "data").iterdir():
        assert f"decl46/data/{path.name}" in names
    for path in (ROOT / "decl46" / "examples" / "class_codings").iterdir():
        assert f"decl46/examples/class_codings/{path.name}" in names


# Run in the fresh venv: the lesson, copied out of the checkout, executed by nbclient in a
# kernel of this Python, with a last cell that says which decl46 it imported.
RUN_LESSON = """
import sys
import nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
notebook.cells.append(nbformat.v4.new_code_cell(
    "import decl46, sys\\nprint(decl46.__file__)\\nprint(decl46.__version__)\\nprint(sys.prefix)"))
NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
print(notebook.cells[-1].outputs[0]["text"], end="")
"""


def fresh_venv(where: Path, constraints: Path, *packages: str) -> Path:
    venv = where / "venv"
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            *[str(UV), "pip", "install", "--quiet", "--python", str(python)],
            *["--constraints", str(constraints), *packages],
        ],
        check=True,
    )
    return python


def isolated(home: Path) -> dict[str, str]:
    """An environment without the checkout: no PYTHONPATH, no data folder set, and a home,
    Jupyter and IPython folders of its own (no kernel spec of the user's is found)."""
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    for name, sub in [
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ]:
        env[name] = str(home / sub)
    return env


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_an_installed_release_loads_the_data_and_runs_a_lesson(
    kind, request, constraints, tmp_path
):
    built = request.getfixturevalue(kind)
    # nbclient and ipykernel run the lesson; everything else comes from the release itself.
    python = fresh_venv(tmp_path, constraints, str(built), "nbclient", "ipykernel")
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    env = isolated(tmp_path / "home")
    result = subprocess.run(
        [str(python), "-c", CHECK], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    where, *counts = result.stdout.split()
    assert "site-packages" in where and where.endswith("decl46/data")
    assert Path(where).is_relative_to(tmp_path / "venv")
    assert counts == ["46", "47", "13"]

    lesson = shutil.copy(LESSON, elsewhere / LESSON.name)
    result = subprocess.run(
        [str(python), "-c", RUN_LESSON, str(lesson)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    module, version, prefix = result.stdout.split("\n")[:3]
    assert Path(module).is_relative_to(tmp_path / "venv"), module
    assert not Path(module).is_relative_to(ROOT)
    assert version == PROJECT["version"]
    assert Path(prefix).resolve() == (tmp_path / "venv").resolve()


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
