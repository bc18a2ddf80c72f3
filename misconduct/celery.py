import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misconduct.settings")

app = Celery("misconduct")
# The default app in every thread: the lower layers (infra.outbox) reach it as celery.current_app
# without importing the project package.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["counter_corruption"], related_name="links_tasks")
app.autodiscover_tasks(["counter_corruption"], related_name="monitoring_import_tasks")
app.autodiscover_tasks(["counter_corruption"], related_name="monitoring_rules_tasks")
app.autodiscover_tasks(["governance"], related_name="return_tasks")
app.autodiscover_tasks(["governance"], related_name="timeliness_tasks")
app.autodiscover_tasks(["governance"], related_name="boardpack_tasks")

# Every task of the project is declared here as periodic, on demand, or both; a test compares these
# with the tasks the app registers, so a new task must be classified before it can be merged.
#
# Periodic tasks: each has a default schedule in `setup_schedules` (tests/test_schedules.py).
PERIODIC_TASKS = frozenset(
    {
        "audit.tasks.record_worker_heartbeat",
        "infra.tasks.outbox_sweep",
        "workforce.tasks.sweep_workforce_imports",
        "workforce.tasks.import_workforce_from_drop",
        "oversight.tasks.refresh_disparities",
        "oversight.tasks.sweep_refreshes",
        "governance.return_tasks.return_summaries_refresh",
        "cases.tasks.priority_nightly_run",
        "cases.tasks.priority_sweep",
        "cases.tasks.draft_due_reg19_reports",
        "cases.tasks.intervention_flags_raise",
        "cases.tasks.action_reminders_send",
        "vetting.clearance_tasks.expire_and_remind",
        "vetting.tasks.screening_request_scheduled",
        "vetting.tasks.screening_sweep",
        "reporting.tasks.send_report_reminders",
        "counter_corruption.queue_tasks.cc_queue_nightly_run",
        "counter_corruption.queue_tasks.cc_queue_sweep",
        "integrity.tasks.business_interest_reviews_remind",
        "counter_corruption.links_tasks.link_analysis_nightly",
        "counter_corruption.links_tasks.link_sweep",
        "counter_corruption.monitoring_import_tasks.monitoring_import_sweep",
        "counter_corruption.monitoring_import_tasks.monitoring_drop_folder",
        "counter_corruption.monitoring_import_tasks.monitoring_retention",
        "counter_corruption.monitoring_rules_tasks.monitoring_rules_sweep",
        "governance.timeliness_tasks.timeliness_nightly",
        "governance.timeliness_tasks.timeliness_sweep",
        "governance.boardpack_tasks.board_pack_monthly",
        "governance.boardpack_tasks.board_pack_sweep",
        "notifications.tasks.email_send",
    }
)

# On-demand tasks -> the periodic sweeper that finds, from the database, work a lost message or a
# dead worker left behind and sends it again. Every on-demand task is enqueued only through the
# outbox (infra.outbox.enqueue), so nothing is lost while the broker is down either.
ON_DEMAND_TASKS = {
    "cases.tasks.rescore_case": "cases.tasks.priority_sweep",
    "cases.tasks.score_chunk": "cases.tasks.priority_sweep",
    "workforce.tasks.run_workforce_import": "workforce.tasks.sweep_workforce_imports",
    "oversight.tasks.refresh_disparities": "oversight.tasks.sweep_refreshes",
    "governance.return_tasks.return_summary_rebuild": "governance.return_tasks.return_summaries_refresh",
    "vetting.tasks.screening_start": "vetting.tasks.screening_sweep",
    "vetting.tasks.screening_chunk": "vetting.tasks.screening_sweep",
    "counter_corruption.links_tasks.link_chunk_check": "counter_corruption.links_tasks.link_sweep",
    "counter_corruption.queue_tasks.cc_queue_rescore": "counter_corruption.queue_tasks.cc_queue_sweep",
    "counter_corruption.queue_tasks.cc_queue_score_chunk": "counter_corruption.queue_tasks.cc_queue_sweep",
    "counter_corruption.monitoring_import_tasks.monitoring_import_start": (
        "counter_corruption.monitoring_import_tasks.monitoring_import_sweep"
    ),
    "counter_corruption.monitoring_import_tasks.monitoring_import_chunk": (
        "counter_corruption.monitoring_import_tasks.monitoring_import_sweep"
    ),
    "counter_corruption.monitoring_rules_tasks.monitoring_rules_chunk": (
        "counter_corruption.monitoring_rules_tasks.monitoring_rules_sweep"
    ),
    "governance.timeliness_tasks.timeliness_chunk": "governance.timeliness_tasks.timeliness_sweep",
    "governance.timeliness_tasks.timeliness_finish": "governance.timeliness_tasks.timeliness_sweep",
    "governance.boardpack_tasks.board_pack_generate": "governance.boardpack_tasks.board_pack_sweep",
}
