"""Verifies the audit hash chain of one schema."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from .models import GENESIS_HASH

_CHAIN_SQL = """
SELECT id, seq, prev_hash, entry_hash, public.kontor_audit_digest(to_jsonb(e)) AS digest
FROM audit_auditentry AS e
ORDER BY seq NULLS FIRST, id
"""


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # "changed", "inserted" or "deleted"
    entry_id: int | None
    seq: int | None
    detail: str

    def __str__(self) -> str:
        where = f"entry #{self.entry_id} (seq {self.seq})" if self.entry_id else f"seq {self.seq}"
        return f"{self.kind}: {where}: {self.detail}"


def audit_chain_problems(*, chunk_size: int = 2000) -> list[ChainProblem]:
    """Every break in the current schema's chain; an empty list means the trail is intact.

    Recomputes each entry's digest in the database (the same function the insert
    trigger uses) and walks the entries in order, streaming them in chunks.
    """
    problems: list[ChainProblem] = []
    expected_seq, expected_prev = 1, GENESIS_HASH
    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_SQL)
        while rows := cursor.fetchmany(chunk_size):
            for entry_id, seq, prev_hash, entry_hash, digest in rows:
                if seq is None:
                    problems.append(ChainProblem("inserted", entry_id, None, "entry is outside the chain"))
                    continue
                if seq > expected_seq:
                    missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
                    problems.append(ChainProblem("deleted", None, expected_seq, f"entries {missing} are missing"))
                elif seq < expected_seq or prev_hash != expected_prev:
                    problems.append(ChainProblem("inserted", entry_id, seq, "does not link to the entry before it"))
                if digest != entry_hash:
                    problems.append(ChainProblem("changed", entry_id, seq, "content does not match its hash"))
                expected_seq, expected_prev = seq + 1, entry_hash
        cursor.execute("SELECT last_seq, last_hash FROM audit_auditchainhead WHERE id = 1")
        head = cursor.fetchone()
    if head is None or head[0] != expected_seq - 1 or head[1] != expected_prev:
        last = head[0] if head else "?"
        problems.append(
            ChainProblem(
                "deleted",
                None,
                expected_seq,
                f"the chain ended at {last}, entries after {expected_seq - 1} are missing",
            )
        )
    return problems
