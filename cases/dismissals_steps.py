"""The SI 2025/558 steps on a conduct subject (record a conviction; refer under the Vetting
Regulations at severity assessment), added to the one step registry when cases is ready."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.utils import timezone

from core.forms import GovukFormMixin

from . import dismissals
from .choices import SubjectStage as S
from .forms import DATE, TEXT
from .lifecycle import follows_regulations
from .rules import rule_for
from .steps import AUTHORITY, CASEWORK, Step, register


class ConvictionForm(GovukFormMixin, forms.Form):
    offence = forms.CharField(max_length=200, label="Offence")
    indictable_only = forms.TypedChoiceField(
        choices=[("yes", "Indictable-only (triable only on indictment)"), ("no", "Either-way or summary")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Mode of trial",
    )
    convicted_on = forms.DateField(widget=DATE, label="Date of conviction")
    court = forms.CharField(max_length=200, required=False, label="Court (optional)")


class VettingReferralForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        widget=TEXT, label="Why the matter is better dealt with under the Police (Vetting) Regulations 2025"
    )
    referred_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the referral")


def _vetting_referral_available(case, subject) -> bool:
    if subject.stage not in (S.RECEIVED, S.ASSESSED, S.UNDER_INVESTIGATION) or not follows_regulations(subject.person):
        return False
    return bool(rule_for(subject, "severity_outcomes").params.get("refer_under_vetting_regulations"))


DISMISSAL_STEPS = [
    Step(
        "conviction",
        "Record a criminal conviction",
        CASEWORK | AUTHORITY,
        ConvictionForm,
        lambda a, c, s, d: dismissals.conviction_record(actor=a, subject=s, **d),
        per_subject=True,
        rule="indictable_only_conviction",
        available=lambda c, s: s.stage != S.CLOSED,
    ),
    Step(
        "vetting-referral",
        "Assess severity: refer under the Vetting Regulations (reg 14(2)(aa))",
        AUTHORITY,
        VettingReferralForm,
        lambda a, c, s, d: dismissals.vetting_referral_make(actor=a, subject=s, **d),
        per_subject=True,
        available=_vetting_referral_available,
        rule="severity_outcomes",
        button="Refer the matter",
    ),
]


def register_steps() -> None:
    from .steps import STEPS

    if "conviction" not in STEPS:
        register(*DISMISSAL_STEPS, after="severity")
        # the case-to-answer page shows the former-officer rule where it can apply
        STEPS["decision"] = replace(STEPS["decision"], rule=_decision_rule)


def _decision_rule(case, subject) -> str:
    return "former_officer_forum" if subject is not None and subject.left_while_under_investigation else ""
