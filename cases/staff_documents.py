"""The police staff misconduct procedure's letters (PDF): the invitation to the disciplinary
hearing and the outcome letter with the right of appeal. Their wording comes from the force's
policy version applied to the matter (cases/staff_procedure.py), never the Police (Conduct)
Regulations: no regulation numbers, no police friend, no reduction in rank."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from .documents import _allegations, _build, _heading


def staff_hearing_invitation_pdf(
    *,
    subject,
    policy,
    hearing_on: date,
    venue: str,
    hearing_manager: str,
    sent_on: date,
    companion: str,
) -> bytes:
    """The invitation to the disciplinary hearing before a manager (the notice of hearing)."""
    styles = getSampleStyleSheet()
    params = policy.params
    person, case = subject.person, subject.case
    hearing = params.get("hearing_name", "Disciplinary hearing before a manager")
    where = f" at {escape(venue)}" if venue else ""
    severity = {"gross_misconduct": "gross misconduct", "misconduct": "misconduct"}.get(subject.severity, "misconduct")
    story = [
        *_heading(
            styles,
            f"Invitation to a {escape(hearing.lower())}: {escape(params.get('name', 'police staff misconduct procedure'))}",
            case=case,
            person=person,
            dated=("Date of this letter", sent_on),
        ),
        Paragraph("1. The hearing", styles["Heading3"]),
        Paragraph(
            f"You are required to attend a {escape(hearing.lower())} on {hearing_on:%A %d %B %Y}{where}. "
            f"The hearing will be conducted by {escape(hearing_manager)}, {escape(params.get('hearing_manager', ''))}.",
            styles["Normal"],
        ),
        Paragraph(
            f"The allegations are of {severity} under the {escape(params.get('name', 'police staff misconduct procedure'))} "
            f"({escape(policy.title)}).",
            styles["Normal"],
        ),
        Paragraph("2. The conduct alleged", styles["Heading3"]),
        *_allegations(subject, styles, "Standards of behaviour (police staff code of conduct)"),
        Paragraph("3. Your right to be accompanied", styles["Heading3"]),
        Paragraph(escape(params.get("companion_text", "")), styles["Normal"]),
        Paragraph(f"You have told us your companion will be: {escape(companion)}.", styles["Normal"]),
        Paragraph("4. Possible outcomes", styles["Heading3"]),
        Paragraph(
            "If the allegations are found proven the hearing manager may give: "
            + escape(
                ", ".join(
                    params["outcome_labels"][o].lower()
                    for o in params["outcomes"].get(subject.severity or "misconduct", [])
                    if o in params.get("outcome_labels", {})
                )
            )
            + ".",
            styles["Normal"],
        ),
    ]
    if subject.severity == "gross_misconduct":
        story.append(
            Paragraph(
                "If you are dismissed, the force must report the dismissal to the College of Policing, which "
                "places police staff dismissed from policing on the police barred list.",
                styles["Normal"],
            )
        )
    story += [
        Paragraph("5. Before the hearing", styles["Heading3"]),
        Paragraph(
            f"This letter gives you at least {params.get('hearing_notice_working_days')} working days' notice of the "
            "hearing, as the policy requires. You will receive the investigation report and the evidence to be relied "
            "on. If you or your companion cannot attend, you may propose another date within 5 working days.",
            styles["Normal"],
        ),
    ]
    return _build(story, title=f"Invitation to a disciplinary hearing {case.reference}")


def staff_outcome_letter_pdf(*, outcome, policy, given_on: date, appeal_by: date) -> bytes:
    """The outcome letter: finding, outcome, reasons, and the right of appeal to a more senior manager."""
    styles = getSampleStyleSheet()
    params = policy.params
    proceeding = outcome.proceeding
    subject = proceeding.subject
    person, case = subject.person, subject.case
    hearing = params.get("hearing_name", "Disciplinary hearing before a manager")
    manager = getattr(getattr(proceeding, "staff_hearing", None), "hearing_manager", "the hearing manager")
    held = f" held on {proceeding.scheduled_for:%d %B %Y}" if proceeding.scheduled_for else ""
    finding = params.get("findings", {}).get(outcome.finding, outcome.get_finding_display())
    result = params.get("outcome_labels", {}).get(outcome.outcome, outcome.get_outcome_display())
    story = [
        *_heading(
            styles,
            f"Outcome of the {escape(hearing.lower())}",
            case=case,
            person=person,
            dated=("Date of this letter", given_on),
        ),
        Paragraph("1. Finding", styles["Heading3"]),
        Paragraph(
            f"At the {escape(hearing.lower())}{held}, {escape(manager)} decided on {outcome.decided_on:%d %B %Y}: "
            f"{escape(finding)}.",
            styles["Normal"],
        ),
        Paragraph("2. Outcome", styles["Heading3"]),
        Paragraph(f"Outcome: {escape(result)}.", styles["Normal"]),
    ]
    if outcome.warning_expires_on:
        story.append(
            Paragraph(
                f"The warning stays on your personal file until {outcome.warning_expires_on:%d %B %Y}.",
                styles["Normal"],
            )
        )
    if outcome.outcome in params.get("barred_list_outcomes", []):
        story.append(
            Paragraph(
                "The force will report your dismissal to the College of Policing, which places police staff "
                "dismissed from policing on the police barred list (the names of police staff are not published).",
                styles["Normal"],
            )
        )
    story += [
        Paragraph("3. Reasons", styles["Heading3"]),
        Paragraph(escape(outcome.reasons), styles["Normal"]),
        Paragraph("4. Your right of appeal", styles["Heading3"]),
        Paragraph(
            f"You may appeal against the finding or the outcome to {escape(params.get('appeal_manager', 'a more senior manager'))}. "
            f"Send your appeal in writing, with your grounds, within {params.get('appeal_working_days')} working days "
            f"of receiving this letter, that is by {appeal_by:%d %B %Y}. You may be accompanied at the appeal "
            "hearing by a trade union representative or a work colleague.",
            styles["Normal"],
        ),
    ]
    return _build(story, title=f"Outcome letter {case.reference}")
