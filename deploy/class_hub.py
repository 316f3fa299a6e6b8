"""The parts of the kit's hub that keep a class safe (deploy/jupyterhub_config.py uses them).

- ``StudentSpawner``: each student's JupyterLab as a local process under a user id of its own,
  with limits on memory, processes and open files. As root it makes a new home (an empty
  folder in a folder only root writes) and nothing else: it never reads, copies, changes
  the owner of or deletes anything inside a home. The lessons are copied by the student's
  own first process, already under the student's id (deploy/student_server.py). Every
  process of that id is ended when the server stops and before it starts again, so nothing
  a student started outlives their server.
- ``ClassAuthenticator``: NativeAuthenticator (sign-up, a teacher approves) in which the
  teachers' names are reserved: their accounts are made before the class by
  deploy/hub_teacher.py, never by a sign-up, and a password reset by that command counts at
  once, also while the hub runs.
- ``trusted``, ``private_state``, ``check_homes``: the hub's state folder is the hub's
  alone (0700, its database 0600), and neither it nor the folder of homes lies where a
  student could replace it.

Nothing here is specific to the kit's lessons; docs/deploy.md ("Security") says what this
guarantees and what it does not.
"""

from __future__ import annotations

import asyncio
import ctypes
import grp
import os
import pwd
import resource
import stat
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo
from traitlets import Integer, Unicode


class HubSetupError(SystemExit):
    """A setting or a folder the hub must not run with; the message says what to change."""

    def __init__(self, message: str):
        super().__init__(f"decl46 hub: {message}")


# ---- the hub's own state ----------------------------------------------------------------
def trusted(path: Path, what: str, depth: int = 0) -> Path:
    """``path`` with every link in it resolved, once it is known that no student can change
    where it leads: each part of it that exists belongs to root or to the hub's user (a link
    too), and no folder on the way can be written by any user unless it has the sticky bit
    of /tmp (in which others may add entries but not rename or remove the hub's). What does
    not exist yet is made later by the hub, under a folder that passed."""
    owners = {0, os.geteuid()}
    path = Path(os.path.abspath(path))
    current = Path(path.anchor)
    for index, part in enumerate(path.parts[1:], start=1):
        step = current / part
        try:
            info = step.lstat()
        except FileNotFoundError:
            return current.joinpath(*path.parts[index:])
        if info.st_uid not in owners:
            raise HubSetupError(
                f"{what} {path}: {step} belongs to user id {info.st_uid}, who could change "
                "what it leads to: use a folder that only root (or the hub's user) controls"
            )
        if stat.S_ISLNK(info.st_mode):
            if depth > 20:
                raise HubSetupError(f"{what} {path}: too many links")
            step = trusted(Path(os.path.realpath(step)), what, depth + 1)
        elif info.st_mode & stat.S_IWOTH and not info.st_mode & stat.S_ISVTX:
            raise HubSetupError(
                f"{what} {path}: {step} can be changed by any user (mode "
                f"{oct(stat.S_IMODE(info.st_mode))}): use a folder that only root controls"
            )
        current = step
    return current


def private_state(state: Path, database: Path) -> None:
    """Make ``state`` a folder only the hub's user can enter (0700) and the database in it a
    file only that user can read (0600), made empty before JupyterHub opens it so that it is
    never, even for a moment, readable by others (SQLite gives its journal the same mode).
    A state folder that belongs to another user is refused."""
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = state.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise HubSetupError(f"the state folder {state} is not a folder: use another")
    if info.st_uid != os.geteuid():
        raise HubSetupError(
            f"the state folder {state} belongs to user id {info.st_uid}, not to the hub's "
            f"({os.geteuid()}): use a folder of the hub's own"
        )
    state.chmod(0o700)
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    except FileExistsError:
        if not stat.S_ISREG(database.lstat().st_mode):
            raise HubSetupError(f"the hub's database {database} is not a plain file") from None
        database.chmod(0o600)


def separate(homes: Path, state: Path) -> None:
    """Students must reach their homes and never the state: neither holds the other."""
    if homes.is_relative_to(state) or state.is_relative_to(homes):
        raise HubSetupError(
            f"{homes} and {state} (the homes, the hub's state, the hand-ins) must be separate, "
            "neither inside the other"
        )


def make_handins(handins: Path, teachers_gid: int) -> None:
    """The hand-in folder: the hub's own (root's), which students may pass through to reach
    their drop folder but not list, and which the teachers' group may list (0751). As a
    normal user (trying the hub out alone), just a folder of that user's."""
    handins.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return
    try:
        taken = grp.getgrgid(teachers_gid).gr_name
    except KeyError:
        pass
    else:
        raise HubSetupError(
            f"group id {teachers_gid}, meant for the teachers, is the group {taken} of this "
            "machine: set DECL46_HUB_TEACHERS_GID to a free id"
        )
    info = os.lstat(handins)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
        raise HubSetupError(f"{handins} must be a folder of root's, not a link")
    os.chown(handins, 0, teachers_gid, follow_symlinks=False)
    os.chmod(handins, 0o751)


