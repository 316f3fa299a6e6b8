"""deploy/voila.py, the app's settings for a class: Voilà loads them, the cap on live
kernels turns away the visitor one too many with a page that says so, the cap per visitor
keeps one visitor from taking every kernel (with and without a pool of ready kernels, and
behind a reverse proxy), and the app shows the explorers of notebook 05 without its cells
tagged app-hide, as each student's Voilà on the hub does (deploy/jupyterhub_config.py)."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from servers import BIN, chromium, free_port, isolated_env, read_page, serve
from traitlets.config import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def small_app(tmp_path, **knobs: str):
    """Voilà with deploy/voila.py on a one-cell notebook; ``knobs`` are DECL46_APP_*
    variables without the prefix. The first visit (``serve`` waits for it) comes from
    127.0.0.1 and holds a kernel."""
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
    env.update({f"DECL46_APP_{name}": value for name, value in knobs.items()})
    command = [str(BIN / "voila"), str(notebook), "--no-browser", f"--port={port}"]
    command += ["--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={ROOT / 'deploy'}"]
    return serve(command, f"http://127.0.0.1:{port}/", env, tmp_path / "voila.log"), port


def visit(port: int, source: str = "127.0.0.1", path: str = "/", **headers: str):
    """A page of the app opened from ``source`` (any 127.x.y.z address is this machine):
    its status and its text, read to the end (the notebook has run)."""
    status, page, _ = request(port, source, "GET", path, headers)
    return status, page


def request(port: int, source: str, method: str, path: str, headers: dict[str, str]):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=120, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode(), answer.headers
    finally:
        connection.close()


def close_page(port: int, source: str = "127.0.0.1") -> None:
    """Open a page and close it as a browser does: the page asks Voilà to stop its kernel
    (navigator.sendBeacon: a POST with no XSRF token)."""
    status, page, _ = request(port, source, "GET", "/", {})
    assert status == 200
    kernel = re.search(r'kernelId": "([0-9a-f-]+)"', page).group(1)
    status, _, _ = request(port, source, "POST", f"/voila/api/shutdown/{kernel}", {})
    assert status == 204


TOO_MANY = "You already have 2 pages of the explorer open (at most 2 at once)"


def test_one_visitor_cannot_take_every_kernel(tmp_path):
    server, port = small_app(tmp_path, POOL="0", MAX_KERNELS="6", KERNELS_PER_VISITOR="2")
    with server:
        # 127.0.0.1 has one page open (the first visit); a second is allowed, a third is
        # refused with a page that says why, however often it is asked for.
        status, page = visit(port)
        assert status == 200 and "hello" in page
        for _ in range(3):
            status, page = visit(port)
            assert status == 429 and TOO_MANY in page
        # Another visitor is served meanwhile.
        status, page = visit(port, "127.0.0.2")
        assert status == 200 and "hello" in page
        # A page the visitor closes counts no more: 127.0.0.2 opens and closes one, then
        # opens two.
        close_page(port, "127.0.0.2")
        status, page = visit(port, "127.0.0.2")
        assert status == 200 and "hello" in page
        status, page = visit(port, "127.0.0.2")
        assert status == 429 and TOO_MANY in page


def test_the_cap_per_visitor_holds_with_a_pool_and_behind_a_proxy(tmp_path):
    """With kernels kept ready, a kernel handed out from the pool counts for its visitor;
    behind a reverse proxy named in DECL46_APP_TRUSTED_PROXIES, the visitor is the address
    the proxy reports, and from any other address that header counts for nothing."""
    server, port = small_app(
        tmp_path, POOL="1", MAX_KERNELS="8", KERNELS_PER_VISITOR="2", TRUSTED_PROXIES="127.0.0.1"
    )
    with server:
        for student in ["10.0.0.5", "10.0.0.6"]:
            for _ in range(2):
                time.sleep(1.5)  # the pool refills a second after a kernel is taken
                status, page = visit(port, **{"X-Forwarded-For": f"203.0.113.9, {student}"})
                assert status == 200 and "hello" in page, student
            status, page = visit(port, **{"X-Forwarded-For": student})
            assert status == 429 and TOO_MANY in page, student
        # 127.0.0.2 is no trusted proxy: what it says in the header is not believed.
        for number, status_expected in [(1, 200), (2, 200), (3, 429)]:
            status, _ = visit(port, "127.0.0.2", **{"X-Forwarded-For": f"10.0.1.{number}"})
            assert status == status_expected, number


@pytest.mark.browser
def test_a_student_who_reloads_the_app_is_never_locked_out(tmp_path):
    """In a browser, a reloaded or closed page gives its kernel back at once, so reloading
    more often than the cap per visitor still shows the app every time."""
    server, port = small_app(tmp_path, POOL="0", KERNELS_PER_VISITOR="2")
    with server, chromium() as browser:
        page = browser.new_page()

        def shown():
            # The notebook has run and the page has connected to its kernel (only then
            # does it know which kernel to give back when it goes).
            page.get_by_text("hello").wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)

        page.goto(f"http://127.0.0.1:{port}/")
        shown()
        for _ in range(4):
            page.reload()
            shown()
        page.goto("about:blank")  # the student leaves the app
        time.sleep(1)
        browser.close()
        # The page that serve() opened holds one kernel; the browser's last page gave its
        # kernel back when the student left: one more visit is allowed, the next is not.
        assert visit(port)[0] == 200
        assert visit(port)[0] == 429


def test_a_visitor_cannot_run_code_of_their_own(tmp_path):
    """A page talks to its kernel through the widgets' messages only: code sent to the
    kernel's channel from a visitor's page is dropped (Voilà allows no execute_request)."""
    import uuid

    import websocket

    server, port = small_app(tmp_path, POOL="0")
    with server:
        status, page = visit(port)
        assert status == 200
        kernel = re.search(r'kernelId": "([0-9a-f-]+)"', page).group(1)
        channel = websocket.create_connection(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels", timeout=10
        )
        request = uuid.uuid4().hex
        header = {"msg_id": request, "msg_type": "execute_request", "version": "5.3"}
        header.update(username="visitor", session=uuid.uuid4().hex, date="")
        content = {"code": "print('ran')", "silent": False, "store_history": False}
        content.update(user_expressions={}, allow_stdin=False, stop_on_error=True)
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
        channel.send(json.dumps({**message, "channel": "shell", "buffers": []}))
        answers = []
        with contextlib.suppress(websocket.WebSocketTimeoutException):
            while True:
                answers.append(json.loads(channel.recv()))
        channel.close()
        assert not [a for a in answers if a.get("parent_header", {}).get("msg_id") == request]
        log = (tmp_path / "voila.log").read_text()
        assert 'Received message of type "execute_request", which is not allowed' in log


def test_the_app_refuses_a_kernel_beyond_the_cap(tmp_path):
    server, port = small_app(tmp_path, POOL="0", MAX_KERNELS="1")
    base = f"http://127.0.0.1:{port}"
    # The first visit (serve waits for it) starts the one kernel the cap allows.
    with server:
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
    with serve(command, base + "/", env, tmp_path / "voila.log"):
        assert_shows_the_explorers_only(read_page(base + "/", tmp_path / "voila.log"))


def test_voila_on_the_hub_shows_the_explorers_only(tmp_path, monkeypatch):
    """A student's server started with the hub's arguments (deploy/jupyterhub_config.py)
    renders notebook 05 as the app does."""
    monkeypatch.setenv("DECL46_HUB_STATE", str(tmp_path / "hub"))
    monkeypatch.setenv("DECL46_HUB_HOMES", str(tmp_path / "homes"))
    hub = PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()
    port, token = free_port(), "a-test-token"
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}"]
    command += ["--ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    command += [f"--ServerApp.root_dir={ROOT / 'notebooks'}", *hub.Spawner.args]
    base = f"http://127.0.0.1:{port}"
    env = isolated_env(tmp_path / "home")
    # Where the hub's servers find the kit's Voilà template.
    env.update(JUPYTER_PATH=hub.Spawner.environment["JUPYTER_PATH"])
    with serve(command, f"{base}/api/status?token={token}", env, tmp_path / "lab.log"):
        url = f"{base}/voila/render/05_explorer.ipynb?token={token}"
        assert_shows_the_explorers_only(read_page(url, tmp_path / "lab.log"))
