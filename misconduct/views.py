import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        connection.close()
        return False


def _redis_ok() -> bool:
    from urllib.parse import parse_qs, urlsplit

    import redis

    url = settings.REDIS_URL
    options = {"socket_timeout": 2, "socket_connect_timeout": 2}
    try:
        if url.startswith("redis+socket://"):  # the embedded Redis (kombu's spelling)
            parts = urlsplit(url)
            db = int(parse_qs(parts.query).get("virtual_host", ["0"])[0] or 0)
            client = redis.Redis(unix_socket_path=parts.path, db=db, **options)
        else:
            client = redis.Redis.from_url(url.split("?", 1)[0], **options)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.exceptions.RedisError, OSError, ValueError):
        return False


def health_checks() -> dict[str, str]:
    return {
        "database": "ok" if _database_ok() else "unreachable",
        "redis": "ok" if _redis_ok() else "unreachable",
    }


def healthz(request=None):
    """For load balancers: JSON, 200 when the database and the broker answer, else 503 naming
    what failed. No personal data."""
    checks = health_checks()
    healthy = all(value == "ok" for value in checks.values())
    if not healthy:
        logger.warning("health check failed: %s", checks)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )


class HealthzMiddleware:
    """Answers /healthz before any other middleware: the session, authentication and lockout
    middleware read the database, so with it down they would turn the answer into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            response = healthz(request)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def _portal(request) -> bool:
    from reporting.middleware import is_portal_request

    return is_portal_request(request)


def error_404(request, exception=None):
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 404}, status=404)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 404}, status=404)
    return render(request, "errors/404.html", status=404)


# The last resort when even the error page cannot be drawn: no template, no database.
_BARE_500 = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Sorry, there is a problem with the service</title></head><body>
<h1>Sorry, there is a problem with the service</h1>
<p>Try again later. The problem has been logged.</p><p><a href="/">Go to the home page</a></p>
</body></html>"""


def error_500(request):
    """The service's own error page, drawn without the request's context processors (they read the
    user, roles and notifications from the database, which may be what failed)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side. It has been logged."}, status=500)
    context = {
        "code": 500,
        "service_name": settings.SERVICE_NAME,
        "force_name": settings.FORCE_NAME,
        "demo_mode": settings.DEMO_MODE,
    }
    template = "reporting/public/error.html" if _portal(request) else "errors/500.html"
    try:
        return HttpResponse(loader.render_to_string(template, context), status=500)
    except Exception:  # noqa: BLE001 - whatever broke the page must not break the error page
        logger.exception("the error page could not be drawn")
        return HttpResponse(_BARE_500, status=500)


def error_403(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to do that."}, status=403)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 403}, status=403)
    return render(request, "errors/403.html", status=403)


def error_400(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 400}, status=400)
    return render(request, "errors/400.html", status=400)


def csrf_failure(request, reason=""):
    """The form's security token was missing or stale (an old tab, cookies blocked): say so plainly."""
    template = "reporting/public/error.html" if _portal(request) else "errors/403.html"
    return render(request, template, {"code": 403, "csrf": True}, status=403)
