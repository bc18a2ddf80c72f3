from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import RuleVersion
from .rules import versions

# Plain names of the rules, shown on the page (a rule not named here shows its code).
RULE_NAMES = {
    "hearing_panel": "Misconduct hearing panels",
    "gross_misconduct_outcome": "Outcome after a finding of gross misconduct",
    "indictable_only_conviction": "Conviction for an indictable-only offence",
    "severity_outcomes": "Severity assessment outcomes",
    "former_officer_forum": "Former officers: forum",
    "notice_service": "Service of notices",
    "pat_appeal_by_authority": "Appeals to the Police Appeals Tribunal by the chief officer or policing body",
    "vetting_withdrawal": "Withdrawal of vetting clearance",
    "suspension": "Suspension and restricted duties",
    "police_staff_procedure": "Police staff misconduct procedure (force policy)",
    "performance_procedure": "Unsatisfactory performance and attendance",
}


@login_required
def rules(request):
    """The law the system applies: every rule, in each version, with its commencement date.
    Published law and force policy, no personal data."""
    rules = []
    codes = RuleVersion.objects.order_by("rule").values_list("rule", flat=True).distinct()
    for code in codes:
        rules.append(
            {
                "code": code,
                "name": RULE_NAMES.get(code, code.replace("_", " ").capitalize()),
                "versions": versions(code),
            }
        )
    rules.sort(key=lambda r: r["name"])
    return render(request, "law/rules.html", {"rules": rules})
