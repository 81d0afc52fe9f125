"""VAT returns: a hand-computed month per country, box by box.

`TaxedDocument` posts a sale or purchase the way invoicing will: per tax code a base line
and a tax line (twice, owed and deducted, for self-assessed purchases), settled on one
account. The DATEV and DGII tests post their months with it too.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps.ledger.models import Account, AccountRole, JournalEntry, TaxPosting, TaxSide
from apps.ledger.selectors import vat_return
from apps.ledger.services import EntrySpec, LineSpec, entries_post, entry_reverse
from apps.taxes.models import TaxCategory
from apps.tenants.models import Role, Tenant
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.00")
SELF_ASSESSED = (TaxCategory.REVERSE_CHARGE, TaxCategory.INTRA_EU)


@dataclass(frozen=True)
class Part:
    """One tax code's share of a document: its base, booked on `account` (default: the revenue
    or expense role), and its tax."""

    code: str
    base: str
    tax: str = "0.00"
    account: str = ""


@dataclass(frozen=True)
class TaxedDocument:
    side: str
    date: datetime.date
    number: str
    parts: Sequence[Part]
    settle_role: str = ""  # default: receivable for sales, payable for purchases
    credit_note: bool = False
    party_tax_id: str = ""
    reversal_of: JournalEntry | None = field(default=None, compare=False)
    description: str = ""

    def spec(self) -> EntrySpec:
        """Sales credit base and tax, purchases debit them; a credit note swaps every side."""
        sale = self.side == TaxSide.SALE
        on_credit_side = sale != self.credit_note
        lines = [
            LineSpec(
                account=account,
                debit=max(-amount if on_credit_side else amount, ZERO),
                credit=max(amount if on_credit_side else -amount, ZERO),
                description=self.description,
                **tags,
            )
            for account, amount, tags in self._legs(sale)
        ]
        return EntrySpec(
            date=self.date,
            lines=lines,
            journal="SAL" if sale else "PUR",
            description=self.description or self.number,
            document_number=self.number,
            party_tax_id=self.party_tax_id,
            reversal_of=self.reversal_of,
        )

    def _legs(self, sale: bool) -> list[tuple[str, Decimal, dict[str, Any]]]:
        """(account, amount, tax fields), the amount positive on the base's side."""
        postings = {
            p.tax_code.code: p for p in TaxPosting.objects.select_related("tax_code", "output_account", "input_account")
        }
        roles = dict(Account.objects.exclude(role="").values_list("role", "code"))
        legs = []
        for part in self.parts:
            posting, tax = postings[part.code], Decimal(part.tax)
            tagged = {"tax_code": part.code, "tax_side": self.side}
            legs.append(
                (
                    part.account or roles[AccountRole.REVENUE if sale else AccountRole.EXPENSE],
                    Decimal(part.base),
                    tagged,
                )
            )
            if tax and not sale and posting.tax_code.category in SELF_ASSESSED:  # owed and deducted
                legs += [(posting.output_account.code, -tax, {**tagged, "is_tax": True})]
                legs += [(posting.input_account.code, tax, {**tagged, "is_tax": True})]
            elif tax:
                tax_account = posting.output_account if sale else posting.input_account
                legs.append((tax_account.code, tax, {**tagged, "is_tax": True}))
        settle = self.settle_role or (AccountRole.RECEIVABLE if sale else AccountRole.PAYABLE)
        legs.append((roles[settle], -sum((amount for _account, amount, _tags in legs), ZERO), {}))
        return legs


def post(documents: Sequence[TaxedDocument]) -> list[JournalEntry]:
    return entries_post(specs=[document.spec() for document in documents])


def boxes(country: str, month: datetime.date) -> dict[str, Decimal]:
    end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return {box.code: box.amount for box in vat_return(country=country, from_date=month, to_date=end)}


SALE, PURCHASE = TaxSide.SALE, TaxSide.PURCHASE
MARCH = datetime.date(2030, 3, 1)


def _day(day: int) -> datetime.date:
    return MARCH.replace(day=day)


