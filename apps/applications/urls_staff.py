from django.urls import path

from .views import staff

urlpatterns = [
    path("staff/applications/", staff.queue, name="queue"),
    path("staff/applications/<str:reference>/", staff.detail, name="detail"),
    path(
        "staff/applications/<str:reference>/documents/<int:document_id>/",
        staff.document,
        name="document",
    ),
    path("staff/applications/<str:reference>/<slug:action>/", staff.action, name="action"),
]
