"""The applicant's pages (apps/applications/views/citizen.py)."""

from django.urls import path

from .views import citizen

urlpatterns = [
    path("services/<slug:slug>/apply/", citizen.apply, name="apply"),
    path("life-events/<slug:code>/apply/", citizen.bundle, name="bundle"),
    path("my/requests/", citizen.my_requests, name="my_requests"),
    path("my/applications/<str:reference>/", citizen.mine, name="mine"),
    path(
        "my/applications/<str:reference>/documents/<int:document_id>/",
        citizen.mine_document,
        name="mine_document",
    ),
    path(
        "my/applications/<str:reference>/<slug:action>/",
        citizen.mine_action,
        name="mine_action",
    ),
]
