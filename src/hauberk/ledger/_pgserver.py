"""A throwaway PostgreSQL server on 127.0.0.1 for tests, demos and benchmarks.

Uses the server binaries of a local installation (Debian: ``/usr/lib/postgresql/<v>/bin``):
``initdb`` into a temporary directory, ``pg_ctl start`` on a free loopback port with the socket
in that directory, and ``pg_ctl stop`` plus removal of the directory on exit. PostgreSQL refuses
to run as root, so under root the binaries run as the ``postgres`` user via ``runuser``.
Authentication is ``trust`` on loopback only: never point this at data you care about.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from hauberk.core import ConfigError

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def find_postgres_bin() -> Path | None:
    """The newest ``.../bin`` directory holding ``initdb`` and ``pg_ctl``, or ``None``."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(re.sub(r"\D", "", Path(p).parent.parent.name) or 0),
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalPostgres:
    """Start with :meth:`start` (or ``with``); :attr:`url` then reaches the ``postgres`` DB."""

    def __init__(self, *, bin_dir: Path | None = None, timeout: int = 60) -> None:
        if not 5 <= timeout <= 600:
            raise ConfigError(f"timeout must be in [5, 600] seconds, got {timeout}")
        found = bin_dir or find_postgres_bin()
        if found is None or not (found / "initdb").exists():
            raise ConfigError(
                "PostgreSQL server binaries not found; install Debian's postgresql package"
            )
        self._bin = found
        self._timeout = timeout
        self._dir: Path | None = None
        self.port = 0

    def _run(self, *args: str) -> None:
        argv = [str(self._bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(
            argv, capture_output=True, text=True, timeout=self._timeout, check=False
        )
        if result.returncode != 0:
            raise ConfigError(f"{args[0]} failed: {result.stderr.strip()[-500:]}")

    @property
    def url(self) -> str:
        if self._dir is None:
            raise ConfigError("LocalPostgres is not started")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> str:
        base = Path(tempfile.mkdtemp(prefix="hauberk-pg-"))
        if os.geteuid() == 0:
            shutil.chown(base, user="postgres", group="postgres")
        data = base / "data"
        try:
            self._run(
                "initdb",
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            )
            self.port = _free_port()
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories={base} -c max_connections=100"
            )
            self._run(
                "pg_ctl",
                "-D",
                str(data),
                "-l",
                str(base / "server.log"),
                "-w",
                "-t",
                str(self._timeout),
                "-o",
                options,
                "start",
            )
        except BaseException:
            shutil.rmtree(base, ignore_errors=True)
            raise
        self._dir = base
        return self.url

    def database(self, name: str) -> str:
        """Create database ``name``; return its URL."""
        if not _NAME.match(name):
            raise ConfigError(f"database name {name!r} must match {_NAME.pattern}")
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self._dir is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self._dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> LocalPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"LocalPostgres(bin={self._bin}, port={self.port})"

    def settings(self) -> dict[str, Any]:
        """Durability-relevant server settings (for benchmark tables)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'synchronous_commit', 'wal_sync_method', 'server_version')"
            ).fetchall()
        return {str(k): str(v) for k, v in rows}
