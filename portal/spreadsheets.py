"""CSV for spreadsheets: what Excel with Swedish settings opens as it is, without formulas."""

import csv
import io

# Cells that spreadsheet programs would read as a formula (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A cell spreadsheet programs show as text: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) or text.lstrip(" \n").startswith(FORMULA_START[:4]):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def spreadsheet_csv(header: list[str], rows) -> str:
    """UTF-8 with BOM, ';' and CRLF: what Excel with Swedish settings opens without questions."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(value) for value in header])
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return out.getvalue()
