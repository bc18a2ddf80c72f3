"""The access log's guards as plain triggers with no switch.

pgtrigger's Protect trigger is skipped when a session sets ``pgtrigger.ignore``, which any role,
the application's included, may do. These triggers have no such switch:

- ``audit_accessevent``: every UPDATE and DELETE is refused (row trigger) and so is TRUNCATE
  (statement trigger);
- ``audit_accesschainhead``: DELETE and TRUNCATE are refused, and an UPDATE may only move the head
  one event forward, onto that event's hash (so the head cannot be moved back over a cut).

TRUNCATE is let through for a database superuser only: Django's test runner and ``flush`` empty
tables that way, and a superuser can switch any trigger off in any case. The application itself
runs as a role that neither owns these tables nor has UPDATE, DELETE or TRUNCATE on them
(``manage.py grant_app_role``), so it cannot switch the triggers off either.
"""

import pgtrigger.migrations
from django.db import migrations

FORWARD = r"""
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Cannot update or delete rows of %: the access log is append-only', TG_TABLE_NAME;
END;
$$;

CREATE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
        RETURN NULL;  -- a superuser (the test runner's flush); it could switch the trigger off anyway
    END IF;
    RAISE EXCEPTION 'Cannot truncate %: the access log is append-only', TG_TABLE_NAME;
END;
$$;

CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
       OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_accessevent WHERE seq = NEW.seq) THEN
        RAISE EXCEPTION 'The access log chain head only moves one event forward, onto that event (append-only)';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_accessevent_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_accessevent_no_truncate
    BEFORE TRUNCATE ON audit_accessevent FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_accesschainhead_no_delete
    BEFORE DELETE ON audit_accesschainhead FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_accesschainhead_forward_only
    BEFORE UPDATE ON audit_accesschainhead FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only();
CREATE TRIGGER audit_accesschainhead_no_truncate
    BEFORE TRUNCATE ON audit_accesschainhead FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""

BACKWARD = r"""
DROP TRIGGER audit_accessevent_append_only ON audit_accessevent;
DROP TRIGGER audit_accessevent_no_truncate ON audit_accessevent;
DROP TRIGGER audit_accesschainhead_no_delete ON audit_accesschainhead;
DROP TRIGGER audit_accesschainhead_forward_only ON audit_accesschainhead;
DROP TRIGGER audit_accesschainhead_no_truncate ON audit_accesschainhead;
DROP FUNCTION audit_refuse_change();
DROP FUNCTION audit_refuse_truncate();
DROP FUNCTION audit_chain_head_forward_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="accessevent",
            name="access_event_append_only",
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
