"""The invoicing settings feed the seller of every e-invoice: contact (BR-DE-2) and Peppol endpoint."""

import pytest

from apps.einvoicing.document import Contact, Identifier, edocument_build, seller_contact
from apps.einvoicing.ubl import ubl_render
from apps.einvoicing.validation import einvoice_validate
from apps.invoicing.services import invoicing_settings_update

from . import cases

pytestmark = pytest.mark.django_db


def test_the_settings_contact_wins_over_the_owner_and_the_participant_id_over_the_vat_id(in_alpha):
    invoicing_settings_update(
        data={"contact_name": "Petra Alpha", "contact_phone": "+49 221 123456", "peppol_id": "0204:991-12345-67"}
    )

    document = edocument_build(cases.case_prepaid())

    assert seller_contact().name == "Petra Alpha"
    assert document.seller.contact == Contact(name="Petra Alpha", phone="+49 221 123456", email="owner@alpha.test")
    assert document.seller.endpoint == Identifier("991-12345-67", "0204")


def test_with_a_phone_in_the_settings_xrechnung_needs_no_contact_from_the_caller(in_alpha):
    invoicing_settings_update(data={"contact_name": "Petra Alpha", "contact_phone": "+49 221 123456"})

    xml = ubl_render(cases.case_public_customer_leitweg(), profile="xrechnung")

    result = einvoice_validate(xml, profile="xrechnung")
    assert result.valid, [(finding.rule_id, finding.text) for finding in result.errors()]
