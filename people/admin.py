from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import AllianceCircle, District, ExamWeakness, School, User
from .services import user_apply_role

# The admin index shows the center its extra pages (imports, the audit log) in Chinese.
admin.site.index_template = "people/admin/index.html"

# The center reads the audit log on its own page (people:audit_log), in Chinese and with old →
# new values; auditlog's English admin list would only duplicate it.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


class ExamWeaknessInline(admin.TabularInline):
    model = ExamWeakness
    extra = 0
    fields = ["domain", "academic_year", "percent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "domain":
            from programs.models import Domain

            kwargs["queryset"] = Domain.objects.filter(kind=Domain.Kind.DOMAIN)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "stage", "class_count", "alliance_circle"]
    list_filter = ["stage", "district", "alliance_circle"]
    list_select_related = ["district", "stage", "alliance_circle"]
    search_fields = ["code", "name"]
    inlines = [ExamWeaknessInline]
    change_list_template = "people/admin/school_change_list.html"


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "school_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_total=Count("school"))

    @admin.display(description=_("學校數"), ordering="school_total")
    def school_count(self, obj: District) -> int:
        return obj.school_total


@admin.register(AllianceCircle)
class AllianceCircleAdmin(admin.ModelAdmin):
    list_display = ["name", "school_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_total=Count("schools"))

    @admin.display(description=_("學校數"), ordering="school_total")
    def school_count(self, obj: AllianceCircle) -> int:
        return obj.school_total


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name", "role", "school", "email", "is_active"]
    list_filter = ["role", "is_active", "school__stage", "school__district"]
    list_select_related = ["school"]
    search_fields = ["username", "name", "email", "school__name", "school__code"]
    ordering = ["username"]
    autocomplete_fields = ["school"]
    change_list_template = "people/admin/user_change_list.html"
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("個人資料"), {"fields": ["name", "email", "role", "school", "title"]}),
        (_("帳號狀態"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    superuser_fieldsets = [
        (_("系統權限"), {"fields": ["is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "name",
                    "email",
                    "role",
                    "school",
                    "title",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            return [*fieldsets, *self.superuser_fieldsets]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        # Center staff keep people's accounts, not the system administrators'.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the groups field (if shown) is saved: the role decides admin access and group.
        user_apply_role(user=form.instance)
