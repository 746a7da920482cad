"""One way to tell people something: an in-site message and a queued, retrying e-mail."""

from collections.abc import Iterable

from django.db import transaction
from post_office import mail

from .models import Message


def notify(*, event: str, recipients: Iterable, title: str, body: str = "", url: str = "") -> None:
    """Record in-site messages now; queue the e-mails once the surrounding transaction commits."""
    people = {person.pk: person for person in recipients if person is not None}.values()
    Message.objects.bulk_create(
        Message(recipient=person, event=event, title=title, body=body, url=url) for person in people
    )
    addresses = sorted({person.email for person in people if person.email})
    if not addresses:
        return

    def send():
        for address in addresses:
            mail.send(address, subject=title, message=f"{body}\n\n{url}".strip())

    transaction.on_commit(send)
