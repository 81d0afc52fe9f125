"""Dunning: reminders and notices for overdue invoices, with fees and default interest."""
