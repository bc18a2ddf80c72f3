"""The hearing side of the dismissals reform and of the 2026 appeals, as rules with dates:

- "gross_misconduct_outcome" (SI 2025/558, 28 May 2025): where gross misconduct is found the
  outcome is dismissal without notice unless exceptional circumstances justify a final written
  warning or reduction in rank, with the reasons in writing. Older matters keep the reg 42 choice.
- "pat_appeal_by_authority" (Crime and Policing Act 2026): the chief officer (the local policing
  body in chief-officer cases; the IOPC in limited cases) may appeal a finding or outcome to the
  Police Appeals Tribunal. Its version has no commencement date until an administrator sets one.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from cases import lifecycle
from cases.dismissals import COMMENCEMENT, CONDUCT_2020, REG_64, SI, TITLE_2020, TITLE_2025
from cases.rules import rule_for

from .choices import AppealBody, Appellant, Finding, Outcome

RULE_VERSIONS = [
    dict(
        rule="gross_misconduct_outcome",
        version="2020",
        title=TITLE_2020,
        instrument="SI 2020/4",
        commences_on=CONDUCT_2020,
        applies_by="attention_date",
        transitional="Matters that came to attention before 28 May 2025 keep these rules (SI 2025/558 reg 64).",
        summary="Gross misconduct found: the panel chooses between a final written warning, reduction in rank "
        "and dismissal without notice (reg 42).",
        params={"presumption_of_dismissal": False},
    ),
    dict(
        rule="gross_misconduct_outcome",
        version="si-2025-558",
        title=TITLE_2025,
        instrument=SI,
        commences_on=COMMENCEMENT,
        applies_by="attention_date",
        transitional=REG_64,
        summary="Gross misconduct found: dismissal without notice unless exceptional circumstances justify a "
        "final written warning or reduction in rank, with the reasons in writing (amended regs 42 and 62).",
        params={
            "presumption_of_dismissal": True,
            "exceptional_outcomes": [Outcome.FINAL_WRITTEN_WARNING.value, Outcome.REDUCTION_IN_RANK.value],
        },
    ),
    dict(
        rule="pat_appeal_by_authority",
        version="2020",
        title="Police Appeals Tribunals Rules 2020",
        instrument="SI 2020/1",
        commences_on=CONDUCT_2020,
        applies_by="event_date",
        transitional="Decisions made before the 2026 provisions commence: only the officer concerned appeals.",
        summary="Only the officer concerned may appeal to the Police Appeals Tribunal, within 10 working days "
        "of the day after being supplied with the outcome notice (rule 9).",
        params={"appellants": [Appellant.SUBJECT.value]},
    ),
    dict(
        rule="pat_appeal_by_authority",
        version="cpa-2026",
        title="Crime and Policing Act 2026: appeals by the chief officer, local policing body or IOPC",
        instrument="Crime and Policing Act 2026",
        commences_on=None,  # a switch: an administrator sets the date when commenced (with the Tribunal rules)
        applies_by="event_date",
        transitional="Applies to findings and outcomes decided on or after the commencement date an administrator "
        "sets here, once the commencement regulations and the amended Tribunal rules are made.",
        summary="The chief officer may appeal a finding or outcome to the Police Appeals Tribunal; the local "
        "policing body where the officer concerned is a chief officer; the IOPC where it investigated.",
        params={
            "appellants": [a.value for a in Appellant],
            "chief_officer_ranks": [
                "Chief Constable",
                "Deputy Chief Constable",
                "Assistant Chief Constable",
                "Commissioner",
                "Deputy Commissioner",
                "Assistant Commissioner",
            ],
            "iopc_modes": ["independent", "directed"],
        },
    ),
]


def ensure_rule_versions(**kwargs) -> None:
    from law.rules import ensure_versions

    ensure_versions(RULE_VERSIONS)


def outcome_check(*, proceeding, finding: str, outcome: str, exceptional_circumstances: str, decided_on: date):
    """The presumption of dismissal: returns the rule version applied, and the exceptional
    circumstances to record ("" where the presumption does not apply)."""
    if not lifecycle.follows_regulations(proceeding.subject.person):
        return None, ""  # police staff: the force's procedure, not reg 42 of the Conduct Regulations
    version = rule_for(proceeding.subject, "gross_misconduct_outcome", event_date=decided_on)
    lesser = version.params.get("exceptional_outcomes") or []
    if not (
        version.params.get("presumption_of_dismissal") and finding == Finding.GROSS_MISCONDUCT and outcome in lesser
    ):
        return version, ""
    if not exceptional_circumstances or not exceptional_circumstances.strip():
        raise ValidationError(
            {
                "exceptional_circumstances": f"Gross misconduct was found: under {SI} the outcome is dismissal "
                f"without notice unless exceptional circumstances justify a {Outcome(outcome).label.lower()}. "
                "Give the exceptional circumstances, in writing."
            }
        )
    return version, exceptional_circumstances.strip()


def _is_chief_officer(subject, params) -> bool:
    rank = (subject.person.rank_or_grade or "").strip().lower()
    return rank in {r.lower() for r in params.get("chief_officer_ranks", [])}


def appeal_check(*, subject, appellant: str, body: str):
    """Who may appeal, under the rules for the decision appealed: returns the rule version."""
    outcome = (
        subject.proceedings.filter(outcome__isnull=False)
        .order_by("-outcome__decided_on")
        .values_list("outcome__decided_on", flat=True)
    ).first()
    version = rule_for(subject, "pat_appeal_by_authority", event_date=outcome)
    if appellant not in Appellant.values:
        raise ValidationError({"appellant": "Say who is appealing."})
    if appellant == Appellant.SUBJECT:
        return version
    label = Appellant(appellant).label
    if appellant not in version.params.get("appellants", [Appellant.SUBJECT]):
        from law.models import RuleVersion

        pending = (
            RuleVersion.objects.filter(rule="pat_appeal_by_authority")
            .exclude(pk=version.pk)
            .order_by("-commences_on")
            .first()
        )
        if pending is None or pending.commences_on is None:
            name = pending.version if pending else "cpa-2026"
            raise ValidationError(
                {
                    "appellant": f"An appeal by {label[0].lower()}{label[1:]} to the Police Appeals Tribunal is not yet "
                    "in force: the Crime and Policing Act 2026 appeal provisions have no commencement date. An "
                    f"administrator switches them on by setting the commencement date of rule "
                    f"'pat_appeal_by_authority', version '{name}' (Rules, in the admin)."
                }
            )
        raise ValidationError(
            {
                "appellant": f"An appeal by {label[0].lower()}{label[1:]} applies to decisions made on or after "
                f"{pending.commences_on:%-d %B %Y}; this outcome was decided before then."
            }
        )
    if body != AppealBody.POLICE_APPEALS_TRIBUNAL or subject.forum == "meeting":
        raise ValidationError({"appellant": f"{label} may appeal only to the Police Appeals Tribunal, from a hearing."})
    if appellant == Appellant.CHIEF_OFFICER and _is_chief_officer(subject, version.params):
        raise ValidationError(
            {
                "appellant": "The officer concerned is a chief officer: the local policing body appeals, not the chief officer."
            }
        )
    if appellant == Appellant.LOCAL_POLICING_BODY and not _is_chief_officer(subject, version.params):
        raise ValidationError(
            {"appellant": "The local policing body appeals only where the officer concerned is a chief officer."}
        )
    if appellant == Appellant.IOPC:
        referral = getattr(subject.case, "iopc_referral", None)
        if referral is None or referral.mode not in version.params.get("iopc_modes", []):
            raise ValidationError({"appellant": "The IOPC appeals only in cases it investigated or directed."})
    return version
