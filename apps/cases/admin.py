from django.contrib import admin

from .models import (
    Approval,
    Assessment,
    Assignment,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    PlanAction,
    PlanGoal,
)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "risk", "office", "owner", "updated_at"]
    list_filter = ["status", "risk", "office__governorate", "office__agency"]
    list_select_related = ["office", "owner"]
    search_fields = ["reference"]
    raw_id_fields = ["household", "primary_person", "office", "owner"]
    readonly_fields = ["reference", "opened_at", "closed_at", "next_action_due"]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["at", "case", "kind", "message", "actor"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "actor"]


for model in (Assessment, PlanGoal, PlanAction, CaseNote, CaseDocument, Approval, Assignment):
    admin.site.register(model, raw_id_fields=["case"] if hasattr(model, "case") else ["goal"])
