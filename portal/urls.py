from django.urls import path

from . import center_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("announcements/", views.announcements, name="announcements"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path(
        "announcements/<int:pk>/attachments/<int:attachment_pk>/",
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
    path("tutorials/<int:pk>/file/", views.tutorial_file, name="tutorial_file"),
    # The center's pages for them (center/… paths the center app does not use).
    path("center/announcements/", center_views.announcements, name="center_announcements"),
    path(
        "center/announcements/new/",
        center_views.announcement_new,
        name="center_announcement_new",
    ),
    path(
        "center/announcements/approved-list/",
        center_views.approved_list_draft,
        name="center_approved_list",
    ),
    path(
        "center/announcements/<int:pk>/",
        center_views.announcement_edit,
        name="center_announcement_edit",
    ),
    path(
        "center/announcements/<int:pk>/withdraw/",
        center_views.announcement_withdraw_view,
        name="center_announcement_withdraw",
    ),
    path(
        "center/announcements/<int:pk>/pin/",
        center_views.announcement_pin_view,
        name="center_announcement_pin",
    ),
    path(
        "center/announcements/<int:pk>/unpublish/",
        center_views.announcement_unpublish_view,
        name="center_announcement_unpublish",
    ),
    path("center/downloads/", center_views.downloads, name="center_downloads"),
    path("center/downloads/new/", center_views.download_new, name="center_download_new"),
    path("center/downloads/<int:pk>/", center_views.download_edit, name="center_download_edit"),
    path(
        "center/downloads/<int:pk>/move/",
        center_views.download_move,
        name="center_download_move",
    ),
    path(
        "center/downloads/<int:pk>/show/",
        center_views.download_show,
        name="center_download_show",
    ),
    path("center/tutorials/", center_views.tutorials, name="center_tutorials"),
    path("center/tutorials/new/", center_views.tutorial_new, name="center_tutorial_new"),
    path("center/tutorials/<int:pk>/", center_views.tutorial_edit, name="center_tutorial_edit"),
    path(
        "center/tutorials/<int:pk>/move/",
        center_views.tutorial_move,
        name="center_tutorial_move",
    ),
    path(
        "center/tutorials/<int:pk>/show/",
        center_views.tutorial_show,
        name="center_tutorial_show",
    ),
]
