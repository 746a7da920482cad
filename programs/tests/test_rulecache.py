"""The year's rules kept by a process (programs.rulecache): read once, and read again as soon as
any rule row is saved or deleted, also by a process that kept the old ones (it reads its
ProgramYear row, whose rules_changed_at moved)."""

import pytest
from django.urls import reverse

from communities.tests.helpers import ready_application
from programs.models import Domain, Option, ProgramYear, Stage
from programs.rulecache import year_rules_cached

pytestmark = pytest.mark.django_db


def test_rules_are_read_once_then_again_after_a_rule_changes(program):
    loads = []

    def load():
        loads.append(1)
        return list(Option.objects.filter(program=program).values_list("label", flat=True))

    first = year_rules_cached(program, "labels", load)
    assert year_rules_cached(program, "labels", load) == first
    assert len(loads) == 1

    option = Option.objects.filter(program=program).first()
    option.label = "改過的選項"
    option.save()
    program = ProgramYear.objects.get(pk=program.pk)  # the next request's row

    assert "改過的選項" in year_rules_cached(program, "labels", load)
    assert len(loads) == 2


def test_another_process_holding_the_old_rules_reads_them_again(program):
    """What a second process keeps survives a change made elsewhere: only the moved key tells."""
    from programs import rulecache

    before = ProgramYear.objects.get(pk=program.pk)
    year_rules_cached(before, "labels", lambda: ["舊"])
    kept = dict(rulecache._kept)

    Stage.objects.first().save()  # a rule of every year changed by another process
    rulecache._kept.update(kept)  # …while this one still keeps what it read

    after = ProgramYear.objects.get(pk=program.pk)
    assert after.rules_changed_at > before.rules_changed_at
    assert year_rules_cached(after, "labels", lambda: ["新"]) == ["新"]


def test_a_domains_stages_changed_count_as_a_rule_change(program):
    before = ProgramYear.objects.get(pk=program.pk).rules_changed_at
    domain = Domain.objects.first()
    domain.stages.remove(domain.stages.first())
    assert ProgramYear.objects.get(pk=program.pk).rules_changed_at > before


def test_the_form_offers_an_option_renamed_after_it_was_shown(client, program):
    application = ready_application(program)
    client.force_login(application.convenor)
    url = reverse("communities:application_form", args=[application.pk])
    client.get(url)
    option = Option.objects.filter(program=program).order_by("kind", "order").first()
    option.label = "新的選項名稱"
    option.save()

    assert "新的選項名稱" in client.get(url).content.decode()
