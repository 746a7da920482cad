"""A worker hands back to the system the memory a big answer (a PDF, a whole year's export) took
and freed, so its size follows what it holds rather than the largest thing it ever made.

CPython returns freed memory to the C allocator, and glibc keeps what it is given back for later
use: after a 4 MB export a worker stays ~30 MB larger for its whole life. ``malloc_trim`` returns
the free pages to the system (about 1 ms). It is called only after a request that grew the
worker by ``RELEASE_MEMORY_AFTER_MB`` (0: never), measured from /proc (a few microseconds), once
the answer has been sent and its content let go."""

import ctypes
import ctypes.util
import functools
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


def release_memory() -> bool:
    """Hand the allocator's free pages back to the system; False where that cannot be done."""
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
    if resident_bytes() - started >= settings.RELEASE_MEMORY_AFTER_MB * 2**20:
        release_memory()
