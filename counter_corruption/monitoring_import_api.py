"""Routes of lawful business monitoring (filled in by its part)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
