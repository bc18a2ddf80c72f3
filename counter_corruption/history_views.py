"""A person's integrity history (page and API) and the unit's person finder.

Opening a history is an access event on the person (``audit.access.log_read``, purpose "integrity
history"); a search of the finder is one too, with the search term in its purpose (searching for a
person by name is itself a disclosure that the unit is interested in them)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.access import log_list_read

from .history import KINDS, history_as_json, integrity_history, people_findable_by, person_for_history
from .selectors import is_unit_member

FINDER_LIMIT = 50
PAGE_PURPOSE = "integrity history"
API_PURPOSE = "integrity history (API)"


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or staff number",
        min_length=2,
        max_length=100,
        error_messages={
            "required": "Enter a name or a staff number",
            "min_length": "Enter at least 2 characters of a name or a staff number",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-one-half", "spellcheck": "false"}),
    )


@login_required
def person_history(request, public_id):
    person = person_for_history(user=request.user, public_id=public_id, purpose=PAGE_PURPOSE, request=request)
    kinds = request.GET.getlist("kind")
    history = integrity_history(user=request.user, person=person, kinds=kinds)
    return render(
        request,
        "counter_corruption/history/person.html",
        {"history": history, "person": person, "kind_labels": KINDS, "unit_member": is_unit_member(request.user)},
    )


@login_required
def person_finder(request):
    if not is_unit_member(request.user):
        raise Http404
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    people, term = None, ""
    if form.is_bound and form.is_valid():
        term = " ".join(form.cleaned_data["q"].split())
        if term:
            people = list(people_findable_by(user=request.user, term=term)[:FINDER_LIMIT])
            log_list_read(
                user=request.user,
                objects=people,
                purpose=f"integrity history person search for '{term}'",
                request=request,
                what="person",
            )
    return render(
        request,
        "counter_corruption/history/finder.html",
        {"form": form, "term": term, "people": people, "limit": FINDER_LIMIT},
    )


@extend_schema(
    tags=["counter-corruption"],
    parameters=[OpenApiParameter("kind", str, many=True, description="Only these kinds on the timeline")],
    responses={200: dict},
)
class PersonHistoryView(APIView):
    def get(self, request, public_id):
        """A person's integrity history: every entry the caller may see, counts by kind and by theme."""
        person = person_for_history(user=request.user, public_id=public_id, purpose=API_PURPOSE, request=request)
        history = integrity_history(user=request.user, person=person, kinds=request.query_params.getlist("kind"))
        return Response(history_as_json(history))
