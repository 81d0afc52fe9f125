"""The consumer-invoice summary (RFCE) DGII takes instead of a type-32 e-CF under DOP 250,000.

The summary repeats what the signed e-CF already states, element by element in the RFCE
schema's order, plus the e-CF's security code: built from the signed bytes, it cannot
disagree with the document the buyer holds.
"""

from __future__ import annotations

import copy

from lxml import etree

# (group, elements) in the order of `RFCE 32 v.1.0.xsd`; the rates ITBIS1-3 have no place in it.
_COPIED = (
    ("IdDoc", ("TipoeCF", "eNCF", "TipoIngresos", "TipoPago", "TablaFormasPago")),
    ("Emisor", ("RNCEmisor", "RazonSocialEmisor", "FechaEmision")),
    ("Comprador", ("RNCComprador", "IdentificadorExtranjero", "RazonSocialComprador")),
    (
        "Totales",
        (
            "MontoGravadoTotal",
            "MontoGravadoI1",
            "MontoGravadoI2",
            "MontoGravadoI3",
            "MontoExento",
            "TotalITBIS",
            "TotalITBIS1",
            "TotalITBIS2",
            "TotalITBIS3",
            "MontoImpuestoAdicional",
            "ImpuestosAdicionales",
            "MontoTotal",
            "MontoNoFacturable",
            "MontoPeriodo",
        ),
    ),
)


def rfce_document(signed_ecf: bytes, *, code: str) -> etree._Element:
    """The unsigned `<RFCE>` of a signed type-32 e-CF whose security code is `code`."""
    source = etree.fromstring(signed_ecf).find("Encabezado")
    root = etree.Element("RFCE")
    header = etree.SubElement(root, "Encabezado")
    etree.SubElement(header, "Version").text = "1.0"
    for group, names in _COPIED:
        target = etree.SubElement(header, group)
        for name in names:
            found = source.find(f"{group}/{name}")
            if found is not None:
                target.append(_detached(found))
    etree.SubElement(header, "CodigoSeguridadeCF").text = code
    return root


def _detached(element: etree._Element) -> etree._Element:
    """A copy without the source's tail text, so the summary carries no stray whitespace."""
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied
