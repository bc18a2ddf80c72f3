"""The network around a workforce person, as data (for the list and the API) and as a picture
(server-side SVG: no script, no external request, works under a strict CSP).

Depth 1: the person, the entities linked to them, and the other people linked to those entities.
Depth 2: also those people's entities and the people linked to them. People the viewer must not
see (links_selectors.people_hidden_from) are never nodes. At most ``CAP`` nodes, nearest first
(and within a ring, the most connected first); the page says when the picture is capped.

Layout: concentric rings by distance from the centre; each node sits near the mean angle of the
nodes that brought it in, then the ring is spread evenly in that order, so edges stay short and
labels never overlap (radial labels once a ring is crowded).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from workforce.models import Person

from .choices import EntityKind, LinkSource
from .models import Entity, EntityLink, IntelSubject

CAP = 200
PER_LEVEL_LINKS = 20_000  # a hub (a busy address) must not pull the whole force into one page


@dataclass
class Node:
    key: str  # "p<id>" or "e<id>"
    kind: str  # "officer" or an EntityKind value
    label: str
    ring: int
    public_id: str
    detail: str = ""
    subject: bool = False  # a workforce person who is a subject of intelligence or a conduct matter
    nominal: bool = False
    parents: list[str] = field(default_factory=list)
    degree: int = 0
    x: float = 0.0
    y: float = 0.0
    angle: float = 0.0


@dataclass
class Network:
    centre: Node
    nodes: list[Node]
    edges: dict[tuple[str, str], set[tuple[str, str]]]  # (person node, entity node) -> {(source_kind, source_id)}
    found: int  # nodes before the cap
    depth: int

    @property
    def capped(self) -> bool:
        return self.found > len(self.nodes)


def _person_label(person) -> str:
    return f"{person.forenames.split(' ')[0].title()} {person.surname.title()} ({person.staff_number})"


def network_build(*, person: Person, hidden: set[int], depth: int, cap: int = CAP) -> Network:
    """The nodes and edges around ``person``; ``hidden`` people are left out entirely."""
    links: list[tuple[int, int, str, str]] = []  # (person_id, entity_id, source_kind, source_id)
    ring_of: dict[str, int] = {f"p{person.id}": 0}
    parents: dict[str, list[str]] = defaultdict(list)
    frontier_people = {person.id}
    for level in range(depth):
        rows = list(
            EntityLink.objects.filter(person_id__in=frontier_people)
            .order_by("id")
            .values_list("person_id", "entity_id", "source_kind", "source_id")[:PER_LEVEL_LINKS]
        )
        entity_ids = set()
        for p, e, kind, source in rows:
            links.append((p, e, kind, source))
            key = f"e{e}"
            if key not in ring_of:
                ring_of[key] = 2 * level + 1
                entity_ids.add(e)
            if ring_of[key] == 2 * level + 1:
                parents[key].append(f"p{p}")
        rows = list(
            EntityLink.objects.filter(entity_id__in=entity_ids)
            .exclude(person_id__in=hidden)
            .order_by("id")
            .values_list("person_id", "entity_id", "source_kind", "source_id")[:PER_LEVEL_LINKS]
        )
        frontier_people = set()
        for p, e, kind, source in rows:
            links.append((p, e, kind, source))
            key = f"p{p}"
            if key not in ring_of:
                ring_of[key] = 2 * level + 2
                frontier_people.add(p)
            if ring_of[key] == 2 * level + 2:
                parents[key].append(f"e{e}")
    # edges and degrees among everything found
    edges: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for p, e, kind, source in links:
        if p in hidden:
            continue
        edges[(f"p{p}", f"e{e}")].add((kind, source))
    degree: dict[str, int] = defaultdict(int)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    found = len(ring_of)
    # the cap: nearest rings first, then most connected
    chosen = sorted(ring_of, key=lambda k: (ring_of[k], -degree[k], k))[:cap]
    chosen_set = set(chosen)
    edges = {pair: sources for pair, sources in edges.items() if pair[0] in chosen_set and pair[1] in chosen_set}
    nodes = _nodes(chosen, ring_of, parents, degree, chosen_set)
    centre = next(n for n in nodes if n.ring == 0)
    return Network(centre=centre, nodes=nodes, edges=edges, found=found, depth=depth)


def _nodes(chosen, ring_of, parents, degree, chosen_set) -> list[Node]:
    person_ids = [int(k[1:]) for k in chosen if k[0] == "p"]
    entity_ids = [int(k[1:]) for k in chosen if k[0] == "e"]
    people = {p.id: p for p in Person.objects.filter(id__in=person_ids).select_related("unit")}
    entities = {e.id: e for e in Entity.objects.filter(id__in=entity_ids)}
    intel_subjects = set(IntelSubject.objects.filter(person_id__in=person_ids).values_list("person_id", flat=True))
    from cases.models import CaseSubject

    conduct_subjects = set(CaseSubject.objects.filter(person_id__in=person_ids).values_list("person_id", flat=True))
    nodes = []
    for key in chosen:
        ident = int(key[1:])
        common = {
            "key": key,
            "ring": ring_of[key],
            "degree": degree[key],
            "parents": [p for p in parents.get(key, []) if p in chosen_set],
        }
        if key[0] == "p":
            person = people[ident]
            nodes.append(
                Node(
                    kind="officer",
                    label=_person_label(person),
                    public_id=str(person.public_id),
                    detail=f"{person.rank_or_grade}, {person.unit.name}" if person.unit_id else person.rank_or_grade,
                    subject=ident in intel_subjects or ident in conduct_subjects,
                    **common,
                )
            )
        else:
            entity = entities[ident]
            nodes.append(
                Node(
                    kind=entity.kind,
                    label=entity.display,
                    public_id=str(entity.public_id),
                    detail=entity.get_kind_display(),
                    nominal=entity.is_nominal,
                    **common,
                )
            )
    return nodes


# ---------------------------------------------------------------- sources the viewer may open


def source_links(*, user, edges) -> dict[tuple[str, str], tuple[str, str]]:
    """(source_kind, source_id) -> (label, href or '') for every source in the edges; a link only
    where the viewer may open the record (each source app's own selector decides)."""
    from cases.selectors import cases_visible_to
    from reporting.selectors import reports_visible_to
    from vetting.selectors import hits_visible_to

    from .selectors import intel_logs_visible_to

    wanted: dict[str, set[str]] = defaultdict(set)
    for sources in edges.values():
        for kind, source in sources:
            wanted[kind].add(source)
    out: dict[tuple[str, str], tuple[str, str]] = {}
    labels = dict(LinkSource.choices)
    for kind, ids in wanted.items():
        for source in ids:
            out[(kind, source)] = (labels.get(kind, kind), "")
    if wanted.get(LinkSource.INTELLIGENCE):
        rows = intel_logs_visible_to(user=user).filter(public_id__in=list(wanted[LinkSource.INTELLIGENCE]))
        for public_id, reference in rows.values_list("public_id", "reference"):
            out[(LinkSource.INTELLIGENCE, str(public_id))] = (
                reference,
                _href("counter_corruption:intel-detail", public_id=public_id),
            )
    if wanted.get(LinkSource.CONDUCT):
        for reference in (
            cases_visible_to(user=user)
            .filter(reference__in=list(wanted[LinkSource.CONDUCT]))
            .values_list("reference", flat=True)
        ):
            out[(LinkSource.CONDUCT, reference)] = (reference, _href("cases:detail", reference=reference))
    if wanted.get(LinkSource.SCREENING):
        rows = hits_visible_to(user=user).filter(public_id__in=list(wanted[LinkSource.SCREENING]))
        for public_id, category in rows.values_list("public_id", "category"):
            out[(LinkSource.SCREENING, str(public_id))] = (
                f"Screening hit ({category.replace('_', ' ')})",
                _href("vetting:hit", public_id=public_id),
            )
    if wanted.get(LinkSource.REPORT):
        for reference in (
            reports_visible_to(user=user)
            .filter(reference__in=list(wanted[LinkSource.REPORT]))
            .values_list("reference", flat=True)
        ):
            out[(LinkSource.REPORT, reference)] = (reference, _href("reporting:report", reference=reference))
    return out


def _href(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the page is not served in this installation
        return ""


def network_rows(*, network: Network, sources: dict) -> list[dict]:
    """The accessible list: one row per entity with the people linked to it and the sources."""
    by_key = {n.key: n for n in network.nodes}
    rows: dict[str, dict] = {}
    for (p, e), links in sorted(network.edges.items()):
        entity = by_key[e]
        row = rows.setdefault(e, {"entity": entity, "people": []})
        row["people"].append(
            {
                "person": by_key[p],
                "sources": [
                    {"label": sources.get(s, (s[0], ""))[0], "href": sources.get(s, ("", ""))[1]} for s in sorted(links)
                ],
            }
        )
    return sorted(rows.values(), key=lambda r: (r["entity"].ring, -len(r["people"]), r["entity"].label))


def network_json(*, network: Network, sources: dict) -> dict:
    return {
        "centre": network.centre.public_id,
        "depth": network.depth,
        "nodes_found": network.found,
        "capped": network.capped,
        "nodes": [
            {
                "id": n.key,
                "public_id": n.public_id,
                "kind": n.kind,
                "label": n.label,
                "ring": n.ring,
                "subject": n.subject,
                "nominal": n.nominal,
            }
            for n in network.nodes
        ],
        "edges": [
            {
                "person": p,
                "entity": e,
                "sources": [
                    {"kind": s[0], "label": sources.get(s, (s[0], ""))[0], "url": sources.get(s, ("", ""))[1]}
                    for s in sorted(links)
                ],
            }
            for (p, e), links in sorted(network.edges.items())
        ],
    }


# ---------------------------------------------------------------- layout and picture

SPACING = 17.0  # px along a ring between neighbours (a label line is 12 px high)
RING_GAP = 150.0
LABEL_ROOM = 280.0  # a radial label: 30 characters and a " · subject" mark, at 12 px
LEGEND_WIDTH = 560.0
HORIZONTAL_LABELS_UP_TO = 10  # a sparse ring keeps its labels level
LEVEL_LABEL_WIDTH = 190.0  # px a level label needs along its ring

STYLE = {  # kind -> (fill, label in the legend); shapes in _shape
    "centre": ("#0b0c0c", "The person at the centre"),
    "officer": ("#1d70b8", "Officer or member of staff"),
    EntityKind.OUTSIDE_PERSON: ("#d4351c", "Person outside the force"),
    EntityKind.ADDRESS: ("#00703c", "Address"),
    EntityKind.PHONE: ("#912b88", "Phone number"),
    EntityKind.VEHICLE: ("#f47738", "Vehicle"),
    EntityKind.BUSINESS: ("#6f4e37", "Business"),
    EntityKind.EMAIL: ("#28a197", "E-mail address"),
}


def layout(network: Network) -> dict[int, float]:
    """Place every node; returns each ring's radius."""
    rings: dict[int, list[Node]] = defaultdict(list)
    for node in network.nodes:
        rings[node.ring].append(node)
    by_key = {n.key: n for n in network.nodes}
    radius = {0: 0.0}
    for ring in sorted(r for r in rings if r > 0):
        members = rings[ring]
        level = len(members) <= HORIZONTAL_LABELS_UP_TO
        for node in members:
            angles = [by_key[p].angle for p in node.parents if p in by_key and by_key[p].ring < ring]
            node.angle = _mean_angle(angles) if angles and ring > 1 else 0.0
        # a crowded ring's labels point outwards: the next ring starts beyond them
        before = len(rings[ring - 1]) > HORIZONTAL_LABELS_UP_TO and ring > 1
        radius[ring] = max(
            radius[ring - 1] + (LABEL_ROOM if before else RING_GAP), len(members) * SPACING / (2 * math.pi)
        )
        if ring == 1:
            members.sort(key=lambda n: (n.kind, -n.degree, n.label))
            step = 2 * math.pi / len(members)
            for i, node in enumerate(members):
                node.angle = -math.pi / 2 + i * step
        else:
            _spread(members, radius[ring], gap=(LEVEL_LABEL_WIDTH if level else SPACING) / radius[ring])
        for node in members:
            node.x = radius[ring] * math.cos(node.angle)
            node.y = radius[ring] * math.sin(node.angle)
    return radius


def _spread(members: list[Node], r: float, *, gap: float) -> None:
    """Keep each node near its wanted angle, at least ``gap`` radians from its neighbours; a ring too
    full for that is spread evenly in the same order."""
    members.sort(key=lambda n: (n.angle, n.label))
    wanted = [n.angle for n in members]
    placed = list(wanted)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = sum(w - p for w, p in zip(wanted, placed, strict=True)) / len(placed)  # centre the block
    if placed[-1] - placed[0] > 2 * math.pi - gap:  # the block would meet its own start
        step = 2 * math.pi / len(members)
        placed, shift = [wanted[0] + i * step for i in range(len(members))], 0.0
    for node, angle in zip(members, placed, strict=True):
        node.angle = angle + shift


def _mean_angle(angles: list[float]) -> float:
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def _shape(kind: str, x: float, y: float, fill: str, size: float = 7.0, extra: str = "") -> str:
    s = size
    if kind in ("officer", "centre"):
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{fill}"{extra}/>'
    if kind == EntityKind.OUTSIDE_PERSON:
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}"{extra}/>'
    if kind == EntityKind.VEHICLE:
        return (
            f'<rect x="{x - 1.5 * s:.1f}" y="{y - 0.8 * s:.1f}" width="{3 * s:.1f}" height="{1.6 * s:.1f}" '
            f'rx="3" fill="{fill}"{extra}/>'
        )
    points = {
        EntityKind.PHONE: [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        EntityKind.ADDRESS: [(0, -1.3), (1.2, -0.3), (1.0, 1.1), (-1.0, 1.1), (-1.2, -0.3)],
        EntityKind.BUSINESS: [(math.cos(a), math.sin(a)) for a in (i * math.pi / 3 for i in range(6))],
        EntityKind.EMAIL: [(-1.2, -0.9), (1.2, -0.9), (0, 1.2)],
    }.get(kind, [(0, -1.2), (1.2, 1.0), (-1.2, 1.0)])
    text = " ".join(f"{x + px * s * 1.1:.1f},{y + py * s * 1.1:.1f}" for px, py in points)
    return f'<polygon points="{text}" fill="{fill}"{extra}/>'


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_svg(network: Network, *, title: str) -> str:
    """The picture, as an SVG document fragment (escaped: safe to insert into a page)."""
    radius = layout(network)
    crowded = {ring for ring in radius if sum(1 for n in network.nodes if n.ring == ring) > HORIZONTAL_LABELS_UP_TO}
    margin = LABEL_ROOM if crowded else 130.0
    xs, ys = [n.x for n in network.nodes], [n.y for n in network.nodes]
    left, right = min(xs) - margin, max(xs) + margin
    if right - left < LEGEND_WIDTH:
        left, right = (left + right - LEGEND_WIDTH) / 2, (left + right + LEGEND_WIDTH) / 2
    legend_height = 26 + 20 * (len(STYLE) + 2)
    top, bottom = min(ys) - (margin if crowded else 40) - legend_height - 10, max(ys) + (margin if crowded else 50)
    width, height = right - left, bottom - top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-network" viewBox="{left:.0f} {top:.0f} {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="network-title network-desc" font-family="Arial, sans-serif">',
        f'<title id="network-title">{escape(title)}</title>',
        f'<desc id="network-desc">{len(network.nodes)} nodes and {len(network.edges)} links'
        f"{' (capped: ' + str(network.found) + ' found)' if network.capped else ''}; the same network is listed "
        "in the table below the picture.</desc>",
        f'<rect x="{left:.0f}" y="{top:.0f}" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    for ring, r in sorted(radius.items()):
        if ring > 0:
            parts.append(f'<circle cx="0" cy="0" r="{r:.1f}" fill="none" stroke="#f3f2f1" stroke-width="1"/>')
    by_key = {n.key: n for n in network.nodes}
    parts.append('<g stroke="#b1b4b6" stroke-width="1" fill="none">')
    for (p, e), sources in network.edges.items():
        a, b = by_key[p], by_key[e]
        dashed = ' stroke-dasharray="4 3"' if all(k != LinkSource.INTELLIGENCE for k, _s in sources) else ""
        strong = ' stroke="#505a5f" stroke-width="1.6"' if a.ring == 0 else ""
        parts.append(f'<line x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" y2="{b.y:.1f}"{dashed}{strong}/>')
    parts.append("</g>")
    for node in sorted(network.nodes, key=lambda n: -n.ring):
        parts.append(_node_svg(node, crowded=node.ring in crowded))
    parts.append(_legend(left + 12, top + 12))
    parts.append("</svg>")
    return "".join(parts)


def _node_svg(node: Node, *, crowded: bool) -> str:
    kind = "centre" if node.ring == 0 else node.kind
    fill = STYLE.get(kind, ("#505a5f", ""))[0]
    size = 12.0 if node.ring == 0 else 7.0
    extra = ""
    if node.nominal or node.subject:
        extra = ' stroke="#ffdd00" stroke-width="3"' if node.subject else ' stroke="#0b0c0c" stroke-width="3"'
    shape = _shape(kind, node.x, node.y, fill, size, extra)
    label = (
        _short(node.label, 30 if crowded else 40)
        + (" · nominal" if node.nominal else "")
        + (" · subject" if node.subject else "")
    )
    weight = ' font-weight="bold"' if node.ring == 0 or node.nominal else ""
    if crowded:
        degrees = math.degrees(node.angle)
        flip = 90 < (degrees % 360) < 270
        distance = size + 5
        tx, ty = node.x + distance * math.cos(node.angle), node.y + distance * math.sin(node.angle)
        rotate = degrees + 180 if flip else degrees
        anchor = "end" if flip else "start"
        text = (
            f'<text x="{tx:.1f}" y="{ty:.1f}" dy="4" font-size="12" fill="#0b0c0c" text-anchor="{anchor}"'
            f' transform="rotate({rotate:.1f} {tx:.1f} {ty:.1f})"{weight}>{escape(label)}</text>'
        )
    else:
        text = (
            f'<text x="{node.x:.1f}" y="{node.y + size + 15:.1f}" font-size="13" fill="#0b0c0c" '
            f'text-anchor="middle"{weight} stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(label)}</text>'
        )
    return f"<g><title>{escape(node.detail + ': ' + node.label)}</title>{shape}{text}</g>"


def _legend(x: float, y: float) -> str:
    rows = [f'<text x="{x:.0f}" y="{y + 12:.0f}" font-size="14" font-weight="bold" fill="#0b0c0c">Key</text>']
    for i, (kind, (fill, label)) in enumerate(STYLE.items()):
        cy = y + 34 + 20 * i
        rows.append(_shape(kind, x + 10, cy, fill, 6.0 if kind != "centre" else 7.0))
        rows.append(f'<text x="{x + 26:.0f}" y="{cy + 4:.0f}" font-size="13" fill="#0b0c0c">{escape(label)}</text>')
    cy = y + 34 + 20 * len(STYLE)
    rows.append(_shape("officer", x + 10, cy, STYLE["officer"][0], 6.0, ' stroke="#ffdd00" stroke-width="3"'))
    rows.append(
        f'<text x="{x + 26:.0f}" y="{cy + 4:.0f}" font-size="13" fill="#0b0c0c">'
        "Yellow ring: subject of intelligence or a conduct matter; black outline: known nominal</text>"
    )
    cy += 20
    rows.append(
        f'<line x1="{x:.0f}" y1="{cy:.0f}" x2="{x + 20:.0f}" y2="{cy:.0f}" stroke="#b1b4b6" stroke-dasharray="4 3"/>'
    )
    rows.append(
        f'<text x="{x + 26:.0f}" y="{cy + 4:.0f}" font-size="13" fill="#0b0c0c">'
        "Dashed line: linked by a source other than intelligence</text>"
    )
    return "".join(rows)
