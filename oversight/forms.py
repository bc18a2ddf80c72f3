from django import forms

from cases.choices import Source
from core.forms import GovukFormMixin
from workforce.models import OrgUnit

from .flags import TRANSITIONS
from .models import FlagStatus, Population, SecondLookOutcome, Stage


def unit_choices():
    choices = [("force", "Whole force")]
    commands = OrgUnit.objects.filter(kind="command").order_by("name")
    units = {}
    for unit in OrgUnit.objects.filter(kind="unit").order_by("name"):
        units.setdefault(unit.parent_id, []).append(unit)
    for command in commands:
        choices.append((f"command:{command.public_id}", command.name))
        for unit in units.get(command.id, []):
            choices.append((f"unit:{unit.public_id}", f"— {unit.name}"))
    return choices


class FilterDefaultsMixin:
    """Filters from a query string: a filter left out of it takes its default (a link that sets
    only `window=36` is the whole force, all people, all sources); a bad value falls back to the
    default with a field error."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name, field in self.base_fields.items():
                if name not in data and field.initial is not None:
                    data[name] = str(field.initial)
        super().__init__(data, *args, **kwargs)

    def values(self) -> dict:
        """Each filter's value: the valid ones as given, the others their default."""
        values = {name: field.initial for name, field in self.fields.items()}
        if self.is_bound:
            self.is_valid()
            values.update({k: v for k, v in self.cleaned_data.items() if k not in self.errors})
        return values


class SliceForm(FilterDefaultsMixin, GovukFormMixin, forms.Form):
    """The dashboard's toggles; bad values fall back to the defaults with a field error."""

    unit = forms.ChoiceField(label="Unit", initial="force")
    window = forms.TypedChoiceField(
        label="Window", choices=[(12, "12 months"), (36, "36 months")], coerce=int, initial=12
    )
    population = forms.ChoiceField(label="Population", choices=Population.choices, initial=Population.ALL)
    source = forms.ChoiceField(
        label="Allegation source", choices=[("all", "All sources"), *Source.choices], initial="all"
    )
    view = forms.ChoiceField(
        label="View",
        choices=[
            ("conditional", "Conditional (each stage of the previous)"),
            ("cumulative", "Cumulative (per headcount)"),
        ],
        initial="conditional",
    )

    def __init__(self, *args, commands_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = unit_choices()
        if commands_only:
            # published figures go no lower than a command: smaller units could point at people
            choices = [c for c in choices if not c[0].startswith("unit:")]
            self.fields["unit"].error_messages["invalid_choice"] = (
                "Choose the whole force or a command: figures for units below a command are not published."
            )
        self.fields["unit"].choices = choices

    def slice(self) -> dict:
        values = self.values()
        level, _, public_id = values["unit"].partition(":")
        unit = OrgUnit.objects.filter(public_id=public_id).first() if public_id else None
        if level in ("command", "unit") and unit is None:
            level = "force"
        values.update(level=level if level in ("command", "unit") else "force", unit_obj=unit)
        return values


class CompareForm(FilterDefaultsMixin, GovukFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, initial=Stage.SYSTEM)
    group = forms.ChoiceField(
        label="Group",
        choices=[("black", "Black"), ("asian", "Asian"), ("mixed", "Mixed"), ("other", "Other"), ("white", "White")],
        initial="black",
    )
    window = SliceForm.base_fields["window"]
    population = SliceForm.base_fields["population"]


class FlagReviewForm(GovukFormMixin, forms.Form):
    to_status = forms.ChoiceField(label="Move the flag to", widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note",
        help_text="What was looked at, what was found and what happens next",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, flag, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[FlagStatus(flag.status)]
        self.fields["to_status"].choices = [(s.value, s.label) for s in allowed]


class SecondLookForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the second look", choices=SecondLookOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
