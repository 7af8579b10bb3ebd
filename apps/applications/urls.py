"""The applications' pages: the applicant's (apply, drafts, my requests, bundles) and the
office's (review queue and actions), each list in its own module."""

from .urls_citizen import urlpatterns as citizen_urls
from .urls_staff import urlpatterns as staff_urls

app_name = "applications"

urlpatterns = [*citizen_urls, *staff_urls]
