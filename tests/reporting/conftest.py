import re
import uuid

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _portal_state(settings, tmp_path):
    """Each test starts with no rate-limit counters (real Redis) and its own file store."""
    from reporting import ratelimit

    settings.MEDIA_ROOT = tmp_path / "media"
    ratelimit.reset_all()
    yield
    ratelimit.reset_all()


REPORT = {
    "what_happened": "PC Example takes cash from a club owner on Friday nights to ignore drug dealing.",
    "how_known": "saw",
    "when_happened": "Most Fridays since the summer",
    "where_happened": "Outside the Blue Lantern club, Mill Street",
    "people_described": "PC 4471 Example, response team at Central",
    "ongoing": "yes",
    "contact": "anonymous",
}


def submit(client: Client | None = None, address: str = "198.51.100.23", files=None, **fields):
    """Send a report the way the browser form does; returns (response, reference, receipt)."""
    client = client or Client()
    data = {**REPORT, "submission_token": str(uuid.uuid4()), **fields}
    if files:
        data["files"] = files
    response = client.post("/report/new/", data, REMOTE_ADDR=address)
    text = response.content.decode()
    reference = re.search(r'data-testid="reference">([^<]+)<', text)
    receipt = re.search(r'data-testid="receipt">([^<]+)<', text)
    return response, reference and reference.group(1), receipt and receipt.group(1)
