from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("staff/agency/staff/", views.staff_list, name="staff_list"),
    path("staff/agency/staff/invite/", views.staff_invite, name="staff_invite"),
    path("invite/<str:token>/", views.invite_accept, name="invite_accept"),
]
