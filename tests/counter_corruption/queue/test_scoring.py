"""The queue's score, component by component, with the expected points computed from the weights
held as data (so the tests state the rule, not today's numbers)."""

from datetime import date, timedelta

import pytest

from counter_corruption.models import QueueWeight, UnitQueueItem
from counter_corruption.priority import legacy_to_3x5x2, queue_score
from tests.counter_corruption.queue.helpers import cap, item_of, make_alert, make_log, parts, theme_weight, w
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def score(*sources, today=TODAY):
    queue_score(
        log_ids=[s.id for s in sources if hasattr(s, "reference")],
        alert_ids=[s.id for s in sources if not hasattr(s, "reference")],
        today=today,
    )
    return [item_of(s).score for s in sources]


def test_a_log_scores_its_highest_weighted_theme_not_the_sum_of_its_themes():
    apsp = make_log(received_on=TODAY, themes=["apsp"])
    both = make_log(received_on=TODAY, themes=["apsp", "misuse_systems"])
    debt = make_log(received_on=TODAY, themes=["vulnerability"])
    scores = score(apsp, both, debt)
    ungraded = w("ungraded")
    assert scores == [
        theme_weight("apsp") + ungraded,
        theme_weight("apsp") + ungraded,
        theme_weight("vulnerability") + ungraded,
    ]
    assert parts(both)["theme"]["detail"] == "Abuse of position for a sexual purpose (the highest-weighted of 2 themes)"
    assert parts(apsp)["theme"]["detail"] == "Abuse of position for a sexual purpose"


def test_reliable_and_known_directly_scores_highest_and_suspected_false_lowest():
    a1 = make_log(received_on=TODAY, themes=["drugs"], source="A", assessment="1")
    b3 = make_log(received_on=TODAY, themes=["drugs"], source="B", assessment="3")
    c5 = make_log(received_on=TODAY, themes=["drugs"], source="C", assessment="5")
    drugs = theme_weight("drugs")
    assert score(a1, b3, c5) == [
        drugs + w("source_a") + w("assessment_1"),
        drugs + w("source_b") + w("assessment_3"),
        drugs + w("source_c") + w("assessment_5"),
    ]
    assert score(a1)[0] > score(b3)[0] > score(c5)[0]
    assert parts(c5)["assessment_5"] == {
        "code": "assessment_5",
        "label": "Assessment 5: suspected to be false",
        "points": w("assessment_5"),
        "detail": "the intelligence is assessed 5",
    }
    assert w("assessment_5") < 0


def test_a_legacy_5x5x5_grading_is_read_as_the_nearest_3x5x2_grading():
    assert legacy_to_3x5x2("B2/4") == ("A", "1")
    assert legacy_to_3x5x2("E34") == ("B", "2")
    assert legacy_to_3x5x2("D5") == ("C", "5")
    assert legacy_to_3x5x2("unknown") is None
    legacy = make_log(received_on=TODAY, legacy="B2/4")
    assert score(legacy) == [w("source_a") + w("assessment_1")]
    assert parts(legacy)["source_a"]["detail"] == "the source is graded A (legacy grading B2/4 read as A1)"


def test_an_ungraded_log_is_not_buried_before_anyone_grades_it():
    log = make_log(received_on=TODAY)
    assert score(log) == [w("ungraded")]
    assert parts(log)["ungraded"]["label"] == "Not yet graded"


def test_a_child_at_risk_outranks_a_vulnerable_adult_who_outranks_an_adult():
    logs = [make_log(received_on=TODAY, themes=["misuse_systems"], at_risk=r) for r in
            ("child", "vulnerable_adult", "adult", "none")]  # fmt: skip
    base = theme_weight("misuse_systems") + w("ungraded")
    assert score(*logs) == [
        base + w("at_risk_child"),
        base + w("at_risk_vulnerable_adult"),
        base + w("at_risk_adult"),
        base,
    ]
    assert w("at_risk_child") > w("at_risk_vulnerable_adult") > w("at_risk_adult") > 0
    assert parts(logs[0])["at_risk_child"]["detail"] == "the log records a child at risk"


