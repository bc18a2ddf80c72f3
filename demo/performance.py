"""Demo performance cases, made through the services: the demo supervisor's own reports at each
stage (cases before and after 28 May 2025, so both rule versions show), one overdue assessment,
a gross incompetence referral and a dismissal with an appeal to the tribunal."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from performance import services
from performance.choices import Assessment, MeetingOutcome, PerformanceKind
from performance.models import PerformanceCase
from performance.selectors import reports_of
from workforce.models import Person

CONCERNS = [
    "Case files submitted late on 9 of the last 12 occasions; two court warnings missed.",
    "Unplanned absences on 11 occasions in six months, each of one or two days.",
    "Crime reports left without a supervisor's review for weeks; victims not updated.",
    "Body-worn video not activated at incidents where force policy requires it.",
    "Use of the missing-persons risk tool wrong in three reviews; escalations late.",
]


def _officers(ids, limit):
    return list(
        Person.objects.filter(
            id__in=ids, person_type="officer", is_leaver=False, rank_or_grade__in=["PC", "PS"]
        ).order_by("staff_number")[:limit]
    )


def _give_reports(manager: Person) -> None:
    """The demo supervisor line-manages a few constables (as a sergeant would), so the line manager's
    view has cases in it. Never someone with an account, nor anyone above the manager."""
    from cases.selectors import line_management_chain

    above = set(line_management_chain(person_id=manager.pk))
    constables = (
        Person.objects.filter(person_type="officer", is_leaver=False, rank_or_grade="PC", user_account__isnull=True)
        .exclude(id__in=above)
        .order_by("staff_number")[:4]
    )
    Person.objects.filter(id__in=[p.id for p in constables]).update(line_manager=manager)


def demo_performance_seed(*, today: date | None = None) -> str:
    if PerformanceCase.objects.exists():
        return "Performance: cases already present"
    today = min(today or timezone.localdate(), timezone.localdate())
    supervisor = User.objects.filter(username="supervisor").select_related("person").first()
    authority = User.objects.filter(username="authority").first()
    if authority is None:
        return "Performance: no demo accounts"
    if supervisor and supervisor.person_id and not _officers(reports_of(person_id=supervisor.person_id), 4):
        _give_reports(supervisor.person)
    mine = _officers(reports_of(person_id=supervisor.person_id), 4) if supervisor and supervisor.person_id else []
    manager = supervisor if mine else authority
    blocked = set(reports_of(person_id=supervisor.person_id)) if supervisor and supervisor.person_id else set()
    others = list(
        Person.objects.filter(person_type="officer", is_leaver=False, rank_or_grade="PC", line_manager__isnull=False)
        .exclude(id__in=blocked)
        .exclude(id=getattr(authority, "person_id", None))
        .order_by("staff_number")[:4]
    )
    people = (mine + others)[:6]
    made = []

    def win(actor, case, held, months=3):
        return services.first_stage_meeting_record(
            actor=actor, case=case, meeting_on=held, outcome=MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE,
            improvement_required="Meet the standard every week; fortnightly review meetings with the line manager.",
            reasons="The officer accepted the shortfall; no health or welfare reason given.",
            period_ends_on=held + relativedelta(months=months),
        )  # fmt: skip

    def opened(actor, person, attention, kind=PerformanceKind.PERFORMANCE, n=0):
        case = services.performance_case_open(
            actor=actor, officer=person, kind=kind, concerns=CONCERNS[n % len(CONCERNS)], attention_date=attention
        )
        made.append(case)
        return case

    if len(people) > 0:  # 2020 rules: a written, then a final notice, then a third-stage meeting
        case = opened(manager, people[0], date(2025, 3, 10), n=0)
        win(manager, case, date(2025, 3, 24))
        case.refresh_from_db()
        services.period_assess(
            actor=manager, case=case, result=Assessment.NOT_IMPROVED, assessed_on=date(2025, 6, 25),
            reasons="Four files late in the period.", next_meeting_on=date(2025, 7, 2),
        )  # fmt: skip
        case.refresh_from_db()
        services.later_stage_meeting_record(
            actor=authority, case=case, meeting_on=date(2025, 7, 2), outcome=MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE,
            improvement_required="Every file on time for the whole period.", reasons="Some progress, not enough.",
        )  # fmt: skip
        case.refresh_from_db()
        services.period_assess(
            actor=manager, case=case, result=Assessment.NOT_IMPROVED, assessed_on=date(2025, 10, 6),
            reasons="Three files late again.", next_meeting_on=today + timedelta(days=7),
        )  # fmt: skip
    if len(people) > 1:  # 2025 rules: a notice running now
        case = opened(manager, people[1], today - timedelta(days=21), n=1)
        win(manager, case, today - timedelta(days=14))
    if len(people) > 2:  # 2025 rules: the period ended a week ago and nobody assessed it: overdue
        case = opened(manager, people[2], today - relativedelta(months=4), n=2)
        win(manager, case, today - relativedelta(months=3, days=7))
    if len(people) > 3:  # just opened: the first-stage meeting to hold
        opened(manager, people[3], today - timedelta(days=2), n=3)
    if len(people) > 4:  # gross incompetence, referred by the appropriate authority
        case = opened(authority, people[4], today - timedelta(days=10), kind=PerformanceKind.GROSS_INCOMPETENCE, n=4)
        services.gross_incompetence_refer(
            actor=authority, case=case, notice_given_on=today - timedelta(days=3), meeting_on=today + timedelta(days=11),
            reason="A single failure to act on a high-risk missing child report, with serious consequences.",
        )  # fmt: skip
    if len(people) > 5:  # 2025 rules through both stages to dismissal, appealed to the tribunal
        case = opened(authority, people[5], today - relativedelta(months=8), n=0)
        win(authority, case, today - relativedelta(months=7, days=20))
        case.refresh_from_db()
        services.period_assess(
            actor=authority, case=case, result=Assessment.NOT_IMPROVED, assessed_on=today - relativedelta(months=4, days=15),
            reasons="No improvement.", next_meeting_on=today - relativedelta(months=4),
        )  # fmt: skip
        case.refresh_from_db()
        meeting = services.later_stage_meeting_record(
            actor=authority, case=case, meeting_on=today - timedelta(days=5), outcome=MeetingOutcome.DISMISSAL,
            reasons="No improvement over the specified period despite support; dismissal with 28 days' notice.",
        )  # fmt: skip
        case.refresh_from_db()
        services.appeal_lodge(
            actor=authority,
            case=case,
            lodged_on=meeting.meeting_on + timedelta(days=2),
            grounds="The support promised was not given.",
        )
    return f"Performance: {len(made)} cases through the performance services"
