from django.urls import path

from .views import categories, public, staff

app_name = "complaints"

urlpatterns = [
    path("complaints/new/", public.complaint_new, name="new"),
    path("complaints/new/choices/", public.choices, name="choices"),
    path("complaints/filed/", public.filed, name="filed"),
    path("complaints/track/", public.track, name="track"),
    path("complaints/track/<str:reference>/", public.track_detail, name="track_detail"),
    path(
        "complaints/track/<str:reference>/<slug:action>/",
        public.track_action,
        name="track_action",
    ),
    path("staff/complaints/", staff.queue, name="queue"),
    path("staff/complaints/new/", staff.intake, name="intake"),
    path("staff/complaints/bulk/", staff.bulk, name="bulk"),
    # Before the complaint's own addresses, which would take "categories" for a reference.
    path("staff/complaints/categories/", categories.category_list, name="categories"),
    path("staff/complaints/categories/new/", categories.category_create, name="category_create"),
    path("staff/complaints/categories/<int:pk>/", categories.category_edit, name="category_edit"),
    path(
        "staff/complaints/categories/<int:pk>/deactivate/",
        categories.category_deactivate,
        name="category_deactivate",
    ),
    path(
        "staff/complaints/categories/<int:pk>/activate/",
        categories.category_activate,
        name="category_activate",
    ),
    path("staff/complaints/<str:reference>/", staff.detail, name="detail"),
    path(
        "staff/complaints/<str:reference>/attachments/<int:attachment_id>/",
        staff.attachment,
        name="attachment",
    ),
    path("staff/complaints/<str:reference>/<slug:action>/", staff.action, name="action"),
]
