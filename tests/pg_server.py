"""A real, throw-away PostgreSQL server for the store tests (skipped when not installed).

The server runs from ``/usr/lib/postgresql/*/bin`` (Debian: ``apt-get install postgresql``),
as the ``postgres`` user when the tests run as root (PostgreSQL refuses to run as root),
with its data and unix socket in a temporary directory and no TCP listener. Each test gets
a fresh database.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[tuple[str, int]]:
    """(socket directory, port) of a running server; stopped and removed at the end."""
    bindir = _bindir()
    if bindir is None or not (bindir / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    root = tempfile.mkdtemp(prefix="sitrep-pg-")
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    data = os.path.join(root, "data")

    def run(*cmd: str) -> None:
        proc = subprocess.run([*prefix, *cmd], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            log = Path(root, "log")
            tail = log.read_text() if log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed: {proc.stdout}{proc.stderr}{tail}")

    port = _free_port()
    run(str(bindir / "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off"
    run(str(bindir / "pg_ctl"), "-D", data, "-o", options, "-l", f"{root}/log", "-w", "start")
    try:
        yield root, port
    finally:
        run(str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: tuple[str, int]) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    import psycopg

    sock, port = pg_server
    name = "t_" + uuid.uuid4().hex[:12]
    admin = f"postgresql://postgres@/postgres?host={sock}&port={port}"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield f"postgresql://postgres@/{name}?host={sock}&port={port}"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store, once per backend."""
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return str(request.getfixturevalue("pg_url"))
