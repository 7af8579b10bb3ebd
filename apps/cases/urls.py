from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("staff/cases/", views.my_cases, name="my_cases"),
    path("staff/cases/office/", views.office_cases, name="office_cases"),
    path("staff/cases/office/reassign/", views.bulk_reassign, name="bulk_reassign"),
    path("staff/cases/approvals/", views.approvals, name="approvals"),
    path("staff/cases/new/", views.case_open, name="open"),
    path("staff/cases/<str:reference>/", views.case_detail, name="detail"),
    path("staff/cases/<str:reference>/do/<slug:name>/", views.transition, name="transition"),
    path("staff/cases/<str:reference>/forms/<slug:name>/", views.case_form, name="form"),
    path("staff/cases/<str:reference>/assessments/", views.assessment_add, name="assessment_add"),
    path("staff/cases/<str:reference>/goals/", views.goal_add, name="goal_add"),
    path(
        "staff/cases/<str:reference>/goals/<int:goal_id>/actions/",
        views.action_add,
        name="action_add",
    ),
    path(
        "staff/cases/<str:reference>/actions/<int:action_id>/status/",
        views.action_status,
        name="action_status",
    ),
    path("staff/cases/<str:reference>/notes/", views.note_add, name="note_add"),
    path("staff/cases/<str:reference>/documents/", views.document_add, name="document_add"),
    path(
        "staff/cases/<str:reference>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path("staff/cases/<str:reference>/risk/", views.risk_set, name="risk_set"),
    path("staff/cases/<str:reference>/closure/", views.closure_request, name="closure_request"),
    path("staff/cases/<str:reference>/reopen/", views.reopen, name="reopen"),
    path("staff/cases/<str:reference>/assign/", views.assign, name="assign"),
    path("staff/cases/<str:reference>/transfer/", views.transfer, name="transfer"),
    path("staff/cases/<str:reference>/approvals/<int:approval_id>/", views.decide, name="decide"),
]
