"""The PDF exports: printable A4 documents of record in Swedish.

The exports are produced in Swedish whatever language the request is in, like the checklist
text they quote. All text, the editors' included, is escaped before it reaches reportlab's
paragraph markup, and every character the embedded fonts cannot draw is replaced, never left to
fail. `fonts` registers the fonts, `markup` makes text safe for paragraphs, `styles` holds the
measures and paragraph styles, `layout` the page and the document (shared with the reporting
tool's PDF), and `assessment` the tillsyn assessment's story.
"""

from checklists.exports.pdf.assessment import assessment_pdf

__all__ = ["assessment_pdf"]
