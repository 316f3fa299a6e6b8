# The explorer app for a class: `make app` serves notebooks/05_explorer.ipynb with this file.
#
# One Voilà server, one kernel per visitor. Four things make it fit a class: kernels that
# have already run the notebook wait for the next visitors (a page then shows at once), a
# cap on the kernels alive at once (a full machine says so instead of swapping), a cap on
# the kernels of one visitor (no one can take every kernel and lock the class out), and
# idle kernels are stopped (a tab left open over the weekend does not hold memory). The
# knobs are the environment variables below, each named once. Measured sizes and what the
# caps guarantee: docs/deploy.md.
#
# The app shows the explorers only: the cells of the notebook tagged "app-hide" (its
# introduction, exercises, solutions and the instructions meant for JupyterLab) are removed
# before it runs, by nbconvert's TagRemovePreprocessor in Voilà's exporter. Each student's
# Voilà on the hub does the same (APP_ARGS in deploy/jupyterhub_config.py).

import asyncio
import ipaddress
import os
from pathlib import Path

from jupyter_server.base.call_context import CallContext
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError

c = get_config()  # noqa: F821 (Voilà provides it)

# ---- knobs ------------------------------------------------------------------------------
# Kernels kept ready, having run the notebook, for the next visitors. Each costs what a
# visitor costs (docs/deploy.md), so keep it at the number who arrive at the same moment.
POOL = int(os.environ.get("DECL46_APP_POOL", "2"))
# The most kernels alive at once, ready ones included: the class, plus the pool.
MAX_KERNELS = int(os.environ.get("DECL46_APP_MAX_KERNELS", "40"))
# The most kernels one visitor may hold at once (one per open page of the app). A visitor
# is an address: the browser's, or, behind a reverse proxy named below, the one the proxy
# reports. Where a whole class reaches the app from one address (a school's NAT in front
# of an app on the internet), raise it to the class size or serve the app on the hub.
PER_VISITOR = int(os.environ.get("DECL46_APP_KERNELS_PER_VISITOR", "3"))
# The addresses of reverse proxies in front of the app (comma-separated), whose
# X-Forwarded-For header names the visitor; from any other address the header is ignored.
TRUSTED_PROXIES = {
    ipaddress.ip_address(a.strip())
    for a in os.environ.get("DECL46_APP_TRUSTED_PROXIES", "").split(",")
    if a.strip()
}
# Seconds a visitor at their cap waits for a kernel they just gave back (a reloaded page).
ADMIT_WAIT = 2
# A kernel whose page has been idle this long (seconds) is stopped; reloading starts anew.
IDLE_TIMEOUT = int(os.environ.get("DECL46_APP_IDLE_TIMEOUT", "1800"))


# ---- fixed ------------------------------------------------------------------------------
def visitor() -> str | None:
    """The address of the visitor whose request is being served (None outside a request):
    Jupyter Server keeps the request's handler in a context variable for everything the
    request calls, down to the kernel manager."""
    handler = CallContext.get(CallContext.JUPYTER_HANDLER)
    if handler is None:
        return None
    address = handler.request.remote_ip
    forwarded = handler.request.headers.get("X-Forwarded-For", "")
    with_proxy = forwarded and address and ipaddress.ip_address(address) in TRUSTED_PROXIES
    # The proxy appends the address it saw to the header: the last entry is the one it vouches for.
    return forwarded.split(",")[-1].strip() if with_proxy else address


class CappedKernelManager(AsyncMappingKernelManager):
    """Refuses a new kernel when ``MAX_KERNELS`` are alive (the visitor gets a 503 page that
    says the app is full), or when the visitor already holds ``PER_VISITOR`` (a 429 page that
    says to close one): the kernels already running keep their memory, and one visitor
    cannot take every kernel. A visitor's kernel is one started for their page, or a ready
    one handed to them from the pool; it stops being theirs when it stops (page closed,
    idle, or shut down)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._visitor_of: dict[str, str] = {}
        # With a pool, Voilà hands a visitor a ready kernel in get_rendered_notebook (of the
        # class it builds on this one); that is where the visitor's cap applies.
        handed_out = getattr(self, "get_rendered_notebook", None)
        if handed_out is not None:

            async def get_rendered_notebook(*args, **kwargs):
                who = visitor()
                await self._admit(who)
                task, rendered, kernel_id = await handed_out(*args, **kwargs)
                self._visitor_of[kernel_id] = who
                return task, rendered, kernel_id

            self.get_rendered_notebook = get_rendered_notebook

    async def _admit(self, who: str | None) -> None:
        """Let the visitor have one more kernel, or refuse with a page that says why. A page
        being reloaded asks for its new kernel while the old one's shutdown may still be on
        its way: a visitor at the cap is given a moment for it before being refused."""
        if who is None:
            return
        for _ in range(ADMIT_WAIT * 10):
            alive = set(self.list_kernel_ids())
            self._visitor_of = {k: v for k, v in self._visitor_of.items() if k in alive}
            held = sum(owner == who for owner in self._visitor_of.values())
            if held < PER_VISITOR:
                return
            await asyncio.sleep(0.1)
        raise HTTPError(
            429,
            reason=f"You already have {held} pages of the explorer open (at most "
            f"{PER_VISITOR} at once): close one, then reload this page",
        )

    async def start_kernel(self, *args, **kwargs):
        if len(self.list_kernel_ids()) >= MAX_KERNELS:
            full = f"The explorer is full ({MAX_KERNELS} kernels running): try again soon"
            raise HTTPError(503, reason=full)
        # A kernel for the pool is started with VOILA_PREHEAT=True and belongs to no one
        # until it is handed out; one started for a visitor's page is theirs at once.
        for_a_page = kwargs.get("env", {}).get("VOILA_PREHEAT") != "True"
        who = visitor() if for_a_page else None
        await self._admit(who)
        kernel_id = await super().start_kernel(*args, **kwargs)
        if who is not None:
            self._visitor_of[kernel_id] = who
        return kernel_id

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._visitor_of.pop(kernel_id, None)  # no longer the visitor's, from the first moment
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


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
# A closed or reloaded page asks Voilà to stop its kernel, without the XSRF token that
# Jupyter Server wants on every POST (Voilà 0.5 sends none: voila-dashboards/voila#1458),
# so every such kernel would stay until the idle cull, and count against its visitor's cap.
# The app has no sign-in, so there is nothing for a cross-site request to borrow: the check
# protects nothing here, and is off.
c.Voila.tornado_settings = {"disable_check_xsrf": True}
c.MappingKernelManager.cull_idle_timeout = IDLE_TIMEOUT
c.MappingKernelManager.cull_interval = 60
# An open page whose widgets nobody has touched for IDLE_TIMEOUT is stopped too.
c.MappingKernelManager.cull_connected = True
# Kernels use two malloc arenas and give big freed buffers back, as on the hub
# (deploy/jupyterhub_config.py): less memory reserved and kept per kernel for the same work.
os.environ.setdefault("MALLOC_ARENA_MAX", "2")
os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", "131072")
