from django.urls import path

from . import charter, tracking, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/", views.after_login, name="after_login"),
    path("track/", tracking.track, name="track"),
    path("track/<str:reference>/", tracking.track_detail, name="track_detail"),
    path("charter/", charter.charter, name="charter"),
]
