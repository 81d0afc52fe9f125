"""`manage.py trial_balance`: the trial balance for scripts, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("trial_balance", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_account_with_amounts_as_strings(books):
    rows = json.loads(_run("--tenant", "alpha", "--date", "2032-02-29", "--format", "json"))

    assert len(rows) == 6
    assert {
        "code": books.bank.code,
        "name": books.bank.name,
        "debit": "11000.00",
        "credit": "400.00",
        "balance": "10600.00",
    } in rows
    assert [row["code"] for row in rows] == sorted(row["code"] for row in rows)


def test_csv_over_a_range(books):
    output = _run("--tenant", "alpha", "--date", "2032-02-15", "--from", "2032-01-15", "--format", "csv")

    rows = list(csv.reader(io.StringIO(output)))
    assert rows[0] == ["code", "name", "debit", "credit", "balance"]
    assert [books.revenue.code, books.revenue.name, "0.00", "2500.00", "-2500.00"] in rows
    assert len(rows) == 5


def test_json_is_the_default_format(books):
    default = _run("--tenant", "alpha", "--date", "2031-12-31")

    assert json.loads(default)
    assert default == _run("--tenant", "alpha", "--date", "2031-12-31", "--format", "json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "nobody", "--date", "2032-02-29"], "no company with the slug 'nobody'"),
        (["--tenant", "alpha", "--date", "2032-02-30"], "--date '2032-02-30' is not a date"),
        (["--tenant", "alpha", "--date", "2032-02-01", "--from", "1.1.2032"], "--from '1.1.2032' is not a date"),
        (["--tenant", "alpha", "--date", "2032-02-01", "--from", "2032-03-01"], "--from is after --date"),
    ],
)
def test_unknown_company_or_bad_date_is_a_clear_error(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
