"""Errors to Sentry when ``SENTRY_DSN`` is set (settings call ``sentry_init``); nothing otherwise,
and sentry-sdk is then not even imported."""

import logging


def _with_request_id(event, hint):
    from core.logs import request_id

    rid = request_id.get()
    if rid != "-":
        event.setdefault("tags", {})["request_id"] = rid
    return event


# What an error report carries besides the error and its stack. Left to sentry-sdk, a report
# carries the request's form (a teacher's plan, names, phone numbers) and every frame's local
# variables, and with data_collection's own defaults also the signed-in user, query strings (案件查詢
# searches by name) and SQL parameters: none of them is sent.
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {
        "request": {"mode": "allowlist", "terms": ["user-agent", "content-type", "content-length"]}
    },
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}


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
        data_collection=DATA_COLLECTION,
        before_send=_with_request_id,
        transport=transport,
    )
