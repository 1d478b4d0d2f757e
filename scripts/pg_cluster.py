"""A throwaway PostgreSQL cluster in a temp dir (used by the test suite).

As root, the cluster runs as the ``postgres`` user (initdb refuses root). Usage from Python:
``with throwaway_cluster() as base_url: ...`` where base_url is
``postgresql+psycopg://postgres@127.0.0.1:PORT``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
DURABLE_OPTIONS = "-c max_connections=200"  # PostgreSQL's crash-safe defaults (benchmarks)


def pg_bin(name: str) -> str:
    """Path of a PostgreSQL server binary (Debian keeps them out of PATH)."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: install PostgreSQL (apt-get install -y postgresql)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_cluster_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def throwaway_cluster(server_options: str = PG_OPTIONS) -> Iterator[str]:
    root = Path(tempfile.mkdtemp(prefix="kefu-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o700)
    port = free_port()
    initdb = [pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    initdb += ["-E", "UTF8", "--locale=C.UTF-8"]
    subprocess.run(_as_cluster_owner(initdb), check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 {server_options}"
    pg_ctl = [pg_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
    subprocess.run(
        _as_cluster_owner([*pg_ctl, "-o", options, "start"]), check=True, capture_output=True
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        stop = _as_cluster_owner([*pg_ctl, "-m", "immediate", "stop"])
        subprocess.run(stop, check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    import time

    with throwaway_cluster() as url:
        print(url, flush=True)
        time.sleep(int(os.environ.get("PG_CLUSTER_SECONDS", "3600")))
