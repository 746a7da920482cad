from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("years/", views.YearList.as_view(), name="years"),
    path("years/<int:academic_year>/", views.YearRules.as_view(), name="year"),
    path("schools/", views.SchoolList.as_view(), name="schools"),
    path("schools/<int:school_pk>/", views.SchoolDetail.as_view(), name="school"),
    path("schools/<int:school_pk>/summary/", views.SchoolSummary.as_view(), name="school_summary"),
    path("applications/", views.ApplicationList.as_view(), name="applications"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application"),
    path("reviewers/", views.ReviewerList.as_view(), name="reviewers"),
    path("assignments/", views.Assign.as_view(), name="assign"),
    # Any other address under /api/ (/api/applications/-1/ too) is a JSON 404, not a page.
    path("<path:rest>", views.not_found, name="not_found"),
]
