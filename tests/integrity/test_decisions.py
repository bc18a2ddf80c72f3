"""Approvers decide with reasons: conditions and refusals of business interests, every association
decision (with a risk assessment), a refused gift and a referral to vetting all need reasons."""

import pytest
from django.core.exceptions import ValidationError

from integrity.choices import EntryStatus
from integrity.services import entry_decide
from notifications.models import Notification

from .conftest import declare_association, declare_business, declare_change, declare_gift, staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("decision", ["conditions", "refused"])
def test_a_business_interest_approved_with_conditions_or_refused_needs_reasons(approver, decision):
    entry = declare_business(staff_user())
    with pytest.raises(ValidationError) as error:
        entry_decide(actor=approver, entry=entry, decision=decision, reasons="  ", conditions="No work in uniform")
    assert "reasons" in error.value.message_dict
    entry.refresh_from_db()
    assert entry.status == EntryStatus.AWAITING and entry.decision == ""


def test_approval_sets_the_annual_review_a_year_on_and_tells_the_declarer(approver):
    declarer = staff_user()
    entry = declare_business(declarer)
    decided = entry_decide(actor=approver, entry=entry, decision="approved")
    assert decided.status == EntryStatus.DECIDED and decided.review_on.year == decided.decided_on.year + 1
    note = Notification.objects.get(user=declarer)
    assert entry.reference in note.subject and "approved" in note.subject


def test_conditions_are_required_with_a_conditional_approval(approver):
    entry = declare_business(staff_user())
    with pytest.raises(ValidationError) as error:
        entry_decide(actor=approver, entry=entry, decision="conditions", reasons="Risk of overlap")
    assert set(error.value.message_dict) == {"conditions"}


def test_the_decision_page_shows_field_errors_for_a_refusal_without_reasons(signed_in, approver):
    entry = declare_business(staff_user())
    client = signed_in(approver)
    url = f"/integrity/business-interests/{entry.public_id}/decide/"
    response = client.post(url, {"decision": "refused", "reasons": ""})
    assert response.status_code == 200 and "reasons" in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    response = client.post(url, {"decision": "refused", "reasons": "Conflicts with a firearms licensing role."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.decision == "refused" and entry.decided_by == approver and entry.review_on is None


def test_an_association_decision_needs_a_risk_assessment_and_reasons(approver):
    entry = declare_association(staff_user())
    with pytest.raises(ValidationError) as error:
        entry_decide(actor=approver, entry=entry, decision="no_action")
    assert set(error.value.message_dict) == {"reasons", "risk_level", "risk_assessment"}
    decided = entry_decide(
        actor=approver, entry=entry, decision="refer_cc", reasons="Associate linked to supply of drugs",
        risk_level="high", risk_assessment="Regular contact; associate has recent convictions.",
    )  # fmt: skip
    assert decided.risk_level == "high" and decided.decision_label == "Referred to counter-corruption"


def test_a_refused_gift_needs_reasons_and_an_approval_does_not(approver):
    with pytest.raises(ValidationError):
        entry_decide(actor=approver, entry=declare_gift(staff_user()), decision="refused")
    assert entry_decide(actor=approver, entry=declare_gift(staff_user()), decision="approved").decision == "approved"


def test_a_referral_to_vetting_is_recorded_with_reasons(approver):
    entry = declare_change(staff_user())
    with pytest.raises(ValidationError):
        entry_decide(actor=approver, entry=entry, decision="referred_vetting")
    decided = entry_decide(actor=approver, entry=entry, decision="referred_vetting", reasons="Debt: vetting review")
    assert decided.vetting_referral_on == decided.decided_on


def test_an_entry_cannot_be_decided_twice(approver):
    entry = declare_business(staff_user())
    entry_decide(actor=approver, entry=entry, decision="approved")
    with pytest.raises(ValidationError) as error:
        entry_decide(actor=approver, entry=entry, decision="refused", reasons="Second thoughts")
    assert error.value.error_list[0].code == "conflict"


def test_an_unknown_decision_is_refused_by_field(approver):
    with pytest.raises(ValidationError) as error:
        entry_decide(actor=approver, entry=declare_change(staff_user()), decision="approved")
    assert "decision" in error.value.message_dict


@pytest.mark.parametrize("slug", ["business-interests", "associations", "gifts", "changes"])
def test_each_decision_page_shows_field_errors_for_an_empty_decision(signed_in, approver, slug):
    declare = {"business-interests": declare_business, "associations": declare_association,
               "gifts": declare_gift, "changes": declare_change}[slug]  # fmt: skip
    entry = declare(staff_user())
    client = signed_in(approver)
    url = f"/integrity/{slug}/{entry.public_id}/decide/"
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 200 and "decision" in response.context["form"].errors
    if slug == "associations":
        assert {"risk_level", "risk_assessment"} <= set(response.context["form"].errors)
    assert "There is a problem" in response.content.decode()
