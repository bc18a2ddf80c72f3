"""The declarer's answer to the annual review of an approved business interest: only the declarer,
only while the review is due (within the answer window, or past), once per review; "something has
changed" needs the detail. The answer puts the entry before an approver, who sees what was said."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integrity.choices import EntryStatus, ReviewAnswer
from integrity.models import REVIEW_ANSWER_WINDOW, BusinessInterest
from integrity.selectors import answered_reviews_decidable_by, own_reviews_to_answer
from integrity.services import entry_decide, review_answer, review_reminders_send

from .conftest import declare_business, staff_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


def _approved(approver, declarer, *, review_in_days: int, decision="approved"):
    """An approved business interest whose annual review is ``review_in_days`` from TODAY."""
    decided_on = TODAY + timedelta(days=review_in_days) - timedelta(days=365)
    reasons = "Outside working hours only." if decision == "conditions" else ""
    entry = entry_decide(
        actor=approver, entry=declare_business(declarer), decision=decision, reasons=reasons,
        conditions="Not in working hours." if decision == "conditions" else "", decided_on=decided_on,
    )  # fmt: skip
    assert entry.review_on == TODAY + timedelta(days=review_in_days)
    return entry


def _answer(user, entry, changed=False, detail="", today=TODAY):
    return review_answer(actor=user, entry=entry, changed=changed, detail=detail, today=today)


# ------------------------------------------------------------------ the service


def test_the_declarer_answers_nothing_has_changed_and_the_review_goes_to_an_approver(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=10)
    answered = _answer(declarer, entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REVIEW_DUE
    assert entry.review_answer == ReviewAnswer.NO_CHANGE and entry.review_answer_detail == ""
    assert entry.review_answered_on == TODAY and entry.review_answered_for == entry.review_on
    assert answered.review_answered
    assert list(answered_reviews_decidable_by(user=approver)) == [entry]
    event = entry.events.order_by("pgh_id").last()
    assert event.pgh_context.metadata["reason"] == "annual review answered"
    assert event.pgh_context.metadata["user"] == declarer.id


def test_something_has_changed_needs_the_detail(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=-3, decision="conditions")
    with pytest.raises(ValidationError) as refused:
        _answer(declarer, entry, changed=True, detail="   ")
    assert refused.value.message_dict == {"detail": ["Say what has changed."]}
    _answer(declarer, entry, changed=True, detail="I now work 6 hours a week for them.")
    entry.refresh_from_db()
    assert entry.review_answer == ReviewAnswer.CHANGED
    assert entry.review_answer_detail == "I now work 6 hours a week for them."


def test_only_the_declarer_may_answer(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=5)
    for someone_else in (staff_user(), approver):
        with pytest.raises(ValidationError, match="your own business interests"):
            _answer(someone_else, entry)
    entry.refresh_from_db()
    assert entry.review_answer == "" and entry.status == EntryStatus.DECIDED


def test_a_review_can_be_answered_only_within_the_window_or_after_its_date(approver):
    declarer = staff_user()
    window = REVIEW_ANSWER_WINDOW.days
    too_early = _approved(approver, declarer, review_in_days=window + 1)
    with pytest.raises(ValidationError, match="no annual review for you to answer"):
        _answer(declarer, too_early)
    _answer(declarer, _approved(approver, declarer, review_in_days=window))
    _answer(declarer, _approved(approver, declarer, review_in_days=-60))


def test_refused_and_undecided_interests_have_no_review_to_answer(approver):
    declarer = staff_user()
    refused = entry_decide(actor=approver, entry=declare_business(declarer), decision="refused", reasons="Conflict")
    undecided = declare_business(declarer)
    for entry in (refused, undecided):
        with pytest.raises(ValidationError, match="no annual review"):
            _answer(declarer, entry, today=TODAY + timedelta(days=800))


def test_a_second_answer_to_the_same_review_is_refused_as_a_conflict(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=2)
    _answer(declarer, entry)
    with pytest.raises(ValidationError) as refused:
        _answer(declarer, entry, changed=True, detail="Changed my mind")
    assert refused.value.code == "conflict"
    entry.refresh_from_db()
    assert entry.review_answer == ReviewAnswer.NO_CHANGE


def test_the_next_years_review_needs_a_new_answer(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=1)
    _answer(declarer, entry)
    entry.refresh_from_db()
    decided = entry_decide(actor=approver, entry=entry, decision="approved", decided_on=TODAY)
    assert decided.review_on == TODAY + timedelta(days=365) and not decided.review_answered
    next_year = TODAY + timedelta(days=360)
    assert list(own_reviews_to_answer(user=declarer, today=next_year)) == [decided]
    _answer(declarer, decided, today=next_year)
    assert not own_reviews_to_answer(user=declarer, today=next_year).exists()


def test_a_review_answered_before_its_date_is_not_reminded(approver):
    declarer = staff_user()
    answered = _approved(approver, declarer, review_in_days=5)
    _approved(approver, declarer, review_in_days=5)  # not answered: reminded
    _answer(declarer, answered)
    assert review_reminders_send(today=TODAY + timedelta(days=5)) == 1
    assert not answered.reminders.exists()


# ------------------------------------------------------------------ the pages


def _review_url(entry):
    return reverse("integrity:review", args=["business-interests", entry.public_id])


def test_my_declarations_links_a_due_review_to_its_answer_page(signed_in, approver):
    declarer = staff_user()
    due = _approved(approver, declarer, review_in_days=(date.today() - TODAY).days + 3)
    later = _approved(approver, declarer, review_in_days=(date.today() - TODAY).days + 200)
    page = signed_in(declarer).get(reverse("integrity:mine")).content.decode()
    assert page.count("Answer the annual review") == 1
    assert _review_url(due) in page and _review_url(later) not in page


def test_the_declarer_answers_on_the_page_and_the_approver_sees_the_answer(signed_in, approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=(date.today() - TODAY).days + 7)
    client = signed_in(declarer)
    form = client.get(_review_url(entry))
    assert form.status_code == 200 and "Nothing has changed" in form.content.decode()
    response = client.post(
        _review_url(entry), {"answer": "changed", "detail": "The shop now sells to the force canteen."}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("integrity:mine")
    assert "sent to the integrity approver" in response.content.decode()
    assert "Answer the annual review" not in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REVIEW_DUE and entry.review_answer == ReviewAnswer.CHANGED
    reviewer = signed_in(approver)
    for name in ("integrity:entry", "integrity:decide"):
        page = reviewer.get(reverse(name, args=["business-interests", entry.public_id])).content.decode()
        assert "The declarer's answer to the annual review" in page
        assert "Something has changed" in page and "force canteen" in page
    # answered: the page sends the declarer back, it does not take a second answer
    again = client.get(_review_url(entry))
    assert again.status_code == 302 and again.url == reverse("integrity:mine")
    # the approver's register opens on what waits for a decision: the answered review is there,
    # and counted on its tab; an unanswered review due is not
    waiting = _approved(approver, staff_user(), review_in_days=(date.today() - TODAY).days + 7)
    registers = reviewer.get(reverse("integrity:registers")).content.decode()
    assert entry.reference in registers and waiting.reference not in registers
    assert "Business interests (1)" in " ".join(registers.split())


def test_bad_input_answers_400_with_the_field_errors(signed_in, approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=(date.today() - TODAY).days)
    client = signed_in(declarer)
    for data, field, message in (
        ({}, "answer", "Choose whether anything has changed."),
        ({"answer": "changed", "detail": ""}, "detail", "Say what has changed."),
        ({"answer": "perhaps"}, "answer", "Select a valid choice."),
    ):
        response = client.post(_review_url(entry), data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page and f'id="{field}-error"' in page and message in page
    entry.refresh_from_db()
    assert entry.review_answer == "" and entry.status == EntryStatus.DECIDED


def test_another_persons_entry_is_404_and_other_registers_too(signed_in, approver):
    from .conftest import declare_gift

    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=(date.today() - TODAY).days)
    for user in (staff_user(), approver):
        assert signed_in(user).get(_review_url(entry)).status_code == 404
        assert signed_in(user).post(_review_url(entry), {"answer": "no_change"}).status_code == 404
    gift = declare_gift(declarer)
    assert signed_in(declarer).get(reverse("integrity:review", args=["gifts", gift.public_id])).status_code == 404
    assert BusinessInterest.objects.get(pk=entry.pk).review_answer == ""


def test_a_review_not_yet_due_sends_the_declarer_back_with_a_message(signed_in, approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, review_in_days=(date.today() - TODAY).days + 100)
    response = signed_in(declarer).post(_review_url(entry), {"answer": "no_change"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("integrity:mine")
    assert "no annual review for you to answer now" in response.content.decode()
    entry.refresh_from_db()
    assert entry.review_answer == ""
