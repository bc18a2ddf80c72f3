"""The rules layer: which version of a rule applies to a matter, from its dates."""

from datetime import date

import pytest

from law.models import RuleVersion
from law.rules import MatterDates, RuleMissing, ensure_versions, is_in_force, version_for
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RULE = "test_rule"


@pytest.fixture
def rule():
    ensure_versions(
        [
            dict(rule=RULE, version="2020", title="Old", commences_on=date(2020, 2, 1), applies_by="conduct_date",
                 params={"weeks": 4}),
            dict(rule=RULE, version="2026", title="New", instrument="SI 2026/1", commences_on=date(2026, 7, 13),
                 applies_by="conduct_date", transitional="Conduct on or after 13 July 2026", params={"weeks": 12}),
            dict(rule=RULE, version="future", title="Made, not commenced", commences_on=None,
                 applies_by="event_date", params={"weeks": 99}),
        ]
    )  # fmt: skip


@pytest.mark.parametrize(
    "dates, expected",
    [
        (MatterDates(conduct_date=date(2026, 7, 12)), "2020"),  # the day before commencement
        (MatterDates(conduct_date=date(2026, 7, 13)), "2026"),  # the day it commences
        (MatterDates(conduct_date=date(2019, 1, 1)), "2020"),  # older than every version: the oldest
        # the conduct date decides even when the matter came to attention after commencement
        (MatterDates(conduct_date=date(2026, 6, 1), attention_date=date(2026, 8, 1)), "2020"),
        # no conduct date: judged by when the matter came to attention
        (MatterDates(attention_date=date(2026, 8, 1)), "2026"),
        (MatterDates(attention_date=date(2026, 1, 1)), "2020"),
    ],
)
def test_version_by_date(rule, dates, expected):
    assert version_for(RULE, dates).version == expected


def test_uncommenced_version_is_a_switch(rule):
    far = MatterDates(conduct_date=date(2030, 1, 1), event_date=date(2030, 1, 1))
    assert version_for(RULE, far).version == "2026"
    assert not is_in_force(RULE, "future", on=date(2030, 1, 1))
    RuleVersion.objects.filter(rule=RULE, version="future").update(commences_on=date(2029, 1, 1))
    assert version_for(RULE, far).version == "future"
    assert is_in_force(RULE, "future", on=date(2030, 1, 1))
    assert not is_in_force(RULE, "future", on=date(2028, 12, 31))


def test_seeding_never_overwrites_a_force_change(rule):
    RuleVersion.objects.filter(rule=RULE, version="2026").update(params={"weeks": 10})
    ensure_versions(
        [dict(rule=RULE, version="2026", title="New", commences_on=date(2026, 7, 13), params={"weeks": 12})]
    )
    assert RuleVersion.objects.get(rule=RULE, version="2026").params == {"weeks": 10}


def test_unknown_rule_fails_loudly():
    with pytest.raises(RuleMissing):
        version_for("no_such_rule", MatterDates())
    with pytest.raises(ValueError):
        ensure_versions([dict(rule=RULE, version="x", title="x", applies_by="typo")])


def test_rules_page_lists_every_version(rule, client):
    client = quick_sign_in(UserFactory(role="investigator"))
    page = client.get("/law/").content.decode()
    assert "SI 2026/1" in page and "13 July 2026" in page and "Not yet commenced" in page


def test_case_subject_dates(rule):
    from cases.models import Allegation, AllegationCategory
    from cases.rules import dates_for, rule_for
    from tests.factories import CaseFactory, PersonFactory

    case = CaseFactory(received_date=date(2026, 8, 3), subjects=[PersonFactory()])
    subject = case.case_subjects.first()
    dates = dates_for(subject)
    assert dates.attention_date == date(2026, 8, 3) and dates.conduct_date is None
    assert rule_for(subject, RULE).version == "2026"  # no conduct date: judged by attention date
    category = AllegationCategory.objects.first()
    Allegation.objects.create(case=case, subject=subject, category=category, description="x",
                              incident_date=date(2026, 7, 1))  # fmt: skip
    assert dates_for(subject).conduct_date == date(2026, 7, 1)
    assert rule_for(subject, RULE).version == "2020"
    subject.allegations.update(incident_date=date(2026, 7, 20))
    assert rule_for(subject, RULE).version == "2026"


def test_case_page_lists_the_rules_applying_to_each_subject(rule):
    from cases.models import Allegation, AllegationCategory
    from tests.factories import CaseFactory, PersonFactory

    old, new = PersonFactory(), PersonFactory()
    case = CaseFactory(received_date=date(2026, 8, 3), subjects=[old, new])
    category = AllegationCategory.objects.first()
    for person, when in ((old, date(2026, 6, 30)), (new, date(2026, 7, 20))):
        subject = case.case_subjects.get(person=person)
        Allegation.objects.create(case=case, subject=subject, category=category, description="x", incident_date=when)
    client = quick_sign_in(UserFactory(role="supervisor"))
    page = client.get(f"/cases/{case.reference}/").content.decode()
    blocks = page.split('data-testid="rules-applying"')
    assert len(blocks) == 3
    assert "Old" in blocks[1].split("</details>")[0] and "30 Jun 2026" in blocks[1]
    assert "SI 2026/1" in blocks[2].split("</details>")[0] and "20 Jul 2026" in blocks[2]


def test_a_rule_decided_by_the_step_date_is_judged_by_today_until_the_step_is_taken():
    ensure_versions(
        [
            dict(rule="step_rule", version="old", title="Old", commences_on=date(2020, 2, 1), applies_by="event_date"),
            dict(rule="step_rule", version="new", title="New", commences_on=date(2024, 5, 7), applies_by="event_date"),
        ]
    )
    # conduct long before commencement, step not yet taken: today's rules (not the conduct date's)
    assert version_for("step_rule", MatterDates(conduct_date=date(2023, 1, 1))).version == "new"
    # the step taken before commencement keeps the old rules
    assert (
        version_for("step_rule", MatterDates(conduct_date=date(2023, 1, 1), event_date=date(2024, 5, 6))).version
        == "old"
    )
