from django.urls import path

from . import views

app_name = "summaries"

urlpatterns = [
    path("cases/", views.case_query, name="case_query"),
    path("applications/", views.application_summary, name="application_summary"),
    path("budget/", views.budget_summary, name="budget_summary"),
]
