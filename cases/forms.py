from django import forms
from django.utils import timezone

from accounts.models import User
from core.forms import GovukDateInput, GovukFormMixin
from workforce.models import Person

from .choices import ActionKind, DecisionRoute, Forum, IopcMode, Severity, Source
from .models import AllegationCategory, IopcGround, Standard
from .models_dismissals import FormerOfficerRoute

# How a notice was given (reg 9; e-mail with a deemed service day from SI 2025/558)
NOTICE_METHODS = [
    ("in_person", "Handed to them in person"),
    ("post", "By post (recorded delivery) or left at their address"),
    ("email", "By e-mail"),
    ("representative", "Through their police friend or representative"),
]

DATE = GovukDateInput()
TEXT = forms.Textarea(attrs={"rows": 4})


def _not_future(value, label="The date"):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future")
    return value


class StaffNumberField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = Person.objects.filter(staff_number__iexact=value.strip()).first()
        if person is None:
            raise forms.ValidationError(f"No one in the workforce has staff number {value.strip().upper()}")
        return person


class AllegationFields(forms.Form):
    category = forms.ModelChoiceField(AllegationCategory.objects.filter(active=True), empty_label="Choose a category")
    standards = forms.ModelMultipleChoiceField(
        Standard.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Standards of Professional Behaviour it may breach",
        error_messages={"required": "Choose at least one Standard of Professional Behaviour"},
    )
    description = forms.CharField(widget=TEXT, label="What is alleged")
    incident_date = forms.DateField(required=False, widget=DATE, label="Date of the incident")
    incident_place = forms.CharField(required=False, max_length=200, label="Place of the incident")
    complainant_name = forms.CharField(required=False, max_length=200, label="Complainant or victim (if any)")
    victim_vulnerable = forms.BooleanField(required=False, label="The victim is vulnerable")
    death_or_serious_injury = forms.BooleanField(required=False, label="Death or serious injury followed")
    aggravated_by_discrimination = forms.BooleanField(required=False, label="Aggravated by discrimination")

    def clean_incident_date(self):
        return _not_future(self.cleaned_data.get("incident_date"), "The incident date")


class IntakeForm(GovukFormMixin, AllegationFields):
    source = forms.ChoiceField(choices=Source.choices, label="How the matter arrived")
    intermediary_reference = forms.CharField(
        required=False, max_length=60, label="Intermediary's reference (e.g. Crimestoppers)"
    )
    received_date = forms.DateField(widget=DATE, label="Date the matter came to attention")
    summary = forms.CharField(max_length=300, label="Short summary (no names)")
    staff_number = StaffNumberField(label="Subject's staff number")
    is_restricted = forms.BooleanField(required=False, label="Restricted: only named people may see it")
    confirm_new = forms.BooleanField(
        required=False, label="I have checked the possible duplicates: this is a new matter"
    )
    field_order = [
        "source",
        "intermediary_reference",
        "received_date",
        "summary",
        "is_restricted",
        "staff_number",
        "category",
        "standards",
        "description",
        "incident_date",
        "incident_place",
        "complainant_name",
        "victim_vulnerable",
        "death_or_serious_injury",
        "aggravated_by_discrimination",
        "confirm_new",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates = []

    def clean_received_date(self):
        return _not_future(self.cleaned_data.get("received_date"), "The date the matter came to attention")

    def clean(self):
        """Open matters about the same person and incident are shown before saving (web and API)."""
        from .selectors import duplicate_candidates

        data = super().clean()
        if data.get("staff_number") and not self.errors:
            self.duplicates = list(
                duplicate_candidates(
                    user=self.user,
                    person=data["staff_number"],
                    incident_date=data.get("incident_date"),
                    received_date=data.get("received_date"),
                )
            )
            if self.duplicates and not data.get("confirm_new"):
                self.add_error(
                    "confirm_new", "This may be a duplicate: check the matters listed, then confirm this is a new one"
                )
        return data

    def record(self, *, actor):
        """Record the matter through the intake service (raises ValidationError on a rule)."""
        from .services import matter_intake

        data = dict(self.cleaned_data)
        data.pop("confirm_new", None)
        return matter_intake(actor=actor, person=data.pop("staff_number"), **data)


class AddAllegationForm(GovukFormMixin, AllegationFields):
    staff_number = StaffNumberField(label="Subject's staff number (new or existing subject)")
    field_order = ["staff_number"]


class SeverityForm(GovukFormMixin, forms.Form):
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.RadioSelect)
    likely_forum = forms.ChoiceField(
        choices=[("", "Not applicable"), *[c for c in Forum.choices if c[0] != Forum.STAFF_HEARING]],
        required=False,
        label="Likely form of proceedings",
    )
    rationale = forms.CharField(widget=TEXT, label="Rationale")
    assessed_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of assessment")


