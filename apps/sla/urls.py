from django.urls import path

from . import views

app_name = "sla"

urlpatterns = [
    path("staff/agency/calendar/", views.calendar_home, name="calendar"),
    path("staff/agency/calendar/<str:agency>/", views.agency_calendar, name="agency_calendar"),
    path("staff/agency/calendar/<str:agency>/hours/", views.working_hours, name="working_hours"),
    path("staff/agency/calendar/<str:agency>/holidays/", views.holiday_add, name="holiday_add"),
    path(
        "staff/agency/calendar/<str:agency>/holidays/<str:day>/cancel/",
        views.holiday_cancel,
        name="holiday_cancel",
    ),
    path(
        "staff/agency/calendar/<str:agency>/holidays/<str:day>/restore/",
        views.holiday_restore,
        name="holiday_restore",
    ),
    path(
        "staff/agency/calendar/<str:agency>/holidays/<str:day>/move/",
        views.holiday_move,
        name="holiday_move",
    ),
]
