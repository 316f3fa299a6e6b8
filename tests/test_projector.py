"""What the back row sees: every figure whole on one screen, its text large enough, at the
projector setting the teacher guide names.

The setting: JupyterLab full screen on a 1024x768 projector, browser zoom 150%, file
browser closed (Ctrl+B). In Playwright that is a page of 683x512 CSS pixels at a device
scale factor of 1.5 (the screenshot is 1024x768). Each notebook is opened as a class opens
it (cold and untrusted: the stored outputs, nothing run), and for every picture it shows,
a figure or an explorer's stored picture, the test scrolls to it and checks that it lies
whole inside the notebook area between JupyterLab's bars (measured in the page), and
that its smallest text is at least 20 pixels on the projector's screen: the size the
picture says its smallest text is (a figure stores it beside its alt text; an explorer's
chart is drawn again here, as it was when stored), times the scale the page shows the
picture at, times the device scale. The notebooks' prose is checked the same way. In
JupyterLab's default layout (1024x768, 100%, file browser open) every picture fits the
notebook column unshrunk.

Screenshots of each picture in place go to build/screenshots/projector/; what was
measured goes to build/screenshots/projector/measured.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servers import chromium, open_stored, untrusted_lab

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOTS = ROOT / "build" / "screenshots" / "projector"
# The projector setting, and JupyterLab's default layout on the same screen.
PROJECTOR = {"viewport": {"width": 683, "height": 512}, "device_scale_factor": 1.5}
DEFAULT = {"viewport": {"width": 1024, "height": 768}, "device_scale_factor": 1}
SMALLEST_DEVICE_PX = 20
PICTURES = ".jp-OutputArea-output[data-mime-type='image/png'] img"
PROSE = ".jp-MarkdownCell .jp-RenderedMarkdown :is(p, li)"

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The notebook area between JupyterLab's bars (its scroller), the bars around it, and
# whether the file browser is open.
AREA = """() => {
  const box = s => {
    const r = document.querySelector(s).getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const scroller = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer';
  return {
    area: box(scroller),
    toolbar: box('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar'),
    status: box('#jp-bottom-panel'),
    column: box('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output'),
    fileBrowserOpen: document.querySelector('#jp-left-stack').offsetWidth > 0,
    devicePixelRatio: window.devicePixelRatio,
  };
}"""


def stored_pictures(notebook: Path) -> list[dict]:
    """The image outputs of a notebook, in order: each with its metadata."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        {"metadata": o.get("metadata", {}).get("image/png", {}), "data": o["data"]}
        for c in cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]


def explorer_smallest_text() -> dict[str, float]:
    """The smallest text, in picture pixels, of each explorer's stored picture, by the
    start of its alt text: its chart drawn again as when stored, and its banner."""
    from matplotlib.text import Text

    from decl46 import widgets

    banner = 16.0  # the banner's sentence is 16 px (decl46.widgets._panel._banner)
    out = {}
    for make in (widgets.SignatoryExplorer, widgets.AgreementExplorer, widgets.TimelineExplorer):
        explorer = make()
        figure = explorer.live.figure
        sizes = [
            t.get_fontsize() * figure.dpi / 72
            for t in figure.findobj(Text)
            if t.get_visible() and t.get_text().strip()
        ]
        out[explorer.what] = min([*sizes, banner])
    return out


def smallest_text_px(picture: dict, explorers: dict[str, float]) -> float:
    """The smallest text of a stored picture, in its own pixels."""
    meta = picture["metadata"]
    if "smallest_text_px" in meta:
        return float(meta["smallest_text_px"])
    explorer = [w for w in explorers if meta.get("alt", "").startswith(w)]
    if not explorer:
        pytest.fail(
            "a figure stored without smallest_text_px (drawn before the kit wrote it): "
            f"re-execute the notebook with `make notebooks` ({meta.get('alt', '')[:60]}...)"
        )
    return explorers[explorer[0]]


@pytest.fixture(scope="module")
def cold_lab(tmp_path_factory):
    with untrusted_lab(tmp_path_factory.mktemp("projector")) as lab:
        yield lab


@pytest.fixture(scope="module")
def browser():
    with chromium(SHOTS) as b:
        yield b


