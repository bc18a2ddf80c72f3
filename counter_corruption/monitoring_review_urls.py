"""Routes of the monitoring review: the alert queue, one alert, the rules, the watch list."""

from django.urls import path

from . import monitoring_views

urlpatterns: list = [
    path("", monitoring_views.alerts, name="monitoring-alerts"),
    path("alerts/<uuid:public_id>/", monitoring_views.alert, name="monitoring-alert"),
    path("rules/", monitoring_views.rules, name="monitoring-rules"),
    path("rules/<slug:code>/", monitoring_views.rule, name="monitoring-rule"),
    path("watch-list/", monitoring_views.watchlist, name="monitoring-watchlist"),
    path("watch-list/<uuid:public_id>/", monitoring_views.watch_entry, name="monitoring-watch-entry"),
]
