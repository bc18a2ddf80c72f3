import re
import uuid

import pghistory
from django.db import connection
from pghistory.middleware import HistoryMiddleware

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a sane one from the proxy) for logs, history and audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "client_key"):  # the public portal (reporting.middleware ran first)
            # No id shared with a proxy: one kept in both places would link a report to the
            # proxy's record of the sender's address.
            request.request_id = ""
            return self.get_response(request)
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class HistoryContextMiddleware(HistoryMiddleware):
    """pghistory context for every write: user, username, URL and request id."""

    def get_context(self, request):
        user = getattr(request, "user", None)
        user_id = (
            user._meta.pk.get_db_prep_value(user.pk, connection)
            if user is not None and hasattr(user, "_meta")
            else None
        )
        return {
            "user": user_id,
            "username": getattr(user, "username", None) or None,
            "url": request.path,
            "request_id": getattr(request, "request_id", ""),
        }


def history_reason(reason: str) -> None:
    """Add the person's stated reason to the current change's history context."""
    pghistory.context(reason=reason)
