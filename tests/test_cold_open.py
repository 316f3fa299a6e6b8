"""What a teacher sees when a notebook opens cold in front of a class.

Every notebook is opened as it comes from a fresh clone or a download: nothing run, no
kernel asked for, and untrusted (a copy of the notebooks that no trust database knows),
in JupyterLab at 1024x768, the size of a common projector. Untrusted, JupyterLab draws
no widget and no unsanitised HTML; each output then shows its first safe form. The
tests check that this is never a widget's repr, that each explorer shows the picture it
stored, and that the annotated reading keeps its colours. A screenshot of each
notebook's first screen goes to build/screenshots/cold/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servers import chromium, open_stored, untrusted_lab

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOTS = ROOT / "build" / "screenshots" / "cold"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# What a widget's repr looks like, were it shown.
REPR_SIGNS = ["Combobox(", "VBox(", "HBox(", "children=(", "Dropdown(", "Layout("]

# The README's pictures, photographed from the cold open: (selector, index, name).
FEATURES = {
    "01_context_timeline": (".jp-RenderedImage img", 0, "timeline"),
    "03_signatures_and_reservations": (".jp-RenderedImage img", 1, "agreement"),
    "05_explorer": (".jp-OutputArea-output[data-mime-type='image/png'] img", 0, "explorer"),
}

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser")]


def widget_outputs(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [o for c in cells for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]


@pytest.fixture(scope="module")
def cold_lab(tmp_path_factory):
    with untrusted_lab(tmp_path_factory.mktemp("cold")) as lab:
        yield lab


@pytest.fixture(scope="module")
def projector():
    with chromium(SHOTS) as browser:
        yield browser.new_context(viewport={"width": 1024, "height": 768}).new_page()


def open_cold(page, base: str, token: str, notebook: Path) -> None:
    open_stored(page, base, token, notebook, "cold-" + notebook.stem.replace("_", "-"))


def shoot(page, element, name: str) -> None:
    """The notebook as the class sees it, scrolled so that ``element`` starts at the top."""
    element.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.locator(".jp-NotebookPanel").first.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_opened_cold_and_untrusted_shows_pictures_never_a_repr(
    cold_lab, projector, notebook
):
    base, token = cold_lab
    page = projector
    open_cold(page, base, token, notebook)
    page.screenshot(path=str(SHOTS / f"{notebook.stem}.png"))
    text = page.locator(".jp-Notebook").inner_text()
    for sign in REPR_SIGNS:
        assert sign not in text, f"{notebook.name} shows a widget repr ({sign})"
    stored = widget_outputs(notebook)
    with_picture = [o for o in stored if "image/png" in o["data"]]
    with_html = [o for o in stored if "text/html" in o["data"]]
    assert len(with_picture) + len(with_html) == len(stored)  # every widget has a fallback
    # Each explorer's picture is drawn (decoded, at its stored size, not shrunk to nothing).
    pictures = page.locator(".jp-OutputArea-output[data-mime-type='image/png'] img")
    sizes = pictures.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.clientWidth])")
    # A folded cell (a solution) shows no output until the teacher opens it.
    figures = sum(
        "image/png" in o.get("data", {})
        for c in json.loads(notebook.read_text())["cells"]
        if not c["metadata"].get("jupyter", {}).get("outputs_hidden")
        for o in c.get("outputs", [])
    )
    assert len(sizes) == figures
    assert all(natural > 0 and shown >= natural * 0.95 for natural, shown in sizes), sizes
    if notebook.stem in FEATURES:
        selector, index, name = FEATURES[notebook.stem]
        shoot(page, page.locator(selector).nth(index), name)
    for output in with_html:
        assert "run the notebook" in "".join(output["data"]["text/html"])
    assert text.count("run the notebook to use it") >= len(with_html)


def test_the_reading_keeps_its_colours_in_an_untrusted_notebook(cold_lab, projector):
    base, token = cold_lab
    page = projector
    open_cold(page, base, token, ROOT / "notebooks" / "02_reading_the_declaration.ipynb")
    marks = page.locator(".jp-RenderedHTMLCommon mark")
    assert marks.count() > 20
    colours = marks.evaluate_all("ms => ms.map(m => getComputedStyle(m).backgroundColor)")
    assert all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours)
    assert len(set(colours)) >= 3  # one colour per kind of note
    # Text and notes side by side, as the reading is laid out.
    section = page.locator(".jp-RenderedHTMLCommon section").first
    assert section.evaluate("s => getComputedStyle(s).display") == "grid"
    shoot(page, page.locator(".jp-RenderedHTMLCommon section").nth(4), "reader")
