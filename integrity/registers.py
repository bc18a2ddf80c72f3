"""The four registers, described once: pages, API, history and demo all work from this table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model

from . import forms
from .choices import AssociationDecision, BusinessDecision, ChangeDecision, GiftDecision
from .models import BusinessInterest, CircumstanceChange, GiftHospitality, NotifiableAssociation


@dataclass(frozen=True)
class Register:
    slug: str  # in URLs: /integrity/<slug>/...
    model: type[Model]
    label: str  # one entry: "Business interest"
    plural: str  # the register: "Business interests"
    declare_form: type
    reasons_required: frozenset[str]  # decisions that need reasons
    select_related: tuple[str, ...] = ("person",)
    declare_hint: str = ""


BUSINESS_INTERESTS = Register(
    slug="business-interests",
    model=BusinessInterest,
    label="Business interest",
    plural="Business interests",
    declare_form=forms.BusinessInterestForm,
    reasons_required=frozenset({BusinessDecision.CONDITIONS, BusinessDecision.REFUSED}),
    select_related=("person", "category"),
    declare_hint="Paid or unpaid work outside the force, directorships, shareholdings, letting property, "
    "or a relative's business that could conflict with your role. Approval is reviewed every year.",
)
ASSOCIATIONS = Register(
    slug="associations",
    model=NotifiableAssociation,
    label="Notifiable association",
    plural="Notifiable associations",
    declare_form=forms.NotifiableAssociationForm,
    reasons_required=frozenset(AssociationDecision.values),
    declare_hint="Anyone you know, or come to know, who has a criminal record, is under investigation, "
    "or is involved in crime: family, friends, neighbours or business contacts.",
)
GIFTS = Register(
    slug="gifts",
    model=GiftHospitality,
    label="Gift or hospitality",
    plural="Gifts and hospitality",
    declare_form=forms.GiftHospitalityForm,
    reasons_required=frozenset({GiftDecision.REFUSED}),
    declare_hint="Every gift or hospitality offered to you because of your role, accepted or declined.",
)
CHANGES = Register(
    slug="changes",
    model=CircumstanceChange,
    label="Change of circumstances",
    plural="Changes of circumstances",
    declare_form=forms.CircumstanceChangeForm,
    reasons_required=frozenset({ChangeDecision.REFERRED}),
    select_related=("person", "kind"),
    declare_hint="The vetting duty to notify: a new partner, a new address, financial difficulty, an "
    "arrest of you or your family, a new association, a change of name.",
)

REGISTERS: dict[str, Register] = {r.slug: r for r in (BUSINESS_INTERESTS, ASSOCIATIONS, GIFTS, CHANGES)}
BY_MODEL: dict[type, Register] = {r.model: r for r in REGISTERS.values()}


def register_of(entry) -> Register:
    return BY_MODEL[type(entry)]


def entry_title(entry) -> str:
    """One line a reader understands, with nothing the reader may not see on the entry itself."""
    if isinstance(entry, BusinessInterest):
        return f"{entry.category.label}: {entry.business_name}"
    if isinstance(entry, NotifiableAssociation):
        return f"Association with {entry.associate_name} ({entry.get_relationship_display().lower()})"
    if isinstance(entry, GiftHospitality):
        verb = "Accepted" if entry.accepted else "Declined"
        return f"{verb}: {entry.description[:60]} from {entry.offered_by} (£{entry.estimated_value})"
    return f"{entry.kind.label}"


def entry_rows(entry) -> list[tuple[str, str]]:
    """What was declared, as (label, value) rows for a summary list."""
    if isinstance(entry, BusinessInterest):
        return [
            ("Category", entry.category.label),
            ("Business or organisation", entry.business_name),
            ("Address", entry.business_address or "Not given"),
            ("What they do", entry.activity),
            ("Hours a week", f"{entry.hours_per_week}"),
            ("Payment", entry.payment or "None declared"),
            ("Possible conflict", entry.conflict_statement),
        ]
    if isinstance(entry, NotifiableAssociation):
        return [
            ("Name", entry.associate_name),
            (
                "Date of birth",
                f"{entry.associate_date_of_birth:%-d %B %Y}" if entry.associate_date_of_birth else "Not known",
            ),
            ("Address", entry.associate_address or "Not known"),
            ("Relationship", entry.get_relationship_display()),
            ("How known", entry.how_known),
            ("What is known of their record", entry.their_record),
        ]
    if isinstance(entry, GiftHospitality):
        return [
            ("Offered by", entry.offered_by),
            ("What", entry.description),
            ("Estimated value", f"£{entry.estimated_value}"),
            ("Offered on", f"{entry.offered_on:%-d %B %Y}"),
            ("Accepted or declined", "Accepted" if entry.accepted else "Declined"),
            ("Reason", entry.reason),
        ]
    return [
        ("What changed", entry.kind.label),
        ("Date of the change", f"{entry.changed_on:%-d %B %Y}"),
        ("Details", entry.details),
    ]


def decision_rows(entry) -> list[tuple[str, str]]:
    """The decision as (label, value) rows; none while it awaits one."""
    rows = []
    if isinstance(entry, NotifiableAssociation) and entry.risk_level:
        rows += [("Risk", entry.get_risk_level_display()), ("Risk assessment", entry.risk_assessment)]
    if entry.decision:
        rows.append(("Decision", entry.decision_label))
        if entry.decided_on:
            rows.append(("Decided on", f"{entry.decided_on:%-d %B %Y}"))
        if entry.decision_reasons:
            rows.append(("Reasons", entry.decision_reasons))
    if isinstance(entry, BusinessInterest):
        if entry.conditions:
            rows.append(("Conditions", entry.conditions))
        if entry.review_on:
            rows.append(("Annual review", f"{entry.review_on:%-d %B %Y}"))
    if isinstance(entry, CircumstanceChange) and entry.vetting_referral_on:
        rows.append(("Referred to vetting on", f"{entry.vetting_referral_on:%-d %B %Y}"))
    return rows


def review_answer_rows(entry) -> list[tuple[str, str]]:
    """The declarer's answer to the latest annual review of a business interest (what they said,
    when, for which review) as summary-list rows; none for other registers or before an answer."""
    if not isinstance(entry, BusinessInterest) or not entry.review_answer:
        return []
    rows = [("Answer", entry.get_review_answer_display())]
    if entry.review_answer_detail:
        rows.append(("What has changed", entry.review_answer_detail))
    if entry.review_answered_on:
        rows.append(("Answered on", f"{entry.review_answered_on:%-d %B %Y}"))
    if entry.review_answered_for:
        rows.append(("For the review due", f"{entry.review_answered_for:%-d %B %Y}"))
    return rows
