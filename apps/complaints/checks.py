"""The public pages' rate limits count in the default cache; in production it must be one that
every web process shares, or each process would count on its own."""

from django.conf import settings
from django.core import checks

NOT_SHARED = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.db.DatabaseCache",
}


@checks.register(checks.Tags.caches)
def rate_limit_cache(app_configs, **kwargs):
    if getattr(settings, "MASAR_ENV", "") != "production":
        return []
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in NOT_SHARED:
        return [
            checks.Error(
                f"The rate limits of the complaint pages need a shared cache, not {backend}.",
                hint="Set REDIS_URL (docs/deployment.md).",
                id="complaints.E001",
            )
        ]
    return []
