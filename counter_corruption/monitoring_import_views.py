"""The unit's pages for audit-extract imports: the list with an upload form, and one import with
its progress (polled while the workers run), its figures and its bad rows by line number. Unit
members only (anyone else: 404); every read is an access event."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from audit.access import get_visible_or_404, log_list_read
from core.forms import GovukFormMixin

from .models import AuditImport, ImportOrigin
from .monitoring_import import header_problem, import_create, import_enqueue, import_progress
from .selectors import is_unit_member, unit_member_or_404

MAX_UPLOAD_BYTES = 8 * 1024**3


def imports_visible_to(*, user):
    """Every import for a member of the unit; nothing for anyone else."""
    return AuditImport.objects.all() if is_unit_member(user) else AuditImport.objects.none()


class AuditExtractForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Audit extract (CSV)",
        help_text="One row per search or view, with a header row: system, event_id, occurred_at, staff_number, "
        "action, query_type, and the optional result columns.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError("The file is empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The file is larger than 8 GB: put it in the drop folder instead")
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("Choose a CSV file (.csv)")
        head = upload.read(65536)
        upload.seek(0)
        problem = header_problem(head)
        if problem:
            raise ValidationError(problem)
        return upload


@login_required
def import_list(request):
    unit_member_or_404(request.user)
    form = AuditExtractForm()
    status = 200
    if request.method == "POST":
        form = AuditExtractForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            imp = import_create(source=upload, filename=upload.name, origin=ImportOrigin.UPLOAD, actor=request.user)
            import_enqueue(imp)
            messages.success(request, "Extract received: the import has started.")
            return redirect("counter_corruption:monitoring-import", public_id=imp.public_id)
        status = 400
    page = Paginator(imports_visible_to(user=request.user).select_related("uploaded_by"), 25).get_page(
        request.GET.get("page")
    )
    log_list_read(
        user=request.user, objects=page.object_list, purpose="monitoring: audit extract imports", request=request
    )
    return render(request, "counter_corruption/monitoring/imports.html", {"page": page, "form": form}, status=status)


@login_required
def import_detail(request, public_id):
    unit_member_or_404(request.user)
    polling = bool(request.headers.get("HX-Request"))
    imp = get_visible_or_404(
        user=request.user,
        selector=imports_visible_to,
        lookup={"public_id": public_id},
        purpose="monitoring: an audit extract import and its bad rows",
        request=request,
        log=not polling,  # the progress fragment polled every 2 s: the page's own read is logged
    )
    context = {"imp": imp, "progress": import_progress(imp)}
    template = (
        "counter_corruption/monitoring/_import_progress.html"
        if polling
        else "counter_corruption/monitoring/import.html"
    )
    return render(request, template, context)
