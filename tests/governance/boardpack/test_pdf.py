"""The pack is a real PDF: every section's heading, the four charts with their axis titles, page
numbers; and no subject's or searcher's name anywhere in it."""

import io
from datetime import timedelta

import pypdf
import pytest

from governance.boardpack import board_pack_pdf
from governance.timeliness import timeliness_refresh_now
from tests.governance.boardpack import world
from tests.governance.boardpack.world import MONTH, SUBJECT_SURNAME, TODAY

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_pack_has_every_section_and_chart_and_names_nobody():
    world.open_cases(4, received=TODAY - timedelta(days=200), stage="under_investigation")
    world.open_cases(2, received=TODAY - timedelta(days=20))
    world.clearances()
    world.hits(review=1, information=1)
    world.alerts()
    world.refresh_with_flags()
    timeliness_refresh_now(reason="the board pack's figures", as_of=TODAY)  # the nightly run's figures

    pdf, pages = board_pack_pdf(month=MONTH, today=TODAY)

    assert pdf.startswith(b"%PDF-")
    text, counted = _text(pdf)
    assert pages == counted >= 5
    for heading in ("Professional standards board pack: November 2026", "Timeliness", "The queue", "Disparity flags", "Vetting backlog", "Monitoring alerts"):  # fmt: skip
        assert heading in text, heading
    for chart in (
        "Chart 1. Time in stage",
        "Chart 2. Ageing of open matters",
        "Chart 3. Open matters by stage",
        "Chart 4. Open monitoring alerts by rule and age",
    ):
        assert chart in text, chart
    # Chart 1 has data only where stages finished (none here): its axes are checked in test_charts
    for axis in ("Age since received", "Open matters", "Open alerts"):
        assert axis in text, axis
    assert f"Page {pages}" in text
    assert "[c]" in text  # the command's suppressed count
    assert SUBJECT_SURNAME not in text.upper()
    assert SUBJECT_SURNAME.encode() not in pdf


def test_an_empty_force_still_gives_a_readable_pack():
    pdf, pages = board_pack_pdf(month=MONTH, today=TODAY)
    text, counted = _text(pdf)
    assert pages == counted
    assert "No disparity refresh has completed yet." in text
    assert "Nothing to show for this period." in text


def test_a_chart_has_its_title_both_axis_titles_a_legend_and_greys_only():
    from reportlab.graphics import renderPDF
    from reportlab.lib import colors

    from governance.boardpack import GREYS, bar_chart

    drawing = bar_chart(
        title="Chart 1. Time in stage",
        categories=["Severity assessment", "Investigation"],
        series=[[12, 180], [30, None]],
        names=["Median", "90th percentile"],
        value_axis="Days in stage",
        category_axis="Stage",
        horizontal=True,
    )
    text, _pages = _text(renderPDF.drawToString(drawing))
    for words in ("Chart 1. Time in stage", "Days in stage", "(Stage)", "Median", "90th percentile", "180"):
        assert words in text, words
    for grey in GREYS:  # greyscale: red, green and blue equal
        assert grey.red == grey.green == grey.blue
    assert colors.black not in GREYS
