from datetime import date

from django import forms
from django.forms.utils import flatatt, pretty_name
from django.utils.html import format_html, format_html_join


class GovukFormMixin:
    """Give widgets the GOV.UK Frontend classes, and the error modifier on invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, GovukDateInput):
                label = str(field.label or pretty_name(name))
                field.error_messages["required"] = _date_required_message(label)
                field.error_messages["invalid"] = f"{label} must be a real date"
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            elif isinstance(widget, forms.RadioSelect):
                css = "govuk-radios__input"
            elif isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                css = "govuk-file-upload"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            else:
                css = "govuk-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if name in self.errors and isinstance(field.widget, GovukDateInput):
                typed = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                if isinstance(typed, DateParts):
                    label = str(field.label or pretty_name(name))
                    self._errors[name] = self.error_class([typed.problem.format(label=label)])
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                for base in ("govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"):
                    if base in classes and f"{base}--error" not in classes:
                        classes.append(f"{base}--error")
                widget.attrs["class"] = " ".join(classes)
                widget.attrs["aria-describedby"] = f"{name}-error"


# --- GOV.UK date input (day, month, year) ---------------------------------------------------

_DATE_PARTS = ("day", "month", "year")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


class DateParts(str):
    """What a person typed into a date input that is not a whole, real date. Its text is never a
    date format (so DateField refuses it); it keeps the parts, to show them again, and the GOV.UK
    message saying what is wrong ("{label}" is the field's label)."""

    def __new__(cls, day: str, month: str, year: str, problem: str):
        obj = super().__new__(cls, "not-a-date")
        obj.parts = [day, month, year]
        obj.problem = problem
        return obj


def date_parts_problem(day: str, month: str, year: str) -> str | None:
    """The GOV.UK error message for day/month/year parts, or None when they make a real date."""
    missing = [name for name, value in zip(_DATE_PARTS, (day, month, year), strict=True) if not value]
    if missing:
        return "{label} must include a " + " and ".join(missing)
    month_number = _MONTH_NAMES.get(month.lower(), month)
    if not (day.isdigit() and str(month_number).isdigit() and year.isdigit()):
        return "{label} must be a real date"
    if len(year) != 4:
        return "{label} must include a year with 4 numbers"
    try:
        date(int(year), int(month_number), int(day))
    except ValueError:
        return "{label} must be a real date"
    return None


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: three text inputs (day, month, year) posted as <name>_day,
    <name>_month and <name>_year, giving the field an ISO date ("2026-01-31").

    The day input carries the field's own id (id_<name>) so the error summary's link lands on it;
    templates/includes/field.html wraps it in a fieldset whose legend is the label. A post with
    the single name (received_date=2026-01-31, as tests and scripts send) still works.
    Use with forms.DateField in a GovukFormMixin form, which gives the GOV.UK messages."""

    widths = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput for part in _DATE_PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, DateParts):
            return list(value.parts)
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            try:
                parsed = date.fromisoformat(value.strip())
            except ValueError:
                return ["", "", ""]
            return [str(parsed.day), str(parsed.month), str(parsed.year)]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        day, month, year = (str(data.get(f"{name}_{part}") or "").strip() for part in _DATE_PARTS)
        if not (day or month or year):
            return data.get(name, "")
        problem = date_parts_problem(day, month, year)
        if problem:
            return DateParts(day, month, year, problem)
        return date(int(year), int(_MONTH_NAMES.get(month.lower(), month)), int(day)).isoformat()

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        error = " govuk-input--error" if "govuk-input--error" in self.attrs.get("class", "") else ""
        widget["date_id"] = f"{base_id}_date"
        for part, sub in zip(_DATE_PARTS, widget["subwidgets"], strict=True):
            sub["part"] = part.capitalize()
            sub["attrs"] = {
                "id": base_id if part == "day" else f"{base_id}_{part}",
                "class": f"govuk-input govuk-date-input__input govuk-input--width-{self.widths[part]}{error}",
                "inputmode": "numeric",
            }
        return context

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        items = format_html_join(
            "",
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
            '<input type="text" name="{}"{}{}></div></div>',
            (
                (
                    sub["attrs"]["id"],
                    sub["part"],
                    sub["name"],
                    format_html(' value="{}"', sub["value"]) if sub["value"] else "",
                    flatatt(sub["attrs"]),
                )
                for sub in widget["subwidgets"]
            ),
        )
        return format_html('<div class="govuk-date-input" id="{}">{}</div>', widget["date_id"], items)


def _date_required_message(label: str) -> str:
    lowered = label[:1].lower() + label[1:]
    return f"Enter the {lowered}" if "date" in lowered else f"Enter a date for {lowered}"


def filter_date_input() -> forms.DateInput:
    """One text box for a date in a GET filter (a search, not a form to fill in): a filter keeps a
    single input so its address stays short (?since=2026-01-31); 31/01/2026 is accepted too."""
    return forms.DateInput(
        format="%Y-%m-%d", attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}
    )
