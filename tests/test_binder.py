"""The Binder configuration: repo2docker accepts it, installs the kit from the lock and opens
the first lesson.

`jupyter-repo2docker --no-build` writes the Dockerfile it would build, without Docker. The
environment is `.binder/requirements.txt`, the lab extra exported from uv.lock (`make
binder`); a test checks it is what the lock gives now.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / ".binder"
BIN = Path(sys.executable).parent
FIRST_LESSON = "notebooks/00_start_here.ipynb"


def test_requirements_are_the_lock_exported():
    committed = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert committed[0].startswith("# Generated from uv.lock by `make binder`")
    exported = subprocess.run(
        [str(BIN / "uv"), "export", "-q", "--frozen", "--no-hashes", "--no-header", "--extra=lab"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert committed[1:] == exported, "run `make binder` after changing uv.lock"
    pinned = [line for line in exported if line and not line.startswith((" ", "#"))]
    assert pinned[0] == "-e ."  # the kit itself, with its data
    assert all("==" in line for line in pinned[1:])  # everything else pinned by the lock
    assert any(line.startswith(("jupyterlab==", "voila==")) for line in pinned)


def test_repo2docker_builds_from_the_lock_and_opens_the_first_lesson(tmp_path):
    out = subprocess.run(
        [str(BIN / "jupyter-repo2docker"), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    dockerfile = out.stdout + out.stderr
    assert "Building conda environment for python=3.11" in dockerfile  # .binder/runtime.txt
    # The whole repository is in the image before the lock's export is installed into the
    # kernel's environment, since the export installs the kit from it (-e .).
    # (repo2docker gives the files to the user who runs it: 0:0 as root, another id otherwise.)
    copy = re.search(r"COPY --chown=\d+:\d+ src/ \$\{REPO_DIR\}/", dockerfile).start()
    install = dockerfile.index('pip install --no-cache-dir -r ".binder/requirements.txt"')
    assert copy < install < dockerfile.index("RUN ./.binder/postBuild")

    # What postBuild leaves in the image's home: JupyterLab opens on the first lesson.
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run([str(BINDER / "postBuild")], env=env, check=True)
    config = json.loads((tmp_path / ".jupyter" / "jupyter_server_config.json").read_text())
    assert config["ServerApp"]["default_url"] == f"/lab/tree/{FIRST_LESSON}"
    assert (ROOT / FIRST_LESSON).is_file()  # the repository is the image's home (REPO_DIR)
