"""Where every artefact the validator reads is published, with the sha256 the kits record.

Used by `manage.py einvoice_rules_fetch`. Generated from the two kits' MANIFEST.json (EN 16931 kit:
`source_repo`/`source_commit`/`source_path` as a raw.githubusercontent.com URL pinned to the commit;
e-CF kit: `dgii_url`), restricted to what `validation.py` opens: the XSDs of `_XSD` and everything they
import, the stylesheets of `_LAYERS`, and the DGII schema of each e-CF type plus the RFCE. The hash is
the contract: a published file that changed is refused, not used. Regenerate when a rule set changes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RulesSource:
    kit: str  # "einvoice": path under EINVOICE_RULES_DIR; "ecf": under ECF_RULES_DIR
    path: str
    url: str
    sha256: str


SOURCES = (
    RulesSource(
        kit="einvoice",
        path="artifacts/cii-d16b/CrossIndustryInvoice_100pD16B.xsd",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/cii/schema/D16B%20SCRDM%20%28Subset%29/uncoupled%20clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd",
        sha256="b9798aafcba039d0630f0015ffae5092a1758bf924d19d97b6bf0bf9d95f22a0",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/cii-d16b/CrossIndustryInvoice_QualifiedDataType_100pD16B.xsd",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/cii/schema/D16B%20SCRDM%20%28Subset%29/uncoupled%20clm/CII/uncefact/data/standard/CrossIndustryInvoice_QualifiedDataType_100pD16B.xsd",
        sha256="a39e0662c31fbdca22237118d6b6bbfa16f69efbd1ee5b23787366349c5b924d",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/cii-d16b/CrossIndustryInvoice_ReusableAggregateBusinessInformationEntity_100pD16B.xsd",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/cii/schema/D16B%20SCRDM%20%28Subset%29/uncoupled%20clm/CII/uncefact/data/standard/CrossIndustryInvoice_ReusableAggregateBusinessInformationEntity_100pD16B.xsd",
        sha256="cc682d67791ffe16c45320619ff089a1c8f3ad22691fc426e4056f2e67909fe0",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/cii-d16b/CrossIndustryInvoice_UnqualifiedDataType_100pD16B.xsd",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/cii/schema/D16B%20SCRDM%20%28Subset%29/uncoupled%20clm/CII/uncefact/data/standard/CrossIndustryInvoice_UnqualifiedDataType_100pD16B.xsd",
        sha256="5d4ce8a6445caa4b7691f6fba6ad08e312e6a853cd3a422666d121ee2d13ef8c",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/en16931-1.3.15/cii/EN16931-CII-validation.xslt",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/bf3a7d8d7137bec0c90f35d0fad42e30128fa2fd/cii/xslt/EN16931-CII-validation.xslt",
        sha256="32ef4f91916226a42eafb21a9bf79f55d44b468c2bae34324603de07f4a0a6bf",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/en16931-1.3.15/ubl/EN16931-UBL-validation.xslt",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/bf3a7d8d7137bec0c90f35d0fad42e30128fa2fd/ubl/xslt/EN16931-UBL-validation.xslt",
        sha256="e4891a19c87265a9ac51055078380c144def2897c22b88a462fbca7d0e95bee7",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/en16931-1.3.16/cii/EN16931-CII-validation.xslt",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/cii/xslt/EN16931-CII-validation.xslt",
        sha256="0b234dea2bbfee739b7761e607a992c17fab88773014ef56355b6158cfb1cc53",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/en16931-1.3.16/ubl/EN16931-UBL-validation.xslt",
        url="https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/b6c9e06a59812fb1a83585da40923b3678a649ad/ubl/xslt/EN16931-UBL-validation.xslt",
        sha256="39f9d282867f1a49e7708d9e29a53da89643e1ee56f10cec1ebcf1277595fcbd",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/peppol-bis-billing-3.0.21/PEPPOL-EN16931-UBL.xslt",
        url="https://raw.githubusercontent.com/phax/phive-rules/432f0e9a8cff5c03d06625abe7a5fd8e7e346a64/phive-rules-peppol/src/main/resources/external/schematron/openpeppol/2026.5/xslt/PEPPOL-EN16931-UBL.xslt",
        sha256="8c6b935b1bc0bb17d29d949b0aa27ecc62021b613b9fba173cd6bfec6b3f0008",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/CCTS_CCT_SchemaModule-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/CCTS_CCT_SchemaModule-2.1.xsd",
        sha256="dd546e4809df86b6445589f69f0d6c9df162840ae386574ddfc1da7638103e15",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-CommonAggregateComponents-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-CommonAggregateComponents-2.1.xsd",
        sha256="580b5af6f68f7f556bd15945ba0e819cbf561442c81694f9b9468036ebedec4d",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-CommonBasicComponents-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-CommonBasicComponents-2.1.xsd",
        sha256="a3b349bf92e5cff26e303d2f05b7e00c884dcafcfd9e12755fb80289abf5e22e",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-CommonExtensionComponents-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-CommonExtensionComponents-2.1.xsd",
        sha256="ad7a4e490978adfbcfc5ec0bb20941cf11ac960ccf0c4de8791a7c731a8dbe87",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-CommonSignatureComponents-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-CommonSignatureComponents-2.1.xsd",
        sha256="4fa9e2370100040fe14c43e135ef77e2eb66b21cb8dbfc2ffb8d82ae991fe92e",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-ExtensionContentDataType-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-ExtensionContentDataType-2.1.xsd",
        sha256="fcee77a11870208e6377ea6311b9f2a050bca24bdad8606ea02d71e9f9e72f8d",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-QualifiedDataTypes-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-QualifiedDataTypes-2.1.xsd",
        sha256="7dcb156e610239c97ae70940cf4653b88e48c3595bf5f56a2204a32e2893e6cf",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-SignatureAggregateComponents-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-SignatureAggregateComponents-2.1.xsd",
        sha256="9234c2ca48dbfa9a22a786112bb075c5922a305170920eaab1e3c04fa0b7344b",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-SignatureBasicComponents-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-SignatureBasicComponents-2.1.xsd",
        sha256="0fbe2d7afff0c1e11164b8ec83e13f18801021c3c87e390a9d76f9cf862f6a64",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-UnqualifiedDataTypes-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-UnqualifiedDataTypes-2.1.xsd",
        sha256="09052d406b4293e2a5f9c2bfee6df10ad4d8d5f0b36e24a6349d7f7936d89eb6",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-XAdESv132-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-XAdESv132-2.1.xsd",
        sha256="a4f726bcf8cc3f7d9ffa4dab99e005535a8e8b60dced1e5d94578d2e05afa96e",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-XAdESv141-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-XAdESv141-2.1.xsd",
        sha256="1fa4625e9cefcb7a9abb5ac1b64315547450031eece8a55bd584e4ba4b79dbc1",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/common/UBL-xmldsig-core-schema-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/common/UBL-xmldsig-core-schema-2.1.xsd",
        sha256="101909c9f06456d61ddcc4fb982f1d40dc357b439f393b1a2eb46e42acd60809",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/maindoc/UBL-CreditNote-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/maindoc/UBL-CreditNote-2.1.xsd",
        sha256="1e117b6c1ab713604b29b0d685442a81a0c78a82575445ee8c43e6050cda7454",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/ubl-2.1/xsdrt/maindoc/UBL-Invoice-2.1.xsd",
        url="https://raw.githubusercontent.com/kduvekot/ubl-release-package/69d9f20189fe7fa551dcc59f17d8480e70cda970/xsdrt/maindoc/UBL-Invoice-2.1.xsd",
        sha256="3a5aacd823f0e5b8f25ae7b5191c2002d5333ba351d87de9371ed62dca2b2b0c",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/xrechnung-schematron-2.5.0/cii/XRechnung-CII-validation.xslt",
        url="https://raw.githubusercontent.com/phax/phive-rules/432f0e9a8cff5c03d06625abe7a5fd8e7e346a64/phive-rules-xrechnung/src/main/resources/external/schematron/3.0.2/XRechnung-CII-validation.xslt",
        sha256="b7a422f1191be2781cf5961f58a9a28e3e0538962eeb5533cc482ec34decadf2",
    ),
    RulesSource(
        kit="einvoice",
        path="artifacts/xrechnung-schematron-2.5.0/ubl/XRechnung-UBL-validation.xslt",
        url="https://raw.githubusercontent.com/phax/phive-rules/432f0e9a8cff5c03d06625abe7a5fd8e7e346a64/phive-rules-xrechnung/src/main/resources/external/schematron/3.0.2/XRechnung-UBL-validation.xslt",
        sha256="ef4b78e9035e9c215451e46baeff9e336b48c9153507900df792dc1a25c35e37",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 31 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2031%20v.1.0.xsd",
        sha256="6f2909a93d84919518d2ae3c77fead4b35c3e8c95996b8af67b0040c2e2be298",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 32 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2032%20v.1.0.xsd",
        sha256="151676df03c61335b4ac1eca97f99395488d57ea92793b49353602871e651f3c",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 33 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2033%20v.1.0.xsd",
        sha256="087cd71beba11c19cf548e22b96363cb4aa210dc6f5c3c8a62122a42c88d2866",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 34 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2034%20v.1.0.xsd",
        sha256="6c62ebabdea9a6f6d62ae85d9e1c2eb788f44f3f0b61945fe116700c4eaac2da",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 41 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2041%20v.1.0.xsd",
        sha256="eae1993c637375bc1cbe80932411d87f5680cd54e77e4d1b2752d72a6c8b2ab3",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 43 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2043%20v.1.0.xsd",
        sha256="776f030980c2c50cf0221e9263c55f367c8631727adff00ab45e2c7c1abafc52",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 44 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2044%20v.1.0.xsd",
        sha256="19834f37a9f0e2db40f00c80d07c2bf92f9019f23474480f32cef1ba06af4e67",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 45 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2045%20v.1.0.xsd",
        sha256="030492cc8ef7d1a09a89b16b241f8e5c4920dfd09c0b629b1db8e68406ecd6ca",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 46 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2046%20v.1.0.xsd",
        sha256="e7f8613ade25c7efb88e84d34d7c0ad330d1b22238ad9ef90c80aed01911d67b",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/e-CF 47 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/e-CF%2047%20v.1.0.xsd",
        sha256="14daf18f52f63dd80e439a18fb60a102d74e71243ee90ee253367f61ce8e1994",
    ),
    RulesSource(
        kit="ecf",
        path="schemas/RFCE 32 v.1.0.xsd",
        url="https://dgii.gov.do/cicloContribuyente/facturacion/comprobantesFiscalesElectronicosE-CF/Documentacin%20sobre%20eCF/Documentaci%C3%B3n%20T%C3%A9cnica%20(XSD)/RFCE%2032%20v.1.0.xsd",
        sha256="6aad535875661b05eef072963295202fc94b3b320b257791feb8d3c39a5f8ee6",
    ),
)
