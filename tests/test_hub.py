"""A class on one hub: deploy/jupyterhub_config.py serves students, each on their own, and
none of them can take the hub over.

The hub runs on loopback, its state and the students' homes in a temporary folder. The
first test signs three students in with a real browser (the test authenticator: one shared
password, selected by DECL46_HUB_TEST_PASSWORD); each lands on the first lesson, runs
notebook 05 and saves a coding with the widget of notebook 03, and no student reaches
another's files. The others check, as a hostile student would try it (docs/deploy.md,
"Security"): a link and a racing process planted in a home change nothing of root's; no
student reads the hub's database or cookie secret; a fork bomb in one student's kernel
leaves another's server answering and ends with its server; teachers are made before the
class and a sign-up under a teacher's name gets no account, let alone an administrator's;
after five wrong passwords even the right one waits; HTTPS answers with a certificate made
in the test; and the settings that would weaken this are refused before the hub starts.
Everything a test started is stopped when it ends, also when it fails.

These checks need root: only as root does the hub give each student a user id of its own.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import ipaddress
import json
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import websocket
from servers import chromium, free_port, isolated_env, serve, shown_counts

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
CONFIG = DEPLOY / "jupyterhub_config.py"
HUB_BIN = ROOT / "build" / "hub-env" / "bin"  # the hub's environment, from the lock
SHOTS = ROOT / "build" / "screenshots"
STUDENTS = ["anna", "boris", "vera"]
PASSWORD = "a-shared-test-password"
CODING = "decl46/notebooks/my_stance_coding.csv"

pytestmark = pytest.mark.slow


def as_root() -> None:
    if os.geteuid() != 0:
        pytest.fail(
            "the hub's safety checks need root (only as root does the hub give each student "
            "a user id of its own): run them as root, as CI does"
        )


def _processes_of(marker: str, homes: Path) -> list[int]:
    """Processes this hub started: they carry its API address, or run in a student's home."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if marker.encode() in (entry / "environ").read_bytes() or Path(
                os.readlink(entry / "cwd")
            ).is_relative_to(homes):
                found.append(int(entry.name))
    return found


