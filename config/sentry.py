"""Errors to Sentry when ``SENTRY_DSN`` is set (settings call ``sentry_init``); nothing otherwise,
and sentry-sdk is then not even imported."""

import logging


def _with_request_id(event, hint):
    from core.logs import request_id

    rid = request_id.get()
    if rid != "-":
        event.setdefault("tags", {})["request_id"] = rid
    return event


def sentry_init(
    *, dsn: str, environment: str, release: str | None, traces_sample_rate: float, transport=None
) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[
            DjangoIntegration(),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
        ],
        traces_sample_rate=traces_sample_rate,
        # Personal data (names, addresses, cookies) is not sent: sentry-sdk's default, kept.
        before_send=_with_request_id,
        transport=transport,
    )
