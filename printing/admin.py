from django.contrib import admin

from .models import PrintRecord


@admin.register(PrintRecord)
class PrintRecordAdmin(admin.ModelAdmin):
    """Who printed which version of which form: a record, never edited by hand."""

    list_display = ["code", "form", "application", "school", "printed_at", "printed_by"]
    list_filter = ["form", "program"]
    search_fields = ["code", "application__name", "school__name", "printed_by__name"]
    list_select_related = ["application", "school", "printed_by"]
    date_hierarchy = "printed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
