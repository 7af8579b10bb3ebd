"""Production settings: `manage.py check --deploy` is clean, and secrets are never defaulted."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def production_env():
    db = settings.DATABASES["default"]
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MASAR_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="masar.example.jo",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_passes_with_no_warning(production_env):
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_a_secret_key_beginning_with_a_dollar_is_taken_as_it_is(production_env):
    """django-environ would read "$abc…" as a reference to a variable named "abc…"."""
    key = "$" + get_random_secret_key()
    production_env["DJANGO_SECRET_KEY"] = key
    done = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=production_env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(key)


def test_production_settings_refuse_to_start_without_a_secret_key(production_env):
    del production_env["DJANGO_SECRET_KEY"]
    done = manage("check", env=production_env)
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts(production_env):
    del production_env["DJANGO_ALLOWED_HOSTS"]
    done = manage("check", env=production_env)
    assert done.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in done.stderr
