from django.conf import settings

from .navigation import TOP


def portal(request):
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.messages.filter(read_at__isnull=True).count()
    return {"portal_top": TOP, "unread_messages": unread, "PLATFORM_CITY": settings.PLATFORM_CITY}
