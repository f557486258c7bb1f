"""Exports of assessments: a printable A4 PDF (`pdf`), CSV for Swedish Excel (`tables`)."""

from checklists.exports.pdf import assessment_pdf
from checklists.exports.tables import assessment_csv, county_summary_csv, export_filename

__all__ = ["assessment_csv", "assessment_pdf", "county_summary_csv", "export_filename"]