class AppointForm(GovukFormMixin, forms.Form):
    investigator = forms.ModelChoiceField(
        User.objects.filter(groups__name="investigator", is_active=True).order_by("last_name"),
        empty_label="Choose an investigator",
    )
    reason = forms.CharField(widget=TEXT, label="Why this investigator")


class Reg17Form(GovukFormMixin, forms.Form):
    served_on = forms.DateField(
        widget=DATE, initial=timezone.localdate, label="Date the notice was served (or e-mailed)"
    )
    method = forms.ChoiceField(
        choices=NOTICE_METHODS,
        initial="in_person",
        required=False,
        widget=forms.RadioSelect,
        label="How it was given",
        help_text="An e-mailed notice counts as served on the deemed day (SI 2025/558): the response window runs from then.",
    )

    def clean_method(self):
        return self.cleaned_data.get("method") or "in_person"


class ResponseForm(GovukFormMixin, forms.Form):
    received_on = forms.DateField(
        widget=DATE, initial=timezone.localdate, label="Date the subject's written response was received"
    )


class ReportForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), label="Investigation report (reg 21): findings and evidence"
    )
    submitted_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    proceed_reason = forms.CharField(
        widget=TEXT,
        required=False,
        label="Reason for proceeding before the response window (reg 18) closes",
        help_text="Only if a subject's response window is still open and no response is recorded.",
    )


class DecisionForm(GovukFormMixin, forms.Form):
    case_to_answer = forms.TypedChoiceField(
        choices=[("yes", "Case to answer"), ("no", "No case to answer")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Decision",
    )
    route = forms.ChoiceField(choices=DecisionRoute.choices, label="What happens next")
    rationale = forms.CharField(widget=TEXT)
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    former_officer_forum = forms.ChoiceField(
        choices=[("", "Not a former officer, or the presumption is followed"), *FormerOfficerRoute.choices],
        required=False,
        label="Former officers only: forum (SI 2025/558)",
        help_text="A former officer with a case to answer for gross misconduct is presumed to go to an "
        "accelerated hearing unless they opt out or you decide otherwise.",
    )
    former_officer_reasons = forms.CharField(
        widget=TEXT, required=False, label="Former officers only: reasons for not following the presumption"
    )


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(widget=TEXT)


class LeftForceForm(GovukFormMixin, forms.Form):
    left_on = forms.DateField(widget=DATE, label="Date they left")
    reason = forms.CharField(widget=TEXT, label="Resigned, retired or other (with details)")


class RprpForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(widget=TEXT, label="Summary of the issue and the discussion")
    actions = forms.CharField(widget=TEXT, label="Actions, with deadlines")
    lessons = forms.CharField(widget=TEXT, label="Lessons for the officer and the force")
    review_date = forms.DateField(widget=DATE, required=False, label="Review date (within 12 months)")


class IopcForm(GovukFormMixin, forms.Form):
    referred = forms.TypedChoiceField(
        choices=[("yes", "Referred to the IOPC"), ("no", "Not referred")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Referral",
    )
    grounds = forms.ModelMultipleChoiceField(
        IopcGround.objects.filter(active=True), required=False, widget=forms.CheckboxSelectMultiple, label="Grounds"
    )
    rationale = forms.CharField(widget=TEXT)
    referred_on = forms.DateField(widget=DATE, required=False, label="Date referred")
    iopc_reference = forms.CharField(required=False, max_length=60, label="IOPC reference")
    mode = forms.ChoiceField(
        choices=[("", "Not decided yet"), *IopcMode.choices],
        required=False,
        label="IOPC's decision on the mode of investigation",
    )
    mode_decided_on = forms.DateField(widget=DATE, required=False, label="Date of the IOPC's decision")

    def clean(self):
        data = super().clean()
        if data.get("mode") and not data.get("mode_decided_on"):
            self.add_error("mode_decided_on", "Enter the date of the IOPC's decision")
        return data


class Reg19Form(GovukFormMixin, forms.Form):
    progress = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="Progress of the investigation")
    reasons_for_delay = forms.CharField(widget=TEXT, label="Reasons it is not yet complete")
    planned_steps = forms.CharField(widget=TEXT, label="Steps planned to bring it to a conclusion")
    expected_completion = forms.DateField(widget=DATE, label="Expected completion date")
    expected_report_date = forms.DateField(widget=DATE, label="Expected date of the investigation report")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ActionForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=ActionKind.choices)
    description = forms.CharField(widget=TEXT, error_messages={"required": "Describe the action"})
    owner = PersonChoiceField(
        User.objects.filter(groups__name__in=["investigator", "supervisor"], is_active=True)
        .distinct()
        .order_by("last_name", "first_name"),
        required=False,
        empty_label="The investigator of the matter",
        label="Who is to do it",
        help_text="Only someone who may see this matter can own the action.",
    )
    due_on = forms.DateField(widget=DATE, required=False, label="Due by")
    completed_on = forms.DateField(
        widget=DATE, required=False, label="Completed on", help_text="Leave empty if it is still to do."
    )

    def clean_completed_on(self):
        return _not_future(self.cleaned_data.get("completed_on"), "The date the action was completed")


class ActionReopenForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        widget=TEXT,
        label="Why is the action not done after all?",
        error_messages={"required": "Give the reason for reopening the action"},
    )


class DiaryEntryForm(GovukFormMixin, forms.Form):
    happened_on = forms.DateField(
        widget=DATE,
        initial=timezone.localdate,
        label="Date it happened",
        error_messages={"required": "Enter the date it happened", "invalid": "Enter a real date"},
    )
    text = forms.CharField(widget=TEXT, label="What happened", error_messages={"required": "Write what happened"})

    def clean_happened_on(self):
        return _not_future(self.cleaned_data.get("happened_on"), "The date it happened")


class DiaryPageEntryForm(DiaryEntryForm):
    """The diary page's form: the matter is named by its reference (looked up through the selector)."""

    reference = forms.CharField(
        max_length=32,
        label="Case reference",
        help_text="For example, PSD-2026-00012",
        error_messages={"required": "Enter the case reference"},
    )
    field_order = ["reference", "happened_on", "text"]


class CustodyMovementForm(GovukFormMixin, forms.Form):
    happened_on = forms.DateField(
        widget=DATE,
        initial=timezone.localdate,
        label="Date of the movement",
        error_messages={"required": "Enter the date of the movement", "invalid": "Enter a real date"},
    )
    happened_time = forms.TimeField(
        required=False,
        label="Time (24-hour clock)",
        help_text="For example, 14:30. Leave empty if not known.",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter a time such as 14:30"},
    )
    from_location = forms.CharField(
        max_length=200, label="Moved from", error_messages={"required": "Say where it was moved from"}
    )
    to_location = forms.CharField(
        max_length=200, label="Moved to", error_messages={"required": "Say where it was moved to"}
    )
    purpose = forms.CharField(
        max_length=200,
        label="Why it was moved",
        help_text="For example, sent for forensic examination",
        error_messages={"required": "Say why it was moved"},
    )
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    def clean_happened_on(self):
        return _not_future(self.cleaned_data.get("happened_on"), "The date of the movement")

    def happened_at(self):
        from datetime import datetime, time

        when = datetime.combine(self.cleaned_data["happened_on"], self.cleaned_data.get("happened_time") or time(0, 0))
        return timezone.make_aware(when)


class EvidenceForm(GovukFormMixin, forms.Form):
    exhibit_reference = forms.CharField(max_length=40, label="Exhibit reference (e.g. AB/1)")
    description = forms.CharField(max_length=300)
    upload = forms.FileField(
        label="File", error_messages={"required": "Choose the file to upload", "empty": "The file is empty"}
    )


class PublicInterestForm(GovukFormMixin, forms.Form):
    public_interest = forms.BooleanField(required=False, label="High public interest")
    reason = forms.CharField(widget=TEXT)


HISTORY_MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class HistoryUploadForm(GovukFormMixin, forms.Form):
    """The previous system's case history (CSV); the file's bytes are on .content once valid."""

    file = forms.FileField(
        label="Case history extract (CSV)",
        error_messages={
            "required": "Select the case history CSV file to import",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > HISTORY_MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 100 MB")
        upload.seek(0)
        data = upload.read()
        if b"\x00" in data:
            raise forms.ValidationError("The selected file is not a CSV: it contains binary data")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The selected file cannot be read as UTF-8 text: save it as CSV UTF-8 and upload it again"
            ) from None
        self.content = data
        return upload


class _References(forms.Field):
    """Several case references (the ticked rows of a queue)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [str(v).strip() for v in (value or []) if str(v).strip()]


class AllocationForm(forms.Form):
    """Allocate the ticked cases of a queue: the cases must be ones the user can see."""

    cases = _References(error_messages={"required": "Choose at least one case."})
    investigator = forms.ModelChoiceField(
        User.objects.none(),
        error_messages={
            "required": "Choose an investigator.",
            "invalid_choice": "Choose an investigator from the list.",
        },
    )
    reason = forms.CharField(
        max_length=2000, error_messages={"required": "Give the reasons: the decision must be justifiable later."}
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "allocate-%s")
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["investigator"].queryset = User.objects.filter(groups__name="investigator", is_active=True)

    def clean_cases(self):
        from .selectors import cases_visible_to

        references = self.cleaned_data["cases"]
        self.case_objects = list(cases_visible_to(user=self.user).filter(reference__in=references))
        missing = sorted(set(references) - {c.reference for c in self.case_objects})
        if missing:
            raise forms.ValidationError(f"Not found: {', '.join(missing)}")
        return references
