"""Open data at stable URLs, outside the language prefix (docs/open-data.md). Included by
config/urls.py before i18n_patterns: path("", include("apps.catalogue.urls_open_data"))."""

from django.urls import path

from .views import open_data

app_name = "open_data"

urlpatterns = [
    path("open-data/services.json", open_data.services_json, name="services_json"),
    path("open-data/services.csv", open_data.services_csv, name="services_csv"),
    path("open-data/hsds/", open_data.hsds_root, name="hsds_root"),
    path("open-data/hsds/services", open_data.hsds_services, name="hsds_services"),
    path("open-data/hsds/services/<uuid:pk>", open_data.hsds_service, name="hsds_service"),
    path("open-data/hsds/organizations", open_data.hsds_organizations, name="hsds_organizations"),
    path(
        "open-data/hsds/organizations/<uuid:pk>",
        open_data.hsds_organization,
        name="hsds_organization",
    ),
]
