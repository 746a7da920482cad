from django.urls import path

from . import views

app_name = "printing"

urlpatterns = [
    path("applications/<int:pk>/plan/", views.plan, name="plan"),
    path("applications/<int:pk>/budget/", views.budget, name="budget"),
]
