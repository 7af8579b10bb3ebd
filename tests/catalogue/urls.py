"""The project's URLs with the open-data ones, for tests/catalogue/test_open_data.py.

config/urls.py includes apps.catalogue.urls_open_data outside the language prefix; until it does,
the open-data tests add them here (only when they are missing, so the namespace is never doubled).
"""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

_included = any(getattr(p, "namespace", None) == "open_data" for p in project_urlpatterns)

urlpatterns = [*project_urlpatterns]
if not _included:
    urlpatterns.insert(0, path("", include("apps.catalogue.urls_open_data")))