def running_as(uid: int) -> list[int]:
    """The processes of a user id that still run (zombies, which only wait for their parent
    to collect them, are not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, KeyError):
            fields = dict(
                line.split(":", 1) for line in (entry / "status").read_text().splitlines()
            )
            if int(fields["Uid"].split()[0]) == uid and fields["State"].split()[0] not in "ZX":
                found.append(int(entry.name))
    return found


def tasks_of(uid: int) -> int:
    """Processes and threads of a user id: what RLIMIT_NPROC counts."""
    return sum(len(os.listdir(f"/proc/{pid}/task")) for pid in running_as(uid))


def let_students_through(path: Path) -> None:
    """The students' servers run the hub's environment, inside this checkout, under their
    own user ids, so every folder above it must let other users through. A checkout cloned
    into a private temporary folder (`mktemp -d` makes it 0700) gets that bit on the folders
    it sits in under the system's temporary directory; anywhere else the test says what to
    change instead of failing later with a hub that cannot start a server."""
    temp = Path(tempfile.gettempdir()).resolve()
    for folder in [path, *path.parents]:
        # The checkout itself is also listed (Python finds the kit's package in it).
        needed = stat.S_IXOTH | (stat.S_IROTH if folder == path else 0)
        mode = folder.stat().st_mode
        if mode & needed == needed:
            continue
        ours = folder.stat().st_uid == os.getuid()
        if ours and folder.is_relative_to(temp) and folder != temp:
            folder.chmod(mode | needed)
        else:
            pytest.fail(
                f"{folder} does not let other users through (mode {oct(mode & 0o777)}), so the "
                "students' servers cannot reach the hub's environment: chmod o+rx it, or "
                "clone the kit elsewhere"
            )


def make_hub_env() -> None:
    """The hub's environment comes from the lock and its proxy from the npm registry, pinned
    in the Makefile; both are made once, when missing or out of date. The hub tests run on
    several pytest workers at once, and two npm installs into one folder corrupt it, so one
    worker makes them while the others wait on the lock."""
    let_students_through(ROOT)
    (ROOT / "build").mkdir(exist_ok=True)
    with open(ROOT / "build" / ".hub-make.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            ["make", "--no-print-directory", "hub-env", "hub-proxy"], cwd=ROOT, check=True
        )


@dataclass
class Hub:
    base: str  # the address students open
    root: Path  # the temporary folder that holds everything below
    state: Path  # the hub's own state: database, cookie secret, pid files
    homes: Path  # one home per student
    handins: Path  # one drop folder per student, read by the teachers
    log: Path
    env: dict[str, str]  # the environment the hub runs with (its DECL46_HUB_* knobs)


@contextlib.contextmanager
def hub_on_loopback(password: str | None = PASSWORD, scheme: str = "http", **knobs: str):
    """The hub of deploy/jupyterhub_config.py; ``password=None`` keeps its real
    authenticator (NativeAuthenticator), otherwise everyone signs in with ``password``.
    ``knobs`` are more DECL46_HUB_* variables, without the prefix (e.g. LOGIN_WAIT="6")."""
    make_hub_env()
    # Not under pytest's tmp_path: that is private to root (0700), and the students' servers
    # run as their own user ids, which must reach their homes.
    root = Path(tempfile.mkdtemp(prefix="decl46-hub-"))
    root.chmod(0o711)
    state, homes, handins = root / "state", root / "homes", root / "handins"
    port, hub_port, api_port = free_port(), free_port(), free_port()
    env = isolated_env(root / "hub-process")
    env.update(DECL46_HUB_STATE=str(state), DECL46_HUB_HOMES=str(homes))
    env.update(DECL46_HUB_HANDINS=str(handins))
    env.update(DECL46_HUB_TEACHERS="teacher")
    # Hubs of tests that run at once must not share students' user ids (ending one hub's
    # student's processes would end the other's): each takes a range of its own, from its
    # port, which no other running hub holds.
    env["DECL46_HUB_UID_BASE"] = str(100_000 + 100 * port)
    env.update({f"DECL46_HUB_{name}": value for name, value in knobs.items()})
    if password:
        env["DECL46_HUB_TEST_PASSWORD"] = password
    api_url = f"127.0.0.1:{hub_port}"
    command = [
        str(HUB_BIN / "jupyterhub"),
        "-f",
        str(CONFIG),
        f"--port={port}",
        f"--JupyterHub.hub_port={hub_port}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}",
    ]
    log = root / "hub.log"
    try:
        # The hub answers on its own port (plain HTTP, loopback only) when it is up; the
        # proxy in front of it serves the students, over HTTPS when it is set.
        with serve(command, f"http://{api_url}/hub/health", env, log):
            base = f"{scheme}://127.0.0.1:{port}"
            through_the_proxy(base, log, knobs.get("SSL_CERT", True))
            yield Hub(base, root, state, homes, handins, log, env)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, SHOTS / "hub_failed.log")  # kept for reading
        raise
    finally:
        # The hub stops its servers and the proxy on SIGTERM; whatever is left (the hub killed
        # mid-shutdown, a kernel that outlived its server) is found by its mark and stopped.
        deadline = time.monotonic() + 15
        while (left := _processes_of(api_url, homes)) and time.monotonic() < deadline:
            time.sleep(0.5)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


def through_the_proxy(base: str, log: Path, verify: str | bool) -> None:
    """Wait until the proxy routes to the hub: the hub answers on its own port before it
    has given the proxy its route, and until then the proxy answers 404. ``verify``: the
    certificate the proxy serves, if it serves HTTPS."""
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/hub/health", timeout=5, verify=verify).ok:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the proxy never routed to the hub:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)


# ---- a student, as a program: the hub's pages and APIs with the student's own sign-in ----
class Student:
    """One student's browser session, without a browser: the hub's sign-in, the hub's API
    to start and stop their server, their server's API and their kernels' websocket."""

    def __init__(self, hub: Hub, name: str, password: str = PASSWORD, verify=True):
        self.hub, self.name = hub, name
        self.session = requests.Session()
        self.session.verify = verify
        self.session.trust_env = False  # no CA bundle or proxy from the environment over ours
        self.session.get(f"{hub.base}/hub/login", timeout=30).raise_for_status()
        self.signed_in = self.sign_in(password)

    def xsrf(self, path: str = "/hub/") -> str:
        return self.session.cookies.get("_xsrf", path=path)

    def sign_in(self, password: str) -> bool:
        answer = self.session.post(
            f"{self.hub.base}/hub/login",
            data={"username": self.name, "password": password, "_xsrf": self.xsrf()},
            allow_redirects=False,
            timeout=30,
        )
        return answer.status_code == 302  # to the student's server; a refusal stays at 200

    def me(self) -> dict:
        answer = self.session.get(f"{self.hub.base}/hub/api/user", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def start_server(self, timeout: float = 90) -> None:
        answer = self.session.post(
            f"{self.hub.base}/hub/api/users/{self.name}/server",
            headers={"X-XSRFToken": self.xsrf()},
            timeout=timeout,
        )
        assert answer.status_code in (201, 202), answer.text
        deadline = time.monotonic() + timeout
        while not (self.me()["servers"].get("") or {}).get("ready"):
            assert time.monotonic() < deadline, f"{self.name}'s server did not start"
            time.sleep(0.5)
        # The server's own sign-in (OAuth with the hub), as a browser does on the first page.
        self.session.get(f"{self.hub.base}/user/{self.name}/lab", timeout=60).raise_for_status()

    def stop_server(self, timeout: float = 90) -> None:
        answer = self.session.delete(
            f"{self.hub.base}/hub/api/users/{self.name}/server",
            headers={"X-XSRFToken": self.xsrf()},
            timeout=timeout,
        )
        assert answer.status_code in (202, 204), answer.text
        deadline = time.monotonic() + timeout
        while self.me()["servers"]:
            assert time.monotonic() < deadline, f"{self.name}'s server did not stop"
            time.sleep(0.5)

    def api(self, method: str, path: str, timeout: float = 60, **kwargs) -> requests.Response:
        own = f"/user/{self.name}/"
        return self.session.request(
            method,
            f"{self.hub.base}{own}api/{path}",
            headers={"X-XSRFToken": self.xsrf(own)},
            timeout=timeout,
            **kwargs,
        )

    def new_kernel(self) -> str:
        answer = self.api("POST", "kernels", json={"name": "python3"})
        assert answer.status_code == 201, answer.text
        return answer.json()["id"]

    def run(self, kernel: str, code: str, timeout: float = 120) -> str | None:
        """Run ``code`` in one of the student's kernels and return what it printed, or,
        with ``timeout=0``, send it and return at once (for code that never ends)."""
        own = f"/user/{self.name}/"
        cookies = "; ".join(
            f"{c.name}={c.value}" for c in self.session.cookies if c.path in ("/", own)
        )
        address = self.hub.base.replace("http", "ws", 1) + f"{own}api/kernels/{kernel}/channels"
        channel = websocket.create_connection(address, cookie=cookies, timeout=timeout or 30)
        request = uuid.uuid4().hex
        header = {"msg_id": request, "msg_type": "execute_request", "version": "5.3"}
        header.update(username=self.name, session=uuid.uuid4().hex, date="")
        content = {"code": code, "silent": False, "store_history": False}
        content.update(user_expressions={}, allow_stdin=False, stop_on_error=True)
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
        channel.send(json.dumps({**message, "channel": "shell", "buffers": []}))
        if not timeout:
            time.sleep(1)  # the kernel has it
            channel.close()
            return None
        # The outputs come on one channel and the reply on another, in no fixed order: the
        # run is over when both the reply and the kernel's "idle" after it have come.
        printed, replied, idle = [], False, False
        try:
            while not (replied and idle):
                reply = json.loads(channel.recv())
                if reply.get("parent_header", {}).get("msg_id") != request:
                    continue
                kind, content = reply["msg_type"], reply["content"]
                if kind == "stream":
                    printed.append(content["text"])
                elif kind == "error":
                    printed.append("\n".join(content["traceback"]))
                replied = replied or kind == "execute_reply"
                idle = idle or (kind == "status" and content["execution_state"] == "idle")
            return "".join(printed)
        finally:
            channel.close()

    def server_pid(self) -> int:
        """The process of the student's server (the one in their home that the hub started)."""
        uid = (self.hub.homes / self.name).stat().st_uid
        for pid in running_as(uid):
            if b"jupyterhub-singleuser" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        raise AssertionError(f"{self.name} has no server process")


