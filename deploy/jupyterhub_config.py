# JupyterHub for a class, on one machine: `make hub` starts it with this file.
#
# Every student signs up, the teacher approves them, and each gets a JupyterLab of their own
# that opens on the first lesson, in a home only they can read, with a memory limit; idle
# servers are stopped. The kit (the decl46 library, JupyterLab, Voilà) is the environment
# the hub itself runs from: `make hub` installs it from uv.lock into build/hub-env/.
#
# The knobs a teacher or an administrator turns are the environment variables below, each
# named once; everything else is fixed here. See README.md ("For a class") and
# docs/deploy.md for the other routes (Binder, The Littlest JupyterHub, Kubernetes).

import os
import resource
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # noqa: F821 (JupyterHub provides it)

# ---- knobs ------------------------------------------------------------------------------
# Where the hub keeps its state: its database, its cookie secret and the students' homes.
STATE = Path(os.environ.get("DECL46_HUB_STATE", Path.cwd() / "build" / "hub")).resolve()
# The address students open. 127.0.0.1 serves this machine only; 0.0.0.0 serves the room
# (put it behind HTTPS first, e.g. a reverse proxy, since passwords travel to it).
IP = os.environ.get("DECL46_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("DECL46_HUB_PORT", "8000"))
# The teachers: hub administrators, who approve sign-ups at /hub/authorize. A teacher
# signs up under one of these names right after the first start (whoever signs up first
# under a teacher's name is that teacher); their account needs no approval.
TEACHERS = set(os.environ.get("DECL46_HUB_TEACHERS", "teacher").split(","))
# Memory one student's processes may each take (their server, and each of their kernels).
MEM_LIMIT = os.environ.get("DECL46_HUB_MEM_LIMIT", "1G")
# A student's server that has been idle this long (seconds) is stopped; their files stay.
IDLE_TIMEOUT = int(os.environ.get("DECL46_HUB_IDLE_TIMEOUT", "3600"))
# For tests only: when set, anyone signs in with this one shared password.
TEST_PASSWORD = os.environ.get("DECL46_HUB_TEST_PASSWORD")

# ---- fixed ------------------------------------------------------------------------------
KIT = Path(__file__).resolve().parent.parent  # this checkout
BIN = Path(sys.executable).parent  # the environment the hub runs from, with the kit in it
HOMES = STATE / "homes"
LESSONS = "decl46"  # the folder in each home that holds the lessons (as nbgitpuller names it)
FIRST_LESSON = f"{LESSONS}/notebooks/00_start_here.ipynb"
# The codebook and the teacher guide, copied with the lessons.
GUIDES = ["data/README.md", "docs/teacher_guide.md"]
# Each student's processes run as a user id of their own, this number plus their hub id.
# No system account is created: the id only owns the student's home. Pick a range that no
# account on the machine (or in its directory service) uses.
UID_BASE = 20000

STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# configurable-http-proxy comes from the npm registry, pinned, into build/proxy (`make hub`).
c.ConfigurableHTTPProxy.command = [
    str(KIT / "build" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
]

# ---- who may sign in --------------------------------------------------------------------
if TEST_PASSWORD:
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = TEST_PASSWORD
else:
    # NativeAuthenticator: students sign up at /hub/signup with a name and a password; no
    # one signs in until a teacher approves them at /hub/authorize. A school with its own
    # accounts uses its OAuth provider instead (oauthenticator: Google, Azure AD, GitLab).
    c.JupyterHub.authenticator_class = "native"
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.minimum_password_length = 8
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    import nativeauthenticator  # its sign-up and approval pages

    c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
# The authenticator itself admits only approved users, so the hub lets in whoever it admits.
c.Authenticator.allow_all = True
c.Authenticator.admin_users = TEACHERS


# ---- each student's own server ----------------------------------------------------------
class StudentSpawner(SimpleLocalProcessSpawner):
    """A student's JupyterLab as a local process, in their own home, as their own user id.

    JupyterHub's LocalProcessSpawner needs a system account per student (TLJH creates them:
    ``jupyter-<name>``). Here the hub runs as root and gives each student a numeric user id
    with no account: their home (mode 0700) belongs to that id, so one student's kernel cannot
    read another's files, and nobody has to create users on the machine. Run as a normal
    user, the hub cannot change ids: the servers then run as that user (fine for trying it
    out alone, not for a class). Each process gets an address-space limit of ``mem_limit``
    (an rlimit, per process); a limit on everything a student runs together is a cgroup's
    job: systemdspawner (what TLJH uses) or Kubernetes.
    """

    def uid(self) -> int:
        return UID_BASE + self.user.id

    async def start(self):
        home = Path(self.home_dir)
        if not (home / LESSONS).exists():
            # The lessons, copied once; a student's changes are never overwritten. On a hub
            # with internet access, the nbgitpuller link (README) keeps them up to date.
            shutil.copytree(KIT / "notebooks", home / LESSONS / "notebooks")
            for guide in GUIDES:  # what the notebooks point to, beside them as in the kit
                (home / LESSONS / guide).parent.mkdir(exist_ok=True)
                shutil.copyfile(KIT / guide, home / LESSONS / guide)
        HOMES.chmod(0o711)  # students can reach their own home, not list the others
        if os.getuid() == 0:
            for path in [home, *home.rglob("*")]:
                os.chown(path, self.uid(), self.uid(), follow_symlinks=False)
            home.chmod(0o700)
        return await super().start()

    def make_preexec_fn(self, name):
        home, uid, limit = self.home_dir, self.uid(), self.mem_limit

        def preexec():
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            if os.getuid() == 0:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            os.chdir(home)

        return preexec


# Voilà shows notebook 05 as `make app` does (deploy/voila.py): without the cells tagged
# app-hide. Set on Voilà's exporter only, so that JupyterLab's own exports keep every cell.
APP_ARGS = [
    "--VoilaExporter.TagRemovePreprocessor.enabled=True",
    "--VoilaExporter.TagRemovePreprocessor.remove_cell_tags=app-hide",
]

c.JupyterHub.spawner_class = StudentSpawner
c.StudentSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/{FIRST_LESSON}"
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.environment = {
    # The hub's environment: its Python, its Jupyter, the kit installed from the lock.
    "PATH": f"{BIN}:/usr/bin:/bin",
    "JUPYTER_PLATFORM_DIRS": "1",
    # The memory limit is an address-space limit: glibc would reserve 64 MiB of it for each
    # of a kernel's 17 threads (1.2 GB reserved for 160 MB used); two arenas keep it near
    # what is used (500 MB).
    "MALLOC_ARENA_MAX": "2",
    # Buffers of 128 KiB or more (a chart's pixels, a decoded picture) are mapped on their
    # own and given back when freed: glibc otherwise raises this threshold after the first
    # such free and keeps later ones in its heap (4 MiB more for a kernel of notebook 05).
    "MALLOC_MMAP_THRESHOLD_": "131072",
}
c.Spawner.args = [
    # No news or update pop-ups over a student's lesson.
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    # Idle kernels (a closed tab) are stopped after 20 minutes, so a class does not keep
    # a kernel per notebook ever opened; the culler below stops whole idle servers.
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=60",
    # Voilà at /user/<name>/voila/render/decl46/notebooks/05_explorer.ipynb starts one
    # kernel per page; it is culled like any other. No preheated pool here: a pool per
    # student would double every student's memory (deploy/voila.py has the shared app).
    *APP_ARGS,
]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60

# ---- stop what is idle ------------------------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            str(BIN / "python"),
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={IDLE_TIMEOUT}",
            "--cull-every=300",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
