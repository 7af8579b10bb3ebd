"""Production: every secret and host comes from the environment (docs/deployment.md)."""

import warnings

from .base import *  # noqa: F403
from .base import env, env_secret

MASAR_ENV = "production"
DEBUG = False
SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}  # no private-cluster default here
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # as in base.py

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
MFA_TOTP_INSECURE_BYPASS_CODE = None

# Production always runs Celery on a real broker.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# As in base.py: fail fast when queuing a task while the broker is unreachable.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 12 * 60 * 60,
    "socket_connect_timeout": 2,
    "max_retries": 0,
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}

# Links in emails and text messages point here (SITE_URL overrides).
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}")
# Text messages go through the operator's HTTP gateway (docs/notifications.md).
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
if SMS_GATEWAY_URL:
    SMS_BACKEND = "apps.notifications.sms.HttpSmsBackend"
else:
    SMS_BACKEND = "apps.notifications.sms.ConsoleSmsBackend"
    warnings.warn(
        "SMS_GATEWAY_URL is not set: text messages are written to the console, not sent.",
        stacklevel=1,
    )
