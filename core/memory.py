"""A worker hands back to the system the memory a big answer (a PDF, a whole year's export) took
and freed, so its size follows what it holds rather than the largest thing it ever made.

CPython returns freed memory to the C allocator, and glibc keeps what it is given back for later
use: after a 4 MB export a worker stays ~30 MB larger for its whole life. ``malloc_trim`` returns
the free pages to the system (about 1 ms). It is called only after a request that grew the worker
by ``RELEASE_MEMORY_AFTER_MB`` (0: never), measured from /proc (a few microseconds), once the
answer has been sent and its content let go.

Much of what the largest answers make is not even freed when they are sent: a whole year's
openpyxl workbook (its sheets and cells refer to each other) waits in reference cycles for
Python's cyclic collector, which may not run for many requests, and keeps the worker ~40 MB
larger. After a request that grew the worker by ``COLLECT_CYCLES_AFTER_MB`` the cycles are
collected before the pages are handed back. A full collection reads every object the worker holds
(100–150 ms in a worker of 170 MB), so it is not done after a PDF (~12 MB), whose garbage the
collector's own runs free soon enough."""

import ctypes
import ctypes.util
import functools
import gc
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver

_STATM = Path("/proc/self/statm")
_PAGE = 4096
_started: ContextVar[int | None] = ContextVar("memory_at_start", default=None)


def resident_bytes() -> int:
    """This process's resident memory, or 0 where /proc is not there."""
    try:
        return int(_STATM.read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


@functools.cache
def _trim():
    """glibc's malloc_trim, or None (another C library, another system)."""
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return getattr(library, "malloc_trim", None)


def release_memory(*, collect_cycles: bool = False) -> bool:
    """Hand the allocator's free pages back to the system (after freeing what waits in
    reference cycles, with ``collect_cycles``); False where the pages cannot be handed back."""
    if collect_cycles:
        gc.collect()
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


class ReleaseMemoryMiddleware:
    """Notes the worker's size as a request starts (early in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.RELEASE_MEMORY_AFTER_MB > 0:
            _started.set(resident_bytes())
        return self.get_response(request)


@receiver(request_finished)
def _release_after_a_big_answer(sender, **kwargs):
    started = _started.get()
    if started is None:
        return
    _started.set(None)
    grown = resident_bytes() - started
    if grown >= settings.RELEASE_MEMORY_AFTER_MB * 2**20:
        release_memory(collect_cycles=grown >= settings.COLLECT_CYCLES_AFTER_MB * 2**20)
