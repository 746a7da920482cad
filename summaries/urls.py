from django.urls import path

from . import views

app_name = "summaries"

urlpatterns = [
    path("cases/", views.case_query, name="case_query"),
    path("applications/", views.application_summary, name="application_summary"),
    path("applications/xlsx/", views.application_summary_xlsx, name="application_summary_xlsx"),
    path("budget/", views.budget_summary, name="budget_summary"),
    path("budget/xlsx/", views.budget_summary_xlsx, name="budget_summary_xlsx"),
    path("review/<int:pk>/", views.review, name="review"),
    path("package/upload/", views.package_upload, name="package_upload"),
    path("package/submit/", views.package_submit, name="package_submit"),
    path("package/confirm/", views.package_confirm, name="package_confirm"),
    path("package/download/", views.package_download, name="package_download"),
]
