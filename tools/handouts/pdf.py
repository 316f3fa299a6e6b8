"""A real browser's print to PDF: Playwright driving Debian's chromium (no browser is
downloaded), each page opened from disk with every request outside the output folder
refused, printed on A4 and on US Letter with its background (the ruled lines) and a footer
that carries the attribution and the page number."""

from __future__ import annotations

from html import escape
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# As the browser tests launch it (tests/servers.py).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAPER = {"a4": "A4", "letter": "Letter"}
MARGIN = {"top": "15mm", "bottom": "19mm", "left": "16mm", "right": "16mm"}


class PrintError(RuntimeError):
    pass


def footer(left: str, credit: str) -> str:
    """The footer on every page: which handout, the attribution, the page number. (Chromium
    draws it apart from the page: it needs its own font size and reads no style sheet.)"""
    style = (
        "font-family: 'DejaVu Sans', sans-serif; font-size: 6.5pt; color: #444; "
        "width: 100%; margin: 0 16mm; display: flex; justify-content: space-between; gap: 4mm"
    )
    return (
        f'<div style="{style}"><div>{escape(left)}<br>{escape(credit)}</div>'
        '<div style="white-space: nowrap">page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></div></div>'
    )


def print_pages(jobs: list[tuple[Path, str, str]], folder: Path) -> list[Path]:
    """Print each ``(page.html, left footer, credit)`` of ``folder`` to ``<page>-a4.pdf``
    and ``<page>-letter.pdf``; returns the PDFs. A request for anything outside ``folder``
    (the network, another file) stops the build."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise PrintError(f"printing the handouts needs Debian's chromium at {CHROMIUM}")
    root = folder.resolve().as_uri()
    refused: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(root + "/"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.route("**/*", guard)
            page = context.new_page()
            for html, left, credit in jobs:
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                broken = page.evaluate(
                    "[...document.images].filter(i => !i.complete || !i.naturalWidth)"
                    ".map(i => i.src)"
                )
                if broken:
                    raise PrintError(f"{html.name}: pictures that did not load: {broken}")
                for suffix, paper in PAPER.items():
                    pdf = html.with_name(f"{html.stem}-{suffix}.pdf")
                    page.pdf(
                        path=str(pdf),
                        format=paper,
                        print_background=True,
                        margin=MARGIN,
                        display_header_footer=True,
                        header_template="<span></span>",
                        footer_template=footer(left, credit),
                    )
                    written.append(pdf)
        finally:
            browser.close()
    if refused:
        raise PrintError(f"the handouts asked for what is not in {folder}: {sorted(set(refused))}")
    return written
