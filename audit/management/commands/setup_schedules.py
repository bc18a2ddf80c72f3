from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

# name -> (task, schedule). Created once; afterwards administrators change them in the admin
# (Periodic tasks), and this command never overwrites their changes. Every task declared periodic
# in misconduct/celery.py (PERIODIC_TASKS) has one here (tests/test_schedules.py).
SCHEDULES = {
    "Rebuild the timeliness figures (nightly)": ("governance.timeliness_tasks.timeliness_nightly", ("cron", "30", "3")),
    "Re-send timeliness chunks a crash or a lost message left": (
        "governance.timeliness_tasks.timeliness_sweep",
        ("every", 5, "minutes"),
    ),
    "Notifications: e-mail those that need action": ("notifications.tasks.email_send", ("every", 5, "minutes")),
    "Worker heartbeat": ("audit.tasks.record_worker_heartbeat", ("every", 5, "minutes")),
    "Send tasks the outbox holds (broker was unavailable)": ("infra.tasks.outbox_sweep", ("every", 1, "minutes")),
    "Re-enqueue workforce imports left by a crash": (
        "workforce.tasks.sweep_workforce_imports",
        ("every", 5, "minutes"),
    ),
    "Import the HR workforce extract from the drop folder": (
        "workforce.tasks.import_workforce_from_drop",
        ("cron", "30", "2"),
    ),
    "Refresh disparity analytics (nightly)": ("oversight.tasks.refresh_disparities", ("cron", "15", "4")),
    "Home Office return: rebuild stale headline counts": (
        "governance.return_tasks.return_summaries_refresh",
        ("every", 15, "minutes"),
    ),
    "Re-queue or fail disparity refreshes whose worker stopped": (
        "oversight.tasks.sweep_refreshes",
        ("every", 2, "minutes"),
    ),
    "Re-score every open case (nightly)": ("cases.tasks.priority_nightly_run", ("cron", "0", "1")),
    "Re-score cases and chunks a crash or a lost message left": ("cases.tasks.priority_sweep", ("every", 1, "minutes")),
    "Draft regulation 19 reports that have fallen due": ("cases.tasks.draft_due_reg19_reports", ("cron", "30", "1")),
    "Early-intervention rules: raise flags": ("cases.tasks.intervention_flags_raise", ("cron", "45", "1")),
    "Action log: remind owners of actions falling due": ("cases.tasks.action_reminders_send", ("cron", "30", "6")),
    "Expire clearances and send renewal reminders": ("vetting.clearance_tasks.expire_and_remind", ("cron", "0", "6")),
    "Write the weekly PND screening request (Mondays)": (
        "vetting.tasks.screening_request_scheduled",
        ("cron", "0", "3", "1"),
    ),
    "Re-enqueue screening chunks left by a crash": ("vetting.tasks.screening_sweep", ("every", 5, "minutes")),
    "Counter-corruption queue: re-score every open log and link alert (nightly)": (
        "counter_corruption.queue_tasks.cc_queue_nightly_run",
        ("cron", "15", "1"),
    ),
    "Counter-corruption queue: re-score what a crash or a lost message left": (
        "counter_corruption.queue_tasks.cc_queue_sweep",
        ("every", 1, "minutes"),
    ),
    "Reporting line: acknowledgement and feedback reminders": (
        "reporting.tasks.send_report_reminders",
        ("cron", "0", "7"),
    ),
    "Integrity registers: annual business interest review reminders": (
        "integrity.tasks.business_interest_reviews_remind",
        ("cron", "15", "7"),
    ),
    "Monitoring rules: re-enqueue chunks a crash left, finish runs": (
        "counter_corruption.monitoring_rules_tasks.monitoring_rules_sweep",
        ("every", 2, "minutes"),
    ),
    "Link analysis: resolve sightings and raise link alerts (nightly)": (
        "counter_corruption.links_tasks.link_analysis_nightly",
        ("cron", "30", "3"),
    ),
    "Re-send link analysis chunks a crash or a lost message left": (
        "counter_corruption.links_tasks.link_sweep",
        ("every", 5, "minutes"),
    ),
    "Monitoring imports: re-send chunks a crash or a lost message left": (
        "counter_corruption.monitoring_import_tasks.monitoring_import_sweep",
        ("every", 5, "minutes"),
    ),
    "Monitoring: import audit extracts from the drop folder": (
        "counter_corruption.monitoring_import_tasks.monitoring_drop_folder",
        ("every", 5, "minutes"),
    ),
    "Monitoring: detach audit event months past the retention period (nightly)": (
        "counter_corruption.monitoring_import_tasks.monitoring_retention",
        ("cron", "45", "2"),
    ),
    # ("cron", minute, hour, day of week, day of month): the 1st of each month at 06:00
    "Board pack: the month just ended (1st of the month)": (
        "governance.boardpack_tasks.board_pack_monthly",
        ("cron", "0", "6", "*", "1"),
    ),
    "Board pack: re-send packs left pending": ("governance.boardpack_tasks.board_pack_sweep", ("every", 5, "minutes")),
}

# Daily jobs whose first run should not wait for the night: when their schedule is first created
# (a new installation, or an upgrade that adds it) they are also queued once at once, so matters
# already past their regulation 19 date get their draft and flags are raised on day one.
CATCH_UP = {
    "Re-score every open case (nightly)",
    "Draft regulation 19 reports that have fallen due",
    "Early-intervention rules: raise flags",
    "Counter-corruption queue: re-score every open log and link alert (nightly)",
}


class Command(BaseCommand):
    help = "Create the default periodic tasks (django-celery-beat) if they do not exist."

    def handle(self, *args, **options):
        from infra.outbox import enqueue

        created = 0
        for name, (task, schedule) in SCHEDULES.items():
            if PeriodicTask.objects.filter(name=name).exists():
                continue
            with transaction.atomic():
                if schedule[0] == "every":
                    interval, _ = IntervalSchedule.objects.get_or_create(every=schedule[1], period=schedule[2])
                    PeriodicTask.objects.create(name=name, task=task, interval=interval)
                else:
                    crontab, _ = CrontabSchedule.objects.get_or_create(
                        minute=schedule[1],
                        hour=schedule[2],
                        day_of_week=schedule[3] if len(schedule) > 3 else "*",
                        day_of_month=schedule[4] if len(schedule) > 4 else "*",
                        month_of_year="*",
                        timezone="Europe/London",
                    )
                    PeriodicTask.objects.create(name=name, task=task, crontab=crontab)
                if name in CATCH_UP:
                    enqueue(task)
            created += 1
        self.stdout.write(f"Schedules: {created} created, {len(SCHEDULES) - created} already present.")
