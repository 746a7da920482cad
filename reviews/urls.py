from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/declare/", views.declare, name="declare"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("decide/", views.decide_many, name="decide_many"),
    path("decide/batches/<int:pk>/", views.decide_batch, name="decide_batch"),
    path("results.xlsx", views.results_xlsx, name="results_xlsx"),
]