def as_student(uid: int, code: str, *args: str) -> subprocess.CompletedProcess:
    """Python ``code`` run as a student's processes run: their user and group ids only."""
    return subprocess.run(
        [str(HUB_BIN / "python"), "-c", code, *args],
        user=uid,
        group=uid,
        extra_groups=[],
        capture_output=True,
        text=True,
    )


# ---- the class, in a browser --------------------------------------------------------------
def sign_in_and_code(context, base: str, name: str, choice: int) -> str:
    page = context.new_page()
    try:
        page.goto(f"{base}/hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        # The hub spawns the server and JupyterLab opens on the first lesson.
        page.wait_for_url(re.compile(rf"/user/{name}/lab"), timeout=60_000)
        current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")
        current.get_by_text("00_start_here.ipynb").wait_for(timeout=60_000)

        # Notebook 05, opened as a student does, from the file browser in the same JupyterLab
        # (a page loaded anew while the last one's kernel is starting can get a dead one):
        # every cell runs and the signatory explorer answers.
        open_instead(page, "05_explorer.ipynb")
        run_all(page, "05_explorer.ipynb")
        box = page.locator("input[placeholder^='Type a name']")
        box.fill("Пятаков")
        box.press("Enter")
        page.get_by_text("Georgy Leonidovich Pyatakov").first.wait_for(timeout=30_000)
        page.screenshot(path=str(SHOTS / f"hub_{name}_explorer.png"))

        # Notebook 03, the same way: the coding widget's cell alone, and one stance chosen.
        open_instead(page, "03_signatures_and_reservations.ipynb")
        cell = page.locator(".jp-CodeCell", has_text="widgets.CodingWidget()").first

        def run_the_cell():
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")

        until_it_runs(page, run_the_cell)
        stance = page.locator("select", has=page.locator("option", has_text="not coded yet"))
        stance.first.wait_for(timeout=60_000)
        label = stance.first.locator("option").nth(choice).inner_text()
        stance.first.select_option(index=choice)
        page.get_by_text(re.compile(r"^1 of \d+ coded")).wait_for(timeout=30_000)
        return label
    except Exception:
        page.screenshot(path=str(SHOTS / f"hub_{name}_failed.png"))
        errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']").all_inner_texts()
        (SHOTS / f"hub_{name}_failed.txt").write_text("\n".join(errors), encoding="utf-8")
        raise
    finally:
        page.close()


RUNNING = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                  .some(p => /\\[[*\\d]+\\]/.test(p.textContent))"""
CLEARED = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                  .every(p => !/\\d/.test(p.textContent))"""


def until_it_runs(page, start, tries: int = 3) -> None:
    """Do ``start`` until a cell runs: a command given while the kernel is still connecting
    is dropped by JupyterLab (or answered with its kernel dialog), so it is given again, at
    most ``tries`` times. The stored prompts are cleared first, so only a new run counts."""
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=60_000)
    page.locator(".jp-Notebook .jp-Cell").first.click()  # the notebook has the focus
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(CLEARED, timeout=30_000)
    for attempt in range(tries):
        start()
        try:
            page.wait_for_function(RUNNING, timeout=15_000)
            return
        except playwright.Error:
            if attempt == tries - 1:
                raise
            with contextlib.suppress(playwright.Error):
                page.get_by_role("button", name="Select", exact=True).click(timeout=2_000)


def open_instead(page, notebook: str) -> None:
    """Close the notebook in view (its changes discarded) and open ``notebook`` from the
    file browser, as a student does."""
    menu(page, "File", "Close Tab")
    discard = page.get_by_role("button", name="Discard")
    with contextlib.suppress(playwright.Error):
        discard.click(timeout=3_000)  # asked only when the notebook was changed
    page.locator(".jp-DirListing-itemText", has_text=notebook).dblclick()
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")
    current.get_by_text(notebook).wait_for(timeout=30_000)


