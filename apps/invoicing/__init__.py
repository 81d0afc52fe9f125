"""Sales invoicing: documents, their EN 16931 totals, issuing and payments."""
