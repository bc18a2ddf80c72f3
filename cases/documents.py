"""Documents the system produces (PDF, reportlab): the regulation 17 notice (officers), the police
staff procedure's notice of investigation (staff), and the outcome notice with appeal rights."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from core.documents import notice_heading, pdf_build


def reg17_notice_pdf(*, subject, served_on: date, response_due_on: date, investigator_name: str) -> bytes:
    """The written notice the regulation requires, from the case as it stands."""
    styles = getSampleStyleSheet()
    person = subject.person
    case = subject.case
    allegations = list(subject.allegations.select_related("category").prefetch_related("standards"))
    story = [
        *_heading(
            styles,
            "Notice of investigation: regulation 17, Police (Conduct) Regulations 2020",
            case=case,
            person=person,
            dated=("Date of service", served_on),
        ),
        Paragraph("1. The conduct that is the subject matter of the allegation", styles["Heading3"]),
    ]
    for index, allegation in enumerate(allegations, start=1):
        standards = ", ".join(f"{s.number} {s.title}" for s in allegation.standards.all())
        when = f" on {allegation.incident_date:%d %B %Y}" if allegation.incident_date else ""
        where = f" at {escape(allegation.incident_place)}" if allegation.incident_place else ""
        story += [
            Paragraph(f"Allegation {index} ({escape(allegation.category.label)}){when}{where}:", styles["Normal"]),
            Paragraph(escape(allegation.description), styles["Normal"]),
            Paragraph(f"Standards of Professional Behaviour it may breach: {escape(standards)}", styles["Normal"]),
            Spacer(1, 2 * mm),
        ]
    severity = subject.get_severity_display() or "not yet assessed"
    forum = subject.get_likely_forum_display() or "not yet determined"
    story += [
        Paragraph("2. Investigation", styles["Heading3"]),
        Paragraph(
            f"Your conduct is being investigated. The investigator is {escape(investigator_name)}.", styles["Normal"]
        ),
        Paragraph("3. Severity assessment", styles["Heading3"]),
        Paragraph(
            f"The conduct has been assessed as: {escape(severity)}. If the matter were referred to proceedings, "
            f"the likely form would be: {escape(forum)}.",
            styles["Normal"],
        ),
    ]
    if subject.severity == "gross_misconduct":
        story.append(
            Paragraph(
                "As the conduct has been assessed as gross misconduct: if you are dismissed, or would have been "
                "dismissed had you not left the force, you will be included on the barred list held by the "
                "College of Policing.",
                styles["Normal"],
            )
        )
    story += [
        Paragraph("4. Your rights", styles["Heading3"]),
        Paragraph(
            "You have the right to seek advice from your staff association or any other body, and to be "
            "accompanied by a police friend at any interview.",
            styles["Normal"],
        ),
        Paragraph(
            "You may provide a written or oral statement relating to the matter, and any relevant documents, "
            f"within 10 working days of the date of this notice, that is by {response_due_on:%d %B %Y} "
            "(regulation 18). Whatever you say may be used in any subsequent proceedings.",
            styles["Normal"],
        ),
        Paragraph(
            "If you do not mention when interviewed or when providing information something which you later "
            "rely on in any subsequent proceedings, the person conducting those proceedings may draw such "
            "inferences from this failure as appear proper.",
            styles["Normal"],
        ),
    ]
    return _build(story, title=f"Regulation 17 notice {case.reference}")


def _heading(styles, title: str, *, case, person, dated: tuple[str, date]) -> list:
    return notice_heading(styles, title, reference=case.reference, person=person, dated=dated)


_build = pdf_build


def _allegations(subject, styles, standards_label: str) -> list:
    story = []
    for index, allegation in enumerate(
        subject.allegations.select_related("category").prefetch_related("standards"), start=1
    ):
        standards = ", ".join(f"{s.number} {s.title}" for s in allegation.standards.all())
        when = f" on {allegation.incident_date:%d %B %Y}" if allegation.incident_date else ""
        where = f" at {escape(allegation.incident_place)}" if allegation.incident_place else ""
        story += [
            Paragraph(f"Allegation {index} ({escape(allegation.category.label)}){when}{where}:", styles["Normal"]),
            Paragraph(escape(allegation.description), styles["Normal"]),
            Paragraph(f"{escape(standards_label)} it may breach: {escape(standards)}", styles["Normal"]),
            Spacer(1, 2 * mm),
        ]
    return story


def staff_notice_pdf(*, subject, procedure, served_on: date, response_due_on: date, investigator_name: str) -> bytes:
    """The notice of investigation under the force's police staff misconduct procedure: its
    wording comes from the procedure (force policy data), never the Police (Conduct) Regulations."""
    styles = getSampleStyleSheet()
    person, case = subject.person, subject.case
    severity = subject.get_severity_display() or "not yet assessed"
    story = [
        *_heading(
            styles, escape(procedure.notice_title), case=case, person=person, dated=("Date of service", served_on)
        ),
        Paragraph("1. The conduct alleged", styles["Heading3"]),
        *_allegations(subject, styles, procedure.standards_label),
        Paragraph("2. Investigation", styles["Heading3"]),
        Paragraph(
            f"Your conduct is being investigated under the {escape(procedure.name)}. "
            f"The investigator is {escape(investigator_name)}.",
            styles["Normal"],
        ),
        Paragraph(f"The conduct has been assessed as: {escape(severity)}.", styles["Normal"]),
        Paragraph("3. What happens next", styles["Heading3"]),
        Paragraph(escape("; ".join(procedure.stages)) + ".", styles["Normal"]),
        Paragraph("4. Your rights", styles["Heading3"]),
        Paragraph(escape(procedure.representation), styles["Normal"]),
        Paragraph(
            escape(
                procedure.response_text.format(days=procedure.response_working_days, due=f"{response_due_on:%d %B %Y}")
            ),
            styles["Normal"],
        ),
    ]
    return _build(story, title=f"Notice of misconduct investigation {case.reference}")


def outcome_notice_pdf(
    *,
    outcome,
    appeal_body: str,
    appeal_days: int,
    given_on: date,
    deemed_served_on: date | None = None,
    appeal_due_on: date | None = None,
) -> bytes:
    """The written notice of the finding and outcome, with the subject's appeal rights."""
    styles = getSampleStyleSheet()
    proceeding = outcome.proceeding
    subject = proceeding.subject
    person, case = subject.person, subject.case
    held = f" held on {proceeding.scheduled_for:%d %B %Y}" if proceeding.scheduled_for else ""
    story = [
        *_heading(
            styles,
            f"Notice of outcome: {escape(proceeding.get_forum_display().lower())}",
            case=case,
            person=person,
            dated=("Date of this notice", given_on),
        ),
        Paragraph("1. Finding", styles["Heading3"]),
        Paragraph(
            f"At the {escape(proceeding.get_forum_display().lower())}{held}, decided on "
            f"{outcome.decided_on:%d %B %Y}, the finding was: {escape(outcome.get_finding_display())}.",
            styles["Normal"],
        ),
        Paragraph("2. Outcome", styles["Heading3"]),
        Paragraph(f"Disciplinary outcome: {escape(outcome.get_outcome_display())}.", styles["Normal"]),
    ]
    if outcome.warning_expires_on:
        story.append(Paragraph(f"The warning is live until {outcome.warning_expires_on:%d %B %Y}.", styles["Normal"]))
    story += [
        Paragraph("3. Reasons", styles["Heading3"]),
        Paragraph(escape(outcome.reasons), styles["Normal"]),
    ]
    if outcome.exceptional_circumstances:  # SI 2025/558: a lesser outcome than dismissal for gross misconduct
        story += [
            Paragraph("Exceptional circumstances", styles["Heading4"]),
            Paragraph(
                "Gross misconduct was found, for which the outcome is dismissal without notice unless exceptional "
                "circumstances justify a lesser outcome. The exceptional circumstances found, in writing:",
                styles["Normal"],
            ),
            Paragraph(escape(outcome.exceptional_circumstances), styles["Normal"]),
        ]
    window = f"within {appeal_days} working days of receiving this notice"
    if appeal_due_on:
        served = ""
        if deemed_served_on and deemed_served_on != given_on:
            served = f"This notice was sent by e-mail and is treated as given on {deemed_served_on:%-d %B %Y}. "
        window = f"{window}, that is by {appeal_due_on:%-d %B %Y}. {served}".strip()
    story += [
        Paragraph("4. Your right of appeal", styles["Heading3"]),
        Paragraph(
            f"You may appeal to the {escape(appeal_body)} against the finding or the outcome. Give notice of "
            f"appeal {window}{'' if window.endswith('.') else '.'}",
            styles["Normal"],
        ),
    ]
    return _build(story, title=f"Outcome notice {case.reference}")
