"""The printable A4 PDF of an assessment: checklist text, answers and a signatures block."""

import datetime

from django.utils import translation
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from checklists.exports.facts import local_time, state_text, title_text, version_text
from checklists.exports.pdf.fonts import FONT
from checklists.exports.pdf.layout import build_document, table
from checklists.exports.pdf.markup import html_blocks, line, markup, text_blocks
from checklists.exports.pdf.styles import INK, RULE, TEXT_WIDTH, indented
from checklists.exports.pdf.styles import styles as paragraph_styles
from checklists.selectors import AssessmentDocument, ItemView


def _metadata(document: AssessmentDocument, generated_at: datetime.datetime) -> Table:
    styles = paragraph_styles()
    assessment = document.assessment
    programme = assessment.programme
    rows = [
        ("Län", programme.county.name),
        ("Verksamhet", programme.name),
        ("Driftform", programme.get_operation_form_display()),
        ("År", str(assessment.year)),
        ("Checklistversion", version_text(assessment)),
        ("Status", state_text(assessment)),
        ("Utskriven", f"{local_time(generated_at):%Y-%m-%d %H:%M}"),
    ]
    return table(
        [
            [Paragraph(markup(label), styles["meta"]), Paragraph(markup(value), styles["cell"])]
            for label, value in rows
        ],
        [38 * mm, TEXT_WIDTH - 38 * mm],
    )


def _summary(document: AssessmentDocument) -> list:
    styles = paragraph_styles()
    head = [
        Paragraph("<b>Bedömning</b>", styles["cell"]),
        Paragraph("<b>Antal</b>", styles["number"]),
    ]
    rows = [
        [Paragraph(markup(label), styles["cell"]), Paragraph(str(count), styles["number"])]
        for _value, label, count in document.status_counts
    ]
    total = sum(count for _value, _label, count in document.status_counts)
    rows.append(
        [Paragraph("<b>Totalt</b>", styles["cell"]), Paragraph(f"<b>{total}</b>", styles["number"])]
    )
    return [
        Paragraph("Sammanställning", styles["h2"]),
        table([head, *rows], [60 * mm, 20 * mm], header=True),
    ]


def _follow_up(document: AssessmentDocument) -> list:
    styles = paragraph_styles()
    flowables = [Paragraph("Punkter att följa upp", styles["h2"])]
    items = document.follow_up
    if not items:
        flowables.append(
            Paragraph("Inga punkter är bedömda som delvis eller ej uppfyllda.", styles["body"])
        )
    for item in items:
        flowables.append(
            Paragraph(
                f"<b>{markup(item.item['number'])}</b> {markup(item.item['question'])} – "
                f"<b>{markup(item.status_label)}</b>",
                styles["follow_up"],
                bulletText="•",
            )
        )
    return flowables


def _support(item: dict) -> list:
    """What the checklist says about the item: guidance, evidence to ask for, rules, sources."""
    styles = paragraph_styles()
    flowables = []
    guidance = html_blocks(item.get("guidance", ""))
    if guidance:
        flowables.append(Paragraph("Bedömningsstöd", styles["support_label"]))
        for text, depth, bullet in guidance:
            style = indented(styles["bullet" if bullet else "support"], depth)
            flowables.append(Paragraph(markup(text), style, bulletText=bullet or None))
    if item.get("evidence"):
        flowables.append(Paragraph("Underlag att begära", styles["support_label"]))
        flowables.extend(
            Paragraph(block, styles["support"]) for block in text_blocks(item["evidence"])
        )
    if item.get("rules"):
        flowables.append(Paragraph("Regler som punkten prövar", styles["support_label"]))
        for rule in item["rules"]:
            flowables.append(
                Paragraph(
                    f"<b>{markup(rule['label'])}</b> ({markup(rule['force'])}): "
                    f"{markup(rule['text'])}",
                    styles["bullet"],
                    bulletText="•",
                )
            )
    if item.get("citations"):
        flowables.append(Paragraph("Källor", styles["support_label"]))
        for citation in item["citations"]:
            source = ", ".join(
                markup(part)
                for part in (citation.get("source"), citation.get("year"), citation.get("locator"))
                if part
            )
            flowables.append(Paragraph(source, styles["bullet"], bulletText="•"))
    return flowables


