"""The benchmark: `make bench` (docs/benchmark.md).

As production would run (DEBUG off, persistent database connections, static files from the
manifest), against its own database, with one page added for the framework floor."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_secret

MASAR_ENV = "bench"
DEBUG = False
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", default="bench-only-not-a-secret")
# The harness talks to gunicorn on localhost and counts queries with django.test.Client.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "config.urls_bench"

# Never the `make run` data: without DATABASE_URL, the private cluster's masar_bench database.
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:54329/masar_bench")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # as in base.py

# Production caches in Redis; a per-process memory cache is the nearest thing that needs no
# server, and keeps the database cache's queries out of the page counts.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

STATIC_ROOT = BASE_DIR / "bench" / "data" / "static"
MFA_TOTP_INSECURE_BYPASS_CODE = None

# A log line per request would be part of what is measured; warnings only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The tracking page's limits (apps/portal/tracking.py) stay on, counting every look-up, but
# raised: bench_pages looks up hundreds of applications from one address within minutes
# (docs/benchmark.md, track_lookup). Production keeps base.py's.
TRACK_RATE = env("TRACK_RATE", default="100000/m")
TRACK_REFERENCE_RATE = env("TRACK_REFERENCE_RATE", default="100000/h")
