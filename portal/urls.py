from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path(
        "announcements/<int:pk>/attachment/",
        views.announcement_attachment,
        name="announcement_attachment",
    ),
    path("home/", views.role_home, name="role_home"),
    path(
        "certification/", views.not_yet_offered, {"module": "certification"}, name="certification"
    ),
    path("functions/", views.functions, name="functions"),
    path("functions/coaching/", views.not_yet_offered, {"module": "coaching"}, name="coaching"),
    path(
        "functions/consult/general/",
        views.not_yet_offered,
        {"module": "consult_general"},
        name="consult_general",
    ),
    path(
        "functions/consult/assigned/",
        views.not_yet_offered,
        {"module": "consult_assigned"},
        name="consult_assigned",
    ),
    path("functions/community/", views.community, name="community"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<int:pk>/", views.download_file, name="download_file"),
    path("tutorials/", views.tutorials, name="tutorials"),
]
