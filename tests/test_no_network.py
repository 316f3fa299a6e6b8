"""Nothing asks the network: JupyterLab as `make lab` starts it, the explorer app as `make app`
starts it, and every page of the static site, each used as a class uses it.

Two ears listen. The browser (Debian's chromium, driven by Playwright) aborts and records
every request that is not to the local server (or, for the site, not a file of the site).
Every Python process of the server, the kernels included, runs with an audit hook
(:data:`LISTENER`, a sitecustomize module on PYTHONPATH) that records every connection,
name lookup or URL it opens towards anything but this machine. Both records must stay
empty. The servers run exactly as the Makefile runs them (`make lab`, `make app`), so
what is checked is the kit's own configuration: JupyterLab's settings
(tools/jupyterlab_overrides.json: no news question, no update check) and the app's page
(deploy/jupyter/voila/templates/decl46: no style sheet from a CDN).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pytest
from servers import chromium, free_port, isolated_env, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
SHOTS = ROOT / "build" / "screenshots"

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Imported by every Python process started with it on PYTHONPATH: records, one line each,
# what would leave the machine (the address or host and the program), in DECL46_NET_LOG.
LISTENER = r"""
import os, sys

_LOG = os.environ.get("DECL46_NET_LOG")
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")


def _local(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return host is None or not isinstance(host, str) or host.startswith(_LOCAL) or host == ""


def _hook(event, args, _open=open, _pid=os.getpid, _argv=sys.argv):
    if event == "socket.connect":
        address = args[1]
        if not isinstance(address, tuple) or _local(address[0]):
            return  # a Unix socket, or this machine
        where = address
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        if _local(args[0]):
            return
        where = args[0]
    elif event == "urllib.Request":
        where = args[0]
        if any(where.startswith(s + h) for s in ("http://", "https://", "ws://") for h in _LOCAL):
            return
    else:
        return
    with _open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{event} {where!r} from {_pid()} {' '.join(map(str, _argv[:2]))}\n")


if _LOG:
    sys.addaudithook(_hook)
"""


@pytest.fixture(scope="module")
def browser():
    with chromium(SHOTS) as b:
        yield b


class Cut:
    """A browser context at 1024×768 whose requests may go only where ``allowed`` says;
    every other one is aborted and kept in ``attempted``."""

    def __init__(self, browser, allowed):
        self.context = browser.new_context(viewport={"width": 1024, "height": 768})
        self.attempted: list[str] = []
        self.context.route(lambda url: not allowed(url), self._block)

    def _block(self, route):
        self.attempted.append(route.request.url)
        route.abort()


def listening_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An isolated environment (tests/servers.py) whose Python processes all listen, and
    the file they write to. make's own variables from an outer `make test` stay out."""
    (tmp_path / "listener").mkdir()
    (tmp_path / "listener" / "sitecustomize.py").write_text(LISTENER, encoding="utf-8")
    env = isolated_env(tmp_path)
    for name in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"]:
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(tmp_path / "listener"), env.get("PYTHONPATH")])
    )
    log = tmp_path / "net.log"
    env["DECL46_NET_LOG"] = str(log)
    return env, log


def heard(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_the_listener_hears_what_would_leave_the_machine(tmp_path):
    """The audit hook records a lookup, a connection and a URL towards the outside, and not
    the same towards this machine. Nothing goes out: the names are in the reserved .invalid
    domain, which has no address, and the socket is closed before it connects."""
    import subprocess
    import sys

    env, log = listening_env(tmp_path)
    probe = (
        "import socket, urllib.request\n"
        "for host in ['decl46.invalid', 'localhost']:\n"
        "    try:\n        socket.getaddrinfo(host, 443)\n    except OSError:\n        pass\n"
        "try:\n    urllib.request.urlopen('http://decl46.invalid/', timeout=5)\n"
        "except OSError:\n    pass\n"
        "s = socket.socket()\ns.close()\n"
        "for address in [('192.0.2.1', 9), ('127.0.0.1', 9)]:\n"
        "    try:\n        s.connect(address)\n    except OSError:\n        pass\n"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60)
    lines = heard(log)
    assert sorted({line.split(" from ")[0] for line in lines}) == [
        "socket.connect ('192.0.2.1', 9)",
        "socket.getaddrinfo 'decl46.invalid'",
        "urllib.Request 'http://decl46.invalid/'",
    ]


def notebook_bytes() -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
    }


