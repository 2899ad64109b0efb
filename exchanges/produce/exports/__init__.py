"""The close-of-cycle reports (`exchanges.produce.reports`) as files: CSV for a spreadsheet and
A4 PDF to print, in the active language. Both read one `reports.Lines`, loaded once by
`reports.load`, and make no query of their own: the queries do not grow with the orders. The
site serves them from storage, built once per report state (`exports.stored`)."""

from exchanges.produce.exports.printed import report_pdf
from exchanges.produce.exports.spreadsheet import report_csv

REPORTS = ("totals", "pickup", "packing")

__all__ = ["REPORTS", "report_csv", "report_pdf"]
