"""Addresses without the site's names: pages that reverse a URL cannot render here."""

from .error_urls import failing as urlpatterns  # noqa: F401
