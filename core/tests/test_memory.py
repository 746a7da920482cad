"""A request that grew the worker hands the memory it freed back once answered; others cost
nothing more than reading the worker's size twice."""

import gc

import pytest
from django.urls import reverse

from core import memory

pytestmark = pytest.mark.django_db

MB = 2**20


@pytest.fixture
def trims(monkeypatch):
    calls = []

    def release_memory(*, collect_cycles=False):
        calls.append("collect, trim" if collect_cycles else "trim")
        return True

    monkeypatch.setattr(memory, "release_memory", release_memory)
    return calls


def sizes(monkeypatch, *values):
    figures = iter(values)
    monkeypatch.setattr(memory, "resident_bytes", lambda: next(figures))


def test_a_request_that_grew_the_worker_releases_what_it_freed(
    client, monkeypatch, trims, settings
):
    settings.RELEASE_MEMORY_AFTER_MB = 8
    sizes(monkeypatch, 100 * MB, 130 * MB)

    client.get(reverse("portal:home"))

    assert trims == ["trim"]


def test_a_request_that_grew_the_worker_a_lot_frees_its_cycles_first(
    client, monkeypatch, trims, settings
):
    settings.RELEASE_MEMORY_AFTER_MB = 8
    settings.COLLECT_CYCLES_AFTER_MB = 32
    sizes(monkeypatch, 100 * MB, 140 * MB)

    client.get(reverse("portal:home"))

    assert trims == ["collect, trim"]


def test_a_small_request_releases_nothing(client, monkeypatch, trims, settings):
    settings.RELEASE_MEMORY_AFTER_MB = 8
    sizes(monkeypatch, 100 * MB, 103 * MB)

    client.get(reverse("portal:home"))

    assert trims == []


def test_with_the_setting_at_0_the_size_is_not_even_read(client, monkeypatch, trims, settings):
    settings.RELEASE_MEMORY_AFTER_MB = 0
    sizes(monkeypatch)  # any read would raise StopIteration

    client.get(reverse("portal:home"))

    assert trims == []


def test_the_worker_size_is_read_from_the_system():
    assert memory.resident_bytes() > 10 * MB
    assert memory.release_memory() is True  # glibc, as on the servers


def test_what_waits_in_reference_cycles_is_freed_and_handed_back():
    """An export's workbook refers to itself (sheets to cells to sheets): nothing frees it when
    the answer is sent, only Python's cyclic collector, which may not run for many requests."""

    class Node:
        def __init__(self):
            self.payload = bytearray(40 * MB)
            self.itself = self

    gc.disable()  # as between two runs of the collector in a worker
    try:
        Node()
        before = memory.resident_bytes()
        memory.release_memory(collect_cycles=True)
        after = memory.resident_bytes()
    finally:
        gc.enable()

    assert before - after >= 30 * MB
