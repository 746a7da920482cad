from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Announcement, Download


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "is_published", "author", "has_attachment"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    fields = ["title", "body", "attachment", "published_at", "author"]
    readonly_fields = ["author"]
    actions = ["publish_now"]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("已公告"), boolean=True)
    def is_published(self, obj: Announcement) -> bool:
        return obj.published_at is not None and obj.published_at <= timezone.now()

    @admin.display(description=_("附件"), boolean=True)
    def has_attachment(self, obj: Announcement) -> bool:
        return bool(obj.attachment)

    @admin.action(description=_("立即公告所選公告"))
    def publish_now(self, request, queryset):
        count = queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        self.message_user(request, _("已公告 %(count)d 則。") % {"count": count})


@admin.register(Download)
class DownloadAdmin(admin.ModelAdmin):
    list_display = ["title", "description", "published_at"]
    search_fields = ["title", "description"]
