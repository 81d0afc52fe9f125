"""Link audit entries into the chain when their transaction commits, not when they are written.

Chaining at insert took the chain head's row lock at a transaction's first audited write
and held it to the end: every audited transaction of a company queued behind it, and one
that then waited for another row lock (a foreign-key check at commit, say) could deadlock
with a transaction holding that row and waiting for the head. Now a BEFORE INSERT trigger
only blanks the chain columns, and a deferred constraint trigger fills them at commit,
holding the head for the moment it takes. The append-only trigger lets exactly that one
update through: on an unlinked entry, of the chain columns only, by the chaining function.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.kontor_audit_unlinked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.seq := NULL;
    NEW.prev_hash := '';
    NEW.entry_hash := '';
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION public.kontor_audit_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head record;
    entry jsonb;
    new_seq bigint;
    new_hash text;
BEGIN
    EXECUTE format('SELECT last_seq, last_hash FROM %I.audit_auditchainhead WHERE id = 1 FOR UPDATE', TG_TABLE_SCHEMA)
        INTO head;
    new_seq := head.last_seq + 1;
    EXECUTE format('SELECT to_jsonb(e) FROM %I.audit_auditentry e WHERE id = $1', TG_TABLE_SCHEMA) INTO entry USING NEW.id;
    entry := entry || jsonb_build_object('seq', new_seq, 'prev_hash', head.last_hash);
    new_hash := public.kontor_audit_digest(entry);
    PERFORM set_config('kontor.audit_linking', 'on', true);
    EXECUTE format('UPDATE %I.audit_auditentry SET seq = $1, prev_hash = $2, entry_hash = $3 WHERE id = $4', TG_TABLE_SCHEMA)
        USING new_seq, head.last_hash, new_hash, NEW.id;
    PERFORM set_config('kontor.audit_linking', 'off', true);
    EXECUTE format('UPDATE %I.audit_auditchainhead SET last_seq = $1, last_hash = $2 WHERE id = 1', TG_TABLE_SCHEMA)
        USING new_seq, new_hash;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION public.kontor_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('kontor.audit_linking', true) = 'on'
       AND OLD.entry_hash = ''
       AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'entry_hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'entry_hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

TRIGGERS = r"""
DROP TRIGGER IF EXISTS audit_entry_chain ON audit_auditentry;
CREATE TRIGGER audit_entry_unlinked BEFORE INSERT ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION public.kontor_audit_unlinked();
CREATE CONSTRAINT TRIGGER audit_entry_link AFTER INSERT ON audit_auditentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.kontor_audit_link();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS audit_entry_link ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_unlinked ON audit_auditentry;
CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION public.kontor_audit_chain();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_schedule_nightly_verification")]

    operations = [
        migrations.RunSQL(FUNCTIONS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, reverse_sql=REVERSE),
    ]
