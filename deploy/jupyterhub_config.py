# JupyterHub for a class, on one machine: `make hub` starts it with this file.
#
# The teacher's account is made first (`make hub-teacher`); students sign up, the teacher
# approves them, and each gets a JupyterLab of their own that opens on the first lesson, in
# a home only they can read, with limits on memory, processes and open files; idle servers
# are stopped. The kit (the decl46 library, JupyterLab, Voilà) is the environment the hub
# itself runs from: `make hub` installs it from uv.lock into build/hub-env/. The parts that
# keep the class safe are in deploy/class_hub.py; docs/deploy.md ("Security") says what they
# guarantee, what they do not, and how they compare with The Littlest JupyterHub.
#
# The knobs a teacher or an administrator turns are the environment variables below, each
# named once; everything else is fixed here. See README.md ("For a class") and
# docs/deploy.md for the other routes (Binder, The Littlest JupyterHub, Kubernetes).

import ipaddress
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

KIT = Path(__file__).resolve().parent.parent  # this checkout
sys.path.insert(0, str(KIT / "deploy"))
from class_hub import (  # noqa: E402 (the hub's parts, beside this file)
    ClassAuthenticator,
    HubSetupError,
    StudentSpawner,
    check_homes,
    make_handins,
    private_state,
    separate,
    trusted,
)

