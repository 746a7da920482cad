from django.urls import path

from .views import budget, documents

urlpatterns = [
    path("<int:pk>/budget/", budget.budget_form, name="budget_form"),
    path(
        "<int:pk>/documents/<str:form>/upload/",
        documents.document_upload_view,
        name="document_upload",
    ),
    path(
        "<int:pk>/documents/<str:form>/",
        documents.document_download,
        name="document_download",
    ),
]
