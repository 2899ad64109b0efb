"""The close-of-cycle reports (`exchanges.produce.reports`) as files: CSV for a spreadsheet and
A4 PDF to print, in the active language. Both read one `reports.Lines`, loaded once by
`reports.load`, and make no query of their own: the queries do not grow with the orders."""

from exchanges.produce.exports.printed import pdf_response
from exchanges.produce.exports.spreadsheet import csv_response

REPORTS = ("totals", "pickup", "packing")

__all__ = ["REPORTS", "csv_response", "pdf_response"]
