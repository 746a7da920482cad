from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("mine/", views.my_applications, name="my_applications"),
    path("reviews/", views.review_list, name="review_list"),
]
