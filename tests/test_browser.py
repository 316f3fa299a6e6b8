"""In a real browser: the notebooks without widgets show their stored outputs in JupyterLab,
those with widgets run there live without widget errors, the explorers respond in
JupyterLab and in the Voilà app, and the static site renders offline.

That the stored outputs are what a fresh run gives is the notebook pass's business (each
cell's outputs and the byte-for-byte comparison, tests/notebook_pass.py); so the notebooks
are opened here as a class opens them, and only those with widgets are run again, for
what a kernel alone cannot show: the widgets drawn by JupyterLab.

Chromium is Debian's (/usr/bin/chromium, installed by `make browser`), driven by
Playwright without downloading a browser. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright import sync_api as playwright
from servers import (
    BIN,
    chromium,
    isolated_env,
    jupyterlab,
    shown_counts,
    shut_down_kernels,
    voila,
)

from decl46 import widgets

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


def outputs(notebook: Path, *, shown: bool = False) -> list[dict]:
    """The stored outputs; with ``shown``, only those JupyterLab draws when the notebook
    opens (a folded cell, a solution, shows none until it is opened)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        o
        for c in cells
        if not (shown and c["metadata"].get("jupyter", {}).get("outputs_hidden"))
        for o in c.get("outputs", [])
    ]


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
    with chromium(SHOTS) as b:
        yield b


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
    # Rooted at the top, as `make lab` is: the codebook and the teacher guide beside the lessons.
    for guide in ["data/README.md", "docs/teacher_guide.md"]:
        (work / guide).parent.mkdir(exist_ok=True)
        shutil.copyfile(ROOT / guide, work / guide)
    subprocess.run(
        [str(BIN / "jupyter"), "trust", *map(str, sorted((work / "notebooks").glob("*.ipynb")))],
        env=isolated_env(work / "home"),
        check=True,
        capture_output=True,
    )
    server, base, token = jupyterlab(work, work / "home", work / "jupyterlab.log")
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


def open_notebook(page, base: str, token: str, name: str, *, kernel: bool = True) -> None:
    """Open one notebook as a class does: stored outputs, nothing run; with ``kernel``,
    wait until its kernel is idle."""
    # A workspace of its own, reset, so that JupyterLab opens this notebook and nothing else.
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{name}?reset&token={token}")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel")
    assert current.inner_text() == name
    if kernel:
        # On a loaded machine JupyterLab may ask which kernel to start (the kernel specs
        # came late); the notebook's own kernel is the one offered.
        page.wait_for_timeout(1500)
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count() and dialog.first.is_visible():
            dialog.first.click()
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
    # Done when every shown prompt carries its number; a folded cell (a solution) has none.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .filter(p => p.textContent.trim() !== '');
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=180_000,
    )
    # Every cell ran in order; the folded ones (solutions) show no prompt.
    expected = [f"[{i}]:" for i in shown_counts(ROOT / "notebooks" / name)]
    assert [p for p in prompts(page) if p.strip()] == expected


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
    base, token, _ = lab
    page = reading_page
    try:
        open_notebook(page, base, token, notebook.name, kernel=False)
        stored = outputs(notebook, shown=True)
        # The stored prompts, once every cell is drawn (a folded solution shows none).
        counts = shown_counts(notebook)
        page.wait_for_function(
            """n => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                    .filter(p => /\\[\\d+\\]/.test(p.textContent));
                return prompts.length === n;
            }""",
            arg=len(counts),
            timeout=120_000,
        )
        assert [p for p in prompts(page) if p.strip()] == [f"[{i}]:" for i in counts]
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
    base, token, _ = lab
    run_all_cells(page, base, token, notebook.name)
    assert_no_widget_error(page)
    page.screenshot(path=str(SHOTS / f"lab_{notebook.stem}.png"))
    feature_shot(page, notebook)


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


