"""Reads of the company's ledger set-up."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Account, AccountRole, AccountType, Chart, JournalEntry, LedgerSettings, TaxPosting


def ledger_chart() -> Chart:
    """The standard chart the company keeps its books in."""
    return Chart(LedgerSettings.objects.get().chart)


def books_are_empty() -> bool:
    """Nothing posted yet: the only time the chart may still be switched."""
    return not JournalEntry.objects.exists()


def account_for_role(role: str) -> Account | None:
    """The postable account the chart gives `role` (receivable, revenue, ...): other apps never need numbers."""
    return (
        Account.objects.filter(role=role, is_postable=True, is_active=True).select_related("default_tax_code").first()
    )


def tax_posting_accounts(codes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(output account, input account) numbers per tax code; '' where the code posts no tax."""
    rows = TaxPosting.objects.filter(tax_code__code__in=list(codes)).values_list(
        "tax_code__code", "output_account__code", "input_account__code"
    )
    return {code: (output or "", input_ or "") for code, output, input_ in rows}


def revenue_accounts_by_code(codes: Iterable[str]) -> dict[str, Account]:
    """Those of `codes` that are active, postable income accounts (where a sale may go), by code."""
    wanted = [code for code in codes if code]
    if not wanted:
        return {}
    accounts = Account.objects.filter(code__in=wanted, type=AccountType.INCOME, is_postable=True, is_active=True)
    return {account.code: account for account in accounts}


def revenue_account_for(tax_code: str) -> Account | None:
    """Where sales at `tax_code` go.

    The default revenue account if it carries that code, else the chart's first income
    account that does (SKR 03: 8300 for 7 %), else the default revenue account.
    """
    default = account_for_role(AccountRole.REVENUE)
    if default is not None and default.default_tax_code and default.default_tax_code.code == tax_code:
        return default
    match = (
        Account.objects.filter(
            type=AccountType.INCOME, is_postable=True, is_active=True, role="", default_tax_code__code=tax_code
        )
        .order_by("code")
        .first()
    )
    return match or default