def _item(item: ItemView) -> list:
    styles = paragraph_styles()
    answer = item.answer
    status = f"Bedömning: <b>{markup(item.status_label)}</b>"
    if item.needs_follow_up:
        status += " – att följa upp"
    flowables = [
        CondPageBreak(45 * mm),  # room for the heading, the status and a few lines of comment
        Paragraph(f"{markup(item.item['number'])} {markup(item.item['question'])}", styles["item"]),
        Paragraph(status, styles["body"]),
        # Not kept with the comment: a long one would leave the item's heading alone on its page.
        Paragraph("Kommentar", styles["lead"]),
    ]
    comment = text_blocks(answer.comment if answer else "")
    flowables.extend(Paragraph(block, styles["body"]) for block in comment)
    if not comment:
        flowables.append(Paragraph("Ingen kommentar.", styles["body"]))
    evidence = text_blocks(answer.evidence if answer else "")
    flowables.append(Paragraph("Underlag som har lämnats", styles["label"]))
    flowables.extend(Paragraph(block, styles["body"]) for block in evidence)
    if not evidence:
        flowables.append(Paragraph("Inget angivet.", styles["body"]))
    flowables.extend(_support(item.item))
    flowables.append(Spacer(1, 2 * mm))
    flowables.append(HRFlowable(width="100%", thickness=0.3, color=RULE, spaceAfter=1 * mm))
    return flowables


def _signatures() -> KeepTogether:
    """Lines for two people to write on: who did the assessment, date, signature, printed name."""
    styles = paragraph_styles()
    labels = ("Bedömningen gjord av", "Datum", "Underskrift", "Namnförtydligande")
    rows, heights = [], []
    for label in labels:
        caption = Paragraph(markup(label), styles["caption"])
        rows += [["", "", ""], [caption, "", caption]]
        heights += [11 * mm, None]
    column = (TEXT_WIDTH - 10 * mm) / 2
    table = Table(rows, colWidths=[column, 10 * mm, column], rowHeights=heights, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *(
                    ("LINEBELOW", (column_index, row), (column_index, row), 0.6, INK)
                    for row in range(0, len(rows), 2)
                    for column_index in (0, 2)
                ),
            ]
        )
    )
    return KeepTogether(
        [
            Paragraph("Underskrifter", styles["h2"]),
            Paragraph(
                "Bedömningen har gjorts av de personer som skriver under nedan.", styles["body"]
            ),
            table,
        ]
    )


def _story(document: AssessmentDocument, generated_at: datetime.datetime) -> list:
    styles = paragraph_styles()
    story = [
        Paragraph(markup(title_text(document.assessment)), styles["title"]),
        _metadata(document, generated_at),
        *_summary(document),
        *_follow_up(document),
    ]
    for area in document.areas:
        story.append(
            Paragraph(f"{markup(area.area['number'])} {markup(area.area['title'])}", styles["h2"])
        )
        story.extend(
            Paragraph(markup(text), styles["body"])
            for text, _depth, _bullet in html_blocks(area.area.get("intro", ""))
        )
        for item in area.items:
            story.extend(_item(item))
    story.append(_signatures())
    return story


def assessment_pdf(*, document: AssessmentDocument, generated_at: datetime.datetime) -> bytes:
    """The assessment as a printable A4 PDF, with the checklist text it was judged against."""
    assessment = document.assessment
    with translation.override("sv"):
        return build_document(
            _story(document, generated_at),
            title=title_text(assessment),
            subject=f"Tillsynsbedömning enligt {version_text(assessment)}",
            keywords=["tillsyn", "personligt ombud", line(assessment.programme.county.name)],
            printed=f"{local_time(generated_at):%Y-%m-%d %H:%M}",
            draft=assessment.is_draft,
        )
