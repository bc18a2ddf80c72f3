"""One search box: references, names, staff numbers, shoulder numbers and free text across matters,
reports, hits and people, need-to-know applied, each search logged (workday.search)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .search import KINDS, SearchTermError, kinds_for, search


def _wanted_kinds(values) -> list[str]:
    return [kind for kind in values if kind in KINDS]


@login_required
def search_page(request):
    q = request.GET.get("q", "")
    allowed = kinds_for(request.user)
    wanted = _wanted_kinds(request.GET.getlist("kind"))
    groups, message = [], ""
    if "q" in request.GET:
        try:
            groups = search(request.user, q, kinds=wanted or None, request=request)
        except SearchTermError as error:
            message = str(error)
    return render(
        request,
        "workday/search.html",
        {
            "q": q,
            "search_q": q[:200],
            "groups": groups,
            "message": message,
            "searched": "q" in request.GET and not message,
            "total": sum(group.count for group in groups),
            "kind_options": [(kind, KINDS[kind][0], kind in wanted) for kind in allowed],
            "no_kinds": not allowed,
        },
    )


class SearchView(APIView):
    @extend_schema(
        tags=["search"],
        parameters=[
            OpenApiParameter("q", str, required=True, description="Reference, name, staff or shoulder number, or words"),
            OpenApiParameter("kind", str, many=True, description="Only these kinds: " + ", ".join(KINDS)),
            OpenApiParameter("limit", int, description="Results per group (1-50, default 10)"),
        ],
        responses={200: dict, 400: dict},
    )
    def get(self, request):
        """Search the records the caller may open: groups with counts and the first results of each."""
        try:
            limit = int(request.query_params.get("limit", 10))
        except ValueError:
            return Response({"limit": ["Give a whole number from 1 to 50."]}, status=400)
        if not 1 <= limit <= 50:
            return Response({"limit": ["Give a whole number from 1 to 50."]}, status=400)
        unknown = [k for k in request.query_params.getlist("kind") if k not in KINDS]
        if unknown:
            return Response({"kind": [f"Unknown kind {k!r}: use one of {', '.join(KINDS)}." for k in unknown]}, 400)
        try:
            groups = search(
                request.user,
                request.query_params.get("q", ""),
                kinds=request.query_params.getlist("kind") or None,
                limit=limit,
                request=request,
            )
        except SearchTermError as error:
            return Response({"q": [str(error)]}, status=400)
        return Response(
            {"q": " ".join(request.query_params.get("q", "").split()), "groups": [g.as_dict() for g in groups]}
        )
