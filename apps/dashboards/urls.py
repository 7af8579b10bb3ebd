from django.urls import path

from . import agency, public, supervisor, views

app_name = "dashboards"

urlpatterns = [
    path("staff/", views.home, name="home"),
    path("staff/office/", supervisor.office, name="office"),
    path("staff/performance/", agency.agency, name="agency"),
    path(
        "staff/office/<int:office_id>/deadlines/",
        supervisor.office_deadlines,
        name="office_deadlines",
    ),
    path(
        "staff/office/<int:office_id>/workers/<int:user_id>/",
        supervisor.office_worker,
        name="office_worker",
    ),
    path(
        "staff/office/<int:office_id>/reassign/", supervisor.office_reassign, name="office_reassign"
    ),
    path("performance/", public.page, name="public"),
    path("performance/open-data.csv", public.open_data_csv, name="open_data_csv"),
    path("performance/open-data.json", public.open_data_json, name="open_data_json"),
]
