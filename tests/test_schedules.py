"""Every periodic task of the project has a default schedule, and beat can read them all."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from audit.management.commands.setup_schedules import SCHEDULES
from misconduct.celery import ON_DEMAND_TASKS, PERIODIC_TASKS, app

ROOT = Path(__file__).resolve().parents[1]


def project_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {name for name in app.tasks if not name.startswith("celery.")}


def test_every_task_of_the_project_is_declared_periodic_or_on_demand():
    tasks = project_tasks()
    undeclared = tasks - PERIODIC_TASKS - set(ON_DEMAND_TASKS)
    assert not undeclared, f"classify these tasks in misconduct/celery.py: {sorted(undeclared)}"
    unknown = (PERIODIC_TASKS | set(ON_DEMAND_TASKS)) - tasks
    assert not unknown, f"declared but not registered: {sorted(unknown)}"
    assert len(tasks) >= 18


def test_every_periodic_task_has_a_default_schedule():
    scheduled = {task for task, _schedule in SCHEDULES.values()}
    missing = PERIODIC_TASKS - scheduled
    assert not missing, f"periodic tasks without a default schedule in setup_schedules: {sorted(missing)}"
    assert scheduled <= project_tasks(), "a schedule names a task that does not exist"


def test_the_promised_schedules_are_there():
    scheduled = {task for task, _schedule in SCHEDULES.values()}
    for task in (
        "cases.tasks.priority_nightly_run",
        "cases.tasks.priority_sweep",
        "cases.tasks.draft_due_reg19_reports",
        "cases.tasks.intervention_flags_raise",
        "cases.tasks.action_reminders_send",
        "infra.tasks.outbox_sweep",
        "oversight.tasks.sweep_refreshes",
    ):
        assert task in scheduled, task


@pytest.mark.django_db
def test_beat_loads_every_default_schedule_and_answers_is_due_for_each():
    from django_celery_beat.schedulers import DatabaseScheduler

    call_command("setup_schedules")
    assert PeriodicTask.objects.filter(name__in=SCHEDULES).count() == len(SCHEDULES)
    scheduler = DatabaseScheduler(app=app, lazy=True)
    scheduler.all_as_schedule()  # what beat loads now (crontab entries near the current hour only)
    tasks = project_tasks()
    models = list(scheduler.Model.objects.enabled())
    assert {m.task for m in models} >= {task for task, _ in SCHEDULES.values()}
    for model in models:
        entry = scheduler.Entry(model, app=app)
        assert entry.task in tasks, f"{model.name}: {entry.task} is not a registered task"
        due, next_in = entry.is_due()
        # weekly at most, or monthly for the board pack (the 1st at 06:00)
        longest = 31 if model.task == "governance.boardpack_tasks.board_pack_monthly" else 7
        assert isinstance(due, bool) and 0 <= next_in <= longest * 24 * 3600, model.name


@pytest.mark.django_db
def test_setup_schedules_queues_the_daily_catch_up_once_and_never_twice():
    from infra.models import OutboxMessage

    call_command("setup_schedules")
    first = sorted(OutboxMessage.objects.values_list("task", flat=True))
    assert first == sorted(
        [
            "cases.tasks.draft_due_reg19_reports",
            "cases.tasks.intervention_flags_raise",
            "cases.tasks.priority_nightly_run",
            "counter_corruption.queue_tasks.cc_queue_nightly_run",
        ]
    )
    call_command("setup_schedules")
    assert OutboxMessage.objects.count() == 4


ENQUEUE = re.compile(r"\.(delay|apply_async|delay_on_commit|send_task)\(")


def test_every_task_is_covered_by_a_sweeper_or_the_outbox():
    """On-demand tasks: enqueued only through the outbox, and re-sent by a scheduled sweeper that
    finds their work in the database. Periodic tasks: their schedule runs them again."""
    scheduled = {task for task, _schedule in SCHEDULES.values()}
    for task, sweeper in ON_DEMAND_TASKS.items():
        assert sweeper in PERIODIC_TASKS and sweeper in scheduled, f"{task}: its sweeper {sweeper} is not scheduled"
    assert "infra.tasks.outbox_sweep" in scheduled
    direct = []
    packages = [p for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}]
    assert {"cases", "workforce", "vetting", "oversight", "infra"} <= {p.name for p in packages}
    for path in (f for package in packages for f in package.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative == Path("infra/outbox.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ENQUEUE.search(line) and not line.lstrip().startswith("#"):
                direct.append(f"{relative}:{number}: {line.strip()}")
    assert not direct, "enqueue through infra.outbox.enqueue, not directly:\n" + "\n".join(direct)


@pytest.mark.django_db
def test_after_setup_a_matter_13_months_old_gets_its_reg19_draft_and_its_12_month_mark():
    """What the demo lacked: the catch-up messages setup_schedules queues, run as a worker runs
    them (by task name and arguments), draft the report and re-score the case."""
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from cases.models import Case, CasePriority, CaseSubject, Reg19Report
    from infra.models import OutboxMessage
    from tests.factories import PersonFactory

    received = timezone.localdate() - relativedelta(months=13)
    case = Case.objects.create(reference="PSD-2025-90001", summary="old matter", received_date=received)
    CaseSubject.objects.create(case=case, person=PersonFactory())
    assert not Reg19Report.objects.filter(case=case).exists()
    call_command("setup_schedules")
    project_tasks()  # registers every task, as a worker does at start
    done: set[int] = set()
    while batch := list(OutboxMessage.objects.exclude(id__in=done).order_by("id")):
        for message in batch:  # the nightly run queues its chunks: those run in the next round
            done.add(message.id)
            app.tasks[message.task](*message.args, **message.kwargs)
    assert Reg19Report.objects.filter(case=case, period_number=1).exists()
    codes = {c["code"] for c in CasePriority.objects.get(case=case).components}
    assert "twelve_months" in codes
