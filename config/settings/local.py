"""Development on one machine: `make run`."""

from .base import *  # noqa: F403
from .base import env, env_secret

MASAR_ENV = "local"
DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Demo staff have a real TOTP device (see README); this code is also accepted so a newcomer can
# sign in without an authenticator app. allauth refuses it whenever DEBUG is off, and the
# production settings never set it.
MFA_TOTP_INSECURE_BYPASS_CODE = env("MASAR_DEMO_TOTP_CODE", default="123456") if DEBUG else None