def test_german_ustva_of_a_month(tenant_a: Tenant) -> None:
    with tenant_context(tenant_a):
        post(
            [
                TaxedDocument(SALE, _day(3), "RE-1", [Part("de-standard-19", "1000.50", "190.10")]),
                TaxedDocument(SALE, _day(4), "RE-2", [Part("de-reduced-7", "200.00", "14.00")]),
                TaxedDocument(SALE, _day(5), "RE-3", [Part("de-intra-eu", "500.00")]),
                TaxedDocument(SALE, _day(6), "RE-4", [Part("de-export", "300.00")]),
                TaxedDocument(SALE, _day(7), "RE-5", [Part("de-reverse-charge", "400.00")]),
                TaxedDocument(SALE, _day(8), "RE-6", [Part("de-exempt", "50.00")]),
                TaxedDocument(PURCHASE, _day(9), "ER-1", [Part("de-standard-19", "100.00", "19.00")]),
                TaxedDocument(PURCHASE, _day(10), "ER-2", [Part("de-intra-eu", "1000.00", "190.00")]),
                TaxedDocument(PURCHASE, _day(11), "ER-3", [Part("de-reverse-charge", "250.00", "47.50")]),
                TaxedDocument(SALE, _day(20), "GS-1", [Part("de-standard-19", "100.00", "19.00")], credit_note=True),
                TaxedDocument(SALE, _day(1).replace(month=4), "RE-7", [Part("de-standard-19", "999.00", "189.81")]),
            ]
        )
        wrong = post([TaxedDocument(SALE, _day(12), "RE-8", [Part("de-standard-19", "80.00", "15.20")])])[0]
        entry_reverse(entry=wrong, date=_day(13))

        result = boxes("DE", MARCH)

    assert result == {
        "81": Decimal("900"),  # 1000.50 - 100.00, whole euros rounded down
        "81_tax": Decimal("171.10"),
        "86": Decimal("200"),
        "86_tax": Decimal("14.00"),
        "87": ZERO,
        "35": ZERO,
        "36": ZERO,
        "41": Decimal("500"),
        "43": Decimal("300"),
        "48": Decimal("50"),
        "91": ZERO,
        "89": Decimal("1000"),
        "89_tax": Decimal("190.00"),
        "93": ZERO,
        "93_tax": ZERO,
        "95": ZERO,
        "98": ZERO,
        "46": Decimal("250"),
        "47": Decimal("47.50"),
        "60": Decimal("400"),
        "45": ZERO,
        "66": Decimal("19.00"),
        "61": Decimal("190.00"),
        "67": Decimal("47.50"),
        "83": Decimal("166.10"),  # 171.10 + 14.00 + 190.00 + 47.50 - 19.00 - 190.00 - 47.50
    }


GOODS, SERVICES, COMPUTERS = "604000", "613000", "242000"  # PCMN class 60, class 61, fixed assets


