"""Downloads of the books' reports."""

from .tabular import FORMATS, Cell, Column, Table, csv_lines, table_response

__all__ = ["FORMATS", "Cell", "Column", "Table", "csv_lines", "table_response"]
