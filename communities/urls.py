from .urls_application import urlpatterns as application_urlpatterns
from .urls_budget import urlpatterns as budget_urlpatterns

app_name = "communities"

urlpatterns = application_urlpatterns + budget_urlpatterns
