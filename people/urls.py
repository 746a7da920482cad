from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("import/schools/", views.import_schools, name="import_schools"),
    path("import/schools/sample.csv", views.import_schools_sample, name="import_schools_sample"),
    path("import/accounts/", views.import_accounts, name="import_accounts"),
    path(
        "import/accounts/sample.csv",
        views.import_accounts_sample,
        name="import_accounts_sample",
    ),
    path("audit/", views.audit_log, name="audit_log"),
]
