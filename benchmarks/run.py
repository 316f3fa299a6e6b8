"""Measure the kit's speed against floors measured in the same run; print a table.

Run with `make bench` (not part of `make test`). Each figure is compared with what cannot
be avoided on this machine at this moment: a notebook with a notebook that only imports
pandas, matplotlib and ipywidgets, run just before it; `import decl46` is timed in a fresh
process that has already imported pandas. Targets are those of the project's benchmark
issue.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


cases = {
    "signatory": (widgets.SignatoryExplorer(), lambda e, i: e.look_up(names[i % len(names)])),
    "agreement": (widgets.AgreementExplorer(), lambda e, i: setattr(e.stance, "value", ["agrees", "agrees_with_reservations", "not_stated"][i % 3])),
    "timeline": (widgets.TimelineExplorer(), move_timeline),
    "reader": (widgets.Reader(), lambda e, i: setattr(e.paragraph, "value", 4 + i % 11)),
}
times = {}
for name, (explorer, change) in cases.items():
    change(explorer, 1)
    samples, floor = [], []
    live = getattr(explorer, "live", None)
    for i in range(N):
        start = time.perf_counter()
        change(explorer, i)
        samples.append(time.perf_counter() - start)
        # The floor, measured just after each update: putting back the kept frame and
        # encoding it, which any redraw of this chart pays however little changes.
        if live is not None:
            start = time.perf_counter()
            live.png()
            floor.append(time.perf_counter() - start)
    times[name] = samples
    times[name + " floor"] = floor
"""


def main() -> None:
    rows = []  # (what, figure, target, met)
    runs = 7

    # In each fresh process pandas is imported first, then decl46 is timed on its own:
    # what the kit adds, without the noise of comparing two sets of processes.
    after_pandas = "import pandas\nstart = time.perf_counter()\nimport decl46\ntimes = [time.perf_counter() - start]"
    extra_ms = 1000 * statistics.median(
        measured_in_process(after_pandas, 1)[0] for _ in range(runs)
    )
    rows.append(
        (
            "import decl46 beyond import pandas (median)",
            f"{extra_ms:.0f} ms",
            "≤ 50 ms",
            extra_ms <= 50,
        )
    )

    load = "import decl46\nstart = time.perf_counter(); decl46.validate(); times = [time.perf_counter() - start]"
    cold = [measured_in_process(load, 1)[0] for _ in range(5)]
    cold_ms = 1000 * statistics.median(cold)
    rows.append(
        (
            "validate and load all tables, cold (fresh process)",
            f"{cold_ms:.0f} ms",
            "≤ 100 ms",
            cold_ms <= 100,
        )
    )
    warm_code = (
        "import decl46\ndecl46.validate()\ntimes = []\n"
        "for _ in range(20):\n    s = time.perf_counter(); decl46.validate(); times.append(time.perf_counter() - s)"
    )
    warm_ms = 1000 * statistics.median(measured_in_process(warm_code, 20))
    rows.append(("validate and load all tables, warm (cached)", f"{warm_ms:.1f} ms", "-", True))

    out = subprocess.run(
        [
            PYTHON,
            "-c",
            "import json, time\nN = 50\n" + EXPLORER_LOOP + "\nprint(json.dumps(times))",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    for name, samples in measured.items():
        if name.endswith(" floor"):
            continue
        p50, p95 = 1000 * percentile(samples, 0.5), 1000 * percentile(samples, 0.95)
        floor = measured[name + " floor"]
        rows.append(
            (
                f"{name} explorer update, p50 / p95 of 50",
                f"{p50:.0f} / {p95:.0f} ms",
                "p95 ≤ 50 ms",
                p95 <= 50,
            )
        )
        if floor:
            rows.append(
                (
                    "  floor: its chart re-encoded unchanged, p50 / p95",
                    f"{1000 * percentile(floor, 0.5):.0f} / {1000 * percentile(floor, 0.95):.0f} ms",
                    "-",
                    True,
                )
            )

    with tempfile.TemporaryDirectory() as tmp:
        floor_nb = Path(tmp) / "floor.ipynb"
        floor_nb.write_text(
            json.dumps(
                {
                    "cells": [
                        {
                            "cell_type": "code",
                            "execution_count": 1,
                            "id": "floor",
                            "metadata": {},
                            "outputs": [],
                            "source": "import ipywidgets\nimport matplotlib.pyplot\nimport pandas",
                        }
                    ],
                    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                    "nbformat": 4,
                    "nbformat_minor": 5,
                }
            ),
            encoding="utf-8",
        )
        # Each notebook run is paired with a floor run just before it, so that a machine
        # that slows down or speeds up during the benchmark moves both alike.
        floors = []
        for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
            pairs = [(nbval_seconds(floor_nb), nbval_seconds(notebook)) for _ in range(PAIRS)]
            floor = statistics.median(f for f, _ in pairs)
            seconds = statistics.median(n for _, n in pairs)
            floors.append(floor)
            ratio = seconds / floor
            rows.append(
                (
                    f"{notebook.stem} under nbval",
                    f"{seconds:.2f} s = {ratio:.2f}× floor",
                    "≤ 1.3× floor",
                    ratio <= 1.3,
                )
            )

        rows.append(
            (
                "floor notebook under nbval (imports only), range",
                f"{min(floors):.2f}–{max(floors):.2f} s",
                "-",
                True,
            )
        )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'figure':>24}  {'target':>14}  met")
    for what, figure, target, met in rows:
        print(f"{what:{width}}  {figure:>24}  {target:>14}  {'yes' if met else 'NO'}")


if __name__ == "__main__":
    main()
