"""The outbox's test tools: the sender as the scheduler runs it, and a real SMTP server."""

import socket
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def send_outbox(tmp_path):
    """Run `manage.py send_outbox` once and return what it printed. Each test has its own lock
    file: test processes running side by side must not skip each other's sending."""

    def run() -> str:
        out = StringIO()
        call_command("send_outbox", lockfile=str(tmp_path / "outbox"), stdout=out)
        return out.getvalue()

    return run


class Recorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class SMTPServer:
    """A real SMTP server on a fixed local port, down until `start()`."""

    def __init__(self, port: int):
        self.port = port
        self.handler = Recorder()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Django's real SMTP backend pointed at a local port where the server is not yet running."""
    server = SMTPServer(free_port())
    post_office = {**settings.POST_OFFICE, "BACKENDS": {"default": SMTP_BACKEND}}
    with override_settings(
        POST_OFFICE=post_office, EMAIL_HOST="127.0.0.1", EMAIL_PORT=server.port, EMAIL_TIMEOUT=5
    ):
        yield server
    server.stop()
