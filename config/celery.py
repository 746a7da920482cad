"""The Celery app (``celery -A config.celery worker`` / ``beat``) when a broker is configured
(CELERY_BROKER_URL, Redis). Without one every task runs in the calling process (eager), and
`make start`'s ``run_worker`` does the periodic work from the database's queue: no broker needed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("plc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["portal", "documents"], related_name="jobs")
