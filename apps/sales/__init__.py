"""Quotes, orders and delivery notes: the sales documents that lead up to an invoice."""
