"""The database itself keeps the audit trail append-only: UPDATE and DELETE of an audit event
raise an exception, and so does TRUNCATE of the table, whatever the code (or a person at psql)
asks. The one exception: a session that has set `masar.audit_maintenance` to 'on' may TRUNCATE,
which the test suite's settings do, because pytest-django empties every table with TRUNCATE
after a transactional test. Production never sets it (docs/audit.md).
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('masar.audit_maintenance', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit events are never changed or removed (docs/audit.md).';
END;
$$;

CREATE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""

BACKWARD = """
DROP TRIGGER audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER audit_event_no_update_delete ON audit_auditevent;
DROP FUNCTION audit_event_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_event_request_id_agency_indexes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
