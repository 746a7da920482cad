# Announcements, 檔案下載 and 操作教學 are managed on the center's own pages (portal.center_views),
# through the services that check their files, audit every change and tell people once; they are
# not offered in the Django admin, which would bypass all three.
