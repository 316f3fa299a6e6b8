"""The first process of a student's server on the hub (deploy/jupyterhub_config.py).

It runs under the student's own user id, in their home, with their limits already set:
the hub has dropped to that id before starting it. It copies the lessons into the home the
first time (``~/decl46``: the notebooks, the codebook and the teacher guide, as in the
kit), then becomes the student's JupyterLab server (``exec`` of the command it is given).

Because the copy is the student's own process, a file it makes belongs to the student and
a link planted in the home leads nowhere the student could not already write: the hub
itself never reads or writes inside a home. The copy is made in a temporary folder and
renamed into place at the end, so a server stopped midway leaves no half copy under the
lessons' name. Anything already at ``~/decl46`` (the lessons, the student's changes,
anything else) is left as it is; a copy that fails is reported in the hub's log and the
server starts anyway, so a student never loses access to their work.

    python student_server.py COMMAND [ARGS...]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
LESSONS = "decl46"  # the folder in each home that holds the lessons (as nbgitpuller names it)
# What the lessons need beside them, at the same places as in the kit: the notebooks, the
# codebook, the teacher guide and the glossary page the notebooks link to.
PARTS = ["notebooks", "data/README.md", "docs/teacher_guide.md", "docs/glossary.md"]


def copy_lessons(home: Path) -> str | None:
    """Copy the lessons into ``home`` unless something is already there; return what
    happened, for the log, or None when there was nothing to do."""
    target = home / LESSONS
    if os.path.lexists(target):
        return None
    work = Path(tempfile.mkdtemp(prefix=".decl46-copy-", dir=home))
    try:
        for part in PARTS:
            source, copy = KIT / part, work / part
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, copy, copy_function=shutil.copyfile)
            else:
                shutil.copyfile(source, copy)
        work.chmod(0o700)
        os.rename(work, target)  # fails, and copies nothing, if something took the name
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        return f"the lessons were not copied into {target}: {error}"
    return f"the lessons were copied into {target}"


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit("usage: student_server.py COMMAND [ARGS...]")
    os.umask(0o077)  # what the student's server makes is theirs alone
    home = Path(os.environ.get("HOME") or os.getcwd())
    outcome = copy_lessons(home)
    if outcome:
        print(f"decl46: {outcome}", file=sys.stderr, flush=True)
    os.execv(argv[1], argv[1:])


if __name__ == "__main__":
    main(sys.argv)
