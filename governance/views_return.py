"""The Home Office return's page (headline tables: exact for analysts, suppressed for the oversight
reader) and the analysts' download of the file. Anyone else: 404."""

import io
import tempfile
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from audit.choices import AccessAction
from audit.services import access_event_record

from .home_office import headline_tables, last_complete_year, write_return_csv
from .management.commands.export_home_office_return import FIRST_YEAR
from .roles import RETURN_EXACT_READERS, RETURN_PUBLISHED_READERS


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="Financial year (2025 = April 2025 to March 2026)",
        min_value=FIRST_YEAR,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > date.today().year:
            raise forms.ValidationError(f"Enter a year no later than {date.today().year}.")
        return year


def _exact(user) -> bool:
    if user.has_role(*RETURN_EXACT_READERS):
        return True
    if user.has_role(*RETURN_PUBLISHED_READERS):
        return False
    raise Http404


@login_required
def return_page(request):
    exact = _exact(request.user)
    form = YearForm(request.GET if "year" in request.GET else {"year": last_complete_year()})
    if not form.is_valid():
        return render(request, "governance/return/page.html", {"form": form, "exact": exact}, status=400)
    year = form.cleaned_data["year"]
    tables = headline_tables(year, published=not exact, allow_stale=True)
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="home_office_return",
        object_id=str(year),
        object_label=f"Home Office return {year}/{str(year + 1)[2:]} headline tables"[:120],
        purpose="Home Office return headline tables" + ("" if exact else " (published, suppressed)"),
        request=request,
    )
    return render(request, "governance/return/page.html", {"form": form, "exact": exact, "tables": tables})


@login_required
def return_csv(request, year: int):
    if not request.user.has_role(*RETURN_EXACT_READERS) or not FIRST_YEAR <= year <= date.today().year:
        raise Http404
    access_event_record(
        actor=request.user,
        action=AccessAction.DISCLOSE,
        object_type="home_office_return",
        object_id=str(year),
        object_label=f"Home Office return {year}/{str(year + 1)[2:]} (CSV)",
        purpose="Home Office return downloaded",
        request=request,
    )
    spool = tempfile.SpooledTemporaryFile(max_size=2**20, mode="w+b")
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    write_return_csv(year, text)
    text.flush()
    text.detach()
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"home-office-return-{year}.csv", content_type="text/csv")
