"""Django's PostgreSQL backend, its bulk writes kept under the protocol's parameter limit.

With server-side binding (config.env: the statements a kept connection runs again are
prepared) every value of a statement is a parameter, and PostgreSQL takes at most 65,535 of
them: Django 5.2 still writes a bulk_create of all the rows at once (a message to every convenor
of a year, 30,000 rows of seven columns, would be refused). Each batch here holds as many rows as
fit.

OPTIONS["prepared_max"]: how many statements a connection keeps prepared (psycopg's default is
100; config.env sets 500). Beyond it psycopg forgets the least recently used statement, and the
runs counted of one not yet prepared: more different statements than that, run in turn, are
forgotten before they come round again and never prepared."""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.features.uses_server_side_binding and fields:
            return max(1, min(len(objs), MAX_PARAMETERS // len(fields)))
        return super().bulk_batch_size(fields, objs)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("prepared_max", None)  # not a connection parameter: set on the connection
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if "prepared_max" in self.settings_dict["OPTIONS"]:
            connection.prepared_max = self.settings_dict["OPTIONS"]["prepared_max"]
        return connection
