from django import forms


class GovukFormMixin:
    """Give widgets the GOV.UK Frontend classes, and the error modifier on invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
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
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] += " govuk-input--error" if "govuk-input" in widget.attrs["class"] else ""
                widget.attrs["aria-describedby"] = f"{name}-error"
