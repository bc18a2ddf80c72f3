"""Link analysis pages, for members of the counter-corruption unit only (anyone else: 404): the
network around a person (picture and list), an entity and its links, the link alerts and one
alert with its decision. Every page writes an access event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from audit.access import get_visible_or_404, log_list_read

from .choices import LinkAlertStatus
from .links import link_alert_decide
from .links_forms import LinkAlertDecideForm, LinkAlertFilter, NetworkForm
from .links_selectors import (
    entities_visible_to,
    entity_links_visible_to,
    link_alerts_visible_to,
    network_people_visible_to,
    people_hidden_from,
)
from .network import network_build, network_rows, network_svg, source_links
from .selectors import unit_member_or_404


def network_for(request, public_id):
    """(person, network, form, sources) for the page and the API; 404 when the viewer may not."""
    unit_member_or_404(request.user)
    form = NetworkForm({"depth": request.GET.get("depth", "1")})  # no depth given: 1
    depth = form.cleaned_data["depth"] if form.is_valid() else 1
    person = get_visible_or_404(
        user=request.user,
        selector=network_people_visible_to,
        lookup={"public_id": public_id},
        purpose=f"link analysis: network around a person (depth {depth})",
        request=request,
    )
    network = network_build(person=person, hidden=people_hidden_from(user=request.user), depth=depth)
    return person, network, form, source_links(user=request.user, edges=network.edges)


@login_required
def network(request, public_id):
    person, graph, form, sources = network_for(request, public_id)
    title = f"Links around {person.display_name} ({person.staff_number}), depth {graph.depth}"
    return render(
        request,
        "counter_corruption/links/network.html",
        {
            "person": person,
            "network": graph,
            "form": form,
            "svg": mark_safe(network_svg(graph, title=title)),  # noqa: S308 (built escaped in network.py)
            "rows": network_rows(network=graph, sources=sources),
            "title": title,
        },
    )


@login_required
def entity(request, public_id):
    unit_member_or_404(request.user)
    thing = get_visible_or_404(
        user=request.user,
        selector=entities_visible_to,
        lookup={"public_id": public_id},
        purpose="link analysis: an entity and its links",
        request=request,
    )
    links = list(
        entity_links_visible_to(user=request.user)
        .filter(entity=thing)
        .select_related("person", "person__unit")
        .order_by("person__surname", "source_kind", "id")[:500]
    )
    edges = {("", ""): {(link.source_kind, link.source_id) for link in links}}
    sources = source_links(user=request.user, edges=edges)
    rows = [
        {"link": link, "source": sources.get((link.source_kind, link.source_id), (link.get_source_kind_display(), ""))}
        for link in links
    ]
    return render(request, "counter_corruption/links/entity.html", {"entity": thing, "rows": rows})


@login_required
def alerts(request):
    unit_member_or_404(request.user)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = LinkAlertStatus.OPEN
    filterset = LinkAlertFilter(data, queryset=link_alerts_visible_to(user=request.user))
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(queryset.order_by("-raised_at", "-id"), 50).get_page(request.GET.get("page"))
    log_list_read(
        user=request.user, objects=page.object_list, purpose="link analysis: link alerts", request=request,
        what="link_alert",
    )  # fmt: skip
    return render(request, "counter_corruption/links/alerts.html", {"page": page, "filter": filterset})


@login_required
@require_http_methods(["GET", "POST"])
def alert(request, public_id):
    unit_member_or_404(request.user)
    found = get_visible_or_404(
        user=request.user,
        selector=link_alerts_visible_to,
        lookup={"public_id": public_id},
        purpose="link analysis: a link alert",
        request=request,
    )
    hidden = people_hidden_from(user=request.user)
    form = LinkAlertDecideForm(request.POST or None)
    if request.method == "POST":
        if found.status != LinkAlertStatus.OPEN:
            form.add_error(None, "This alert has already been decided.")
        elif form.is_valid():
            try:
                link_alert_decide(
                    actor=request.user, alert=found, outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Decision recorded.")
                return redirect("counter_corruption:link-alert", public_id=found.public_id)
    others = [p for p in found.other_people.select_related("unit").order_by("surname") if p.id not in hidden]
    links = list(
        entity_links_visible_to(user=request.user, hidden=hidden)
        .filter(entity=found.entity)
        .select_related("person")
        .order_by("recorded_at", "id")[:200]
    )
    sources = source_links(user=request.user, edges={("", ""): {(k.source_kind, k.source_id) for k in links}})
    rows = [{"link": k, "source": sources.get((k.source_kind, k.source_id), ("", ""))} for k in links]
    decision = getattr(found, "decision", None) if found.status != LinkAlertStatus.OPEN else None
    return render(
        request,
        "counter_corruption/links/alert.html",
        {"alert": found, "others": others, "rows": rows, "form": form, "decision": decision},
    )
