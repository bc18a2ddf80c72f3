"""Home page sections of the other roles: vetting officer, analyst, reporting line officer, auditor,
counter-corruption officer, integrity approver, oversight reader, administrator, and anyone with
a workforce record (their own declarations) (workday.home.register).

Every section reads through the owning app's selector, so need-to-know and conflicts of interest
apply: a record the user may not open is neither listed nor counted. Each section costs a bounded
number of queries (one for the items, one for the count), whatever the data's size. Items name
records by reference where that is enough; the two vetting sections name people and so write one
access event each (vetting.selectors.record_list_view), as the vetting lists do.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.choices import (
    AUDIT_READERS,
    COUNTER_CORRUPTION_UNIT,
    INTEGRITY_APPROVERS,
    REPORT_TRIAGERS,
    Role,
)

from .home import EVERYONE, SECTION_LIMIT, WorkItem, WorkSection, section


def _page(queryset) -> tuple[list, int]:
    """The first SECTION_LIMIT rows and the total: one query when they all fit, two otherwise."""
    rows = list(queryset[: SECTION_LIMIT + 1])
    if len(rows) <= SECTION_LIMIT:
        return rows, len(rows)
    return rows[:SECTION_LIMIT], queryset.count()


def _day(value) -> date:
    return timezone.localtime(value).date()


def _waiting(since: date, today: date) -> str:
    days = (today - since).days
    if days <= 0:
        return "Today"
    return "1 day" if days == 1 else f"{days} days"


# ------------------------------------------------------------------ vetting officer


@section(Role.VETTING_OFFICER)
def vetting_hits(user, today):
    """Screening hits that need review and have no decision yet, oldest first."""
    from vetting.models.screening import HitGrade, HitStatus
    from vetting.selectors import hits_visible_to, record_list_view

    hits, total = _page(
        hits_visible_to(user=user)
        .filter(status=HitStatus.NEW, grade=HitGrade.REVIEW)
        .select_related("person")
        .order_by("raised_at", "id")
    )
    record_list_view(
        user=user, object_type="screening_hit", count=len(hits), label="home: hits to decide", purpose="vetting"
    )
    items = [
        WorkItem(
            title=f"{h.person.display_name} ({h.person.staff_number})",
            url=reverse("vetting:hit", args=[h.public_id]),
            action="Decide the screening hit",
            detail=h.category_label + (f", recorded {h.record_date:%-d %b %Y}" if h.record_date else ""),
            tag=f"Waiting {_waiting(_day(h.raised_at), today)}",
            tag_colour="grey",
        )
        for h in hits
    ]
    return WorkSection(
        key="vetting-hits",
        title="Screening hits to decide",
        items=items,
        total=total,
        more_url=reverse("vetting:hits"),
        empty="No screening hit is waiting for a decision.",
        description="Police National Database results that need a vetting decision, oldest first.",
    )


@section(Role.VETTING_OFFICER)
def vetting_clearances(user, today):
    """Applications awaiting a decision (oldest first) and renewals due: active clearances whose
    renewal date has passed or falls within the reminder window."""
    from vetting.clearance_services import REMINDER_WINDOW_DAYS
    from vetting.models.clearances import ACTIVE_STATES, ClearanceState
    from vetting.selectors import clearances_visible_to, record_list_view

    due = (
        clearances_visible_to(user=user)
        .filter(
            Q(state=ClearanceState.APPLIED)
            | Q(state__in=ACTIVE_STATES, expires_on__lte=today + timedelta(days=REMINDER_WINDOW_DAYS))
        )
        .select_related("person", "level")
        .order_by("expires_on", "applied_on", "id")  # renewals by date first (nulls last), then applications
    )
    rows, total = _page(due)
    record_list_view(
        user=user, object_type="clearances", count=len(rows), label="home: clearances due", purpose="vetting"
    )
    items = []
    for c in rows:
        common = {
            "title": f"{c.person.display_name} ({c.person.staff_number})",
            "url": reverse("vetting:clearance", args=[c.public_id]),
        }
        if c.state == ClearanceState.APPLIED:
            items.append(
                WorkItem(
                    **common,
                    action=f"Decide the {c.level.label} application",
                    detail=f"Applied {c.applied_on:%-d %b %Y}",
                    tag=f"Waiting {_waiting(c.applied_on, today)}",
                    tag_colour="grey",
                )
            )
        else:
            items.append(
                WorkItem(**common, action=f"Renew {c.level.label} clearance", due_on=c.expires_on, detail="Renewal")
            )
    return WorkSection(
        key="vetting-clearances",
        title="Clearance applications and renewals",
        items=items,
        total=total,
        more_url=reverse("vetting:clearances"),
        empty="No clearance application or renewal is waiting.",
        description=f"Renewals due in the next {REMINDER_WINDOW_DAYS} days or overdue, then applications to decide.",
    )


# ------------------------------------------------------------------ analyst


@section(Role.ANALYST)
def analyst_flags(user, today):
    """New disparity flags, oldest first (early-intervention flags are the supervisor's)."""
    from oversight.flags import flag_title, flags_visible_to
    from oversight.models import FlagStatus

    flags, total = _page(
        flags_visible_to(user=user).filter(status=FlagStatus.NEW).select_related("unit").order_by("raised_at", "id")
    )
    items = [
        WorkItem(
            title=flag_title(f),
            url=reverse("oversight:flag", args=[f.public_id]),
            action="Review the disparity flag",
            detail=f"Raised {_day(f.raised_at):%-d %b %Y}" + ("" if f.still_flagged else "; no longer flagged"),
            tag=f"Waiting {_waiting(_day(f.raised_at), today)}",
            tag_colour="grey",
        )
        for f in flags
    ]
    return WorkSection(
        key="analyst-flags",
        title="Disparity flags to review",
        items=items,
        total=total,
        more_url=reverse("oversight:flags") + "?status=new",
        empty="No new disparity flag.",
        description="Differences the last refresh flagged, not yet looked at, oldest first.",
    )


# ------------------------------------------------------------------ reporting line


@section(*REPORT_TRIAGERS)
def reports_to_acknowledge(user, today):
    from reporting.models import ReportStatus
    from reporting.selectors import reports_visible_to

    reports, total = _page(
        reports_visible_to(user=user)
        .filter(acknowledged_at__isnull=True, status__in=[ReportStatus.RECEIVED, ReportStatus.ASSESSING])
        .order_by("received_at", "id")
    )
    items = [
        WorkItem(
            title=r.reference,
            url=reverse("reporting:report", args=[r.reference]),
            action="Acknowledge the report",
            due_on=r.acknowledge_due_on,
            detail=f"{r.get_channel_display()}, received {_day(r.received_at):%-d %b %Y}",
        )
        for r in reports
    ]
    return WorkSection(
        key="reports-acknowledge",
        title="Reports to acknowledge",
        items=items,
        total=total,
        more_url=reverse("reporting:queue"),
        empty="Every report has been acknowledged.",
        description="Reports from the reporting line not yet acknowledged, oldest first.",
    )


@section(*REPORT_TRIAGERS)
def reports_to_triage(user, today):
    """Acknowledged reports still being assessed: no conduct matter opened, not closed."""
    from reporting.models import ReportStatus
    from reporting.selectors import reports_visible_to

    reports, total = _page(
        reports_visible_to(user=user)
        .filter(acknowledged_at__isnull=False, status__in=[ReportStatus.RECEIVED, ReportStatus.ASSESSING])
        .order_by("feedback_due_on", "received_at", "id")
    )
    items = [
        WorkItem(
            title=r.reference,
            url=reverse("reporting:report", args=[r.reference]),
            action="Triage: open a conduct matter or close",
            due_on=None if r.feedback_given_at else r.feedback_due_on,
            detail=f"{r.get_channel_display()}, received {_day(r.received_at):%-d %b %Y}"
            + ("; new information from the reporter" if r.reporter_updated_at else ""),
            tag="Feedback given" if r.feedback_given_at else "",
            tag_colour="grey" if r.feedback_given_at else "",
        )
        for r in reports
    ]
    return WorkSection(
        key="reports-triage",
        title="Reports awaiting triage",
        items=items,
        total=total,
        more_url=reverse("reporting:queue"),
        empty="No acknowledged report is waiting for triage.",
        description="Acknowledged and still being assessed; the date is when feedback to the reporter is due.",
    )


# ------------------------------------------------------------------ auditor


@section(*AUDIT_READERS)
def auditor_exports(user, today):
    from audit.selectors import EXPORT_CHECK_DAYS, exports_to_check

    events, total = _page(exports_to_check(user=user))
    url = reverse("audit:exports")
    items = [
        WorkItem(
            title=f"{e.get_action_display()} by {e.actor_username}: {e.object_type} {e.object_label}",
            url=f"{url}#event-{e.public_id}",
            action="Check the export",
            detail=e.purpose[:120],
            tag=f"{_day(e.occurred_at):%-d %b %Y}",
            tag_colour="grey",
        )
        for e in events
    ]
    return WorkSection(
        key="auditor-exports",
        title="Sensitive exports to check",
        items=items,
        total=total,
        more_url=url,
        empty=f"Every export, print and disclosure of the last {EXPORT_CHECK_DAYS} days has been checked.",
        description=f"Exports, prints and disclosures of protected records in the last {EXPORT_CHECK_DAYS} days.",
    )


# ------------------------------------------------------------------ counter-corruption unit


@section(*COUNTER_CORRUPTION_UNIT)
def cc_taskings(user, today):
    from counter_corruption.choices import IntelStatus
    from counter_corruption.selectors import intel_logs_visible_to

    logs, total = _page(
        intel_logs_visible_to(user=user)
        .filter(status=IntelStatus.TASKED, review_on__lt=today)
        .select_related("tasked_to")
        .order_by("review_on", "id")
    )
    items = [
        WorkItem(
            title=log.reference,
            url=reverse("counter_corruption:intel-decision", args=[log.public_id, "task"]),
            action="Review the tasking",
            due_on=log.review_on,
            detail=f"Owner: {log.tasked_to.get_full_name() or log.tasked_to.username}" if log.tasked_to else "",
        )
        for log in logs
    ]
    return WorkSection(
        key="cc-taskings",
        title="Intelligence taskings past their review date",
        items=items,
        total=total,
        more_url=reverse("counter_corruption:intel-list"),
        empty="No tasking is past its review date.",
    )


@section(*COUNTER_CORRUPTION_UNIT)
def cc_alerts(user, today):
    """Open monitoring alerts and open link alerts, oldest first (two queries each at most)."""
    from counter_corruption.choices import LinkAlertStatus
    from counter_corruption.models import AlertStatus
    from counter_corruption.monitoring_selectors import alerts_visible_to
    from counter_corruption.queue import link_alerts_visible_to

    monitoring, monitoring_total = _page(
        alerts_visible_to(user=user).filter(status=AlertStatus.OPEN).order_by("raised_at", "id")
    )
    links, links_total = _page(
        link_alerts_visible_to(user=user)
        .filter(status=LinkAlertStatus.OPEN)
        .select_related("entity")
        .order_by("raised_at", "id")
    )
    rows = [(a.raised_at, "monitoring", a) for a in monitoring] + [(a.raised_at, "link", a) for a in links]
    rows.sort(key=lambda row: row[0])
    items = []
    for raised_at, kind, alert in rows[:SECTION_LIMIT]:
        waiting = f"Waiting {_waiting(_day(raised_at), today)}"
        if kind == "monitoring":
            items.append(
                WorkItem(
                    title=f"Monitoring alert: {alert.rule.label}",
                    url=reverse("counter_corruption:monitoring-alert", args=[alert.public_id]),
                    action="Review the alert",
                    detail=f"{alert.period:%B %Y}, score {alert.score}",
                    tag=waiting,
                    tag_colour="grey",
                )
            )
        else:
            items.append(
                WorkItem(
                    title=f"Link alert: {alert.entity.get_kind_display().lower()}",
                    url=reverse("counter_corruption:link-alert", args=[alert.public_id]),
                    action="Review the link alert",
                    detail=f"Raised {_day(raised_at):%-d %b %Y}",
                    tag=waiting,
                    tag_colour="grey",
                )
            )
    return WorkSection(
        key="cc-alerts",
        title="Monitoring and link alerts to review",
        items=items,
        total=monitoring_total + links_total,
        more_url=reverse("counter_corruption:queue"),
        empty="No open monitoring or link alert.",
    )


# ------------------------------------------------------------------ integrity registers


@section(*INTEGRITY_APPROVERS)
def integrity_decisions(user, today):
    """Declarations awaiting a decision on every register, and annual reviews of business interests
    the declarer has answered, oldest first (two queries a register, two for the reviews)."""
    from integrity.choices import EntryStatus
    from integrity.registers import BUSINESS_INTERESTS, REGISTERS
    from integrity.selectors import answered_reviews_decidable_by, entries_decidable_by

    overdue_after = timedelta(days=settings.INTEGRITY_DECISION_OVERDUE_DAYS)
    items, total = [], 0
    for register in REGISTERS.values():
        rows, count = _page(
            entries_decidable_by(user=user, model=register.model)
            .filter(status=EntryStatus.AWAITING)
            .order_by("declared_on", "id")
        )
        items += [
            (
                (entry.declared_on, entry.pk),
                WorkItem(
                    title=f"{register.label} {entry.reference}",
                    url=reverse("integrity:decide", args=[register.slug, entry.public_id]),
                    action="Decide the declaration",
                    due_on=entry.declared_on + overdue_after,
                    detail=f"Declared {entry.declared_on:%-d %b %Y}",
                ),
            )
            for entry in rows
        ]
        total += count
    reviews, count = _page(answered_reviews_decidable_by(user=user).order_by("review_answered_on", "id"))
    items += [
        (
            (entry.review_answered_on, entry.pk),
            WorkItem(
                title=f"{BUSINESS_INTERESTS.label} {entry.reference}",
                url=reverse("integrity:decide", args=[BUSINESS_INTERESTS.slug, entry.public_id]),
                action="Decide the annual review",
                due_on=entry.review_on,
                detail=f"Declarer: {entry.get_review_answer_display().lower()} "
                f"(answered {entry.review_answered_on:%-d %b %Y})",
            ),
        )
        for entry in reviews
    ]
    total += count
    items.sort(key=lambda pair: pair[0])
    return WorkSection(
        key="integrity-decisions",
        title="Declarations awaiting a decision",
        items=[item for _, item in items[:SECTION_LIMIT]],
        total=total,
        more_url=reverse("integrity:registers"),
        empty="No declaration is waiting for your decision.",
    )


@section(*INTEGRITY_APPROVERS)
def integrity_reviews(user, today):
    from integrity.registers import REGISTERS
    from integrity.selectors import overdue_reviews

    slug = next(r.slug for r in REGISTERS.values() if r.model.__name__ == "BusinessInterest")
    entries, total = _page(overdue_reviews(user=user, today=today).order_by("review_on", "id"))
    items = [
        WorkItem(
            title=f"Business interest {e.reference}",
            url=reverse("integrity:entry", args=[slug, e.public_id]),
            action="Annual review",
            due_on=e.review_on,
        )
        for e in entries
    ]
    return WorkSection(
        key="integrity-reviews",
        title="Annual reviews overdue",
        items=items,
        total=total,
        more_url=reverse("integrity:overdue"),
        empty="No annual review is overdue.",
    )


# ------------------------------------------------------------------ oversight reader


@section(Role.OVERSIGHT_READER)
def oversight_reports(user, today):
    """12-month (regulation 19) reports the force sent that this reader has not yet marked as read
    (oversight.Reg19Reading), oldest first."""
    from cases.selectors import reg19_reports_visible_to
    from oversight.models import Reg19Reading

    reports, total = _page(
        reg19_reports_visible_to(user=user)
        .exclude(Exists(Reg19Reading.objects.filter(report=OuterRef("pk"), reader=user)))
        .order_by("submitted_on", "id")
    )
    url = reverse("oversight:reg19-reports")
    items = [
        WorkItem(
            title=f"12-month report {r.case.reference}, period {r.period_number}",
            url=f"{url}#report-{r.pk}",
            action="Read the report",
            detail=f"Received {r.submitted_on:%-d %b %Y}",
            tag="New" if (today - r.submitted_on).days <= 7 else "",
            tag_colour="blue",
        )
        for r in reports
    ]
    return WorkSection(
        key="oversight-reports",
        title="12-month reports to read",
        items=items,
        total=total,
        more_url=url,
        empty="You have read every 12-month report the force has sent you.",
        description="Regulation 19 reports the force sent you that you have not marked as read, oldest first.",
    )


# ------------------------------------------------------------------ administrator


@section(Role.ADMINISTRATOR)
def admin_imports(user, today):
    """The last workforce import with its bad rows, and accounts locked out now (django-axes)."""
    from accounts.lockouts import lockouts_count
    from workforce.selectors import workforce_imports_visible_to

    items, problem = [], False
    last = workforce_imports_visible_to(user=user).order_by("-uploaded_at", "-id").first()
    if last is not None:
        errors = len(last.errors or [])
        problem = bool(last.status in ("refused", "failed") or errors)
        items.append(
            WorkItem(
                title=f"Last workforce import: {last.filename}",
                url=reverse("workforce:import-detail", args=[last.public_id]),
                action=(
                    f"{errors} bad row{'s' if errors != 1 else ''} to correct"
                    if errors
                    else ("Find out why it did not run" if problem else "Nothing to do")
                ),
                detail=f"{last.get_status_display()}, {_day(last.uploaded_at):%-d %b %Y}"
                + (f": {last.refusal[:100]}" if last.refusal else ""),
                tag=last.get_status_display(),
                tag_colour="red" if problem else "green",
            )
        )
    items += _locked_out(user)
    return WorkSection(
        key="admin-imports",
        title="Workforce import and locked accounts",
        items=items,
        # what needs the administrator: an import that failed or has bad rows, and every locked account
        total=int(problem) + lockouts_count(user=user),
        more_url=reverse("workforce:imports"),
        empty="No workforce import yet and no account locked out.",
    )


def _locked_out(user) -> list[WorkItem]:
    """Usernames locked out now by django-axes (one query), each linking to its unlock page."""
    from accounts.lockouts import lockouts_visible_to

    return [
        WorkItem(
            title=f"Account locked: {lock.username}",
            url=f"{reverse('accounts:unlock')}?{urlencode({'username': lock.username})}",
            action="Unlock it if the user asks and you have confirmed who they are",
            detail=f"{lock.failures} failed sign-ins; unlocks itself at {timezone.localtime(lock.until):%H:%M}",
            tag="Locked",
            tag_colour="red",
        )
        for lock in lockouts_visible_to(user=user, limit=SECTION_LIMIT)
    ]


# ------------------------------------------------------------------ everyone with a workforce record


@section(*EVERYONE)
def my_declarations(user, today):
    """The user's own approved business interests whose annual review they have still to answer
    (due within integrity's answer window, or past), each linked to its answer page. Not shown to
    users without a workforce record, nor once every review due is answered."""
    if not user.person_id:
        return None
    from integrity.registers import BUSINESS_INTERESTS
    from integrity.selectors import own_reviews_to_answer

    entries, total = _page(own_reviews_to_answer(user=user, today=today).order_by("review_on", "id"))
    items = [
        WorkItem(
            title=f"{e.business_name} ({e.reference})",
            url=reverse("integrity:review", args=[BUSINESS_INTERESTS.slug, e.public_id]),
            action="Annual review of your business interest: tell us of any change",
            due_on=e.review_on,
        )
        for e in entries
    ]
    if not items:
        return None  # nothing due: the section would only say so
    return WorkSection(
        key="my-declarations",
        title="My declarations due",
        items=items,
        total=total,
        more_url=reverse("integrity:mine"),
        description="Your own register entries whose annual review is due.",
    )
