"""Asking for a pack, the task that makes it (through the outbox's recorded message), the monthly
schedule, the sweeper and the command."""

from datetime import date, timedelta

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from governance.boardpack_services import GENERATE_TASK, board_pack_request
from governance.models import BoardPack
from infra.models import OutboxMessage
from misconduct.celery import app

pytestmark = pytest.mark.django_db


def _run_outbox(task: str) -> list:
    """Run the messages the outbox holds for `task` as a worker would: by name, with their arguments."""
    app.loader.import_default_modules()
    results = []
    for message in OutboxMessage.objects.filter(task=task).order_by("id"):
        results.append(app.tasks[message.task].apply(args=message.args, kwargs=message.kwargs).get())
    OutboxMessage.objects.filter(task=task).delete()
    return results


def test_a_request_is_made_by_the_task_once_and_a_second_delivery_does_nothing():
    pack = board_pack_request(month=date(2026, 11, 17), reason="For the December board")
    assert pack.month == date(2026, 11, 1) and pack.status == "pending"
    message = OutboxMessage.objects.get(task=GENERATE_TASK)
    assert message.args == [pack.id]
    app.loader.import_default_modules()
    assert app.tasks[GENERATE_TASK].apply(args=[pack.id]).get() == str(pack.public_id)
    assert app.tasks[GENERATE_TASK].apply(args=[pack.id]).get() == "nothing to do"
    pack.refresh_from_db()
    assert pack.status == "ready" and pack.pages >= 5 and len(pack.sha256) == 64
    assert len(pypdf.PdfReader(__import__("io").BytesIO(bytes(pack.pdf))).pages) == pack.pages


def test_regenerating_replaces_the_pdf_and_the_history_keeps_each_version():
    pack = board_pack_request(month=date(2026, 11, 1), reason="First")
    _run_outbox(GENERATE_TASK)
    first = BoardPack.objects.get(id=pack.id).sha256
    again = board_pack_request(month=date(2026, 11, 1), reason="Corrected data")
    assert again.id == pack.id and again.status == "pending"
    assert board_pack_request(month=date(2026, 11, 1), reason="Twice") .id == pack.id  # fmt: skip
    assert OutboxMessage.objects.filter(task=GENERATE_TASK).count() == 1  # asking while pending adds nothing
    _run_outbox(GENERATE_TASK)
    assert BoardPack.objects.count() == 1
    events = BoardPack.pgh_event_model.objects.filter(pgh_obj_id=pack.id)
    reasons = {e.reason for e in events}
    assert {"First", "Corrected data"} <= reasons
    assert first in {e.sha256 for e in events}


def test_the_monthly_task_asks_for_the_month_just_ended_once():
    app.loader.import_default_modules()
    monthly = app.tasks["governance.boardpack_tasks.board_pack_monthly"]
    monthly.apply().get()
    expected = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    assert list(BoardPack.objects.values_list("month", flat=True)) == [expected]
    assert monthly.apply().get() == "already asked for"
    _run_outbox(GENERATE_TASK)
    assert monthly.apply().get() == "already asked for"  # made after the month ended
    assert BoardPack.objects.get().status == "ready"


def test_the_sweeper_sends_again_a_pack_whose_message_was_lost():
    pack = board_pack_request(month=date(2026, 10, 1), reason="Lost")
    app.loader.import_default_modules()
    sweep = app.tasks["governance.boardpack_tasks.board_pack_sweep"]
    assert sweep.apply().get() == 0  # just asked for: left alone
    OutboxMessage.objects.filter(task=GENERATE_TASK).update(sent_at=timezone.now() - timedelta(hours=1))
    BoardPack.objects.filter(id=pack.id).update(requested_at=timezone.now() - timedelta(hours=1))
    assert sweep.apply().get() == 1
    assert OutboxMessage.objects.filter(task=GENERATE_TASK, sent_at__isnull=True, args=[pack.id]).count() == 1


def test_the_command_writes_the_pack(tmp_path):
    out = tmp_path / "pack.pdf"
    call_command("board_pack", "--month", "2026-11", str(out))
    assert pypdf.PdfReader(out).pages


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2026/11", "november", "2026-1"])
def test_the_command_refuses_a_bad_month(tmp_path, month):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("board_pack", "--month", month, str(tmp_path / "pack.pdf"))
