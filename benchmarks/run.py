"""Measure the kit's speed against floors measured in the same run; print a table.

Run with `make bench` (not part of `make test`). Each figure is printed as soon as it is
measured, beside what cannot be avoided on this machine at this moment, measured in the
same run: a notebook beside a notebook that only imports pandas, matplotlib and
ipywidgets, run just before it; an explorer update beside drawing an empty figure of the
same size and encoding it the same way (the reader: handing the same HTML to a widget);
`import decl46` is timed in a fresh process that has already imported pandas. Targets are
those of the project's benchmark issue; the run exits with status 1 when one is missed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAIRS = 3  # floor-then-notebook runs per notebook; the medians are compared


def measured_in_process(code: str, runs: int) -> list[float]:
    out = subprocess.run(
        [PYTHON, "-c", f"import json, time\n{code}\nprint(json.dumps(times))"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])[:runs]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def floor_notebook(notebook: Path) -> nbformat.NotebookNode:
    """A notebook that only imports pandas, matplotlib and ipywidgets, with as many code
    cells as ``notebook`` (the rest empty): nbval spends a few milliseconds on each cell
    whatever it holds, which a lesson in many small steps should not be charged for."""
    count = sum(cell.cell_type == "code" for cell in nbformat.read(notebook, as_version=4).cells)
    sources = ["import ipywidgets\nimport matplotlib.pyplot\nimport pandas"]
    return code_notebook(sources + ["pass"] * (count - 1))


def code_notebook(sources: list[str]) -> nbformat.NotebookNode:
    """A Python 3 notebook of one code cell for each of ``sources``."""
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source, id=f"c{i}") for i, source in enumerate(sources)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def nbval_seconds(notebook: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(notebook)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


EXPLORER_LOOP = """
import io

import ipywidgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from decl46 import widgets
names = ["Pyatakov", "Rosengolts", "Пятаков", "I. N. Smirnov", "Averin"]
quarters = None


def move_timeline(explorer, i):
    # Odd steps switch a category on or off; even steps move one end of the range with its
    # dropdown, as a student would (From, then To: 1 to 6 years apart).
    global quarters
    quarters = quarters or [value for _, value in explorer.start.options]
    if i % 2:
        box = explorer.categories["opposition"]
        box.value = not box.value
    elif i % 4 == 0:
        explorer.start.value = quarters[(7 * i) % 50]
    else:
        start = (7 * (i - 2)) % 50
        explorer.end.value = quarters[min(len(quarters) - 1, start + 4 + (5 * i) % 20)]


def picture_floor(explorer):
    # What any update of this explorer costs at least: draw an empty figure of the same
    # size and resolution, encode it as the explorer does, hand it to an Image widget.
    figure = explorer.live.figure
    empty = Figure(figsize=figure.get_size_inches(), dpi=figure.dpi)
    canvas, shown = FigureCanvasAgg(empty), ipywidgets.Image(format="png")

    def floor(i):
        canvas.draw()
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        shown.value = buffer.getvalue()

    return floor


def text_floor(explorer):
    # The reader shows HTML only: its floor is handing a page of the same text to an HTML
    # widget (two pages in turn, so that every assignment is a change).
    pages = []
    for i in (0, 1):
        explorer.paragraph.value = 4 + i
        pages.append(explorer.page.value)
    shown = ipywidgets.HTML()

    def floor(i):
        shown.value = pages[i % 2]

    return floor


cases = {
    "signatory": (widgets.SignatoryExplorer(), lambda e, i: e.look_up(names[i % len(names)]), picture_floor),
    "agreement": (widgets.AgreementExplorer(), lambda e, i: setattr(e.stance, "value", ["agrees", "agrees_with_reservations", "not_stated"][i % 3]), picture_floor),
    "timeline": (widgets.TimelineExplorer(), move_timeline, picture_floor),
    "reader": (widgets.Reader(), lambda e, i: setattr(e.paragraph, "value", 4 + i % 11), text_floor),
}
for name, (explorer, change, make_floor) in cases.items():
    floor = make_floor(explorer)
    change(explorer, 1)
    floor(1)
    samples, floors = [], []
    # Each update is paired with a floor run just before it: a machine that slows down
    # during the run moves both alike.
    for i in range(N):
        start = time.perf_counter()
        floor(i)
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        change(explorer, i)
        samples.append(time.perf_counter() - start)
    print(json.dumps({"name": name, "samples": samples, "floors": floors}), flush=True)
"""


WIDTH = 58  # of the "measure" column


def ms(value: float) -> str:
    """Milliseconds, with a decimal below 10 (a floor can be a fraction of one)."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def show(what: str, figure: str, target: str, met: bool) -> bool:
    """Print one row of the table at once, and say whether its target was met."""
    print(f"{what:{WIDTH}}  {figure:>34}  {target:>14}  {'yes' if met else 'NO'}", flush=True)
    return met


