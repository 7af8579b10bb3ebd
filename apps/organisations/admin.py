from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, Governorate, Membership, Office, StaffInvite, User


@admin.register(Governorate)
class GovernorateAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "position"]
    ordering = ["position"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "kind", "social_sector"]
    list_filter = ["kind", "social_sector"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "agency", "governorate", "is_head_office", "is_active"]
    list_filter = ["agency", "governorate", "is_head_office", "is_active"]
    list_select_related = ["agency", "governorate"]
    search_fields = ["name_ar", "name_en", "agency__code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["office"]
    readonly_fields = ["created_at", "created_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role", "is_active"]
    list_filter = ["role", "is_active", "office__agency"]
    list_select_related = ["user", "office__agency", "office__governorate"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "office"]


@admin.register(StaffInvite)
class StaffInviteAdmin(admin.ModelAdmin):
    list_display = ["user", "created_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "created_by"]
    readonly_fields = [
        "user",
        "token_hash",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
