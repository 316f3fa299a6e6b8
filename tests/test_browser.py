"""In a real browser: every notebook runs in JupyterLab without widget errors, the explorers
respond in JupyterLab and in the Voilà app, and the static site renders offline.

Chromium is Debian's (/usr/bin/chromium, installed by `make browser`), driven by
Playwright without downloading a browser. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from servers import CHROMIUM, CHROMIUM_ARGS, jupyterlab, shut_down_kernels, voila

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOTS = ROOT / "build" / "screenshots"
# For the README: one element of some notebooks, photographed from the real thing.
FEATURE_SHOTS = {
    "01_context_timeline": (".jp-RenderedImage img", 0, "timeline"),
    "03_signatures_and_reservations": (".jp-RenderedImage img", 1, "agreement"),
}
WIDGET_ERRORS = ["Error displaying widget", "model not found", "Failed to load model class"]

pytestmark = pytest.mark.slow


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
def lab_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")  # running cells must not touch the repo
    server, base, token = jupyterlab(work / "notebooks", work / "home", work / "jupyterlab.log")
    with server:
        yield base, token, work / "notebooks"


@pytest.fixture
def lab(lab_server):
    """The JupyterLab server (address, token, the folder the notebooks run in); the
    kernels a test started are stopped after it."""
    yield lab_server
    shut_down_kernels(*lab_server[:2])


def run_all_cells(page, base: str, token: str, name: str) -> None:
    try:
        _run_all_cells(page, base, token, name)
    except Exception:
        page.screenshot(path=str(SHOTS / f"failed_{Path(name).stem}.png"))
        raise


def _run_all_cells(page, base: str, token: str, name: str) -> None:
    # A workspace of its own, reset, so that JupyterLab opens this notebook and nothing else.
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel")
    assert current.inner_text() == name
    # On a loaded machine JupyterLab may ask which kernel to start (the kernel specs came
    # late); the notebook's own kernel is the one offered.
    page.wait_for_timeout(1500)
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    if dialog.count() and dialog.first.is_visible():
        dialog.first.click()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=120_000)
    # The kernel is new (the previous test ended its session); clear the stored outputs
    # too, so that every output checked below is a fresh one.
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                 .every(p => !/\\d/.test(p.textContent))"""
    )
    menu(page, "Run", "Run All Cells")
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=180_000,
    )
    code_cells = sum(
        c["cell_type"] == "code"
        for c in json.loads((ROOT / "notebooks" / name).read_text())["cells"]
    )
    assert prompts.all_inner_texts() == [f"[{i}]:" for i in range(1, code_cells + 1)]


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


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_runs_in_jupyterlab_without_widget_errors(lab, page, notebook):
    base, token, _ = lab
    run_all_cells(page, base, token, notebook.name)
    assert_no_widget_error(page)
    if notebook.stem == "02_reading_the_declaration":
        assert page.locator(".decl46-reading mark").count() >= 80  # every body paragraph's notes
    page.screenshot(path=str(SHOTS / f"lab_{notebook.stem}.png"))
    if notebook.stem in FEATURE_SHOTS:
        selector, index, name = FEATURE_SHOTS[notebook.stem]
        element = page.locator(selector).nth(index)
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(SHOTS / f"{name}.png"))


def test_explorers_respond_in_jupyterlab(lab, page):
    base, token, _ = lab
    run_all_cells(page, base, token, "05_explorer.ipynb")
    name = page.locator("input[placeholder^='Type a name']")
    name.wait_for(timeout=90_000)
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


# --- by keyboard alone, as a student who does not use a mouse ------------------------------

# Every control of a widget a student can reach must have a name a screen reader reads out:
# its label, aria-label or aria-labelledby, its title, or (a button) its text. A placeholder
# is not one.
UNNAMED_CONTROLS = """root => [...root.querySelectorAll('input, select, textarea, button')]
    .filter(e => e.offsetParent !== null && e.closest('.jupyter-widgets'))
    .filter(e => {
        const label = [...(e.labels || [])].map(l => l.textContent.trim()).join('');
        const labelled = (e.getAttribute('aria-labelledby') || '').split(' ')
            .map(id => document.getElementById(id)).filter(x => x)
            .map(x => x.textContent.trim()).join('');
        const own = e.tagName === 'BUTTON' ? e.textContent.trim() : '';
        return !(label || labelled || own || (e.getAttribute('aria-label') || '').trim()
                 || (e.getAttribute('title') || '').trim());
    })
    .map(e => e.outerHTML.slice(0, 120))"""


