"""Django's PostgreSQL backend, its bulk writes kept under the protocol's parameter limit.

With server-side binding (config.env: the statements a kept connection runs again are
prepared) every value of a statement is a parameter, and PostgreSQL takes at most 65,535 of
them: Django 5.2 still writes a bulk_create of all the rows at once (a message to every convenor
of a year, 30,000 rows of seven columns, would be refused). Each batch here holds as many rows as
fit."""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.features.uses_server_side_binding and fields:
            return max(1, min(len(objs), MAX_PARAMETERS // len(fields)))
        return super().bulk_batch_size(fields, objs)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