def menu(page, name: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(name)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def run_all(page, notebook: str) -> None:
    def click():
        menu(page, "Run", "Run All Cells")

    # JupyterLab draws only the cells in view and ends a run on the last cell: the prompt
    # of the last cell shown open (a folded solution shows none) says that every cell ran;
    # then back to the top, where the explorer is.
    last = shown_counts(ROOT / "notebooks" / notebook)[-1]
    until_it_runs(page, click)
    page.locator(f".jp-InputPrompt:text-is('[{last}]:')").wait_for(timeout=90_000)
    page.locator(".jp-WindowedPanel-outer").first.evaluate("e => e.scrollTo(0, 0)")


def test_three_students_each_with_their_own_home(tmp_path):
    start = time.monotonic()
    with hub_on_loopback() as hub, chromium(SHOTS) as browser:
        base = hub.base
        contexts = {
            name: browser.new_context(viewport={"width": 1400, "height": 1000}) for name in STUDENTS
        }
        chosen = {
            name: sign_in_and_code(contexts[name], base, name, choice)
            for choice, name in enumerate(STUDENTS, start=1)
        }
        homes = hub.homes
        for name in STUDENTS:
            # Their coding is in their home, holding their choice, and in no other home.
            request = contexts[name].request
            own = request.get(f"{base}/user/{name}/api/contents/{CODING}")
            assert own.status == 200, own.text()
            assert chosen[name] in own.json()["content"] or own.json()["content"].count(",") > 0
            assert (homes / name / CODING).is_file()
            for other in STUDENTS:
                if other == name:
                    continue
                # With their own sign-in, another student's server is closed to them.
                theirs = request.get(f"{base}/user/{other}/api/contents/{CODING}")
                assert theirs.status in (403, 404), (name, other, theirs.status)
                # Their own server does not leave their home either.
                escape = request.get(
                    f"{base}/user/{name}/api/contents/..%2F{other}%2F{CODING.replace('/', '%2F')}"
                )
                assert escape.status in (400, 403, 404), (name, other, escape.status)
        # The explorer app is on the hub too, from the student's own server.
        app = contexts[STUDENTS[0]].request.get(
            f"{base}/user/{STUDENTS[0]}/voila/render/decl46/notebooks/05_explorer.ipynb",
            timeout=120_000,
        )
        assert app.status == 200 and "application/vnd.jupyter.widget-view+json" in app.text()
        # The three codings differ: each student's file is their own, not one shared file.
        texts = {name: (homes / name / CODING).read_text() for name in STUDENTS}
        assert len(set(texts.values())) == len(STUDENTS)
        # On disk, each home belongs to its student's user id and is closed to the others.
        owners = {(homes / name).stat().st_uid for name in STUDENTS}
        if os.getuid() == 0:
            assert len(owners) == len(STUDENTS) and 0 not in owners
            for name in STUDENTS:
                assert stat.S_IMODE((homes / name).stat().st_mode) == 0o700
            anna, boris = (homes / n for n in STUDENTS[:2])
            reading = subprocess.run(
                [str(HUB_BIN / "python"), "-c", f"open({str(boris / CODING)!r}).read()"],
                # Anna as her server runs: her user and group ids only (root's group would
                # fall under the checkout's group bits, not the others' ones).
                user=anna.stat().st_uid,
                group=anna.stat().st_gid,
                extra_groups=[],
                capture_output=True,
                text=True,
            )
            assert "PermissionError" in reading.stderr
        for context in contexts.values():
            context.close()
        browser.close()
    # How long a class takes is measured by `make bench-class`, not asserted here.
    print(f"three students on the hub: {time.monotonic() - start:.0f} s")


# ---- hand-ins: each student's own drop folder, read by the teachers alone ------------------
HAND_IN = """
from decl46.codings import empty_coding, hand_in, set_code
coding = set_code(empty_coding(), "b01", "economy", "{stance}")
print(hand_in(coding, "a name typed by hand"))
"""


def test_a_hand_in_goes_to_the_students_drop_folder_which_only_teachers_read():
    as_root()
    with hub_on_loopback() as hub:
        written = {}
        for name, stance in [("anna", "agrees"), ("boris", "disagrees")]:
            student = Student(hub, name)
            student.start_server()
            out = student.run(student.new_kernel(), HAND_IN.format(stance=stance))
            # Named by the signed-in user, not by what was typed, in their own drop folder.
            written[name] = Path(out.strip())
            assert written[name] == hub.handins / name / f"{name}.csv", out
        anna, boris = (hub.homes / n for n in ("anna", "boris"))
        for name, path in written.items():
            info, folder = path.stat(), path.parent.stat()
            assert info.st_uid == (hub.homes / name).stat().st_uid
            assert stat.S_IMODE(folder.st_mode) == 0o2750 and folder.st_gid == info.st_gid
            assert stat.S_IMODE(info.st_mode) == 0o640
        # Boris, as his kernels run, cannot read Anna's hand-in, nor list the class's.
        for code in [
            f"open({str(written['anna'])!r}).read()",
            f"import os; os.listdir({str(hub.handins)!r})",
        ]:
            refused = as_student(boris.stat().st_uid, code)
            assert "PermissionError" in refused.stderr, refused
        # A teacher's server has the teachers' group: it reads the whole class.
        teachers = written["anna"].stat().st_gid
        read = subprocess.run(
            [
                str(HUB_BIN / "python"),
                "-c",
                "import decl46; c = decl46.read_class_codings(); "
                "print(sorted(c.codings), len(c.errors))",
            ],
            user=anna.stat().st_uid + 50,  # no student's id
            group=teachers,
            extra_groups=[teachers],
            env={**hub.env, "DECL46_HANDIN_DIR": str(hub.handins)},
            capture_output=True,
            text=True,
        )
        assert read.stdout.strip() == "['anna', 'boris'] 0", read.stderr


# ---- nothing a student plants reaches root's files or the hub's state ---------------------
# Run as the student while their server starts: a folder in the home is swapped for a link
# to root's folder and back, as fast as it goes (what once made a walk of the home as root
# change the owner of root's files).
RACER = """
import os, sys
home, target = sys.argv[1], sys.argv[2]
swap = os.path.join(home, "swap")
while True:
    try:
        os.makedirs(os.path.join(swap, "inside"), exist_ok=True)
        os.rename(swap, swap + ".folder")
        os.symlink(target, swap)
        os.unlink(swap)
        os.rename(swap + ".folder", swap)
    except OSError:
        pass
"""


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder``: its owner, group, mode and bytes."""
    found = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = path.lstat()
        content = path.read_bytes() if path.is_file() else None
        found[str(path)] = (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode), content)
    return found


def test_nothing_a_student_plants_reaches_roots_files_or_the_hubs_state():
    as_root()
    with hub_on_loopback() as hub:
        # Root's folder, which the student can see into but not change.
        roots = hub.root / "roots"
        roots.mkdir(mode=0o755)
        secret = roots / "secret.txt"
        secret.write_text("root's own\n")
        secret.chmod(0o600)
        before = snapshot(roots)

        anna = Student(hub, "anna")
        anna.start_server()  # the first start copies the lessons, as anna
        home = hub.homes / "anna"
        uid = home.stat().st_uid
        assert uid != 0 and (home / "decl46" / "notebooks").is_dir()
        assert {p.stat().st_uid for p in [home, *home.rglob("*")]} == {uid}
        anna.stop_server()

        # Anna replaces her lessons with a link into root's folder, to a name that does not
        # exist there yet, and leaves a process behind that keeps swapping a folder for a
        # link to root's folder.
        planted = as_student(
            uid,
            "import os, shutil, sys; shutil.rmtree(sys.argv[1]); "
            "os.symlink(sys.argv[2], sys.argv[1])",
            str(home / "decl46"),
            str(roots / "planted"),
        )
        assert planted.returncode == 0, planted.stderr
        racer = subprocess.Popen(
            [str(HUB_BIN / "python"), "-c", RACER, str(home), str(roots)],
            user=uid,
            group=uid,
            extra_groups=[],
            cwd=home,
            start_new_session=True,
        )
        try:
            time.sleep(1)
            assert racer.poll() is None, "the racing process did not start"
            anna.start_server()
            # The start ended every process anna had left: the racer is gone.
            assert racer.wait(timeout=10) == -signal.SIGKILL
        finally:
            with contextlib.suppress(ProcessLookupError):
                racer.kill()
            racer.wait()

        # Nothing of root's changed: no new entry, no owner, mode or byte.
        assert snapshot(roots) == before
        # The planted link is still anna's and still points where she put it: the hub left
        # it alone (it never copies into a home) and so did her server's first process.
        assert os.readlink(home / "decl46") == str(roots / "planted")
        copied = f"decl46: the lessons were copied into {home / 'decl46'}"
        assert hub.log.read_text().count(copied) == 1  # at the first start only
        assert anna.api("GET", "status").status_code == 200

        # Her server runs as her, with her limits and no way to gain privileges.
        server = anna.server_pid()
        status = Path(f"/proc/{server}/status").read_text()
        assert re.search(rf"^Uid:\s+{uid}\s+{uid}\s+{uid}\s+{uid}$", status, re.M), status
        assert re.search(r"^NoNewPrivs:\s+1$", status, re.M), status
        assert re.search(r"^Groups:\s*$", status, re.M), status
        limits = Path(f"/proc/{server}/limits").read_text()
        assert re.search(r"^Max processes\s+256\s+256\s", limits, re.M), limits
        assert re.search(r"^Max open files\s+1024\s+1024\s", limits, re.M), limits
        assert re.search(r"^Max core file size\s+0\s+0\s", limits, re.M), limits
        assert re.search(r"^Max address space\s+1073741824\s+1073741824\s", limits, re.M)

        # The hub's state is the hub's alone; anna reads none of it, not even its names.
        assert stat.S_IMODE(hub.state.stat().st_mode) == 0o700
        for name in ["jupyterhub.sqlite", "jupyterhub_cookie_secret"]:
            assert stat.S_IMODE((hub.state / name).stat().st_mode) == 0o600, name
        for path in [hub.state / "jupyterhub.sqlite", hub.state / "jupyterhub_cookie_secret"]:
            reading = as_student(uid, "import sys; open(sys.argv[1], 'rb').read()", str(path))
            assert "PermissionError" in reading.stderr, (path, reading.stderr)
        listing = as_student(uid, "import os, sys; os.listdir(sys.argv[1])", str(hub.state))
        assert "PermissionError" in listing.stderr
        # The other homes cannot be listed either, only reached by name (and each is 0700).
        listing = as_student(uid, "import os, sys; os.listdir(sys.argv[1])", str(hub.homes))
        assert "PermissionError" in listing.stderr

        # Stopping her server ends every process of hers, whatever it started.
        anna.run(anna.new_kernel(), "import subprocess; subprocess.Popen(['sleep', '600'])")
        assert len(running_as(uid)) >= 3  # the server, the kernel, the sleep
        anna.stop_server()
        assert running_as(uid) == []


def test_the_hub_takes_no_id_or_home_that_is_not_the_students():
    """A student's id that belongs to an account of the machine, or a home that belongs to
    another id, stops that student's start with a message, and nothing is changed."""
    as_root()
    # The teacher (from DECL46_HUB_TEACHERS) is the hub's user 1, the first student user 2,
    # the next user 3: with this base, anna would run as 65534, the account "nobody".
    base = pwd.getpwnam("nobody").pw_uid - 2
    with hub_on_loopback(UID_BASE=str(base)) as hub:
        anna = Student(hub, "anna")
        answer = anna.session.post(
            f"{hub.base}/hub/api/users/anna/server", headers={"X-XSRFToken": anna.xsrf()}
        )
        assert answer.status_code >= 400
        assert f"user id {base + 2}, meant for anna, belongs to the account nobody" in (
            hub.log.read_text()
        )
        assert not (hub.homes / "anna").exists()

        # Vera's home is already there, but belongs to another id (a database replaced?).
        home = hub.homes / "vera"
        home.mkdir(mode=0o755)
        (home / "work.txt").write_text("vera's work\n")
        for path in [home, home / "work.txt"]:
            os.chown(path, 20999, 20999)
        before = snapshot(home)
        vera = Student(hub, "vera")
        answer = vera.session.post(
            f"{hub.base}/hub/api/users/vera/server", headers={"X-XSRFToken": vera.xsrf()}
        )
        assert answer.status_code >= 400
        assert f"{home} belongs to user id 20999, but vera's server runs as {base + 3}" in (
            hub.log.read_text()
        )
        assert snapshot(home) == before


# ---- a fork bomb stays with the student who started it ------------------------------------
FORK_BOMB = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""


def test_a_fork_bomb_in_one_kernel_leaves_the_others_working():
    as_root()
    with hub_on_loopback() as hub:
        anna, boris = Student(hub, "anna"), Student(hub, "boris")
        anna.start_server()
        boris.start_server()
        boris_kernel = boris.new_kernel()
        assert boris.run(boris_kernel, "print(6 * 7)") == "42\n"
        # A kernel that has imported the kit has the same threads on any machine (the
        # numeric libraries get one thread each), well under the limit.
        threads = "import os, decl46, numpy, pandas; print(len(os.listdir('/proc/self/task')))"
        kernel_threads = int(boris.run(boris_kernel, threads))
        server_threads = len(os.listdir(f"/proc/{boris.server_pid()}/task"))
        print(f"threads: a kernel with the kit {kernel_threads}, a server {server_threads}")
        assert kernel_threads + server_threads < 64
        uid = (hub.homes / "anna").stat().st_uid

        anna.run(anna.new_kernel(), FORK_BOMB, timeout=0)
        # Anna's processes grow until her limit stops them (256 processes and threads for
        # her user id), then stay there.
        deadline = time.monotonic() + 60
        while tasks_of(uid) < 200:
            assert time.monotonic() < deadline, f"the bomb did not spread: {tasks_of(uid)}"
            time.sleep(0.5)
        time.sleep(3)
        assert 200 <= tasks_of(uid) <= 256

        # Boris works on as before: his server answers, his kernel runs, a new one starts.
        for _ in range(3):
            began = time.monotonic()
            assert boris.api("GET", "status", timeout=20).status_code == 200
            assert boris.run(boris_kernel, "print(sum(range(10)))", timeout=30) == "45\n"
            took = time.monotonic() - began
            print(f"boris, during anna's fork bomb: status and a cell in {took:.2f} s")
            assert took < 10
        assert boris.run(boris.new_kernel(), "print('a new kernel')", timeout=60) == (
            "a new kernel\n"
        )
        # So do the hub's own pages.
        assert boris.session.get(f"{hub.base}/hub/home", timeout=20).status_code == 200

        # Stopping anna's server ends the bomb, and she can start again.
        anna.stop_server()
        assert running_as(uid) == []
        anna.start_server()
        assert anna.run(anna.new_kernel(), "print('back')") == "back\n"


# ---- teachers, sign-ups and wrong passwords -------------------------------------------------
def make_teacher(hub: Hub, name: str, password: str) -> subprocess.CompletedProcess:
    """`make hub-teacher NAME=...` as a script would run it: the password on its input."""
    return subprocess.run(
        [str(HUB_BIN / "python"), str(DEPLOY / "hub_teacher.py"), name],
        input=password + "\n",
        env=hub.env,
        capture_output=True,
        text=True,
    )


def sign_up(hub: Hub, name: str, password: str) -> str:
    """The message the sign-up page answers with."""
    session = requests.Session()
    session.get(f"{hub.base}/hub/signup", timeout=30).raise_for_status()
    form = {"username": name, "signup_password": password}
    form.update(signup_password_confirmation=password, _xsrf=session.cookies.get("_xsrf"))
    answer = session.post(f"{hub.base}/hub/signup", data=form, timeout=30)
    assert answer.status_code == 200, answer.text[-2000:]
    return re.search(r'class="alert[^"]*"[^>]*>(.*?)</div>', answer.text, re.S).group(1)


def test_teachers_are_made_before_the_class_and_sign_ups_are_approved():
    """NativeAuthenticator, as a school runs it, with the teachers' names reserved."""
    as_root()
    with hub_on_loopback(password=None) as hub:
        # Before the teacher's account exists, nobody can take the name: not as it is, not
        # in capitals.
        for name in ["teacher", "Teacher", "TEACHER"]:
            assert "already in use" in sign_up(hub, name, "politburo-1923"), name
        assert not Student(hub, "teacher", "politburo-1923").signed_in

        # The teacher's account is made by the command, with the hub running.
        made = make_teacher(hub, "teacher", "politburo-1923")
        assert made.returncode == 0, made.stderr
        assert "The teacher teacher was made" in made.stdout
        teacher = Student(hub, "teacher", "politburo-1923")
        assert teacher.signed_in and teacher.me()["admin"]
        assert "already in use" in sign_up(hub, "teacher", "another-password-1")

        # A student signs up, waits for approval, is approved, and is no administrator.
        assert "sent to the admin" in sign_up(hub, "anna", "ruthenia-1923")
        assert not Student(hub, "anna", "ruthenia-1923").signed_in
        pending = teacher.session.get(f"{hub.base}/hub/authorize", timeout=30)
        assert pending.status_code == 200 and "anna" in pending.text
        teacher.session.get(f"{hub.base}/hub/authorize/anna", timeout=30).raise_for_status()
        anna = Student(hub, "anna", "ruthenia-1923")
        assert anna.signed_in and not anna.me()["admin"]
        refused = anna.session.get(f"{hub.base}/hub/authorize", allow_redirects=False)
        assert refused.status_code == 403
        admin_page = anna.session.get(f"{hub.base}/hub/admin", allow_redirects=False)
        assert admin_page.status_code == 403

        # A name that could be a path (".", "..", with a slash) is no name on this hub.
        for name in ["..", ".hidden", "a/b", "x" * 41]:
            assert "Something went wrong" in sign_up(hub, name, "ruthenia-1923"), name

        # A new password from the command counts at once, while the hub runs.
        made = make_teacher(hub, "teacher", "kronstadt-1921")
        assert made.returncode == 0 and "given a new password" in made.stdout, made.stderr
        assert not Student(hub, "teacher", "politburo-1923").signed_in
        assert Student(hub, "teacher", "kronstadt-1921").signed_in


def test_after_five_wrong_passwords_even_the_right_one_waits():
    as_root()
    wait = 6  # seconds (DECL46_HUB_LOGIN_WAIT; 300 by default)
    with hub_on_loopback(password=None, LOGIN_WAIT=str(wait)) as hub:
        assert sign_up(hub, "anna", "ruthenia-1923")
        made = make_teacher(hub, "teacher", "politburo-1923")
        assert made.returncode == 0, made.stderr
        teacher = Student(hub, "teacher", "politburo-1923")
        teacher.session.get(f"{hub.base}/hub/authorize/anna", timeout=30).raise_for_status()

        anna = Student(hub, "anna", "not-her-password")
        for _ in range(4):
            assert not anna.sign_in("still-not-her-password")
        last_failure = time.monotonic()
        # The sixth try, with the right password, is refused, and so is the next one later.
        assert not anna.sign_in("ruthenia-1923")
        time.sleep(wait / 2)
        assert not anna.sign_in("ruthenia-1923")
        # Once the wait has passed since the last wrong password, the right one works. The
        # other accounts were never held up.
        assert Student(hub, "teacher", "politburo-1923").signed_in
        time.sleep(max(0, last_failure + wait + 1.5 - time.monotonic()))
        assert anna.sign_in("ruthenia-1923")


def test_the_teacher_command_for_any_hub(tmp_path):
    """deploy/hub_teacher.py with another hub's database (as on Kubernetes): the name must
    be a teacher's, the password strong; a generated password is printed once and works."""
    import bcrypt
    import sqlalchemy

    make_hub_env()
    url = f"sqlite:///{tmp_path / 'hub.sqlite'}"

    def teacher(*args, password=""):
        command = [str(HUB_BIN / "python"), str(DEPLOY / "hub_teacher.py"), *args]
        command += ["--db-url", url, "--teachers", "teacher,ms-ivanova"]
        return subprocess.run(command, input=password, capture_output=True, text=True)

    refused = teacher("anna", password="ruthenia-1923\n")
    assert refused.returncode and "'anna' is not one of the hub's teachers" in refused.stderr
    refused = teacher("teacher", password="short\n")
    assert refused.returncode and "too weak" in refused.stderr
    refused = teacher("teacher", password="password1\n")  # long enough, but common
    assert refused.returncode and "too weak" in refused.stderr

    made = teacher("Ms-Ivanova", "--generate")
    assert made.returncode == 0, made.stderr
    password = re.search(r"shown this once\): (\S+)", made.stdout).group(1)
    assert len(password) >= 16
    with sqlalchemy.create_engine(url).connect() as db:
        rows = db.execute(
            sqlalchemy.text("select username, password, is_authorized from users_info")
        )
        [(name, hashed, authorized)] = list(rows)
    assert name == "ms-ivanova" and authorized and bcrypt.checkpw(password.encode(), hashed)
    assert stat.S_IMODE((tmp_path / "hub.sqlite").stat().st_mode) == 0o600


# ---- HTTPS ----------------------------------------------------------------------------------
def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, signed by its own key (0600)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "decl46 test hub")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "hub.crt", folder / "hub.key"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.touch(mode=0o600)
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def test_https_with_the_schools_certificate(tmp_path):
    as_root()
    cert, key = self_signed(tmp_path)
    with hub_on_loopback(scheme="https", SSL_CERT=str(cert), SSL_KEY=str(key)) as hub:
        # The proxy serves the hub over HTTPS, with the certificate it was given, and the
        # students sign in over it; their sign-in cookie is for HTTPS only.
        answer = requests.get(f"{hub.base}/hub/login", verify=str(cert), timeout=10)
        assert answer.status_code == 200 and "password" in answer.text
        anna = Student(hub, "anna", verify=str(cert))
        assert anna.signed_in
        login_cookie = next(c for c in anna.session.cookies if c.name == "jupyterhub-hub-login")
        assert login_cookie.secure
        # Not over plain HTTP, and not without trusting the certificate.
        with pytest.raises(requests.ConnectionError):
            requests.get(hub.base.replace("https", "http", 1) + "/hub/login", timeout=10)
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{hub.base}/hub/login", timeout=10)