def offline_context(browser):
    """A 1024×768 context (a projector) that may read local files only: every other request
    is aborted and kept in the returned list, so a test can say none was attempted."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, accept_downloads=True)
    attempted: list[str] = []

    def block(route):
        attempted.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file:"), block)
    return context, attempted


def test_site_timeline_page_draws_the_timeline_offline(browser):
    import decl46

    page_file = ROOT / "build" / "site" / "timeline.html"
    assert page_file.is_file(), "run `make site` first (make test does)"
    expected = decl46.timeline_json()
    context, attempted = offline_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    slides = page.locator(".tl-slide")
    slides.nth(len(expected["events"])).wait_for(state="attached", timeout=30_000)
    assert slides.count() == len(expected["events"]) + 1  # the title slide and one per row
    assert page.locator(".tl-timemarker").count() == len(expected["events"])
    assert page.locator(".tl-timeera").count() == len(expected["eras"])
    groups = page.locator(".tl-timegroup-message").all_inner_texts()
    assert sorted(groups) == sorted({e["group"].replace("&amp;", "&") for e in expected["events"]})
    # A few dates, one of each precision: TimelineJS shows them as the kit writes them.
    by_precision = {}
    for event in (e for e in expected["events"] if "end_date" not in e):
        precision = "day" if "day" in event["start_date"] else "month"
        precision = precision if "month" in event["start_date"] else "year"
        by_precision.setdefault(precision, event)
    assert set(by_precision) == {"day", "month", "year"}
    for event in by_precision.values():
        date = page.locator(f".tl-slide[id='{event['unique_id']}'] .tl-headline-date")
        assert date.text_content().strip() == event["start_date"]["display_date"]
    # Moving to a slide by the keyboard works, and the picture shows the declaration's month.
    page.locator("#timeline-embed").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.decl46Timeline.current_id !== undefined")
    target = next(e for e in expected["events"] if e["start_date"].get("month") == 10)
    page.evaluate("id => window.decl46Timeline.goToId(id)", target["unique_id"])
    page.wait_for_timeout(1200)  # the slide's animation
    page.screenshot(path=str(SHOTS / "site_timeline.png"))
    assert errors == []
    assert attempted == []
    context.close()


def select_by_mouse(page, element_id: str, start: int, end: int) -> None:
    """Press the mouse at the left edge of text[start:end] in the element, drag just past
    its right edge, and let go: a student's selection, not a scripted one."""
    box = page.evaluate(
        """([id, start, end]) => {
            const node = document.getElementById(id).firstChild;
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, end);
            const rects = range.getClientRects();
            const a = rects[0], z = rects[rects.length - 1];
            return {x0: a.left + 1, y0: a.top + a.height / 2,
                    x1: z.right + 1, y1: z.top + z.height / 2};
        }""",
        [element_id, start, end],
    )
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, box["y1"], steps=6)
    page.mouse.move(box["x1"], box["y1"], steps=6)
    page.wait_for_timeout(100)  # a hand rests a moment before letting go
    page.mouse.up()


# The annotation page (two students on one browser, their notes read back by the kit) is
# tests/test_site_pages.py's; it uses select_by_mouse above.


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


def choose_by_keyboard(page, select, label: str, *, in_lab: bool) -> None:
    """Move the focused dropdown ``select`` to the option ``label`` with the arrow keys (in
    JupyterLab inside its opened list, see :func:`choose_next`)."""
    options = select.evaluate("e => [...e.options].map(o => o.text.replace(/\\u00a0/g, ' '))")
    steps = options.index(label) - select.evaluate("e => e.selectedIndex")
    if in_lab:
        page.keyboard.press("Alt+ArrowDown")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    if in_lab:
        page.keyboard.press("Enter")
    page.wait_for_function(f"([e, l]) => ({CHOSEN})(e) === l", arg=[select.element_handle(), label])


