"""The written notices of a vetting withdrawal (PDF, reportlab), laid out like the conduct notices
of cases/documents.py: force, title, reference, date, addressee, then the body."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from core.documents import notice_heading, pdf_build

INSTRUMENT = "Police (Vetting) Regulations 2025"


def _heading(styles, title: str, *, case, dated: date) -> list:
    return notice_heading(
        styles, escape(title), reference=case.reference, person=case.person, dated=("Date of service", dated)
    )


def _p(text: str, styles, style: str = "Normal") -> Paragraph:
    return Paragraph(escape(text), styles[style])


def _rules_line(case) -> str:
    version = case.rule_version
    if version is None:
        return INSTRUMENT
    return f"{version.title} ({version.instrument}), in force from {version.commences_on:%d %B %Y}"


def withdrawal_notice_pdf(*, case, kind: str, served_on: date, due_on: date | None) -> bytes:
    styles = getSampleStyleSheet()
    title = {
        "assessment": f"Notice of withdrawal assessment: {INSTRUMENT}",
        "decision": f"Notice of the decision on your vetting clearance: {INSTRUMENT}",
        "dismissal": f"Notice of dismissal without notice: {INSTRUMENT}",
        "appeal": f"Notice of the appeal result: {INSTRUMENT}",
    }[kind]
    story = _heading(styles, title, case=case, dated=served_on)
    if kind == "assessment":
        story += [
            _p("1. The matter", styles, "Heading3"),
            _p(
                "Information has come to the attention of the vetting authority which indicates that you may no longer "
                "be suitable to hold vetting clearance. It has been assessed as a matter that could reasonably result "
                "in the withdrawal of your clearance, so there will be a withdrawal assessment.",
                styles,
            ),
            _p(f"Assessed on {case.severity_assessed_on:%d %B %Y}: {case.severity_reasons}", styles),
            _p("2. The assessor", styles, "Heading3"),
            _p(
                f"The assessment will be carried out by {case.assessor.get_full_name() or case.assessor.username}.",
                styles,
            ),
        ]
        if case.interview_planned_on:
            story.append(
                _p(f"You are required to attend an interview on {case.interview_planned_on:%d %B %Y}.", styles)
            )
        story += [
            _p("3. Your rights", styles, "Heading3"),
            _p(
                "You may be accompanied and advised by a police friend (regulation 9) and you may be represented by a "
                "relevant lawyer (regulation 10).",
                styles,
            ),
            _p(
                f"You may provide a written statement and any documents relevant to the matter by {due_on:%d %B %Y}."
                if due_on
                else "You may provide a written statement and any relevant documents.",
                styles,
            ),
            _p(
                "Some material may be withheld from you where disclosing it would cause harm (the harm test, "
                "regulation 8).",
                styles,
            ),
        ]
    elif kind == "decision":
        withdrawn = case.outcome == "withdraw"
        story += [
            _p("The decision", styles, "Heading3"),
            _p(
                "Your vetting clearance is withdrawn." if withdrawn else "Your vetting clearance is not withdrawn.",
                styles,
            ),
            _p(f"Decided on {case.decided_on:%d %B %Y}. Reasons: {case.decision_reasons}", styles),
        ]
        if withdrawn:
            story.append(
                _p(
                    "As you can no longer hold the vetting clearance every police officer must hold (regulation 5), "
                    "you may be dismissed without notice. You may appeal against the withdrawal and dismissal to an "
                    "appeal panel, and then to the Police Appeals Tribunal.",
                    styles,
                )
            )
    elif kind == "dismissal":
        story += [
            _p("Dismissal", styles, "Heading3"),
            _p(
                f"Your vetting clearance was withdrawn on {case.decided_on:%d %B %Y}. You are dismissed without notice "
                f"with effect from {case.dismissed_on:%d %B %Y}.",
                styles,
            ),
            _p("Your right of appeal", styles, "Heading3"),
            _p(
                "You may appeal to an appeal panel against the withdrawal of your clearance and your dismissal"
                + (f" by {due_on:%d %B %Y}." if due_on else "."),
                styles,
            ),
        ]
    else:
        appeal = case.appeals.exclude(result="").order_by("-decided_on", "-id").first()
        if appeal is not None:
            story += [
                _p(appeal.get_level_display(), styles, "Heading3"),
                _p(f"{appeal.get_result_display()} on {appeal.decided_on:%d %B %Y}. Reasons: {appeal.reasons}", styles),
            ]
            if appeal.level == "internal" and appeal.result == "dismissed":
                story.append(_p("You may appeal to the Police Appeals Tribunal.", styles))
    story += [Spacer(1, 6 * mm), Paragraph(f"Rules applied: {escape(_rules_line(case))}", styles["Italic"])]
    return pdf_build(story, title=f"{title} {case.reference}")
