"""The test suite: `make test`."""

from .base import *  # noqa: F403
from .base import DATABASES, LOCAL_DIR, env

MASAR_ENV = "test"
DEBUG = False
SECRET_KEY = "test-only-not-a-secret"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A test that starts a real worker picks another backend through the environment.
SMS_BACKEND = env("SMS_BACKEND", default="apps.notifications.sms.LocmemSmsBackend")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(LOCAL_DIR / "test-media"))
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
