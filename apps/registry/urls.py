from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("staff/people/", views.search, name="search"),
    path("staff/people/new/", views.person_create, name="person_create"),
    path("staff/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("staff/people/<int:pk>/consents/", views.consent_give, name="consent_give"),
    path("staff/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("staff/households/new/", views.household_create, name="household_create"),
    path("staff/households/<int:pk>/", views.household_detail, name="household_detail"),
    path(
        "staff/households/<int:pk>/members/add/",
        views.household_member_add,
        name="household_member_add",
    ),
]
