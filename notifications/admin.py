from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by notifications.services.notify."""

    list_display = ["title", "recipient", "event", "created_at", "read_at"]
    list_filter = ["event"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username", "recipient__name"]
    readonly_fields = ["recipient", "event", "title", "body", "url", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