# ---- settings that would weaken the hub are refused before it starts ------------------------
def load_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Load deploy/jupyterhub_config.py as the hub does, in a process of its own."""
    code = "from traitlets.config import PyFileConfigLoader as L; "
    code += "L('jupyterhub_config.py', path=%r).load_config()"
    return subprocess.run(
        [str(HUB_BIN / "python"), "-c", code % str(DEPLOY)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("knobs", "message"),
    [
        ({"IP": "0.0.0.0"}, "would send passwords across the network in clear"),
        ({"IP": ""}, "would send passwords across the network in clear"),
        ({"SSL_CERT": "hub.crt"}, "set both DECL46_HUB_SSL_CERT and DECL46_HUB_SSL_KEY"),
        ({"SSL_CERT": "hub.crt", "SSL_KEY": "missing.key"}, "missing.key: no such file"),
        ({"SSL_CERT": "hub.crt", "SSL_KEY": "open.key"}, "can be read by every user"),
        ({"HOMES": "{state}/homes"}, "must be separate"),
        ({"HOMES": "{open}/homes"}, "open can be changed by any user"),
        ({"STATE": "{link}"}, "link belongs to user id 20999"),
        ({"HOMES": "{theirs}/homes"}, "theirs belongs to user id 20999"),
    ],
)
def test_weakening_settings_are_refused(tmp_path, knobs, message):
    as_root()
    make_hub_env()
    _, key = self_signed(tmp_path)
    (tmp_path / "open.key").write_bytes(key.read_bytes())
    (tmp_path / "open.key").chmod(0o644)
    (tmp_path / "open").mkdir(mode=0o777)
    (tmp_path / "open").chmod(0o777)
    # A link and a folder a student could have put there (user id 20999 stands for them).
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    os.lchown(tmp_path / "link", 20999, 20999)
    (tmp_path / "theirs").mkdir()
    os.chown(tmp_path / "theirs", 20999, 20999)
    places = {name: tmp_path / name for name in ["state", "open", "link", "theirs"]}
    env = {"DECL46_HUB_STATE": str(tmp_path / "state"), "DECL46_HUB_HOMES": str(tmp_path / "homes")}
    for name, value in knobs.items():
        value = value.format(**places)
        if name.startswith("SSL") and value:
            value = str(tmp_path / value)
        env[f"DECL46_HUB_{name}"] = value
    loaded = load_config(env)
    assert loaded.returncode != 0 and message in loaded.stderr, loaded.stderr[-2000:]
    assert "Traceback" not in loaded.stderr  # one line, for the person who set it


def test_the_room_is_served_with_a_certificate_or_behind_a_proxy(tmp_path):
    make_hub_env()
    cert, key = self_signed(tmp_path)
    env = {"DECL46_HUB_STATE": str(tmp_path / "state"), "DECL46_HUB_HOMES": str(tmp_path / "homes")}
    for knobs in [
        {
            "DECL46_HUB_IP": "0.0.0.0",
            "DECL46_HUB_SSL_CERT": str(cert),
            "DECL46_HUB_SSL_KEY": str(key),
        },
        {"DECL46_HUB_IP": "0.0.0.0", "DECL46_HUB_BEHIND_PROXY": "1"},
        {"DECL46_HUB_IP": "localhost"},
    ]:
        loaded = load_config({**env, **knobs})
        assert loaded.returncode == 0, (knobs, loaded.stderr[-2000:])
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "homes").stat().st_mode) == 0o711


def test_kubernetes_values_close_the_teachers_names_too(tmp_path, monkeypatch):
    """deploy/z2jh-values.yaml: the same authenticator settings as the kit's hub, and its
    extraConfig reserves the teachers' names as deploy/class_hub.py does."""
    monkeypatch.setenv("DECL46_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("DECL46_HUB_HOMES", str(tmp_path / "homes"))
    import yaml
    from nativeauthenticator import NativeAuthenticator
    from traitlets.config import Config, PyFileConfigLoader

    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    hub = values["hub"]
    c = Config(hub["config"])
    for snippet in hub["extraConfig"].values():
        exec(snippet, {"c": c})
    kit = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    for setting in [
        "allowed_failed_logins",
        "seconds_before_next_try",
        "minimum_password_length",
        "check_common_password",
        "open_signup",
    ]:
        assert c.NativeAuthenticator[setting] == kit.NativeAuthenticator[setting], setting
    assert c.Authenticator.username_pattern == kit.Authenticator.username_pattern
    authenticator = c.JupyterHub.authenticator_class(config=c, add_new_table=False)
    assert issubclass(type(authenticator), NativeAuthenticator)
    assert authenticator.admin_users == {"teacher"}
    assert authenticator.user_exists("Teacher")
    assert authenticator.create_user("teacher", "politburo-1923") is None
