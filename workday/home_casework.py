"""Home page sections of the case-working roles: investigator, supervisor, appropriate authority,
hearings officer (workday.home.register).

Every section starts from cases.selectors.cases_visible_to (need-to-know, conflicts of interest,
restriction): a matter the user may not open is neither listed nor counted. Each section reads a
fixed number of queries whatever the size of the force (the investigator's own matters are
filtered by investigator first; the other lists stop at SECTION_LIMIT rows and count the rest in
the database). The cases listed are written to the access log as one list read per section.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse

from accounts.choices import Role
from audit.access import log_list_read
from cases.choices import SubjectStage
from cases.deadlines import deadlines_by_case, mark_procedures
from cases.models import CaseSubject, InvestigationAction, Reg19Report
from cases.queues import AT_RISK_CODES, queue_filter
from cases.selectors import cases_visible_to
from cases.staff_procedure import is_staff_matter

from .home import SECTION_LIMIT, WorkItem, WorkSection, section

INVESTIGATOR_CASE_CAP = 500  # an investigator carries tens of matters; the list reads at most this many
ACTION_HORIZON_DAYS = 7
REG19_HORIZON_DAYS = 30
SUSPENSION_HORIZON_DAYS = 14
HEARINGS_HORIZON_DAYS = 14


def _case_url(case) -> str:
    return reverse("cases:detail", kwargs={"reference": case.reference})


def _subject_step_url(case, subject, step: str) -> str:
    return reverse(
        "cases:subject-step", kwargs={"reference": case.reference, "subject_id": subject.public_id, "step": step}
    )


def _title(case) -> str:
    return f"{case.reference}: {case.summary}"


def _log(user, cases, purpose: str) -> None:
    """One access event for the matters a section shows (none when it shows none)."""
    cases = list({c.pk: c for c in cases}.values())
    if cases:
        log_list_read(user=user, objects=cases, purpose=f"home page: {purpose}")


def _by_due(item: WorkItem):
    return (item.due_on is None, item.due_on or date.max)


# ------------------------------------------------------------------ investigator


def my_open_cases(user):
    """Open matters this user investigates, through the selector (filtered by investigator first)."""
    return cases_visible_to(user=user).filter(investigator=user, status="open")


@section(Role.INVESTIGATOR)
def my_matters(user, today: date) -> WorkSection:
    cases = list(my_open_cases(user).order_by("received_date", "id")[:INVESTIGATOR_CASE_CAP])
    deadlines = deadlines_by_case(cases, today)
    rows = []
    for case in cases:
        upcoming = deadlines.get(case.pk, [])
        due_on, what = upcoming[0] if upcoming else (None, "No deadline recorded")
        overdue = sum(1 for d, _ in upcoming if d is not None and d < today)
        more = f"{len(upcoming) - 1} more deadline{'s' if len(upcoming) != 2 else ''}" if len(upcoming) > 1 else ""
        detail = ", ".join(x for x in (f"{overdue} overdue" if overdue > 1 else "", more) if x)
        item = WorkItem(title=_title(case), url=_case_url(case), action=what, due_on=due_on, detail=detail)
        rows.append((item, case))
    rows.sort(key=lambda row: _by_due(row[0]))
    shown = rows[:SECTION_LIMIT]
    _log(user, [case for _, case in shown], "my matters")
    return WorkSection(
        key="my-matters",
        title="My matters",
        items=[item for item, _ in shown],
        total=len(rows),
        more_url=reverse("cases:list") + f"?investigator={user.pk}&status=open",
        empty="You are not the investigator of any open matter.",
        description="Open matters you investigate, with the next deadline of each: overdue first.",
    )


def my_actions(user, today: date):
    """Actions not done that fall to this user: theirs, or unowned on a matter they investigate;
    due within the week (or overdue), on matters they may open."""
    owned = Q(owner=user) | Q(owner__isnull=True, case__investigator=user)
    return (
        InvestigationAction.objects.filter(owned, completed_on__isnull=True, due_on__isnull=False)
        .filter(due_on__lte=today + timedelta(days=ACTION_HORIZON_DAYS), case__status="open")
        .filter(case__in=cases_visible_to(user=user))
        .select_related("case")
        .order_by("due_on", "id")
    )


@section(Role.INVESTIGATOR)
def actions_due(user, today: date) -> WorkSection:
    queryset = my_actions(user, today)
    actions = list(queryset[:SECTION_LIMIT])
    total = len(actions) if len(actions) < SECTION_LIMIT else queryset.count()
    items = [
        WorkItem(
            title=f"{a.case.reference}: {a.description}",
            url=_case_url(a.case) + "#action-log",
            action=a.get_kind_display(),
            due_on=a.due_on,
            detail=a.case.summary,
        )
        for a in actions
    ]
    _log(user, [a.case for a in actions], "actions due this week")
    return WorkSection(
        key="actions-due",
        title="Actions due this week",
        items=items,
        total=total,
        empty="No action of yours is due in the next 7 days.",
        description="Actions in your name (or unassigned on your matters) not yet done: overdue first.",
    )


# ------------------------------------------------------------------ supervisor


def _people_below(person_id: int) -> list[int]:
    """Everyone under this person in the line-management tree (cycle-safe)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE below(id, depth) AS (
                SELECT id, 1 FROM workforce_person WHERE line_manager_id = %s
                UNION
                SELECT p.id, b.depth + 1 FROM workforce_person p JOIN below b ON p.line_manager_id = b.id
                WHERE b.depth < 20
            )
            SELECT DISTINCT id FROM below
            """,
            [person_id],
        )
        return [row[0] for row in cursor.fetchall()]


def team_filter(user) -> Q:
    """My team's matters: the investigator works in my unit or under me in line management, or is
    me. A supervisor with no workforce record has no known team: the whole queue (Q())."""
    person = user.person
    if person is None:
        return Q()
    return (
        Q(investigator=user)
        | Q(investigator__person__unit_id=person.unit_id)
        | Q(investigator__person_id__in=_people_below(person.pk))
    )


@section(Role.SUPERVISOR)
def team_at_risk(user, today: date) -> WorkSection:
    queryset = (
        queue_filter(cases_visible_to(user=user), queue="at-risk")
        .filter(investigator__isnull=False)
        .filter(team_filter(user))
        .select_related("priority", "investigator")
        .order_by("-priority__score", "received_date", "id")
    )
    cases = list(queryset[:SECTION_LIMIT])
    total = len(cases) if len(cases) < SECTION_LIMIT else queryset.count()
    deadlines = deadlines_by_case(cases, today)
    items = []
    for case in cases:
        reasons = [c["label"] for c in (case.priority.components or []) if c.get("code") in AT_RISK_CODES]
        upcoming = deadlines.get(case.pk, [])
        due_on, what = upcoming[0] if upcoming else (None, "")
        items.append(
            WorkItem(
                title=_title(case),
                url=_case_url(case),
                action=what or "; ".join(reasons) or "At risk",
                due_on=due_on,
                detail=f"Investigator: {case.investigator.get_full_name() or case.investigator.username}"
                + (f" · {'; '.join(reasons)}" if reasons and what else ""),
            )
        )
    _log(user, cases, "my team's matters at risk")
    return WorkSection(
        key="team-at-risk",
        title="My team's matters at risk",
        items=items,
        total=total,
        more_url=reverse("queues:queue", kwargs={"queue": "at-risk"}),
        empty="None of your team's matters is at risk.",
        description="Matters your team investigates that are overdue or near a deadline, highest priority first.",
    )


@section(Role.SUPERVISOR)
def unallocated(user, today: date) -> WorkSection:
    queryset = (
        queue_filter(cases_visible_to(user=user), queue="unallocated")
        .select_related("priority")
        .order_by("-priority__score", "received_date", "id")
    )
    cases = list(queryset[:SECTION_LIMIT])
    total = len(cases) if len(cases) < SECTION_LIMIT else queryset.count()
    items = [
        WorkItem(
            title=_title(case),
            url=reverse("cases:step", kwargs={"reference": case.reference, "step": "appoint"}),
            action="Appoint an investigator",
            detail=f"Received {case.received_date:%-d %b %Y} · priority {case.priority.score:g}",
            tag=f"Waiting {(today - case.received_date).days} days" if case.received_date < today else "New",
            tag_colour="grey",
        )
        for case in cases
    ]
    _log(user, cases, "unallocated matters")
    return WorkSection(
        key="unallocated",
        title="Unallocated matters",
        items=items,
        total=total,
        more_url=reverse("queues:queue", kwargs={"queue": "unallocated"}),
        empty="Every open matter has an investigator.",
        description="Open matters with no investigator, highest priority first.",
    )


def _under_regulations():
    """Cases with a subject under the regulations (police staff matters have no reg 19 report)."""
    from cases.staff_procedure import under_regulations

    return under_regulations()


@section(Role.SUPERVISOR)
def reg19_due(user, today: date) -> WorkSection:
    """12-month reports due within 30 days or overdue and not submitted: drafts awaiting the
    appropriate authority, and matters reaching 12 months with no draft yet."""
    horizon = today + timedelta(days=REG19_HORIZON_DAYS)
    visible = cases_visible_to(user=user).filter(status="open").filter(Q(investigator__isnull=True) | team_filter(user))
    drafts_qs = (
        Reg19Report.objects.filter(submitted_on__isnull=True, due_on__lte=horizon, case__in=visible)
        .select_related("case")
        .order_by("due_on", "id")
    )
    # the first report falls due at 12 months (cases.services.reg19_period_due drafts it then)
    coming_qs = (
        visible.filter(
            received_date__gt=today - relativedelta(months=12), received_date__lte=horizon - relativedelta(months=12)
        )
        .filter(_under_regulations())
        .exclude(Exists(Reg19Report.objects.filter(case=OuterRef("pk"))))
        .order_by("received_date", "id")
    )
    drafts = list(drafts_qs[:SECTION_LIMIT])
    coming = list(coming_qs[:SECTION_LIMIT])
    total = (len(drafts) if len(drafts) < SECTION_LIMIT else drafts_qs.count()) + (
        len(coming) if len(coming) < SECTION_LIMIT else coming_qs.count()
    )
    items = [
        WorkItem(
            title=_title(r.case),
            url=_case_url(r.case),
            action=f"12-month report {r.period_number} (reg 19): drafted, awaiting the appropriate authority",
            due_on=r.due_on,
        )
        for r in drafts
    ] + [
        WorkItem(
            title=_title(c),
            url=_case_url(c),
            action="12-month report (reg 19): the matter reaches 12 months",
            due_on=c.received_date + relativedelta(months=12),
        )
        for c in coming
    ]
    items.sort(key=_by_due)
    items = items[:SECTION_LIMIT]
    _log(user, [r.case for r in drafts] + coming, "12-month reports due")
    return WorkSection(
        key="reg19-due",
        title="12-month reports due",
        items=items,
        total=total,
        empty="No 12-month (regulation 19) report is due in the next 30 days.",
        description="Regulation 19 reports due within 30 days or overdue, not yet submitted (your team and unallocated).",
    )


# ------------------------------------------------------------------ appropriate authority


def _subjects_at(user, stage: str):
    return (
        CaseSubject.objects.filter(stage=stage, case__status="open", case__in=cases_visible_to(user=user))
        .select_related("case", "person")
        .order_by("case__received_date", "id")
    )


def _capped(queryset) -> tuple[list, int]:
    rows = list(queryset[:SECTION_LIMIT])
    return rows, len(rows) if len(rows) < SECTION_LIMIT else queryset.count()


@section(Role.APPROPRIATE_AUTHORITY)
def decisions_awaiting(user, today: date) -> WorkSection:
    from cases.suspension import next_review_due
    from cases.suspension_models import SuspensionDecision, SuspensionOutcome

    severity, severity_total = _capped(_subjects_at(user, SubjectStage.RECEIVED))
    deciding_qs = _subjects_at(user, SubjectStage.AWAITING_DECISION).annotate(
        report_on=Max("case__reports__submitted_on")
    )
    deciding, deciding_total = _capped(deciding_qs)
    mark_procedures(severity + deciding)
    reg19, reg19_total = _capped(
        Reg19Report.objects.filter(submitted_on__isnull=True, case__status="open", case__in=cases_visible_to(user=user))
        .select_related("case")
        .order_by("due_on", "id")
    )
    # standing suspensions (tens in a force): the next review within 14 days or overdue
    standing = list(
        SuspensionDecision.objects.filter(
            outcome=SuspensionOutcome.SUSPEND,
            ended_on__isnull=True,
            subject__case__status="open",
            subject__case__in=cases_visible_to(user=user),
        )
        .exclude(subject__stage=SubjectStage.CLOSED)
        .annotate(last_review=Max("reviews__reviewed_on"))
        .select_related("subject__case", "subject__person", "rule_version")
    )
    reviews = []
    for decision in standing:
        due = next_review_due(decision)
        if due is not None and due <= today + timedelta(days=SUSPENSION_HORIZON_DAYS):
            reviews.append((decision, due))

    items = []
    for s in severity:
        staff = is_staff_matter(s)
        items.append(
            WorkItem(
                title=_title(s.case),
                url=_subject_step_url(s.case, s, "staff-assess" if staff else "severity"),
                action=f"Assess severity: {s.person.display_name}" + (" (police staff procedure)" if staff else ""),
                detail=f"Received {s.case.received_date:%-d %b %Y}",
                tag="Severity",
                tag_colour="grey",
            )
        )
    for s in deciding:
        staff = is_staff_matter(s)
        items.append(
            WorkItem(
                title=_title(s.case),
                url=_subject_step_url(s.case, s, "staff-decision" if staff else "decision"),
                action=f"Decide case to answer: {s.person.display_name}",
                detail=f"Investigation report submitted {s.report_on:%-d %b %Y}" if s.report_on else "",
                tag="Case to answer",
                tag_colour="grey",
            )
        )
    for r in reg19:
        items.append(
            WorkItem(
                title=_title(r.case),
                url=reverse("cases:step", kwargs={"reference": r.case.reference, "step": "reg19"}),
                action=f"Complete and submit 12-month report {r.period_number} (reg 19)",
                due_on=r.due_on,
            )
        )
    for decision, due in reviews:
        s = decision.subject
        items.append(
            WorkItem(
                title=_title(s.case),
                url=reverse("cases:suspension", kwargs={"reference": s.case.reference, "subject_id": s.public_id}),
                action=f"Review the suspension of {s.person.display_name}",
                due_on=due,
            )
        )
    items.sort(key=_by_due)  # dated (overdue first), then the oldest matters awaiting a decision
    shown = items[:SECTION_LIMIT]
    _log(
        user,
        [s.case for s in severity + deciding] + [r.case for r in reg19] + [d.subject.case for d, _ in reviews],
        "decisions awaiting",
    )
    return WorkSection(
        key="decisions-awaiting",
        title="Decisions awaiting me",
        items=shown,
        total=severity_total + deciding_total + reg19_total + len(reviews),
        empty="No decision is waiting for the appropriate authority.",
        description=(
            "Severity assessments, case-to-answer decisions, 12-month reports to sign off and suspension "
            "reviews due: dated ones first."
        ),
    )


# ------------------------------------------------------------------ hearings officer


def proceedings_visible_to(user):
    """Meetings and hearings on matters this user may open."""
    from hearings.models import Proceeding

    return Proceeding.objects.filter(subject__case__in=cases_visible_to(user=user)).select_related(
        "subject__case", "subject__person"
    )


def _proceeding_item(p, url: str, action: str, due_on=None) -> WorkItem:
    when = f" at {p.scheduled_time:%H:%M}" if p.scheduled_time else ""
    return WorkItem(
        title=_title(p.subject.case),
        url=url,
        action=action,
        due_on=due_on if due_on is not None else p.scheduled_for,
        detail=f"{p.get_forum_display()} for {p.subject.person.display_name}{when}"
        + (f", {p.venue}" if p.venue else ""),
    )


@section(Role.HEARINGS_OFFICER)
def hearings_coming(user, today: date) -> WorkSection:
    queryset = (
        proceedings_visible_to(user)
        .filter(
            status="scheduled",
            scheduled_for__gte=today,
            scheduled_for__lte=today + timedelta(days=HEARINGS_HORIZON_DAYS),
        )
        .order_by("scheduled_for", "scheduled_time", "id")
    )
    rows, total = _capped(queryset)
    items = [_proceeding_item(p, _case_url(p.subject.case), p.get_forum_display()) for p in rows]
    _log(user, [p.subject.case for p in rows], "hearings and meetings in the next 14 days")
    return WorkSection(
        key="hearings-coming",
        title="Hearings and meetings in the next 14 days",
        items=items,
        total=total,
        more_url=reverse("workday:calendar") + "?view=list",
        empty="No meeting or hearing is scheduled in the next 14 days.",
    )


@section(Role.HEARINGS_OFFICER)
def panels_to_complete(user, today: date) -> WorkSection:
    from hearings.panel_models import HearingPanel, PanelStatus

    complete = HearingPanel.objects.filter(proceeding=OuterRef("pk"), status=PanelStatus.COMPLETE)
    queryset = (
        proceedings_visible_to(user)
        .filter(status="scheduled", forum__in=("hearing", "accelerated_hearing"))
        .exclude(Exists(complete))
        .order_by("scheduled_for", "id")
    )
    rows, total = _capped(queryset)
    items = [
        _proceeding_item(
            p,
            reverse("hearings:panel", kwargs={"reference": p.subject.case.reference, "proceeding_id": p.public_id}),
            "Put the panel together and complete it",
        )
        for p in rows
    ]
    _log(user, [p.subject.case for p in rows], "panels to complete")
    return WorkSection(
        key="panels",
        title="Panels to complete",
        items=items,
        total=total,
        empty="Every scheduled hearing has a completed panel.",
        description="Scheduled hearings whose panel is not yet complete, soonest first.",
    )


@section(Role.HEARINGS_OFFICER)
def outcome_notices_due(user, today: date) -> WorkSection:
    queryset = (
        proceedings_visible_to(user)
        .filter(outcome__isnull=False, outcome__notice_given_on__isnull=True)
        .exclude(subject__stage=SubjectStage.REFERRED)
        .select_related("outcome")
        .order_by("outcome__notice_due_on", "id")
    )
    rows, total = _capped(queryset)
    subjects = [p.subject for p in rows]
    mark_procedures(subjects)
    items = [
        _proceeding_item(
            p,
            _subject_step_url(
                p.subject.case, p.subject, "staff-outcome-letter" if is_staff_matter(p.subject) else "outcome-notice"
            ),
            f"Give the outcome notice ({p.outcome.get_outcome_display().lower()})",
            due_on=p.outcome.notice_due_on,
        )
        for p in rows
    ]
    _log(user, [p.subject.case for p in rows], "outcome notices due")
    return WorkSection(
        key="outcome-notices",
        title="Outcome notices due",
        items=items,
        total=total,
        empty="Every outcome has had its notice given.",
        description="Outcomes recorded whose notice (5 working days) is not yet given: overdue first.",
    )
