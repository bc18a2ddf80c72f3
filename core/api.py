from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination, serializers
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """DRF's handler, plus Django validation errors as 400s with reasons."""
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return drf_exception_handler(exc, context)


class NoCountPagination(pagination.BasePagination):
    """Page-number pagination without COUNT(*): for queues that can hold a national caseload.
    Answers {next, previous, results}; `next` is null on the last page."""

    page_size = 25
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        from rest_framework.exceptions import NotFound

        from .pagination import PageOutOfRange, count_free_page, page_size

        self.request = request
        self.size = page_size(request.query_params.get("page_size"), default=self.page_size, maximum=self.max_page_size)
        try:
            page = count_free_page(
                queryset, requested=request.query_params.get("page"), size=self.size, past_end="raise"
            )
        except PageOutOfRange as exc:
            raise NotFound(str(exc)) from None  # as DRF's page-number pagination answers
        self.page, self.has_next = page.number, page.has_next
        return page.rows

    def _link(self, page):
        from rest_framework.utils.urls import replace_query_param

        return replace_query_param(self.request.build_absolute_uri(), "page", page)

    def get_paginated_response(self, data):
        from rest_framework.response import Response

        return Response(
            {
                "next": self._link(self.page + 1) if self.has_next else None,
                "previous": self._link(self.page - 1) if self.page > 1 else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
