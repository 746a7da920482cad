from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("import/schools/", views.import_schools, name="import_schools"),
    path("import/accounts/", views.import_accounts, name="import_accounts"),
    path("audit/", views.audit_log, name="audit_log"),
]
