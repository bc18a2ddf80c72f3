"""Give the application's database role exactly the rights it needs (see audit/roles.py).

Run as the migrate role (the tables' owner), after every `migrate`:

    manage.py grant_app_role misconduct_app                      # grants to an existing role
    APP_DATABASE_PASSWORD=... manage.py grant_app_role misconduct_app --create   # creates it first
    manage.py grant_app_role misconduct_app --print              # the SQL, to run by hand
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from audit.roles import app_role_sql


class Command(BaseCommand):
    help = (
        "Create (with --create) and grant the application's database role: no UPDATE/DELETE/TRUNCATE on the access log."
    )

    def add_arguments(self, parser):
        parser.add_argument("role")
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the role (LOGIN, password from APP_DATABASE_PASSWORD) if it does not exist",
        )
        parser.add_argument("--print", action="store_true", help="Print the SQL instead of running it")

    def handle(self, *args, role: str, create: bool, print: bool, **options):
        database = connection.settings_dict["NAME"]
        statements = app_role_sql(role, database=database)
        with connection.cursor() as cursor:
            if print:
                for statement in statements:
                    self.stdout.write(statement.as_string(cursor.connection) + ";")
                return
            with transaction.atomic():
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                exists = cursor.fetchone() is not None
                if not exists:
                    if not create:
                        raise CommandError(f"No database role {role!r}: create it, or pass --create.")
                    password = os.environ.get("APP_DATABASE_PASSWORD", "")
                    if not password:
                        raise CommandError("--create needs the new role's password in APP_DATABASE_PASSWORD.")
                    cursor.execute(
                        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
                    )
                cursor.execute("SELECT current_user")
                owner = cursor.fetchone()[0]
                if owner == role:
                    raise CommandError("Run this as the migrate role (the tables' owner), not as the application role.")
                for statement in statements:
                    cursor.execute(statement)
        self.stdout.write(
            f"Database role {role!r}: reads and writes the application's tables; the access log is append-only "
            f"for it (owner: {owner})."
        )
