"""Reads of the company's ledger set-up."""

from __future__ import annotations

from ..models import Account, Chart, JournalEntry, LedgerSettings


def ledger_chart() -> Chart:
    """The standard chart the company keeps its books in."""
    return Chart(LedgerSettings.objects.get().chart)


def books_are_empty() -> bool:
    """Nothing posted yet: the only time the chart may still be switched."""
    return not JournalEntry.objects.exists()


def account_for_role(role: str) -> Account | None:
    """The postable account the chart gives `role` (receivable, revenue, ...): other apps never need numbers."""
    return Account.objects.filter(role=role, is_postable=True, is_active=True).first()
