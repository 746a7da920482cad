from django.urls import path

from .views import reviews as views

urlpatterns = [
    path("reviews/assign/", views.assign, name="review_assign"),
    path("<int:pk>/review/", views.decision, name="review_decision"),
]