# The text of a dropdown's chosen option (ipywidgets writes its spaces as no-break spaces).
CHOSEN = "e => e.options[e.selectedIndex].text.replace(/\\u00a0/g, ' ')"


def tab_to(page, target, *, backwards: bool = False, most: int = 400) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(most):
        if target.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} was not reached with {key}")


def wait_for_text(locator, text: str, *, absent: bool = False, timeout: float = 30) -> None:
    """Wait until the element ``locator`` finds (found afresh each time: a widget's HTML is
    replaced on each update) shows ``text``, or no longer shows it."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        with contextlib.suppress(playwright.Error):
            seen = locator.inner_text(timeout=1000)
            if (text in seen) != absent:
                return
        time.sleep(0.1)
    raise AssertionError(f"{'still' if absent else 'never'} showed {text!r}; saw {seen!r}")


def choose_next(page, *, in_lab: bool, key: str = "ArrowDown") -> None:
    """Move a focused dropdown to the next (or, with ArrowUp, the previous) option.

    In the app the arrow key does it. In JupyterLab the notebook takes the arrow keys of a
    dropdown for itself (they move between cells), so a keyboard user opens the dropdown's
    list with Alt+ArrowDown, moves in it and picks with Enter, as the kit's notebook 05 says.
    """
    if in_lab:
        page.keyboard.press("Alt+ArrowDown")
        page.keyboard.press(key)
        page.keyboard.press("Enter")
    else:
        page.keyboard.press(key)


def explore_by_keyboard(page, shots: str, *, in_lab: bool = False) -> None:
    """Every explorer of notebook 05, driven with the keyboard only: Tab and Shift+Tab to a
    control, type, arrows, Enter and Space, and the answer checked on screen."""
    assert page.evaluate(UNNAMED_CONTROLS, page.locator("body").element_handle()) == []
    signatory = page.locator(".widget-vbox", has=page.get_by_role("combobox", name="Name")).last
    name = page.get_by_role("combobox", name="Name")
    card = signatory.locator(".widget-html").first
    tab_to(page, name)
    page.keyboard.type("Tro", delay=40)
    page.wait_for_timeout(700)
    # Half a name shows nothing alarming: the card still invites a name.
    assert "Type or choose a name" in card.inner_text()
    page.keyboard.type("tsky", delay=40)
    page.keyboard.press("Enter")
    wait_for_text(card, "Not among the signers")
    assert "8 October 1923" in card.inner_text()
    page.keyboard.press("Control+A")
    page.keyboard.type("Пятаков")
    page.keyboard.press("Enter")
    wait_for_text(card, "Georgy Leonidovich Pyatakov")
    page.wait_for_timeout(1000)  # the redrawn chart
    name.evaluate("e => e.closest('.widget-vbox').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOTS / f"{shots}_signatory.png"))

    # Agreement: Tab on to the part, step it with the arrow keys.
    part = page.get_by_role("combobox", name="Part")
    stance = page.get_by_role("combobox", name="Stance")
    tab_to(page, part)
    listing = page.get_by_text(re.compile(r"^\d+ signature lines?:")).first
    before = listing.inner_text()
    choose_next(page, in_lab=in_lab)
    wait_for_text(listing, before, absent=True)
    tab_to(page, stance)
    tab_to(page, part, backwards=True)  # and back again with Shift+Tab

    # Timeline: the To quarter by arrow keys and by typing a year; a category by Space.
    start = page.get_by_role("combobox", name="From")
    end = page.get_by_role("combobox", name="To")
    shown = page.get_by_text(
        re.compile(r"^(\d+ events? shown:|No category chosen|No event in)")
    ).first
    tab_to(page, start)
    assert start.evaluate(CHOSEN) == "1923 Q3: Jul–Sep"
    tab_to(page, end)
    before = shown.inner_text()
    choose_next(page, in_lab=in_lab, key="ArrowUp")
    assert end.evaluate(CHOSEN) == "1924 Q1: Jan–Mar"
    wait_for_text(shown, before, absent=True)
    if not in_lab:  # typing into a dropdown: in JupyterLab digits are notebook shortcuts
        before = shown.inner_text()
        page.keyboard.type("1927")
        assert end.evaluate(CHOSEN).startswith("1927 Q1")
        wait_for_text(shown, before, absent=True)
    boxes = page.get_by_role("checkbox")
    for i in range(boxes.count()):
        tab_to(page, boxes.nth(i))
        page.keyboard.press("Space")
        assert not boxes.nth(i).is_checked()
    wait_for_text(shown, "No category chosen")
    end.evaluate("e => e.closest('.widget-vbox').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOTS / f"{shots}_timeline_empty.png"))
    tab_to(page, boxes.nth(0), backwards=True)
    page.keyboard.press("Space")
    wait_for_text(shown, "shown:")

    # Reader: Tab to "next", Enter.
    next_button = page.get_by_role("button", name="next ▶")
    tab_to(page, next_button)
    page.keyboard.press("Space")
    page.locator(".decl46-reading section#p06").wait_for(timeout=30_000)
    assert_no_widget_error(page)


def test_explorers_by_keyboard_alone_in_the_voila_app(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    server, base = voila(
        ROOT / "notebooks" / "05_explorer.ipynb", tmp_path / "home", tmp_path / "voila.log"
    )
    with server:
        page.goto(base + "/")
        page.get_by_role("combobox", name="Name").wait_for(timeout=120_000)
        page.screenshot(path=str(SHOTS / "voila_1024_start.png"))
        explore_by_keyboard(page, "voila_1024")
    context.close()


def test_explorers_by_keyboard_alone_in_jupyterlab(lab, page):
    base, token, _ = lab
    run_all_cells(page, base, token, "05_explorer.ipynb")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.get_by_role("combobox", name="Name").wait_for(timeout=90_000)
    explore_by_keyboard(page, "lab_1024", in_lab=True)


def test_coding_two_blocks_hand_in_restart_and_resume_in_jupyterlab(lab, page):
    import decl46

    base, token, folder = lab
    run_all_cells(page, base, token, "03_signatures_and_reservations.ipynb")
    page.set_viewport_size({"width": 1024, "height": 768})
    block = page.get_by_role("combobox", name="Block")
    block.wait_for(timeout=90_000)
    assert block.evaluate(CHOSEN) == "b01"
    parts = decl46.vocabulary("stances", "part")["label"]
    stance_labels = decl46.vocabulary("stances", "stance")["label"]
    choices = {"b01": stance_labels.iloc[0], "b02": stance_labels.iloc[1]}
    for block_id, label in choices.items():
        page.wait_for_function(
            f"([e, b]) => ({CHOSEN})(e) === b", arg=[block.element_handle(), block_id]
        )
        for part_label in parts:
            page.get_by_role("combobox", name=part_label, exact=True).select_option(label=label)
        reason = page.get_by_role("textbox", name="Why?").first
        reason.fill(f"my reason for {block_id}")
        reason.press("Enter")
        status = page.get_by_text(re.compile(r"^\d+ of \d+ coded; saved in")).first
        wait_for_text(status, f"{4 * (list(choices).index(block_id) + 1)} of 52 coded")
        page.get_by_role("button", name="next ▶").first.click()
    page.get_by_role("textbox", name="Your name").fill("Zoe")
    page.get_by_role("button", name="Hand in").click()
    handed = page.get_by_text(re.compile("^Handed in:")).first
    handed.wait_for(timeout=30_000)
    assert "8 of 52" in handed.inner_text() and "class_codings/zoe.csv" in handed.inner_text()
    handed.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "lab_1024_coding_handed_in.png"))

    # The kernel restarts; running the notebook again, the widget resumes where it stopped.
    menu(page, "Kernel", "Restart Kernel and Run All Cells…")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_timeout(3000)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=180_000)
    block = page.get_by_role("combobox", name="Block")
    block.wait_for(timeout=90_000)
    page.wait_for_function(f"e => ({CHOSEN})(e) === 'b03'", arg=block.element_handle())
    status = page.get_by_text(re.compile(r"^\d+ of \d+ coded; saved in")).first
    assert "8 of 52 coded" in status.inner_text()
    page.get_by_role("button", name="◀ previous").first.click()
    page.get_by_role("button", name="◀ previous").first.click()
    reason = page.get_by_role("textbox", name="Why?").first
    page.wait_for_function("e => e.value === 'my reason for b01'", arg=reason.element_handle())
    assert_no_widget_error(page)

    # The class view reads the handed-in file.
    class_ = decl46.read_class_codings(folder / "class_codings")
    assert class_.errors == [] and list(class_.codings) == ["zoe"]
    zoe = class_.codings["zoe"]
    assert len(zoe) == 8 and set(zoe["block_id"]) == {"b01", "b02"}
