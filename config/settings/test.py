"""The test suite: `make test`."""

import os
from urllib.parse import urlsplit

# The suite runs in several processes (pytest-xdist: PYTEST_XDIST_WORKER is gw0, gw1, …). Each has
# its own test database (pytest-django adds the suffix), and here its own Redis database and
# media folder. REDIS_URL is rewritten in the environment before the base settings read it, so
# that the real workers a test starts share its process's Redis database.
XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw"))
if XDIST_WORKER >= 0 and os.environ.get("REDIS_URL"):
    _redis = urlsplit(os.environ["REDIS_URL"])
    _base = int(_redis.path.strip("/") or 0)
    os.environ["REDIS_URL"] = _redis._replace(path=f"/{(_base + XDIST_WORKER) % 16}").geturl()

from .base import *  # noqa: E402, F403
from .base import DATABASES, LOCAL_DIR, env  # noqa: E402

MASAR_ENV = "test"
DEBUG = False
SECRET_KEY = "test-only-not-a-secret"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A test that starts a real worker picks another backend through the environment.
SMS_BACKEND = env("SMS_BACKEND", default="apps.notifications.sms.LocmemSmsBackend")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(LOCAL_DIR / "test-media"))
if XDIST_WORKER >= 0:
    MEDIA_ROOT = MEDIA_ROOT.path(f"gw{XDIST_WORKER}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the calling process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Transactional tests (browser journeys, the real worker) empty every table with TRUNCATE when
# they end; the append-only audit table allows that only to a session in maintenance mode
# (apps/audit/migrations/0003_append_only.py). UPDATE and DELETE stay refused in tests too.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c masar.audit_maintenance=on"
