"""`field__in_array=[...]`: the same rows as `field__in=[...]`, for long lists of ids.

psycopg parses the text of every query it sends to find its parameters, and keeps that work only
for short queries: an `IN` with 1,000 ids costs ~7 ms of that parsing each time, more than the
query itself. On PostgreSQL the ids therefore go as one array parameter (`field = ANY(%s)`), which
keeps the query short; elsewhere this is Django's own `IN`.
"""

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


class InArray(Lookup):
    lookup_name = "in_array"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [[self.lhs.output_field.get_db_prep_value(item, connection) for item in value]]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


# Relations keep their own list of lookups (Django stops looking at ForeignObject).
Field.register_lookup(InArray)
ForeignObject.register_lookup(InArray)
