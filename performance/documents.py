"""The notices of a performance case as PDF (reportlab): the notice of a meeting, the (final)
written improvement notice, and the outcome with the officer's appeal rights. Made from the
meeting as recorded, with one heading helper."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from core.documents import notice_heading, pdf_build

from .choices import MeetingOutcome

DOCUMENTS = {
    "meeting-notice": "Notice of meeting",
    "improvement-notice": "Written improvement notice",
    "outcome": "Outcome and appeal rights",
}


def heading(styles, title: str, *, case, dated: tuple[str, date]) -> list:
    """Force, title, reference, date, the rules applied and addressee: the top of every performance notice."""
    rules = case.rule_version.title if case.rule_version else "Police (Performance) Regulations 2020"
    return notice_heading(
        styles,
        escape(title),
        reference=case.reference,
        person=case.officer,
        dated=dated,
        lines=[f"Rules applied: {rules}"],
    )


def _p(styles, text: str, style: str = "Normal"):
    return Paragraph(escape(text), styles[style])


def meeting_notice_pdf(meeting) -> bytes:
    styles = getSampleStyleSheet()
    case = meeting.case
    by = case.params.get("meeting_by", {}).get(meeting.stage, "your manager")
    story = heading(
        styles,
        f"Notice of {meeting.get_stage_display().lower()}",
        case=case,
        dated=("Date of notice", meeting.notice_given_on),
    )
    story += [
        _p(styles, f"You are required to attend a {meeting.get_stage_display().lower()} on "
                   f"{meeting.meeting_on:%d %B %Y}, to be conducted by the {by}."),
        _p(styles, "1. Why", "Heading3"),
        _p(styles, f"{case.get_kind_display()}: {case.concerns}"),
        _p(styles, "2. Your rights", "Heading3"),
        _p(styles, "You may seek advice from a representative of your staff association and be accompanied "
                   "and represented at the meeting by a police friend. You may submit any document in support of "
                   "your case before the meeting."),
    ]  # fmt: skip
    if meeting.stage != "first":
        story.append(_p(styles, "The possible outcomes of this meeting include dismissal with notice. You may be "
                                "represented by a relevant lawyer."))  # fmt: skip
    return _build(story, title=f"Meeting notice {case.reference}")


def improvement_notice_pdf(meeting) -> bytes:
    styles = getSampleStyleSheet()
    case = meeting.case
    final = meeting.outcome in (MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE, MeetingOutcome.EXTEND_FINAL_NOTICE)
    title = "Final written improvement notice" if final else "Written improvement notice"
    story = heading(styles, title, case=case, dated=("Date of notice", meeting.meeting_on))
    story += [
        _p(styles, "1. What is unsatisfactory", "Heading3"),
        _p(styles, case.concerns),
        _p(styles, "2. The improvement required (the improvement plan)", "Heading3"),
        _p(styles, meeting.improvement_required),
        _p(styles, "3. The specified period", "Heading3"),
        _p(styles, f"You must make the improvement by {meeting.period_ends_on:%d %B %Y}. Your line manager will "
                   "assess your performance or attendance at the end of that period."),
        _p(styles, f"This notice is valid until {meeting.notice_valid_until:%d %B %Y}. If the improvement is not "
                   "made or not maintained while it is valid, you may be required to attend a "
                   + ("further meeting at which you may be dismissed." if final else "second-stage meeting.")),
        Spacer(1, 8 * mm),
        _p(styles, f"Signed: {meeting.conducted_by}"),
    ]  # fmt: skip
    return _build(story, title=f"{title} {case.reference}")


def outcome_pdf(meeting, *, appeal_to: str) -> bytes:
    styles = getSampleStyleSheet()
    case = meeting.case
    story = heading(
        styles,
        f"Outcome of the {meeting.get_stage_display().lower()}",
        case=case,
        dated=("Date of meeting", meeting.meeting_on),
    )
    story += [
        _p(styles, "1. Finding and outcome", "Heading3"),
        _p(styles, f"Outcome: {meeting.get_outcome_display()}."),
        _p(styles, meeting.reasons),
    ]
    if meeting.outcome == MeetingOutcome.DISMISSAL:
        days = case.params.get("dismissal_notice_days", 28)
        story.append(_p(styles, f"You will be dismissed with notice of not less than {days} days."))
    if meeting.outcome != MeetingOutcome.NO_FURTHER_ACTION and meeting.appeal_due_on:
        named = {"appeal manager": case.appeal_manager, "senior manager": case.senior_manager}.get(appeal_to)
        appeal_to = f"{appeal_to}, {named.display_name}" if named else appeal_to
        story += [
            _p(styles, "2. Your right of appeal", "Heading3"),
            _p(styles, f"You may appeal against the finding or the outcome to the {appeal_to}. Your written notice of "
                       f"appeal, with the grounds, must be received by {meeting.appeal_due_on:%d %B %Y}. The grounds "
                       "are: the finding or the outcome was unreasonable; there is evidence that could not reasonably "
                       "have been considered at the meeting which could have materially affected it; or there was a "
                       "breach of the procedures or other unfairness which could have materially affected it."),
        ]  # fmt: skip
    return _build(story, title=f"Outcome {case.reference}")


_build = pdf_build
