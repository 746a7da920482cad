from django.urls import path

from .views import application as views

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("mine/", views.my_applications, name="my_applications"),
    path("reviews/", views.review_list, name="review_list"),
    path("<int:pk>/", views.progress, name="progress"),
    path("<int:pk>/view/", views.detail, name="detail"),
]
