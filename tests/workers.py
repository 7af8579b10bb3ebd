"""Real Celery workers for the tests whose point is the worker (marked `worker`): started as
separate processes against this test's database and a Redis, killed, restarted."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def start_worker(
    *,
    settings_module: str = "config.settings.test",
    queue: str | None = None,
    capture: bool = True,
    **env: str,
) -> subprocess.Popen:
    """A solo-pool worker on `queue` (all queues if None), using the test database; `env` adds
    to (or overrides) the environment, REDIS_URL included. With `capture`, its output is kept
    for the failure messages of `wait_for`."""
    db = settings.DATABASES["default"]
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        **env,
    )
    # This process's REDIS_URL is already its own under pytest-xdist (config/settings/test.py);
    # the worker takes it as it is.
    environment.pop("PYTEST_XDIST_WORKER", None)
    output = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *(["-Q", queue] if queue else []),
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=warning",
        ],
        cwd=ROOT,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
        text=True,
    )


def wait_for(
    condition, what: str, worker: subprocess.Popen | None = None, seconds: float = 120
) -> None:
    """Poll `condition` until it holds; fail with the worker's output if it stops or time runs
    out first."""
    give_up = time.monotonic() + seconds
    while not condition():
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker stopped while waiting for {what}:\n{_output(worker)}")
        if time.monotonic() > give_up:
            if worker is not None:
                worker.kill()
            pytest.fail(f"timed out waiting for {what}:\n{_output(worker)}")
        time.sleep(0.05)


def stop(worker: subprocess.Popen) -> str:
    """Stop the worker (politely, then not) and return what it wrote."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
    return _output(worker)


def _output(worker: subprocess.Popen | None) -> str:
    if worker is None or worker.stdout is None:
        return ""
    try:
        return worker.communicate(timeout=30)[0] or ""
    except (subprocess.TimeoutExpired, ValueError):
        return ""
