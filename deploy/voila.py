# The explorer app for a class: `make app` serves notebooks/05_explorer.ipynb with this file.
#
# One Voilà server, one kernel per visitor. Three things make it fit a class: kernels that
# have already run the notebook wait for the next visitors (a page then shows at once), a
# cap on the kernels alive at once (a full machine says so instead of swapping), and idle
# kernels are stopped (a tab left open over the weekend does not hold memory). The knobs are
# the environment variables below, each named once. Measured sizes: docs/deploy.md.
#
# The app shows the explorers only: the cells of the notebook tagged "app-hide" (its
# introduction, exercises, solutions and the instructions meant for JupyterLab) are removed
# before it runs, by nbconvert's TagRemovePreprocessor in Voilà's exporter. Each student's
# Voilà on the hub does the same (APP_ARGS in deploy/jupyterhub_config.py).

import os
from pathlib import Path

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError

c = get_config()  # noqa: F821 (Voilà provides it)

# ---- knobs ------------------------------------------------------------------------------
# Kernels kept ready, having run the notebook, for the next visitors. Each costs what a
# visitor costs (docs/deploy.md), so keep it at the number who arrive at the same moment.
POOL = int(os.environ.get("DECL46_APP_POOL", "2"))
# The most kernels alive at once, ready ones included: the class, plus the pool.
MAX_KERNELS = int(os.environ.get("DECL46_APP_MAX_KERNELS", "40"))
# A kernel whose page has been idle this long (seconds) is stopped; reloading starts anew.
IDLE_TIMEOUT = int(os.environ.get("DECL46_APP_IDLE_TIMEOUT", "1800"))


# ---- fixed ------------------------------------------------------------------------------
class CappedKernelManager(AsyncMappingKernelManager):
    """Refuses a new kernel when ``MAX_KERNELS`` are alive: the visitor gets a 503 page that
    says the app is full, and the kernels already running keep their memory."""

    async def start_kernel(self, *args, **kwargs):
        if len(self.list_kernel_ids()) >= MAX_KERNELS:
            full = f"The explorer is full ({MAX_KERNELS} kernels running): try again soon"
            raise HTTPError(503, reason=full)
        return await super().start_kernel(*args, **kwargs)


# The page: Voilà's lab template without the style sheets it asks a CDN for
# (deploy/jupyter/voila/templates/decl46), so that nothing leaves the machine.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    filter(None, [str(Path(__file__).resolve().parent / "jupyter"), os.environ.get("JUPYTER_PATH")])
)
c.VoilaConfiguration.template = "decl46"
c.VoilaExporter.TagRemovePreprocessor.enabled = True
c.VoilaExporter.TagRemovePreprocessor.remove_cell_tags = {"app-hide"}
c.VoilaConfiguration.multi_kernel_manager_class = CappedKernelManager
c.VoilaConfiguration.preheat_kernel = POOL > 0
c.VoilaConfiguration.default_pool_size = POOL
c.MappingKernelManager.cull_idle_timeout = IDLE_TIMEOUT
c.MappingKernelManager.cull_interval = 60
# An open page whose widgets nobody has touched for IDLE_TIMEOUT is stopped too.
c.MappingKernelManager.cull_connected = True
# Kernels use two malloc arenas and give big freed buffers back, as on the hub
# (deploy/jupyterhub_config.py): less memory reserved and kept per kernel for the same work.
os.environ.setdefault("MALLOC_ARENA_MAX", "2")
os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", "131072")
