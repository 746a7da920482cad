from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.health import healthz

admin.site.site_header = _("教師專業學習社群申辦平台 管理")
admin.site.site_title = _("社群申辦平台管理")
admin.site.index_title = _("年度規則、學校與帳號")

handler400 = "portal.views.bad_request"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("signin.auth_urls")),
    path("accounts/", include("signin.urls")),
    path("messages/", include("notifications.urls")),
    path("community/", include("communities.urls")),
    path("reviews/", include("reviews.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("center/", include("center.urls")),
    path("school/", include("summaries.urls")),
    path("print/", include("printing.urls")),
    path("people/", include("people.urls")),
    path("api/", include("api.urls")),
    path("", include("portal.urls")),
]
