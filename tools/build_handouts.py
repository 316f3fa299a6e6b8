"""Build the printed handouts in build/handouts/ (``make handouts``): for every lesson a
student's copy and a teacher's copy, each as HTML and as PDF on A4 and on US Letter.

From the same sources as the site: the notebooks (read by tags and headings), the teacher
guide (docs/teacher_guide.md, the lesson's section) and the data (the documents are built
again with the kit's public functions, the figures redrawn at print resolution). Nothing is
fetched: the pages read only the output folder (a style sheet, DejaVu Sans from
matplotlib, the figures), and chromium prints them (Playwright; tools/handouts/pdf.py).
What each copy holds is said in tools/handouts/render.py.

    python tools/build_handouts.py [build/handouts] [--lessons 02 03] [--html-only]

Files: ``NN_name-student.html``, ``NN_name-student-a4.pdf``, ``NN_name-student-letter.pdf``
and the same for ``-teacher``; ``figures/`` and ``fonts/`` beside them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import matplotlib

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handouts.execute import run_lesson
from handouts.guide import read_guide
from handouts.lesson import read_lesson
from handouts.pdf import print_pages
from handouts.render import HERE, build_page, lookups

ROOT = Path(__file__).resolve().parent.parent
FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
         "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf"]  # fmt: skip
# Which table of the data package each kind of document is printed from.
DOCUMENT_TABLES = {
    "reading": ("paragraphs", "The declaration's text"),
    "statements": ("blocks", "The signature statements"),
    "letter": ("trotsky_letter", "Trotsky's letter of 8 October 1923"),
    "events": ("events", "The events"),
}
AUDIENCES = {"student": "Student's copy", "teacher": "Teacher's copy"}


def data_folder() -> Path:
    """The data the lessons read: DECL46_DATA, as in the notebooks, or the kit's data/."""
    return Path(os.environ.get("DECL46_DATA") or ROOT / "data")


def colophon(package: dict, kinds: set[str]) -> dict:
    """The attribution of every text the handout prints, and the kit's licence line."""
    resources = {r["name"]: r for r in package["resources"]}
    licence = package["licenses"][0]
    credits = []
    for kind in ["reading", *sorted(kinds - {"reading"})]:
        table, what = DOCUMENT_TABLES[kind]
        resource = resources[table]
        for source in resource.get("sources") or []:
            own = (resource.get("licenses") or [None])[0]
            credits.append(
                {
                    "what": what,
                    "source": source["title"],
                    "url": source.get("path"),
                    "licence": own["title"] if own else None,
                }
            )
    # A handout prints no code, so the licence it carries is the lessons' and the data's.
    name = licence["name"].replace("-", " ").replace("CC BY SA", "CC BY-SA")
    kit = (
        f"The decl46 kit {version('decl46')}: lessons, teacher guide and data under {name} "
        f"({licence['path']})."
    )
    text = credits[0]["source"] if credits else ""
    short = f"Declaration text: {text}. decl46 {version('decl46')}: {name}."
    return {"credits": credits, "kit": kit, "short": short}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "handouts"))
    parser.add_argument("--lessons", nargs="*", help="lesson numbers (default: every lesson)")
    parser.add_argument("--notebooks", default=str(ROOT / "notebooks"))
    parser.add_argument("--html-only", action="store_true", help="write the pages, no PDF")
    args = parser.parse_args(argv)
    out = Path(args.out)
    paths = sorted(Path(args.notebooks).glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise SystemExit(f"no lesson notebooks (NN_name.ipynb) in {args.notebooks}")
    lessons = [read_lesson(p) for p in paths]
    chosen = [x for x in lessons if not args.lessons or x.number in args.lessons]
    guide_path = ROOT / "docs" / "teacher_guide.md"
    guides = {x.number: read_guide(guide_path, x.number) for x in chosen}

    # Each lesson's code in a process of its own (its pandas options and figures stay there).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1), mp_context=context) as pool:
        futures = {x.number: pool.submit(run_lesson, str(x.path), lookups(x)) for x in chosen}
        runs = {number: future.result() for number, future in futures.items()}

    if out.exists():
        shutil.rmtree(out)
    (out / "fonts").mkdir(parents=True)
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for font in FONTS:
        shutil.copyfile(fonts / font, out / "fonts" / font)
    shutil.copyfile(HERE / "print.css", out / "print.css")
    package = json.loads((data_folder() / "datapackage.json").read_text(encoding="utf-8"))

    jobs = []
    for lesson in chosen:
        run = runs[lesson.number]
        kinds = {d["kind"] for documents in run["documents"].values() for d in documents}
        credits = colophon(package, kinds)
        for audience, label in AUDIENCES.items():
            page = out / f"{lesson.stem}-{audience}.html"
            html = build_page(
                lesson, run, guides[lesson.number], audience, out, credits, others=lessons
            )
            page.write_text(html, encoding="utf-8")
            jobs.append(
                (page, f"Lesson {lesson.number}: {lesson.title}. {label}.", credits["short"])
            )
    if args.html_only:
        print(f"wrote {len(jobs)} pages in {out}")
        return 0
    for pdf in print_pages(jobs, out):
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))
        print(f"{pdf.relative_to(out)}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
