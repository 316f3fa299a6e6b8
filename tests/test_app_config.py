"""deploy/voila.py, the app's settings for a class: Voilà loads them, and the cap on live
kernels turns away the visitor one too many with a page that says so."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import BIN, free_port, isolated_env, serve

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
