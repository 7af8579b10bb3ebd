from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.exceptions import TransitionNotAllowed

from . import services
from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: where failed messages and their last error show, and can be given
    another round of attempts."""

    list_display = [
        "id",
        "created_at",
        "channel",
        "template",
        "language",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "channel", "language"]
    search_fields = ["template", "=idempotency_key"]
    ordering = ["-created_at", "-id"]
    show_full_result_count = False
    actions = ["retry"]
    readonly_fields = [
        "recipient",
        "address",
        "language",
        "channel",
        "template",
        "context",
        "link",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "queued_at",
        "sending_until",
        "idempotency_key",
        "created_at",
        "sent_at",
        "read_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The change page stays viewable (read-only); nothing on it can be saved.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        # A write, so it asks for the change permission that the read-only pages never use.
        return request.user.has_perm("notifications.change_message")

    @admin.action(description=_("Retry the selected failed messages"), permissions=["retry"])
    def retry(self, request, queryset):
        retried = 0
        for message in queryset.filter(status=Message.Status.FAILED).only("pk", "status"):
            try:
                services.message_retry(message=message, actor=request.user)
            except TransitionNotAllowed:
                continue
            retried += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )
