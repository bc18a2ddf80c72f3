"""The nightly link job: sightings from every source become links; a link alert is raised when a
new link joins a person to an entity already linked to another subject, once per (person, entity),
never for links to people who are subjects of nothing; the run is chunked and resumable."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from counter_corruption import links as job
from counter_corruption.models import Entity, EntityLink, LinkAlert, LinkChunk, LinkRun
from reporting.models import Report, ReportPersonLink
from tests.factories import CaseFactory, PersonFactory, UserFactory

from .conftest import intel_log

pytestmark = pytest.mark.django_db


def test_two_officers_around_one_nominal_each_get_one_alert_with_reasons(cluster):
    run = job.link_run_inline(reason="test")
    alerts = LinkAlert.objects.filter(entity__kind="person")
    assert {a.person_id for a in alerts} == {cluster["first"].id, cluster["second"].id}
    alert = alerts.get(person=cluster["first"])
    assert list(alert.other_people.all()) == [cluster["second"]]
    assert alert.reasons[0].startswith(
        "A new link to a person outside the force (Kieran Ashdown (born 1986-07-19)) from an intelligence log"
    )
    assert (
        alert.reasons[1]
        == "The same person outside the force is already linked to 1 other person: 1 subject of intelligence."
    )
    assert run.alerts_raised == 2 and run.finished_at is not None
    # history: each alert's insert event, as pghistory records it, written by the same statement
    from counter_corruption.models import LinkAlertEvent

    event = LinkAlertEvent.objects.get(pgh_obj_id=alert.id)
    assert (event.pgh_label, event.person_id, event.reasons) == ("insert", alert.person_id, alert.reasons)
    assert LinkAlertEvent.objects.filter(pgh_label="insert").count() == 2  # the row trigger did not write twice


def test_the_phone_only_one_officer_is_linked_to_raises_nothing(cluster):
    job.link_run_inline(reason="test")
    assert not LinkAlert.objects.filter(entity__kind="phone").exists()


def test_an_alert_is_raised_once_even_when_new_links_keep_coming(cluster):
    job.link_run_inline(reason="first")
    third = PersonFactory()
    intel_log(
        subjects=[cluster["first"], third], entities=[("person", "ASHDOWN, Kieran", {"date_of_birth": "1986-07-19"})]
    )
    second_run = job.link_run_inline(reason="second")
    assert LinkAlert.objects.filter(person=cluster["first"]).count() == 1
    assert LinkAlert.objects.filter(person=third).count() == 1
    assert second_run.alerts_raised == 1
    assert second_run.from_link_id == LinkRun.objects.order_by("id").first().to_link_id
    assert job.link_run_inline(reason="third").alerts_raised == 0


def test_alerts_raised_in_bulk_are_scored_into_the_units_queue_at_once(cluster):
    """The job raises alerts by SQL (no signals): finishing the run starts a queue scoring run for
    exactly the new alerts, so they do not wait for the next nightly re-score."""
    from counter_corruption.models import QueueScoringChunk, QueueScoringRun, UnitQueueItem
    from counter_corruption.queue_tasks import cc_queue_score_chunk

    job.link_run_inline(reason="first")
    raised = set(LinkAlert.objects.values_list("id", flat=True))
    assert raised
    run = QueueScoringRun.objects.get(reason="link alerts raised")
    chunks = QueueScoringChunk.objects.filter(run=run)
    assert {i for chunk in chunks for i in chunk.alert_ids} == raised
    for chunk in chunks:
        cc_queue_score_chunk(chunk.id)  # what a worker does with each chunk
    scored = UnitQueueItem.objects.filter(alert_id__in=raised, is_open=True, score__gt=0)
    assert set(scored.values_list("alert_id", flat=True)) == raised
    job.link_run_inline(reason="again")  # nothing new: no second scoring run
    assert QueueScoringRun.objects.filter(reason="link alerts raised").count() == 1


def test_no_alert_when_the_other_person_is_a_subject_of_nothing():
    officer, colleague = PersonFactory(), PersonFactory()
    intel_log(subjects=[officer], entities=[("vehicle", "AB12 CDE", {})])
    # the colleague is linked to the same car by a report, but is a subject of nothing
    report = _report("The officer was seen getting into AB12CDE outside the station.")
    ReportPersonLink.objects.create(report=report, person=colleague, reason="named", linked_by=UserFactory())
    job.link_run_inline(reason="test")
    assert EntityLink.objects.filter(person=colleague, entity__key="AB12CDE", source_kind="report").exists()
    # the officer is a subject but the colleague is not: only the colleague's link meets a subject
    assert list(LinkAlert.objects.values_list("person_id", flat=True)) == [colleague.id]


def test_a_conduct_matter_subject_counts_and_complainants_link():
    officer, other = PersonFactory(), PersonFactory()
    case = CaseFactory(subjects=[other])
    from cases.models import Allegation, AllegationCategory

    category = AllegationCategory.objects.first()
    Allegation.objects.create(case=case, subject=case.case_subjects.get(), category=category, description="x",
                              complainant_name="Jade Morrow")  # fmt: skip
    second = CaseFactory(subjects=[officer])
    Allegation.objects.create(case=second, subject=second.case_subjects.get(), category=category, description="y",
                              complainant_name="MORROW, Jade")  # fmt: skip
    job.link_run_inline(reason="test")
    jade = Entity.objects.get(kind="person")
    assert set(jade.links.values_list("person_id", flat=True)) == {officer.id, other.id}
    alert = LinkAlert.objects.get(person=officer)
    assert "1 subject of a conduct matter" in alert.reasons[1]


def test_a_screening_hit_links_its_officer_to_the_nominal_it_names(cluster):
    from demo.links import _screening_hit

    third = PersonFactory()
    hit = _screening_hit(officer=third, record_date=date(2026, 11, 20))
    job.link_run_inline(reason="test")
    nominal = Entity.objects.get(kind="person")
    assert nominal.is_nominal  # PND called him a nominal
    link = EntityLink.objects.get(person=third, entity=nominal)
    assert (link.source_kind, link.source_id) == ("screening", str(hit.public_id))
    alert = LinkAlert.objects.get(person=third)
    assert set(alert.other_people.all()) == {cluster["first"], cluster["second"]}
    assert "flagged as a known criminal nominal" in alert.reasons[-1]
    assert "from a screening hit" in alert.reasons[0]


def test_the_run_is_chunked_and_a_killed_worker_repeats_nothing(cluster):
    for _ in range(3):
        intel_log(subjects=[PersonFactory()], entities=[("person", "Kieran Ashdown", {"date_of_birth": "1986-07-19"})])
    run = job.link_run_start(reason="test", chunk_links=2, enqueue=False)
    chunks = list(run.chunks.order_by("number"))
    assert len(chunks) >= 3
    job.link_chunk_check(chunk_id=chunks[0].id)
    done_alerts = set(LinkAlert.objects.values_list("id", flat=True))
    # a worker dies half-way through the second chunk: its transaction is rolled back
    with pytest.raises(RuntimeError), transaction.atomic():
        job.chunk_alerts_raise(low=chunks[1].low_id, high=chunks[1].high_id, top=run.to_link_id)
        raise RuntimeError("worker killed")
    assert set(LinkAlert.objects.values_list("id", flat=True)) == done_alerts
    # resuming sends the unfinished chunks again; the done one is not redone
    resumed = job.link_run_inline(reason="resume")
    assert resumed.id == run.id and resumed.finished_at is not None
    assert LinkChunk.objects.filter(run=run, done_at__isnull=True).count() == 0
    assert job.link_chunk_check(chunk_id=chunks[0].id) == 0  # a second delivery finds it done
    assert LinkAlert.objects.count() == 5  # five subjects around one nominal, once each
    assert resumed.alerts_raised == 5


def test_the_management_command_runs_the_job():
    out = StringIO()
    call_command("link_analysis", stdout=out)
    assert "Link analysis:" in out.getvalue()
    assert LinkRun.objects.filter(finished_at__isnull=False).count() == 1


def _report(text):
    from django.utils import timezone

    return Report.objects.create(
        reference=f"RL-{Report.objects.count() + 1:05d}",
        received_at=timezone.now(),
        what_happened=text,
        acknowledge_due_on=date(2026, 12, 8),
        feedback_due_on=date(2026, 12, 31),
    )


def test_a_run_whose_closing_was_lost_is_closed_and_the_next_starts(cluster):
    run = job.link_run_start(reason="test", enqueue=False)
    for chunk in run.chunks.all():
        with transaction.atomic():
            job.chunk_alerts_raise(low=chunk.low_id, high=chunk.high_id, top=run.to_link_id)
            LinkChunk.objects.filter(id=chunk.id).update(done_at=run.started_at)
    # the worker stopped before closing the run: the next start closes it and begins a new one
    following = job.link_run_start(reason="next", enqueue=False)
    run.refresh_from_db()
    assert run.finished_at is not None and following.id != run.id
    assert following.from_link_id == run.to_link_id


def test_the_sweeper_resends_only_chunks_nobody_is_working_on(cluster):
    from datetime import timedelta

    from counter_corruption.links_tasks import link_sweep
    from infra.models import OutboxMessage

    run = job.link_run_start(reason="test", chunk_links=1, enqueue=False)
    run.chunks.update(enqueued_at=run.started_at - timedelta(minutes=10))
    sent = link_sweep(older_than_seconds=120)
    assert sent == run.chunks.count()
    assert OutboxMessage.objects.filter(task="counter_corruption.links_tasks.link_chunk_check").count() == sent
    assert link_sweep(older_than_seconds=120) == 0  # just sent: left to the broker
