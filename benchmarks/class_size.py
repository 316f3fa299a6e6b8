"""What a class costs: memory per student and time to interactive widgets, against floors.

Run with `make bench-class` (not part of `make test`). Each figure is compared with a floor
measured in the same run on the same machine:

- memory of a JupyterLab kernel that has run each notebook, against a bare kernel that has
  only imported pandas and matplotlib (pyplot, inline backend);
- memory of one Voilà visitor of the explorer, and its time from request to interactive
  widgets (the name box drawn) in chromium, against a bare Voilà notebook that imports
  pandas, matplotlib and ipywidgets and shows one text box;
- the same visitor with deploy/voila.py (preheated kernels), as `make app` serves it;
- the memory of a class of 30 on one hub, from the measured parts.

Memory is the kernel's resident set (RSS) and its private part (USS: pages no other
process shares, which is what each further student adds). Kernels get MALLOC_ARENA_MAX=2
and MALLOC_MMAP_THRESHOLD_=131072, as on the hub and in the app.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from run import code_notebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from servers import CHROMIUM, CHROMIUM_ARGS, free_port, isolated_env  # noqa: E402

BIN = Path(sys.executable).parent
CLASS = 30
RUNS = 3  # page loads per Voilà case; the median is kept
os.environ["MALLOC_ARENA_MAX"] = "2"
os.environ["MALLOC_MMAP_THRESHOLD_"] = "131072"


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, USS) of a process in MiB, from /proc/<pid>/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return fields["Rss"] / 1024, uss / 1024


KERNEL_FLOOR = ["import pandas\nimport matplotlib.pyplot as plt\n%matplotlib inline"]
VOILA_FLOOR = [
    "import pandas\nimport matplotlib.pyplot\nimport ipywidgets",
    'ipywidgets.Text(placeholder="Type a name")',
]


def kernel_memory(path: Path) -> tuple[float, float]:
    """Run a notebook in a fresh kernel, as a student who runs every cell; its memory after."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={})
    with client.setup_kernel(cwd=tempfile.mkdtemp()):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        time.sleep(1)
        return memory_mib(client.km.provisioner.process.pid)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def voila_visits(path: Path, page_of, config: bool, box: str) -> tuple[float, float, float]:
    """Median time to interactive over RUNS fresh page loads; memory of one visitor's kernel."""
    port = free_port()
    home = Path(tempfile.mkdtemp())
    command = [str(BIN / "voila"), str(path), "--no-browser", f"--port={port}"]
    command += ["--Voila.ip=127.0.0.1"]
    if config:
        command += [f"--Voila.config_file_paths={ROOT / 'deploy'}"]
    env = isolated_env(home)
    with (home / "voila.log").open("w") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                import urllib.request

                urllib.request.urlopen(url + "static/", timeout=2)
            except OSError as error:
                if getattr(error, "code", None):
                    break
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
                continue
            break
        if config:
            time.sleep(25)  # let the pool of preheated kernels fill, as before a lesson
        seconds, rss, uss = [], 0.0, 0.0
        for _ in range(RUNS):
            page = page_of()
            start = time.perf_counter()
            page.goto(url)
            page.locator(box).wait_for(timeout=120_000)
            seconds.append(time.perf_counter() - start)
            time.sleep(1.5)
            kernels = children(server.pid)
            rss, uss = max(memory_mib(k) for k in kernels)
            page.context.close()
            if config:
                time.sleep(12)  # the pool refills before the next visitor
        return statistics.median(seconds), rss, uss
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def server_memory() -> tuple[float, float]:
    """A student's idle JupyterLab server (what jupyterhub-singleuser runs), in MiB."""
    port = free_port()
    home = Path(tempfile.mkdtemp())
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}"]
    command += ["--ip=127.0.0.1", "--IdentityProvider.token=bench", f"--ServerApp.root_dir={home}"]
    with (home / "lab.log").open("w") as log:
        server = subprocess.Popen(
            command,
            env=isolated_env(home),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        import urllib.request

        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token=bench", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        # What a browser asks for when JupyterLab opens, so the server has loaded it all.
        for path in ["lab", "api/kernelspecs", "lab/api/settings", "api/contents"]:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}?token=bench", timeout=30)
        time.sleep(2)
        return memory_mib(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def main() -> None:
    from playwright.sync_api import sync_playwright

    rows = []  # (what, figure, target, met)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        nbformat.write(code_notebook(KERNEL_FLOOR), tmp / "kernel_floor.ipynb")
        nbformat.write(code_notebook(VOILA_FLOOR), tmp / "voila_floor.ipynb")

        floor_rss, floor_uss = kernel_memory(tmp / "kernel_floor.ipynb")
        print(f"kernel floor: {floor_rss:.0f} MiB RSS, {floor_uss:.0f} MiB USS", flush=True)
        rows.append(
            (
                "bare kernel (pandas, matplotlib): RSS / USS",
                f"{floor_rss:.0f} / {floor_uss:.0f} MiB",
                "-",
                True,
            )
        )
        kernels = {}
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            rss, uss = kernel_memory(path)
            kernels[path.stem] = (rss, uss)
            ratio = rss / floor_rss
            print(f"{path.stem}: {rss:.0f} MiB RSS ({ratio:.2f}× floor), {uss:.0f} USS", flush=True)
            target = "≤ 1.2× floor" if path.stem.startswith("05") else "-"
            rows.append(
                (
                    f"kernel after {path.stem}: RSS / USS",
                    f"{rss:.0f} / {uss:.0f} MiB = {ratio:.2f}×",
                    target,
                    ratio <= 1.2 or not path.stem.startswith("05"),
                )
            )

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def page_of():
                return browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()

            floor_s, v_floor_rss, _ = voila_visits(
                tmp / "voila_floor.ipynb", page_of, False, "input[placeholder='Type a name']"
            )
            print(f"voila floor: {floor_s:.2f} s, {v_floor_rss:.0f} MiB", flush=True)
            explorer = ROOT / "notebooks" / "05_explorer.ipynb"
            name_box = "input[placeholder^='Type a name in any spelling']"
            cold_s, v_rss, v_uss = voila_visits(explorer, page_of, False, name_box)
            print(f"voila explorer: {cold_s:.2f} s, {v_rss:.0f} MiB", flush=True)
            warm_s, w_rss, _ = voila_visits(explorer, page_of, True, name_box)
            print(f"voila explorer preheated: {warm_s:.2f} s, {w_rss:.0f} MiB", flush=True)
            browser.close()

        rows.append(
            (
                "bare Voilà notebook: time to interactive, kernel RSS",
                f"{floor_s:.2f} s, {v_floor_rss:.0f} MiB",
                "-",
                True,
            )
        )
        ratio = cold_s / floor_s
        rows.append(
            (
                "Voilà explorer visitor: time to interactive",
                f"{cold_s:.2f} s = {ratio:.2f}×",
                "≤ 1.5× floor",
                ratio <= 1.5,
            )
        )
        rows.append(
            (
                "Voilà explorer visitor: kernel RSS / USS",
                f"{v_rss:.0f} / {v_uss:.0f} MiB = {v_rss / v_floor_rss:.2f}×",
                "-",
                True,
            )
        )
        rows.append(
            (
                "Voilà explorer, preheated (make app): time to interactive",
                f"{warm_s:.2f} s = {warm_s / floor_s:.2f}×",
                "≤ 1.5× floor",
                warm_s / floor_s <= 1.5,
            )
        )

        s_rss, s_uss = server_memory()
        rows.append(
            (
                "a student's JupyterLab server, idle: RSS / USS",
                f"{s_rss:.0f} / {s_uss:.0f} MiB",
                "-",
                True,
            )
        )
        k_rss, k_uss = kernels["05_explorer"]
        # Each further student adds their private pages; the shared ones (libraries) count once.
        hub = CLASS * (k_uss + s_uss) + (k_rss - k_uss) + (s_rss - s_uss)
        rows.append(
            (
                f"hub, {CLASS} students each with notebook 05 open",
                f"{hub / 1024:.1f} GiB",
                "-",
                True,
            )
        )
        app = CLASS * v_uss + (v_rss - v_uss)
        rows.append(
            (f"Voilà app, {CLASS} visitors of the explorer", f"{app / 1024:.1f} GiB", "-", True)
        )

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':{width}}  {'figure':>26}  {'target':>13}  met")
    for what, figure, target, met in rows:
        print(f"{what:{width}}  {figure:>26}  {target:>13}  {'yes' if met else 'NO'}")


if __name__ == "__main__":
    main()
