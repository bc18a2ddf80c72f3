"""The rule "performance_procedure" by version: the 2020 three-stage procedure for matters that
came to the line manager's attention before 28 May 2025, the two-stage procedure of SI 2025/558
from that date."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from performance import services
from performance.choices import Assessment, MeetingOutcome, PerformanceKind, PerformanceState
from performance.models import PerformanceCase

from .conftest import AFTER, BEFORE

pytestmark = pytest.mark.django_db
S = PerformanceState


def _open(chain, attention, kind=PerformanceKind.PERFORMANCE):
    return services.performance_case_open(
        actor=chain["line_manager"], officer=chain["officer"], kind=kind,
        concerns="Files submitted late on 9 of 12 occasions.", attention_date=attention,
    )  # fmt: skip


def _first_stage(chain, case, held=date(2025, 6, 2)):
    return services.first_stage_meeting_record(
        actor=chain["line_manager"], case=case, meeting_on=held, outcome=MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE,
        improvement_required="Submit every file within 7 days.", reasons="Accepted the late files; no mitigation.",
    )  # fmt: skip


def _not_improved(chain, case, on, next_on):
    case.refresh_from_db()
    return services.period_assess(
        actor=chain["line_manager"], case=case, result=Assessment.NOT_IMPROVED, assessed_on=on,
        reasons="Four files late in the period.", next_meeting_on=next_on,
    )  # fmt: skip


@pytest.mark.parametrize(
    "attention, version, stages, final_stage",
    [(BEFORE, "2020", ["first", "second", "third"], "third"), (AFTER, "si-2025-558", ["first", "second"], "second")],
)
def test_the_version_follows_the_date_it_came_to_attention(chain, attention, version, stages, final_stage):
    case = _open(chain, attention)
    assert case.rule_version.version == version
    assert case.rule_version.params["stages"] == stages
    assert case.rule_version.params["final_stage"] == final_stage


@pytest.mark.parametrize(
    "attention, after_second, final_outcome",
    [
        # 2020: the second stage gives a final notice; only a third-stage meeting can dismiss
        (BEFORE, S.SECOND_IMPROVEMENT, "third"),
        # 2025: the second stage is the last: it can dismiss
        (AFTER, S.CLOSED, None),
    ],
)
def test_a_case_through_two_stages_under_each_version(chain, attention, after_second, final_outcome):
    case = _open(chain, attention)
    meeting = _first_stage(chain, case)
    case.refresh_from_db()
    assert case.state == S.FIRST_IMPROVEMENT
    assert meeting.period_ends_on == date(2025, 9, 2)  # 3 months by default
    assert meeting.notice_valid_until == date(2026, 6, 2)  # valid 12 months
    assert meeting.appeal_due_on == date(2025, 6, 11)  # 7 working days
    assert meeting.rule_version == case.rule_version
    _not_improved(chain, case, date(2025, 9, 3), date(2025, 9, 10))
    case.refresh_from_db()
    assert case.state == S.SECOND_STAGE
    if attention == BEFORE:
        with pytest.raises(ValidationError) as refused:
            services.later_stage_meeting_record(
                actor=chain["second_line"], case=case, meeting_on=date(2025, 9, 10),
                outcome=MeetingOutcome.DISMISSAL, reasons="No improvement at all over the period given.",
            )  # fmt: skip
        assert "outcome" in refused.value.message_dict
        services.later_stage_meeting_record(
            actor=chain["second_line"], case=case, meeting_on=date(2025, 9, 10),
            outcome=MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE, improvement_required="Every file in 7 days.",
            reasons="Failed to improve.",
        )  # fmt: skip
    else:
        services.later_stage_meeting_record(
            actor=chain["second_line"], case=case, meeting_on=date(2025, 9, 10),
            outcome=MeetingOutcome.DISMISSAL, reasons="No improvement at all over the specified period.",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.state == after_second
    if final_outcome == "third":
        _not_improved(chain, case, date(2025, 12, 11), date(2025, 12, 18))
        case.refresh_from_db()
        assert case.state == S.THIRD_STAGE
        assert case.meetings.order_by("-id").first().stage == "third"
        services.later_stage_meeting_record(
            actor=chain["authority"], case=case, meeting_on=date(2025, 12, 18),
            outcome=MeetingOutcome.DISMISSAL, reasons="No improvement over two notices; dismissal with notice.",
        )  # fmt: skip
        case.refresh_from_db()
        assert case.state == S.CLOSED
    assert case.outcome == MeetingOutcome.DISMISSAL
    assert not case.meetings.filter(stage="third").exists() or attention == BEFORE


def test_under_2025_a_final_notice_leads_to_another_second_stage_meeting_never_a_third(chain):
    case = _open(chain, AFTER)
    _first_stage(chain, case)
    _not_improved(chain, case, date(2025, 9, 3), date(2025, 9, 10))
    case.refresh_from_db()
    services.later_stage_meeting_record(
        actor=chain["second_line"], case=case, meeting_on=date(2025, 9, 10),
        outcome=MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE, improvement_required="Files in 7 days.",
        reasons="Some progress; a final notice.",
    )  # fmt: skip
    _not_improved(chain, case, date(2025, 12, 11), date(2025, 12, 18))
    case.refresh_from_db()
    assert case.state == S.SECOND_STAGE
    assert list(case.meetings.values_list("stage", flat=True)) == ["first", "second", "second"]
    assert MeetingOutcome.EXTEND_FINAL_NOTICE in services.outcomes_for(case, "second")


@pytest.mark.parametrize(
    "attention, stage, state", [(BEFORE, "third", S.THIRD_STAGE), (AFTER, "second", S.SECOND_STAGE)]
)
def test_gross_incompetence_goes_straight_to_the_last_stage(chain, attention, stage, state):
    case = _open(chain, attention, kind=PerformanceKind.GROSS_INCOMPETENCE)
    meeting = services.gross_incompetence_refer(
        actor=chain["authority"], case=case, notice_given_on=date(2025, 6, 2), meeting_on=date(2025, 6, 16),
        reason="A single serious failure: left a vulnerable witness unprotected.",
    )  # fmt: skip
    case.refresh_from_db()
    assert (meeting.stage, case.state) == (stage, state)
    assert MeetingOutcome.REDUCTION_IN_RANK in services.outcomes_for(case, stage)
    with pytest.raises(ValidationError):
        services.first_stage_meeting_record(
            actor=chain["line_manager"], case=case, meeting_on=date(2025, 6, 2),
            outcome=MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE, improvement_required="x", reasons="x",
        )  # fmt: skip


@pytest.mark.parametrize("attention, heard_by", [(BEFORE, "second line manager"), (AFTER, "appeal manager")])
def test_a_first_stage_appeal_goes_to_the_manager_each_version_names(chain, attention, heard_by):
    case = _open(chain, attention)
    _first_stage(chain, case)
    case.refresh_from_db()
    appeal = services.appeal_lodge(
        actor=chain["line_manager"], case=case, lodged_on=date(2025, 6, 9), grounds="Too short a period."
    )
    assert appeal.heard_by == heard_by
    assert PerformanceCase.objects.get(pk=case.pk).rule_version.version == appeal.rule_version.version
