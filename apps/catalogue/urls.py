from django.urls import path

from .views import public, staff

app_name = "catalogue"

urlpatterns = [
    path("services/", public.service_list, name="list"),
    path("services/<slug:slug>/", public.service_detail, name="detail"),
    path("life-events/", public.life_event_list, name="life_events"),
    path("life-events/<slug:code>/", public.life_event_detail, name="life_event"),
    path("staff/catalogue/", staff.service_list, name="staff_list"),
    path("staff/catalogue/new/", staff.service_create, name="staff_create"),
    path("staff/catalogue/<slug:slug>/", staff.service_detail, name="staff_detail"),
    path("staff/catalogue/<slug:slug>/edit/", staff.service_edit, name="staff_edit"),
    path("staff/catalogue/<slug:slug>/history/", staff.service_history, name="staff_history"),
    path("staff/catalogue/<slug:slug>/publish/", staff.service_publish, name="staff_publish"),
    path("staff/catalogue/<slug:slug>/retire/", staff.service_retire, name="staff_retire"),
    path("staff/catalogue/<slug:slug>/draft/", staff.service_return_to_draft, name="staff_draft"),
]