def check_homes(homes: Path) -> None:
    """The folder of the students' homes, a path that ``trusted`` passed: made if missing,
    0711 (a student reaches their own home by name and cannot list the others), owned by
    the hub's user."""
    homes.mkdir(mode=0o711, parents=True, exist_ok=True)
    info = homes.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise HubSetupError(
            f"the homes folder {homes} is not a folder of the hub's own user: use another"
        )
    homes.chmod(0o711)


# ---- ending a student's processes -------------------------------------------------------
# Run under the student's user id: kill(-1) then reaches every process of that id and no
# other, in one pass over the process table that no fork can slip through. It is repeated
# until no process of the id is left but zombies (which only wait for their parent).
END_ALL = """
import os, signal, sys, time
me, own = os.getuid(), os.getpid()
def running():
    left = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == own:
            continue
        try:
            with open(f"/proc/{pid}/status") as status:
                fields = dict(l.split(":", 1) for l in status if ":" in l)
        except OSError:
            continue
        if int(fields["Uid"].split()[0]) == me and fields["State"].split()[0] not in "ZX":
            left += 1
    return left
for _ in range(200):
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        sys.exit(0)
    if not running():
        sys.exit(0)
    time.sleep(0.05)
sys.exit(f"{running()} processes of user id {me} are still running")
"""


