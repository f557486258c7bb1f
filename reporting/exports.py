"""Exports of the reporting tool, in Swedish whatever the request's language: the pattern of
systembrister as CSV and as a PDF for the ledningsgrupp's minutes, an annual report version as
CSV, the county summary as CSV; and the pattern's charts for the page.

CSV goes through `portal.spreadsheets` (what Swedish Excel opens, formulas neutralised); the
PDF uses the tillsyn tool's fonts, escaping and page layout (checklists.exports.pdf.layout), so that
both tools print alike.
"""

import datetime
import re
from decimal import Decimal

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from checklists.exports.facts import local_time
from checklists.exports.pdf import layout
from checklists.exports.pdf.markup import markup
from checklists.exports.pdf.styles import TEXT_WIDTH
from checklists.exports.pdf.styles import styles as paragraph_styles
from checklists.exports.tables import TRANSLITERATIONS
from figures.charts import BAR, LINE, ChartSpec, render_svg
from figures.tables import format_number
from portal.spreadsheets import spreadsheet_csv
from reporting import annual
from reporting.choices import VersionState
from reporting.selectors import CountyRow, Pattern


def _slug(text: str) -> str:
    return slugify(text.lower().translate(TRANSLITERATIONS))[:60].strip("-")


def pattern_filename(*, programme, year: int, ext: str) -> str:
    if not re.fullmatch(r"[a-z0-9]{1,8}", ext):
        raise ValueError(f"Unexpected file extension: {ext!r}")
    return f"systembrister-{_slug(programme.name) or 'verksamhet'}-{year}.{ext}"


def _number(value) -> str:
    return format_number(Decimal(value), "sv")


def pattern_charts(*, pattern: Pattern, programme) -> list[dict]:
    """The matrix as bars (an actor per row, a level per series) and the year month by month
    (a line per level), each an accessible SVG with the same numbers in the tables beside."""
    levels = [label for _value, label in pattern.levels]
    uid = f"monster-{programme.pk}-{pattern.year}"
    specs = [
        ChartSpec(
            uid=f"{uid}-aktorer",
            title=_("Systembrister %(year)s efter aktör och nivå") % {"year": pattern.year},
            description=_("Antal rapporter per aktör, en stapel per nivå.")
            + " "
            + _("Alla värden finns också i tabellen."),
            kind=BAR,
            labels=[label for _value, label in pattern.actors],
            series=levels,
            values=[
                [Decimal(row[1][column]) for row in pattern.matrix]
                for column in range(len(pattern.actors))
            ],
            axis_label=_("antal rapporter"),
            format_value=_number,
        ),
        ChartSpec(
            uid=f"{uid}-manader",
            title=_("Systembrister %(year)s månad för månad") % {"year": pattern.year},
            description=_("Antal rapporter per månad, en linje per nivå.")
            + " "
            + _("Alla värden finns också i tabellen."),
            kind=LINE,
            labels=[month for month, _counts in pattern.months],
            series=levels,
            values=[[Decimal(count) for count in counts] for _month, counts in pattern.months],
            axis_label=_("antal rapporter"),
            format_value=_number,
        ),
    ]
    # figures.charts escapes every text it writes.
    return [{"spec": spec, "svg": mark_safe(render_svg(spec))} for spec in specs]  # noqa: S308


def pattern_csv(*, pattern: Pattern) -> str:
    """Two tables in one file: level × actor, then month × level."""
    with translation.override("sv"):
        actors = [label for _value, label in pattern.actors]
        rows = [[label, *counts, total] for label, counts, total in pattern.matrix]
        rows.append(["Totalt", *pattern.actor_totals, pattern.total])
        rows.append([])
        rows.append(["Månad", *(label for _value, label in pattern.levels)])
        rows += [[month, *counts] for month, counts in pattern.months]
        return spreadsheet_csv([f"Nivå {pattern.year}", *actors, "Totalt"], rows)


