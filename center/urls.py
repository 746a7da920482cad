from django.urls import path

from . import views, views_files, views_reports, views_years

app_name = "center"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/", views.applications, name="applications"),
    path("applications/xlsx/", views.applications_xlsx, name="applications_xlsx"),
    path("applications/xlsx/later/", views.applications_export, name="applications_export"),
    path("applications/assign/", views.assign, name="assign"),
    path("assignments/<int:pk>/remove/", views.unassign, name="unassign"),
    path("reviewers/options/", views.reviewer_options, name="reviewer_options"),
    path("schools/options/", views.school_options, name="school_options"),
    path("schools/short/", views.schools_short, name="schools_short"),
    path("message/", views.message, name="message"),
    path("reports/year.xlsx", views_reports.year_report, name="year_report"),
    path("files/", views_files.files, name="files"),
    path("files/<int:pk>/", views_files.file_download, name="file_download"),
    path("years/", views_years.year_list, name="years"),
    path("years/<int:year>/copy/", views_years.year_copy, name="year_copy"),
    path("years/<int:year>/compare/", views_years.year_compare, name="year_compare"),
    path("years/<int:year>/window/", views_years.year_window, name="year_window"),
]
