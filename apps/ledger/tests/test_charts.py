"""Every standard chart loads completely, with its hierarchy, roles and tax accounts."""

import csv

import pytest

from apps.ledger.models import Account, AccountRole, Chart, TaxPosting
from apps.ledger.services import chart_choose
from apps.ledger.services.setup import CHARTS_DIR, DEFAULT_CHART, chart_rows
from apps.taxes.services import COUNTRY_TAX_RATES

pytestmark = pytest.mark.django_db
COUNTRY_OF_CHART = {chart: country for country, chart in DEFAULT_CHART.items()} | {Chart.SKR04: "DE"}


@pytest.mark.parametrize("chart", Chart.values)
def test_each_chart_loads_every_account_with_its_parent_and_roles(in_alpha, chart):
    rows = chart_rows(chart)

    chart_choose(chart=chart)

    loaded = {account.code: account for account in Account.objects.select_related("parent")}
    assert len(loaded) == len(rows) and len(rows) > 150
    for row in rows:
        account = loaded[row["code"]]
        assert (account.name, account.type, account.is_postable) == (row["name"], row["type"], row["postable"] == "1")
        assert (account.parent.code if account.parent else "") == row["parent"]
        assert account.parent is None or not account.parent.is_postable
    assert {account.role for account in loaded.values() if account.role} == set(AccountRole.values)
    assert all(loaded[code].is_postable for code in loaded if loaded[code].role)


@pytest.mark.parametrize("chart", Chart.values)
def test_each_chart_maps_every_tax_code_of_its_country_to_postable_accounts(chart):
    with (CHARTS_DIR / f"{chart}_taxes.csv").open(encoding="utf-8") as handle:
        mapping = {row["tax_code"]: row for row in csv.DictReader(handle)}
    postable = {row["code"] for row in chart_rows(chart) if row["postable"] == "1"}

    assert set(mapping) == {code for code, *_rest in COUNTRY_TAX_RATES[COUNTRY_OF_CHART[chart]]}
    for code, rate_row in ((code, row) for code, _name, _category, row in COUNTRY_TAX_RATES[COUNTRY_OF_CHART[chart]]):
        accounts = {mapping[code]["output_account"], mapping[code]["input_account"]} - {""}
        assert accounts <= postable, code
        if rate_row != "0":  # a taxed rate posts its tax somewhere on both sides
            assert mapping[code]["output_account"] and mapping[code]["input_account"], code


def test_a_new_company_gets_its_countrys_chart_and_tax_postings(in_alpha):
    postings = TaxPosting.objects.select_related("tax_code", "output_account", "input_account")

    standard = postings.get(tax_code__code="de-standard-19")

    assert Account.objects.count() == len(chart_rows(Chart.SKR03))
    assert (standard.output_account.code, standard.input_account.code) == ("1776", "1576")
    assert postings.count() == len(COUNTRY_TAX_RATES["DE"])
