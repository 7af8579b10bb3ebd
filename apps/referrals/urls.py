from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("staff/cases/<str:case_reference>/refer/", views.referral_create, name="create"),
    path("staff/referrals/sent/", views.sent_list, name="sent"),
    path("staff/referrals/received/", views.received_list, name="received"),
    path("staff/referrals/unrouted/", views.unrouted_list, name="unrouted"),
    path("staff/referrals/routing-rules/", views.routing_rules, name="routing_rules"),
    path(
        "staff/referrals/routing-rules/<int:rule_id>/delete/",
        views.routing_rule_delete,
        name="routing_rule_delete",
    ),
    path("staff/referrals/<str:reference>/", views.referral_detail, name="detail"),
    path(
        "staff/referrals/<str:reference>/documents/<int:document_id>/",
        views.document_download,
        name="document",
    ),
    path("staff/referrals/<str:reference>/<slug:action>/", views.action, name="action"),
]
