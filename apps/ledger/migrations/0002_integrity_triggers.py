"""PostgreSQL guards the books, whoever writes to them.

- A posted entry balances: a deferred constraint trigger checks debits = credits (and at
  least two lines) when the transaction commits.
- Posted and reversed entries, and their lines, cannot be changed or deleted. The one
  change allowed is marking a posted entry reversed, nothing else on the row.
- Nothing is posted into a closed period; lines repeat their entry's date and period.
- Per-account period balances are updated in the statement that posts.

The functions live in the public schema and address each tenant's tables through
TG_TABLE_SCHEMA, so they never depend on the search_path of whoever writes.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.kontor_ledger_entry_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    period_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'draft' THEN
            RAISE EXCEPTION 'journal entry % is % and cannot be deleted; reverse it instead', OLD.id, OLD.state
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.state <> 'draft' THEN
        IF OLD.state = 'posted' AND NEW.state = 'reversed' AND (to_jsonb(NEW) - 'state') = (to_jsonb(OLD) - 'state') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'journal entry % is % and cannot be changed; reverse it instead', OLD.id, OLD.state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.state <> 'draft' THEN
        EXECUTE format('SELECT status FROM %I.ledger_period WHERE id = $1', TG_TABLE_SCHEMA)
            INTO period_status USING NEW.period_id;
        IF period_status IS DISTINCT FROM 'open' THEN
            RAISE EXCEPTION 'period % is closed: journal entry % cannot be posted into it', NEW.period_id, NEW.id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION public.kontor_ledger_entry_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    total_debit numeric;
    total_credit numeric;
    line_count integer;
BEGIN
    EXECUTE format('SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) FROM %I.ledger_journalline WHERE entry_id = $1', TG_TABLE_SCHEMA)
        INTO total_debit, total_credit, line_count USING NEW.id;
    IF line_count < 2 OR total_debit <> total_credit THEN
        RAISE EXCEPTION 'journal entry % does not balance: debit %, credit %, % lines', NEW.id, total_debit, total_credit, line_count
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

-- Statement-level, with transition tables: one query per INSERT/UPDATE/DELETE, however many lines.
CREATE OR REPLACE FUNCTION public.kontor_ledger_line_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    offending bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('SELECT o.entry_id FROM old_lines o JOIN %I.ledger_journalentry e ON e.id = o.entry_id WHERE e.state <> ''draft'' LIMIT 1', TG_TABLE_SCHEMA)
            INTO offending;
        IF offending IS NOT NULL THEN
            RAISE EXCEPTION 'lines of booked journal entry % cannot be changed or deleted', offending
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('SELECT n.entry_id FROM new_lines n JOIN %I.ledger_journalentry e ON e.id = n.entry_id WHERE e.state <> ''draft'' OR n.date <> e.date OR n.period_id <> e.period_id LIMIT 1', TG_TABLE_SCHEMA)
            INTO offending;
        IF offending IS NOT NULL THEN
            RAISE EXCEPTION 'lines can be added to draft journal entries only, with the entry''s date and period (entry %)', offending
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION public.kontor_ledger_balances_on_post() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        INSERT INTO %1$I.ledger_accountperiodbalance AS b (account_id, period_id, debit, credit)
        SELECT l.account_id, l.period_id, sum(l.debit), sum(l.credit)
          FROM new_entries n
          JOIN old_entries o ON o.id = n.id
          JOIN %1$I.ledger_journalline l ON l.entry_id = n.id
         WHERE o.state = 'draft' AND n.state = 'posted'
         GROUP BY l.account_id, l.period_id
        ON CONFLICT (period_id, account_id)
        DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    $sql$, TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;
"""

TRIGGERS = r"""
CREATE TRIGGER ledger_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION public.kontor_ledger_entry_guard();
CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT OR UPDATE ON ledger_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.state = 'posted') EXECUTE FUNCTION public.kontor_ledger_entry_balanced();
CREATE TRIGGER ledger_balances_on_post AFTER UPDATE ON ledger_journalentry
    REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION public.kontor_ledger_balances_on_post();
CREATE TRIGGER ledger_line_guard_insert AFTER INSERT ON ledger_journalline
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION public.kontor_ledger_line_guard();
CREATE TRIGGER ledger_line_guard_update AFTER UPDATE ON ledger_journalline
    REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION public.kontor_ledger_line_guard();
CREATE TRIGGER ledger_line_guard_delete AFTER DELETE ON ledger_journalline
    REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION public.kontor_ledger_line_guard();
"""

DROP_TRIGGERS = r"""
DROP TRIGGER IF EXISTS ledger_line_guard_delete ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_line_guard_update ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_line_guard_insert ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_balances_on_post ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTIONS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, reverse_sql=DROP_TRIGGERS),
    ]
