"""On the public portal, the client address never reaches the application.

Runs first. For a request to the portal it derives the rate-limit key (a keyed hash) from the
address and then blanks the address and every forwarding header in the request, so no view,
log record, error report, history row or access event further on can contain it. The web
server's access log is configured without addresses as well (gunicorn.conf.py).
"""

from django.conf import settings

from .ratelimit import client_address, keyed_hash

_ADDRESS_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_X_CLIENT_IP",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_X_CLUSTER_CLIENT_IP",
)


def is_portal_request(request) -> bool:
    return settings.PORTAL_ONLY or request.path.startswith(settings.PORTAL_URL_PREFIX)


class PortalPrivacyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.STATIC_URL) and not settings.PORTAL_ONLY:
            # Stylesheets and scripts fetched by the same people: no address kept for them either.
            _scrub(request)
        elif is_portal_request(request):
            request.client_key = keyed_hash(client_address(request))
            _scrub(request)
        return self.get_response(request)


def _scrub(request) -> None:
    request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104 - a placeholder, not a bind address
    for header in _ADDRESS_HEADERS:
        request.META.pop(header, None)
