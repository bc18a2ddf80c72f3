from datetime import date

import pytest

from accounts.choices import Role
from counter_corruption.links import entity_resolve
from counter_corruption.models import IntelEntity, IntelLog, IntelSubject
from counter_corruption.references import next_intel_reference
from tests.factories import PersonFactory, UserFactory


def intel_log(*, subjects, entities, received_on=date(2026, 11, 2)) -> IntelLog:
    """A graded, sanitised log about ``subjects`` mentioning ``entities`` ((kind, raw, attributes))."""
    log = IntelLog.objects.create(
        reference=next_intel_reference(received_on.year),
        status="assessed",
        received_on=received_on,
        source_type="partner",
        source_evaluation="B",
        intelligence_assessment="2",
        handling_code="P",
        original_text="Synthetic original text",
        sanitised_text="Synthetic sanitised text",
    )
    for person in subjects:
        IntelSubject.objects.create(log=log, person=person)
    for kind, raw, attributes in entities:
        IntelEntity.objects.create(log=log, entity=entity_resolve(kind=kind, raw=raw, attributes=attributes))
    return log


@pytest.fixture
def member():
    return UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory())


@pytest.fixture
def cluster():
    """Two officers who are subjects of intelligence mentioning the same nominal."""
    first, second = PersonFactory(), PersonFactory()
    nominal = ("person", "Kieran Ashdown", {"date_of_birth": "1986-07-19"})
    intel_log(subjects=[first], entities=[nominal, ("phone", "07700 900461", {})])
    intel_log(subjects=[second], entities=[nominal])
    return {"first": first, "second": second}