@pytest.fixture(scope="module")
def measured():
    """What the tests measured, written out when they end (for the guide and the report)."""
    found: dict = {}
    yield found
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "measured.json").write_text(json.dumps(found, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def explorers():
    return explorer_smallest_text()


def open_folds(page) -> None:
    """Open every folded solution as a teacher does, to project it: a click on its bar
    shows the code, a click on the bar below shows what it drew. Every picture is then
    checked as it is projected."""
    for bar in [".jp-InputPlaceholder", ".jp-OutputPlaceholder"]:
        folded = page.locator(f"{bar} .jp-Placeholder-content")
        for _ in range(folded.count()):
            folded.first.click()
    page.wait_for_timeout(500)


def open_at(browser, setting: dict, base: str, token: str, notebook: Path, *, closed: bool):
    """A page with ``notebook`` open cold at ``setting``, with the file browser closed
    (Ctrl+B, as the guide says) when ``closed``."""
    context = browser.new_context(**setting)
    page = context.new_page()
    workspace = ("projector-" if closed else "default-") + notebook.stem.replace("_", "-")
    open_stored(page, base, token, notebook, workspace)
    open_folds(page)
    if closed:
        page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("Escape")  # command mode: Ctrl+B is JupyterLab's, not an editor's
        page.keyboard.press("Control+b")
        page.wait_for_function("() => document.querySelector('#jp-left-stack').offsetWidth === 0")
        page.wait_for_timeout(500)
    return context, page


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_at_the_projector_setting_every_picture_is_whole_on_one_screen_and_reads(
    cold_lab, browser, explorers, measured, notebook
):
    base, token = cold_lab
    context, page = open_at(browser, PROJECTOR, base, token, notebook, closed=True)
    try:
        layout = page.evaluate(AREA)
        area = layout["area"]
        assert not layout["fileBrowserOpen"]
        assert layout["devicePixelRatio"] == PROJECTOR["device_scale_factor"]
        # The area is what lies between the notebook's toolbar and the status bar.
        assert area["top"] >= layout["toolbar"]["bottom"] - 1
        assert area["bottom"] <= layout["status"]["top"] + 1
        stored = stored_pictures(notebook)
        pictures = page.locator(PICTURES)
        assert pictures.count() == len(stored), "every stored picture is shown"
        seen = []
        for k, picture in enumerate(stored):
            image = pictures.nth(k)
            image.evaluate("i => i.scrollIntoView({block: 'center'})")
            page.wait_for_timeout(300)
            box = image.evaluate(
                """i => { const r = i.getBoundingClientRect();
                          return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                                  width: r.width, natural: i.naturalWidth,
                                  naturalHeight: i.naturalHeight}; }"""
            )
            name = f"{notebook.stem}_{k + 1}"
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            scale = box["width"] / box["natural"] * layout["devicePixelRatio"]
            smallest = smallest_text_px(picture, explorers) * scale
            seen.append(
                {
                    "picture": name,
                    "natural": [box["natural"], box["naturalHeight"]],
                    "shown_css_px": [round(box["width"], 1), round(box["bottom"] - box["top"], 1)],
                    "smallest_text_device_px": round(smallest, 1),
                }
            )
            assert (
                box["top"] >= area["top"] - 0.5
                and box["bottom"] <= area["bottom"] + 0.5
                and box["left"] >= area["left"] - 0.5
                and box["right"] <= area["right"] + 0.5
            ), f"{name} is not whole on the screen: {box} in {area}"
            assert smallest >= SMALLEST_DEVICE_PX, f"{name}: smallest text {smallest:.1f} px"
        prose = page.locator(PROSE).evaluate_all(
            "ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))"
        )
        assert prose, "the notebook has prose"
        smallest_prose = min(prose) * layout["devicePixelRatio"]
        assert smallest_prose >= SMALLEST_DEVICE_PX, f"prose at {smallest_prose} px"
        measured[notebook.stem] = {
            "visible_area_css_px": {
                "width": area["right"] - area["left"],
                "height": area["bottom"] - area["top"],
                "top": area["top"],
                "bottom": area["bottom"],
            },
            "output_column_css_px": layout["column"]["right"] - layout["column"]["left"],
            "prose_device_px": smallest_prose,
            "pictures": seen,
        }
    finally:
        context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_in_the_default_layout_every_picture_fits_the_column_unshrunk(cold_lab, browser, notebook):
    base, token = cold_lab
    context, page = open_at(browser, DEFAULT, base, token, notebook, closed=False)
    try:
        layout = page.evaluate(AREA)
        assert layout["fileBrowserOpen"]
        area = layout["area"]
        sizes = page.locator(PICTURES).evaluate_all(
            """is => is.map(i => { const r = i.getBoundingClientRect();
                 return [r.width, r.height, i.naturalWidth, i.naturalHeight, r.right]; })"""
        )
        assert len(sizes) == len(stored_pictures(notebook))
        column = layout["column"]["right"] - layout["column"]["left"]
        for width, height, natural, natural_height, right in sizes:
            assert width == natural and height == natural_height, "shown at its drawn size"
            assert width <= column and right <= area["right"]
            assert height <= area["bottom"] - area["top"], "whole on one screen"
    finally:
        context.close()
