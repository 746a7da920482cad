"""The answers every operation may give besides its 200, added to the OpenAPI schema so that a
client (and the schema-driven tests) know them: 401 without a valid token, 403 for an account
the data is not for, 404 for what it cannot see, 400 for a query parameter that is not valid."""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION = {"type": "object", "additionalProperties": {"type": "array", "items": {}}}


def _response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(result, generator, request, public):
    for route, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not operation.get("security") or route.startswith("/api/schema"):
                continue
            answers = operation.setdefault("responses", {})
            answers.setdefault("401", _response("No valid token", ERROR))
            answers.setdefault("403", _response("Not for this account", ERROR))
            answers.setdefault("404", _response("Not found, or not visible to this account", ERROR))
            if operation.get("parameters"):
                answers.setdefault("400", _response("A query parameter is not valid", VALIDATION))
    return result
