"""The frame every written notice shares (PDF, reportlab): the heading (force, title, reference, date,
addressee) and the A4 page. Conduct, staff, vetting-withdrawal and performance notices all use it."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer


def notice_heading(styles, title: str, *, reference: str, person, dated: tuple[str, date], lines=()) -> list:
    """Force, title (markup: escape plain text first), reference, date, any further lines (plain
    text), and the addressee."""
    label, when = dated
    return [
        Paragraph(escape(settings.FORCE_NAME), styles["Title"]),
        Paragraph(title, styles["Heading2"]),
        Paragraph(f"Case reference: {escape(reference)}", styles["Normal"]),
        Paragraph(f"{label}: {when:%d %B %Y}", styles["Normal"]),
        *[Paragraph(escape(line), styles["Normal"]) for line in lines],
        Spacer(1, 4 * mm),
        Paragraph(
            f"To: {escape(person.display_name)}, {escape(person.rank_or_grade)}, staff number {escape(person.staff_number)}",
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
    ]


def pdf_build(story, *, title: str) -> bytes:
    """The notice as an A4 PDF with the force as author."""
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=settings.FORCE_NAME,
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
    ).build(story)  # fmt: skip
    return buffer.getvalue()
