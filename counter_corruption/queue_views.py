"""/counter-corruption/queue/ (the unit's home) and /api/counter-corruption/queue/: the unit's
queue, highest score first, each item with the reasons for its score."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView

from audit.access import log_list_read
from core.api import NoCountPagination
from core.pagination import count_free_page

from .models import QueueItemKind, UnitQueueItem
from .queue import UnitQueueFilter, queue_items_by_id, queue_items_visible_to
from .selectors import is_unit_member

PAGE_SIZE = 25
PURPOSE = "counter-corruption queue"


@login_required
def queue(request):
    if not is_unit_member(request.user):
        raise Http404
    filterset = UnitQueueFilter(request.GET or None, queryset=queue_items_visible_to(user=request.user))
    # the page's ids from a lean query down the score index (no COUNT), then the rows
    page = count_free_page(filterset.qs.values_list("id", flat=True), requested=request.GET.get("page"), size=PAGE_SIZE)
    rows = queue_items_by_id(page.rows)
    log_list_read(
        user=request.user, objects=rows, purpose=PURPOSE, request=request, what="counter_corruption_queue_item"
    )
    return render(
        request,
        "counter_corruption/queue/queue.html",
        {
            "filter": filterset,
            "rows": rows,
            "page": page,
            "query": urlencode([(k, v) for k, v in request.GET.items() if k != "page"]),
            "today": timezone.localdate(),
        },
    )


class ComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = serializers.FloatField()
    detail = serializers.CharField()


class QueueItemSerializer(serializers.ModelSerializer):
    """One item: what it is (a log's reference and grading, or an alert's officer and entity),
    its score and the components behind it. Never a log's text."""

    id = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    components = ComponentSerializer(many=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    pending = serializers.SerializerMethodField()

    class Meta:
        model = UnitQueueItem
        fields = ["kind", "id", "url", "reference", "status", "score", "components", "themes", "owner",
                  "review_due", "scored_at", "pending"]  # fmt: skip

    def get_id(self, item) -> str:
        return str(item.source.public_id)

    def get_url(self, item) -> str | None:
        return f"/counter-corruption/intelligence/{item.log.public_id}/" if item.kind == QueueItemKind.LOG else None

    def get_reference(self, item) -> str:
        if item.kind == QueueItemKind.LOG:
            return item.log.reference
        return f"{item.alert.person.staff_number} / {item.alert.entity.display}"

    def get_pending(self, item) -> bool:
        return item.requested_at is not None


@extend_schema(tags=["counter-corruption"])
class QueueAPIView(GenericAPIView):
    """The unit's queue, highest score first, with the reasons for each score. Unit members only
    (others 404); filters: kind (log, alert), theme (code), status, owner (username), overdue."""

    serializer_class = QueueItemSerializer
    filterset_class = UnitQueueFilter
    pagination_class = NoCountPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UnitQueueItem.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return queue_items_visible_to(user=self.request.user)

    def get(self, request, *args, **kwargs):
        filterset = UnitQueueFilter(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        ids = self.paginate_queryset(filterset.qs.values_list("id", flat=True))
        rows = queue_items_by_id(list(ids))
        log_list_read(
            user=request.user,
            objects=rows,
            purpose=f"{PURPOSE} (API)",
            request=request,
            what="counter_corruption_queue_item",
        )
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
