"""A class on one hub: deploy/jupyterhub_config.py serves three students, each on their own.

The hub runs on loopback with the test authenticator (one shared password, selected by
DECL46_HUB_TEST_PASSWORD), its state and the students' homes in a temporary folder. Each
student signs in with a real browser, lands on the first lesson, runs notebook 05 and saves
a coding with the widget of notebook 03. The test then checks that each coding is in its
student's home only, and that no student reaches another's files: not through the other's
server (the hub refuses), not through their own (paths outside the home are refused), not
from their own processes (the homes belong to different user ids). Everything the hub
started is stopped when the test ends, also when it fails.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, isolated_env, serve

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
HUB_BIN = ROOT / "build" / "hub-env" / "bin"  # the hub's environment, from the lock
SHOTS = ROOT / "build" / "screenshots"
STUDENTS = ["anna", "boris", "vera"]
PASSWORD = "a-shared-test-password"
CODING = "decl46/notebooks/my_stance_coding.csv"
LIMIT_SECONDS = 180  # the bound for the whole class

pytestmark = pytest.mark.slow


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


@contextlib.contextmanager
def hub_on_loopback(password: str | None = PASSWORD):
    """The hub of deploy/jupyterhub_config.py; ``password=None`` keeps its real
    authenticator (NativeAuthenticator), otherwise everyone signs in with ``password``."""
    # The hub's environment comes from the lock and its proxy from the npm registry, pinned
    # in the Makefile; both are made once, when missing or out of date. The hub tests run
    # on several pytest workers at once, and two npm installs into one folder corrupt it,
    # so one worker makes them while the others wait on the lock.
    let_students_through(ROOT)
    (ROOT / "build").mkdir(exist_ok=True)
    with open(ROOT / "build" / ".hub-make.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            ["make", "--no-print-directory", "hub-env", "hub-proxy"], cwd=ROOT, check=True
        )
    # Not under pytest's tmp_path: that is private to root (0700), and the students' servers
    # run as their own user ids, which must reach their homes.
    state = Path(tempfile.mkdtemp(prefix="decl46-hub-"))
    state.chmod(0o711)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    env = isolated_env(state / "hub-process")
    env.update(DECL46_HUB_STATE=str(state), DECL46_HUB_TEACHERS="teacher")
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
    base = f"http://127.0.0.1:{port}"
    try:
        with serve(command, f"{base}/hub/health", env, state / "hub.log"):
            yield base, state
    except Exception:
        shutil.copy(state / "hub.log", SHOTS / "hub_failed.log")  # kept for reading
        raise
    finally:
        # The hub stops its servers and the proxy on SIGTERM; whatever is left (the hub killed
        # mid-shutdown, a kernel that outlived its server) is found by its mark and stopped.
        deadline = time.monotonic() + 15
        while (left := _processes_of(api_url, state / "homes")) and time.monotonic() < deadline:
            time.sleep(0.5)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(state, ignore_errors=True)


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

    # JupyterLab draws only the cells in view and ends a run on the last cell: its prompt
    # shows that every cell ran; then back to the top, where the explorer is.
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    last = sum(cell["cell_type"] == "code" for cell in cells)
    until_it_runs(page, click)
    page.locator(f".jp-InputPrompt:text-is('[{last}]:')").wait_for(timeout=90_000)
    page.locator(".jp-WindowedPanel-outer").first.evaluate("e => e.scrollTo(0, 0)")


def test_three_students_each_with_their_own_home(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser`")
    SHOTS.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with (
        hub_on_loopback() as (base, state),
        playwright.sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = {
            name: browser.new_context(viewport={"width": 1400, "height": 1000}) for name in STUDENTS
        }
        chosen = {
            name: sign_in_and_code(contexts[name], base, name, choice)
            for choice, name in enumerate(STUDENTS, start=1)
        }
        homes = state / "homes"
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
    elapsed = time.monotonic() - start
    print(f"three students on the hub: {elapsed:.0f} s")
    assert elapsed < LIMIT_SECONDS


def test_students_sign_up_and_a_teacher_approves_them():
    """NativeAuthenticator, as a school runs it: a student who signed up cannot sign in
    until the teacher has approved them at /hub/authorize."""
    import requests

    def session_at(base):
        session = requests.Session()
        session.get(f"{base}/hub/signup", timeout=30).raise_for_status()
        return session

    def post(session, base, path, **form):
        form["_xsrf"] = session.cookies.get("_xsrf")
        return session.post(f"{base}/hub/{path}", data=form, allow_redirects=False, timeout=30)

    def sign_up(base, name, password):
        session = session_at(base)
        answer = post(
            session,
            base,
            "signup",
            username=name,
            signup_password=password,
            signup_password_confirmation=password,
        )
        assert answer.status_code == 200, answer.text[-2000:]
        return session

    def signed_in(session, base, name, password) -> bool:
        answer = post(session, base, "login", username=name, password=password)
        return answer.status_code == 302  # to the student's server; a refusal stays at 200

    with hub_on_loopback(password=None) as (base, _):
        student = sign_up(base, "anna", "ruthenia-1923")
        assert not signed_in(student, base, "anna", "ruthenia-1923")
        teacher = sign_up(base, "teacher", "politburo-1923")
        assert signed_in(teacher, base, "teacher", "politburo-1923")  # no approval needed
        pending = teacher.get(f"{base}/hub/authorize", timeout=30)
        assert pending.status_code == 200 and "anna" in pending.text
        refused = student.get(f"{base}/hub/authorize", allow_redirects=False, timeout=30)
        assert refused.status_code in (302, 403)  # to the login page: anna is not signed in
        teacher.get(f"{base}/hub/authorize/anna", timeout=30).raise_for_status()
        assert signed_in(session_at(base), base, "anna", "ruthenia-1923")
