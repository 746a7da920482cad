from django.urls import path

from .views import application as views
from .views import continuation

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("mine/", views.my_applications, name="my_applications"),
    path("<int:pk>/", views.progress, name="progress"),
    path("<int:pk>/view/", views.detail, name="detail"),
    path("<int:pk>/form/", views.application_form, name="application_form"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/continue/", continuation.continue_application, name="continue"),
    path("<int:pk>/form/member-row/", views.member_row, name="member_row"),
    path("<int:pk>/form/session-row/", views.session_row, name="session_row"),
    path("<int:pk>/form/content-items/", views.content_items, name="content_items"),
    path("<int:pk>/form/domain/", views.domain_field, name="domain_field"),
    path("<int:pk>/form/partner-search/", views.partner_search, name="partner_search"),
]
