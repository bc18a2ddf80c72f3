from django import forms

from core.forms import GovukFormMixin

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class WorkforceUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="HR workforce extract (CSV)",
        error_messages={"required": "Select the workforce CSV file to import", "empty": "The selected file is empty"},
    )
    allow_mass_leavers = forms.BooleanField(
        required=False,
        label="Allow this file to mark more than 20% of the workforce as leavers",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 100 MB")
        return upload
