"""Demo: last month's board pack, made at once (no worker needed) so the demo has one to open."""

from __future__ import annotations

from datetime import date


def demo_board_pack_create(*, today: date) -> str:
    from governance.boardpack_services import board_pack_generate, board_pack_request, previous_month
    from governance.models import BoardPack

    month = previous_month(today)
    pack = BoardPack.objects.filter(month=month, status="ready").first()
    if pack is None:
        pack = board_pack_request(month=month, reason="Demo data")
        board_pack_generate(pack_id=pack.id, today=today)  # the queued message finds it made
        pack.refresh_from_db()
    return f"{month:%B %Y}, {pack.pages} pages"