def pattern_pdf(*, pattern: Pattern, programme, generated_at: datetime.datetime) -> bytes:
    """The pattern on A4 for the ledningsgrupp's minutes: the matrix, status and months."""
    styles = paragraph_styles()
    with translation.override("sv"):
        title = f"Systembrister {pattern.year}: {programme.name}"
        cell = styles["cell"]
        number = styles["number"]

        def table(head, rows, widths):
            return layout.table(
                [
                    [Paragraph(f"<b>{markup(text)}</b>", cell) for text in head],
                    *(
                        [Paragraph(markup(row[0]), cell)]
                        + [Paragraph(str(value), number) for value in row[1:]]
                        for row in rows
                    ),
                ],
                widths,
                header=True,
            )

        actor_width = (TEXT_WIDTH - 45 * mm) / (len(pattern.actors) + 1)
        story = [
            Paragraph(markup(title), styles["title"]),
            Paragraph(
                markup(
                    f"{programme.county.name}. {pattern.total} rapporter om systembrister med "
                    f"datum under {pattern.year}. Utskriven "
                    f"{local_time(generated_at):%Y-%m-%d %H:%M}."
                ),
                styles["body"],
            ),
            Paragraph("Efter nivå och aktör", styles["h2"]),
            table(
                ["Nivå", *(label for _v, label in pattern.actors), "Totalt"],
                [
                    *([label, *counts, total] for label, counts, total in pattern.matrix),
                    ["Totalt", *pattern.actor_totals, pattern.total],
                ],
                [45 * mm] + [actor_width] * (len(pattern.actors) + 1),
            ),
            Paragraph("Var ledningsgruppens arbete står", styles["h2"]),
            table(
                ["Status", "Antal"],
                [[label, count] for _value, label, count in pattern.statuses],
                [70 * mm, 25 * mm],
            ),
            Paragraph("Månad för månad", styles["h2"]),
            table(
                ["Månad", *(label for _v, label in pattern.levels)],
                [[month, *counts] for month, counts in pattern.months],
                [30 * mm] + [45 * mm] * len(pattern.levels),
            ),
        ]
        return layout.build_document(
            story,
            title=title,
            subject="Systembrister efter nivå och aktör",
            printed=f"{local_time(generated_at):%Y-%m-%d %H:%M}",
        )


def _value(field: annual.Field, value):
    if value is None:
        return ""
    if field.kind == annual.POSTS:
        return str(value).replace(".", ",")
    return value


def annual_csv(*, report, version) -> str:
    """One row per item: section, item, value; the facts of the version first."""
    with translation.override("sv"):
        rows = [
            ["Uppgift", "Län", "", report.programme.county.name],
            ["Uppgift", "Verksamhet", "", report.programme.name],
            ["Uppgift", "År", "", report.year],
            ["Uppgift", "Version", "", version.number],
            ["Uppgift", "Status", "", str(version.get_state_display())],
        ]
        for section in annual.SECTIONS:
            for field in section.all_fields():
                rows.append(
                    [
                        str(section.title),
                        str(field.label),
                        field.name,
                        _value(field, version.content.get(field.name)),
                    ]
                )
        return spreadsheet_csv(["Avsnitt", "Uppgift", "Nyckel", "Värde"], rows)


def annual_filename(report, version, ext: str) -> str:
    slug = _slug(report.programme.name) or "verksamhet"
    return f"arsredovisning-{slug}-{report.year}-v{version.number}.{ext}"


def county_summary_csv(*, county, year: int, rows: list[CountyRow]) -> str:
    """One row per programme: the state of its report and its headline numbers."""
    with translation.override("sv"):
        lines = []
        for row in rows:
            version, totals = row.version, row.totals or {}
            lines.append(
                [
                    county.name,
                    row.programme.name,
                    year,
                    str(version.get_state_display()) if version else "Ingen redovisning",
                    version.number if version else "",
                    "ja" if version and version.state == VersionState.ACCEPTED else "nej",
                    *(
                        totals.get(key, "")
                        for key in ("klienter", "nya", "pagaende", "avslutade", "systembrister")
                    ),
                ]
            )
        return spreadsheet_csv(
            [
                "Län",
                "Verksamhet",
                "År",
                "Status",
                "Version",
                "Godkänd",
                "Klienter",
                "Nya",
                "Sedan tidigare",
                "Avslutade",
                "Systembrister",
            ],
            lines,
        )
