import pytest
from django.urls import reverse

from people.tests.factories import UserFactory
from printing.models import PrintRecord

pytestmark = pytest.mark.django_db


def test_print_records_are_listed_read_only_in_the_admin(client, application):
    client.force_login(application.convenor)
    client.get(reverse("printing:plan", args=[application.pk]))
    record = PrintRecord.objects.get()
    admin = UserFactory(center=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:printing_printrecord_changelist")).content.decode()
    assert record.code in page
    assert client.get(reverse("admin:printing_printrecord_add")).status_code == 403


def test_teachers_cannot_open_the_print_records(client, application):
    client.force_login(application.convenor)
    response = client.get(reverse("admin:printing_printrecord_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
