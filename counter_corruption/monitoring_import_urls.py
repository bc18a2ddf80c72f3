"""Routes of lawful business monitoring: imports of audit extracts (under /counter-corruption/monitoring/)."""

from django.urls import path

from . import monitoring_import_views as views

urlpatterns = [
    path("imports/", views.import_list, name="monitoring-imports"),
    path("imports/<uuid:public_id>/", views.import_detail, name="monitoring-import"),
]
