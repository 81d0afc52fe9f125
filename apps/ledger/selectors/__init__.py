"""Reads from the books: balances, statements, returns and exports."""

from .balances import (
    ACTIVITY_KINDS,
    CUMULATIVE_KINDS,
    LedgerLine,
    Movement,
    account_ledger,
    account_movements,
    account_opening_balance,
)
from .setup import (
    account_for_role,
    books_are_empty,
    ledger_chart,
    revenue_account_for,
    revenue_accounts_by_code,
    tax_posting_accounts,
)
from .statements import (
    BalanceSheet,
    GeneralLedger,
    ProfitAndLoss,
    TrialBalance,
    balance_sheet,
    general_ledger,
    general_ledger_page,
    journal_entry_detail,
    profit_and_loss,
    trial_balance,
)
from .vat_returns import VatBox, vat_return

__all__ = [
    "ACTIVITY_KINDS",
    "CUMULATIVE_KINDS",
    "BalanceSheet",
    "GeneralLedger",
    "LedgerLine",
    "Movement",
    "ProfitAndLoss",
    "TrialBalance",
    "VatBox",
    "account_for_role",
    "account_ledger",
    "account_movements",
    "account_opening_balance",
    "balance_sheet",
    "books_are_empty",
    "general_ledger",
    "general_ledger_page",
    "journal_entry_detail",
    "ledger_chart",
    "profit_and_loss",
    "revenue_account_for",
    "revenue_accounts_by_code",
    "tax_posting_accounts",
    "trial_balance",
    "vat_return",
]
