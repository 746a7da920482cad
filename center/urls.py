from django.urls import path

from . import views

app_name = "center"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/", views.applications, name="applications"),
    path("applications/xlsx/", views.applications_xlsx, name="applications_xlsx"),
    path("applications/assign/", views.assign, name="assign"),
    path("assignments/<int:pk>/remove/", views.unassign, name="unassign"),
    path("schools/options/", views.school_options, name="school_options"),
    path("schools/short/", views.schools_short, name="schools_short"),
    path("message/", views.message, name="message"),
]
