"""The two database roles (README "Two database roles").

- The **migrate role** (the owner): runs `manage.py migrate`, owns every table, the access log's
  included. Only it (or a superuser) could switch the log's triggers off.
- The **application role**: what web, worker and beat connect as. It reads and writes the
  application's tables but does not own them, and on the access log it may only read and append:
  no UPDATE, DELETE or TRUNCATE on `audit_accessevent`, and on the chain head no DELETE or TRUNCATE
  (UPDATE is needed to move the head forward, which a trigger keeps to one event at a time).

`app_role_sql(role)` is what `manage.py grant_app_role` runs as the migrate role after every
migrate (new tables get the grants too); `manage.py grant_app_role ROLE --print` shows it.
"""

from __future__ import annotations

from psycopg import sql

APPEND_ONLY = {
    "audit_accessevent": ("UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"),
    "audit_accesschainhead": ("DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"),
}


def app_role_sql(role: str, *, database: str, schema: str = "public") -> list[sql.Composed]:
    r, db, sc = sql.Identifier(role), sql.Identifier(database), sql.Identifier(schema)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, r),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sc, r),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(sc, r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(sc, r),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(sc, r),
    ]
    for table, rights in APPEND_ONLY.items():
        statements.append(
            sql.SQL("REVOKE {} ON {}.{} FROM {}").format(
                sql.SQL(", ").join(sql.SQL(right) for right in rights), sc, sql.Identifier(table), r
            )
        )
    return statements
