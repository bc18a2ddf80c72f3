from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import RuleVersion
from .rules import rule_name, versions


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
                "name": rule_name(code),
                "versions": versions(code),
            }
        )
    rules.sort(key=lambda r: r["name"])
    return render(request, "law/rules.html", {"rules": rules})
