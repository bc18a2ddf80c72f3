"""SI 2025/558 (Police (Conduct, Performance and Complaints and Misconduct) (Amendment)
Regulations 2025, in force 28 May 2025) on the conduct side: rules as data, and the services that
apply them. The hearing side (presumption of dismissal, appeals) is in hearings/dismissals.py.

Which version applies is decided from the matter's dates (docs/law/dismissals.md): reg 64 keeps
the 2020 rules for an allegation that came to attention before 28 May 2025, so most rules here go
by the attention date; the former-officer forum goes by the date of the referral decision
(reg 64(3): the Schedule applies where no notice of referral was given before 28 May 2025).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.notice_service import deemed_service_date

from . import lifecycle
from .choices import ClosureReason, DecisionRoute, Severity, SubjectStage
from .extensions import vetting_referral, vetting_referral_available
from .models import CaseSubject
from .models_dismissals import (
    Conviction,
    FormerOfficerForum,
    FormerOfficerRoute,
    VettingReferral,
    VettingReferralStatus,
)
from .rules import rule_for

COMMENCEMENT = date(2025, 5, 28)
CONDUCT_2020 = date(2020, 2, 1)
SI = "SI 2025/558"
TITLE_2020 = "Police (Conduct) Regulations 2020 as made"
TITLE_2025 = "Police (Conduct, Performance and Complaints and Misconduct) (Amendment) Regulations 2025"
REG_64 = (
    "Matters that came to attention on or after 28 May 2025 (SI 2025/558 reg 64). An earlier matter, and a "
    "later allegation about it while it is still being handled, keep the 2020 rules, unless the IOPC orders a "
    "re-investigation or gives a s.28A direction."
)
REG_64_3 = (
    "Reg 64(3) of SI 2025/558: the Schedule (former officers) applies where the officer had not been given "
    "notice of referral (reg 30(1) or 51(1)) before 28 May 2025, so the date of the referral decision decides."
)


def _versions(rule, applies_by, old_summary, new_summary, old_params, new_params, *, transitional=REG_64):
    return [
        dict(
            rule=rule,
            version="2020",
            title=TITLE_2020,
            instrument="SI 2020/4",
            commences_on=CONDUCT_2020,
            applies_by=applies_by,
            transitional="Matters that came to attention before 28 May 2025 keep these rules (SI 2025/558 reg 64).",
            summary=old_summary,
            params=old_params,
        ),
        dict(
            rule=rule,
            version="si-2025-558",
            title=TITLE_2025,
            instrument=SI,
            commences_on=COMMENCEMENT,
            applies_by=applies_by,
            transitional=transitional,
            summary=new_summary,
            params=new_params,
        ),
    ]


RULE_VERSIONS = [
    *_versions(
        "indictable_only_conviction",
        "attention_date",
        "A conviction is weighed in the severity assessment like any other conduct.",
        "Conduct resulting in conviction of an indictable-only offence is gross misconduct by definition "
        "(new reg 2(1) and 2(2A)): a lower severity is refused.",
        {"gross_misconduct_by_definition": False},
        {"gross_misconduct_by_definition": True},
    ),
    *_versions(
        "severity_outcomes",
        "attention_date",
        "Severity assessment: misconduct, gross misconduct, practice requiring improvement or no further action.",
        "Severity assessment may also refer the matter to be dealt with under the Police (Vetting) "
        "Regulations 2025 (new reg 14(2)(aa)).",
        {"refer_under_vetting_regulations": False},
        {"refer_under_vetting_regulations": True},
    ),
    *_versions(
        "former_officer_forum",
        "event_date",
        "A former officer with a case to answer for gross misconduct goes to the forum the appropriate "
        "authority chooses.",
        "A former officer is presumed to go to an accelerated hearing unless they opt out or the appropriate "
        "authority decides otherwise (with reasons).",
        {"accelerated_presumption": False},
        {"accelerated_presumption": True},
        transitional=REG_64_3,
    ),
    *_versions(
        "notice_service",
        "attention_date",
        "Notices are given in person, left at or sent by recorded delivery to the last known address, through "
        "the police friend, or in another manner agreed (reg 9): served the day they are given.",
        "Notices may also be sent by e-mail: an e-mailed notice is treated as given on the second working day "
        "after the day it was sent (amended reg 9).",
        {"email_deemed_working_days": 0},
        {"email_deemed_working_days": 2},
    ),
]


def ensure_rule_versions(**kwargs) -> None:
    from law.rules import ensure_versions

    ensure_versions(RULE_VERSIONS)


def _label(version) -> str:
    return f"{version.title} ({version.instrument})"


# ------------------------------------------------------------------ notice service (all notices)


def notice_deemed_served_on(*, subject: CaseSubject, sent_on: date, method: str) -> tuple[date, object]:
    """The day a notice to this subject given on `sent_on` by `method` counts as served, and the
    rule version that said so. Used by the reg 17 notice (cases) and the outcome notice (hearings)."""
    if not lifecycle.follows_regulations(subject.person):
        return sent_on, None  # police staff: the force's procedure, not reg 9 of the Conduct Regulations
    version = rule_for(subject, "notice_service", event_date=sent_on)
    days = version.params.get("email_deemed_working_days")
    return deemed_service_date(sent_on, method, email_deemed_working_days=days), version


# ------------------------------------------------------------------ indictable-only conviction


def conviction_record(
    *, actor, subject: CaseSubject, offence: str, indictable_only: bool, convicted_on: date, court: str = ""
) -> Conviction:
    if not offence or not offence.strip():
        raise ValidationError({"offence": "Name the offence."})
    lifecycle.require_not_future(convicted_on, "convicted_on", "The date of conviction")
    version = rule_for(subject, "indictable_only_conviction")
    kind = "indictable-only offence" if indictable_only else "offence"
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"conviction recorded: {offence} ({kind}), {convicted_on:%-d %B %Y}",
        event="conviction_recorded",
    ) as step:
        conviction = Conviction.objects.create(
            subject=subject,
            offence=offence.strip(),
            indictable_only=indictable_only,
            convicted_on=convicted_on,
            court=court,
            rule_version=version,
            recorded_by=actor,
        )
        step.log(subject)
    return conviction


def gross_misconduct_by_conviction(subject: CaseSubject):
    """The indictable-only conviction that makes this subject's conduct gross misconduct by
    definition under the rules for the matter, or None."""
    conviction = subject.convictions.filter(indictable_only=True).first() if subject.pk else None
    if conviction is None:
        return None
    version = rule_for(subject, "indictable_only_conviction")
    return conviction if version.params.get("gross_misconduct_by_definition") else None


def severity_check(*, subject: CaseSubject, severity: str) -> None:
    """Refuse a severity below gross misconduct for conduct that resulted in conviction of an
    indictable-only offence (under SI 2025/558)."""
    conviction = gross_misconduct_by_conviction(subject)
    if conviction is not None and severity != Severity.GROSS_MISCONDUCT:
        raise ValidationError(
            {
                "severity": f"{subject.person.display_name} was convicted of an indictable-only offence "
                f"({conviction.offence}, {conviction.convicted_on:%-d %B %Y}): under {SI} that conduct is gross "
                "misconduct by definition, so it must be assessed as gross misconduct."
            }
        )


# ------------------------------------------------------------------ refer under the Vetting Regulations


def vetting_referral_make(
    *, actor, subject: CaseSubject, reason: str, referred_on: date | None = None
) -> VettingReferral:
    """Severity assessment outcome (new reg 14(2)(aa)): refer the matter to be dealt with under the
    Police (Vetting) Regulations 2025. The conduct matter for this subject is finalised (closure
    reason "referred under the Vetting Regulations"); the vetting app starts its withdrawal case
    through the `vetting_referral` hook, or the referral waits for the vetting authority."""
    lifecycle.require_reason(reason, "reason")
    referred_on = referred_on or timezone.localdate()
    lifecycle.require_not_future(referred_on, "referred_on", "The date of the referral")
    if not lifecycle.follows_regulations(subject.person):
        raise ValidationError(
            {
                "reason": "The Police (Vetting) Regulations 2025 apply to police officers: police staff follow the force's procedure."
            }
        )
    version = rule_for(subject, "severity_outcomes", event_date=referred_on)
    if not version.params.get("refer_under_vetting_regulations"):
        raise ValidationError(
            {
                "reason": "Referral under the Police (Vetting) Regulations 2025 is a severity assessment outcome "
                f"only for matters under {SI} (in force 28 May 2025); this matter came to attention on "
                f"{subject.case.received_date:%-d %B %Y} and follows {_label(version)}."
            }
        )

    def guard():
        if subject.stage not in (SubjectStage.RECEIVED, SubjectStage.ASSESSED, SubjectStage.UNDER_INVESTIGATION):
            raise lifecycle.no_longer_at_step(subject)

    guard()
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reason, event="vetting_referral_made", guard=guard
    ) as step:
        before = lifecycle.move(step, subject, "refer_under_vetting_regulations")
        subject.closure_reason, subject.finalised_on = ClosureReason.VETTING_REFERRAL, referred_on
        subject.save()
        referral = VettingReferral.objects.create(
            subject=subject, reason=reason, referred_on=referred_on, rule_version=version, referred_by=actor
        )
        # the vetting app starts its withdrawal case here (same transaction); without it the referral waits
        started = vetting_referral(subject, actor, reason) if vetting_referral_available() else None
        if started is not None:
            reference = getattr(started, "reference", "") or str(started)
            referral.status, referral.vetting_reference = VettingReferralStatus.STARTED, reference[:120]
            referral.save(update_fields=["status", "vetting_reference"])
        step.log(subject, before, subject.stage)
        lifecycle.case_status_refresh(subject.case)
    return referral


# ------------------------------------------------------------------ former officers: forum


def former_officer_forum_check(
    *, subject: CaseSubject, case_to_answer: bool, route: str, decided_on: date, forum_route: str, reasons: str
):
    """For a former officer with a case to answer for gross misconduct under SI 2025/558: the
    accelerated hearing is presumed; a misconduct hearing needs the officer's opt-out or the
    appropriate authority's decision otherwise, with reasons. Returns (version, route) to record,
    or None when the rule does not touch this decision."""
    if not (
        subject.left_while_under_investigation and case_to_answer and subject.severity == Severity.GROSS_MISCONDUCT
    ):
        return None
    if not lifecycle.follows_regulations(subject.person):
        return None
    version = rule_for(subject, "former_officer_forum", event_date=decided_on)
    if not version.params.get("accelerated_presumption"):
        return None
    if route == DecisionRoute.ACCELERATED_HEARING:
        return version, FormerOfficerRoute.ACCELERATED
    if route != DecisionRoute.HEARING:
        return None
    if forum_route not in (FormerOfficerRoute.OPTED_OUT, FormerOfficerRoute.AUTHORITY_OTHERWISE):
        raise ValidationError(
            {
                "former_officer_forum": f"{subject.person.display_name} left while under investigation: under {SI} a "
                "former officer is presumed to go to an accelerated hearing. Refer to an accelerated hearing, or "
                "record that they opted out or that the appropriate authority decided otherwise, with reasons."
            }
        )
    if not reasons or not reasons.strip():
        raise ValidationError(
            {"former_officer_reasons": "Give the reasons for not following the accelerated hearing presumption."}
        )
    return version, forum_route


def former_officer_forum_record(*, actor, subject: CaseSubject, decided, decided_on: date, reasons: str) -> None:
    """Inside the case-to-answer step: record the forum decision the check returned."""
    if decided is None:
        return
    version, route = decided
    FormerOfficerForum.objects.create(
        subject=subject,
        route=route,
        reasons=reasons.strip(),
        decided_on=decided_on,
        rule_version=version,
        decided_by=actor,
    )


# ------------------------------------------------------------------ the case page


def case_deadlines(case) -> list:
    """The appeal windows running from the (deemed) service of outcome notices."""
    from .choices import SubjectStage as S

    found = []
    today = timezone.localdate()
    for subject in case.case_subjects.filter(stage=S.OUTCOME_RECORDED).select_related("person"):
        for proceeding in subject.proceedings.all():
            outcome = getattr(proceeding, "outcome", None)
            due = getattr(outcome, "appeal_due_on", None)
            if due and due >= today:
                found.append((due, f"Appeal window closes for {subject.person.display_name} (from deemed service)"))
    return found


# ------------------------------------------------------------------ the API


def _version(version) -> dict | None:
    if version is None:
        return None
    return {"rule": version.rule, "version": version.version, "instrument": version.instrument}


def case_dismissals_data(case) -> list[dict]:
    """Per subject: convictions, vetting referrals, former-officer forum decisions, outcomes
    (exceptional circumstances, deemed service, appeal window) and appeals (appellant), each with
    the rule version it applied (the case detail API)."""
    out = []
    subjects = case.case_subjects.prefetch_related(
        "convictions__rule_version",
        "vetting_referrals__rule_version",
        "former_officer_forums__rule_version",
        "proceedings__outcome__rule_version",
        "appeals__rule_version",
    )
    for s in subjects:
        outcomes = [p.outcome for p in s.proceedings.all() if getattr(p, "outcome", None) is not None]
        out.append(
            {
                "subject": str(s.public_id),
                "convictions": [
                    {
                        "offence": c.offence,
                        "indictable_only": c.indictable_only,
                        "convicted_on": c.convicted_on,
                        "rule_version": _version(c.rule_version),
                    }
                    for c in s.convictions.all()
                ],
                "vetting_referrals": [
                    {
                        "referred_on": v.referred_on,
                        "status": v.status,
                        "vetting_reference": v.vetting_reference,
                        "rule_version": _version(v.rule_version),
                    }
                    for v in s.vetting_referrals.all()
                ],
                "former_officer_forum": [
                    {
                        "route": f.route,
                        "reasons": f.reasons,
                        "decided_on": f.decided_on,
                        "rule_version": _version(f.rule_version),
                    }
                    for f in s.former_officer_forums.all()
                ],
                "outcomes": [
                    {
                        "finding": o.finding,
                        "outcome": o.outcome,
                        "exceptional_circumstances": o.exceptional_circumstances,
                        "notice_given_on": o.notice_given_on,
                        "notice_deemed_served_on": o.notice_deemed_served_on,
                        "appeal_due_on": o.appeal_due_on,
                        "rule_version": _version(o.rule_version),
                    }
                    for o in outcomes
                ],
                "appeals": [
                    {
                        "appellant": a.appellant,
                        "body": a.body,
                        "lodged_on": a.lodged_on,
                        "result": a.result,
                        "rule_version": _version(a.rule_version),
                    }
                    for a in s.appeals.all()
                ],
            }
        )
    return out
