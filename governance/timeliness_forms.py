"""The timeliness page's filters (one form for the page and the drill-down): a bad value falls
back to "all" with a field error, never a 500."""

from django import forms

from cases.choices import Severity
from core.forms import GovukFormMixin
from oversight.forms import FilterDefaultsMixin, unit_choices
from workforce.models import OrgUnit

from .models_timeliness import CaseType
from .timeliness_facts import STAGES

NOT_ASSESSED = "none"


class TimelinessFilterForm(FilterDefaultsMixin, GovukFormMixin, forms.Form):
    case_type = forms.ChoiceField(
        label="Case type", choices=[("all", "All case types"), *CaseType.choices], initial="all"
    )
    where = forms.ChoiceField(label="Command or unit (the subject's now)", initial="force")
    severity = forms.ChoiceField(
        label="Severity",
        choices=[("all", "All severities"), *Severity.choices, (NOT_ASSESSED, "Not assessed")],
        initial="all",
    )
    year = forms.IntegerField(label="Year received", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = unit_choices()
        self.fields["year"].widget.attrs.update({"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"})

    def filters(self) -> dict:
        """{case_type, command_id, unit_id, severity, year_received}, None meaning all."""
        values = self.values()
        kind, _, public_id = (values["where"] or "force").partition(":")
        unit = OrgUnit.objects.filter(public_id=public_id).only("id").first() if public_id else None
        severity = values["severity"]
        return {
            "case_type": None if values["case_type"] in (None, "all") else values["case_type"],
            "command_id": unit.id if unit is not None and kind == "command" else None,
            "unit_id": unit.id if unit is not None and kind == "unit" else None,
            "severity": None if severity in (None, "all") else ("" if severity == NOT_ASSESSED else severity),
            "year_received": values.get("year"),
        }

    def where_label(self) -> str:
        return dict(self.fields["where"].choices).get(self.values()["where"], "Whole force").lstrip("— ")


class MattersForm(TimelinessFilterForm):
    # neither is required: a link with only some filters shows the form to choose a stage, not an error
    stage = forms.ChoiceField(
        label="Stage", choices=[("", "Choose a stage"), *[(s.key, s.label) for s in STAGES]], required=False
    )
    status = forms.ChoiceField(
        label="Matters",
        choices=[("finished", "Finished the stage"), ("open", "Still in the stage (open)")],
        initial="finished",
        required=False,
    )
    field_order = ["stage", "status", "case_type", "where", "severity", "year"]
