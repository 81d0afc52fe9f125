"""What is wrong with a document before its totals are computed, each problem on its field.

Bad data is reported, never raised: the editor shows every problem at once beside its field and
the issuing service turns them into one `ApplicationError`. Codes are EN 16931 business rule ids
where the standard has one (BR-S-05, BR-E-10, ...), our own snake_case codes otherwise. Field
paths count from 0: "lines.2.tax_rate" is the third line's rate.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from .documents import CATEGORIES, HUNDRED, ZERO, AllowanceCharge, DocumentInput, LineInput, Problem

# The rule-id prefix EN 16931 uses per category; K is "intra-community" (IC).
RULE_PREFIX = {"S": "BR-S", "Z": "BR-Z", "E": "BR-E", "AE": "BR-AE", "K": "BR-IC", "G": "BR-G", "O": "BR-O"}
# Categories whose breakdown must state an exemption reason (BR-x-10); S and Z must not (BR-S-10, BR-Z-10).
NEEDS_REASON = frozenset({"E", "AE", "K", "G", "O"})

PRICE_DECIMALS = 4
QUANTITY_DECIMALS = 4
AMOUNT_DECIMALS = 2


def document_problems(doc: DocumentInput) -> list[Problem]:
    """Every problem of the document, in field order; an empty list means totals can be trusted."""
    problems = list(_document_fields(doc))
    if not doc.lines:
        problems.append(Problem("BR-16", "lines", _("A document needs at least one line.")))
    for index, line in enumerate(doc.lines):
        problems.extend(_line_problems(line, f"lines.{index}"))
    for kind, items, rate_rule, reason_rule in (
        ("allowances", doc.allowances, 6, "BR-33"),
        ("charges", doc.charges, 7, "BR-38"),
    ):
        for index, item in enumerate(items):
            path = f"{kind}.{index}"
            problems.extend(_amount_problems(item, path, reason_rule))
            problems.extend(_tax_problems(item.tax_category, item.tax_rate, path, rate_rule))
    problems.extend(_exemption_problems(doc))
    return problems


def _document_fields(doc: DocumentInput) -> Iterator[Problem]:
    if len(doc.currency) != 3 or not doc.currency.isalpha() or not doc.currency.isupper():
        yield Problem("BR-05", "currency", _("Give the currency as an ISO 4217 code such as EUR."))
    if _decimals_over(doc.prepaid_amount, AMOUNT_DECIMALS):
        yield Problem("decimals", "prepaid_amount", _("Amounts have at most two decimals."))
    if doc.rounding_increment is not None and not doc.rounding_increment > ZERO:
        yield Problem("not_positive", "rounding_increment", _("The rounding increment must be above zero."))
    if doc.exchange_rate is not None and not doc.exchange_rate > ZERO:
        yield Problem("not_positive", "exchange_rate", _("The exchange rate must be above zero."))


def _line_problems(line: LineInput, path: str) -> Iterator[Problem]:
    if _decimals_over(line.quantity, QUANTITY_DECIMALS):
        yield Problem("decimals", f"{path}.quantity", _("Quantities have at most four decimals."))
    if not line.unit_code:
        yield Problem("BR-23", f"{path}.unit_code", _("Give the unit of measure (UN/ECE Rec 20 code)."))
    if not line.base_quantity > ZERO or _decimals_over(line.base_quantity, QUANTITY_DECIMALS):
        yield Problem("not_positive", f"{path}.base_quantity", _("The price base quantity must be above zero."))
    yield from _price_problems(line, path)
    for kind, items, reason_rule in (("allowances", line.allowances, "BR-42"), ("charges", line.charges, "BR-44")):
        for index, item in enumerate(items):
            yield from _amount_problems(item, f"{path}.{kind}.{index}", reason_rule)
    yield from _tax_problems(line.tax_category, line.tax_rate, path, 5)


def _price_problems(line: LineInput, path: str) -> Iterator[Problem]:
    """One of net price (BT-146) or gross price (BT-148), never negative (BR-27, BR-28)."""
    net, gross = line.net_price, line.gross_price
    if gross is not None and net is None:
        yield from _price_value(gross, f"{path}.gross_price", "BR-28")
        yield from _price_value(line.price_discount, f"{path}.price_discount", "negative")
        if ZERO <= gross < line.price_discount:
            yield Problem("BR-27", f"{path}.price_discount", _("The discount exceeds the gross price."))
    elif net is not None and gross is None:
        yield from _price_value(net, f"{path}.net_price", "BR-27")
        if line.price_discount:
            yield Problem("discount_without_gross", f"{path}.price_discount", _("A discount applies to a gross price."))
    else:
        yield Problem("price_required", f"{path}.net_price", _("Give either the net price or the gross price."))


def _price_value(price: Decimal, path: str, negative_rule: str) -> Iterator[Problem]:
    if price < ZERO:
        yield Problem(negative_rule, path, _("Prices cannot be negative."))
    if _decimals_over(price, PRICE_DECIMALS):
        yield Problem("decimals", path, _("Prices have at most four decimals."))


def _amount_problems(item: AllowanceCharge, path: str, reason_rule: str) -> Iterator[Problem]:
    """Exactly one of amount and percentage, within range, with a reason the buyer can read."""
    if (item.amount is None) == (item.percent is None):
        yield Problem("amount_or_percent", f"{path}.amount", _("Give either an amount or a percentage."))
    if item.amount is not None and (item.amount < ZERO or _decimals_over(item.amount, AMOUNT_DECIMALS)):
        yield Problem("invalid_amount", f"{path}.amount", _("Give a non-negative amount with at most two decimals."))
    if item.percent is not None and not ZERO <= item.percent <= HUNDRED:
        yield Problem("percent_range", f"{path}.percent", _("A percentage lies between 0 and 100."))
    if item.base is not None and _decimals_over(item.base, AMOUNT_DECIMALS):
        yield Problem("decimals", f"{path}.base", _("Amounts have at most two decimals."))
    if not item.reason and not item.reason_code:
        yield Problem(reason_rule, f"{path}.reason", _("Give the reason or its code."))


def _tax_problems(category: str, rate: Decimal, path: str, rule_number: int) -> Iterator[Problem]:
    """BR-x-05 (lines), -06 (allowances), -07 (charges): S has a rate above 0, the others 0."""
    if category not in CATEGORIES:
        yield Problem("unknown_category", f"{path}.tax_category", _("Unknown VAT category code."))
        return
    rule = f"{RULE_PREFIX[category]}-{rule_number:02d}"
    if category == "S" and not ZERO < rate <= HUNDRED:
        yield Problem(rule, f"{path}.tax_rate", _("Standard-rated items need a rate above 0 and at most 100."))
    if category != "S" and rate != ZERO:
        yield Problem(rule, f"{path}.tax_rate", _("This VAT category carries a rate of 0."))


def _exemption_problems(doc: DocumentInput) -> Iterator[Problem]:
    """BR-x-10 per category used; BR-O-11: "not subject to VAT" cannot mix with other categories."""
    used = {line.tax_category for line in doc.lines}
    used |= {item.tax_category for item in (*doc.allowances, *doc.charges)}
    for category in sorted(used & set(CATEGORIES), key=CATEGORIES.index):
        reason = doc.exemption_reasons.get(category)
        given = reason is not None and bool(reason.text or reason.code)
        path = f"exemption_reasons.{category}"
        if category in NEEDS_REASON and not given:
            yield Problem(f"{RULE_PREFIX[category]}-10", path, _("This VAT category needs its exemption reason."))
        if category not in NEEDS_REASON and given:
            yield Problem(f"{RULE_PREFIX[category]}-10", path, _("This VAT category takes no exemption reason."))
    if "O" in used and len(used) > 1:
        yield Problem("BR-O-11", "lines", _("A document outside the scope of VAT cannot carry other categories."))


def _decimals_over(value: Decimal, places: int) -> bool:
    """True when the number needs more than `places` decimals (trailing zeros do not count)."""
    if not value.is_finite():
        return True
    exponent = value.normalize().as_tuple().exponent
    return isinstance(exponent, int) and -exponent > places