def test_belgian_return_of_a_month_with_credit_notes_in_their_own_grids(tenant_b: Tenant) -> None:
    with tenant_context(tenant_b):
        invoices = post(
            [
                TaxedDocument(SALE, _day(2), "V-1", [Part("be-standard-21", "1000.00", "210.00")]),
                TaxedDocument(
                    SALE,
                    _day(3),
                    "V-2",
                    [Part("be-reduced-6", "100.00", "6.00"), Part("be-reduced-12", "50.00", "6.00")],
                ),
                TaxedDocument(SALE, _day(4), "V-3", [Part("be-intra-eu", "700.00")]),
                TaxedDocument(SALE, _day(5), "V-4", [Part("be-export", "300.00")]),
                TaxedDocument(SALE, _day(6), "V-5", [Part("be-reverse-charge", "400.00")]),
                TaxedDocument(SALE, _day(7), "V-6", [Part("be-exempt", "20.00")]),
                TaxedDocument(PURCHASE, _day(8), "A-1", [Part("be-standard-21", "500.00", "105.00", GOODS)]),
                TaxedDocument(PURCHASE, _day(9), "A-2", [Part("be-standard-21", "200.00", "42.00", SERVICES)]),
                TaxedDocument(PURCHASE, _day(10), "A-3", [Part("be-standard-21", "1000.00", "210.00", COMPUTERS)]),
                TaxedDocument(PURCHASE, _day(11), "A-4", [Part("be-intra-eu", "800.00", "168.00", GOODS)]),
                TaxedDocument(PURCHASE, _day(12), "A-5", [Part("be-reverse-charge", "300.00", "63.00", SERVICES)]),
            ]
        )
        post(
            [
                TaxedDocument(
                    SALE,
                    _day(20),
                    "NC-1",
                    [Part("be-standard-21", "200.00", "42.00")],
                    credit_note=True,
                    reversal_of=invoices[0],
                ),
                TaxedDocument(
                    SALE, _day(21), "NC-2", [Part("be-intra-eu", "100.00")], credit_note=True, reversal_of=invoices[2]
                ),
                TaxedDocument(
                    PURCHASE, _day(22), "CN-1", [Part("be-standard-21", "50.00", "10.50", GOODS)], credit_note=True
                ),
            ]
        )

        result = boxes("BE", MARCH)

    assert result == {
        "00": Decimal("20.00"),
        "01": Decimal("100.00"),
        "02": Decimal("50.00"),
        "03": Decimal("1000.00"),
        "44": ZERO,
        "45": Decimal("400.00"),
        "46": Decimal("700.00"),
        "47": Decimal("300.00"),
        "48": Decimal("100.00"),
        "49": Decimal("200.00"),
        "81": Decimal("1300.00"),  # 500 + 800 intra-EU goods
        "82": Decimal("500.00"),  # 200 + 300 reverse-charge services
        "83": Decimal("1000.00"),
        "84": ZERO,
        "85": Decimal("50.00"),
        "86": Decimal("800.00"),
        "87": Decimal("300.00"),
        "54": Decimal("222.00"),
        "55": Decimal("168.00"),
        "56": Decimal("63.00"),
        "59": Decimal("588.00"),  # 105 + 42 + 210 + 168 + 63
        "63": Decimal("10.50"),
        "64": Decimal("42.00"),
        "XX": Decimal("463.50"),
        "YY": Decimal("630.00"),
        "71": ZERO,
        "72": Decimal("166.50"),
    }


def test_the_return_is_one_query_however_many_documents(tenant_b: Tenant, django_assert_num_queries) -> None:
    with tenant_context(tenant_b):
        post(
            [
                TaxedDocument(SALE, _day(day), f"V-{day}", [Part("be-standard-21", "10.00", "2.10")])
                for day in range(1, 29)
            ]
        )

        with django_assert_num_queries(1):
            result = boxes("BE", MARCH)

    assert (result["03"], result["54"]) == (Decimal("280.00"), Decimal("58.80"))


def test_a_month_without_taxed_entries_has_every_box_at_zero(tenant_a: Tenant) -> None:
    with tenant_context(tenant_a):
        result = boxes("DE", datetime.date(2029, 2, 1))

    assert len(result) == 25 and set(result.values()) == {ZERO}


# --- through HTTP -------------------------------------------------------------------------


def test_the_return_through_the_api_is_the_companys_countrys(tenant_a, owner_a, token_for) -> None:
    with tenant_context(tenant_a):
        post([TaxedDocument(SALE, _day(3), "RE-1", [Part("de-standard-19", "1000.50", "190.10")])])

    response = token_for(tenant_a, owner_a).get(
        "/api/v1/ledger/vat-return/", {"from": "2030-03-01", "to": "2030-03-31"}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["country"], body["from"], body["to"]) == ("DE", "2030-03-01", "2030-03-31")
    assert body["boxes"][:2] == [
        {"code": "81", "label": "Taxable sales at 19 % (base)", "amount": "1000.00"},
        {"code": "81_tax", "label": "Tax on sales at 19 %", "amount": "190.10"},
    ]
    assert body["boxes"][-1] == {
        "code": "83",
        "label": "Remaining VAT advance payment (negative: surplus)",
        "amount": "190.10",
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2030-03-01"}, "to"),
        ({"from": "March", "to": "2030-03-31"}, "from"),
        ({"from": "2030-04-01", "to": "2030-03-31"}, "from"),
    ],
)
def test_bad_dates_are_a_400_naming_the_field(tenant_a, owner_a, token_for, query, field) -> None:
    response = token_for(tenant_a, owner_a).get("/api/v1/ledger/vat-return/", query)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_members_without_the_ledger_view_right_see_no_return(tenant_a, token_for) -> None:
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"ledger": set()})

    response = token_for(tenant_a, user).get("/api/v1/ledger/vat-return/", {"from": "2030-03-01", "to": "2030-03-31"})

    assert response.status_code == 403