def test_coding_two_blocks_hand_in_restart_and_resume_in_jupyterlab(lab, page):
    """Code two blocks, hand them in, restart, resume: every control of the widget reached
    with Tab and worked with the keyboard alone, as a student without a mouse would."""
    import decl46

    base, token, folder = lab
    run_all_cells(page, base, token, "03_signatures_and_reservations.ipynb")
    page.set_viewport_size({"width": 1024, "height": 768})
    block = page.get_by_role("combobox", name="Block")
    block.wait_for(timeout=90_000)
    assert block.evaluate(CHOSEN) == "b01"
    coding = page.locator(".widget-vbox", has=block).last
    assert page.evaluate(UNNAMED_CONTROLS, coding.element_handle()) == []
    parts = decl46.vocabulary("stances", "part")["label"]
    # Each "Why?" box has a name of its own, after its part.
    for part_label in parts:
        assert page.get_by_role("textbox", name=f"{part_label}: why?", exact=True).count() == 1
    stance_labels = decl46.vocabulary("stances", "stance")["label"]
    choices = {"b01": stance_labels.iloc[0], "b02": stance_labels.iloc[1]}
    tab_to(page, block)
    for n, (block_id, label) in enumerate(choices.items()):
        page.wait_for_function(
            f"([e, b]) => ({CHOSEN})(e) === b", arg=[block.element_handle(), block_id]
        )
        for part_label in parts:
            stance = page.get_by_role("combobox", name=f"{part_label}: stance", exact=True)
            tab_to(page, stance)
            choose_by_keyboard(page, stance, label, in_lab=True)
        reason = page.get_by_role("textbox", name=f"{parts.iloc[0]}: why?", exact=True)
        tab_to(page, reason, backwards=True)
        page.keyboard.type(f"my reason for {block_id}", delay=10)
        page.keyboard.press("Enter")
        status = page.get_by_text(re.compile(r"^\d+ of \d+ coded; saved in")).first
        wait_for_text(status, f"{4 * (n + 1)} of 52 coded")
        next_button = page.get_by_role("button", name="next ▶").first
        tab_to(page, next_button, backwards=True)
        page.keyboard.press("Space")
    tab_to(page, page.get_by_role("textbox", name="Your name"))
    page.keyboard.type("Zoe")
    tab_to(page, page.get_by_role("button", name="Hand in"))
    page.keyboard.press("Enter")
    handed = page.get_by_text(re.compile("^Handed in:")).first
    handed.wait_for(timeout=30_000)
    assert "8 of 52" in handed.inner_text() and "class_codings/zoe.csv" in handed.inner_text()
    handed.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "lab_1024_coding_handed_in.png"))

    # The kernel restarts (JupyterLab's own menu); running the notebook again, the widget
    # resumes where it stopped.
    menu(page, "Kernel", "Restart Kernel and Run All Cells…")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_timeout(3000)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=180_000)
    block = page.get_by_role("combobox", name="Block")
    block.wait_for(timeout=90_000)
    page.wait_for_function(f"e => ({CHOSEN})(e) === 'b03'", arg=block.element_handle())
    status = page.get_by_text(re.compile(r"^\d+ of \d+ coded; saved in")).first
    assert "8 of 52 coded" in status.inner_text()
    previous = page.get_by_role("button", name="◀ previous").first
    tab_to(page, previous)
    page.keyboard.press("Space")
    page.wait_for_function(f"e => ({CHOSEN})(e) === 'b02'", arg=block.element_handle())
    page.keyboard.press("Space")
    reason = page.get_by_role("textbox", name="Why?").first
    page.wait_for_function("e => e.value === 'my reason for b01'", arg=reason.element_handle())
    assert_no_widget_error(page)

    # The class view reads the handed-in file.
    class_ = decl46.read_class_codings(folder / "class_codings")
    assert class_.errors == [] and list(class_.codings) == ["zoe"]
    zoe = class_.codings["zoe"]
    assert len(zoe) == 8 and set(zoe["block_id"]) == {"b01", "b02"}
    assert set(zoe.loc[zoe["block_id"] == "b02", "stance"]) == {stance_labels.index[1]}


@pytest.mark.parametrize(
    ("make", "change"),
    [
        (widgets.SignatoryExplorer, lambda e: e.look_up("Pyatakov")),
        (widgets.AgreementExplorer, lambda e: setattr(e.stance, "value", "not_stated")),
    ],
    ids=["signatory", "agreement"],
)
def test_a_chart_with_a_patch_shows_in_chromium_exactly_as_the_whole_chart(browser, make, change):
    """An overlay explorer's chart is its first drawing with a patch laid over it: at the
    size it is drawn, chromium shows the very pixels of the whole chart."""
    import io

    import numpy as np
    from PIL import Image

    explorer = make()
    change(explorer)
    assert explorer.chart.picture.patch is not None
    width, height = explorer.chart.picture.size
    context = browser.new_context(viewport={"width": width + 100, "height": height + 100})
    page = context.new_page()
    page.set_content(f"<body style='margin: 0'><div id='chart'>{explorer.chart.value}</div></body>")
    shown = Image.open(io.BytesIO(page.locator("#chart [role=img]").screenshot()))
    context.close()
    whole = Image.open(io.BytesIO(explorer.chart.png))
    assert shown.size == whole.size
    assert np.array_equal(np.asarray(shown.convert("RGB")), np.asarray(whole.convert("RGB")))
