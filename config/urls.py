from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from apps.core.views import healthz

# The admin signs in through allauth, so the second factor applies there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Masar"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Open data: stable URLs without a language prefix (docs/open-data.md).
    path("", include("apps.catalogue.urls_open_data")),
]

urlpatterns += i18n_patterns(
    # Inside the language prefix, so the page being left resolves in its own language and
    # set_language can translate its URL whatever the browser's Accept-Language says.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("apps.portal.urls")),
    path("", include("apps.dashboards.urls")),
    path("", include("apps.organisations.urls")),
    path("", include("apps.registry.urls")),
    path("", include("apps.catalogue.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.sla.urls")),
    path("", include("apps.cases.urls")),
    path("", include("apps.referrals.urls")),
    path("", include("apps.complaints.urls")),
    path("", include("apps.applications.urls")),
    path("", include("apps.audit.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
