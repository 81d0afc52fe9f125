"""E-invoices: Peppol BIS 3.0, XRechnung, ZUGFeRD/Factur-X and Dominican e-CF, validated against the official rules."""
