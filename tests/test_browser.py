"""In a real browser: the notebooks without widgets show their stored outputs in JupyterLab,
those with widgets run there live without widget errors, the explorers respond in
JupyterLab and in the Voilà app, and the static site renders offline.

That the stored outputs are what a fresh run gives is the notebook pass's business (nbval
and the byte-for-byte comparison, tests/notebook_pass.py); so the notebooks are opened here
as a class opens them, and only those with widgets are run again, for what nbval cannot
see: the widgets drawn by JupyterLab from a kernel.

Chromium is Debian's (/usr/bin/chromium, installed by `make browser`), driven by
Playwright without downloading a browser. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright import sync_api as playwright
from servers import (
    BIN,
    CHROMIUM,
    CHROMIUM_ARGS,
    isolated_env,
    jupyterlab,
    shut_down_kernels,
    voila,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOTS = ROOT / "build" / "screenshots"
# For the README: one element of some notebooks, photographed from the real thing.
FEATURE_SHOTS = {
    "01_context_timeline": (".jp-RenderedImage img", 0, "timeline"),
    "03_signatures_and_reservations": (".jp-RenderedImage img", 1, "agreement"),
}
WIDGET_ERRORS = ["Error displaying widget", "model not found", "Failed to load model class"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# One worker runs them all (make test spreads the tests with pytest-xdist): one server.
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser")]


def outputs(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [o for c in cells for o in c.get("outputs", [])]


def code_cells(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(c["cell_type"] == "code" for c in cells)


def has_widgets(notebook: Path) -> bool:
    return any(WIDGET_VIEW in o.get("data", {}) for o in outputs(notebook))


# Opened only: the notebooks without widgets (what a fresh run gives, the notebook pass has
# checked). Run live: those with widgets, since JupyterLab draws a widget from the kernel
# (opened with a kernel starting, a stored widget may show "model not found" until the
# cells run). 05 runs in test_explorers_respond_in_jupyterlab, which also works them.
OPENED = [nb for nb in NOTEBOOKS if not has_widgets(nb)]
LIVE = [nb for nb in NOTEBOOKS if has_widgets(nb) and nb.stem != "05_explorer"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def reading_page(browser):
    """One page for the notebooks that are only opened: JupyterLab's scripts load once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")  # running cells must not touch the repo
    subprocess.run(
        [str(BIN / "jupyter"), "trust", *map(str, sorted((work / "notebooks").glob("*.ipynb")))],
        env=isolated_env(work / "home"),
        check=True,
        capture_output=True,
    )
    server, base, token = jupyterlab(work / "notebooks", work / "home", work / "jupyterlab.log")
    with server:
        yield base, token


@pytest.fixture
def lab(lab_server):
    """The JupyterLab server; the kernels a test started are stopped after it."""
    yield lab_server
    shut_down_kernels(*lab_server)


def run_all_cells(page, base: str, token: str, name: str) -> None:
    try:
        _run_all_cells(page, base, token, name)
    except Exception:
        page.screenshot(path=str(SHOTS / f"failed_{Path(name).stem}.png"))
        raise


def open_notebook(page, base: str, token: str, name: str, *, kernel: bool = True) -> None:
    """Open one notebook as a class does: stored outputs, nothing run; with ``kernel``,
    wait until its kernel is idle."""
    # A workspace of its own, reset, so that JupyterLab opens this notebook and nothing else.
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel")
    assert current.inner_text() == name
    if kernel:
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
            timeout=120_000
        )


def prompts(page) -> list[str]:
    return page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()


def _run_all_cells(page, base: str, token: str, name: str) -> None:
    open_notebook(page, base, token, name)
    # The kernel is new (the previous test ended its session); clear the stored outputs
    # too, so that every output checked below is a fresh one.
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                 .every(p => !/\\d/.test(p.textContent))"""
    )
    menu(page, "Run", "Run All Cells")
    # Under heavy load JupyterLab has been seen to lose the notebook's new session and ask
    # for a kernel here; accept its choice (the notebook's own kernel) and go on.
    dialog = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    with contextlib.suppress(playwright.TimeoutError):
        dialog.wait_for(timeout=3_000)
        dialog.click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=180_000,
    )
    expected = [f"[{i}]:" for i in range(1, code_cells(ROOT / "notebooks" / name) + 1)]
    assert prompts(page) == expected


def menu(page, name: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(name)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def assert_no_widget_error(page) -> None:
    text = page.locator("body").inner_text()
    for error in WIDGET_ERRORS:
        assert error not in text
    assert (
        page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).count()
        == 0
    )


def feature_shot(page, notebook: Path) -> None:
    if notebook.stem in FEATURE_SHOTS:
        selector, index, name = FEATURE_SHOTS[notebook.stem]
        element = page.locator(selector).nth(index)
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(SHOTS / f"{name}.png"))


def test_every_notebook_is_checked_in_jupyterlab():
    assert sorted(OPENED + LIVE + [ROOT / "notebooks" / "05_explorer.ipynb"]) == NOTEBOOKS
    assert LIVE  # 03 shows the coding widget


@pytest.mark.parametrize("notebook", OPENED, ids=lambda p: p.stem)
def test_notebooks_show_their_stored_outputs_in_jupyterlab(lab, reading_page, notebook):
    base, token = lab
    page = reading_page
    try:
        open_notebook(page, base, token, notebook.name, kernel=False)
        stored = outputs(notebook)
        # The stored prompts, once every cell is drawn.
        page.wait_for_function(
            """n => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                return prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            arg=code_cells(notebook),
            timeout=120_000,
        )
        assert prompts(page) == [f"[{i}]:" for i in range(1, code_cells(notebook) + 1)]
        pictures = sum("image/png" in o.get("data", {}) for o in stored)
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-RenderedImage img').length === n",
            arg=pictures,
            timeout=120_000,
        )
        assert_no_widget_error(page)
        if notebook.stem == "02_reading_the_declaration":
            # Every body paragraph's notes.
            assert page.locator(".decl46-reading mark").count() >= 80
        page.screenshot(path=str(SHOTS / f"lab_{notebook.stem}.png"))
        feature_shot(page, notebook)
    except Exception:
        page.screenshot(path=str(SHOTS / f"failed_{notebook.stem}.png"))
        raise
    finally:
        # Leave JupyterLab, so that no page keeps this notebook open while a later test
        # runs it (the page's scripts stay in its cache).
        page.goto("about:blank")


