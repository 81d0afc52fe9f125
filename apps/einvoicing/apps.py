from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EinvoicingConfig(AppConfig):
    name = "apps.einvoicing"
    label = "einvoicing"
    verbose_name = _("E-invoicing")

    def ready(self) -> None:
        from apps.invoicing.pdf import PDF_STAMPS
        from apps.invoicing.services.numbering import NUMBERING, SCHEME_BY_COUNTRY
        from apps.tenants.defaults import register_demo_data

        from .ecf import encf_number_next
        from .ecf.demo import ecf_demo_seed
        from .peppol_demo import peppol_demo_seed
        from .services.ecf_documents import ecf_pdf_stamp

        # A Dominican company's documents take DGII's e-NCF numbers.
        NUMBERING["ecf"] = encf_number_next
        SCHEME_BY_COUNTRY["DO"] = "ecf"
        # ... and their printed e-CF carries DGII's QR and security code.
        PDF_STAMPS.append(ecf_pdf_stamp)
        register_demo_data("ecf", ecf_demo_seed)
        register_demo_data("peppol", peppol_demo_seed)
