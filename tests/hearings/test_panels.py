"""Hearing panels (issue 13 item 2): the 2020 composition for matters referred before 7 May 2024, the
SI 2024/521 composition from then; refusals with reasons on the page and in the API; majority votes."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from audit.models import AccessEvent
from cases import services
from cases.models import CaseSubject, StageTransition
from hearings import panels
from hearings import services as hearings
from hearings.models import HearingPanel, PanelSeat, PanelVote, ProceedingOutcome
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PCC = "Police and Crime Commissioner for the Demonstration area"
OLD, NEW = date(2024, 3, 1), date(2024, 6, 3)  # dates of the notice of referral either side of 7 May 2024


def referred(
    people, matter, *, forum="hearing", received=date(2024, 1, 8), referred_on=OLD, person=None, schedule=True
):
    """A subject referred to a hearing on `referred_on`, the hearing scheduled with time and venue."""
    case, subject = matter(received=received, person=person or PersonFactory(rank_or_grade="PC"))
    aa, inv = people["authority"], people["investigator"]
    services.severity_assess(
        actor=aa, subject=subject, severity="gross_misconduct", likely_forum=forum, rationale="Serious",
        assessed_on=received,
    )  # fmt: skip
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
    subject = CaseSubject.objects.get(pk=subject.pk)
    services.reg17_notice_serve(actor=inv, subject=subject, served_on=received)
    services.investigation_report_submit(actor=inv, case=case, summary="Findings", proceed_reason="Ready")
    subject = CaseSubject.objects.get(pk=subject.pk)
    services.case_to_answer_decide(
        actor=aa, subject=subject, case_to_answer=True, route=forum, rationale="Yes", decided_on=referred_on
    )
    subject = CaseSubject.objects.get(pk=subject.pk)
    if not schedule:
        return case, subject, None
    proceeding = hearings.proceeding_schedule(
        actor=people["hearings"],
        subject=subject,
        scheduled_for=date(2026, 11, 24),
        scheduled_time=time(10, 30),
        venue="Hearing Room 2, Headquarters",
        panel=[("chair", "To be confirmed")],
    )
    return case, subject, proceeding


def seat(role, name, **extra):
    row = {
        "role": role,
        "name": name,
        "appointed_by": PCC if role != "chair" else "Chief Constable",
        "appointed_on": date(2026, 10, 1),
        "conflict_declared_on": date(2026, 10, 2),
    }
    row.update(extra)
    return row


PANEL_2020 = [
    seat("chair", "Ms Lena Hart", chair_basis="legally_qualified_chair", appointed_by=PCC),
    seat("police_member", "Supt Owen Price", rank="SUPT", appointed_by="Chief Constable"),
    seat("independent_member", "Mr Sam Yeo"),
]
PANEL_2024 = [
    seat("chair", "ACC Rhona Baird", chair_basis="senior_officer", rank="ACC"),
    seat("independent_member", "Dr Priya Nand", qualified=True, qualification="Former employment judge"),
    seat("independent_member", "Mr Tom Reece"),
    seat("legally_qualified_adviser", "Ms Carla Voss", appointed_by=PCC),
]
DELEGATION = {"delegated_by": "Chief Constable J. Marsh", "delegated_on": date(2026, 9, 30)}


def build(people, proceeding, seats, referred_on, **facts):
    return panels.panel_build(
        actor=people["hearings"],
        proceeding=proceeding,
        panel={"referred_on": referred_on, **DELEGATION, **facts},
        seats=seats,
    )


@pytest.mark.parametrize(
    "referred_on,version,good,bad",
    [(OLD, "2020", PANEL_2020, PANEL_2024), (NEW, "si-2024-521", PANEL_2024, PANEL_2020)],
    ids=["referred-before-7-May-2024", "referred-on-or-after-7-May-2024"],
)
def test_each_matter_gets_the_panel_rules_of_its_date_of_referral(people, matter, referred_on, version, good, bad):
    _case, _subject, proceeding = referred(people, matter, referred_on=referred_on)
    with pytest.raises(ValidationError) as refused:
        build(people, proceeding, bad, referred_on)
    assert any("has no" in m or "the chair of a hearing is" in m for m in refused.value.messages), refused.value
    assert not HearingPanel.objects.exists()
    panel = build(people, proceeding, good, referred_on)
    assert panel.status == "complete" and panel.rule_version.version == version
    assert panel.seats.count() == len(good)
    assert StageTransition.objects.filter(event="panel_completed", subject=proceeding.subject).exists()


def test_the_date_of_referral_decides_not_the_date_of_the_conduct(people, matter):
    """Conduct and attention before 7 May 2024, referral after: the 2024 panel applies."""
    _case, _subject, proceeding = referred(people, matter, received=date(2024, 2, 1), referred_on=NEW)
    assert panels.referral_date(proceeding.subject) == NEW
    assert panels.panel_rule(proceeding.subject, NEW).version == "si-2024-521"


def _refusal(people, proceeding, seats, referred_on=NEW, **facts):
    with pytest.raises(ValidationError) as refused:
        build(people, proceeding, seats, referred_on, **facts)
    return " ".join(refused.value.messages)


def test_the_person_who_certified_an_accelerated_hearing_cannot_chair_it(people, matter):
    _c, _s, proceeding = referred(people, matter, forum="accelerated_hearing", referred_on=NEW)
    chair = seat("chair", "ACC Rhona Baird", chair_basis="senior_officer", rank="ACC")
    reasons = _refusal(people, proceeding, [chair], certified_by="acc rhona  baird", certified_on=NEW)
    assert "certified the case for an accelerated hearing" in reasons
    with pytest.raises(ValidationError) as refused:  # and who certified must be recorded
        build(people, proceeding, [chair], NEW)
    assert "certified_by" in refused.value.message_dict
    panel = build(people, proceeding, [chair], NEW, certified_by="DCC Ian Holt", certified_on=NEW)
    assert panel.status == "complete"


def test_police_staff_cannot_chair_a_case_mainly_about_operational_policing(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW)
    staff = seat("chair", "Ms Joan Ellis", chair_basis="police_staff", rank="G")
    reasons = _refusal(people, proceeding, [staff, *PANEL_2024[1:]], operational_policing=True)
    assert "operational policing" in reasons
    panel = build(people, proceeding, [staff, *PANEL_2024[1:]], NEW, operational_policing=False)
    assert panel.status == "complete"


def test_a_former_senior_officer_who_left_more_than_5_years_before_the_delegation_cannot_chair(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW)
    former = seat("chair", "Mr Rob Kane", chair_basis="former_senior_officer", rank="DCC")
    reasons = _refusal(people, proceeding, [{**former, "left_senior_service_on": date(2021, 9, 1)}, *PANEL_2024[1:]])
    assert "more than 5 years before the delegation" in reasons
    panel = build(people, proceeding, [{**former, "left_senior_service_on": date(2022, 1, 1)}, *PANEL_2024[1:]], NEW)
    assert panel.seats.get(role="chair").chair_basis == "former_senior_officer"


def test_a_panel_without_a_qualified_independent_member_is_refused(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW)
    unqualified = [PANEL_2024[0], seat("independent_member", "Dr Priya Nand"), *PANEL_2024[2:]]
    assert "none is recorded as qualified" in _refusal(people, proceeding, unqualified)
    no_qualification_given = [
        PANEL_2024[0],
        seat("independent_member", "Dr Priya Nand", qualified=True),
        *PANEL_2024[2:],
    ]
    assert "Record the relevant qualifications" in _refusal(people, proceeding, no_qualification_given)


def test_a_senior_officer_subject_is_not_chaired_from_their_own_force(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW, person=PersonFactory(rank_or_grade="ACC"))
    same_force = seat("chair", "DCC Nia Shaw", chair_basis="senior_officer", rank="DCC")
    assert "a more senior officer from another force chairs" in _refusal(
        people, proceeding, [same_force, *PANEL_2024[1:]]
    )
    own = seat(
        "chair",
        "DCC Nia Shaw",
        chair_basis="other_force_senior_officer",
        rank="DCC",
        force="Demonstration Police Service",
    )
    assert "must come from another force" in _refusal(people, proceeding, [own, *PANEL_2024[1:]])
    junior = seat(
        "chair", "ACC Ken Lowe", chair_basis="other_force_senior_officer", rank="ACC", force="Northshire Police"
    )
    assert "more senior than the officer concerned" in _refusal(people, proceeding, [junior, *PANEL_2024[1:]])
    other = seat(
        "chair", "DCC Nia Shaw", chair_basis="other_force_senior_officer", rank="DCC", force="Northshire Police"
    )
    assert build(people, proceeding, [other, *PANEL_2024[1:]], NEW).status == "complete"


def test_a_chief_constable_subject_is_chaired_by_an_hm_inspector(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW, person=PersonFactory(rank_or_grade="CC"))
    other = seat(
        "chair", "CC Nia Shaw", chair_basis="other_force_senior_officer", rank="COMMISSIONER", force="Northshire Police"
    )
    assert "HM Inspector chairs" in _refusal(people, proceeding, [other, *PANEL_2024[1:]])
    hmi = seat("chair", "Sir Alan Grey", chair_basis="hm_inspector", force="HMICFRS")
    assert build(people, proceeding, [hmi, *PANEL_2024[1:]], NEW).status == "complete"


def test_a_member_who_declared_a_conflict_cannot_sit_and_the_check_is_required(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW)
    conflicted = [
        *PANEL_2024[:2],
        seat("independent_member", "Mr Tom Reece", conflict_declared=True, conflict_details="Knows the officer"),
        PANEL_2024[3],
    ]
    assert "declared a conflict of interest" in _refusal(people, proceeding, conflicted)
    unchecked = [*PANEL_2024[:2], {**PANEL_2024[2], "conflict_declared_on": None}, PANEL_2024[3]]
    assert "conflict check" in _refusal(people, proceeding, unchecked)


def test_a_delegated_chair_needs_the_delegation_recorded(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW)
    with pytest.raises(ValidationError) as refused:
        panels.panel_build(
            actor=people["hearings"], proceeding=proceeding, panel={"referred_on": NEW}, seats=PANEL_2024
        )
    assert "Record the chief officer's delegation" in " ".join(refused.value.messages)


def _decide(people, panel, votes, reasons="The panel's reasons"):
    seats = {s.name: str(s.public_id) for s in panel.seats.all()}
    return panels.panel_decision_record(
        actor=people["hearings"],
        panel=panel,
        votes={seats[name]: {"finding": f, "outcome": o} for name, (f, o) in votes.items()},
        reasons=reasons,
        decided_on=date(2026, 11, 25),
    )


def test_a_majority_decision_is_accepted_and_shows_the_vote(people, matter):
    case, _s, proceeding = referred(people, matter, referred_on=NEW)
    panel = build(people, proceeding, PANEL_2024, NEW)
    panels.panel_advice_record(
        actor=people["hearings"],
        panel=panel,
        given_on=date(2026, 11, 24),
        advice="The standard of proof is the balance of probabilities.",
    )
    gm = "gross_misconduct"
    result = _decide(
        people,
        panel,
        {
            "ACC Rhona Baird": (gm, "dismissal_without_notice"),
            "Dr Priya Nand": (gm, "dismissal_without_notice"),
            "Mr Tom Reece": (gm, "final_written_warning"),
        },
    )
    assert (result.finding, result.outcome) == (gm, "dismissal_without_notice")
    assert PanelVote.objects.filter(outcome=result).count() == 3  # the adviser does not vote
    assert panels.vote_summary(result) == "Finding 3–0, outcome 2–1 (by majority)"
    client = quick_sign_in(people["hearings"])
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "outcome 2–1 (by majority)" in page and "Dr Priya Nand" in page and "Former employment judge" in page
    assert "SI 2024/521" in page and "24 Nov 2026 at 10:30, Hearing Room 2, Headquarters" in page
    assert "balance of probabilities" in page


def test_no_majority_is_refused(people, matter):
    _c, _s, proceeding = referred(people, matter, referred_on=NEW)
    panel = build(people, proceeding, PANEL_2024, NEW)
    gm = "gross_misconduct"
    with pytest.raises(ValidationError) as refused:
        _decide(
            people,
            panel,
            {
                "ACC Rhona Baird": (gm, "dismissal_without_notice"),
                "Dr Priya Nand": (gm, "reduction_in_rank"),
                "Mr Tom Reece": (gm, "final_written_warning"),
            },
        )
    assert "No majority for an outcome" in refused.value.message_dict["votes"][0]
    assert not ProceedingOutcome.objects.exists()


# ------------------------------------------------------------------ API


def _api_panel(case, proceeding, seats, referred_on=NEW, **facts):
    def jsonable(row):
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}

    return {
        "case": case.reference,
        "proceeding": str(proceeding.public_id),
        "referred_on": referred_on.isoformat(),
        **jsonable({**DELEGATION, **facts}),
        "seats": [jsonable(s) for s in seats],
    }


def test_api_refuses_an_illegal_panel_with_400_and_reasons(people, matter):
    case, _s, proceeding = referred(people, matter, referred_on=NEW)
    client = quick_sign_in(people["hearings"])
    staff = seat("chair", "Ms Joan Ellis", chair_basis="police_staff", rank="G")
    response = client.post(
        "/api/hearings/panels/",
        _api_panel(case, proceeding, [staff, *PANEL_2024[1:]], operational_policing=True),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "operational policing" in response.json()["seats[0].chair_basis"][0]
    response = client.post(
        "/api/hearings/panels/", _api_panel(case, proceeding, PANEL_2024[:2]), content_type="application/json"
    )
    assert response.status_code == 400 and any("2 independent panel members" in m for m in response.json()["panel"])
    assert not HearingPanel.objects.exists()
    garbage = client.post("/api/hearings/panels/", {"seats": "x"}, content_type="application/json")
    assert garbage.status_code == 400


def test_api_builds_a_panel_adds_members_one_by_one_and_records_a_decision(people, matter):
    case, _s, proceeding = referred(people, matter, referred_on=OLD)
    client = quick_sign_in(people["hearings"])
    response = client.post(
        "/api/hearings/panels/",
        {**_api_panel(case, proceeding, PANEL_2020[:1], referred_on=OLD), "complete": False},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["rule_version"]["version"] == "2020" and body["status"] == "draft"
    assert body["problems"]  # still lacks its police and independent members
    url = f"/api/hearings/panels/{proceeding.public_id}/"
    lqa = {**PANEL_2024[3], "appointed_on": "2026-10-01", "conflict_declared_on": "2026-10-02"}
    refused = client.post(url + "members/", lqa, content_type="application/json")
    assert refused.status_code == 400 and "has no legally qualified person" in refused.json()["role"][0]
    incomplete = client.post(url + "complete/", content_type="application/json")
    assert incomplete.status_code == 400 and incomplete.json()["panel"]
    for member in PANEL_2020[1:]:
        row = {**member, "appointed_on": "2026-10-01", "conflict_declared_on": "2026-10-02"}
        assert client.post(url + "members/", row, content_type="application/json").status_code == 200
    assert client.post(url + "complete/", content_type="application/json").status_code == 200
    ids = {s["name"]: s["id"] for s in client.get(url).json()["seats"]}
    votes = [{"member": ids[n], "finding": "gross_misconduct", "outcome": "dismissal_without_notice"} for n in ids]
    decided = client.post(
        url + "decision/",
        {"votes": votes, "reasons": "Proven", "decided_on": "2026-11-25"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and len(decided.json()["votes"]) == 3
    assert ProceedingOutcome.objects.get(proceeding=proceeding).outcome == "dismissal_without_notice"
    reader = quick_sign_in(people["investigator"])
    assert reader.post(url + "complete/", content_type="application/json").status_code == 404
    assert reader.get(url).status_code == 200
    assert AccessEvent.objects.filter(actor=people["investigator"], object_label=case.reference).exists()


# ------------------------------------------------------------------ pages


def test_pages_refuse_a_member_on_the_field_and_show_the_panel(people, matter):
    case, _s, proceeding = referred(people, matter, referred_on=NEW)
    client = quick_sign_in(people["hearings"])
    base = f"/cases/{case.reference}/hearings/{proceeding.public_id}/panel/"
    shown = client.get(base)
    assert shown.status_code == 200 and b"SI 2024/521" in shown.content  # the rules that would apply
    opened = client.post(
        base + "open/",
        {"referred_on": "2024-06-03", "delegated_by": "Chief Constable J. Marsh", "delegated_on": "2026-09-30"},
    )
    assert opened.status_code == 302
    form = {
        "role": "chair", "name": "Ms Joan Ellis", "chair_basis": "legally_qualified_chair", "appointed_by": PCC,
        "appointed_on": "2026-10-01", "conflict_declared_on": "2026-10-02",
    }  # fmt: skip
    refused = client.post(base + "members/new/", form)
    assert refused.status_code == 400 and b"Chair: the basis on which they sit" in refused.content
    assert not PanelSeat.objects.exists()
    added = client.post(
        base + "members/new/", {**form, "name": "ACC Rhona Baird", "chair_basis": "senior_officer", "rank": "ACC"}
    )
    assert added.status_code == 302
    client.post(base + "complete/")
    page = client.get(base).content.decode()
    assert "The panel needs 2 independent panel members" in page and "ACC Rhona Baird" in page
    assert client.get(base + "complete/").status_code == 405
    assert quick_sign_in(people["investigator"]).get(base + "members/new/").status_code == 404


def test_a_member_is_taken_off_a_draft_panel_with_a_reason_but_not_off_a_complete_one(people, matter):
    case, _s, proceeding = referred(people, matter, referred_on=NEW)
    panel = build(people, proceeding, PANEL_2024, NEW)
    client = quick_sign_in(people["hearings"])
    adviser = panel.seats.get(role="legally_qualified_adviser")
    url = f"/cases/{case.reference}/hearings/{proceeding.public_id}/panel/members/{adviser.public_id}/remove/"
    client.post(url, {"reason": "Unavailable"})
    assert panel.seats.filter(pk=adviser.pk).exists()  # complete: cannot be changed
    panel.status = "draft"
    panel.save()
    assert client.post(url, {"reason": ""}).status_code == 302 and panel.seats.filter(pk=adviser.pk).exists()
    client.post(url, {"reason": "Unavailable on the day"})
    assert not panel.seats.filter(pk=adviser.pk).exists()
    assert StageTransition.objects.filter(
        event="panel_member_removed", reason__contains="Unavailable on the day"
    ).exists()


def test_a_draft_panel_opened_with_the_wrong_date_of_referral_is_discarded_and_opened_again(people, matter):
    case, _s, proceeding = referred(people, matter, referred_on=NEW)
    panel = panels.panel_start(actor=people["hearings"], proceeding=proceeding, referred_on=OLD)
    assert panel.rule_version.version == "2020"
    client = quick_sign_in(people["hearings"])
    url = f"/cases/{case.reference}/hearings/{proceeding.public_id}/panel/discard/"
    client.post(url, {"reason": ""})
    assert HearingPanel.objects.filter(pk=panel.pk).exists()  # a reason is required
    client.post(url, {"reason": "The notice of referral was given on 3 June 2024"})
    assert not HearingPanel.objects.filter(pk=panel.pk).exists()
    assert StageTransition.objects.filter(event="panel_discarded", reason__contains="3 June 2024").exists()
    again = panels.panel_start(actor=people["hearings"], proceeding=proceeding, referred_on=NEW)
    assert again.rule_version.version == "si-2024-521"


def test_a_panel_majority_for_less_than_dismissal_after_gross_misconduct_needs_exceptional_circumstances(
    people, matter
):
    """SI 2025/558 on a panel's decision: a matter that came to attention after 28 May 2025, the panel
    votes gross misconduct and by majority a final written warning: refused without written
    exceptional circumstances, recorded with them (the votes kept), on the page and in the API."""
    received, referred_on = date(2025, 6, 2), date(2025, 9, 1)
    gm, fww = "gross_misconduct", "final_written_warning"
    votes = {"ACC Rhona Baird": (gm, fww), "Dr Priya Nand": (gm, fww), "Mr Tom Reece": (gm, "dismissal_without_notice")}
    _c, _s, proceeding = referred(people, matter, received=received, referred_on=referred_on)
    panel = build(people, proceeding, PANEL_2024, referred_on)
    with pytest.raises(ValidationError) as refused:
        _decide(people, panel, votes)
    assert "exceptional_circumstances" in refused.value.message_dict
    assert not PanelVote.objects.exists()
    seats = {s.name: str(s.public_id) for s in panel.seats.all()}
    result = panels.panel_decision_record(
        actor=people["hearings"],
        panel=panel,
        votes={seats[name]: {"finding": f, "outcome": o} for name, (f, o) in votes.items()},
        reasons="Proven",
        decided_on=date(2026, 11, 25),
        exceptional_circumstances="Twenty years' exemplary service and an immediate, full admission.",
    )
    assert (result.finding, result.outcome) == (gm, fww)
    assert "exemplary" in ProceedingOutcome.objects.get(pk=result.pk).exceptional_circumstances
    assert PanelVote.objects.filter(outcome=result).count() == 3
