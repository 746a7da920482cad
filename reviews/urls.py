from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/declare/", views.declare, name="declare"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