def main() -> int:
    print(f"{'measure':{WIDTH}}  {'figure':>34}  {'target':>14}  met", flush=True)
    met = []
    runs = 7

    # In each fresh process pandas is imported first, then decl46 is timed on its own:
    # what the kit adds, without the noise of comparing two sets of processes. Its floor:
    # the import of pandas itself in the same processes.
    after_pandas = (
        "start = time.perf_counter()\nimport pandas\nmiddle = time.perf_counter()\n"
        "import decl46\ntimes = [time.perf_counter() - middle, middle - start]"
    )
    imports = [measured_in_process(after_pandas, 2) for _ in range(runs)]
    extra_ms = 1000 * statistics.median(t[0] for t in imports)
    pandas_ms = 1000 * statistics.median(t[1] for t in imports)
    met.append(
        show(
            "import decl46 beyond import pandas, median (floor: pandas)",
            f"{extra_ms:.0f} ms ({pandas_ms:.0f})",
            "≤ 50 ms",
            extra_ms <= 50,
        )
    )

    # Its floor, in the same fresh process just before: pandas.read_csv of every table,
    # untyped and unchecked (what reading the files costs at least).
    load = (
        "import decl46, pandas\nfrom decl46.dataset import shipped_data_dir\n"
        "tables = sorted(p for p in shipped_data_dir().iterdir() if p.name.endswith('.csv'))\n"
        "start = time.perf_counter()\nfor p in tables: pandas.read_csv(p, dtype=str, keep_default_na=False)\n"
        "middle = time.perf_counter(); decl46.validate(); times = [time.perf_counter() - middle, middle - start]"
    )
    loads = [measured_in_process(load, 2) for _ in range(5)]
    cold_ms = 1000 * statistics.median(t[0] for t in loads)
    csv_ms = 1000 * statistics.median(t[1] for t in loads)
    met.append(
        show(
            "validate and load all tables, cold, median (floor: read_csv)",
            f"{cold_ms:.0f} ms ({csv_ms:.0f})",
            "≤ 100 ms",
            cold_ms <= 100,
        )
    )
    warm_code = (
        "import decl46\ndecl46.validate()\ntimes = []\n"
        "for _ in range(20):\n    s = time.perf_counter(); decl46.validate(); times.append(time.perf_counter() - s)"
    )
    warm_ms = 1000 * statistics.median(measured_in_process(warm_code, 20))
    show("validate and load all tables, warm (cached)", f"{warm_ms:.1f} ms", "-", True)

    # One line per explorer as soon as its 50 updates are measured.
    with subprocess.Popen(
        [PYTHON, "-c", "import json, time\nN = 50\n" + EXPLORER_LOOP],
        stdout=subprocess.PIPE,
        text=True,
    ) as explorers:
        for line in explorers.stdout:
            result = json.loads(line)
            samples, floors = result["samples"], result["floors"]
            p50, p95 = 1000 * percentile(samples, 0.5), 1000 * percentile(samples, 0.95)
            f50, f95 = 1000 * percentile(floors, 0.5), 1000 * percentile(floors, 0.95)
            met.append(
                show(
                    f"{result['name']} explorer update, p50 / p95 of 50 (floor)",
                    f"{ms(p50)} / {ms(p95)} ms ({ms(f50)} / {ms(f95)})",
                    "p95 ≤ 50 ms",
                    p95 <= 50,
                )
            )
    if explorers.returncode != 0:
        raise SystemExit("the explorer measurements failed")

    with tempfile.TemporaryDirectory() as tmp:
        # Each notebook run is paired with a floor run just before it, so that a machine
        # that slows down or speeds up during the benchmark moves both alike.
        for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
            floor_nb = Path(tmp) / f"floor_{notebook.stem}.ipynb"
            nbformat.write(floor_notebook(notebook), floor_nb)
            pairs = [(nbval_seconds(floor_nb), nbval_seconds(notebook)) for _ in range(PAIRS)]
            floor = statistics.median(f for f, _ in pairs)
            seconds = statistics.median(n for _, n in pairs)
            ratio = seconds / floor
            met.append(
                show(
                    f"{notebook.stem} under nbval (floor)",
                    f"{seconds:.2f} s = {ratio:.2f}× floor ({floor:.2f} s)",
                    "≤ 1.3× floor",
                    ratio <= 1.3,
                )
            )

    missed = met.count(False)
    print(f"{missed} of {len(met)} targets missed" if missed else f"all {len(met)} targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
