"""EN 16931 totals against hand-computed results, input problems by rule and field, and invariants.

Every expected amount below was worked out by hand from the formulas in docs/invoicing-totals.md;
the comment beside a case shows the arithmetic where rounding decides the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.invoicing.totals import (
    AllowanceCharge,
    DocumentInput,
    DocumentTotals,
    ExemptionReason,
    LineInput,
    Problem,
    document_problems,
    document_totals,
    tax_in_tax_currency,
)
from apps.invoicing.totals.compute import round_to_increment

D = Decimal


def line(quantity: str, price: str, category: str = "S", rate: str = "19", **extra: object) -> LineInput:
    """A line at a net price; `extra` overrides any other LineInput field."""
    fields: dict[str, object] = {
        "quantity": D(quantity),
        "net_price": D(price),
        "tax_category": category,
        "tax_rate": D(rate),
    }
    fields.update(extra)
    return LineInput(**fields)  # type: ignore[arg-type]


def off(*, amount: str | None = None, percent: str | None = None, **extra: object) -> AllowanceCharge:
    """An allowance or charge with a reason, by amount or by percentage."""
    fields: dict[str, object] = {
        "amount": D(amount) if amount is not None else None,
        "percent": D(percent) if percent is not None else None,
        "reason": "Rabatt",
    }
    fields.update(extra)
    return AllowanceCharge(**fields)  # type: ignore[arg-type]


def doc(*lines: LineInput, **extra: object) -> DocumentInput:
    return DocumentInput(currency=str(extra.pop("currency", "EUR")), lines=lines, **extra)  # type: ignore[arg-type]


REVERSE_CHARGE = ExemptionReason(text="Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)", code="VATEX-EU-AE")
EXEMPT = ExemptionReason(text="Steuerfrei nach § 4 Nr. 14 UStG", code="VATEX-EU-132-1C")
INTRA_EU = ExemptionReason(text="Livraison intracommunautaire exemptée – art. 39bis CTVA", code="VATEX-EU-IC")
EXPORT = ExemptionReason(text="Exportation exemptée – art. 39 CTVA", code="VATEX-EU-G")


@dataclass(frozen=True)
class Expected:
    """BT-106..BT-115 (BT-111 when converted), line nets (BT-131) and breakdown rows (BT-118, 119, 116, 117)."""

    line_nets: tuple[str, ...]
    breakdown: tuple[tuple[str, str, str, str], ...]
    bt106: str
    bt110: str
    bt112: str
    bt115: str
    bt107: str = "0.00"
    bt108: str = "0.00"
    bt109: str | None = None  # defaults to BT-106 when there are no document allowances/charges
    bt113: str = "0.00"
    bt114: str = "0.00"
    bt111: str | None = None


CASES = [
    pytest.param(
        # 10 × 0.35: per-line tax would be 10 × round(0.0665) = 0.70; per category round(0.665) = 0.67.
        doc(*[line("1", "0.35") for _ in range(10)]),
        Expected(
            ("0.35",) * 10, (("S", "19", "3.50", "0.67"),), bt106="3.50", bt110="0.67", bt112="4.17", bt115="4.17"
        ),
        id="half-cents-per-category-not-per-line",
    ),
    pytest.param(
        # 2.5 × 1.235 = 3.0875; 0.333 × 9.999 = 3.329667; 7 × 0.125 = 0.875; tax 7.30 × 19 % = 1.387.
        doc(line("2.5", "1.235"), line("0.333", "9.999"), line("7", "0.125")),
        Expected(
            ("3.09", "3.33", "0.88"),
            (("S", "19", "7.30", "1.39"),),
            bt106="7.30",
            bt110="1.39",
            bt112="8.69",
            bt115="8.69",
        ),
        id="three-decimal-prices-fractional-quantities",
    ),
    pytest.param(
        # 3 × 0.3333 = 0.9999; 1.5 × 12.3456 = 18.5184; 0.0001 × 9999.9999 = 0.99999999; 20.52 × 7 % = 1.4364.
        doc(line("3", "0.3333", rate="7"), line("1.5", "12.3456", rate="7"), line("0.0001", "9999.9999", rate="7")),
        Expected(
            ("1.00", "18.52", "1.00"),
            (("S", "7", "20.52", "1.44"),),
            bt106="20.52",
            bt110="1.44",
            bt112="21.96",
            bt115="21.96",
        ),
        id="four-decimal-prices",
    ),
    pytest.param(
        # 250 × 12.50 / 100 = 31.25; 1500 × 3.456 / 1000 = 5.184; 7 × 1.99 / 100 = 0.1393; 36.57 × 19 % = 6.9483.
        doc(
            line("250", "12.50", base_quantity=D("100")),
            line("1500", "3.456", base_quantity=D("1000")),
            line("7", "1.99", base_quantity=D("100")),
        ),
        Expected(
            ("31.25", "5.18", "0.14"),
            (("S", "19", "36.57", "6.95"),),
            bt106="36.57",
            bt110="6.95",
            bt112="43.52",
            bt115="43.52",
        ),
        id="price-base-quantity-100-and-1000",
    ),
    pytest.param(
        # (100.00 − 15.50) × 3 = 253.50; (9.999 − 0.999) × 2.5 = 22.50; 276.00 × 19 % = 52.44.
        doc(
            line("3", "0", net_price=None, gross_price=D("100.00"), price_discount=D("15.50")),
            line("2.5", "0", net_price=None, gross_price=D("9.999"), price_discount=D("0.999")),
        ),
        Expected(
            ("253.50", "22.50"),
            (("S", "19", "276.00", "52.44"),),
            bt106="276.00",
            bt110="52.44",
            bt112="328.44",
            bt115="328.44",
        ),
        id="gross-price-minus-price-discount",
    ),
    pytest.param(
        # 10 × 19.95 = 199.50 − 10 % (19.95) − 5.00 + 2.50 = 177.05;
        # 3 × 33.33 = 99.99 − 2.5 % (2.49975) + 1.5 % (1.49985) = 98.99; 276.04 × 19 % = 52.4476.
        doc(
            line("10", "19.95", allowances=(off(percent="10"), off(amount="5.00")), charges=(off(amount="2.50"),)),
            line("3", "33.33", allowances=(off(percent="2.5"),), charges=(off(percent="1.5"),)),
        ),
        Expected(
            ("177.05", "98.99"),
            (("S", "19", "276.04", "52.45"),),
            bt106="276.04",
            bt110="52.45",
            bt112="328.49",
            bt115="328.49",
        ),
        id="line-allowances-by-percent-and-amount-and-line-charges",
    ),
    pytest.param(
        # 3 % of the 19 % nets 150.00 = 4.50; 5 % of base 38.97 = 1.9485;
        # 145.50 × 19 % = 27.645; 37.02 × 7 % = 2.5914.
        doc(
            line("4", "25.00"),
            line("1", "50.00"),
            line("3", "12.99", rate="7"),
            allowances=(
                off(percent="3", tax_category="S", tax_rate=D("19")),
                off(percent="5", base=D("38.97"), tax_category="S", tax_rate=D("7")),
            ),
        ),
        Expected(
            ("100.00", "50.00", "38.97"),
            (("S", "19", "145.50", "27.65"), ("S", "7", "37.02", "2.59")),
            bt106="188.97",
            bt107="6.45",
            bt109="182.52",
            bt110="30.24",
            bt112="212.76",
            bt115="212.76",
        ),
        id="document-allowances-per-category-by-percent",
    ),
    pytest.param(
        # 2 % of the 7 % nets 20.00 = 0.40; 85.95 × 19 % = 16.3305; 20.40 × 7 % = 1.428.
        doc(
            line("1", "80.00"),
            line("2", "10.00", rate="7"),
            charges=(
                off(amount="5.95", tax_category="S", tax_rate=D("19")),
                off(percent="2", tax_category="S", tax_rate=D("7")),
            ),
        ),
        Expected(
            ("80.00", "20.00"),
            (("S", "19", "85.95", "16.33"), ("S", "7", "20.40", "1.43")),
            bt106="100.00",
            bt108="6.35",
            bt109="106.35",
            bt110="17.76",
            bt112="124.11",
            bt115="124.11",
        ),
        id="document-charges-by-amount-and-percent",
    ),
    pytest.param(
        doc(line("1", "10.00"), line("1", "10.00", rate="7"), line("1", "10.00", "Z", "0")),
        Expected(
            ("10.00", "10.00", "10.00"),
            (("S", "19", "10.00", "1.90"), ("S", "7", "10.00", "0.70"), ("Z", "0", "10.00", "0.00")),
            bt106="30.00",
            bt110="2.60",
            bt112="32.60",
            bt115="32.60",
        ),
        id="mixed-19-7-and-zero-rated",
    ),
    pytest.param(
        doc(
            line("2", "100.00"),
            line("1", "1000.00", "AE", "0"),
            line("1", "50.00", "E", "0"),
            exemption_reasons={"AE": REVERSE_CHARGE, "E": EXEMPT},
        ),
        Expected(
            ("200.00", "1000.00", "50.00"),
            (("S", "19", "200.00", "38.00"), ("E", "0", "50.00", "0.00"), ("AE", "0", "1000.00", "0.00")),
            bt106="1250.00",
            bt110="38.00",
            bt112="1288.00",
            bt115="1288.00",
        ),
        id="reverse-charge-and-exempt-with-reasons",
    ),
    pytest.param(
        # Belgium: 10 × 15.00 + transport 10.00 intra-community; 2 × 99.99 exported; no VAT at all.
        doc(
            line("10", "15.00", "K", "0"),
            line("2", "99.99", "G", "0"),
            charges=(off(amount="10.00", tax_category="K"),),
            exemption_reasons={"K": INTRA_EU, "G": EXPORT},
        ),
        Expected(
            ("150.00", "199.98"),
            (("K", "0", "160.00", "0.00"), ("G", "0", "199.98", "0.00")),
            bt106="349.98",
            bt108="10.00",
            bt109="359.98",
            bt110="0.00",
            bt112="359.98",
            bt115="359.98",
        ),
        id="intra-community-and-export",
    ),
    pytest.param(
        # 5 × 20.00 − 2 × 20.00 − 0.5 × 3.33 (−1.665 rounds away from zero); 58.33 × 19 % = 11.0827.
        doc(line("5", "20.00"), line("-2", "20.00"), line("-0.5", "3.33")),
        Expected(
            ("100.00", "-40.00", "-1.67"),
            (("S", "19", "58.33", "11.08"),),
            bt106="58.33",
            bt110="11.08",
            bt112="69.41",
            bt115="69.41",
        ),
        id="negative-lines",
    ),
    pytest.param(
        # A credit note carries positive amounts: 1.5 × 13.33 = 19.995; 45.00 − 10 % = 40.50 × 19 % = 7.695.
        doc(line("1.5", "13.33", rate="7"), line("1", "45.00", allowances=(off(percent="10"),))),
        Expected(
            ("20.00", "40.50"),
            (("S", "19", "40.50", "7.70"), ("S", "7", "20.00", "1.40")),
            bt106="60.50",
            bt110="9.10",
            bt112="69.60",
            bt115="69.60",
        ),
        id="credit-note",
    ),
    pytest.param(
        doc(line("1", "1000.00"), prepaid_amount=D("500.00")),
        Expected(
            ("1000.00",),
            (("S", "19", "1000.00", "190.00"),),
            bt106="1000.00",
            bt110="190.00",
            bt112="1190.00",
            bt113="500.00",
            bt115="690.00",
        ),
        id="prepaid-amount",
    ),
    pytest.param(
        # 3 × 4.97 = 14.91 × 8.1 % = 1.20771; 16.12 rounds down to 16.10.
        doc(line("3", "4.97", rate="8.1"), currency="CHF", rounding_increment=D("0.05")),
        Expected(
            ("14.91",),
            (("S", "8.1", "14.91", "1.21"),),
            bt106="14.91",
            bt110="1.21",
            bt112="16.12",
            bt114="-0.02",
            bt115="16.10",
        ),
        id="cash-rounding-to-0.05-down",
    ),
    pytest.param(
        # 11.90 − 1.85 prepaid = 10.05: exactly half of 0.10 rounds up to 10.10.
        doc(line("1", "10.00"), prepaid_amount=D("1.85"), rounding_increment=D("0.10")),
        Expected(
            ("10.00",),
            (("S", "19", "10.00", "1.90"),),
            bt106="10.00",
            bt110="1.90",
            bt112="11.90",
            bt113="1.85",
            bt114="0.05",
            bt115="10.10",
        ),
        id="cash-rounding-half-up-after-prepaid",
    ),
    pytest.param(
        # 3 × 33.3333 = 99.9999; 1 × 0.015; 100.02 × 19 % = 19.0038; BT-111 19.00 × 0.9137 = 17.3603.
        doc(
            line("3", "33.3333"),
            line("1", "0.015"),
            currency="USD",
            tax_currency="EUR",
            exchange_rate=D("0.9137"),
        ),
        Expected(
            ("100.00", "0.02"),
            (("S", "19", "100.02", "19.00"),),
            bt106="100.02",
            bt110="19.00",
            bt111="17.36",
            bt112="119.02",
            bt115="119.02",
        ),
        id="foreign-currency-with-tax-in-accounting-currency",
    ),
    pytest.param(
        # 21 %: 3.45 + 2.45 = 5.90 × 21 % = 1.239 (per line 0.72 + 0.51 = 1.23); 12 %: 2 × 4.125 = 8.25;
        # 6 %: 1.25 × 7.98 = 9.975 → 9.98 − 10 % (0.998) = 8.98 × 6 % = 0.5388.
        doc(
            line("3", "1.15", rate="21"),
            line("1", "2.45", rate="21"),
            line("2", "4.125", rate="12"),
            line("1.25", "7.98", rate="6"),
            allowances=(off(percent="10", tax_category="S", tax_rate=D("6")),),
        ),
        Expected(
            ("3.45", "2.45", "8.25", "9.98"),
            (("S", "21", "5.90", "1.24"), ("S", "12", "8.25", "0.99"), ("S", "6", "8.98", "0.54")),
            bt106="24.13",
            bt107="1.00",
            bt109="23.13",
            bt110="2.77",
            bt112="25.90",
            bt115="25.90",
        ),
        id="belgian-21-12-6-with-document-allowance",
    ),
    pytest.param(
        # 1200 × (45.00 − 4.50) / 100 = 486.00 − 3 % (14.58) = 471.42; 2.75 × 12.345 = 33.94875 → 33.95 + 1.20;
        # document −2 % of 471.42 (9.4284) + 7.50 at 8.1 %: 469.49 × 8.1 % = 38.02869; 35.15 × 2.6 % = 0.9139;
        # 543.58 − 100.00 = 443.58 → 443.60; BT-111 38.94 × 1.0452 = 40.700088.
        doc(
            line(
                "1200",
                "0",
                rate="8.1",
                net_price=None,
                gross_price=D("45.00"),
                price_discount=D("4.50"),
                base_quantity=D("100"),
                allowances=(off(percent="3"),),
            ),
            line("2.75", "12.345", rate="2.6", charges=(off(amount="1.20"),)),
            allowances=(off(percent="2", tax_category="S", tax_rate=D("8.1")),),
            charges=(off(amount="7.50", tax_category="S", tax_rate=D("8.1")),),
            prepaid_amount=D("100.00"),
            rounding_increment=D("0.05"),
            currency="CHF",
            tax_currency="EUR",
            exchange_rate=D("1.0452"),
        ),
        Expected(
            ("471.42", "35.15"),
            (("S", "8.1", "469.49", "38.03"), ("S", "2.6", "35.15", "0.91")),
            bt106="506.57",
            bt107="9.43",
            bt108="7.50",
            bt109="504.64",
            bt110="38.94",
            bt111="40.70",
            bt112="543.58",
            bt113="100.00",
            bt114="0.02",
            bt115="443.60",
        ),
        id="everything-together",
    ),
]


def _actual(totals: DocumentTotals) -> dict[str, object]:
    return {
        "line_nets": tuple(result.net_amount for result in totals.lines),
        "breakdown": tuple(
            (row.tax_category, row.tax_rate, row.taxable_amount, row.tax_amount) for row in totals.breakdown
        ),
        "bt106": totals.line_total,
        "bt107": totals.allowance_total,
        "bt108": totals.charge_total,
        "bt109": totals.total_without_tax,
        "bt110": totals.tax_total,
        "bt111": totals.tax_total_tax_currency,
        "bt112": totals.total_with_tax,
        "bt113": totals.prepaid_amount,
        "bt114": totals.rounding_amount,
        "bt115": totals.amount_due,
    }


def _expected(expected: Expected) -> dict[str, object]:
    return {
        "line_nets": tuple(D(net) for net in expected.line_nets),
        "breakdown": tuple((cat, D(rate), D(base), D(tax)) for cat, rate, base, tax in expected.breakdown),
        "bt106": D(expected.bt106),
        "bt107": D(expected.bt107),
        "bt108": D(expected.bt108),
        "bt109": D(expected.bt109 or expected.bt106),
        "bt110": D(expected.bt110),
        "bt111": D(expected.bt111) if expected.bt111 else None,
        "bt112": D(expected.bt112),
        "bt113": D(expected.bt113),
        "bt114": D(expected.bt114),
        "bt115": D(expected.bt115),
    }


@pytest.mark.parametrize(("document", "expected"), CASES)
def test_totals_match_hand_computed_results(document: DocumentInput, expected: Expected) -> None:
    assert _actual(document_totals(document)) == _expected(expected)


@pytest.mark.parametrize(("document", "expected"), CASES)
def test_hand_computed_cases_are_valid_documents_with_cent_amounts(document: DocumentInput, expected: Expected) -> None:
    totals = document_totals(document)

    assert document_problems(document) == []
    amounts = [value for key, value in _actual(totals).items() if key.startswith("bt") and value is not None]
    amounts += [row.taxable_amount for row in totals.breakdown] + [row.tax_amount for row in totals.breakdown]
    assert all(amount.as_tuple().exponent == -2 for amount in amounts)  # type: ignore[attr-defined]


def test_breakdown_carries_exemption_reasons_of_its_category() -> None:
    document = doc(line("1", "10.00"), line("1", "5.00", "AE", "0"), exemption_reasons={"AE": REVERSE_CHARGE})

    standard, reverse = document_totals(document).breakdown

    assert (standard.exemption_reason, standard.exemption_reason_code) == ("", "")
    assert (reverse.exemption_reason, reverse.exemption_reason_code) == (REVERSE_CHARGE.text, "VATEX-EU-AE")


def test_results_keep_settled_allowances_and_their_bases_for_the_exports() -> None:
    document = doc(
        line("2", "50.00", allowances=(off(percent="12.5"),)),
        allowances=(off(amount="3.00", tax_category="S", tax_rate=D("19")),),
        charges=(off(percent="10", tax_category="S", tax_rate=D("19")),),
    )

    totals = document_totals(document)

    (line_allowance,) = totals.lines[0].allowances
    assert (totals.lines[0].gross_amount, line_allowance.base, line_allowance.amount) == (
        D("100"),
        D("100"),
        D("12.50"),
    )
    assert (totals.allowances[0].base, totals.allowances[0].amount) == (None, D("3.00"))
    assert (totals.charges[0].base, totals.charges[0].amount) == (D("87.50"), D("8.75"))


def test_tax_in_tax_currency_rounds_once_to_the_cent() -> None:
    assert tax_in_tax_currency(D("123.45"), D("1.23456")) == D("152.41")  # 152.406432


@pytest.mark.parametrize(
    ("amount", "increment", "rounded"),
    [
        ("16.12", "0.05", "16.10"),
        ("16.13", "0.05", "16.15"),
        ("-16.13", "0.05", "-16.15"),
        ("10.05", "0.10", "10.10"),
        ("99.50", "1", "100.00"),
    ],
)
def test_round_to_increment_rounds_half_away_from_zero(amount: str, increment: str, rounded: str) -> None:
    assert round_to_increment(D(amount), D(increment)) == D(rounded)


def _codes(document: DocumentInput) -> list[tuple[str, str]]:
    return [(problem.code, problem.field) for problem in document_problems(document)]


@pytest.mark.parametrize(
    ("document", "problems"),
    [
        pytest.param(doc(line("1", "10.00", "S", "0")), [("BR-S-05", "lines.0.tax_rate")], id="standard-at-0"),
        pytest.param(
            doc(line("1", "1"), line("1", "1"), line("1", "10.00", "Z", "7")),
            [("BR-Z-05", "lines.2.tax_rate")],
            id="zero-rated-with-a-rate",
        ),
        pytest.param(
            doc(line("1", "10.00", "E", "19"), exemption_reasons={"E": EXEMPT}),
            [("BR-E-05", "lines.0.tax_rate")],
            id="exempt-with-a-rate",
        ),
        pytest.param(
            doc(line("1", "10.00", "AE", "0")), [("BR-AE-10", "exemption_reasons.AE")], id="reverse-charge-no-reason"
        ),
        pytest.param(doc(line("1", "10.00", "K", "0")), [("BR-IC-10", "exemption_reasons.K")], id="intra-eu-no-reason"),
        pytest.param(doc(line("1", "10.00", "G", "0")), [("BR-G-10", "exemption_reasons.G")], id="export-no-reason"),
        pytest.param(doc(line("1", "10.00", "E", "0")), [("BR-E-10", "exemption_reasons.E")], id="exempt-no-reason"),
        pytest.param(
            doc(line("1", "10.00", "Z", "0"), exemption_reasons={"Z": EXEMPT}),
            [("BR-Z-10", "exemption_reasons.Z")],
            id="zero-rated-takes-no-reason",
        ),
        pytest.param(
            doc(line("1", "10.00"), line("1", "10.00", "O", "0"), exemption_reasons={"O": EXEMPT}),
            [("BR-O-11", "lines")],
            id="out-of-scope-mixed-with-standard",
        ),
        pytest.param(
            doc(line("1", "10.00"), allowances=(off(amount="1.00", tax_category="S", tax_rate=D("0")),)),
            [("BR-S-06", "allowances.0.tax_rate")],
            id="document-allowance-standard-at-0",
        ),
        pytest.param(
            doc(
                line("1", "10.00", "K", "0"),
                charges=(off(amount="1.00", tax_category="K", tax_rate=D("21")),),
                exemption_reasons={"K": INTRA_EU},
            ),
            [("BR-IC-07", "charges.0.tax_rate")],
            id="document-charge-intra-eu-with-a-rate",
        ),
        pytest.param(doc(line("1", "10.00", "X", "19")), [("unknown_category", "lines.0.tax_category")], id="unknown"),
        pytest.param(
            doc(line("1", "1"), allowances=(off(amount="1.00", tax_category="VAT"),)),
            [("unknown_category", "allowances.0.tax_category")],
            id="unknown-category-on-allowance",
        ),
        pytest.param(doc(line("1", "-0.01")), [("BR-27", "lines.0.net_price")], id="negative-net-price"),
        pytest.param(
            doc(line("1", "0", net_price=None, gross_price=D("-1"))),
            [("BR-28", "lines.0.gross_price")],
            id="negative-gross-price",
        ),
        pytest.param(
            doc(line("1", "0", net_price=None, gross_price=D("5.00"), price_discount=D("5.01"))),
            [("BR-27", "lines.0.price_discount")],
            id="discount-above-gross-price",
        ),
        pytest.param(
            doc(line("1", "5.00", price_discount=D("1.00"))),
            [("discount_without_gross", "lines.0.price_discount")],
            id="discount-on-a-net-price",
        ),
        pytest.param(
            doc(line("1", "0", net_price=None)), [("price_required", "lines.0.net_price")], id="no-price-at-all"
        ),
        pytest.param(
            doc(line("1", "5", gross_price=D("5"))), [("price_required", "lines.0.net_price")], id="two-prices"
        ),
        pytest.param(doc(line("1.00001", "5")), [("decimals", "lines.0.quantity")], id="quantity-five-decimals"),
        pytest.param(doc(line("1.25000", "5.12340")), [], id="trailing-zeros-do-not-count"),
        pytest.param(doc(line("1", "5.00001")), [("decimals", "lines.0.net_price")], id="price-five-decimals"),
        pytest.param(
            doc(line("1", "5", base_quantity=D("0"))), [("not_positive", "lines.0.base_quantity")], id="base-quantity-0"
        ),
        pytest.param(doc(line("1", "5", unit_code="")), [("BR-23", "lines.0.unit_code")], id="no-unit-code"),
        pytest.param(
            doc(line("1", "5"), line("1", "5", allowances=(off(percent="100.01"),))),
            [("percent_range", "lines.1.allowances.0.percent")],
            id="line-allowance-percent-over-100",
        ),
        pytest.param(
            doc(line("1", "5", charges=(off(percent="-1"),))),
            [("percent_range", "lines.0.charges.0.percent")],
            id="line-charge-percent-below-0",
        ),
        pytest.param(
            doc(line("1", "5", allowances=(off(amount="1.00", percent="10"),))),
            [("amount_or_percent", "lines.0.allowances.0.amount")],
            id="amount-and-percent",
        ),
        pytest.param(
            doc(line("1", "5"), charges=(off(amount="1.001", tax_category="S", tax_rate=D("19")),)),
            [("invalid_amount", "charges.0.amount")],
            id="charge-amount-three-decimals",
        ),
        pytest.param(
            doc(line("1", "5", allowances=(off(amount="1.00", reason=""),))),
            [("BR-42", "lines.0.allowances.0.reason")],
            id="line-allowance-without-reason",
        ),
        pytest.param(
            doc(line("1", "5"), allowances=(off(amount="1.00", reason="", tax_category="S", tax_rate=D("19")),)),
            [("BR-33", "allowances.0.reason")],
            id="document-allowance-without-reason",
        ),
        pytest.param(doc(), [("BR-16", "lines")], id="no-lines"),
        pytest.param(doc(line("1", "5"), currency="euro"), [("BR-05", "currency")], id="bad-currency"),
        pytest.param(
            doc(line("1", "5"), prepaid_amount=D("0.001"), rounding_increment=D("0"), exchange_rate=D("-1")),
            [
                ("decimals", "prepaid_amount"),
                ("not_positive", "rounding_increment"),
                ("not_positive", "exchange_rate"),
            ],
            id="document-fields",
        ),
        pytest.param(
            doc(line("1", "5", "S", "0"), line("1", "5", "AE", "19")),
            [("BR-S-05", "lines.0.tax_rate"), ("BR-AE-05", "lines.1.tax_rate"), ("BR-AE-10", "exemption_reasons.AE")],
            id="several-problems-in-field-order",
        ),
    ],
)
def test_problems_name_the_rule_and_the_field(document: DocumentInput, problems: list[tuple[str, str]]) -> None:
    assert _codes(document) == problems


def test_problems_carry_a_readable_message() -> None:
    (problem,) = document_problems(doc(line("1", "10.00", "S", "0")))

    assert problem == Problem(
        "BR-S-05", "lines.0.tax_rate", "Standard-rated items need a rate above 0 and at most 100."
    )


def test_bad_data_is_reported_not_raised() -> None:
    broken = doc(line("NaN", "0", net_price=None, base_quantity=D("-1"), tax_category="?"), currency="")

    assert {code for code, _field in _codes(broken)} >= {"decimals", "not_positive", "price_required", "BR-05"}


# Properties: whatever the document, the EN 16931 identities hold (BR-CO-10..16, BR-CO-17 per row).

RATES = [("S", D("19")), ("S", D("7")), ("S", D("21")), ("S", D("8.1")), ("Z", D("0")), ("AE", D("0")), ("E", D("0"))]
REASONS = dict.fromkeys(("AE", "E"), EXEMPT)

quantities = st.decimals(min_value=D("-50"), max_value=D("1000"), places=4, allow_nan=False)
prices = st.decimals(min_value=D("0"), max_value=D("10000"), places=4, allow_nan=False)
percents = st.decimals(min_value=D("0"), max_value=D("100"), places=2, allow_nan=False)
amounts = st.decimals(min_value=D("0"), max_value=D("500"), places=2, allow_nan=False)
taxes = st.sampled_from(RATES)


@st.composite
def allowances_or_charges(draw: st.DrawFn, *, document: bool) -> AllowanceCharge:
    category, rate = draw(taxes) if document else ("", D("0"))
    if draw(st.booleans()):
        return AllowanceCharge(amount=draw(amounts), reason="r", tax_category=category, tax_rate=rate)
    return AllowanceCharge(percent=draw(percents), reason="r", tax_category=category, tax_rate=rate)


@st.composite
def lines(draw: st.DrawFn) -> LineInput:
    category, rate = draw(taxes)
    return LineInput(
        quantity=draw(quantities),
        net_price=draw(prices),
        base_quantity=draw(st.sampled_from([D("1"), D("100"), D("1000")])),
        allowances=tuple(draw(st.lists(allowances_or_charges(document=False), max_size=2))),
        charges=tuple(draw(st.lists(allowances_or_charges(document=False), max_size=1))),
        tax_category=category,
        tax_rate=rate,
    )


documents = st.builds(
    DocumentInput,
    currency=st.just("EUR"),
    lines=st.lists(lines(), min_size=1, max_size=8).map(tuple),
    allowances=st.lists(allowances_or_charges(document=True), max_size=3).map(tuple),
    charges=st.lists(allowances_or_charges(document=True), max_size=3).map(tuple),
    prepaid_amount=amounts,
    rounding_increment=st.sampled_from([None, D("0.05"), D("0.10"), D("1")]),
    exemption_reasons=st.just(REASONS),
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_totals_identities_always_hold(document: DocumentInput) -> None:
    totals = document_totals(document)

    assert document_problems(document) == []
    assert totals.line_total == sum(line.net_amount for line in totals.lines)
    assert totals.total_without_tax == totals.line_total - totals.allowance_total + totals.charge_total
    assert totals.total_with_tax == totals.total_without_tax + totals.tax_total
    assert totals.amount_due == totals.total_with_tax - totals.prepaid_amount + totals.rounding_amount
    assert sum(row.taxable_amount for row in totals.breakdown) == totals.total_without_tax
    assert totals.tax_total == sum(row.tax_amount for row in totals.breakdown)
    assert len({(row.tax_category, row.tax_rate) for row in totals.breakdown}) == len(totals.breakdown)
    increment = document.rounding_increment
    if increment is None:
        assert totals.rounding_amount == 0
    else:
        assert abs(totals.rounding_amount) <= increment / 2
        assert totals.amount_due % increment == 0


@settings(max_examples=200, deadline=None)
@given(documents)
def test_tax_is_rounded_once_per_category_within_half_a_cent(document: DocumentInput) -> None:
    for row in document_totals(document).breakdown:
        assert abs(row.tax_amount - row.taxable_amount * row.tax_rate / 100) <= D("0.005")


@settings(max_examples=200, deadline=None)
@given(lines())
def test_line_net_is_the_rounded_extension_less_allowances_plus_charges(item: LineInput) -> None:
    result = document_totals(DocumentInput(currency="EUR", lines=(item,), exemption_reasons=REASONS)).lines[0]

    assert abs(result.gross_amount - item.quantity * (item.net_price or 0) / item.base_quantity) <= D("0.005")
    assert result.net_amount == result.gross_amount - sum(a.amount for a in result.allowances) + sum(
        c.amount for c in result.charges
    )