@pytest.mark.parametrize("notebook", LIVE, ids=lambda p: p.stem)
def test_notebooks_with_widgets_run_in_jupyterlab_without_widget_errors(lab, page, notebook):
    base, token = lab
    run_all_cells(page, base, token, notebook.name)
    assert_no_widget_error(page)
    page.screenshot(path=str(SHOTS / f"lab_{notebook.stem}.png"))
    feature_shot(page, notebook)


def test_explorers_respond_in_jupyterlab(lab, page):
    base, token = lab
    run_all_cells(page, base, token, "05_explorer.ipynb")
    name = page.locator("input[placeholder^='Type a name']")
    name.wait_for()
    name.fill("Rosengolts")
    name.press("Enter")
    page.get_by_text("Arkady Pavlovich Rozengolts").first.wait_for(timeout=30_000)
    listing = page.get_by_text(re.compile(r"^\d+ signature lines:")).first
    before = listing.inner_text()
    page.locator(".widget-dropdown select").first.select_option(label="Causes")
    page.wait_for_function(
        "b => ![...document.querySelectorAll('b')].some(e => e.textContent === b)", arg=before
    )
    assert_no_widget_error(page)
    page.screenshot(path=str(SHOTS / "lab_explorer_after.png"), full_page=False)


def test_explorer_runs_as_a_voila_app_with_no_code(page, tmp_path):
    server, base = voila(
        ROOT / "notebooks" / "05_explorer.ipynb", tmp_path / "home", tmp_path / "voila.log"
    )
    with server:
        page.goto(base + "/")
        name = page.locator("input[placeholder^='Type a name']")
        name.wait_for(timeout=120_000)
        assert "widgets.SignatoryExplorer()" not in page.locator("body").inner_text()
        name.fill("Пятаков")
        name.press("Enter")
        page.get_by_text("Georgy Leonidovich Pyatakov").first.wait_for(timeout=30_000)
        name.evaluate("e => e.closest('.widget-vbox').scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1500)  # let the redrawn chart arrive before the picture
        page.screenshot(path=str(SHOTS / "explorer.png"))
        checkbox = page.get_by_label("Opposition")
        before = page.get_by_text(re.compile(r"^\d+ events shown:")).first.inner_text()
        checkbox.uncheck()
        page.wait_for_function(
            "t => ![...document.querySelectorAll('p')].some(e => e.textContent === t)", arg=before
        )
        # The reader: the text with its notes, and the next paragraph on a click.
        assert page.locator(".decl46-reading section#p05 mark").count() >= 4
        page.get_by_role("button", name="next ▶").click()
        page.locator(".decl46-reading section#p06").wait_for(timeout=30_000)
        assert page.locator(".decl46-reading section#p06 li").count() >= 4
        assert_no_widget_error(page)
        page.screenshot(path=str(SHOTS / "voila_explorer.png"), full_page=True)


@pytest.mark.npm
def test_static_site_renders_plots_and_widgets_offline(browser):
    site = ROOT / "build" / "site"
    assert (site / "05_explorer.html").is_file(), "run `make site` first (make test does)"
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    page = context.new_page()
    remote = []
    page.on("request", lambda r: remote.append(r.url) if r.url.startswith("http") else None)
    page.goto((site / "05_explorer.html").as_uri())
    page.locator("input[placeholder^='Type a name']").wait_for(timeout=30_000)
    assert page.locator(".widget-image img, img.widget-image, .jupyter-widgets img").count() >= 3
    assert remote == []
    page.screenshot(path=str(SHOTS / "site_explorer.png"))
    page.goto((site / "04_fates.html").as_uri())
    assert page.locator(".jp-RenderedImage img").count() >= 1
    page.goto((site / "02_reading_the_declaration.html").as_uri())
    paragraph = page.locator(".decl46-reading section#p06")
    assert paragraph.locator("mark").count() >= 4
    paragraph.screenshot(path=str(SHOTS / "reader.png"))
    assert remote == []
    context.close()
