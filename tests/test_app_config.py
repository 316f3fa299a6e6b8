"""deploy/voila.py, the app's settings for a class: Voilà loads them, the cap on live
kernels turns away the visitor one too many with a page that says so, and the app shows the
explorers of notebook 05 without its cells tagged app-hide, as each student's Voilà on the
hub does (deploy/jupyterhub_config.py)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from servers import BIN, free_port, isolated_env, serve
from traitlets.config import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_the_app_refuses_a_kernel_beyond_the_cap(tmp_path):
    notebook = tmp_path / "small.ipynb"
    cell = {"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}}
    notebook.write_text(
        json.dumps(
            {
                "cells": [{**cell, "outputs": [], "source": "print('hello')"}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    port = free_port()
    env = isolated_env(tmp_path / "home")
    env.update(DECL46_APP_POOL="0", DECL46_APP_MAX_KERNELS="1")
    command = [str(BIN / "voila"), str(notebook), "--no-browser", f"--port={port}"]
    command += ["--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={ROOT / 'deploy'}"]
    base = f"http://127.0.0.1:{port}"
    # The first visit (serve waits for it) starts the one kernel the cap allows.
    with serve(command, base + "/", env, tmp_path / "voila.log"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/", timeout=60)
        assert refused.value.code == 503
        assert "The explorer is full (1 kernels running)" in refused.value.read().decode()


# ---- what the app shows -----------------------------------------------------------------
EXPLORER = ROOT / "notebooks" / "05_explorer.ipynb"
HIDDEN = "app-hide"


class _Headings(HTMLParser):
    """The text of a page's headings (without nbconvert's ¶ anchors, and without Voilà's
    "Running..." heading, which shows while the page loads)."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self._in = self._anchor = False

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag) and ("id", "loading_text") not in attrs:
            self._in = True
            self.headings.append("")
        self._anchor = self._anchor or (tag == "a" and ("class", "anchor-link") in attrs)

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._in = False
        if tag == "a":
            self._anchor = False

    def handle_data(self, data):
        if self._in and not self._anchor:
            self.headings[-1] += data


def assert_shows_the_explorers_only(page: str) -> None:
    """The page has the headings of the untagged cells of notebook 05 and nothing of the
    cells tagged app-hide: no exercise, no solution's output, no JupyterLab instruction."""
    cells = json.loads(EXPLORER.read_text(encoding="utf-8"))["cells"]
    shown = [c for c in cells if HIDDEN not in c["metadata"].get("tags", [])]
    hidden = [c for c in cells if HIDDEN in c["metadata"].get("tags", [])]
    expected = [
        line.lstrip("#").strip()
        for c in shown
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).splitlines()
        if line.startswith("#")
    ]
    parser = _Headings()
    parser.feed(page)
    assert [h.strip() for h in parser.headings] == expected
    for cell in hidden:
        if cell["cell_type"] == "markdown":
            first = re.sub(r"[#*`]", "", "".join(cell["source"]).splitlines()[0]).strip()
            assert first and first not in page, first
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", output.get("data", {}).get("text/plain", "")))
            assert text.strip() and text.strip() not in page
    widgets = sum(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        for c in shown
        for o in c.get("outputs", [])
    )
    assert page.count("application/vnd.jupyter.widget-view+json") >= widgets > 0


def test_notebook_05_tags_for_the_app_everything_but_the_explorers():
    cells = json.loads(EXPLORER.read_text(encoding="utf-8"))["cells"]
    tags = [c["metadata"].get("tags", []) for c in cells]
    assert all(HIDDEN in t for t in tags if "solution" in t)
    # Each explorer keeps a heading and one line of instructions in the app.
    for cell, cell_tags in zip(cells, tags, strict=True):
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith("## ") and HIDDEN not in cell_tags:
            heading, _, rest = text.partition("\n\n")
            assert rest and "\n\n" not in rest and "JupyterLab" not in rest, heading


def test_the_app_shows_the_explorers_only(tmp_path):
    port = free_port()
    env = isolated_env(tmp_path / "home")
    env.update(DECL46_APP_POOL="0")
    command = [str(BIN / "voila"), str(EXPLORER), "--no-browser", f"--port={port}"]
    command += ["--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={ROOT / 'deploy'}"]
    base = f"http://127.0.0.1:{port}"
    with (
        serve(command, base + "/", env, tmp_path / "voila.log"),
        urllib.request.urlopen(base + "/", timeout=120) as response,
    ):
        assert_shows_the_explorers_only(response.read().decode())


def test_voila_on_the_hub_shows_the_explorers_only(tmp_path, monkeypatch):
    """A student's server started with the hub's arguments (deploy/jupyterhub_config.py)
    renders notebook 05 as the app does."""
    monkeypatch.setenv("DECL46_HUB_STATE", str(tmp_path / "hub"))
    hub = PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()
    port, token = free_port(), "a-test-token"
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}"]
    command += ["--ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    command += [f"--ServerApp.root_dir={ROOT / 'notebooks'}", *hub.Spawner.args]
    base = f"http://127.0.0.1:{port}"
    env = isolated_env(tmp_path / "home")
    with serve(command, f"{base}/api/status?token={token}", env, tmp_path / "lab.log"):
        url = f"{base}/voila/render/05_explorer.ipynb?token={token}"
        with urllib.request.urlopen(url, timeout=120) as response:
            assert_shows_the_explorers_only(response.read().decode())
