"""PORTAL_ONLY=1: the public reporting pages and nothing else (no sign-in, admin or API), for a
separate internet-facing deployment that shares the database with the internal service."""

from django.shortcuts import redirect
from django.urls import include, path

from . import views

urlpatterns = [
    path("", lambda request: redirect("portal:start"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("report/", include("reporting.public_urls")),
]

handler400 = "misconduct.views.error_400"
handler403 = "misconduct.views.error_403"
handler404 = "misconduct.views.error_404"
handler500 = "misconduct.views.error_500"
