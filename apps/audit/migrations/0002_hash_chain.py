"""The database keeps the audit trail append-only and hash-chained.

The functions live in the public schema (created idempotently by every schema's
run of this migration); the triggers sit on each schema's own audit table. The
trigger addresses the chain head through TG_TABLE_SCHEMA, so it never depends on
the search_path of whoever inserts.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.kontor_audit_digest(entry jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
    -- The timestamp is normalised to UTC text so the digest does not depend on the session time zone.
    SELECT encode(sha256(convert_to(
        (entry - 'entry_hash' - 'timestamp')::text || '|' ||
        to_char((entry ->> 'timestamp')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION public.kontor_audit_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head record;
BEGIN
    -- Locking the head row serialises appends per schema: each entry links to the one before.
    EXECUTE format('SELECT last_seq, last_hash FROM %I.audit_auditchainhead WHERE id = 1 FOR UPDATE', TG_TABLE_SCHEMA)
        INTO head;
    NEW.seq := head.last_seq + 1;
    NEW.prev_hash := head.last_hash;
    NEW.entry_hash := public.kontor_audit_digest(to_jsonb(NEW));
    EXECUTE format('UPDATE %I.audit_auditchainhead SET last_seq = $1, last_hash = $2 WHERE id = 1', TG_TABLE_SCHEMA)
        USING NEW.seq, NEW.entry_hash;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION public.kontor_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

TRIGGERS = r"""
INSERT INTO audit_auditchainhead (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION public.kontor_audit_chain();
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION public.kontor_audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION public.kontor_audit_refuse_change();
"""

DROP_TRIGGERS = r"""
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_chain ON audit_auditentry;
DELETE FROM audit_auditchainhead;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTIONS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, reverse_sql=DROP_TRIGGERS),
    ]
