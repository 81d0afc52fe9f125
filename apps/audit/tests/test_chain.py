"""The audit trail records who changed what, and tampering behind the application's back shows."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import tenant_context

from apps.audit.models import AuditEntry
from apps.audit.selectors import audit_chain_problems
from apps.taxes.models import TaxRate

pytestmark = pytest.mark.django_db


def change_a_rate_through_the_api(tenant, client, name="Ermäßigter Satz"):
    with tenant_context(tenant):
        rate = TaxRate.objects.get(code="de-reduced-7")
    response = client.patch(f"/api/v1/tax-rates/{rate.pk}/", {"name": name}, format="json")
    assert response.status_code == 200
    entries_link(tenant)
    return rate, response


def entries_link(tenant):
    """What commit does: the deferred trigger links the transaction's new entries into the chain.

    Tests never commit, so they ask PostgreSQL to run the deferred triggers now.
    """
    with tenant_context(tenant), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tamper(sql, *params):
    """What someone with database access could do: switch the guards off, change rows, switch them on."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks, so the table may be altered
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def test_a_change_records_actor_address_agent_request_and_before_after(tenant_a, owner_a, token_for):
    rate, response = change_a_rate_through_the_api(tenant_a, token_for(tenant_a, owner_a))

    with tenant_context(tenant_a):
        entry = AuditEntry.objects.filter(object_pk=str(rate.pk)).latest("seq")
        assert entry.action == AuditEntry.Action.UPDATE
        assert entry.actor == owner_a
        assert entry.remote_addr == "203.0.113.8"
        assert entry.user_agent == "pytest-app"
        assert entry.cid == response["X-Request-ID"]
        assert entry.changes["name"] == ["USt 7 %", "Ermäßigter Satz"]
        assert len(entry.entry_hash) == 64 and entry.seq >= 1
        assert audit_chain_problems() == []


def test_the_database_refuses_to_update_or_delete_audit_entries(tenant_a, owner_a, token_for):
    change_a_rate_through_the_api(tenant_a, token_for(tenant_a, owner_a))

    with tenant_context(tenant_a):
        entry = AuditEntry.objects.latest("seq")
        for statement in (
            "UPDATE audit_auditentry SET object_repr = 'x' WHERE id = %s",
            "DELETE FROM audit_auditentry WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute(statement, [entry.pk])
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            c.execute("TRUNCATE audit_auditentry")
        assert AuditEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("UPDATE audit_auditentry SET object_repr = 'Nothing to see' WHERE seq = %s", "changed"),
        ("UPDATE audit_auditentry SET changes = '{}'::jsonb WHERE seq = %s", "changed"),
        ("DELETE FROM audit_auditentry WHERE seq = %s", "deleted"),
        (
            "INSERT INTO audit_auditentry (content_type_id, object_pk, object_repr, action, changes_text, timestamp,"
            " user_agent, seq, prev_hash, entry_hash) SELECT content_type_id, object_pk, 'forged', action, '', now(),"
            " '', NULL, prev_hash, entry_hash FROM audit_auditentry WHERE seq = %s",
            "inserted",
        ),
    ],
)
def test_verify_audit_chain_reports_rows_changed_behind_the_applications_back(
    tenant_a, owner_a, token_for, sql, kind, capsys
):
    client = token_for(tenant_a, owner_a)
    for name in ("Ermäßigt", "Ermäßigter Satz", "7 %"):
        change_a_rate_through_the_api(tenant_a, client, name)
    with tenant_context(tenant_a):
        middle = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True)[1]
        tamper(sql, middle)

    call_command("verify_audit_chain", schema=["t_beta"])  # the other company is untouched
    with pytest.raises(CommandError, match="1 schema"):
        call_command("verify_audit_chain", schema=["t_alpha"])

    output = capsys.readouterr().out
    assert "t_beta: intact" in output
    assert f"t_alpha: {kind}:" in output


def test_deleting_the_newest_entries_is_noticed_too(tenant_a, owner_a, token_for):
    change_a_rate_through_the_api(tenant_a, token_for(tenant_a, owner_a))

    with tenant_context(tenant_a):
        last = AuditEntry.objects.latest("seq").seq
        tamper("DELETE FROM audit_auditentry WHERE seq = %s", last)
        assert [p.kind for p in audit_chain_problems()] == ["deleted"]


def test_an_intact_trail_verifies_in_every_schema(capsys):
    call_command("verify_audit_chain")

    output = capsys.readouterr().out
    assert "public: intact" in output and "t_alpha: intact" in output and "t_beta: intact" in output


def test_entries_are_linked_into_the_chain_when_their_transaction_commits(tenant_a, owner_a, token_for):
    client = token_for(tenant_a, owner_a)
    with tenant_context(tenant_a):
        rate = TaxRate.objects.get(code="de-reduced-7")
    client.patch(f"/api/v1/tax-rates/{rate.pk}/", {"name": "Vor dem Commit"}, format="json")

    with tenant_context(tenant_a):
        pending = AuditEntry.objects.filter(object_pk=str(rate.pk)).latest("id")
        # Until commit the entry holds no place in the chain, so nobody waits for the chain's head.
        assert (pending.seq, pending.entry_hash) == (None, "")
    entries_link(tenant_a)

    with tenant_context(tenant_a):
        linked = AuditEntry.objects.get(pk=pending.pk)
        assert linked.seq is not None and len(linked.entry_hash) == 64
        assert audit_chain_problems() == []
