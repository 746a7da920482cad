"""Rows a caller already holds, kept where the ORM looks for them."""


def keep_as_prefetched(instance, name: str, rows) -> None:
    """Keep ``rows`` as what ``instance.<name>.all()`` returns, as prefetch_related would (rows
    just written, or taken from rows read otherwise), so that no later read queries them again."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
