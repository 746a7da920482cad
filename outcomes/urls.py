from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("hours/", views.hours, name="hours"),
    path("hours.xlsx", views.hours_xlsx, name="hours_xlsx"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/check/", views.decide, name="decide"),
    path("sessions/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_remove, name="evidence_remove"),
]
