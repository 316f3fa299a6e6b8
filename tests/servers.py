"""Start JupyterLab and Voilà for the browser tests, isolated, on a free loopback port.

Each server runs in its own process group with its own HOME, Jupyter config, runtime and
settings directories, news and update checks off, and a token; :func:`serve` stops the
whole group (kernels included) when the test ends, also when it fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ["home", "config", "data", "runtime", "settings", "workspaces", "mpl", "ipython"]:
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home / "home"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        MPLCONFIGDIR=str(home / "mpl"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    return env


@contextlib.contextmanager
def serve(
    command: list[str], url: str, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen]:
    """Run a server until the block ends; wait until ``url`` answers first."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited early:\n{log.read_text()[-3000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"{command[0]} did not answer:\n{log.read_text()[-3000:]}"
                        ) from None
                    time.sleep(0.3)
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


LAB_SETTINGS = {
    # No news or update toasts over the notebook.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Render every cell, not only those in view, so the tests see every output.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # The tests never save: an autosave of a notebook open in one page would stop another
    # page that has it open with a "File Changed" dialog.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def shown_counts(notebook: Path) -> list[int]:
    """The execution counts of the code cells JupyterLab shows open (not folded)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        c["execution_count"]
        for c in cells
        if c["cell_type"] == "code" and not c["metadata"].get("jupyter", {}).get("source_hidden")
    ]


def read_page(url: str, log: Path, seconds: float = 180) -> str:
    """The whole page at ``url``, read within ``seconds`` in all: a server that keeps the
    response open without finishing it (Voilà, when rendering fails after the first bytes)
    fails the test with the server's log instead of holding it forever."""
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    with urllib.request.urlopen(url, timeout=30) as response:
        while chunk := response.read1(65536):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                tail = log.read_text()[-3000:]
                raise TimeoutError(f"{url} unfinished after {seconds} s:\n{tail}")
    return b"".join(chunks).decode()


def jupyterlab(root: Path, home: Path, log: Path):
    port, token = free_port(), secrets.token_hex(16)
    env = isolated_env(home)
    for name, settings in LAB_SETTINGS.items():
        path = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings), encoding="utf-8")
    command = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    base = f"http://127.0.0.1:{port}"
    return serve(command, f"{base}/api/status?token={token}", env, log), base, token


@contextlib.contextmanager
def chromium(shots: Path | None = None) -> Iterator:
    """Debian's chromium driven by Playwright (no browser is downloaded), with the folder
    for a module's screenshots (``shots``) made; a clear failure when chromium is missing."""
    import pytest
    from playwright import sync_api as playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def untrusted_lab(work: Path) -> Iterator[tuple[str, str]]:
    """JupyterLab over an untrusted copy of the notebooks in ``work`` (never `jupyter
    trust`ed); its address and token."""
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    server, base, token = jupyterlab(work, work / "home", work / "jupyterlab.log")
    with server:
        yield base, token


def shut_down_kernels(base: str, token: str) -> None:
    """End every session and stop every kernel a JupyterLab server runs (each notebook a
    test opens starts one). The sessions go too: a page that opens the same notebook later
    must get a new kernel, not the session of a stopped one."""
    headers = {"Authorization": f"token {token}"}
    for kind in ["sessions", "kernels"]:
        # The server may answer 500 while a kernel it was asked for is still starting.
        for attempt in range(20):
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(f"{base}/api/{kind}", headers=headers)
                ) as r:
                    running = json.load(r)
                break
            except OSError:
                if attempt == 19:
                    raise
                time.sleep(0.5)
        for item in running:
            request = urllib.request.Request(
                f"{base}/api/{kind}/{item['id']}", headers=headers, method="DELETE"
            )
            with contextlib.suppress(OSError), urllib.request.urlopen(request):
                pass


def voila(notebook: Path, home: Path, log: Path):
    """The app as `make app` serves it (deploy/voila.py), with no kernels kept ready."""
    port = free_port()
    command = [
        str(BIN / "voila"),
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--Voila.config_file_paths={DEPLOY}",
    ]
    base = f"http://127.0.0.1:{port}"
    env = isolated_env(home)
    env["DECL46_APP_POOL"] = "0"
    return serve(command, base + "/", env, log), base


def open_stored(page, base: str, token: str, notebook: Path, workspace: str) -> None:
    """Open ``notebooks/<notebook>`` in JupyterLab in a fresh workspace, run nothing, and
    wait until every code cell shows its stored prompt (its outputs drawn)."""
    page.goto(
        f"{base}/lab/workspaces/{workspace}/tree/notebooks/{notebook.name}?reset&token={token}"
    )
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    # A folded cell (a solution: its input hidden) shows no prompt.
    shown = [
        c
        for c in cells
        if c["cell_type"] == "code" and not c["metadata"].get("jupyter", {}).get("source_hidden")
    ]
    page.wait_for_function(
        """n => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                 .filter(p => /\\[\\d+\\]/.test(p.textContent)).length === n""",
        arg=len(shown),
        timeout=120_000,
    )
    page.wait_for_timeout(1500)  # images decoded, fonts in