# ---- knobs ------------------------------------------------------------------------------
# The hub's own state: its database (the accounts and their password hashes), its cookie
# secret and its pid files. Made 0700, readable by the hub alone.
STATE = Path(os.environ.get("DECL46_HUB_STATE", KIT / "build" / "hub" / "state"))
# The students' homes, one folder each (0700, the student's own). Not inside STATE.
HOMES = Path(os.environ.get("DECL46_HUB_HOMES", KIT / "build" / "hub" / "homes"))
# Where students hand in (the coding widget's "Hand in"): a drop folder per student, which
# only that student can write and only the teachers can read. Not inside STATE or HOMES.
HANDINS = Path(os.environ.get("DECL46_HUB_HANDINS", KIT / "build" / "hub" / "handins"))
# The address students open. 127.0.0.1 serves this machine only (or a reverse proxy on it
# that serves HTTPS to the room); any other address needs HTTPS, below.
IP = os.environ.get("DECL46_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("DECL46_HUB_PORT", "8000"))
# HTTPS with the school's certificate: the certificate (with its chain) and its key, both
# PEM files. The hub's proxy serves them; passwords never cross the room in clear.
SSL_CERT = os.environ.get("DECL46_HUB_SSL_CERT", "")
SSL_KEY = os.environ.get("DECL46_HUB_SSL_KEY", "")
# Set to 1 when a reverse proxy on another machine serves HTTPS in front of a hub that
# listens on a network address: the one case where the hub itself may speak plain HTTP.
BEHIND_PROXY = os.environ.get("DECL46_HUB_BEHIND_PROXY", "") == "1"
# The teachers: hub administrators, who approve sign-ups at /hub/authorize. Their accounts
# are made before the class with `make hub-teacher NAME=...` (deploy/hub_teacher.py); no
# one can sign up under these names.
TEACHERS = {t.strip().lower() for t in os.environ.get("DECL46_HUB_TEACHERS", "teacher").split(",")}
# Limits for each student: memory per process (their server and each kernel), processes
# and threads of the student together, open files per process.
MEM_LIMIT = os.environ.get("DECL46_HUB_MEM_LIMIT", "1G")
MAX_PROCESSES = int(os.environ.get("DECL46_HUB_MAX_PROCESSES", "256"))
MAX_OPEN_FILES = int(os.environ.get("DECL46_HUB_MAX_OPEN_FILES", "1024"))
# After 5 wrong passwords in a row for one name, that name may try once per this many
# seconds (the right password is refused too until then).
LOGIN_WAIT = int(os.environ.get("DECL46_HUB_LOGIN_WAIT", "300"))
# Each student's processes run as this number plus their hub id. No system account is
# created: the id only owns the student's home. Pick a range that no account on the
# machine (or in its directory service) uses; the hub refuses one that does.
UID_BASE = int(os.environ.get("DECL46_HUB_UID_BASE", "20000"))
# The group id the teachers' servers also run with, to read the students' hand-ins; a
# group no one on the machine uses (the hub refuses one that is taken).
TEACHERS_GID = int(os.environ.get("DECL46_HUB_TEACHERS_GID", str(UID_BASE - 1)))
# A student's server that has been idle this long (seconds) is stopped; their files stay.
IDLE_TIMEOUT = int(os.environ.get("DECL46_HUB_IDLE_TIMEOUT", "3600"))
# For tests only: when set, anyone signs in with this one shared password.
TEST_PASSWORD = os.environ.get("DECL46_HUB_TEST_PASSWORD")

# ---- fixed ------------------------------------------------------------------------------
BIN = Path(sys.executable).parent  # the environment the hub runs from, with the kit in it
FIRST_LESSON = "decl46/notebooks/00_start_here.ipynb"  # copied by deploy/student_server.py
STATE = trusted(STATE, "the state folder")
HOMES = trusted(HOMES, "the homes folder")
HANDINS = trusted(HANDINS, "the hand-in folder")
DATABASE = STATE / "jupyterhub.sqlite"

separate(HOMES, STATE)
separate(HANDINS, STATE)
separate(HANDINS, HOMES)
make_handins(HANDINS, TEACHERS_GID)
private_state(STATE, DATABASE)
check_homes(HOMES)
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.db_url = f"sqlite:///{DATABASE}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# configurable-http-proxy comes from the npm registry, pinned, into build/proxy (`make hub`).
c.ConfigurableHTTPProxy.command = [
    str(KIT / "build" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
]

# ---- HTTPS ------------------------------------------------------------------------------
if bool(SSL_CERT) != bool(SSL_KEY):
    raise HubSetupError("set both DECL46_HUB_SSL_CERT and DECL46_HUB_SSL_KEY, or neither")
if SSL_CERT:
    for knob, path in [("DECL46_HUB_SSL_CERT", SSL_CERT), ("DECL46_HUB_SSL_KEY", SSL_KEY)]:
        if not Path(path).is_file():
            raise HubSetupError(f"{knob}={path}: no such file")
    if Path(SSL_KEY).stat().st_mode & 0o004:
        raise HubSetupError(
            f"the key {SSL_KEY} can be read by every user of this machine: chmod o-r it"
        )
    c.JupyterHub.ssl_cert = SSL_CERT
    c.JupyterHub.ssl_key = SSL_KEY
elif (
    not BEHIND_PROXY
    and IP not in ("localhost",)
    and not (IP and ipaddress.ip_address(IP).is_loopback)
):
    raise HubSetupError(
        f"DECL46_HUB_IP={IP or '(every address)'} would send passwords across the network in "
        "clear: set DECL46_HUB_SSL_CERT and DECL46_HUB_SSL_KEY (the school's certificate), "
        "or DECL46_HUB_BEHIND_PROXY=1 if a reverse proxy serves HTTPS in front (docs/deploy.md)"
    )

# ---- who may sign in --------------------------------------------------------------------
# Names that are safe as a folder name and in an address: letters and digits of any
# script, then also ".", "_" or "-", at most 40 characters (never "." or "..").
c.Authenticator.username_pattern = r"^\w[\w.-]{0,39}$"
if TEST_PASSWORD:
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = TEST_PASSWORD
else:
    # Students sign up at /hub/signup with a name and a password; no one signs in until a
    # teacher approves them at /hub/authorize. A school with its own accounts uses its
    # OAuth provider instead (oauthenticator: Google, Azure AD, GitLab).
    c.JupyterHub.authenticator_class = ClassAuthenticator
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.minimum_password_length = 8
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    # NativeAuthenticator's own default wait is 0 (its help says 600, but the value is
    # not set): without this, the limit above would block nothing.
    c.NativeAuthenticator.seconds_before_next_try = LOGIN_WAIT
    import nativeauthenticator  # its sign-up and approval pages

    c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
# The authenticator itself admits only approved users, so the hub lets in whoever it admits.
c.Authenticator.allow_all = True
c.Authenticator.admin_users = TEACHERS


# ---- each student's own server ----------------------------------------------------------
# Voilà shows notebook 05 as `make app` does (deploy/voila.py): without the cells tagged
# app-hide. Set on Voilà's exporter only, so that JupyterLab's own exports keep every cell.
APP_ARGS = [
    "--VoilaExporter.TagRemovePreprocessor.enabled=True",
    "--VoilaExporter.TagRemovePreprocessor.remove_cell_tags=app-hide",
    # The kit's Voilà template (deploy/jupyter): no style sheets asked of a CDN.
    "--VoilaConfiguration.template=decl46",
]

c.JupyterHub.spawner_class = StudentSpawner
c.StudentSpawner.home_dir_template = str(HOMES / "{username}")
c.StudentSpawner.uid_base = UID_BASE
c.StudentSpawner.max_processes = MAX_PROCESSES
c.StudentSpawner.max_open_files = MAX_OPEN_FILES
c.StudentSpawner.handins = str(HANDINS)
c.StudentSpawner.teachers_gid = TEACHERS_GID
# The student's first process copies the lessons into their home, as the student, then
# becomes their JupyterLab server (deploy/student_server.py).
c.Spawner.cmd = [
    str(BIN / "python"),
    str(KIT / "deploy" / "student_server.py"),
    str(BIN / "jupyterhub-singleuser"),
]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/{FIRST_LESSON}"
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.environment = {
    # The hub's environment: its Python, its Jupyter, the kit installed from the lock.
    "PATH": f"{BIN}:/usr/bin:/bin",
    "JUPYTER_PLATFORM_DIRS": "1",
    "JUPYTER_PATH": str(KIT / "deploy" / "jupyter"),
    # The memory limit is an address-space limit: glibc would reserve 64 MiB of it for each
    # of a kernel's 17 threads (1.2 GB reserved for 160 MB used); two arenas keep it near
    # what is used (500 MB).
    "MALLOC_ARENA_MAX": "2",
    # Buffers of 128 KiB or more (a chart's pixels, a decoded picture) are mapped on their
    # own and given back when freed: glibc otherwise raises this threshold after the first
    # such free and keeps later ones in its heap (4 MiB more for a kernel of notebook 05).
    "MALLOC_MMAP_THRESHOLD_": "131072",
    # One thread for the numeric libraries: pools sized by the machine's cores would make a
    # kernel's threads, which count toward the student's limit on processes, grow with the
    # machine (a 64-core server: 63 more per kernel), and let one student's numpy take
    # every core. The lessons' arrays are small: nothing is slower for it.
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
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
