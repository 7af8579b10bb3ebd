"""Settings shared by every environment; each value that differs between machines comes from the
environment (see README, "Configuration")."""

import os
from pathlib import Path

import bootstrap_wrapper
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Git-ignored folder for everything a machine keeps for itself: the private PostgreSQL cluster, the
# filesystem broker, uploaded files in development.
LOCAL_DIR = BASE_DIR / ".local"

env = environ.Env()


def env_secret(name: str, default: str | None = None) -> str:
    """A secret as it is written: django-environ takes a value beginning with "$" for the name of
    another variable, and a random key begins with one now and then."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable")
    return value


MASAR_ENV = "base"
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_ratelimit",
    "apps.core",
    "apps.organisations",
    "apps.audit",
    "apps.registry",
    "apps.catalogue",
    "apps.notifications",
    "apps.sla",
    "apps.cases",
    "apps.referrals",
    "apps.complaints",
    "apps.applications",
    "apps.portal",
    "apps.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.audit.middleware.RequestIdMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.core.middleware.NullCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.organisations.middleware.StaffSessionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.organisations.context_processors.staff_navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:54329/masar")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No server-side cursors: a form's model choices are read with .iterator(), which otherwise costs
# a DECLARE … WITH HOLD, a FETCH and a CLOSE on every page that shows a select; and a pooler in
# transaction mode (PgBouncer, docs/deployment.md) cannot keep them anyway. Nothing iterates
# over a big table through the ORM: the bench generators and exports page by key.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:after_login"

# Sign-in (django-allauth): email only, citizens verify their address; staff are invited.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "apps.organisations.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "apps.organisations.forms.CitizenSignupForm"}
# Sign-in attempts: at most 10 a minute from one address, 5 failures per account in 15 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/900s/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Masar"
# Accept the code of the previous or next 30-second step too: phones drift, and a code typed as
# the step turns must not fail (RFC 6238 §5.2 recommends one step of tolerance).
MFA_TOTP_TOLERANCE = 1

# Staff sessions end after this many idle seconds (citizens keep Django's default).
STAFF_IDLE_TIMEOUT = 30 * 60

# How many proxies of ours (nginx, a load balancer) stand in front of the application. 0: the
# client's address is REMOTE_ADDR; N: the N-th address from the end of X-Forwarded-For, which
# those proxies append (docs/deployment.md). Recorded with every audit event.
AUDIT_TRUSTED_PROXY_COUNT = env.int("AUDIT_TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Amman"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap (LTR and RTL builds) comes pinned from PyPI (bootstrap-wrapper); htmx from django-htmx.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(LOCAL_DIR / "media"))
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Masar <no-reply@masar.jo>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Notifications (docs/notifications.md): the site's public address for links in emails and text
# messages, the text-message backend (a dotted path; the HTTP gateway in production) and how
# many times a message is tried before it is marked failed.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SMS_BACKEND = env("SMS_BACKEND", default="apps.notifications.sms.ConsoleSmsBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(LOCAL_DIR / "sms.jsonl"))
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_SENDER_ID = env("SMS_SENDER_ID", default="Masar")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)

# Deadlines (docs/sla.md): Amman working hours of an agency that has not set its own, and the
# business hours between escalation levels (one 7-hour working day).
SLA_WORKING_HOURS = ("08:00", "15:00")
SLA_ESCALATION_GRACE_HOURS = env.float("SLA_ESCALATION_GRACE_HOURS", default=7)

# The public transparency page and its open data (docs/transparency.md) show no figure counted
# from fewer records than this, so that nobody can be singled out.
DASHBOARDS_MIN_GROUP = env.int("DASHBOARDS_MIN_GROUP", default=10)

# Complaints (docs/complaints.md): the public form and the tracking page are rate limited per
# client address (django-ratelimit), counted in the default cache: Redis, shared by every process,
# wherever REDIS_URL is set, as it always is in production (apps/complaints/checks.py refuses an
# unshared cache there). django-ratelimit's own checks call Django's Redis backend unsupported
# (it increments atomically all the same) and refuse the one-process caches that development
# without Redis and the tests use; ours takes their place.
COMPLAINTS_SUBMIT_RATE = env("COMPLAINTS_SUBMIT_RATE", default="10/h")
# The one tracking page of every reference (apps/portal/tracking.py, docs/applications.md):
# look-ups per client address, and failed look-ups of one reference from any address.
TRACK_RATE = env("TRACK_RATE", default="30/10m")
TRACK_REFERENCE_RATE = env("TRACK_REFERENCE_RATE", default="10/h")
# The public form is refused when sent sooner than this after it was shown (a bot's speed).
COMPLAINTS_MIN_FILL_SECONDS = env.int("COMPLAINTS_MIN_FILL_SECONDS", default=3)
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "masar_cache",
        }
    }

# Celery: JSON only, late acknowledgement, time limits on every task. Redis when REDIS_URL is
# set; otherwise kombu's filesystem transport, which needs no server (development only).
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep the worker's database connection between tasks; config/celery.py closes old or broken
# ones as Django does between requests (CONN_MAX_AGE, CONN_HEALTH_CHECKS).
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_BEAT_SCHEDULE: dict = {}
# Queues what a lost task left behind (expires: a stopped worker does not find a pile of sweeps).
CELERY_BEAT_SCHEDULE["notifications-resend"] = {
    "task": "apps.notifications.tasks.resend_pending",
    "schedule": 60.0,
    "options": {"expires": 55},
}
# Deadlines (docs/sla.md): escalate the due clocks every minute.
CELERY_BEAT_SCHEDULE["sla-sweep"] = {
    "task": "apps.sla.tasks.sweep",
    "schedule": 60.0,
    "options": {"expires": 55},
}
# Referrals whose routing task was lost (docs/referrals.md).
CELERY_BEAT_SCHEDULE["referrals-route-pending"] = {
    "task": "apps.referrals.tasks.route_pending",
    "schedule": 60.0,
    "options": {"expires": 55},
}
# The agency dashboard's monthly figures (docs/dashboards.md): the last two months every hour,
# the last thirteen each night (records change after their month).
CELERY_BEAT_SCHEDULE["dashboards-refresh-recent"] = {
    "task": "apps.dashboards.tasks.refresh_recent",
    "schedule": 3600.0,
    "options": {"expires": 3000},
}
CELERY_BEAT_SCHEDULE["dashboards-refresh-year"] = {
    "task": "apps.dashboards.tasks.refresh_year",
    "schedule": crontab(hour=2, minute=30),
    "options": {"expires": 3 * 3600},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(LOCAL_DIR / "celerybeat-schedule")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # visibility_timeout: longer than any countdown or ETA the project uses, so Redis never
    # redelivers a task that is only waiting for its time. One connection attempt of at most 2 s
    # when a task is queued (kombu would otherwise retry for several seconds): a web request
    # that queues a task after its commit must not hang on an unreachable broker; what could
    # not be queued is picked up by a sweep (notifications: docs/notifications.md). A worker's
    # own connection to the broker keeps Celery's retries (broker_connection_max_retries).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 12 * 60 * 60,
        "socket_connect_timeout": 2,
        "max_retries": 0,
    }
    CELERY_RESULT_EXPIRES = 24 * 60 * 60
else:
    _broker_dir = LOCAL_DIR / "broker"
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
    }
    CELERY_RESULT_BACKEND = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the request id (also in the X-Request-ID response header and on the
    # request's audit events), "-" outside a request.
    "filters": {"request_id": {"()": "apps.audit.context.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
