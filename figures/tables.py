"""The data of a data set: a small ';'-separated table that editors type or paste.

The first line names the columns: the label column, then one column per series. Every other
line is a label and one number per series. Numbers are read the Swedish way (decimal comma,
spaces between thousands) and keep the precision they were written with; nothing is rounded.
Every problem is reported with its line number, in Swedish, so the admin can refuse the save.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_CHARS = 10_000
MAX_ROWS = 60
MAX_SERIES = 4
MAX_LABEL = 80
MAX_ERRORS = 10
MAX_INTEGER_DIGITS = 12

# Spaces people and spreadsheets put between thousands: space, no-break and narrow no-break.
THOUSANDS_SPACES = re.compile(r"[ \u00a0\u202f]")
NUMBER = re.compile(r"^(?P<sign>[-−–]?)(?P<int>\d+)(?:[,.](?P<frac>\d+))?$")
GROUPED = re.compile(r"^[-−–]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[,.]\d+)?$")


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class DataTable:
    label_heading: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def maximum(self) -> Decimal:
        return max((value for row in self.rows for value in row.values), default=Decimal(0))


class DataTableError(ValueError):
    """The table cannot be drawn; `messages` says why, line by line."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def parse_number(text: str) -> Decimal | None:
    """'12', '12,5', '1 234' or '1 234,5' as a Decimal; None when it is not such a number."""
    text = text.strip()
    if not text:
        return None
    if THOUSANDS_SPACES.search(text):
        if not GROUPED.match(text):
            return None
        text = THOUSANDS_SPACES.sub("", text)
    match = NUMBER.match(text)
    if match is None:
        return None
    frac = match.group("frac")
    sign = "-" if match.group("sign") else ""
    return Decimal(f"{sign}{match.group('int')}{'.' + frac if frac else ''}")


def format_number(value: Decimal, language: str = "sv") -> str:
    """The number as written, with the language's decimal mark and thousands separator."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _dot, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal_mark = ("\u00a0", ",") if language == "sv" else (",", ".")
    number = thousands.join(groups)
    return f"{sign}{number}{decimal_mark + frac if frac else ''}"


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _separator(header: str) -> str:
    if ";" in header:
        return ";"
    return "\t" if "\t" in header else ";"


def parse_data_table(text: str) -> DataTable:
    """The table, or DataTableError with every problem found (at most MAX_ERRORS of them)."""
    text = text or ""
    if len(text) > MAX_CHARS:
        raise DataTableError(
            [
                _("Datatabellen är för lång: högst %(max)s tecken.")
                % {"max": format_number(Decimal(MAX_CHARS))}
            ]
        )
    lines = [
        (number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]
    if not lines:
        raise DataTableError(
            [_("Datatabellen är tom. Skriv en rubrikrad och minst en rad med värden.")]
        )
    (header_line, header), *body = lines
    separator = _separator(header)
    columns = [cell.strip() for cell in header.split(separator)]
    if len(columns) < 2:
        raise DataTableError(
            [
                _(
                    "Rad %(line)s (rubrikraden) ska ha minst två kolumner åtskilda med semikolon: "
                    "en för etiketterna och en för varje serie av värden."
                )
                % {"line": header_line}
            ]
        )
    errors = [
        _("Rad %(line)s (rubrikraden): kolumn %(column)s saknar namn.")
        % {"line": header_line, "column": index}
        for index, name in enumerate(columns, start=1)
        if not name and index > 1
    ]
    if len(columns) - 1 > MAX_SERIES:
        errors.append(
            _(
                "Datatabellen har %(count)s serier av värden. "
                "Ett diagram kan skilja åt högst %(max)s."
            )
            % {"count": len(columns) - 1, "max": MAX_SERIES}
        )
    if not body:
        errors.append(_("Datatabellen har bara en rubrikrad. Lägg till minst en rad med värden."))
    if len(body) > MAX_ROWS:
        errors.append(
            _("Datatabellen har %(count)s rader med värden. Ett diagram rymmer högst %(max)s.")
            % {"count": len(body), "max": MAX_ROWS}
        )
    if errors:
        raise DataTableError(errors)

    rows, seen = [], {}
    for line, raw in body:
        cells = [cell.strip() for cell in raw.split(separator)]
        if len(cells) != len(columns):
            errors.append(
                _("Rad %(line)s har %(found)s kolumner, men rubrikraden har %(expected)s.")
                % {"line": line, "found": len(cells), "expected": len(columns)}
            )
            continue
        label, *cells = cells
        if not label:
            errors.append(_("Rad %(line)s saknar etikett i första kolumnen.") % {"line": line})
        elif len(label) > MAX_LABEL:
            errors.append(
                _("Rad %(line)s: etiketten är längre än %(max)s tecken.")
                % {"line": line, "max": MAX_LABEL}
            )
        elif label.casefold() in seen:
            errors.append(
                _("Rad %(line)s: etiketten ”%(label)s” finns redan på rad %(first)s.")
                % {"line": line, "label": _short(label), "first": seen[label.casefold()]}
            )
        else:
            seen[label.casefold()] = line
        values = []
        for column, cell in zip(columns[1:], cells, strict=True):
            error, value = _cell_error(cell, line=line, column=_short(column))
            if error:
                errors.append(error)
            values.append(value)
        rows.append(Row(label=label, values=tuple(values)))
    if errors:
        extra = len(errors) - MAX_ERRORS
        errors = errors[:MAX_ERRORS]
        if extra > 0:
            errors.append(_("… och %(count)s fel till.") % {"count": extra})
        raise DataTableError(errors)
    return DataTable(label_heading=columns[0], series=tuple(columns[1:]), rows=tuple(rows))


def _cell_error(cell: str, *, line: int, column: str) -> tuple[str, Decimal]:
    where = {"line": line, "column": column}
    if not cell:
        return _("Rad %(line)s saknar värde i kolumnen ”%(column)s”.") % where, Decimal(0)
    value = parse_number(cell)
    if value is None:
        return (
            _(
                "Rad %(line)s: ”%(value)s” i kolumnen ”%(column)s” är inget tal. "
                "Skriv bara siffror, t.ex. 12, 12,5 eller 1 234."
            )
            % {**where, "value": _short(cell, 20)},
            Decimal(0),
        )
    if value < 0:
        return (
            _(
                "Rad %(line)s: värdet i kolumnen ”%(column)s” är negativt. "
                "Diagrammen visar bara värden från 0 och uppåt."
            )
            % where,
            Decimal(0),
        )
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        return _("Rad %(line)s: talet i kolumnen ”%(column)s” är för stort.") % where, Decimal(0)
    return "", value