async def end_processes_of(uid: int) -> None:
    """End every process running under ``uid`` (never the hub's own: ``uid`` is a student's)."""
    if uid == os.geteuid() or uid == 0:
        raise ValueError(f"refusing to end the processes of user id {uid}: not a student's")
    killer = await asyncio.create_subprocess_exec(
        sys.executable,
        "-I",
        "-S",
        "-c",
        END_ALL,
        user=uid,
        group=uid,
        extra_groups=[],
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, error = await killer.communicate()
    if killer.returncode:
        raise RuntimeError(error.decode(errors="replace").strip().splitlines()[-1])


def _no_new_privileges():
    """prctl(PR_SET_NO_NEW_PRIVS): from then on, no program the process runs (sudo, su, a
    set-user-id file) gains privileges. Looked up before the fork, called after it."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]

    def call():
        if prctl(38, 1, 0, 0, 0) != 0:  # 38: PR_SET_NO_NEW_PRIVS
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")

    return call


# ---- each student's own server ----------------------------------------------------------
class StudentSpawner(SimpleLocalProcessSpawner):
    """A student's JupyterLab as a local process, in their own home, as their own user id.

    JupyterHub's LocalProcessSpawner needs a system account per student (TLJH creates them:
    ``jupyter-<name>``). Here the hub runs as root and gives each student a numeric user id,
    ``uid_base`` plus their hub id, with no account: their home (0700) belongs to that id,
    so one student's processes cannot read another's files, and nobody has to create users
    on the machine. Run as a normal user, the hub cannot change ids: the servers then run
    as that user, without the limit on processes (which would count the user's own
    desktop); fine for trying it out alone, not for a class.

    Limits, set before the server starts and inherited by everything it starts: memory per
    process (``mem_limit``, an address-space rlimit), open files per process
    (``max_open_files``), processes and threads of the student's id together
    (``max_processes``: RLIMIT_NPROC counts per user id, so a fork bomb stops at it and
    touches no other student), no core files, and no new privileges.
    """

    uid_base = Integer(
        20000, help="Each student's user id is this plus their hub id; no account may use it."
    ).tag(config=True)
    max_processes = Integer(
        256, help="Processes and threads one student's user id may have at once."
    ).tag(config=True)
    max_open_files = Integer(1024, help="Files one process of a student may hold open.").tag(
        config=True
    )
    handins = Unicode(
        "", help="The hand-in folder: a drop folder per student, which teachers read."
    ).tag(config=True)
    teachers_gid = Integer(
        0, help="The group that may read every drop folder: the teachers' servers have it."
    ).tag(config=True)

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def uid(self) -> int:
        return self.uid_base + self.user.id

    async def start(self):
        if self.as_root:
            uid = self.uid()
            try:
                account = pwd.getpwuid(uid).pw_name
            except KeyError:
                pass
            else:
                raise RuntimeError(
                    f"user id {uid}, meant for {self.user.name}, belongs to the account "
                    f"{account} of this machine: set DECL46_HUB_UID_BASE to a free range"
                )
            await end_processes_of(uid)  # whatever outlived the last server
            self._make_home(uid)
            if self.handins:
                self._make_drop_folder(uid)
        else:
            Path(self.home_dir).mkdir(mode=0o700, exist_ok=True)
            if self.handins:
                Path(self.handins).mkdir(mode=0o700, parents=True, exist_ok=True)
        self._ended = False
        return await super().start()

    @property
    def teacher(self) -> bool:
        return bool(self.user.admin)

    def get_env(self):
        env = super().get_env()
        if self.handins:
            # Where the coding widget hands in and where read_class_codings() looks: a
            # student's own drop folder; for a teacher, the folder of every student's.
            drop = Path(self.handins) if self.teacher else Path(self.handins) / self.user.name
            env["DECL46_HANDIN_DIR"] = str(drop)
        return env

    def _make_drop_folder(self, uid: int) -> None:
        """The student's drop folder for hand-ins: made empty in the hand-in folder (which
        only the hub's user can write), given to the student, and readable by the teachers'
        group (setgid, so that what the student writes there carries that group). An
        existing one is only checked; nothing inside it is touched. A teacher gets none."""
        if self.teacher:
            return
        handins = trusted(Path(self.handins), "the hand-in folder")
        folder = os.open(handins, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            name = self.user.name
            try:
                os.mkdir(name, 0o700, dir_fd=folder)
                os.chown(name, uid, self.teachers_gid, dir_fd=folder, follow_symlinks=False)
                os.chmod(name, 0o2750, dir_fd=folder, follow_symlinks=False)
            except FileExistsError:
                pass
            drop = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
            try:
                owner = os.fstat(drop).st_uid
                if owner != uid:
                    raise RuntimeError(
                        f"{handins / name} belongs to user id {owner}, not to {name}'s {uid}: "
                        "nothing was changed"
                    )
            finally:
                os.close(drop)
        finally:
            os.close(folder)

    def _make_home(self, uid: int) -> None:
        """A new home is an empty folder made in the homes folder (which only the hub's user
        can write), then given to the student; an existing one is only checked and closed
        to others (0700), through a handle that cannot follow a link. Nothing inside it is
        touched."""
        home = Path(self.home_dir)
        homes = trusted(home.parent, "the homes folder")
        check_homes(homes)
        folder = os.open(homes, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            try:
                os.mkdir(home.name, 0o700, dir_fd=folder)
                os.chown(home.name, uid, uid, dir_fd=folder, follow_symlinks=False)
            except FileExistsError:
                pass
            try:
                own = os.open(
                    home.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder
                )
            except OSError as error:
                raise RuntimeError(f"{home} is not a folder ({error.strerror})") from None
            try:
                owner = os.fstat(own).st_uid
                if owner != uid:
                    raise RuntimeError(
                        f"{home} belongs to user id {owner}, but {self.user.name}'s server "
                        f"runs as {uid} (was the hub's database replaced?). Nothing was "
                        "changed: give the home to the right id by hand, with the hub stopped"
                    )
                os.fchmod(own, 0o700)
            finally:
                os.close(own)
        finally:
            os.close(folder)

    def make_preexec_fn(self, name):
        home, as_root = self.home_dir, self.as_root
        uid = self.uid() if as_root else None
        # A teacher's server also has the teachers' group, to read the students' hand-ins.
        groups = [self.teachers_gid] if as_root and self.teacher and self.teachers_gid else []
        files = self.max_open_files
        if not as_root:  # only root may raise a hard limit
            files = min(files, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
        limits = [(resource.RLIMIT_NOFILE, files), (resource.RLIMIT_CORE, 0)]
        if self.mem_limit:
            limits.append((resource.RLIMIT_AS, self.mem_limit))
        if as_root:
            limits.append((resource.RLIMIT_NPROC, self.max_processes))
        no_new_privileges = _no_new_privileges()

        def preexec():
            for which, value in limits:
                resource.setrlimit(which, (value, value))
            no_new_privileges()
            if as_root:
                os.setgroups(groups)
                os.setgid(uid)
                os.setuid(uid)
            os.chdir(home)

        return preexec

    async def _end_leftovers(self) -> None:
        if self.as_root and not getattr(self, "_ended", True):
            self._ended = True
            try:
                await end_processes_of(self.uid())
            except Exception:
                self.log.exception("Could not end every process of %s", self.user.name)

    async def poll(self):
        status = await super().poll()
        if status is not None:  # the server is gone: so are the kernels it left
            await self._end_leftovers()
        return status

    async def stop(self, now=False):
        await super().stop(now=now)
        await self._end_leftovers()


# ---- who may sign in --------------------------------------------------------------------
class ClassAuthenticator(NativeAuthenticator):
    """NativeAuthenticator with the teachers (``admin_users``) made before the class.

    A teacher's name is taken from the start: the sign-up page answers that the name is in
    use, whether or not the teacher's account exists yet, so no sign-up can ever create an
    account that the hub would make an administrator. Teachers' accounts are made by
    deploy/hub_teacher.py. Accounts are read afresh from the database at each sign-in, so
    a password that command resets counts at once.
    """

    def is_teacher(self, username: str) -> bool:
        return self.normalize_username(username) in self.admin_users

    def user_exists(self, username):
        return self.is_teacher(username) or super().user_exists(username)

    def create_user(self, username, password, **kwargs):
        if self.is_teacher(username):
            return None
        return super().create_user(username, password, **kwargs)

    def get_user(self, username):
        query = self.db.query(UserInfo).filter(
            UserInfo.username == self.normalize_username(username)
        )
        return query.populate_existing().first()

    def add_new_table(self):
        super().add_new_table()
        for name in sorted(self.admin_users):
            if UserInfo.find(self.db, name) is None:
                self.log.warning(
                    "The teacher %s has no account yet: make it with "
                    "`make hub-teacher NAME=%s` (nobody can sign up under that name)",
                    name,
                    name,
                )
