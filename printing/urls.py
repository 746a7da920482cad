from django.urls import path

from . import views, views_compendium

app_name = "printing"

# Each URL gives the PDF; add ?format=html for the print-friendly page. School summaries take
# ?year=109 (default: the current program year); the center names the school in the path or, as
# on the summaries pages, with ?school=<pk>.
urlpatterns = [
    path("applications/<int:pk>/plan/", views.plan, name="plan"),
    path("applications/<int:pk>/budget/", views.budget, name="budget"),
    path("applications/<int:pk>/report/", views.report, name="report"),
    path("school/applications/", views.school_applications, name="school_applications"),
    path(
        "schools/<int:school_pk>/applications/",
        views.school_applications,
        name="school_applications",
    ),
    path("school/budget/", views.school_budget, name="school_budget"),
    path("schools/<int:school_pk>/budget/", views.school_budget, name="school_budget"),
    # The center's 成果彙編 of ?year= (the closed communities; PDF only).
    path("compendium/", views_compendium.compendium, name="compendium"),
]
