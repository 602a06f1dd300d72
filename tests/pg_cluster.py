"""Start or stop a throwaway PostgreSQL cluster for the test suite (used by `make test`).

    python tests/pg_cluster.py start DIR   # prints the SQLAlchemy URL to use as DYADSCOPE_TEST_PG_URL
    python tests/pg_cluster.py stop DIR

The cluster listens on a Unix socket inside DIR only (no TCP port), with trust authentication for the
local user: nothing outside the machine can reach it, and `stop` removes it. initdb refuses to run as
root, so as root the cluster belongs to the ``postgres`` user (Debian's package creates it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

DB_NAME = "dyadscope_test"


def _bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]), None
    )
    if not found:
        sys.exit(f"error: {name} not found; install PostgreSQL (Debian: apt-get install postgresql)")
    return found


def _as_owner(args: list[str]) -> list[str]:
    """The command run as the cluster's owner: ``postgres`` when we are root, else ourselves."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def start(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    data, socket = folder / "data", folder / "socket"
    socket.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (folder, socket):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            _as_owner(
                [_bin("initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    running = subprocess.run(_as_owner([_bin("pg_ctl"), "-D", str(data), "status"]), capture_output=True)
    options = f"-k {socket} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=60"
    if running.returncode != 0:
        subprocess.run(
            _as_owner(
                [_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        _as_owner([_bin("createdb"), "-h", str(socket), "-U", user, DB_NAME]),
        check=False,  # already there when the cluster is reused
        stderr=subprocess.DEVNULL,
    )
    return f"postgresql+psycopg://{user}@/{DB_NAME}?host={socket}"


def stop(folder: Path) -> None:
    data = folder / "data"
    if (data / "PG_VERSION").exists():
        subprocess.run(
            _as_owner([_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(__doc__)
    target = Path(sys.argv[2]).resolve()
    if sys.argv[1] == "start":
        print(start(target))
    else:
        stop(target)
