"""X-Bench-Queries: how many SQL queries the request ran, every middleware's included;
X-Bench-SQL-Ms: the milliseconds spent waiting for them (sent, planned and run by the database,
the rows read back by the driver); X-Bench-Server-Ms: the milliseconds the whole request took in
the worker, every middleware's included (the rest is Python: the ORM, forms, templates);
X-Bench-Memory: the worker's resident memory in MB once the view has answered."""

import time

from django.db import connection

from core.memory import resident_bytes


def count_queries(get_response):
    def middleware(request):
        started = time.perf_counter()
        count = 0
        waited = 0.0

        def counter(execute, sql, params, many, context):
            nonlocal count, waited
            count += 1
            sent = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                waited += time.perf_counter() - sent

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-SQL-Ms"] = f"{waited * 1000:.2f}"
        response["X-Bench-Server-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        response["X-Bench-Memory"] = str(resident_bytes() // 2**20)
        return response

    return middleware
