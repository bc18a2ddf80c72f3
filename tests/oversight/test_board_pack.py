"""The board-pack PDF puts every data value into reportlab's paragraph markup escaped: a unit
named with markup prints as text, never as a live link or an image (which gave a 500)."""

import io
from datetime import date

import pypdf
import pytest

from oversight.models import DisparityRefresh
from tests.conftest import quick_sign_in
from tests.factories import CommandFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        '<a href="https://evil.example/">Click</a> & Co',
        '<img src="/etc/passwd" width="10" height="10"/>Unit',
        "<b>bold</b> <font color=red>unit</font>",
    ],
)
def test_a_unit_name_with_markup_prints_as_text_in_the_board_pack(name):
    DisparityRefresh.objects.create(
        data_cutoff=date(2026, 10, 31), method_version="test", rule={}, status="complete", trigger="command"
    )
    unit = UnitFactory(name=name, parent=CommandFactory(name=f"{name} command"))
    client = quick_sign_in(UserFactory(role="analyst"))
    for level, obj in (("unit", unit), ("command", unit.parent)):
        response = client.get("/disparities/export.pdf", {"unit": f"{level}:{obj.public_id}"})
        assert response.status_code == 200
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        text = "".join(page.extract_text() for page in reader.pages)
        assert obj.name.replace(" ", "") in text.replace(" ", "").replace("\n", "")
        for page in reader.pages:
            assert "/Annots" not in page  # no live link
            assert not page.images  # no image pulled in
