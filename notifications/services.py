"""One way to tell people something: an in-site message and a queued, retrying e-mail."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from post_office import mail
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_retry_timedelta
from post_office.signals import email_queued

from .models import Message

logger = logging.getLogger(__name__)


Text = str | Callable[[], str]


def _in_language(text: Text, language: str) -> str:
    """`text` as its reader reads it: a callable (or a lazy string) is made in their language."""
    with translation.override(language):
        return str(text() if callable(text) else text)


def notify(
    *, event: str, recipients: Iterable, title: Text, body: Text = "", url: str = ""
) -> None:
    """Record in-site messages and queue one e-mail per address, in the caller's transaction.

    `title` and `body` may be callables (or lazy strings): each recipient's message and mail are
    then written in that person's language (``User.preferred_language``), so a caller passes
    ``lambda: _("…") % {...}`` rather than text made in the language of whoever acted.

    The queued rows commit or roll back with the change they report; `outbox_send` delivers them
    after the commit, outside any request, so a mail server that is down loses nothing."""
    people = {person.pk: person for person in recipients if person is not None}.values()
    texts: dict[str, tuple[str, str]] = {}

    def text_for(person) -> tuple[str, str]:
        language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
        if language not in texts:
            texts[language] = (_in_language(title, language), _in_language(body, language))
        return texts[language]

    Message.objects.bulk_create(
        Message(
            recipient=person,
            event=event,
            title=text_for(person)[0],
            body=text_for(person)[1],
            url=url,
        )
        for person in people
    )
    by_address = {}
    for person in sorted(people, key=lambda person: person.pk):
        if person.email and person.email not in by_address:
            by_address[person.email] = person
    addressed = []
    for address in sorted(by_address):
        try:
            validate_email(address)
        except ValidationError:
            # A bad address in one account must not undo the change the others hear about.
            logger.warning("Not e-mailing %r about %s: not a valid address", address, event)
            continue
        addressed.append((address, text_for(by_address[address])))
    # The rows are made here rather than by post_office's mail.send(), which would read the text
    # as a Django template ({{ in a reviewer's comment) and offers PRIORITY.now, which sends
    # inside the request and gives up after one failure.
    emails = Email.objects.bulk_create(
        Email(
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            subject=subject,
            message=f"{message}\n\n{url}".strip(),
            priority=PRIORITY.medium,
            status=STATUS.queued,
        )
        for address, (subject, message) in addressed
    )
    if emails:
        email_queued.send(sender=Email, emails=emails)


@dataclass(frozen=True)
class OutboxRun:
    sent: int = 0
    requeued: int = 0
    failed: int = 0


def retry_delay(retries: int) -> timedelta:
    """The wait before retry number `retries` (1, 2, …): RETRY_INTERVAL, doubled each time."""
    return get_retry_timedelta() * 2 ** (max(retries, 1) - 1)


def outbox_send() -> OutboxRun:
    """Send every queued e-mail that is due, batch by batch, through django-post-office.

    post_office requeues a failed mail after a fixed RETRY_INTERVAL and marks it failed after
    MAX_RETRIES; this moves each requeued mail of the batch to its growing delay instead. The
    caller holds the sender's lock (see the send_outbox command)."""
    sent = requeued = failed = 0
    while True:
        due = list(mail.get_queued().values_list("pk", flat=True))
        if not due:
            break
        batch_sent, batch_failed, batch_requeued = mail.send_queued()
        _back_off(due)
        sent, requeued, failed = sent + batch_sent, requeued + batch_requeued, failed + batch_failed
        if batch_sent + batch_failed + batch_requeued == 0:
            break  # nothing was handled: stop rather than spin
    return OutboxRun(sent=sent, requeued=requeued, failed=failed)


def _back_off(pks: list[int]) -> None:
    now = timezone.now()
    emails = list(
        Email.objects.filter(pk__in=pks, status=STATUS.requeued).only("pk", "number_of_retries")
    )
    for email in emails:
        email.scheduled_time = now + retry_delay(email.number_of_retries or 1)
    Email.objects.bulk_update(emails, ["scheduled_time"])


@transaction.atomic
def outbox_resend(*, pks: Iterable[int] | None = None, by=None) -> int:
    """Queue failed (or waiting-to-retry) e-mails again, due now and with a fresh retry count.

    Without `pks`, every failed e-mail. Returns how many were queued; the sender delivers them."""
    emails = Email.objects.filter(status__in=[STATUS.failed, STATUS.requeued])
    if pks is None:
        emails = emails.filter(status=STATUS.failed)
    else:
        emails = emails.filter(pk__in=list(pks))
    count = emails.update(
        status=STATUS.queued,
        number_of_retries=0,
        scheduled_time=None,
        last_updated=timezone.now(),
    )
    logger.info("%s e-mail(s) queued again by %s", count, by or "a command")
    return count