def test_waiting_time_adds_points_per_week_up_to_a_cap_and_a_passed_review_date_adds_more():
    five_weeks = make_log(received_on=TODAY - timedelta(days=35))
    a_year = make_log(received_on=TODAY - timedelta(days=365))
    fresh = make_log(received_on=TODAY - timedelta(days=3))
    assert score(five_weeks, a_year, fresh) == [
        w("ungraded") + 5 * w("age") + w("review_overdue"),
        w("ungraded") + cap("age") + w("review_overdue"),
        w("ungraded"),
    ]
    first_review = TODAY - timedelta(days=35) + timedelta(days=int(cap("review_overdue")))
    assert parts(five_weeks)["review_overdue"]["detail"] == (
        f"review was due {first_review:%d %b %Y}, {(TODAY - first_review).days} days ago"
    )
    assert parts(five_weeks)["age"]["detail"] == f"waiting 5 weeks since {TODAY - timedelta(days=35):%d %b %Y}"
    assert item_of(five_weeks).review_due == first_review


def test_the_subjects_intelligence_and_conduct_history_raise_a_log():
    officer = PersonFactory()
    earlier = [make_log(received_on=TODAY - timedelta(days=400), subjects=[officer], status="closed") for _ in range(2)]
    case = CaseFactory(subjects=[officer])
    from cases.models import Allegation, AllegationCategory

    category = AllegationCategory.objects.first()
    for _ in range(3):
        Allegation.objects.create(case=case, subject=case.case_subjects.get(), category=category, description="x")
    log = make_log(received_on=TODAY, subjects=[officer])
    assert score(log) == [w("ungraded") + 2 * w("history_intel") + 3 * w("history_conduct")]
    assert parts(log)["history_intel"]["detail"] == "2 other intelligence logs about the subject"
    assert parts(log)["history_conduct"]["detail"] == "3 conduct allegations against the subject"
    score(*earlier)  # closed: out of the queue, yet still part of the subject's history
    assert not UnitQueueItem.objects.filter(log__in=earlier, is_open=True).exists()


def test_a_link_alert_scores_for_the_nominal_the_others_linked_and_their_history():
    officer, other, third = PersonFactory(), PersonFactory(), PersonFactory()
    make_log(received_on=TODAY, subjects=[other])
    nominal = make_alert(person=officer, others=[other, third], nominal=True)
    plain = make_alert(person=PersonFactory(), others=[PersonFactory()])
    for alert in (nominal, plain):  # raised today
        type(alert).objects.filter(pk=alert.pk).update(raised_at=alert.raised_at.replace(year=2026, month=11, day=20))
    got = score(nominal, plain)
    assert got == [
        w("link_alert") + w("nominal") + 2 * w("other_people") + w("history_intel"),
        w("link_alert") + w("other_people"),
    ]
    assert parts(nominal)["nominal"]["detail"] == "the entity is known to police as a criminal nominal"
    assert parts(nominal)["other_people"]["detail"] == "2 other members of the workforce linked"
    assert parts(nominal)["history_intel"]["detail"] == "1 other intelligence log about the officer and those linked"


def test_the_components_are_stored_largest_first_and_add_up_to_the_score():
    log = make_log(received_on=TODAY - timedelta(days=30), themes=["apsp"], at_risk="child", source="A", assessment="1")
    score(log)
    item = item_of(log)
    points = [c["points"] for c in item.components]
    assert points == sorted(points, reverse=True)
    assert sum(points) == item.score
    assert {"code", "label", "points", "detail"} == set(item.components[0])


def test_a_changed_weight_changes_the_score_and_is_kept_in_history():
    import pghistory.models

    log = make_log(received_on=TODAY, at_risk="adult")
    before = score(log)[0]
    weight = QueueWeight.objects.get(code="at_risk_adult")
    with pghistory.context(user=None, reason="force policy: adults at risk weigh more"):
        weight.weight = weight.weight + 10
        weight.save()
    assert score(log)[0] == before + 10
    events = pghistory.models.Events.objects.references(weight).filter(pgh_label="update")
    assert events.count() == 1


def test_a_closed_log_and_a_closed_alert_leave_the_queue():
    log = make_log(received_on=TODAY, themes=["apsp"])
    alert = make_alert(person=PersonFactory())
    score(log, alert)
    assert item_of(log).is_open and item_of(alert).is_open
    type(log).objects.filter(pk=log.pk).update(status="closed")
    type(alert).objects.filter(pk=alert.pk).update(status="nfa")
    score(log, alert)
    assert not item_of(log).is_open and not item_of(alert).is_open
    assert item_of(log).score == 0 and item_of(log).components == []
