"""Make a teacher's account on the hub before the class, or give it a new password.

    make hub-teacher NAME=teacher                   # asks for the password, twice
    make hub-teacher NAME=teacher ARGS=--generate   # makes one up and prints it, once

which runs ``python deploy/hub_teacher.py NAME [--generate]`` in the hub's environment with
the same DECL46_HUB_* variables as `make hub`. The name must be one of the teachers
(DECL46_HUB_TEACHERS): those are the hub's administrators, and no one can sign up under
their names (deploy/class_hub.py). The account is written into the hub's own database,
already approved; the hub may be running or not. The password must pass the same rules as
a student's (at least 8 characters, not a common password). Without a terminal, the
password is read from the first line of the standard input.

For a hub that is not the kit's (Zero to JupyterHub, deploy/z2jh-values.yaml), give its
database and its teachers instead of reading deploy/jupyterhub_config.py:

    python hub_teacher.py NAME --db-url sqlite:////srv/jupyterhub/jupyterhub.sqlite \\
        --teachers teacher --generate
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from pathlib import Path

import bcrypt
from jupyterhub import orm
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo  # registers its table with the hub's
from traitlets.config import Config, PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parent


def hub_settings(args) -> tuple[str, set[str], Config]:
    """The database, the teachers and the authenticator's settings: given, or the kit's."""
    if args.db_url:
        if not args.teachers:
            sys.exit("hub_teacher.py: --db-url needs --teachers (the hub's admin_users)")
        config = Config()
        config.NativeAuthenticator.minimum_password_length = 8
        config.NativeAuthenticator.check_common_password = True
        return args.db_url, {t.strip().lower() for t in args.teachers.split(",")}, config
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    if config.JupyterHub.authenticator_class == "dummy":
        sys.exit("hub_teacher.py: this hub runs with DECL46_HUB_TEST_PASSWORD: it has no accounts")
    return config.JupyterHub.db_url, set(config.Authenticator.admin_users), config


def ask_password(name: str, authenticator: NativeAuthenticator, generate: bool) -> str:
    if generate:
        return secrets.token_urlsafe(12)
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("The same again: ") != password:
            sys.exit("hub_teacher.py: the two passwords differ; nothing was changed")
    if not authenticator.is_password_strong(password):
        sys.exit(
            "hub_teacher.py: that password is too weak (it needs at least "
            f"{authenticator.minimum_password_length} characters and must not be a common "
            "password); nothing was changed"
        )
    return password


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the teacher's name on the hub")
    parser.add_argument("--generate", action="store_true", help="make up a password, print it")
    parser.add_argument("--db-url", help="another hub's database (default: the kit's hub)")
    parser.add_argument("--teachers", help="with --db-url: that hub's admin_users, a,b,c")
    args = parser.parse_args(argv)

    db_url, teachers, config = hub_settings(args)
    authenticator = NativeAuthenticator(config=config, add_new_table=False)
    name = authenticator.normalize_username(args.name)
    if name not in teachers:
        listed = ", ".join(sorted(teachers))
        sys.exit(
            f"hub_teacher.py: {name!r} is not one of the hub's teachers ({listed}); add it "
            "to DECL46_HUB_TEACHERS first, or it would be an ordinary account"
        )
    if not authenticator.validate_username(name):
        sys.exit(f"hub_teacher.py: {name!r} is not a name the hub accepts")
    password = ask_password(name, authenticator, args.generate)

    database = orm.new_session_factory(db_url)()  # makes the tables on a new hub, as the hub does
    account = UserInfo.find(database, name)
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    if account is None:
        database.add(UserInfo(username=name, password=hashed, is_authorized=True))
        done = "made"
    else:
        account.password, account.is_authorized = hashed, True
        done = "given a new password"
    database.commit()
    database.close()
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).chmod(0o600)
    print(f"The teacher {name} was {done}; they sign in at /hub/login.")
    if args.generate:
        print(f"Their password (shown this once): {password}")


if __name__ == "__main__":
    main()
