"""Forms of the public portal (all text translatable for the Welsh pages to come) and of triage."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import GovukFormMixin

from . import attachments
from .models import ClosureReason, HowKnown, MessageKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked by content (reporting.attachments)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            return []
        try:
            attachments.check_uploads(files)
        except attachments.AttachmentRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return files


def _file_help():
    return _(
        "Up to %(count)s files, each up to %(size)s MB: photos, PDFs, documents, sound or video. "
        "Files can hold hidden details about you, such as where a photo was taken, the device, or "
        "the author's name. If you want to stay anonymous, remove them first (for example, take a "
        "screenshot of a photo rather than sending the original)."
    ) % {"count": settings.PORTAL_MAX_FILES, "size": settings.PORTAL_MAX_FILE_BYTES // (1024 * 1024)}


ONGOING_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("I do not know"))]
CONTACT_CHOICES = [
    ("anonymous", _("No, I want to stay anonymous")),
    ("contact", _("Yes, I will give contact details")),
]


class ReportForm(GovukFormMixin, forms.Form):
    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_("Tell us as much as you can: what was done or said, and why you think it is wrong."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Enter what happened")},
    )
    when_happened = forms.CharField(
        label=_("When did it happen? (optional)"),
        help_text=_("A date, or roughly, for example 'most Fridays since last summer'."),
        max_length=200,
        required=False,
    )
    where_happened = forms.CharField(
        label=_("Where did it happen? (optional)"),
        help_text=_("A place, street, town, police station, or online."),
        max_length=300,
        required=False,
    )
    people_described = forms.CharField(
        label=_("Who was involved? (optional)"),
        help_text=_(
            "Names, shoulder or collar numbers, rank, the team, station or unit if you know them, or a description."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    how_known = forms.ChoiceField(
        label=_("How do you know about it?"),
        choices=HowKnown.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you know about it")},
    )
    how_known_detail = forms.CharField(
        label=_("Anything more about how you know (optional)"), max_length=500, required=False
    )
    ongoing = forms.ChoiceField(
        label=_("Is it still happening? (optional)"),
        choices=ONGOING_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    files = MultipleFileField(label=_("Add files (optional)"))
    contact = forms.ChoiceField(
        label=_("Do you want to give contact details?"),
        help_text=_(
            "You do not have to. Without them you can still follow up your report online with the "
            "reference and receipt code you get at the end."
        ),
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you want to give contact details")},
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    safe_to_contact = forms.CharField(
        label=_("When and how is it safe to contact you? (optional)"), max_length=300, required=False
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _file_help()
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [ch for ch in phone if ch.isdigit()]
        if phone and (len(digits) < 7 or any(ch not in "0123456789+ ()-" for ch in phone)):
            raise forms.ValidationError(_("Enter a phone number, like 01632 960 001 or +44 808 157 0192"))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("contact") == "contact" and not (data.get("email") or data.get("phone")):
            self.add_error("email", _("Enter an email address or a phone number, or choose to stay anonymous"))
        return data

    def identity(self) -> dict | None:
        data = self.cleaned_data
        if data.get("contact") != "contact":
            return None
        return {
            "name": data.get("name", ""),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
            "safe_to_contact": data.get("safe_to_contact", ""),
        }

    def ongoing_value(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("ongoing") or "")


class FollowUpForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Report reference"),
        help_text=_("For example, RPT-7KQ2-M9XD"),
        max_length=20,
        error_messages={"required": _("Enter your report reference")},
    )
    receipt = forms.CharField(
        label=_("Receipt code"),
        help_text=_("The 20-character code you were given when you sent the report"),
        max_length=40,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter your receipt code")},
    )


class ReporterMessageForm(GovukFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message or new information"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": _("Enter your message")},
    )
    files = MultipleFileField(label=_("Add files (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _file_help()


# ------------------------------------------------------------------ inside


class TeamMessageForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of message",
        choices=[(k.value, k.label) for k in (MessageKind.ACKNOWLEDGEMENT, MessageKind.UPDATE, MessageKind.FEEDBACK)],
        widget=forms.RadioSelect,
        initial=MessageKind.ACKNOWLEDGEMENT,
    )
    body = forms.CharField(
        label="Message to the reporter",
        help_text="The reporter reads this when they come back with their receipt code. Do not name anyone.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )


class NoteForm(GovukFormMixin, forms.Form):
    body = forms.CharField(
        label="Internal note",
        help_text="Never shown to the reporter.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )


class LinkForm(GovukFormMixin, forms.Form):
    staff_number = forms.CharField(label="Staff number", max_length=20)
    reason = forms.CharField(label="Why is this person linked?", max_length=500)


class UnlinkForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Why remove the link?", max_length=500)


class ConductMatterForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(label="Summary for the conduct matter", max_length=300)
    reason = forms.CharField(
        label="Rationale",
        help_text="Why this report needs a conduct matter. Linked people become its subjects.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CloseForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(label="Reason for closing", choices=ClosureReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class IdentityForm(GovukFormMixin, forms.Form):
    purpose = forms.CharField(
        label="Why do you need the reporter's contact details?",
        help_text="Recorded in the access log with your name.",
        max_length=300,
    )


class StepUpForm(GovukFormMixin, forms.Form):
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class IntermediaryImportForm(GovukFormMixin, forms.Form):
    intermediary = forms.CharField(label="Intermediary", help_text="For example, Crimestoppers", max_length=80)
    file = forms.FileField(label="Batch file (CSV)")
