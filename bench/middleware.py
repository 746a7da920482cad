"""X-Bench-Queries: how many SQL queries the request ran, every middleware's included;
X-Bench-Memory: the worker's resident memory in MB once the view has answered."""

from django.db import connection

from core.memory import resident_bytes


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
        response["X-Bench-Memory"] = str(resident_bytes() // 2**20)
        return response

    return middleware