def test_jupyterlab_as_make_lab_starts_it_asks_nothing_outside_the_machine(browser, tmp_path):
    env, log = listening_env(tmp_path)
    # The test never saves: JupyterLab's autosave would write a notebook it marked changed.
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}', encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(ROOT),
        "lab",
        f"PORT={port}",
        f"ARGS=--no-browser --ip=127.0.0.1 --IdentityProvider.token={token}",
    ]
    before = notebook_bytes()
    cut = Cut(browser, lambda url: url.startswith(base))
    with serve(command, f"{base}/api/status?token={token}", env, tmp_path / "lab.log"):
        page = cut.context.new_page()
        page.goto(f"{base}/?token={token}")  # opens on the first lesson, as for a class
        page.locator(".jp-Notebook").first.wait_for(timeout=90_000)
        # Its kernel has started (the status bar's hidden text for screen readers).
        page.get_by_text("Kernel status: Idle").first.wait_for(state="attached", timeout=90_000)
        # The news question and the update check come a few seconds after the start.
        page.wait_for_timeout(8000)
        assert page.get_by_text("official Jupyter news").count() == 0
        assert page.locator(".jp-toast-message, .Toastify__toast").count() == 0
        page.screenshot(path=str(SHOTS / "lab_first_launch.png"))
        page.close()
    cut.context.close()
    assert cut.attempted == []
    assert heard(log) == []
    assert notebook_bytes() == before


def test_the_app_as_make_app_starts_it_asks_nothing_outside_the_machine(browser, tmp_path):
    env, log = listening_env(tmp_path)
    env["DECL46_APP_POOL"] = "0"  # each page starts its kernel: one kernel, for this test
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(ROOT),
        "app",
        f"PORT={port}",
        "ARGS=--Voila.ip=127.0.0.1",
    ]
    cut = Cut(browser, lambda url: url.startswith(base))
    with serve(command, base + "/", env, tmp_path / "app.log"):
        page = cut.context.new_page()
        page.goto(base + "/")
        name = page.locator("input[placeholder^='Type a name']")
        name.wait_for(timeout=120_000)
        name.fill("Пятаков")
        name.press("Enter")
        page.get_by_text("Georgy Leonidovich Pyatakov").first.wait_for(timeout=60_000)
        page.wait_for_timeout(3000)
        # Voilà's own scripts carry Font Awesome: the icons need no CDN.
        assert "Font Awesome 5 Free" in page.evaluate("[...document.fonts].map(f => f.family)")
        page.close()
    cut.context.close()
    assert cut.attempted == []
    assert heard(log) == []


SITE_PAGES = sorted(SITE.glob("*.html")) if SITE.is_dir() else []
RECORD_CSP = """
window.decl46Violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.decl46Violations.push(e.violatedDirective + " " + e.blockedURI));
"""
# What each page has drawn once its scripts ran: a lesson's widgets from their stored state,
# the timeline's marks, the annotator on the text.
DRAWN = """() => {
  const views = [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')];
  return {
    views: views.length,
    drawn: views.filter(s => s.parentElement.querySelector('.widget-subarea > *')).length,
    marks: document.querySelectorAll('.tl-timemarker').length,
    annotator: document.querySelectorAll('.r6o-annotatable').length,
    csp: document.querySelector('head > meta[http-equiv="Content-Security-Policy"]')?.content,
  };
}"""


@pytest.mark.npm
def test_the_site_has_pages():
    assert (SITE / "index.html").is_file(), "run `make site` first (make test does)"
    assert len(SITE_PAGES) >= 9


@pytest.mark.npm
@pytest.mark.parametrize("html", SITE_PAGES, ids=lambda p: p.stem)
def test_a_site_page_works_under_its_policy_and_asks_nothing_outside(browser, html):
    cut = Cut(browser, lambda url: url.startswith("file:"))
    cut.context.add_init_script(RECORD_CSP)
    page = cut.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(2500)  # widgets drawn from their stored state, TimelineJS laid out
    drawn = page.evaluate(DRAWN)
    assert "connect-src 'none'" in drawn["csp"] and "default-src 'none'" in drawn["csp"]
    assert drawn["views"] == drawn["drawn"], drawn
    if html.stem == "timeline":
        assert drawn["marks"] > 0
    if html.stem == "annotate":
        assert drawn["annotator"] == 1
    assert page.evaluate("window.decl46Violations") == []
    assert errors == []
    assert cut.attempted == []
    cut.context.close()
