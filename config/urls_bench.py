"""The project's URLs plus the framework floor of the benchmark (config.settings.bench only)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def floor(request):
    """The least a request can cost: the whole middleware stack and a tiny response."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
