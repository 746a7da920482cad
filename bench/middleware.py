"""X-Bench-Queries: how many SQL queries the request ran, every middleware's included;
X-Bench-Memory: the worker's resident memory in MB once the view has answered."""

from pathlib import Path

from django.db import connection


def count_queries(get_response):
    def middleware(request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
            if getattr(response, "streaming", False):
                # A file streamed after the view returns: its queries ran in the view.
                pass
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-Memory"] = str(resident_mb())
        return response

    return middleware


def resident_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0
