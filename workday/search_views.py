"""One search box: references, names, staff numbers, shoulder numbers and free text across matters,
reports, hits and people, need-to-know applied, each search logged (workday.search)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def search(request):
    # TEMP (foundation): the search helper builds workday/search.py and this page
    return render(request, "workday/search.html", {"q": request.GET.get("q", ""), "groups": []})
